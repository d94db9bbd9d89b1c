"""Edits of one site timed with one install: the median of repeated builds after the same kind of change.

    python benchmarks/edit_series.py ROOT edit 9 [--search] [--article article-009990.md] [--python PY]
    python benchmarks/edit_series.py ROOT add 8        # content/added-zz.md added, then deleted, in turn
    (add-new, add-latest: a new article each run, as benchmarks/edit_ab.py describes)
    python benchmarks/edit_series.py ROOT none 5       # nothing changed
    python benchmarks/edit_series.py ROOT edit 9 --daemon   # through the build daemon (as at a terminal)
    python benchmarks/edit_series.py ROOT edit 9 --daemon --pause 3   # 3 s between a build and the next change

ROOT is a site built once by that install (its own copy of a corpus). Each run changes the site, then builds it
with ``PY -m cseas_site --verbose`` (``--no-search`` unless ``--search``; ``--no-daemon`` unless ``--daemon``:
then the first run starts the daemon and the others are built there), and is timed from the change to the
build's end. Prints the median wall and CPU time, the median of each stage the build prints, and every run.
To compare two installs side by side, use benchmarks/edit_ab.py.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from edit_ab import change  # the same changes as the side-by-side runs (this folder is on the path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("mode", choices=("edit", "add", "add-new", "add-latest", "none"))
    parser.add_argument("runs", type=int)
    parser.add_argument("--search", action="store_true")
    parser.add_argument("--article", default="article-000499.md", help="the file an edit appends a line to")
    parser.add_argument("--python", default=sys.executable, help="the install's interpreter")
    parser.add_argument("--daemon", action="store_true", help="build with --daemon (as at a terminal: daemon.py)")
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds to wait after each build, untimed (an editor between saves: a daemon's "
                             "collection and cache save are done by the next build); default 0, back to back")  # fmt: skip
    args = parser.parse_args()
    walls: list[float] = []
    cpus: list[float] = []
    stages: dict[str, list[float]] = {}
    for _ in range(args.runs):
        time.sleep(args.pause)
        if args.mode != "none":
            change(args.root, args.mode, args.article)
        before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        command = [args.python, "-m", "cseas_site", "--root", str(args.root), "--verbose"]
        command += ["--daemon"] if args.daemon else ["--no-daemon"]
        done = subprocess.run(command + ([] if args.search else ["--no-search"]), capture_output=True, text=True,
                              check=True)  # fmt: skip
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if "Stages:" in done.stdout:
            line = done.stdout.split("Stages:", 1)[1].splitlines()[0]
            for stage, seconds in re.findall(r"(\w[\w+]*) ([\d.]+) s", line):
                stages.setdefault(stage, []).append(float(seconds))
    medians = {stage: round(statistics.median(values), 3) for stage, values in stages.items()}
    what = f"{args.root.name} {args.mode} {'search' if args.search else 'no search'}{' daemon' * args.daemon}"
    what += f", {args.pause:g} s apart" if args.pause else ""
    print(f"{what}: median {statistics.median(walls):.3f} s, CPU {statistics.median(cpus):.3f} s; stages {medians}")
    print("runs", " ".join(f"{wall:.3f}" for wall in walls))


if __name__ == "__main__":
    main()
