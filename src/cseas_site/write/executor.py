"""Make output tasks on every core: worker processes are forked, so they share the archive and theme."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

from .. import progress
from ..models import Task
from ..workers import can_fork, fork_pool
from .writer import check_unique, replace_file, write_file

PARALLEL_FROM = 400  # fewer tasks than this are quicker in one process than forking workers
_pending: Sequence[Task] = ()  # set before forking; workers read it by index
_present: Sequence[Mapping[str, str]] = ()  # for update_tasks: digests of files already in place (as _pending)
Result = TypeVar("Result")


def digest(data: bytes) -> str:
    """Digest of a file's bytes, to tell whether it changed."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _write_range(stage: str, indexes: range) -> list[tuple[str, str]]:
    written = []
    for index in indexes:
        item = _pending[index].make()
        write_file(Path(stage), item)
        written.append((item.path, digest(item.data)))
    return written


def _update_range(tree: str, indexes: range) -> list[tuple[str, str]]:
    made = []
    for index in indexes:
        item = _pending[index].make()
        item_digest = digest(item.data)
        if all(known.get(item.path) != item_digest for known in _present):
            replace_file(Path(tree), item.path, item.data, None)
        made.append((item.path, item_digest))
    return made


def _spread(tasks: Sequence[Task], jobs: int, work: Callable[[range], list[Result]]) -> list[Result]:
    """Run ``work`` over interleaved slices of the tasks, in forked workers when it pays."""
    global _pending
    _pending = tasks
    try:
        if jobs <= 1 or len(tasks) < PARALLEL_FROM or not can_fork():
            return work(range(len(tasks)))
        # Interleaved slices balance cheap and costly pages; the bytes do not depend on the order.
        slices = [range(start, len(tasks), jobs * 8) for start in range(jobs * 8)]
        from concurrent.futures import as_completed  # here, as in workers.fork_pool: imported when used

        results: list[Result] = []
        with fork_pool(jobs) as pool, progress.bar("writing", len(tasks)) as shown:
            futures = {pool.submit(work, indexes): len(indexes) for indexes in slices}
            for future in as_completed(futures):
                results += future.result()  # re-raises a worker's SiteError or OSError here
                shown.update(futures[future])
        return results
    finally:
        _pending = ()


def run_tasks(stage: Path, tasks: Sequence[Task], jobs: int) -> dict[str, str]:
    """Check that no two tasks share a path, then make and write every task below stage; return the digests."""
    check_unique(tasks)
    written = _spread(tasks, jobs, partial(_write_range, str(stage)))
    return dict(written)


def update_tasks(tree: Path, tasks: Sequence[Task], jobs: int, present: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """Make every task and put its bytes into an existing tree, unless one of ``present`` (path -> digest, e.g.
    the tree's own files and the live site's) already has them: the caller links those. Return the digests.
    Files are replaced through a rename, never written into: they may be hard links the live site shares."""
    global _present
    _present = present
    try:
        return dict(_spread(tasks, jobs, partial(_update_range, str(tree))))
    finally:
        _present = ()
