"""Publish only what changed, still atomically: the previous tree is kept beside the output as a standby,
brought up to date (unchanged files are hard links, so their bytes and mtimes stay), then swapped in."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import SiteError
from ..models import Task
from .executor import digest, update_tasks
from .search_index import BUNDLE, SearchPlan, sync
from .state import BuildState, Store, Tree
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
    store: Store,
    jobs: int,
    search: SearchPlan | None,
    notify: Callable[[str], None],
    everything: bool = False,
) -> list[str]:
    """Bring the standby tree to the new site and swap it in; return the paths whose bytes changed.

    Only tasks whose inputs changed are made (all of them when ``everything``: the theme or options changed);
    a made file whose bytes are those of the live site is linked from it, so its mtime stays."""
    assert state.live is not None
    check_unique(tasks)
    live_hashes = state.live.hashes
    todo = list(tasks) if everything else changed_tasks(tasks, state)
    wanted = {t.path for t in tasks}
    removed = sorted(set(live_hashes) - wanted)
    keys = {t.path: t.key for t in tasks}
    if not todo and not removed:
        state.live.keys = keys
        return []
    try:
        with build_lock(output.parent, LOCK_WAIT_SECONDS, notify):
            standby = _prepare_standby(output, state, store)
            assert state.standby is not None
            has = state.standby.hashes
            try:
                made = update_tasks(standby, todo, jobs, [live_hashes, has])
            except SiteError:  # e.g. a template mistake: nothing is published
                if _undo(output, standby, todo, has, live_hashes):
                    store.save(state)  # still the last build's state, with its standby: the next build reuses it
                raise
            target = {path: h for path, h in live_hashes.items() if path in wanted}
            target.update(made)
            changed = sorted([*(p for p, h in made.items() if live_hashes.get(p) != h), *removed])
            if not changed:  # same bytes everywhere: the standby was not touched, only what pages showed changed
                state.live.keys = keys
                return []
            _apply(output, standby, has, target, live_hashes)
            new = Tree(0, target, keys)
            new.shards = _sync_search(output, standby, search, state, new, jobs)
            new.inode = os.stat(standby).st_ino
            if not exchange(standby, output):  # pragma: no cover - systems without renameat2 rebuild in full
                raise OSError("atomic exchange of folders is not available")
            state.standby, state.live = state.live, new
            state.standby.inode = os.stat(standby).st_ino
    except OSError as exc:
        raise write_error(output, exc) from None
    return changed  # the caller saves the state, which ends the standby's change (see Store)


def _prepare_standby(output: Path, state: BuildState, store: Store) -> Path:
    """Return the standby folder, recreated from the live tree when its state is unknown; from here until
    the next save, the standby's recorded state is void (a build killed meanwhile leaves it unknown)."""
    standby = standby_dir(output)
    known = state.standby is not None and standby.is_dir() and os.stat(standby).st_ino == state.standby.inode
    store.changing_standby()
    if not known:
        shutil.rmtree(standby, ignore_errors=True)
        link_tree(output, standby)
        assert state.live is not None
        state.standby = Tree(os.stat(standby).st_ino, dict(state.live.hashes), shards=dict(state.live.shards))
    return standby


def _undo(output: Path, standby: Path, todo: Sequence[Task], has: dict[str, str], live: dict[str, str]) -> bool:
    """After a failed build, put back the standby's files that tasks may have replaced; False if one cannot be
    (it held an older page than the live site's), and the standby stays unknown."""
    for task in todo:
        file = safe_join(standby, task.path)
        if task.path not in has:
            _remove_file(standby, task.path)  # made by this build, with any folder made for it
        elif not file.is_file() or digest(file.read_bytes()) != has[task.path]:
            if has[task.path] != live.get(task.path):
                return False
            replace_file(standby, task.path, None, safe_join(output, task.path))
    return True


def _apply(output: Path, standby: Path, has: dict[str, str], target: dict[str, str], live: dict[str, str]) -> None:
    """Link from the live tree every file the standby lacks that has the live bytes (update_tasks wrote the
    others); remove what the site lost."""
    for path, wanted_hash in target.items():
        if has.get(path) != wanted_hash and live.get(path) == wanted_hash:
            replace_file(standby, path, None, safe_join(output, path))
    for path in sorted(set(has) - set(target)):
        _remove_file(standby, path)
    if not (standby / MARKER).exists():
        os.link(output / MARKER, standby / MARKER)
