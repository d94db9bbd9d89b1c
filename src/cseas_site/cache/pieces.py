"""Parts of pages kept from one build for the next: an article's teaser, which a dozen list pages show.

Adding or deleting an article shifts every page of the home list after it, and those pages are made again;
half of their time went into teasers that had not changed. A piece is kept in a *slot* (the article's page,
the template of the macro that makes it, the language, the macro and its options) with the digest of
everything it is made from (output/plan.PieceDigests: what every page shares, the macro's template with the
templates it reads, what pages show of the article, as their task keys digest them, and the macro's code), and
reused only while that digest is the same. The page showing it is not part of either: a teaser macro is
called without the page's context, so the home page and a tag's pages share one piece, and an edit of
base.html or list.html, which makes every page again, makes no teaser again. The digest starts with the key
of the macro's template (what every page shares, the template and what it reads): after an edit of that
template, or a new program or site.yaml, a build leaves its pieces unread (they would all be made again)
instead of holding them, and with them every worker it forks.

The pieces are kept LZ4-packed in one file of marshal records, each after its length. A build appends what
its workers made as they hand it in (it never holds them all). The file is written whole again when more
than half of it is out of date (pieces made again, slots of articles the site no longer has) or when it is
damaged (a record cut short by a killed build ends what is read). The budget bounds the bytes of pieces the
file holds, and so what a build reads: a 100,000-article site's teasers do not all fit, and those made first
are kept (the newest articles' lists are made first).
"""

from __future__ import annotations

import marshal
import os
import struct
from collections.abc import Callable, Collection
from pathlib import Path
from typing import BinaryIO, NamedTuple

from ..write.writer import append_to, atomic_write

VERSION = 3  # the shape of a record: (VERSION, {slot: digest + NUL + packed}); 3: slots name the macro's template
LENGTH = struct.Struct("<Q")  # the length of the record that follows
# Bytes of slots and pieces the file holds. A news teaser packs to about 520 bytes and takes about 640 with its
# slot and digest, an article's citations about 860: the 10,000-article news site's 26,032 teasers (both
# languages, with and without the source) took 16.7 MB and its 10,044 articles' citations 8.6 MB. A
# 100,000-article site's first 40,000 or so pieces fit.
PIECES = 32 * 1024 * 1024
RECORD = 1024 * 1024  # bytes of pieces in each record of a file written whole
HANDED = 3  # a process holds at most a third of the budget of new pieces at a time: the build's own process
# then adds them to the file; a worker, which hands its pieces over after each run of tasks, keeps no more
# (handing each run's over whole, up to the budget, a cold build of 100,000 news articles peaked at 954 MiB)
Slot = str  # the article's page path, the macro's template, language, macro and repr of its options, joined by NUL
Piece = bytes  # the digest of what it is made from (ASCII), NUL, and the packed text


class Held(NamedTuple):
    """What a resident process's last build left in the file, held for its next build (Pieces.held)."""

    identity: tuple[int, int, int]  # the file's inode, size and mtime after that build wrote to it
    pieces: dict[Slot, Piece]  # every piece read or added then, the last of each slot
    stored: int  # their bytes, as the budget counts them
    keys: dict[str, bytes]  # the key each macro template's pieces were made under then (made_under)


_HELD: dict[Path, Held] = {}  # by file: what this process's last build left in it (held builds only)


