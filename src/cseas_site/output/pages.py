"""Archive -> HTML pages: articles, paginated lists, overviews, 404 (one function per page kind)."""

from __future__ import annotations

from collections.abc import Iterator

from ..archive.paginate import paginate
from ..archive.urls import Urls, output_path
from ..models import Archive, Article, ListPage, OutputFile, Term
from .render import Renderer

LIST_TITLES = {"tag": "Tag: {}", "category": "Category: {}", "source": "Source: {}", "year": "Published in {}"}
OVERVIEW_TITLES = {"tag": "Tags", "category": "Categories", "source": "Sources"}


def article_pages(archive: Archive, renderer: Renderer, urls: Urls) -> Iterator[OutputFile]:
    """Render every article with links to its older and newer neighbours."""
    articles = archive.articles
    for index, article in enumerate(articles):
        newer = articles[index - 1] if index > 0 else None
        older = articles[index + 1] if index + 1 < len(articles) else None
        yield renderer.render(
            "article.html",
            output_path(urls.article_path(article)),
            article.path,
            article=article,
            newer=newer,
            older=older,
        )


def list_pages(
    renderer: Renderer, urls: Urls, kind: str, articles: tuple[Article, ...], per_page: int,
    title: str, key: str | None = None, term: Term | None = None,
) -> Iterator[OutputFile]:  # fmt: skip
    """Render one paginated list (home, a tag, a category, a source or a year)."""
    for items, pager in paginate(articles, per_page, lambda n: urls.list(kind, key, n)):
        page = ListPage(kind=kind, title=title, articles=items, pager=pager, term=term)  # type: ignore[arg-type]
        path = output_path(urls.list_path(kind, key, pager.number))
        yield renderer.render("list.html", path, f"{kind} list", page=page)


def all_list_pages(archive: Archive, renderer: Renderer, urls: Urls, per_page: int) -> Iterator[OutputFile]:
    """Render the home pages and every tag, category, source and year list."""
    yield from list_pages(renderer, urls, "index", archive.articles, per_page, "Latest news")
    for terms in (archive.tags, archive.categories, archive.sources):
        for term in terms:
            title = LIST_TITLES[term.kind].format(term.name)
            yield from list_pages(renderer, urls, term.kind, term.articles, per_page, title, term.name, term)
    for year in archive.years:
        title = LIST_TITLES["year"].format(year.year)
        yield from list_pages(renderer, urls, "year", year.articles, per_page, title, str(year.year))


def overview_pages(archive: Archive, renderer: Renderer, urls: Urls) -> Iterator[OutputFile]:
    """Render the tag, category and source overviews with counts, and the archive by year."""
    for kind, terms in (("tag", archive.tags), ("category", archive.categories), ("source", archive.sources)):
        path = output_path(urls.overview_path(kind))
        yield renderer.render(
            "terms.html", path, f"{kind} overview", kind=kind, title=OVERVIEW_TITLES[kind], terms=terms
        )
    yield renderer.render("archive.html", output_path(urls.overview_path("year")), "archive", years=archive.years)


def not_found_page(renderer: Renderer) -> OutputFile:
    """Render the page static hosts serve for a missing URL."""
    return renderer.render("404.html", "404.html", "404 page")
