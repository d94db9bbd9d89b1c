"""sitemap.xml (an index of several sitemaps beyond 50,000 URLs) and robots.txt naming it."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..archive.paginate import list_pages, page_count
from ..archive.urls import ROBOTS, Urls
from ..models import TERM_KINDS, Archive, Article, ArticleList, OutputFile, Task
from .feeds import newest
from .keys import TaskKeys
from .xmltext import text

MAX_URLS = 50_000  # the sitemaps.org limit per file
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"  # its <xhtml:link> names a page's versions in other languages


@dataclass(frozen=True, slots=True)
class Entry:
    """One URL of the sitemap with the date it last changed."""

    loc: str
    lastmod: datetime | None
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, URL) of every version of an article, x-default


def entries(archive: Archive, lists: Iterable[ArticleList], urls: Urls, per_page: int) -> Iterator[Entry]:
    """Yield every HTML page worth indexing: articles, pages of ``lists`` (collate.article_lists), overviews
    (not 404 or redirects)."""
    for article in archive.articles + archive.pages:
        yield Entry(urls.full(urls.article(article)), article.modified, urls.alternates(archive.versions(article)))
    for listing in lists:
        for items, pager in list_pages(listing, urls, per_page):
            yield Entry(urls.full(pager.url), newest(items) if items else None)
    latest = newest(archive.articles) if archive.articles else None
    for kind in (*(k.kind for k in TERM_KINDS), "year"):
        yield Entry(urls.full(urls.overview(kind)), latest)
    yield Entry(urls.full(urls.search()), None)
    for code in archive.views[1:]:  # the search page of each language besides the site's
        yield Entry(urls.full(urls.search(code)), None)


def _urlset(chunk: list[Entry]) -> bytes:
    rows = "".join(
        f"<url><loc>{text(e.loc)}</loc>"
        + (f"<lastmod>{e.lastmod.isoformat()}</lastmod>" if e.lastmod else "")
        + "".join(f'<xhtml:link rel="alternate" hreflang="{text(code)}" href="{text(href)}"/>'
                  for code, href in e.alternates)
        + "</url>\n"
        for e in chunk
    )  # fmt: skip
    spaces = f'xmlns="{NS}"' + (f' xmlns:xhtml="{XHTML}"' if any(e.alternates for e in chunk) else "")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {spaces}>\n{rows}</urlset>\n'.encode()


def sitemap_files(all_entries: list[Entry], urls: Urls, limit: int = MAX_URLS) -> Iterator[OutputFile]:
    """Yield sitemap.xml, or a sitemap index plus sitemap-N.xml files when there are more than ``limit`` URLs."""
    if len(all_entries) <= limit:
        yield OutputFile(urls.sitemap_path(), _urlset(all_entries), "sitemap")
        return
    chunks = [all_entries[i : i + limit] for i in range(0, len(all_entries), limit)]
    rows = ""
    for number, chunk in enumerate(chunks, start=1):
        name = urls.sitemap_path(number)
        yield OutputFile(name, _urlset(chunk), "sitemap")
        changed = max((e.lastmod for e in chunk if e.lastmod), default=None)
        lastmod = f"<lastmod>{changed.isoformat()}</lastmod>" if changed else ""
        rows += f"<sitemap><loc>{text(urls.full(urls.url(name)))}</loc>{lastmod}</sitemap>\n"
    index = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NS}">\n{rows}</sitemapindex>\n'
    yield OutputFile(urls.sitemap_path(), index.encode(), "sitemap index")


def sitemap_tasks(
    archive: Archive, lists: Sequence[ArticleList], urls: Urls, per_page: int, keys: TaskKeys, limit: int = MAX_URLS
) -> list[Task]:
    """The sitemap files as tasks, keyed by what decides the URLs and dates in them (an article's place, date
    and terms), so a build after a body edit does not write the sitemap again. Their paths follow from the
    number of URLs, counted without making the entries; the entries are made once if some file is needed."""
    list_pages_count = sum(page_count(len(listing.articles), per_page) for listing in lists)
    count = len(archive.articles) + len(archive.pages) + list_pages_count + len(TERM_KINDS) + 2 + len(archive.views[1:])
    key = keys(
        "sitemap", per_page, limit, archive.languages, [_placed(a, urls) for a in archive.articles + archive.pages]
    )
    made = functools.cache(
        lambda: {f.path: f for f in sitemap_files(list(entries(archive, lists, urls, per_page)), urls, limit)}
    )
    names = [urls.sitemap_path()]  # alone, or last as the index of sitemap-N.xml
    if count > limit:
        names[:0] = [urls.sitemap_path(n) for n in range(1, -(-count // limit) + 1)]
    return [Task(name, "sitemap", _pick(made, name), key) for name in names]


def _placed(article: Article, urls: Urls) -> tuple[object, ...]:
    return (urls.article_path(article), article.modified.isoformat(), article.tags, article.categories,
            article.sources, article.authors, article.lang, article.translation_key)  # fmt: skip


def _pick(made: Callable[[], dict[str, OutputFile]], name: str) -> Callable[[], OutputFile]:
    return lambda: made()[name]


def robots(urls: Urls, keys: TaskKeys) -> Task:
    """Allow every crawler and name the sitemap."""
    body = f"User-agent: *\nAllow: /\n\nSitemap: {urls.full(urls.url(urls.sitemap_path()))}\n"
    return Task.ready(OutputFile(ROBOTS, body.encode(), ROBOTS), keys(ROBOTS))
