"""Make output tasks on every core and put their bytes into a tree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from ..digests import output_digest
from ..models import Task
from ..workers import Harvest, parallel_map
from .writer import put_file

PARALLEL_FROM = 400  # fewer tasks than this are quicker in one process than forking workers


class Pieces(Harvest, Protocol):
    """What tasks reuse from the last build and keep for the next (cache/pieces.Pieces)."""

    def ready(self) -> None:
        """Read what the last build kept (before workers are forked: they share it)."""


def make_tasks(
    tree: Path, tasks: Sequence[Task], jobs: int, present: Sequence[Mapping[str, str]], pieces: Pieces | None = None
) -> dict[str, str]:
    """Make every task and put its bytes into the tree, unless one of ``present`` (path -> digest: the tree's
    own files, the live site's) already has them, for the caller to keep or link. Return every made file's
    digest by path. Workers write, so the bytes never travel back to this process. ``pieces``: parts of pages
    kept between builds, read when there are PARALLEL_FROM tasks or more (workers hand back what they make)."""
    ordered, whole = batched(tasks, jobs)

    def make(index: int) -> tuple[str, str]:
        item = ordered[index].make()
        item_digest = output_digest(item.data)
        if all(known.get(item.path) != item_digest for known in present):
            put_file(tree, item.path, item.data, staged=True)  # the tree is the stage (publish.py)
        return item.path, item_digest

    if pieces is not None and len(ordered) >= PARALLEL_FROM:
        pieces.ready()
    return dict(parallel_map(make, len(ordered), jobs, "writing", PARALLEL_FROM, pieces, whole))


def batched(tasks: Sequence[Task], jobs: int) -> tuple[list[Task], list[range]]:
    """The tasks in the order the workers take them, and the runs one worker makes whole (parallel_map): each
    batch of tasks (models.Task.batch) first, as one run, so that what a process makes for them is made once.
    Each article's feed entry, made in the worker that made a feed showing it, was made 11,249 times for 7,809
    articles at 10,000 news articles, in runs of any worker. A batch longer than a worker's share of the tasks is
    cut into runs of that share, so that no worker is left with it while the others wait."""
    by_batch: dict[str, list[Task]] = {}
    for task in tasks:
        by_batch.setdefault(task.batch, []).append(task)
    share = -(-len(tasks) // max(1, jobs))
    ordered: list[Task] = []
    whole: list[range] = []
    for name in sorted(by_batch.keys() - {""}):
        start = len(ordered)
        ordered += by_batch[name]
        whole += [range(at, min(at + share, len(ordered))) for at in range(start, len(ordered), share)]
    ordered += by_batch.get("", [])
    return ordered, whole
