"""sitemap.xml (an index of several sitemaps beyond 50,000 URLs) and robots.txt naming it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from ..archive.collate import article_lists
from ..archive.paginate import list_pages
from ..archive.urls import Urls
from ..models import Archive, OutputFile
from .feeds import newest
from .xmltext import text

MAX_URLS = 50_000  # the sitemaps.org limit per file
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True, slots=True)
class Entry:
    """One URL of the sitemap with the date it last changed."""

    loc: str
    lastmod: datetime | None


def entries(archive: Archive, urls: Urls, per_page: int) -> Iterator[Entry]:
    """Yield every HTML page worth indexing: articles, list pages, overviews (not 404 or redirects)."""
    for article in archive.articles + archive.pages:
        yield Entry(urls.full(urls.article(article)), article.modified)
    for listing in article_lists(archive):
        for items, pager in list_pages(listing, urls, per_page):
            yield Entry(urls.full(pager.url), newest(items) if items else None)
    latest = newest(archive.articles) if archive.articles else None
    for kind in ("tag", "category", "source", "author", "year"):
        yield Entry(urls.full(urls.overview(kind)), latest)
    yield Entry(urls.full(urls.url("search/")), None)


def _urlset(chunk: list[Entry]) -> bytes:
    rows = "".join(
        f"<url><loc>{text(e.loc)}</loc>"
        + (f"<lastmod>{e.lastmod.isoformat()}</lastmod>" if e.lastmod else "")
        + "</url>\n"
        for e in chunk
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}">\n{rows}</urlset>\n'.encode()


def sitemap_files(all_entries: list[Entry], urls: Urls, limit: int = MAX_URLS) -> Iterator[OutputFile]:
    """Yield sitemap.xml, or a sitemap index plus sitemap-N.xml files when there are more than ``limit`` URLs."""
    if len(all_entries) <= limit:
        yield OutputFile("sitemap.xml", _urlset(all_entries), "sitemap")
        return
    chunks = [all_entries[i : i + limit] for i in range(0, len(all_entries), limit)]
    rows = ""
    for number, chunk in enumerate(chunks, start=1):
        name = f"sitemap-{number}.xml"
        yield OutputFile(name, _urlset(chunk), "sitemap")
        changed = max((e.lastmod for e in chunk if e.lastmod), default=None)
        lastmod = f"<lastmod>{changed.isoformat()}</lastmod>" if changed else ""
        rows += f"<sitemap><loc>{text(urls.full(urls.url(name)))}</loc>{lastmod}</sitemap>\n"
    index = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NS}">\n{rows}</sitemapindex>\n'
    yield OutputFile("sitemap.xml", index.encode(), "sitemap index")


def robots(urls: Urls) -> OutputFile:
    """Allow every crawler and name the sitemap."""
    body = f"User-agent: *\nAllow: /\n\nSitemap: {urls.full(urls.url('sitemap.xml'))}\n"
    return OutputFile("robots.txt", body.encode(), "robots.txt")
