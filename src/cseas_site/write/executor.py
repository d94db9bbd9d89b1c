"""Make and write output tasks, on every core: worker processes are forked, so they share the archive."""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..models import Task
from .writer import check_unique, write_file

PARALLEL_FROM = 400  # fewer tasks than this are quicker in one process than forking workers
_pending: Sequence[Task] = ()  # set before forking; workers read it by index


def _run(stage: str, indexes: range) -> None:
    for index in indexes:
        write_file(Path(stage), _pending[index].make())


def run_tasks(stage: Path, tasks: Sequence[Task], jobs: int) -> list[str]:
    """Check that no two tasks share a path, then make and write every task below stage."""
    global _pending
    paths = check_unique(tasks)
    if jobs <= 1 or len(tasks) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        _pending = tasks
        _run(str(stage), range(len(tasks)))
        return paths
    _pending = tasks
    try:
        # Interleaved slices balance cheap and costly pages; the written bytes do not depend on the order.
        slices = [range(start, len(tasks), jobs * 8) for start in range(jobs * 8)]
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            for future in [pool.submit(_run, str(stage), indexes) for indexes in slices]:
                future.result()  # re-raises a worker's SiteError or OSError here
    finally:
        _pending = ()
    return paths
