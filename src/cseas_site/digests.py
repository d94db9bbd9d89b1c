"""Digests that tell whether something changed: of bytes, and of plain values. The one place they are made."""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
from collections.abc import Iterable
from pathlib import Path

import xxhash


def digest(data: bytes) -> str:
    """Return a short, collision-safe digest of some bytes (BLAKE2b, 128 bits, hexadecimal)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def output_digest(data: bytes) -> str:
    """Return the digest of an output file's bytes, which tells a build whether a file changed since the
    last one (XXH3, 128 bits, hexadecimal). Not for names: a site writes a gigabyte a build, and BLAKE2b took
    20 µs for a 20 KB page where XXH3 takes 0.4 µs; an accidental collision of 128 bits is as unlikely."""
    return xxhash.xxh3_128_hexdigest(data)


def output_file_digest(file: str | Path) -> str:
    """output_digest of a file's bytes, read a mebibyte at a time (a file of a tree no record describes:
    write/writer.read_tree)."""
    hasher = xxhash.xxh3_128()
    with open(file, "rb") as handle:
        while chunk := handle.read(1 << 20):
            hasher.update(chunk)
    return hasher.hexdigest()


def digests_digest(joined: str) -> str:
    """Digest a string of digests (what a run of articles shows: output/keys.TaskKeys.run). XXH3, as for output
    files: no one can choose the digests it is made of, and a home list's run is 320 KB at 10,000 articles,
    which BLAKE2b takes twenty times as long over."""
    return xxhash.xxh3_128_hexdigest(joined.encode("ascii"))


def key_of(*parts: object) -> str:
    """Digest a tuple of plain values (strings, numbers, tuples): equal inputs, equal key, on any machine.
    Plain values are encoded with marshal's format 2, twice as quick as their repr and as faithful: it tells
    str from bytes, True from 1, a tuple from a list, and (unlike formats 3 and up) writes equal strings as
    equal bytes whether or not Python interned them. Anything else (a date, a record) is digested as its repr."""
    try:
        data = b"m" + marshal.dumps(parts, 2)  # type: ignore[arg-type]  # a ValueError says it is not plain
    except ValueError:
        data = b"r" + repr(parts).encode("utf-8")
    return digest(data)


def files_digest(folders: Iterable[Path]) -> list[tuple[str, str]]:
    """The digest of every regular file below some folders, by path below its folder, in a stable order
    (compiled Python files left out). Anything else (a FIFO, a device, a dangling link) is never read."""
    found = []
    for folder in folders:
        for current, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                path = Path(current, name)
                if _regular(path):
                    found.append((path.relative_to(folder).as_posix(), digest(path.read_bytes())))
    return found


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # a dangling link
        return False
