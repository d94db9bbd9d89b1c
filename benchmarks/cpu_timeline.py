"""How many cores a command keeps busy over its run: the machine's CPU use, sampled every 0.1 s.

    python benchmarks/cpu_timeline.py python -m cseas_site --root SITE --no-search

Runs the command and prints, for each half second, the cores busy on average (user and system time of every
process of the machine, from /proc/stat: run it on a quiet machine), then the wall time and the idle
core-seconds (cores times wall time, less the time busy). Where a build leaves a core idle (a stage that runs
in one process, the last runs of a parallel stage) shows as less than the machine's count of cores. Linux only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def busy_and_total() -> tuple[int, int]:
    """Jiffies the machine's CPUs were busy and in all (idle and I/O wait count as idle)."""
    with open("/proc/stat", encoding="ascii") as stat:
        values = list(map(int, stat.readline().split()[1:]))
    return sum(values) - values[3] - values[4], sum(values)


def main() -> None:
    cores = os.cpu_count() or 1
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    started, last = time.perf_counter(), busy_and_total()
    samples: list[tuple[float, float]] = []
    while process.poll() is None:
        time.sleep(0.1)
        now = busy_and_total()
        total = now[1] - last[1]
        samples.append((time.perf_counter() - started, cores * (now[0] - last[0]) / total if total else 0.0))
        last = now
    halves: dict[int, list[float]] = {}
    for at, busy in samples:
        halves.setdefault(int(at * 2), []).append(busy)
    cells = [f"{half / 2:5.1f}s {sum(values) / len(values):4.2f}" for half, values in sorted(halves.items())]
    for row in range(0, len(cells), 6):
        print("  ".join(cells[row : row + 6]))
    wall = time.perf_counter() - started
    idle = sum((cores - busy) * 0.1 for _, busy in samples)
    print(f"wall {wall:.2f} s, idle core-seconds {idle:.2f} (exit status {process.returncode})")


if __name__ == "__main__":
    main()
