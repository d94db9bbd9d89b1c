"""Split a list of articles into numbered pages, in one of two ways (site.yaml ``pagination``):

- ``newest`` (as WordPress, Hugo and Pelican number them): page 1 is the front page with the newest articles,
  page 2 the next ones, and so on. A new article moves every article one place on: every page of each list it
  is in changes, and a build after it makes them all again (1,900 pages for one article in a 10,000-article
  archive), as does every upload of the site.
- ``fixed`` (as Nikola's static indexes): pages are numbered from the oldest, and each page but the front one
  holds ``per_page`` articles that stay on it for good (/page/1/ the oldest). The front page holds the newest
  rest: ``per_page`` to ``2 * per_page - 1`` articles once the list has that many. A new article changes the
  front page alone, and every ``per_page`` articles a new numbered page appears below it. A page's address
  keeps showing what it showed (links into the archive, search engines, caches); the cost is numbers that count
  up from the oldest page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import overload

from ..models import Article, ArticleList, Pager
from .urls import Urls

Span = tuple[int, int, int]  # a page's number and the slice of the list (newest first) it shows: start, stop


def page_count(articles: int, per_page: int, fixed: bool = False) -> int:
    """How many pages a list of this many articles takes (an empty list still gets one)."""
    if fixed:
        return max(1, articles // per_page)
    return max(1, -(-articles // per_page))


def page_spans(
    articles: int, per_page: int, fixed: bool = False, first: int = 0, last: int | None = None
) -> list[Span]:
    """Each page of a list of this many articles, front page first: its number and the slice of the list it
    shows; ``first`` and ``last``: only those pages, as a slice of the whole (worked out alone: an edit plans
    again the pages near an article of a 10,000-page list, not all of them)."""
    total = page_count(articles, per_page, fixed)
    chosen = range(total)[first:last]
    if not fixed:
        return [(n, (n - 1) * per_page, min(n * per_page, articles)) for n in (i + 1 for i in chosen)]
    # page n (1 the oldest) holds the n-th run of per_page articles from the list's oldest end; the front page,
    # numbered total, comes first and holds the rest
    rest = articles - (total - 1) * per_page
    older = ((total - i, articles - (total - i) * per_page, articles - (total - i - 1) * per_page) for i in chosen if i)
    return [(total, 0, rest), *older] if 0 in chosen else list(older)


class PageUrls(Sequence[str]):
    """The URL of every page of a list, index 0 = page 1, each worked out when first asked for (a page links
    to a few: the pages of a 10,000-page list planned again after an edit need about five each)."""

    def __init__(self, total: int, url_of_page: Callable[[int], str]) -> None:
        self._total, self._url_of_page = total, url_of_page
        self._made: dict[int, str] = {}

    def __len__(self) -> int:
        return self._total

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(self._total)[index])
        number = range(1, self._total + 1)[index]  # IndexError beyond the pages, as a tuple's
        found = self._made.get(number)
        if found is None:
            found = self._made[number] = self._url_of_page(number)
        return found

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]


def paginate(
    articles: tuple[Article, ...], per_page: int, url_of_page: Callable[[int], str], fixed: bool = False,
    first: int = 0, last: int | None = None,
) -> list[tuple[tuple[Article, ...], Pager]]:  # fmt: skip
    """Return each page's articles with its Pager, front page first; an empty list still gives one page.
    ``url_of_page``: the URL of a page by its number; ``first``, ``last``: those pages only (a slice of all)."""
    total = page_count(len(articles), per_page, fixed)
    urls = PageUrls(total, url_of_page)
    return [
        (articles[start:stop], Pager(number=n, total=total, urls=urls, fixed=fixed))
        for n, start, stop in page_spans(len(articles), per_page, fixed, first, last)
    ]


def page_path(listing: ArticleList, urls: Urls, number: int, total: int, fixed: bool = False) -> str:
    """The path of a list's page by its number: with fixed pages, every page but the front one (numbered
    ``total``) is in the list's page/ folder, page/1/ included."""
    if fixed:
        front = number == total
        return urls.list_path(listing.kind, listing.name, 1 if front else number, listing.lang, numbered=not front)
    return urls.list_path(listing.kind, listing.name, number, listing.lang)


def list_pages(
    listing: ArticleList, urls: Urls, per_page: int, fixed: bool = False, first: int = 0, last: int | None = None
) -> list[tuple[tuple[Article, ...], Pager]]:
    """Paginate one article list with its own page URLs (``first``, ``last``: those pages only)."""
    total = page_count(len(listing.articles), per_page, fixed)

    def url_of_page(number: int) -> str:
        return urls.url(page_path(listing, urls, number, total, fixed))

    return paginate(listing.articles, per_page, url_of_page, fixed, first, last)
