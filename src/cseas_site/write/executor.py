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

    def make(index: int) -> tuple[str, str]:
        item = tasks[index].make()
        item_digest = output_digest(item.data)
        if all(known.get(item.path) != item_digest for known in present):
            put_file(tree, item.path, item.data, staged=True)  # the tree is the stage (publish.py)
        return item.path, item_digest

    if pieces is not None and len(tasks) >= PARALLEL_FROM:
        pieces.ready()
    return dict(parallel_map(make, len(tasks), jobs, "writing", PARALLEL_FROM, pieces))
