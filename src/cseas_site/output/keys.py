"""Digests of what each page shows, so an incremental build re-renders only pages whose inputs changed."""

from __future__ import annotations

import hashlib

from ..models import Article


def key_of(*parts: object) -> str:
    """Digest a tuple of plain values (strings, numbers, tuples): equal inputs, equal key, on any machine."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def shown(article: Article | None) -> tuple[object, ...]:
    """What a page can show of an article: its file, plus term names that depend on other articles."""
    if article is None:
        return ()
    return (article.digest, article.tags, article.categories, article.sources, article.authors)
