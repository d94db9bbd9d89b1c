"""Text made once per build and reused, within a memory budget: an article's feed body is in a dozen feeds and
its teaser on a dozen list pages, but a worker that kept every one of them would hold the whole archive twice
(2 GiB per worker at 100,000 articles). Each process has its own memos; the least recently used text goes
first when one is over its budget, and is made again if it is asked for again."""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import lz4.block  # type: ignore[import-untyped]

Text = TypeVar("Text", bound=str)

# A news article's escaped feed body packs to about 3.6 KB and its teaser is about 650 characters, 1,380 bytes
# held (the benchmark's news corpus: a dash or a curly quote makes every character of a text two bytes): the
# budgets hold every one of a 10,000-article site (a teaser per view language), and about a tenth of the bodies
# and a sixth of the teasers of a 100,000-article one. Every worker holds its
# own memos on top of what it shares with the build process, so at 100,000 articles the budgets count
# towards its peak (they were 64 and 48 MB while that peak was over 1 GiB).
FEED_BODIES = 40 * 1024 * 1024  # bytes of packed feed bodies a process keeps: about 11,000
TEASERS = 24 * 1024 * 1024  # bytes of packed teasers a memo keeps (each language's has its own): packed (LZ4), a
# cold build of the 10,000 news articles peaked at 232-235 MiB, against 243-251 MiB with the teasers held as text
FEED_HEADS = 10 * 1024 * 1024  # bytes of packed Atom and RSS entries but their bodies: 1,150 per news article
# for both formats (1,500 characters: unpacked, a title with a curly quote makes them two bytes each), so about
# 9,000 articles'. The 10,000-article news site's Atom feeds hold 31,205 entries of 7,810 articles: four feeds
# per article on average.


class Memo(Generic[Text]):
    """Text by key, the least recently used dropped beyond ``budget`` bytes: of the text as Python holds it (one,
    two or four bytes a character, by the widest), or packed.
    Keys may hold ids of objects: each entry holds the objects given with it, so their ids stay theirs while
    it is kept. ``packed``: kept LZ4-compressed, for long text asked for a few times (news copy's escaped feed
    body, 9 KB, packs to a 2.6th in 28 µs and unpacks in 9 µs; zlib took 94 and 33 µs for a 3.5th; making the
    body again costs 200 µs)."""

    def __init__(self, budget: int, packed: bool = False) -> None:
        self.budget, self.packed, self.used = budget, packed, 0
        self._kept: dict[Hashable, tuple[object, str | bytes]] = {}

    def get(self, key: Hashable, holding: object, make: Callable[[], Text], wrap: Callable[[str], Text]) -> Text:
        """Return the text kept under ``key``, else ``make()`` it and keep it with ``holding`` (the objects
        whose ids the key holds); ``wrap`` turns kept text back into its type (Markup, str)."""
        kept = self._found(key)
        if kept is not None:
            return wrap(lz4.block.decompress(kept).decode() if isinstance(kept, bytes) else kept)
        made = make()
        self._keep(key, holding, lz4.block.compress(made.encode()) if self.packed else str(made))
        return made

    def get_packed(self, key: Hashable, holding: object, make: Callable[[], bytes]) -> bytes:
        """As get, for text made and given LZ4-packed (UTF-8): kept as it is made, never packed again (a teaser
        recalled packed from the last build, cache/pieces.py). A packed memo only."""
        assert self.packed
        kept = self._found(key)
        if kept is not None:
            assert isinstance(kept, bytes)
            return kept
        made = make()
        self._keep(key, holding, made)
        return made

    def get_bytes(self, key: Hashable, holding: object, make: Callable[[], bytes]) -> bytes:
        """As get, for text kept and given as UTF-8 bytes (a feed's parts: joined as bytes, never decoded and
        encoded again). A memo holds one or the other: ``get`` would decode what this keeps unpacked."""
        kept = self._found(key)
        if kept is not None:
            assert isinstance(kept, bytes)
            return lz4.block.decompress(kept) if self.packed else kept
        made = make()
        self._keep(key, holding, lz4.block.compress(made) if self.packed else made)
        return made

    def _found(self, key: Hashable) -> str | bytes | None:
        found = self._kept.pop(key, None)
        if found is None:
            return None
        self._kept[key] = found  # now the most recently used
        return found[1]

    def _keep(self, key: Hashable, holding: object, value: str | bytes) -> None:
        self._kept[key] = (holding, value)
        self.used += held(value)
        while self.used > self.budget:  # dicts keep their order: the first key is the least recently used
            self.used -= held(self._kept.pop(next(iter(self._kept)))[1])


def held(value: str | bytes) -> int:
    """Bytes a kept text takes: a string's by its widest character (a budget in characters held twice its
    size in teasers with a dash in them), packed bytes as they are."""
    return len(value) if isinstance(value, bytes) else sys.getsizeof(value)
