#!/usr/bin/env bash
# A template edit that changes every page (the site's own base.html gets a new data-edit attribute on <body>, as in
# template_ab.sh) against Hugo's full build of the same corpus, alternated; the issue's target is the edit in half
# the time of Hugo's full build or less. Hugo's last output is moved aside before each of its runs (a build right
# after deleting 50,000 files pays for the deletion: see run.py) and deleted at the end.
#   benchmarks/template_hugo.sh RUNS ROOT PYTHON HUGO_SITE HUGO_BINARY
set -euo pipefail
runs=$1 root=$2 python=$3 site=$4 hugo=$5
theme="$(dirname "$0")/../templates/base.html"
trash="$site/.trash-template-hugo"
mkdir -p "$root/templates" "$trash"
for r in $(seq 1 "$runs"); do
  for dir in public resources; do
    if [ -e "$site/$dir" ]; then mv "$site/$dir" "$trash/$dir-$r-$(date +%s%N)"; fi
  done
  /usr/bin/time -f "hugo run $r: %e s wall %U+%S cpu %M KB" "$hugo" --quiet --source "$site" 2>&1 | grep wall
  sed "s/^<body/<body data-edit=\"$r-$(date +%s%N)\"/" "$theme" > "$root/templates/base.html"
  /usr/bin/time -f "cseas template edit run $r: %e s wall %U+%S cpu %M KB" "$python" -m cseas_site --root "$root" \
    --no-search --verbose 2>&1 | grep -E "Stages|wall"
done
rm -rf "$trash"
