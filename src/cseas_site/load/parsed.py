"""The record of one loaded file: everything read from it, problems included (for ``inspect``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from operator import itemgetter
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from ..digests import key_of
from ..errors import Problem, errors_in
from ..models import EMPTY, Article, Body, Comment, Correction, unpack

Fmt = Literal["markdown", "text"]


class Parsed(NamedTuple):
    """Everything read from one file, even when it has problems (for ``inspect``). A named tuple, not a frozen
    dataclass: the parse cache reads 10,000 of these at each build, and a tuple is made in a fraction of the
    time a frozen dataclass takes to set thirty fields one by one (see ``__reduce__``)."""

    path: str
    fmt: Fmt
    title: str | None = None
    slug: str | None = None
    date: datetime | None = None
    updated: datetime | None = None
    sources: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    lang: str = "en"
    summary: str = ""
    draft: bool = False
    page: bool = False
    image: str = ""
    image_alt: str = ""
    featured: bool = False
    comments: tuple[Comment, ...] = ()
    translation_key: str = ""
    source_url: str = ""
    corrections: tuple[Correction, ...] = ()
    template: str = ""
    image_caption: str = ""
    words: int = 0
    pictures: tuple[tuple[str, int], ...] = ()  # the body's image sources, each with the file line naming it
    digest: str = ""  # hash of the file's text and place: what incremental builds compare
    placed: str = ""  # what decides its places in the sitemap (placed_digest)
    body: bytes = b""  # the body's HTML, packed (models.pack); read it as body_html
    extra: Mapping[str, Any] = EMPTY
    lines: Mapping[str, int] = EMPTY  # the file line of each front-matter key
    problems: tuple[Problem, ...] = ()

    @property
    def body_html(self) -> str:
        """Return the body's HTML."""
        return unpack(self.body)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle as one tuple of plain values, for the parse cache and worker processes: ``extra``'s and
        ``lines``' read-only proxies (which pickle refuses) go as dicts, and the record is made again as a
        tuple in one call, not through thirty arguments."""
        values: list[Any] = list(self)
        for index in _MAPPINGS_AT:
            values[index] = dict(values[index])
        return _unpickle_parsed, (tuple(values),)

    def article(self, keep: Callable[[bytes], Body] | None = None) -> Article | None:
        """Return the validated Article, or None when an error was found; ``keep``: what the article holds of
        the packed body (cache/bodies.py; default: the bytes)."""
        if errors_in(self.problems) or self.title is None or self.date is None or not self.slug:
            return None
        values = _ARTICLE_VALUES(self)
        if keep is not None:
            values = (*values[:_BODY_AT], keep(self.body), *values[_BODY_AT + 1 :])
        return Article(*values)


_PARSED_FIELDS = Parsed._fields
# every field of Article, by name, in its order, picked from a Parsed by position: one call, not thirty
_ARTICLE_VALUES = itemgetter(*map(_PARSED_FIELDS.index, Article.__dataclass_fields__))
_BODY_AT = tuple(Article.__dataclass_fields__).index("body")
_MAPPINGS_AT = (_PARSED_FIELDS.index("extra"), _PARSED_FIELDS.index("lines"))  # read-only proxies: sent as dicts
_new_parsed = tuple.__new__


def _unpickle_parsed(values: tuple[Any, ...]) -> Parsed:
    fixed = list(values)
    for index in _MAPPINGS_AT:
        fixed[index] = MappingProxyType(fixed[index])
    return _new_parsed(Parsed, fixed)


def placed_digest(article: Parsed | Article) -> str:
    """The digest of what decides an article's places in the sitemap but its path: its dates (the last change's
    is each place's date), the lists it is in (its terms, language and year; as written: every article's
    spellings decide the names the archive shows) and its versions in other languages. Worked out once, when its
    file is read, and kept with the parse result: the sitemap's key digests one of these per article instead
    of formatting 10,000 dates at each build. The article's text is not in it: a body edit leaves it as it was."""
    when = [d.isoformat() for d in (article.date, article.updated, *(c.date for c in article.corrections)) if d]
    fields = (article.tags, article.categories, article.sources, article.authors)
    return key_of("placed", article.slug, when, fields, article.lang, article.translation_key, article.page)
