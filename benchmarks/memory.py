"""The peak memory of each kind of process a build runs: the build itself, its forked workers, Pagefind.

    python benchmarks/memory.py -- cseas-build --root /work/bench/news100k/cseas

Runs the command and reads the resident set size (VmRSS) of it and of every process below it four times a
second; prints the peak of each kind and when the largest process grew by more than 40 MiB. `/usr/bin/time`
gives only the peak of the largest process (what the issue's target is about); this tells which process it is.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from collections import defaultdict


def parents() -> dict[int, list[int]]:
    """Each process's children, from /proc."""
    found: dict[int, list[int]] = defaultdict(list)
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[int(fields[1])].append(int(name))
    return found


def resident(pid: int) -> tuple[int, str] | None:
    """A process's resident set in MiB and its name, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            text = status.read()
        return int(text.split("VmRSS:")[1].split()[0]) // 1024, text.split("Name:")[1].split()[0]
    except (OSError, IndexError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the build to run, after --")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    started = time.perf_counter()
    build = subprocess.Popen(command)
    peaks: dict[str, int] = defaultdict(int)
    largest, shown = 0, 0
    while build.poll() is None:
        tree, todo = [], [build.pid]
        children = parents()
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, []))
        for pid in tree:
            found = resident(pid)
            if found is None:
                continue
            size, name = found
            kind = "build" if pid == build.pid else "pagefind" if "pagefind" in name else "worker"
            peaks[kind] = max(peaks[kind], size)
            largest = max(largest, size)
        if largest > shown + 40:
            print(f"{time.perf_counter() - started:7.1f} s: largest process {largest} MiB", flush=True)
            shown = largest
        time.sleep(0.25)
    print(f"exit {build.returncode} after {time.perf_counter() - started:.1f} s; peak RSS by kind (MiB): "
          + ", ".join(f"{kind} {size}" for kind, size in sorted(peaks.items())))  # fmt: skip


if __name__ == "__main__":
    main()
