"""Publish only what changed, still atomically: the previous tree is kept beside the output as a standby,
brought up to date (unchanged files are hard links, so their bytes and mtimes stay), then swapped in."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..models import OutputFile, Task
from .executor import digest, make_tasks
from .search_index import BUNDLE, SearchPlan, sync
from .state import BuildState, Tree
from .writer import (
    LOCK_WAIT_SECONDS,
    MARKER,
    build_lock,
    check_unique,
    exchange,
    link_tree,
    replace_file,
    safe_join,
    write_error,
)

SaveState = Callable[[BuildState], None]


def standby_dir(output: Path) -> Path:
    return output.parent / f".{output.name}.standby"


def _remove_file(tree: Path, relative: str) -> None:
    target = safe_join(tree, relative)
    if target.exists():
        target.unlink()
    parent = target.parent
    while parent != tree and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def _sync_search(
    live: Path, standby: Path, search: SearchPlan | None, state: BuildState, new: Tree, jobs: int
) -> dict[str, str]:
    """Bring the standby's search shards to the new pages: keep, link from the live tree, or index again."""
    if search is None:
        shutil.rmtree(standby / BUNDLE, ignore_errors=True)
        return {}
    assert state.live is not None and state.standby is not None
    live_shards = state.live.shards

    def in_live(name: str, key: str) -> Path | None:
        return live / BUNDLE / name if live_shards.get(name) == key else None

    return sync(standby, search, state.standby.shards, new.hashes, in_live, jobs)


def changed_tasks(tasks: Sequence[Task], state: BuildState) -> list[Task]:
    """The tasks whose pages may differ from the live tree: new paths, changed inputs, or unknown inputs."""
    assert state.live is not None
    live = state.live
    return [t for t in tasks if t.key is None or t.path not in live.hashes or live.keys.get(t.path) != t.key]


def publish_changes(
    output: Path,
    tasks: Sequence[Task],
    state: BuildState,
    save: SaveState,
    jobs: int,
    search: SearchPlan | None,
    notify: Callable[[str], None],
) -> list[str]:
    """Bring the standby tree to the new site and swap it in; return the paths whose bytes changed."""
    assert state.live is not None
    check_unique(tasks)
    live_hashes = state.live.hashes
    made: dict[str, OutputFile] = {}
    for item in make_tasks(changed_tasks(tasks, state), jobs):
        if live_hashes.get(item.path) != digest(item.data):
            made[item.path] = item
    wanted = {t.path for t in tasks}
    removed = sorted(set(live_hashes) - wanted)
    keys = {t.path: t.key for t in tasks}
    if not made and not removed:  # same bytes everywhere: only what the pages showed is remembered
        state.live.keys = keys
        save(state)
        return []
    target = {path: h for path, h in live_hashes.items() if path in wanted}
    target.update({path: digest(item.data) for path, item in made.items()})
    try:
        new = Tree(0, target, keys)
        _swap_changes(output, state, save, search, jobs, notify, new, made, removed)
    except OSError as exc:
        raise write_error(output, exc) from None
    return sorted([*made, *removed])


def _swap_changes(
    output: Path,
    state: BuildState,
    save: SaveState,
    search: SearchPlan | None,
    jobs: int,
    notify: Callable[[str], None],
    new: Tree,
    made: dict[str, OutputFile],
    removed: list[str],
) -> None:
    assert state.live is not None
    with build_lock(output.parent, LOCK_WAIT_SECONDS, notify):
        standby = _prepare_standby(output, state, save)
        _apply(output, standby, state.standby.hashes if state.standby else {}, new.hashes, made)
        new.shards = _sync_search(output, standby, search, state, new, jobs)
        new.inode = os.stat(standby).st_ino
        state.pending = new
        save(state)
        if not exchange(standby, output):  # pragma: no cover - systems without renameat2 rebuild in full
            raise OSError("atomic exchange of folders is not available")
        state.standby, state.live, state.pending = state.live, new, None
        state.standby.inode = os.stat(standby).st_ino
        # The caller saves the state next; a build killed before that is recovered from ``pending``.


def _prepare_standby(output: Path, state: BuildState, save: SaveState) -> Path:
    """Return the standby folder, recreated from the live tree when its state is unknown."""
    standby = standby_dir(output)
    known = state.standby is not None and standby.is_dir() and os.stat(standby).st_ino == state.standby.inode
    if not known:
        shutil.rmtree(standby, ignore_errors=True)
        link_tree(output, standby)
        assert state.live is not None
        state.standby = Tree(os.stat(standby).st_ino, dict(state.live.hashes), shards=dict(state.live.shards))
    current = state.standby
    state.standby = None  # while it is being changed, its content is unknown (a kill here is recovered next time)
    save(state)
    state.standby = current
    return standby


def _apply(
    output: Path, standby: Path, has: dict[str, str], target: dict[str, str], made: dict[str, OutputFile]
) -> None:
    for path, wanted_hash in target.items():
        if has.get(path) == wanted_hash:
            continue
        if path in made:
            replace_file(standby, path, made[path].data, None)
        else:
            replace_file(standby, path, None, safe_join(output, path))
    for path in _stale(has, target):
        _remove_file(standby, path)
    if not (standby / MARKER).exists():
        os.link(output / MARKER, standby / MARKER)


def _stale(has: dict[str, str], target: dict[str, str]) -> Iterable[str]:
    return sorted(set(has) - set(target))
