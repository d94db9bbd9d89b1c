"""Worker processes for parsing and rendering: forked (they share what the parent loaded) and never orphaned."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether this system can fork workers (not Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _die_with_parent() -> None:
    """Linux: a worker gets SIGKILL when the build that forked it dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: workers may outlive a killed build
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def fork_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` forked workers that end with their parent."""
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=multiprocessing.get_context("fork"), initializer=_die_with_parent
    )
