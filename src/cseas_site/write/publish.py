"""The one way a site reaches its output folder. Every build (the first, a full one, an incremental one) brings
the stage tree beside the output to the new site and swaps it in with one atomic rename; see docs/incremental.md.

The stage is the standby tree, ``.NAME.standby`` beside the output: the previous site, kept after the last swap.
When the live tree is the one the last build recorded, only tasks whose key changed are made; a file whose
bytes the standby or the live tree already has is kept or hard-linked (so unchanged files keep their mtimes).
Otherwise the stage starts empty and every task is made.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import ne
from pathlib import Path

from ..archive.urls import SEARCH_BUNDLE
from ..models import Task
from ..output.keys import Group, Kept
from ..output.search_plan import SearchPlan
from .executor import Pieces, make_tasks
from .search_index import shard_keys, sync
from .trees import MARKER, MARKER_TEXT, Identity, Tree, Trees, identify, matches
from .writer import (
    OutputError,
    check_location,
    check_unique,
    discard,
    link_tree,
    put_file,
    read_tree,
    remove_file,
    remove_path,
    remove_stale,
    safe_join,
    swap,
    write_error,
)


@dataclass(frozen=True, slots=True)
class Published:
    """What a publish left: the trees to remember, and which files changed."""

    trees: Trees
    changed: tuple[str, ...]  # paths whose bytes differ from the last site's (every path after a full build)
    incremental: bool  # made on top of the last site: only the tasks whose key changed were made


def standby_dir(output: Path) -> Path:
    """Return the folder beside the output that holds the previous site, and where the next one is made."""
    return output.parent / f".{output.name}.standby"


def publish(
    output: Path,
    tasks: Sequence[Task],
    search: SearchPlan | None,
    previous: Trees | None,
    *,
    protected: Sequence[Path],
    force: bool = False,
    jobs: int = 1,
    groups: Mapping[str, Group] | None = None,
    kept: Sequence[Kept] = (),
    pieces: Pieces | None = None,
    search_pages: Path | None = None,
) -> Published:
    """Make the site's tasks (and its search index) and swap them in at ``output``; nothing is published when a
    task fails. Call it holding writer.output_lock (the pipeline holds it for the whole build). ``previous``:
    the trees the last build recorded, trusted only if they are still on disk; ``protected``: the site's root
    and the folders the build reads (see writer.check_location); ``groups``: the plan's task groups, recorded
    with the new site; ``kept``: the groups of tasks kept from the live site as a whole. Kept tasks (those, and
    Task.kept) are only accepted on top of that very site. ``pieces``: parts of pages kept between builds
    (cache/pieces.py); ``search_pages``: where the search index's pages are kept between builds (None: linked
    anew for each build; see search_index.sync)."""
    check_location(output, protected, force)
    check_unique(tasks, kept)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(output)
        return _publish(output, tasks, search, previous, jobs, groups or {}, kept, pieces, search_pages)
    except OSError as exc:
        raise write_error(output, exc) from None


def _publish(
    output: Path, tasks: Sequence[Task], search: SearchPlan | None, previous: Trees | None, jobs: int,
    groups: Mapping[str, Group], kept: Sequence[Kept], pieces: Pieces | None, search_pages: Path | None,
) -> Published:  # fmt: skip
    live = previous.live if previous is not None and matches(output, previous.live) else None
    before: Mapping[str, str] = live.hashes if live is not None else {}
    keys = {task.path: task.key for task in tasks}
    for group in kept:
        keys.update(zip(group.paths, group.keys, strict=True))
    todo = [task for task in tasks if live is None or live.keys.get(task.path) != task.key]
    if (kept and live is None) or any(task.is_kept for task in todo):  # planned on a live site now gone
        raise OutputError(f"{output} changed while the site was being built; build again")
    same_files = not todo and keys.keys() == before.keys()
    if previous is not None and live is not None and same_files and shard_keys(search, before) == live.shards:
        unchanged = Trees(dataclasses.replace(previous.live, groups=groups), previous.standby)
        return Published(unchanged, (), True)  # nothing to make: the stage is not even looked at
    stage = standby_dir(output)
    has, has_shards = _prepare(stage, output, live, previous.standby if previous is not None else None)
    try:
        made = make_tasks(stage, todo, jobs, [before, has], pieces)
    except BaseException:
        if live is None:
            discard(stage)  # a fresh stage is of no use to the next build; a standby is left unknown
        raise
    lost = before.keys() - keys.keys()  # the files the site no longer has
    target = dict(before)  # what the new site holds: the live site's files (a task not made kept its bytes) ...
    for path in lost:
        del target[path]
    target.update(made)  # ... but those it lost, with the files made
    if len(target) != len(keys):  # a task neither made nor in the live site: the last build's record is wrong
        unknown = sorted(keys.keys() - target.keys())
        raise OutputError(f"{output}: the last build's record lacks {unknown[0]}; build again with --no-cache")
    shards = shard_keys(search, target)
    changed = sorted([*(p for p, h in made.items() if before.get(p) != h), *lost])
    if live is not None and not changed and shards == live.shards:  # same bytes: only what tasks read changed
        standby = Tree(_seal(stage), has, {}, has_shards)
        return Published(Trees(dataclasses.replace(live, keys=keys, groups=groups), standby), (), True)
    _apply(output, stage, has, target, before)
    sync(
        stage,
        search,
        has_shards,
        shards,
        _in_tree(output, live),
        lambda page: page in before and before[page] == target[page],
        search_pages,
        jobs,
    )
    new = Tree(_seal(stage), target, keys, shards, groups)
    swap(stage, output)
    if live is None:  # the old output, if there was one, is the standby now, read as the next build will need it
        return Published(Trees(new, _standby(stage)), tuple(sorted(target)), False)
    # the old site is the standby now: the next build starts from its files (hashes); it is never compared with
    # a plan, so its task keys and groups are not kept (a third of what the cache reads at each build)
    return Published(Trees(new, dataclasses.replace(live, keys={}, groups={})), tuple(changed), True)


def ready_standby(output: Path, trees: Trees) -> Trees:
    """Make the standby tree now, as a copy of the live one (hard links), when it is missing: the next build
    then starts from it instead of copying the whole site first (5 s at 10,000 articles). Return the trees
    with it, or as they were when the live tree is not the recorded one or the standby is already there.
    Call it holding writer.output_lock; ``serve`` does after a full build, while it waits for an edit."""
    stage = standby_dir(output)
    if not matches(output, trees.live) or matches(stage, trees.standby):
        return trees
    try:
        hashes, shards = _prepare(stage, output, trees.live, None)
        return Trees(trees.live, Tree(_seal(stage), hashes, {}, shards))
    except OSError as exc:
        raise write_error(output, exc) from None


def _prepare(
    stage: Path, output: Path, live: Tree | None, standby: Tree | None
) -> tuple[dict[str, str], dict[str, str]]:
    """Ready the stage and return the digests of its files and its search shards. It is the standby tree when
    that is known; otherwise the folder that is there, read (writer.read_tree: the bytes of a standby are not
    trusted when the live tree is not the recorded one, as they may be shared with it); a copy of the live tree
    (hard links) when there is none, or an empty folder when there is no live tree either. Its marker is
    removed first: a build that stops before the swap leaves the stage unknown to the next."""
    if live is not None and matches(stage, standby):
        assert standby is not None
        remove_file(stage, MARKER)
        return standby.hashes, standby.shards
    if stage.is_dir() and not stage.is_symlink():  # a tree of ours that no record describes: read, not deleted
        remove_file(stage, MARKER)
        return read_tree(stage, leave=SEARCH_BUNDLE), {}
    remove_path(stage)
    if live is None:
        os.mkdir(stage)
        return {}, {}
    link_tree(output, stage, leave=MARKER)  # the stage gets its own marker when it is sealed
    return dict(live.hashes), dict(live.shards)


def _apply(
    output: Path, stage: Path, has: Mapping[str, str], target: Mapping[str, str], live: Mapping[str, str]
) -> None:
    """Link from the live tree every file the stage lacks that has the live bytes (the tasks wrote the others);
    remove what the site lost."""
    differing = compress(target.items(), map(ne, map(has.get, target.keys()), target.values()))  # C speed
    for path, wanted in differing:  # (a few after an edit, of 250,000 files at 100,000 articles)
        if live.get(path) == wanted:
            put_file(stage, path, link_to=safe_join(output, path))
    for path in sorted(has.keys() - target.keys()):
        remove_file(stage, path)


def _in_tree(output: Path, live: Tree | None) -> Callable[[str], tuple[Path, str] | None]:
    """Where the live tree has a search shard's folder, and that folder's key (None: it has none)."""

    def find(name: str) -> tuple[Path, str] | None:
        key = live.shards.get(name) if live is not None else None
        return None if key is None else (output / SEARCH_BUNDLE / name, key)

    return find


def _standby(stage: Path) -> Tree | None:
    """The tree an unrecorded output left at the stage's path when it was swapped out, read and sealed as the
    next build's standby (None: there was none, or it cannot be read, and is then deleted)."""
    if not stage.is_dir() or stage.is_symlink():
        return None
    try:
        remove_file(stage, MARKER)
        return Tree(_seal(stage), read_tree(stage, leave=SEARCH_BUNDLE), {}, {})
    except OSError:  # the site is published already: a standby that cannot be read is only a slower next build
        remove_path(stage)
        return None


def _seal(stage: Path) -> Identity:
    """Give the finished stage a new marker; its identity is what the next build will look for."""
    put_file(stage, MARKER, MARKER_TEXT)
    identity = identify(stage)
    assert identity is not None
    return identity
