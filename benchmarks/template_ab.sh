#!/usr/bin/env bash
# A template edit that changes every page, on two sites built by two installs, alternated: each run gives the
# site's own templates/base.html (the theme's, copied) a new data-edit attribute on <body>.
#   benchmarks/template_ab.sh RUNS ROOT_A PYTHON_A ROOT_B PYTHON_B
set -euo pipefail
runs=$1
pairs=("$2 $3" "$4 $5")  # (kept: the loop below sets the positional parameters to one pair at a time)
theme="$(dirname "$0")/../templates/base.html"
for r in $(seq 1 "$runs"); do
  for pair in "${pairs[@]}"; do
    read -r root python <<< "$pair"
    mkdir -p "$root/templates"
    sed "s/^<body/<body data-edit=\"$r-$(date +%s%N)\"/" "$theme" > "$root/templates/base.html"
    /usr/bin/time -f "$python run $r: %e s wall %U+%S cpu %M KB" "$python" -m cseas_site --root "$root" --no-search \
      --verbose 2>&1 | grep -E "Stages|wall"
  done
done
