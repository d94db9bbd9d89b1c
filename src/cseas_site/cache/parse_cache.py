"""The parse result of every content file, kept between builds and keyed by the file's content.

A file's times and size are only a shortcut, as in git: when they changed, the file is read and hashed, and
parsed again only if its text is new. Results are kept in BUCKETS files by path, each saved under the parse
key (this program and site.yaml) it was made with; an edit rewrites one bucket."""

from __future__ import annotations

import dataclasses
import pickle
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ..config import Config
from ..load.loader import ContentFile, Stat, load_all, read_digest
from ..load.parsed import Parsed
from ..write.writer import atomic_write

BUCKETS = 64


class Entry(NamedTuple):
    """One file's parse result, with the times and size the file had when it was read."""

    stat: Stat
    parsed: Parsed


Bucket = dict[str, Entry]


def renamed(parsed: Parsed, display: str) -> Parsed:
    """A parse result with the file named ``display`` in it and in its problems."""
    problems = tuple(dataclasses.replace(p, path=display) if p.path == parsed.path else p for p in parsed.problems)
    return parsed._replace(path=display, problems=problems)


def bucket_of(path: str) -> int:
    """Return the number of the bucket a content path is kept in."""
    return zlib.crc32(path.encode("utf-8")) % BUCKETS


class ParseCache:
    """Parse results by content path, read lazily from ``folder``, saved bucket by bucket:
    only the buckets that changed are written again."""

    def __init__(self, folder: Path, key: str, trusted: bool, resident: bool = False) -> None:
        """``trusted``: the last build saved its buckets under this same key (else none is worth reading);
        ``resident``: this process builds again and again (serve): keep every bucket in memory between builds."""
        self.folder, self.key, self.resident = folder, key, resident
        self.entries: Bucket = {}
        self.dirty: set[int] = set(range(BUCKETS))  # buckets to write again: until read, all of them
        self.unread = trusted

    def _read(self) -> None:
        """Read every bucket saved under this key; a missing, damaged or foreign one stays dirty."""
        self.unread = False
        for number in range(BUCKETS):
            file = self._file(number)
            bucket = _recall(file, self.key) if self.resident else None
            if bucket is None:
                found = read_pickle(file)
                if isinstance(found, tuple) and len(found) == 2 and found[0] == self.key and isinstance(found[1], dict):
                    bucket = self._remember(file, found[1])
            if bucket is not None:
                self.entries.update(bucket)
                self.dirty.discard(number)

    def parse(self, files: Sequence[ContentFile], config: Config, jobs: int) -> list[Parsed]:
        """Return every file's parse result, in order: cached if its content did not change, else parsed now."""
        if self.unread:
            self._read()
        found, renamed_or_gone = self._last(files)
        if found is not None and None not in found and not renamed_or_gone:
            return found  # type: ignore[return-value]  # (none is None) the very files of the last build
        found = found or [None] * len(files)
        todo = [file for file, parsed in zip(files, found, strict=True) if parsed is None and not self._reuse(file)]
        for file, parsed in zip(todo, load_all(todo, config, jobs), strict=True):
            self._put(file.key, Entry(file.stat, parsed))
        if renamed_or_gone:
            for gone in self.entries.keys() - {file.name or file.display for file in files}:
                del self.entries[gone]
                self.dirty.add(bucket_of(gone))
        made = [
            self.entries[file.key].parsed if parsed is None else parsed
            for file, parsed in zip(files, found, strict=True)
        ]
        if self.resident:
            _given.clear()
            _given[self.key] = (list(files), made)
        return made

    def _last(self, files: Sequence[ContentFile]) -> tuple[list[Parsed | None] | None, bool]:
        """What the last build of this process gave for each of ``files`` that is the very record it was given
        then (None for the others; None for all when there is no such build), and whether a file of that build
        may be missing now."""
        last_files, last_made = _given.get(self.key, ([], []))
        if not self.resident or self.dirty or not last_files:  # (dirty: a bucket could not be read)
            return None, True
        if len(last_files) != len(files):  # added or deleted files: looked up by record
            memo = dict(zip(last_files, last_made, strict=True))
            return [memo.get(file) for file in files], True
        found: list[Parsed | None] = list(last_made)
        renamed = False
        for at, (file, was) in enumerate(zip(files, last_files, strict=True)):
            if file is not was:
                found[at] = None
                renamed = renamed or file.key != was.key
        return found, renamed

    def _reuse(self, file: ContentFile) -> bool:
        """Keep the cached result when the file's times and size, or else its content, are unchanged. A result
        kept from a build run in another working folder is named as the file is named now."""
        entry = self.entries.get(file.key)
        if entry is None:
            return False
        if entry.stat != file.stat:
            if not entry.parsed.digest or entry.parsed.digest != read_digest(file):
                return False
            entry = Entry(file.stat, entry.parsed)  # touched, not changed: remember the new times
            self._put(file.key, entry)
        if entry.parsed.path != file.display:
            self._put(file.key, Entry(entry.stat, renamed(entry.parsed, file.display)))
        return True

    def _put(self, path: str, entry: Entry) -> None:
        self.entries[path] = entry
        self.dirty.add(bucket_of(path))

    def save(self) -> None:
        """Write the buckets that changed since they were read."""
        buckets: dict[int, Bucket] = {number: {} for number in self.dirty}
        for path, entry in self.entries.items():
            bucket = buckets.get(bucket_of(path))
            if bucket is not None:
                bucket[path] = entry
        for number, bucket in sorted(buckets.items()):
            atomic_write(self._file(number), pickle.dumps((self.key, bucket), protocol=pickle.HIGHEST_PROTOCOL))
            self._remember(self._file(number), bucket)
        self.dirty.clear()

    def release(self) -> None:
        """Save, then let go of every result: a build process holds its articles from here on, and the parse
        results would hold every body a second time (see cache/bodies.py)."""
        self.save()
        self.entries = {}

    def _remember(self, file: Path, bucket: Bucket) -> Bucket:
        """Keep a bucket for the next build of this process, when it is resident."""
        return _remember(file, self.key, bucket) if self.resident else bucket

    def _file(self, number: int) -> Path:
        return self.folder / f"{number:02d}.pickle"


# A long-running process (serve) keeps what it gave for the files listed, in order: the listing gives the very
# same record for a file whose times and size did not change (cache/listing.py), and the next build takes its
# result again without looking at the buckets (looking 100,000 files up took 0.25 s of an edit's build).
_given: dict[str, tuple[list[ContentFile], list[Parsed]]] = {}

# A long-running process (serve) keeps each bucket it read or wrote, with the identity its file had then: the
# next build takes the bucket from memory while the file is still that one, instead of unpickling it again.
# Entries are immutable, so a bucket is shared, never changed. Another process saving the cache replaces the
# file (atomic_write), which gives it a new identity.
_kept: dict[Path, tuple[tuple[int, ...], str, Bucket]] = {}


def file_identity(file: Path) -> tuple[int, ...] | None:
    try:
        info = file.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)


def _recall(file: Path, key: str) -> Bucket | None:
    """The bucket this process last read from or wrote to ``file`` under ``key``, if the file is still that."""
    kept = _kept.get(file)
    if kept is None or kept[1] != key or kept[0] != file_identity(file):
        return None
    return kept[2]


def _remember(file: Path, key: str, bucket: Bucket) -> Bucket:
    identity = file_identity(file)
    if identity is not None:
        _kept[file] = (identity, key, bucket)
    return bucket


def read_pickle(file: Path) -> object:
    """Unpickle a cache file; None when it is missing or damaged (the cache is only ever a shortcut)."""
    try:
        with open(file, "rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
