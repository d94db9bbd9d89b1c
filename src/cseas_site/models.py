"""Frozen records that flow through the pipeline (standard library, lz4 and errors.py only)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Literal, Protocol

import lz4.block  # type: ignore[import-untyped]

from .errors import Problem


def N_(message: str) -> str:
    """Mark an interface string for the catalogs (pybabel extract finds it); it is translated where it is shown."""
    return message


TermKind = Literal["tag", "category", "source", "author"]
EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class KindOfTerm:
    """One kind of term articles are filed under, and every name it goes by."""

    kind: TermKind  # in code, templates and messages: "tag"
    field: str  # the Article attribute holding an article's names of this kind: "tags"
    section: str  # the URL folder of its pages: "tags" (see archive/urls.py)
    title: str  # the overview page's title: "Tags" (an English message id: see output/i18n.py)
    list_title: str  # the title of one term's list: "Tag: %(name)s" (a message id too)


# The one table of term kinds: collating, URLs, pages, feeds, the sitemap and templates all follow it, in order.
TERM_KINDS: tuple[KindOfTerm, ...] = (
    KindOfTerm("tag", "tags", "tags", N_("Tags"), N_("Tag: %(name)s")),
    KindOfTerm("category", "categories", "categories", N_("Categories"), N_("Category: %(name)s")),
    KindOfTerm("source", "sources", "sources", N_("Sources"), N_("Source: %(name)s")),
    KindOfTerm("author", "authors", "authors", N_("Authors"), N_("Author: %(name)s")),
)
TERM_KIND: Mapping[str, KindOfTerm] = MappingProxyType({k.kind: k for k in TERM_KINDS})


def pack(html: str) -> bytes:
    """Keep an article body compressed in memory and in the cache (LZ4: two fifths of its size): a large
    archive's bodies are most of a build's memory. Unpacked each time a page or feed shows it, three or four
    times a build: a news body of 8 KB packs in 15 µs and unpacks in 8 µs (zlib, at a third of the size, took
    61 and 32 µs: by these figures, about 1.3 s more CPU a cold build at 10,000 articles)."""
    return lz4.block.compress(html.encode("utf-8")) if html else b""


class Spilled(Protocol):
    """A packed body kept out of memory (cache/bodies.py): read when a page or feed shows it."""

    def read(self) -> bytes: ...


Body = bytes | Spilled  # a packed body, in memory or spilled


def unpack(packed: Body) -> str:
    if not isinstance(packed, bytes):
        packed = packed.read()
    return lz4.block.decompress(packed).decode("utf-8") if packed else ""


@dataclass(frozen=True, slots=True)
class Comment:
    """A reader's comment kept from the old site (imported with --comments): shown read-only."""

    author: str
    date: datetime
    text: str


@dataclass(frozen=True, slots=True)
class Correction:
    """A dated correction of a published article (front matter ``corrections:``): shown as a notice, and
    the article counts as modified at its date."""

    date: datetime
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """One validated article, ready to be collated and rendered."""

    path: str  # as given in messages, e.g. "content/2016/asean-japan.md"
    title: str
    slug: str
    date: datetime  # timezone-aware
    body: Body  # the body's HTML, packed (see pack), in memory or spilled; read it as body_html
    summary: str
    lang: str
    updated: datetime | None = None
    sources: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    draft: bool = False
    fmt: Literal["markdown", "text"] = "markdown"
    page: bool = False  # a standalone page (content/pages/): not in lists, feeds or term pages
    image: str = ""  # the featured image: a path of the site ("/uploads/2016/02/a.jpg") or an http(s) URL
    image_alt: str = ""
    featured: bool = False  # the site's lead story (WordPress's "sticky")
    comments: tuple[Comment, ...] = ()
    translation_key: str = ""  # the versions of one article in other languages share it
    source_url: str = ""  # where the report was first published (an http(s) address): "Originally published by"
    corrections: tuple[Correction, ...] = ()  # oldest first
    template: str = ""  # a standalone page's own template ("sources", "accessibility"): see docs/templates.md
    image_caption: str = ""
    words: int = 0  # words of the body's text: the reading time
    pictures: tuple[tuple[str, int], ...] = ()  # the body's image sources as written, each with its file line
    digest: str = ""  # hash of the source file's text and place (see load/loader.py)
    placed: str = ""  # what decides its places in the sitemap, digested when the file is read (load/parsed.py)
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY, compare=False, hash=False)
    lines: Mapping[str, int] = field(default_factory=lambda: EMPTY, compare=False, hash=False)  # key -> file line

    def line(self, key: str) -> int:
        """The file line of a front-matter key (1 when the file does not set it)."""
        return self.lines.get(key, 1)

    @property
    def body_html(self) -> str:
        """Return the body's HTML."""
        return unpack(self.body)

    @property
    def year(self) -> int:
        """Return the year of publication in the article's own offset."""
        return self.date.year

    @property
    def modified(self) -> datetime:
        """Return the last modification date: the latest of the update and the corrections (publication date
        if neither)."""
        changed = self.updated or self.date
        return max(changed, self.corrections[-1].date) if self.corrections else changed


