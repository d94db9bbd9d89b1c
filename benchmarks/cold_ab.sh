#!/usr/bin/env bash
# Cold builds (no search) of two installs, alternated: each on its own copy of a corpus, whose output, standby
# and cache are moved aside (a rename, never a deletion just before a run: see RESULTS.md) 20 s before it.
#   benchmarks/cold_ab.sh RUNS ROOT_A PYTHON_A ROOT_B PYTHON_B TRASH
# e.g. benchmarks/cold_ab.sh 3 /work/bench/cold-a /work/cseas-s15/bin/python \
#        /work/bench/cold-b /work/cseas-new/bin/python /work/bench/trash   (then delete TRASH)
set -euo pipefail
runs=$1; trash=$6
pairs=("$2 $3" "$4 $5")
mkdir -p "$trash"
for r in $(seq 1 "$runs"); do
  for pair in "${pairs[@]}"; do
    read -r root python <<< "$pair"
    for d in build .build.standby .cseas-cache; do
      if [ -e "$root/$d" ]; then mv "$root/$d" "$trash/$(basename "$root")-$d-$r-$RANDOM"; fi
    done
    sleep 20
    /usr/bin/time -f "$python run $r: %e s wall %U+%S cpu %M KB" "$python" -m cseas_site --root "$root" --no-search \
      --verbose 2>&1 | grep -E "Stages|wall"
  done
done
