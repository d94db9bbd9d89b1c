"""What the last build knew, kept in ROOT/.cseas-cache/ for incremental builds (pickled; safe to delete)."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA = 1
CACHE_DIR = ".cseas-cache"
STATE_FILE = "state.pickle"


@dataclass
class Tree:
    """One output tree on disk: its folder's inode and the digest of every file the build wrote."""

    inode: int
    hashes: dict[str, str]
    keys: dict[str, str | None] = field(default_factory=dict)  # path -> digest of what its page showed


@dataclass
class BuildState:
    """Everything an incremental build compares against."""

    options: str = ""  # digest of the package version, config, theme, static files and build options
    chrome: str = ""  # digest of what every page shows from the content (see incremental.chrome_key)
    fingerprint: str = ""  # digest of every content file's name, size and modification time
    next_due: float | None = None  # when the earliest future-dated article becomes due (epoch seconds)
    sources: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # path -> (stat, Parsed)
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


def cache_dir(root: Path) -> Path:
    return root / CACHE_DIR


def load_state(root: Path) -> BuildState:
    """Read the state of the last build; a missing, old or damaged cache gives an empty state."""
    file = cache_dir(root) / STATE_FILE
    try:
        with open(file, "rb") as handle:
            state = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return BuildState()
    return state if isinstance(state, BuildState) and state.schema == SCHEMA else BuildState()


def save_state(root: Path, state: BuildState) -> None:
    """Write the state atomically (a temporary file renamed over the old one)."""
    folder = cache_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".state-")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(state, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, folder / STATE_FILE)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
