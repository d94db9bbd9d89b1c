"""Worker processes for parsing and rendering: forked (they share what the parent loaded) and never orphaned."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a pool is made: an incremental build often needs none
    from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether this system can fork workers (not Windows)."""
    return hasattr(os, "fork")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a build makes its records, which hold no cycles: on 10,000 articles
    its passes over the loaded cache cost a tenth of an incremental build. Workers turn it back on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _start_worker() -> None:
    """Linux: a worker gets SIGKILL when the build that forked it dies, even by SIGKILL. Rendering makes
    short-lived cycles (Jinja contexts), so a worker collects them as usual."""
    gc.enable()
    with contextlib.suppress(OSError, AttributeError):  # not Linux: workers may outlive a killed build
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def fork_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` forked workers that end with their parent."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker
    )
