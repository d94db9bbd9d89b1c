"""The peak resident set (VmHWM) of a command and of each process it forks, polled every 20 ms.

    python benchmarks/peak.py /work/cseas-s15/bin/python -m cseas_site --root SITE --no-search

Prints the command's own peak and its four largest descendants', in MiB (/usr/bin/time gives only the largest).
A process that lives less than 20 ms may be missed.
"""

from __future__ import annotations

import subprocess
import sys
import time


def peak_mib(pid: int) -> int | None:
    """The process's peak resident set so far, in MiB; None once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


def descendants(pid: int) -> list[int]:
    """The process's children, theirs, and so on (a build's workers, Pagefind)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as listed:
            found = [int(child) for child in listed.read().split()]
    except OSError:
        return []
    return [*found, *(grandchild for child in found for grandchild in descendants(child))]


def main() -> None:
    command = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    peaks: dict[int, int] = {}
    while command.poll() is None:
        for pid in [command.pid, *descendants(command.pid)]:
            found = peak_mib(pid)
            if found:
                peaks[pid] = max(peaks.get(pid, 0), found)
        time.sleep(0.02)
    others = sorted((peak for pid, peak in peaks.items() if pid != command.pid), reverse=True)
    print(f"command {peaks.get(command.pid)} MiB; largest descendants {others[:4]} MiB (exit {command.returncode})")


if __name__ == "__main__":
    main()
