"""Digests of what each page shows, so an incremental build re-renders only pages whose inputs changed."""

from __future__ import annotations

import hashlib

from ..models import Article


def key_of(*parts: object) -> str:
    """Digest a tuple of plain values (strings, numbers, tuples): equal inputs, equal key, on any machine."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def shown(article: Article) -> tuple[object, ...]:
    """What a page can show of an article: its file, plus term names that depend on other articles."""
    return (article.digest, article.tags, article.categories, article.sources, article.authors)


class Marks:
    """Each article's digest of ``shown``, worked out once per build: an article is on three article pages,
    a dozen list pages and feeds, and a page's key then digests short strings instead of nested tuples."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[Article, str]] = {}  # by id; holding the article keeps its id unique

    def __call__(self, article: Article | None) -> str:
        if article is None:
            return ""
        found = self._known.get(id(article))
        if found is None:
            found = self._known[id(article)] = (article, key_of(shown(article)))
        return found[1]
