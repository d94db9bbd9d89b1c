"""Article bodies spilled out of memory, for large archives.

A news article's packed body is about half of what its record holds in memory (2.5 KB of 5), so at 100,000
articles the bodies alone are about 250 MB, held by the build process and by every worker it forks. Past
BODIES_IN_MEMORY bytes of packed bodies, a build writes them once to an unnamed temporary file (beside the
build cache: nothing is left behind, even when the build is killed) and each article holds its place in that
file instead; a page or feed that shows the body reads it back (os.pread: the forked workers share the file
without sharing a position). Reading is one system call per body, against the decompression every read does
anyway; a site below the threshold keeps its bodies in memory as before."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..models import Body

BODIES_IN_MEMORY = 64 * 1024 * 1024  # bytes of packed bodies a build keeps in memory: about 25,000 news articles


class BodyFile:
    """Packed bodies appended to an unnamed file, each read back by its place."""

    def __init__(self, folder: Path | None) -> None:
        """``folder``: where the file is made (None: the system's temporary folder)."""
        # unlinked at once; closed when the last article holding a body of it goes
        self._file = tempfile.TemporaryFile(dir=folder, buffering=1024 * 1024)  # noqa: SIM115
        self._size = 0

    def put(self, packed: bytes) -> SpilledBody:
        """Append a packed body; return its place."""
        place = SpilledBody(self, self._size, len(packed))
        self._size += self._file.write(packed)
        return place

    def finish(self) -> None:
        """Write out what is still buffered: call it before any body is read."""
        self._file.flush()

    def read(self, offset: int, length: int) -> bytes:
        return os.pread(self._file.fileno(), length, offset)


@dataclass(frozen=True, slots=True)
class SpilledBody:
    """Where a packed body is in a BodyFile (models.Spilled)."""

    file: BodyFile
    offset: int
    length: int

    def read(self) -> bytes:
        return self.file.read(self.offset, self.length)


class Bodies:
    """What a build keeps of each article's packed body: the bytes while every body the build holds fits in
    ``limit`` bytes, else their places in a BodyFile made in ``folder`` (None: the system's temporary folder)."""

    def __init__(self, bodies: Iterable[bytes], folder: Path | None, limit: int = BODIES_IN_MEMORY) -> None:
        self._file = BodyFile(folder) if sum(map(len, bodies)) > limit else None

    @property
    def spilled(self) -> bool:
        return self._file is not None

    def keep(self, packed: bytes) -> Body:
        """What an article holds for this packed body (an empty body is never spilled)."""
        return self._file.put(packed) if self._file is not None and packed else packed

    def finish(self) -> None:
        """Make every kept body readable: call it once they are all kept."""
        if self._file is not None:
            self._file.finish()
