"""Archive -> HTML page tasks: articles, paginated lists, overviews, 404, search (one function per page kind)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from functools import partial

from ..archive.collate import article_lists
from ..archive.paginate import list_pages as paginated
from ..archive.urls import NOT_FOUND, Urls, output_path
from ..models import TERM_KINDS, Archive, Article, ArticleList, ListPage, OutputFile, Task
from .keys import TaskKeys
from .render import Renderer

ARCHIVE_TITLE = "Archive"


def _task(renderer: Renderer, template: str, path: str, origin: str, key: str, **context: object) -> Task:
    return Task(path, origin, partial(renderer.render, template, path, origin, **context), key)


def article_pages(archive: Archive, renderer: Renderer, urls: Urls, keys: TaskKeys) -> Iterator[Task]:
    """Every article, with links to its older and newer neighbours."""
    articles = archive.articles
    for index, article in enumerate(articles):
        newer = articles[index - 1] if index > 0 else None
        older = articles[index + 1] if index + 1 < len(articles) else None
        path = output_path(urls.article_path(article))
        key = keys("article", keys.article(article), keys.article(older), keys.article(newer))
        yield Task(path, article.path, partial(_render_article, renderer, article, older, newer, path), key)


def _render_article(
    renderer: Renderer, article: Article, older: Article | None, newer: Article | None, path: str
) -> OutputFile:
    meta = renderer.seo.article(article)
    return renderer.render("article.html", path, article.path, article=article, newer=newer, older=older, meta=meta)


def standalone_pages(archive: Archive, renderer: Renderer, urls: Urls, keys: TaskKeys) -> Iterator[Task]:
    """The pages from content/pages/ (About, Contact ...)."""
    for item in archive.pages:
        meta = dataclasses.replace(renderer.seo.page(item.title, urls.article(item), item.summary), lang=item.lang)
        path = output_path(urls.article_path(item))
        yield _task(renderer, "page.html", path, item.path, keys("page", item.digest), article=item, meta=meta)


def _render_list(renderer: Renderer, page: ListPage, path: str) -> OutputFile:
    meta = renderer.seo.list_page(page)
    return renderer.render("list.html", path, f"{page.kind} list", page=page, meta=meta)


def list_pages(listing: ArticleList, renderer: Renderer, urls: Urls, per_page: int, keys: TaskKeys) -> Iterator[Task]:
    """One paginated list (home, a tag, a category, a source, an author or a year)."""
    for items, pager in paginated(listing, urls, per_page):
        path = output_path(urls.list_path(listing.kind, listing.name, pager.number))
        page = ListPage(source=listing, articles=items, pager=pager)
        count = listing.term.count if listing.term else len(listing.articles)
        key = keys(
            "list", listing.kind, listing.name, listing.title, count, pager.number, pager.total,
            *map(keys.article, items),
        )  # fmt: skip
        yield Task(path, f"{listing.kind} list", partial(_render_list, renderer, page, path), key)


def all_list_pages(archive: Archive, renderer: Renderer, urls: Urls, per_page: int, keys: TaskKeys) -> Iterator[Task]:
    """The home pages and every tag, category, source, author and year list."""
    for listing in article_lists(archive):
        yield from list_pages(listing, renderer, urls, per_page, keys)


def overview_pages(archive: Archive, renderer: Renderer, urls: Urls, keys: TaskKeys) -> Iterator[Task]:
    """The overview of each kind of term with counts, and the archive by year."""
    for kind in TERM_KINDS:
        terms = archive.terms_of(kind.kind)
        path = output_path(urls.overview_path(kind.kind))
        meta = renderer.seo.page(kind.title, urls.overview(kind.kind))
        key = keys("overview", kind.kind, [(t.name, t.slug, t.count) for t in terms])
        context = {"kind": kind.kind, "title": kind.title, "terms": terms, "meta": meta}
        yield _task(renderer, "terms.html", path, f"{kind.kind} overview", key, **context)
    meta = renderer.seo.page(ARCHIVE_TITLE, urls.overview("year"))
    key = keys("archive", [(y.year, y.count) for y in archive.years])
    path = output_path(urls.overview_path("year"))
    yield _task(renderer, "archive.html", path, "archive", key, years=archive.years, meta=meta)


def not_found_page(renderer: Renderer, keys: TaskKeys) -> Task:
    """The page static hosts serve for a missing URL."""
    meta = renderer.seo.page("Page not found", renderer.seo.urls.not_found())
    return _task(renderer, "404.html", NOT_FOUND, "404 page", keys("404"), meta=meta)


def search_page(renderer: Renderer, enabled: bool, keys: TaskKeys) -> Task:
    """The search page (it says so when the site was built with --no-search)."""
    urls = renderer.seo.urls
    meta = renderer.seo.page("Search", urls.search())
    key = keys("search", enabled)
    return _task(renderer, "search.html", urls.search_path(), "search page", key, meta=meta, enabled=enabled)
