"""Edits timed in two installs of cseas-site side by side, with the stages each build prints (--verbose).

    python benchmarks/edit_ab.py --runs 9 --mode edit \
        /work/bench/news10k/cseas-nosearch /work/cseas-new/bin/python \
        /work/bench/news10k/cseas-base-nosearch /work/cseas-old/bin/python

Each root is a site one install has built (its own copy of the corpus: the two never share a cache). Each run
edits both sites the same way, then builds one, then the other (A B A B). ``--mode edit`` appends a line to
content/article-000499.md (or ``--article``: article-004656.md is the news corpus's newest, in a dozen feeds).
``--mode add`` adds content/added-zz.md on odd runs and deletes it on even ones (so each build's standby tree,
two builds old, already holds the pages it shifts back: see write/publish.py); ``--mode add-new`` adds a new
article each run (content/added-new-NNNN.md, each newer than the last, all dated in May 2024: the middle of
the news corpus, so every list page newer than it shifts, whatever the pagination); ``--mode add-latest`` the
same, each dated after every other article (from 2026: the newest, as an editor publishes today's report).
``--search`` builds with the search index. Prints each install's median wall time and CPU time (user and
system, the build and its workers), the median of each stage, and every run's time.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import time
from datetime import datetime, timedelta
from pathlib import Path

ADDED = (
    "---\ntitle: Added ZZ\ndate: 2024-05-05 10:00\nslug: added-zz\ntags: [Topic 001]\ncategory: Analysis\n"
    "source: Agency A News\n---\nAdded body.\n"
)


def change(root: Path, mode: str, article: str) -> None:
    if mode == "edit":
        with open(root / "content" / article, "a", encoding="utf-8") as file:
            file.write(f"\nEdited {time.time()}.\n")
        return
    if mode in ("add-new", "add-latest"):  # a new article each run, a minute after the last: the lists shift again
        stem = "added-new" if mode == "add-new" else "added-latest"
        number = len(list((root / "content").glob(f"{stem}-*.md")))
        text = ADDED.replace("added-zz", f"{stem}-{number:04d}").replace("Added ZZ", f"Added {number}")
        start = datetime(2024, 5, 5, 10, 0) if mode == "add-new" else datetime(2026, 1, 1, 10, 0)
        when = start + timedelta(minutes=number)  # (past 23:59: the next day, still newer)
        text = text.replace("2024-05-05 10:00", when.strftime("%Y-%m-%d %H:%M"))
        (root / "content" / f"{stem}-{number:04d}.md").write_text(text, encoding="utf-8")
        return
    added = root / "content/added-zz.md"
    if added.exists():
        added.unlink()
    else:
        added.write_text(ADDED, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--mode", choices=("edit", "add", "add-new", "add-latest"), default="edit")
    parser.add_argument("--article", default="article-000499.md", help="the file --mode edit appends a line to")
    parser.add_argument("--search", action="store_true", help="build with the search index (default: --no-search)")
    parser.add_argument("sites", nargs=4, metavar="ROOT PYTHON", help="two pairs: a site's root, its install's python")
    args = parser.parse_args()
    pairs = [(Path(args.sites[0]), args.sites[1]), (Path(args.sites[2]), args.sites[3])]
    walls: list[list[float]] = [[], []]
    cpus: list[list[float]] = [[], []]
    stages: list[dict[str, list[float]]] = [{}, {}]
    for _ in range(args.runs):
        for index, (root, python) in enumerate(pairs):
            change(root, args.mode, args.article)
            used, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
            command = [python, "-m", "cseas_site", "--root", str(root), "--verbose"]
            done = subprocess.run(command + ([] if args.search else ["--no-search"]), capture_output=True, text=True,
                                  check=True)  # fmt: skip
            walls[index].append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[index].append(after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime)
            line = done.stdout.split("Stages:", 1)[1].splitlines()[0]
            for stage, seconds in re.findall(r"(\w[\w+]*) ([\d.]+) s", line):
                stages[index].setdefault(stage, []).append(float(seconds))
    for index, (_, python) in enumerate(pairs):
        parts = " ".join(f"{stage} {statistics.median(values):.3f}" for stage, values in stages[index].items())
        runs = [round(wall, 3) for wall in walls[index]]
        cpu = statistics.median(cpus[index])
        print(f"{python}: median {statistics.median(walls[index]):.3f} s, CPU {cpu:.3f} s ({parts}); runs {runs}")


if __name__ == "__main__":
    main()