class Pieces:
    """Pieces by slot, kept in ``file`` (None: nothing is kept between builds).

    The file is read by ``ready``, when a build has enough pages to make for it to be worth it (an edit that
    makes five does not read 16 MB for one teaser: it makes what it shows, and adds it to the file). Workers
    forked by a build share what it read, and hand what they make back to it (``take`` in the worker, ``give``
    in the build: workers.Harvest). A build made in one process takes its own pieces when it saves."""

    def __init__(self, file: Path | None, budget: int = PIECES, held: bool = False) -> None:
        """``held``: the process builds again and again (serve, the build daemon): what a build read and added
        is held for the next, which reads the file again only if something else wrote to it meanwhile (reading
        the 10,000-article news site's 17 MB took 0.06 s of an added article's 1.1 s)."""
        self.file, self.budget, self.held = file, budget, held
        self._kept: dict[Slot, Piece] = {}  # what the file held when read
        self._read_done = False
        self._new: dict[Slot, Piece] = {}  # made by this process since its last take
        self._new_bytes = 0
        self._given: set[Slot] = set()  # the slots this build added to the file
        self._stored = 0  # bytes of the pieces in the file, one per slot (as the build appends them)
        self._on_disk = 0  # bytes of the file, as read and appended to
        self._damaged = False  # a record could not be read: the file is written whole before it grows
        self._articles: Callable[[], Collection[str]] = frozenset  # the paths of the site's article pages
        self._room = budget  # what this process may still add to the file, as far as it knows (ready: exactly)
        self._owner = os.getpid()  # the build's process (the others are its forked workers)
        self._page: Callable[[str], str] | None = None  # the key the pieces of each template's macros are made under
        self._templates: set[str] = set()  # the macro templates of the pieces read and added (held builds)

    def site(self, articles: Callable[[], Collection[str]]) -> None:
        """Tell the paths of the site's article pages (asked for once, when the file is read): the slots of
        other articles are left out of what is read, and out of the file when it is written whole."""
        self._articles = articles

    def made_under(self, page: Callable[[str], str]) -> None:
        """Tell the key the pieces of each template's macros are made under now (output/plan.PieceDigests.page):
        a piece's digest starts with it, and pieces made under another key (the template edited, the program or
        site.yaml changed: every piece of that template is made again) are left out of what is read."""
        self._page = page

    def ready(self) -> None:
        """Read the file, if not done yet: the pieces it holds are reused from then on."""
        if not self._read_done and not self._adopt_held():
            self._kept, self._read_done = self._read(), True
            self._stored = sum(_size(slot, piece) for slot, piece in self._kept.items())
            self._room = self.budget - self._stored  # workers forked from here on know it too

    def _adopt_held(self) -> bool:
        """Take what the last build held (``held``) as read, if it still stands."""
        held = self._held()
        if held is None:
            return False
        self._kept, self._stored, self._on_disk = held.pieces, held.stored, held.identity[1]
        self._templates, self._read_done = set(held.keys), True
        self._room = self.budget - self._stored
        return True

    def _held(self) -> Held | None:
        """What this process's last build left in the file, if the file is still as it left it and every
        piece of it was made under the key of now: the file would give the same pieces. (Pieces of articles
        the site no longer has are held: they are never asked for.)"""
        found = _HELD.pop(self.file, None) if self.held and self.file is not None else None
        if found is None or self.file is None or _identity(self.file) != found.identity:
            return None
        if self._page is not None and any(self._page(t).encode("ascii") != key for t, key in found.keys.items()):
            return None
        return found

    def wanted(self) -> bool:
        """Whether a recall can give or keep anything: not once this process has made more than the file had room
        for and holds nothing read from it (a cold build of a site whose teasers are many times the budget)."""
        return self._room > 0 or bool(self._kept)

    def recall(self, slot: Slot, digest: str, make: Callable[[], bytes]) -> bytes:
        """Return the packed piece kept in ``slot`` if it was made from ``digest`` (ASCII, no NUL); else
        ``make()`` it and keep it there for the next build (this build's own reuse is the caller's:
        output/render.py's memo)."""
        found, head = self._kept.get(slot), digest.encode("ascii") + b"\0"
        if found is not None and found.startswith(head):
            return found[len(head) :]
        packed = make()
        piece, limit = head + packed, self.budget // HANDED
        size = _size(slot, piece)
        if size > self._room:  # the file is full, as far as this process knows: not even handed over
            self._room = 0  # (nor anything after it: see wanted)
            return packed
        if self._new and self._new_bytes + size > limit and os.getpid() == self._owner:
            self.give(self.take())  # the build's own process: into the file now
        if not self._new or self._new_bytes + size <= limit:  # a worker beyond it keeps no more this run
            self._new[slot] = piece
            self._new_bytes += size
            self._room -= size
        return packed

    def take(self) -> dict[Slot, Piece]:
        """What this process made since the last take (a worker's: handed to the build, then forgotten)."""
        taken, self._new, self._new_bytes = self._new, {}, 0
        return taken

    def give(self, taken: dict[Slot, Piece]) -> None:
        """Keep what a worker made (its ``take``): appended to the file at once, so that the build does not
        hold every piece its workers make (the build is not done yet, but a piece is only ever reused for
        what it was made from)."""
        if self.file is None or not taken:
            return
        if self.held and not self._read_done:  # a build that did not read the file: what the last one held
            self._adopt_held()
        kept = self._kept  # (not read: a few pieces are added, with no room counted; the next read counts them)
        if self._damaged:  # what was read is written whole before anything is appended
            self._rewrite(kept)
        room, fitting = self.budget - self._stored, {}
        for slot, piece in taken.items():
            if slot in self._given:  # two workers showed the article: both made its piece
                continue
            old = kept.get(slot)
            size = _size(slot, piece) - (_size(slot, old) if old is not None else 0)
            if size <= room or not self._read_done:
                fitting[slot] = piece
                room -= size
                self._given.add(slot)
        if fitting:
            record = framed(fitting)
            append_to(self.file, record)
            self._on_disk += len(record)
            self._stored = self.budget - room
            if self.held and self._read_done:  # what the next build would read back: held for it instead
                kept.update(fitting)
                self._templates.update(slot.split("\0", 2)[1] for slot in fitting)

    def save(self) -> None:
        """Keep the pieces this process made; write the file whole when more than half of it is out of date
        (or it was damaged). A held build leaves what the file holds for the next (see ``held``)."""
        self.give(self.take())
        if self.file is not None and self._read_done and (self._damaged or self._on_disk > 2 * self._stored):
            self._kept = {}  # the build is done with what it read: not held twice while the file is read again
            self._rewrite(self._read())
        elif self.held and self.file is not None and self._read_done and self._page is not None:
            keys = {template: self._page(template).encode("ascii") for template in self._templates}
            _HELD[self.file] = Held(_identity(self.file), self._kept, self._stored, keys)

    def _rewrite(self, pieces: dict[Slot, Piece]) -> None:
        """Write the file whole with ``pieces``, as many as fit in the budget, a record of about RECORD bytes at
        a time (a template edit makes every teaser again: the file is then written whole at the next build or
        the one after, and one record of them all was 16 MB more at the build's peak)."""
        assert self.file is not None
        room, written = self.budget, 0

        def write(out: BinaryIO) -> None:
            nonlocal room, written
            chunk: dict[Slot, Piece] = {}
            held = 0
            for slot, piece in pieces.items():
                size = _size(slot, piece)
                if size > room:
                    continue
                chunk[slot] = piece
                room -= size
                held += size
                if held >= RECORD:
                    written += out.write(framed(chunk))
                    chunk, held = {}, 0
            if chunk or not written:
                written += out.write(framed(chunk))

        atomic_write(self.file, write)
        self._on_disk, self._stored = written, self.budget - room
        self._damaged = False

    def _read(self) -> dict[Slot, Piece]:
        """Every piece the file holds for an article the site has, made under its macro template's key of now
        (made_under), the last of each slot; a missing file holds none, and a damaged or foreign record ends the
        reading (the file is then written whole before anything is added to it). Each record is sifted as it
        is read: what is left out is never held all at once."""
        kept: dict[Slot, Piece] = {}
        if self.file is None:
            return kept
        articles, page = self._articles(), self._page
        pages: dict[str, bytes] = {}  # each macro template's key of now, as a piece's digest starts

        def current(slot: Slot, piece: Piece) -> bool:
            if article_of(slot) not in articles:
                return False
            if page is None:
                return True
            template = slot.split("\0", 2)[1]
            key = pages.get(template)
            if key is None:
                key = pages[template] = page(template).encode("ascii")
                self._templates.add(template)
            return piece.startswith(key)

        try:
            with open(self.file, "rb") as handle:
                start, self._on_disk = 0, handle.seek(0, os.SEEK_END)
                handle.seek(0)  # read record by record: the file is never held whole
                while (record := _record(handle, self._on_disk)) is not None:
                    kept.update((slot, piece) for slot, piece in record.items() if current(slot, piece))
                    start = handle.tell()
                self._damaged = start != self._on_disk
        except OSError:
            return kept
        return kept


