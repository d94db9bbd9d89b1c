"""Work spread over every core: forked workers (they share what the parent loaded) that are never orphaned;
the same tie for the programs a build runs (Pagefind)."""

from __future__ import annotations

import ctypes
import gc
import os
import signal
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from . import progress

if TYPE_CHECKING:  # imported when a pool is made: an incremental build often needs none
    from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1
try:  # looked up here, not in a child between fork and exec, where only simple calls are safe
    _LIBC: Any = ctypes.CDLL(None)
except OSError:
    _LIBC = None
_PRCTL: Any = getattr(_LIBC, "prctl", None)  # None where not Linux: children may outlive a killed build
_MALLOC_TRIM: Any = getattr(_LIBC, "malloc_trim", None)  # None where not glibc: nothing is given back
# Runs of items handed to the workers, per worker: each takes the next run when it is done with one, so costly and
# cheap runs even out; a run is of items next to each other, because what a worker makes for one item often
# serves the items beside it: a list's Atom and RSS feeds are planned next to each other and show the same
# bodies, made once per worker (interleaved, the two were in different slices, most often in different workers;
# in an archive of up to feeds.BATCH_MOST articles, all the feeds are one run of one worker, so that each body
# is made once a build: write/executor.batched).
# Against 16 interleaved slices, a cold build of 10,000 news articles without search took 39.1 s of user CPU
# against 39.8 s (medians of 4 alternated runs), and its largest worker peaked 12-16 MiB higher.
RUNS_PER_JOB = 32
# The last runs are shorter: each at most this fraction of what is left per worker. With runs of one length, the
# last second of a cold build of 10,000 news articles ran on one core while the other stood idle (the machine's
# CPU use sampled every 0.1 s); with the shorter tail both finish together (see benchmarks/RESULTS.md).
TAIL_SHARE = 2
Result = TypeVar("Result")


def runs(count: int, jobs: int) -> list[range]:
    """Items 0 to ``count - 1`` cut into runs of consecutive items for ``jobs`` workers: RUNS_PER_JOB runs per
    worker, until what is left is less than TAIL_SHARE runs per worker; from there each run is at most a
    TAIL_SHARE-th of what is left per worker, so the runs shrink to one item and the workers finish together."""
    size = -(-count // (jobs * RUNS_PER_JOB))
    found: list[range] = []
    start = 0
    while start < count:
        length = min(size, -(-(count - start) // (jobs * TAIL_SHARE)))
        found.append(range(start, start + length))
        start += length
    return found


_work: Callable[[int], Any] | None = None  # set before forking; workers call it by index
_harvest: Harvest | None = None  # likewise: what workers hand back beside their results


class Harvest(Protocol):
    """What workers make beside their results and hand back to the build (cache/pieces.Pieces: the pieces of
    pages they made, kept for the next build)."""

    def take(self) -> Any:
        """In a worker, after each run of items: what it made since the last take."""

    def give(self, taken: Any) -> None:
        """In the build: keep what a worker took."""


def can_fork() -> bool:
    """Whether this system can fork workers (not Windows)."""
    return hasattr(os, "fork")


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


def give_back_freed() -> None:
    """Hand the pages the C heap holds free back to the system (glibc's ``malloc_trim``; elsewhere nothing).
    What a build let go of (the parse results, once its records are made) stays in its resident set otherwise,
    and every worker forked from it maps all of it: at 30,000 news articles the build held 289 MiB after
    planning and 243 MiB trimmed, and its largest process peaked at 427 MiB, against 459-473 MiB untrimmed."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def fork_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` forked workers that end with their parent; what the parent holds free is given back
    first (give_back_freed)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    give_back_freed()
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )


def _run_slice(indexes: range) -> tuple[list[tuple[int, Any]], Any]:
    assert _work is not None
    results = [(index, _work(index)) for index in indexes]
    return results, _harvest.take() if _harvest is not None else None


def parallel_map(
    work: Callable[[int], Result], count: int, jobs: int, label: str, parallel_from: int,
    harvest: Harvest | None = None, whole: Sequence[range] = (),
) -> list[Result]:  # fmt: skip
    """Return ``[work(0), ..., work(count - 1)]``, on ``jobs`` forked workers when there are at least
    ``parallel_from`` items (below that, forking costs more than it saves). ``work`` is called by index, so
    what it reads (tasks holding closures, say) is shared by the fork, never pickled; its results are pickled
    back, with what ``harvest`` takes in the worker after each run of items. ``whole``: runs that one worker
    makes at once, handed out first (they must cover items 0 to some n, in order; the rest are cut by
    ``runs``). A worker's exception (a SiteError, an OSError) is raised here. A progress bar shows ``label``."""
    global _work, _harvest
    if jobs <= 1 or count < parallel_from or not can_fork():
        with progress.bar(label, count) as shown:
            results = []
            for index in range(count):
                results.append(work(index))
                shown.update(1)
            return results
    from concurrent.futures import as_completed  # here, as in fork_pool: imported when used

    _work, _harvest = work, harvest
    try:
        start = whole[-1].stop if whole else 0
        slices = [*whole, *(range(start + run.start, start + run.stop) for run in runs(count - start, jobs))]
        gathered: list[Any] = [None] * count
        with fork_pool(jobs) as pool, progress.bar(label, count) as shown:
            futures = {pool.submit(_run_slice, indexes): len(indexes) for indexes in slices}
            for future in as_completed(futures):
                made, taken = future.result()
                for index, result in made:
                    gathered[index] = result
                if harvest is not None:
                    harvest.give(taken)
                shown.update(futures.pop(future))  # a done run's results are let go of (a harvest is large)
        return gathered
    finally:
        _work, _harvest = None, None
