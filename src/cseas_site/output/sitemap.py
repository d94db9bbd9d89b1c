"""sitemap.xml (an index of several sitemaps beyond 50,000 URLs) and robots.txt naming it."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from functools import partial
from typing import NamedTuple

from ..archive.collate import ListMemo, column_of
from ..archive.paginate import page_count, page_path, page_spans
from ..archive.urls import PAGE, ROBOTS, Urls
from ..digests import digests_digest, key_of
from ..load.parsed import placed_digest
from ..models import TERM_KINDS, Archive, Article, ArticleList, OutputFile, Task
from .feeds import newest
from .keys import TaskKeys
from .xmltext import text

MAX_URLS = 50_000  # the sitemaps.org limit per file
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"  # its <xhtml:link> names a page's versions in other languages


class Entry(NamedTuple):
    """One URL of the sitemap with the date it last changed (a tuple: a sitemap has 34,000 of them at 10,000
    articles, made at each build that adds an article)."""

    loc: str
    lastmod: datetime | None
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, URL) of every version of an article, x-default


def entries(
    archive: Archive, lists: Iterable[ArticleList], urls: Urls, per_page: int, start: int = 0, stop: int | None = None,
    fixed: bool = False,
) -> Iterator[Entry]:  # fmt: skip
    """Yield every HTML page worth indexing: articles, pages of ``lists`` (collate.article_lists, paginated as
    archive/paginate.py does, ``fixed`` or not), overviews (not 404 or redirects); only those numbered ``start``
    to ``stop`` (one sitemap file's share), when given: a list before them is skipped by its page count,
    without paginating it."""
    stop = sys.maxsize if stop is None else stop
    placed = archive.articles + archive.pages
    prefix = urls.full(urls.url(""))  # every page's address is this followed by its path
    article_path, versions, alternates = urls.article_path, archive.versions, urls.alternates
    for article in placed[start:stop]:
        found = alternates(versions(article)) if article.translation_key else ()
        yield Entry(prefix + article_path(article), article.modified, found)
    position = len(placed)
    changed: dict[int, datetime] = {}  # each article's date of change by id, worked out once (not on every list)
    for listing in lists:
        if position >= stop:
            return
        articles = listing.articles
        count = page_count(len(articles), per_page, fixed)
        if position + count > start:  # its pages in order (from 1) first to last are in this share
            if not changed:
                changed = {id(article): article.modified for article in archive.articles}
            try:
                dates = list(map(changed.__getitem__, map(id, articles)))
            except KeyError:  # (lists hold the archive's articles only)
                dates = [article.modified for article in articles]
            if count == 1:  # most lists (a tag's): one page, the list's own address
                yield Entry(prefix + page_path(listing, urls, 1, 1, fixed), max(dates, default=None))
            else:  # each page's address is the list's own followed by page/N/ (archive/paginate.page_path), but
                # the front page's: made by joining strings, not path by path (22,000 pages at 10,000 articles)
                first, last = max(1, start - position + 1), min(count, stop - position)
                spans = page_spans(len(articles), per_page, fixed)  # the front page first
                front_number = spans[0][0]
                front = prefix + page_path(listing, urls, front_number, count, fixed)
                for number, begin, end in spans[first - 1 : last]:
                    loc = front if number == front_number else f"{front}{PAGE}/{number}/"
                    yield Entry(loc, max(dates[begin:end]))
        position += count
    if position < stop:
        yield from _others(archive, urls)[max(0, start - position) : stop - position]


def _others(archive: Archive, urls: Urls) -> list[Entry]:
    """The overviews and search pages."""
    latest = newest(archive.articles) if archive.articles else None
    found = [Entry(urls.full(urls.overview(kind)), latest) for kind in (*(k.kind for k in TERM_KINDS), "year")]
    found.append(Entry(urls.full(urls.search()), None))
    found += [Entry(urls.full(urls.search(code)), None) for code in archive.views[1:]]  # besides the site's
    return found


def _urlset(chunk: list[Entry]) -> bytes:
    locs = "\n".join([e.loc for e in chunk])  # escaped in one pass: escaping goes character by character
    escaped = text(locs).split("\n") if locs.count("\n") == len(chunk) - 1 else [text(e.loc) for e in chunk]
    # a list page's date is one of its articles' (the same object): each written out once. By the object, not
    # its value: two equal times in different offsets are written differently.
    dates: dict[int, str] = {}
    rows = []
    for loc, (_, lastmod, alternates) in zip(escaped, chunk, strict=True):
        if lastmod:
            when = dates.get(id(lastmod))
            if when is None:
                when = dates[id(lastmod)] = f"<lastmod>{lastmod.isoformat()}</lastmod>"
        else:
            when = ""
        if alternates:
            versions = "".join(f'<xhtml:link rel="alternate" hreflang="{text(code)}" href="{text(href)}"/>'
                               for code, href in alternates)  # fmt: skip
            rows.append(f"<url><loc>{loc}</loc>{when}{versions}</url>\n")
        else:
            rows.append(f"<url><loc>{loc}</loc>{when}</url>\n")
    spaces = f'xmlns="{NS}"' + (f' xmlns:xhtml="{XHTML}"' if any(e.alternates for e in chunk) else "")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {spaces}>\n{"".join(rows)}</urlset>\n'.encode()


def sitemap_files(all_entries: list[Entry], urls: Urls, limit: int = MAX_URLS) -> Iterator[OutputFile]:
    """Yield sitemap.xml, or a sitemap index plus sitemap-N.xml files when there are more than ``limit`` URLs."""
    if len(all_entries) <= limit:
        yield OutputFile(urls.sitemap_path(), _urlset(all_entries), "sitemap")
        return
    chunks = [all_entries[i : i + limit] for i in range(0, len(all_entries), limit)]
    for number, chunk in enumerate(chunks, start=1):
        yield OutputFile(urls.sitemap_path(number), _urlset(chunk), "sitemap")
    yield _index(urls, [max((e.lastmod for e in chunk if e.lastmod), default=None) for chunk in chunks])


def _index(urls: Urls, changed: Sequence[datetime | None]) -> OutputFile:
    """The sitemap index naming sitemap-N.xml for each N, with the date its newest URL changed."""
    rows = ""
    for number, lastmod in enumerate(changed, start=1):
        when = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        rows += f"<sitemap><loc>{text(urls.full(urls.url(urls.sitemap_path(number))))}</loc>{when}</sitemap>\n"
    index = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NS}">\n{rows}</sitemapindex>\n'
    return OutputFile(urls.sitemap_path(), index.encode(), "sitemap index")


def sitemap_tasks(
    archive: Archive, lists: Sequence[ArticleList], urls: Urls, per_page: int, keys: TaskKeys, limit: int = MAX_URLS,
    fixed: bool = False, memo: ListMemo | None = None,
) -> list[Task]:  # fmt: skip
    """The sitemap files as tasks, keyed by what decides the URLs and dates in them (an article's place, date
    and terms), so a build after a body edit does not write the sitemap again. Their paths follow from the
    number of URLs, counted without making the entries; each file makes its own share of them. ``memo``: the
    articles' paths and place digests as the last build of this process had them, and their digest (an edit of a
    body changes neither: ListMemo.column gives the very same lists)."""
    list_pages_count = sum(page_count(len(listing.articles), per_page, fixed) for listing in lists)
    count = len(archive.articles) + len(archive.pages) + list_pages_count + len(TERM_KINDS) + 2 + len(archive.views[1:])
    where = column_of(memo, "paths", urls.config.permalink, archive.articles, urls.article_path)
    digests = column_of(memo, "place digests", None, archive.articles, _place_digest)
    placing = partial(_placing, where, digests)
    pages = archive.pages
    key = keys("sitemap", per_page, fixed, limit, archive.languages,
               placing() if memo is None else memo.get_many([where, digests], "sitemap", placing),
               _placing(list(map(urls.article_path, pages)), list(map(_place_digest, pages))))  # fmt: skip
    shown = (archive, lists, urls, per_page, fixed)
    if count <= limit:
        return [Task(urls.sitemap_path(), "sitemap", partial(_part, *shown, 0, limit), key)]
    parts = -(-count // limit)
    tasks = [Task(urls.sitemap_path(n), "sitemap", partial(_part, *shown, n, limit), key) for n in range(1, parts + 1)]
    return [*tasks, Task(urls.sitemap_path(), "sitemap", partial(_make_index, *shown, parts, limit), key)]


def _part(
    archive: Archive, lists: Sequence[ArticleList], urls: Urls, per_page: int, fixed: bool, number: int, limit: int
) -> OutputFile:
    """sitemap-N.xml (N from 1), made of its own share of the entries only; sitemap.xml for N = 0 (them all).
    Each file is made alone: a worker never holds the whole sitemap (17 MB while it was made at 10,000 articles,
    kept by every worker that made one of its files)."""
    shown = entries(archive, lists, urls, per_page, max(0, number - 1) * limit, max(1, number) * limit, fixed)
    return OutputFile(urls.sitemap_path(number), _urlset(list(shown)), "sitemap")


def _make_index(
    archive: Archive, lists: Sequence[ArticleList], urls: Urls, per_page: int, fixed: bool, parts: int, limit: int
) -> OutputFile:
    """The sitemap index: the entries are read once, in order, for the newest date of each file's share."""
    changed: list[datetime | None] = [None] * parts
    for number, entry in enumerate(entries(archive, lists, urls, per_page, fixed=fixed)):
        last = changed[number // limit]
        if entry.lastmod and (last is None or entry.lastmod > last):
            changed[number // limit] = entry.lastmod
    return _index(urls, changed)


def _place_digest(article: Article) -> str:
    """The digest of what decides an article's place besides its path (load/parsed.placed_digest), worked out
    when its file was read; an article made otherwise, without one, has it worked out now."""
    return article.placed or placed_digest(article)


def _placing(where: list[str], digests: list[str]) -> str:
    """One digest of the articles' paths and place digests."""
    return key_of(where, digests_digest("".join(digests)))


def robots(urls: Urls, keys: TaskKeys) -> Task:
    """Allow every crawler and name the sitemap."""
    body = f"User-agent: *\nAllow: /\n\nSitemap: {urls.full(urls.url(urls.sitemap_path()))}\n"
    return Task.ready(OutputFile(ROBOTS, body.encode(), ROBOTS), keys(ROBOTS))
