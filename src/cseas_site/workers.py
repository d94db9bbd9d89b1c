"""Worker processes for parsing and rendering: forked (they share what the parent loaded) and never orphaned;
the same tie for the programs a build runs (Pagefind)."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when a pool is made: an incremental build often needs none
    from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1
try:  # looked up here, not in a child between fork and exec, where only simple calls are safe
    _PRCTL: Any = ctypes.CDLL(None).prctl
except (OSError, AttributeError):  # not Linux: children may outlive a killed build
    _PRCTL = None


def can_fork() -> bool:
    """Whether this system can fork workers (not Windows)."""
    return hasattr(os, "fork")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a build makes its records, which hold no cycles: on 10,000 articles
    its passes over the loaded cache cost a tenth of an incremental build. Then the records are frozen (left
    out of later passes, still freed as usual) so they are not all scanned at the first pass after. The last
    build's frozen objects are unfrozen and collected first, so a long-running `serve` collects their cycles
    (a Jinja environment has some).
    Workers turn the collector back on."""
    was_on = gc.isenabled()
    if gc.get_freeze_count():  # a long-running `serve`: what the last build froze may be garbage by now
        gc.unfreeze()
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()


def tie_to(parent: int) -> None:
    """Run in a new child process: it gets SIGKILL when ``parent`` (the build) dies, even by SIGKILL, and
    exits at once if the build already died. Also for subprocess's preexec_fn: only a system call."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the build was killed between the fork and the line above
        os._exit(1)


def _start_worker(parent: int) -> None:
    """A worker is tied to its build; rendering makes short-lived cycles (Jinja contexts), so it collects them."""
    tie_to(parent)
    gc.enable()


def fork_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` forked workers that end with their parent."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
