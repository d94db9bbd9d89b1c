"""The record of one loaded file: everything read from it, problems included (for ``inspect``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from types import MappingProxyType
from typing import Any, Literal

from ..errors import Problem, errors_in
from ..models import EMPTY, Article, Body, Comment, Correction, unpack

Fmt = Literal["markdown", "text"]


@dataclass(frozen=True, slots=True)
class Parsed:
    """Everything read from one file, even when it has problems (for ``inspect``)."""

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
    body: bytes = b""  # the body's HTML, packed (models.pack); read it as body_html
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    lines: Mapping[str, int] = field(default_factory=lambda: EMPTY)  # the file line of each front-matter key
    problems: tuple[Problem, ...] = ()

    @property
    def body_html(self) -> str:
        """Return the body's HTML."""
        return unpack(self.body)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle as a tuple of plain values, for the parse cache and worker processes: quicker than a
        dataclass's state dict, and ``extra``'s read-only proxy (which pickle refuses) goes as a dict."""
        values = list(_PARSED_VALUES(self))
        for index in _MAPPINGS_AT:
            values[index] = dict(values[index])
        return _unpickle_parsed, tuple(values)

    def article(self, keep: Callable[[bytes], Body] | None = None) -> Article | None:
        """Return the validated Article, or None when an error was found; ``keep``: what the article holds of
        the packed body (cache/bodies.py; default: the bytes)."""
        if errors_in(self.problems) or self.title is None or self.date is None or not self.slug:
            return None
        values = _ARTICLE_VALUES(self)  # every field of Article, by name, in its order: one call, not thirty
        if keep is not None:
            values = (*values[:_BODY_AT], keep(self.body), *values[_BODY_AT + 1 :])
        return Article(*values)


_PARSED_FIELDS = tuple(Parsed.__dataclass_fields__)
_PARSED_VALUES = attrgetter(*_PARSED_FIELDS)
_ARTICLE_VALUES = attrgetter(*Article.__dataclass_fields__)  # Parsed has every field an Article has
_BODY_AT = tuple(Article.__dataclass_fields__).index("body")
_MAPPINGS_AT = (_PARSED_FIELDS.index("extra"), _PARSED_FIELDS.index("lines"))  # read-only proxies: sent as dicts


def _unpickle_parsed(*values: Any) -> Parsed:
    fixed = list(values)
    for index in _MAPPINGS_AT:
        fixed[index] = MappingProxyType(fixed[index])
    return Parsed(*fixed)