def _identity(file: Path) -> tuple[int, int, int]:
    """The file's inode, size and mtime: another process that writes to it changes them ((0, 0, 0): none)."""
    try:
        found = os.stat(file)
    except OSError:
        return (0, 0, 0)
    return (found.st_ino, found.st_size, found.st_mtime_ns)


def article_of(slot: Slot) -> str:
    """The page of the article a slot is for."""
    return slot.partition("\0")[0]


def _size(slot: Slot, piece: Piece) -> int:
    """About what a piece takes in the file: its slot, digest and packed text, and their lengths."""
    return len(slot) + len(piece) + 10


def framed(pieces: dict[Slot, Piece]) -> bytes:
    """One record of the file: its length, then the pieces."""
    record = marshal.dumps((VERSION, pieces))
    return LENGTH.pack(len(record)) + record


def _record(handle: BinaryIO, size: int) -> dict[Slot, Piece] | None:
    """The next record of an open file of ``size`` bytes; None at its end, or if the record is cut short,
    damaged or foreign."""
    head = handle.read(LENGTH.size)
    if len(head) < LENGTH.size:
        return None
    length = LENGTH.unpack(head)[0]
    if length > size - handle.tell():  # cut short (or a damaged length: never read as one)
        return None
    data = handle.read(length)
    try:
        record = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(record, tuple) and len(record) == 2 and record[0] == VERSION and isinstance(record[1], dict)):
        return None
    if not all(type(slot) is str and type(piece) is bytes for slot, piece in record[1].items()):
        return None
    return record[1]
