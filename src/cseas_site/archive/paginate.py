"""Split a list of articles into numbered pages."""

from __future__ import annotations

from collections.abc import Callable

from ..models import Article, ArticleList, Pager
from .urls import Urls


def page_count(articles: int, per_page: int) -> int:
    """How many pages a list of this many articles takes (an empty list still gets one)."""
    return max(1, -(-articles // per_page))


def paginate(
    articles: tuple[Article, ...], per_page: int, url_of_page: Callable[[int], str]
) -> list[tuple[tuple[Article, ...], Pager]]:
    """Return each page's articles with its Pager; an empty list still gives one page."""
    total = page_count(len(articles), per_page)
    urls = tuple(url_of_page(n) for n in range(1, total + 1))
    return [
        (articles[(n - 1) * per_page : n * per_page], Pager(number=n, total=total, urls=urls))
        for n in range(1, total + 1)
    ]


def list_pages(listing: ArticleList, urls: Urls, per_page: int) -> list[tuple[tuple[Article, ...], Pager]]:
    """Paginate one article list with its own page URLs."""
    return paginate(listing.articles, per_page, lambda n: urls.list(listing.kind, listing.name, n, listing.lang))
