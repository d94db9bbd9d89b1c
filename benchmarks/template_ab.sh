#!/usr/bin/env bash
# A template edit that changes every page, on two sites built by two installs, alternated: each run gives the
# site's own templates/base.html (the theme's, copied) a new data-edit attribute on <body>.
#   benchmarks/template_ab.sh RUNS ROOT_A PYTHON_A ROOT_B PYTHON_B
set -euo pipefail
runs=$1
theme="$(dirname "$0")/../templates/base.html"
for r in $(seq 1 "$runs"); do
  for pair in "$2 $3" "$4 $5"; do
    set -- $pair
    mkdir -p "$1/templates"
    sed "s/<body/<body data-edit=\"$r-$(date +%s%N)\"/" "$theme" > "$1/templates/base.html"
    /usr/bin/time -f "$2 run $r: %e s wall %U+%S cpu %M KB" "$2" -m cseas_site --root "$1" --no-search --verbose \
      2>&1 | grep -E "Stages|wall"
  done
done
