"""What the last build knew, kept in a cache folder (ROOT/.cseas-cache/ by default; pickled; safe to delete)."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA = 3
CACHE_DIR = ".cseas-cache"
STATE_FILE = "state.pickle"  # the trees: small, saved at each step of a publish
SOURCES_FILE = "sources.pickle"  # the parse results: large, saved once at the end of a build


@dataclass
class Tree:
    """One output tree on disk: its folder's inode and the digest of every file the build wrote."""

    inode: int
    hashes: dict[str, str]
    keys: dict[str, str | None] = field(default_factory=dict)  # path -> digest of what its page showed
    shards: dict[str, str] = field(default_factory=dict)  # search index shard -> digest of its pages


@dataclass
class BuildState:
    """Everything an incremental build compares against."""

    options: str = ""  # digest of the package version, config, theme, static files and build options
    parse: str = ""  # digest of what parse results depend on besides the files (package code, config)
    chrome: str = ""  # digest of what every page shows from the content (see incremental.chrome_key)
    fingerprint: str = ""  # digest of every content file's name, size and modification time
    next_due: float | None = None  # when the earliest future-dated article becomes due (epoch seconds)
    sources: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # path -> (stat, Parsed with its digest)
    live: Tree | None = None
    standby: Tree | None = None  # the previous tree, kept beside the output to be updated next time
    pending: Tree | None = None  # the tree about to be swapped in (a build killed after the swap is recovered)
    schema: int = SCHEMA

    def live_tree(self, inode: int | None) -> Tree | None:
        """Return the state of the tree that is really at the output now, if the state knows it."""
        if inode is None:
            return None
        if self.live is not None and self.live.inode == inode:
            return self.live
        if self.pending is not None and self.pending.inode == inode:  # killed between swap and save
            self.standby, self.live, self.pending = self.live, self.pending, None
            return self.live
        return None


def _read(file: Path) -> Any:
    try:
        with open(file, "rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def load_state(folder: Path) -> BuildState:
    """Read the state of the last build (without the parse results); a missing, old or damaged cache: empty."""
    state = _read(folder / STATE_FILE)
    return state if isinstance(state, BuildState) and state.schema == SCHEMA else BuildState()


def load_sources(folder: Path, state: BuildState) -> None:
    """Read the last build's parse results, only when some file changed (it is the large part of the cache)."""
    sources = _read(folder / SOURCES_FILE)
    state.sources = sources if isinstance(sources, dict) else {}


def _write(file: Path, value: Any) -> None:
    """Pickle to a temporary file renamed over the old one: never half a file."""
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=file.parent, prefix=".state-")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, file)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def save_state(folder: Path, state: BuildState) -> None:
    """Save the trees and options (cheap; done at each step of a publish)."""
    sources, state.sources = state.sources, {}
    try:
        _write(folder / STATE_FILE, state)
    finally:
        state.sources = sources


def save_sources(folder: Path, state: BuildState) -> None:
    """Save the parse results (large; once per build). A stale file only costs a re-parse: stats are checked."""
    _write(folder / SOURCES_FILE, state.sources)
