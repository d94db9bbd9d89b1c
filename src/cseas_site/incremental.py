"""What an incremental build compares: source fingerprints, build options, reused parse results."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config
from .load.fields import Parsed
from .load.loader import Source, load_all, read_digest
from .models import Archive
from .output.keys import key_of
from .write.state import BuildState

Stat = tuple[int, int, int]  # (mtime_ns, ctime_ns, size): ctime also changes on chmod and rename, as in git


def stat_sources(sources: Iterable[Source]) -> dict[str, Stat]:
    """Times and size of every content file (a vanished file gets (0, 0, -1): it is read again)."""
    stats = {}
    for source in sources:
        try:
            info = os.stat(source.file)
            stats[source.display] = (info.st_mtime_ns, info.st_ctime_ns, info.st_size)
        except OSError:
            stats[source.display] = (0, 0, -1)
    return stats


def fingerprint(stats: dict[str, Stat]) -> str:
    return key_of(sorted(stats.items()))


def _files_digest(folders: Iterable[Path], read: bool) -> list[tuple[str, str]]:
    found = []
    for folder in folders:
        for current, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                path = Path(current, name)
                info = os.stat(path)
                content = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest() if read else info.st_mtime_ns
                found.append((path.relative_to(folder).as_posix(), f"{info.st_size}:{content}"))
    return found


@functools.cache
def program_key() -> str:
    """Digest of this program: its version and every file of the package."""
    return key_of(__version__, _files_digest([Path(__file__).parent], read=True))


def parse_key(config: Config) -> str:
    """Digest of everything besides a file's text that its parse result depends on: this program and site.yaml."""
    return key_of(program_key(), repr(config))


def options_key(parsing: str, theme: list[Path], static: Path, flags: tuple[object, ...]) -> str:
    """Digest of everything besides content that every page may depend on: parse_key, theme, static files, flags."""
    return key_of(parsing, _files_digest(theme, read=True), _files_digest([static], False), flags)


def chrome_key(archive: Archive) -> str:
    """Digest of what every page's header and footer show from the content (links to standalone pages)."""
    return key_of([(page.slug, page.title) for page in archive.pages])


def load_changed(
    sources: list[Source], stats: dict[str, Stat], state: BuildState, config: Config, jobs: int
) -> list[Parsed]:
    """Parse only files whose content changed; reuse the rest from the last build.

    The cache is keyed by each file's content digest; its size and times are only a shortcut, as in git: a
    file whose times changed (touched, checked out again, copied) is read and hashed, and parsed only if its
    text is new."""
    reused: dict[str, Parsed] = {}
    todo = []
    for source in sources:
        cached = state.sources.get(source.display)
        if cached is not None and (
            cached[0] == stats[source.display] or (cached[1].digest and cached[1].digest == read_digest(source))
        ):
            reused[source.display] = cached[1]
        else:
            todo.append(source)
    fresh = {p.path: p for p in load_all(todo, config, jobs)}
    return [reused.get(s.display) or fresh[s.display] for s in sources]


def remember_sources(state: BuildState, parsed: list[Parsed], stats: dict[str, Stat]) -> None:
    """Keep each file's parse result with the times and size it was read at."""
    state.sources = {p.path: (stats[p.path], p) for p in parsed}


def next_due(parsed: list[Parsed], now: datetime) -> float | None:
    """When the earliest future-dated (non-draft) article becomes due, so a later build publishes it."""
    future: list[Any] = [p.date.timestamp() for p in parsed if p.date is not None and p.date > now and not p.draft]
    return min(future, default=None)