@dataclass(frozen=True, slots=True)
class Term:
    """A tag, category or source agency, with every article filed under it."""

    kind: TermKind
    name: str
    slug: str
    articles: tuple[Article, ...]

    @property
    def count(self) -> int:
        """Return how many articles carry this term."""
        return len(self.articles)


@dataclass(frozen=True, slots=True)
class Year:
    """The articles published in one calendar year."""

    year: int
    articles: tuple[Article, ...]
    # months(), once worked out: a long-running process (serve) keeps the years an edit did not touch, and the
    # archive page shows every year's months at every build
    _months: list[tuple[Month, ...]] = field(default_factory=list, init=False, compare=False, repr=False)

    @property
    def count(self) -> int:
        """Return how many articles were published that year."""
        return len(self.articles)

    def months(self) -> tuple[Month, ...]:
        """Return the year's months that have articles, newest first (the articles' own offsets decide)."""
        if not self._months:
            by_month: dict[int, list[Article]] = {}
            for article in self.articles:
                by_month.setdefault(article.date.month, []).append(article)
            self._months.append(tuple(Month(self.year, m, tuple(by_month[m])) for m in sorted(by_month, reverse=True)))
        return self._months[0]


@dataclass(frozen=True, slots=True)
class Month:
    """The articles published in one month of a year."""

    year: int
    month: int
    articles: tuple[Article, ...]

    @property
    def name(self) -> str:
        """Return the month as a list names it: '2016-02'."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def count(self) -> int:
        """Return how many articles were published that month."""
        return len(self.articles)


@dataclass(frozen=True, slots=True)
class Pager:
    """Position of one page within a paginated list (archive/paginate.py: pages numbered from the newest, or
    ``fixed``: from the oldest, the front page numbered ``total``)."""

    number: int  # 1-based
    total: int
    urls: Sequence[str]  # the URL of every page, index 0 = page 1 (archive/paginate.PageUrls)
    fixed: bool = False  # numbered from the oldest, each page but the front one keeping its articles for good

    @property
    def front(self) -> bool:
        """Whether this is the list's front page (its newest articles, at the list's own address)."""
        return self.number == (self.total if self.fixed else 1)

    @property
    def stable(self) -> bool:
        """Whether this page keeps its articles as the list grows (a fixed page but the front one): it shows
        nothing of the whole list (its count, a year's months), so a new article leaves it as it is."""
        return self.fixed and not self.front

    @property
    def prev_url(self) -> str | None:
        """Return the URL of the page of newer articles, if any."""
        newer = self.number + 1 if self.fixed else self.number - 1
        return self.urls[newer - 1] if 1 <= newer <= self.total else None

    @property
    def next_url(self) -> str | None:
        """Return the URL of the page of older articles, if any."""
        older = self.number - 1 if self.fixed else self.number + 1
        return self.urls[older - 1] if 1 <= older <= self.total else None

    @property
    def url(self) -> str:
        """Return this page's own URL."""
        return self.urls[self.number - 1]

    def window(self, around: int = 2) -> tuple[tuple[int, str] | None, ...]:
        """Return the page links to show, newest first: the front page, the last one and ``around`` on each
        side of this one; None for a gap. With fixed pages, a page but the front one leaves out the front
        page's number (it grows with the list; "Newer" leads there), so that the page stays as it is."""
        ends = {1} if self.stable else {1, self.total}
        wanted = {*ends, *range(self.number - around, self.number + around + 1)}
        top = self.total - 1 if self.stable else self.total
        numbers = sorted((n for n in wanted if 1 <= n <= top), reverse=self.fixed)
        shown: list[tuple[int, str] | None] = []
        for n in numbers:
            if shown and shown[-1] is not None and abs(n - shown[-1][0]) > 1:
                shown.append(None)
            shown.append((n, self.urls[n - 1]))
        return tuple(shown)


@dataclass(frozen=True, slots=True)
class ListPage:
    """One page of a paginated list of articles (home, tag, source, year ...)."""

    source: ArticleList
    articles: tuple[Article, ...]  # the articles on this page
    pager: Pager

    @property
    def kind(self) -> ListKind:
        """Return what the list shows: index, tag, category, source, author or year."""
        return self.source.kind

    @property
    def lang(self) -> str | None:
        """Return the language of the list's view (None: every language)."""
        return self.source.lang

    @property
    def term(self) -> Term | None:
        """Return the term the list shows, if any."""
        return self.source.term


ListKind = Literal["index", "tag", "category", "source", "author", "year", "month"]


@dataclass(frozen=True, slots=True)
class ArticleList:
    """A list of articles that gets pages and feeds: the home list, one term, or one year."""

    kind: ListKind
    name: str | None  # the term's name, the year ("2016") or the month ("2016-02"); None for the home list
    articles: tuple[Article, ...]
    term: Term | None = None
    lang: str | None = None  # the view of one language (/id/, /id/tags/x/); None: the mixed archive
    year: Year | None = field(default=None, compare=False)  # a year's list: the year (its months, worked out once)


@dataclass(frozen=True, slots=True)
class Archive:
    """The whole collated site: articles newest first and every grouping."""

    articles: tuple[Article, ...]
    tags: tuple[Term, ...]
    categories: tuple[Term, ...]
    sources: tuple[Term, ...]
    authors: tuple[Term, ...]
    years: tuple[Year, ...]
    pages: tuple[Article, ...] = ()
    warnings: tuple[Problem, ...] = ()  # found while collating (an alias one capital away from a page ...)
    languages: tuple[str, ...] = ("en",)  # the site's language first; each has its own view when there are two
    translations: Mapping[str, tuple[Article, ...]] = field(
        default_factory=lambda: EMPTY
    )  # translation_key -> its versions, by language

    def versions(self, article: Article) -> tuple[Article, ...]:
        """Return every version of an article (itself included, ordered by language), or () when it has none."""
        found: tuple[Article, ...] = (
            self.translations.get(article.translation_key, ()) if article.translation_key else ()
        )
        return found if len(found) > 1 else ()

    @property
    def views(self) -> tuple[str, ...]:
        """Return the languages that get views of their own (none on a site in one language)."""
        return self.languages if len(self.languages) > 1 else ()

    def terms(self) -> tuple[tuple[Term, ...], ...]:
        """Return every grouping by term, in the order of TERM_KINDS: tags, categories, sources, authors."""
        return tuple(self.terms_of(kind.kind) for kind in TERM_KINDS)

    def terms_of(self, kind: TermKind) -> tuple[Term, ...]:
        """Return the terms of one kind (its field has the same name as the articles' field)."""
        terms: tuple[Term, ...] = getattr(self, TERM_KIND[kind].field)
        return terms


@dataclass(frozen=True, slots=True)
class OutputFile:
    """Bytes destined for one path inside the output folder."""

    path: str  # relative, POSIX separators, e.g. "tags/japan/index.html"
    data: bytes
    origin: str  # what produced it, for collision messages


@dataclass(frozen=True, slots=True)
class Task:
    """One output file still to be made: its path is known before its bytes (for checks and parallel work)."""

    path: str
    origin: str
    make: Callable[[], OutputFile]
    key: str  # digest of everything the bytes depend on: the task is made again if and only if it changes
    # Tasks of one batch share what a process makes for them (the feeds: each article's entry) and are made by
    # one worker, in one run (write/executor.py); "" for none.
    batch: str = ""

    @classmethod
    def ready(cls, item: OutputFile, key: str) -> Task:
        """Wrap bytes that are already made (``key``: a digest of what they were made from)."""
        return cls(item.path, item.origin, lambda: item, key)

    @classmethod
    def kept(cls, path: str, origin: str, key: str) -> Task:
        """A file the live site already holds with this key, not planned again (output/keys.Groups): it can
        never be made, so it is only ever planned on top of that very site (write/publish checks)."""
        return cls(path, origin, _never_made, key)

    @property
    def is_kept(self) -> bool:
        return self.make is _never_made


def _never_made() -> OutputFile:
    raise AssertionError("a kept task is never made: its file is the live site's")
