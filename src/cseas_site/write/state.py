"""What the last build knew, kept in a cache folder (ROOT/.cseas-cache/ by default; pickled; safe to delete)."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA = 4
CACHE_DIR = ".cseas-cache"
STATE_FILE = "state.pickle"  # the options and trees: saved once a build has published
CHANGING_FILE = "standby.changing"  # there while a build changes the standby tree: its recorded state is void
SOURCES_DIR = "sources"  # the parse results, large, in BUCKETS files by path: an edit rewrites one of them
BUCKETS = 64
COMPILED_DIR = "templates"  # compiled Jinja templates (see output.render.Renderer)
Sources = dict[str, tuple[Any, Any]]  # content path -> (stat, Parsed)
OLD_FILES = ("sources.pickle",)  # what earlier versions kept here (all parse results in one file)


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
    sources: Sources = field(default_factory=dict)  # path -> (stat, Parsed with its digest); not in STATE_FILE
    live: Tree | None = None
    standby: Tree | None = None  # the previous tree, kept beside the output to be updated next time
    schema: int = SCHEMA

    def live_tree(self, inode: int | None) -> Tree | None:
        """Return the state of the tree that is really at the output now, if the state knows it (a build
        killed after its swap but before saving left another tree there: the next build is a full one)."""
        if inode is None or self.live is None or self.live.inode != inode:
            return None
        return self.live


def _read(file: Path) -> Any:
    try:
        with open(file, "rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def load_state(folder: Path) -> BuildState:
    """Read the state of the last build (without the parse results); a missing, old or damaged cache: empty."""
    state = _read(folder / STATE_FILE)
    if not isinstance(state, BuildState) or state.schema != SCHEMA:
        return BuildState()
    if (folder / CHANGING_FILE).exists():  # a build was killed while changing the standby tree
        state.standby = None
    return state


def _bucket(path: str) -> int:
    return zlib.crc32(path.encode("utf-8")) % BUCKETS


def load_sources(folder: Path, parse: str) -> Sources:
    """Read the last build's parse results (only when some file changed: they are the large part of the cache).

    Each bucket names the parse key it was made under; a bucket from another key (a build killed while saving
    after the program or site.yaml changed) or a damaged one is left out, and its files are parsed again."""
    sources: Sources = {}
    for number in range(BUCKETS):
        bucket = _read(folder / SOURCES_DIR / f"{number:02d}.pickle")
        if isinstance(bucket, tuple) and len(bucket) == 2 and bucket[0] == parse and isinstance(bucket[1], dict):
            sources.update(bucket[1])
    return sources


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


class Store:
    """Where the build state is kept between builds: a cache folder, or None to keep nothing (--no-cache)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def changing_standby(self) -> None:
        """Record that the standby tree is about to change: until the next save, its recorded state is void."""
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / CHANGING_FILE).touch()

    def save(self, state: BuildState) -> None:
        """Save the options and trees (not the parse results: see save_sources), true as of now."""
        if self.folder is None:
            return
        sources, state.sources = state.sources, {}
        try:
            _write(self.folder / STATE_FILE, state)
        finally:
            state.sources = sources
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.folder / CHANGING_FILE)


def save_sources(folder: Path, parse: str, sources: Sources, previous: Sources) -> None:
    """Save the parse results, rewriting only the buckets that differ from ``previous`` (what load_sources
    gave). Entries are compared by identity: a reused parse result is the very object that was loaded."""
    new: list[Sources] = [{} for _ in range(BUCKETS)]
    for path, entry in sources.items():
        new[_bucket(path)][path] = entry
    old: list[Sources] = [{} for _ in range(BUCKETS)]
    for path, entry in previous.items():
        old[_bucket(path)][path] = entry
    for number, (now, before) in enumerate(zip(new, old, strict=True)):
        same = (
            bool(previous)
            and now.keys() == before.keys()
            and all(entry[0] == before[path][0] and entry[1] is before[path][1] for path, entry in now.items())
        )
        if not same:
            _write(folder / SOURCES_DIR / f"{number:02d}.pickle", (parse, now))
    for name in OLD_FILES:
        (folder / name).unlink(missing_ok=True)
