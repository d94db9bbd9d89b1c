"""Which article page goes into which shard of the search index (the index itself: write/search_index.py).

A single Pagefind run over a large archive takes memory in proportion to it (about 130 KB a page) and has no
incremental mode. So articles are split into shards of consecutive months, each indexed on its own; the search
page loads the newest and merges the others. An edit re-indexes only the shard it falls in.

A news archive's edits and new articles fall on its newest months. So the newest shard, the one still filling,
is cut again into shards a quarter of the size (NEWEST_SHARE): publishing or correcting today's report indexes
at most that many pages again. When the newest months fill a whole shard, they are indexed as one, once.

Each language has shards of its own ("id-2016-01"): Pagefind stems a page's words by its <html lang>, and
searches with the stemmer of the index it loads, so an index holds one language. The search page searches its
own language's shards, and the other languages' on request (each in its own Pagefind instance).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..archive.urls import Urls, output_path
from ..models import Archive

SHARD_PAGES = 1000  # pages per shard (an edit indexes its shard again: ~1.3 s); doubled while the archive ...
MAX_SHARDS = 16  # ... would need more than this many shards (each merged shard costs the reader requests) ...
SHARD_PAGES_CAP = 6000  # ... but never past this: a Pagefind run over 6,000 pages peaks near 800 MiB
NEWEST_SHARE = 4  # the shard still filling is indexed in shards of this fraction of the size


@dataclass(frozen=True, slots=True)
class Shard:
    """Articles of consecutive months, indexed together; named after the year and month of the first."""

    name: str  # "id-2016-01"
    pages: tuple[str, ...]  # output paths of the article pages, e.g. "slug/index.html"
    language: str = "en"  # the <html lang> of every page in it


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """Which article page goes into which shard, by language."""

    shards: tuple[Shard, ...]

    def languages(self) -> dict[str, list[str]]:
        """The shard names of each language, newest first (the search page's shards.json)."""
        found: dict[str, list[str]] = {}
        for shard in sorted(self.shards, key=lambda s: s.name, reverse=True):
            found.setdefault(shard.language, []).append(shard.name)
        return found


def shard_size(count: int) -> int:
    """Pages per shard for an archive of count articles (a power-of-two step, so it rarely changes)."""
    size = SHARD_PAGES
    while -(-count // size) > MAX_SHARDS and size < SHARD_PAGES_CAP:
        size = min(size * 2, SHARD_PAGES_CAP)
    return size


def search_plan(archive: Archive, urls: Urls, size: int = 0) -> SearchPlan:
    """Plan the shards of an archive's article pages, language by language (size: pages per shard, 0 to choose
    by the count). An article in a language the interface does not speak is on a page in the site's language
    (see output/i18n.py), and is searched with it."""
    by_language: dict[str, list[tuple[int, int, str]]] = {}
    for a in archive.articles:
        code = a.lang if a.lang in archive.languages else archive.languages[0]
        by_language.setdefault(code, []).append((a.date.year, a.date.month, output_path(urls.article_path(a))))
    size = size or shard_size(len(archive.articles))
    shards = [shard for code in sorted(by_language) for shard in plan(by_language[code], code, size).shards]
    return SearchPlan(tuple(shards))


def plan(pages: list[tuple[int, int, str]], language: str, size: int = 0) -> SearchPlan:
    """Group article pages (year, month, path) into shards of whole months, oldest first, up to size pages
    (0: shard_size of the count); the last of them, the one new articles fill, in shards of up to a
    NEWEST_SHARE of size.

    Months are never split, so an edit changes one shard and a new article at most two (its month may move to
    a small shard of its own, or close the newest months into one shard), and shard boundaries move only when a
    shard fills up. A single month with more articles than a shard holds is a shard of its own."""
    by_month: dict[tuple[int, int], list[str]] = {}
    for year, month, path in pages:
        by_month.setdefault((year, month), []).append(path)
    size = size or shard_size(sum(len(paths) for paths in by_month.values()))
    months = [(unit, sorted(by_month[unit])) for unit in sorted(by_month)]
    runs = _runs(months, size)
    if runs:
        runs[-1:] = _runs(runs[-1], max(1, size // NEWEST_SHARE))
    return SearchPlan(tuple(_shard(run, language) for run in runs))


Month = tuple[tuple[int, int], list[str]]  # (year, month) and the paths of its pages


def _runs(months: list[Month], size: int) -> list[list[Month]]:
    """Consecutive months packed oldest first into runs of up to size pages (a bigger month: a run of its own)."""
    runs: list[list[Month]] = []
    count = 0
    for unit in months:
        if runs and count + len(unit[1]) <= size:
            runs[-1].append(unit)
            count += len(unit[1])
        else:
            runs.append([unit])
            count = len(unit[1])
    return runs


def _shard(run: list[Month], language: str) -> Shard:
    (year, month), _ = run[0]
    return Shard(f"{language}-{year:04d}-{month:02d}", tuple(path for _, paths in run for path in paths), language)
