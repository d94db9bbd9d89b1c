"""Make output tasks on every core and put their bytes into a tree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ..digests import output_digest
from ..models import Task
from ..workers import parallel_map
from .writer import put_file

PARALLEL_FROM = 400  # fewer tasks than this are quicker in one process than forking workers


def make_tasks(tree: Path, tasks: Sequence[Task], jobs: int, present: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """Make every task and put its bytes into the tree, unless one of ``present`` (path -> digest: the tree's
    own files, the live site's) already has them, for the caller to keep or link. Return every made file's
    digest by path. Workers write, so the bytes never travel back to this process."""

    def make(index: int) -> tuple[str, str]:
        item = tasks[index].make()
        item_digest = output_digest(item.data)
        if all(known.get(item.path) != item_digest for known in present):
            put_file(tree, item.path, item.data)
        return item.path, item_digest

    return dict(parallel_map(make, len(tasks), jobs, "writing", PARALLEL_FROM))
