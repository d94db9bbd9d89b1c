"""An article's "Cite this": the parts of its APA reference (the template writes it, Jinja escapes it), and the
BibTeX, RIS and CSL-JSON a reader downloads (data: links in the page), written by bibtexparser (values escaped
for LaTeX by pylatexenc), rispy and json: no reference format is glued together by hand here."""

from __future__ import annotations

import base64
import marshal
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache, partial
from typing import Any

import lz4.block  # type: ignore[import-untyped]
from babel.dates import format_date

from ..archive.urls import Urls
from ..config import Config
from ..models import Article
from .i18n import locale_of
from .jsontext import indented

MIME = {"bib": "application/x-bibtex", "ris": "application/x-research-info-systems",
        "json": "application/vnd.citationstyles.csl+json"}  # fmt: skip
_APA_DATE = {"en": "y, MMMM d"}  # APA's "(2016, February 17)"; other languages put the day first
_KEY = re.compile(r"[^a-z0-9]+")

# BibTeX's special characters become LaTeX commands; everything else (accents, Indonesian or Vietnamese
# letters, curly quotes) stays as it is: BibTeX files are UTF-8 today (biblatex, Zotero, JabRef read them).
_SPECIAL = {ord(c): "\\" + c for c in "&%$#_{}"}
_SPECIAL.update({ord("\\"): r"\textbackslash{}", ord("~"): r"\textasciitilde{}", ord("^"): r"\^{}"})
_NEEDS_LATEX = frozenset(chr(c) for c in _SPECIAL)

# bibtexparser, pylatexenc and rispy are imported when a citation is first made, not with this module: a build
# that makes none (nothing changed, or an edit of a body: see ``cited``) does without them (about 17 ms of a
# process's 0.23 s of imports, measured in the process).


@cache
def _latex_encoder() -> Any:
    from pylatexenc.latexencode import (
        RULE_CALLABLE,
        RULE_DICT,
        UnicodeToLatexConversionRule,
        UnicodeToLatexEncoder,
    )

    return UnicodeToLatexEncoder(
        conversion_rules=[
            UnicodeToLatexConversionRule(RULE_DICT, _SPECIAL),
            UnicodeToLatexConversionRule(RULE_CALLABLE, lambda text, at: (1, text[at])),  # keep the rest
        ]
    )


def _latex(value: str) -> str:
    """A value as BibTeX must hold it (pylatexenc escapes the special characters; most values have none)."""
    return str(_latex_encoder().unicode_to_latex(value)) if not _NEEDS_LATEX.isdisjoint(value) else value


@dataclass(frozen=True, slots=True)
class Cite:
    """What the template's "Cite this" box shows (the template variable ``cite``)."""

    creators: str  # "Vietnam News Agency", "Jane Doe, & Budi Santoso"
    apa_date: str  # "2016, February 17"
    container: str  # the site's title
    url: str  # the article's public URL
    links: dict[str, str]  # "bib", "ris", "json" -> the download's data: URL
    files: dict[str, str]  # "bib", "ris", "json" -> the name it is saved as


def creators(article: Article, config: Config) -> tuple[tuple[str, ...], bool]:
    """Who is cited as the author: the article's authors (people), else its news agencies, else the site
    (organisations); and whether they are organisations."""
    if article.authors:
        return article.authors, False
    return (article.sources or (config.author or config.title,)), True


def apa_names(names: tuple[str, ...]) -> str:
    """Names as APA lists them: 'A', 'A & B', 'A, B, & C' (names as written: they are not split)."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + (", & " if len(names) > 2 else " & ") + names[-1]


Kept = Callable[[Article, str, Callable[[], bytes], tuple[object, ...]], bytes]  # output/render.Renderer.kept


def cited(article: Article, urls: Urls) -> tuple[object, ...]:
    """Everything of an article that its citations read (site.yaml aside, which every page's key holds): they
    are kept between builds under its digest, so an edit of the body, the summary or the image keeps them."""
    return (urls.article(article), article.title, article.authors, article.sources, article.date.isoformat(),
            article.lang, article.slug, article.tags)  # fmt: skip


def cite_of(article: Article, urls: Urls, config: Config, kept: Kept | None = None) -> Cite:
    """What an article's "Cite this" box shows; ``kept``: where what it is made of is kept between builds
    (Renderer.kept: a template edit makes every article page again, and citations took a tenth of that).

    The three citation files are links with ``download="name"``, their bytes in the page itself as data: URLs,
    not files beside it: 30,000 more files on a site of 10,000 articles would cost every build and every
    upload, for downloads a few readers make. In base64: 4 characters for 3 bytes, where percent-encoding made
    2.3 of each byte of BibTeX (and 3 of each byte of a letter outside ASCII), and encoded in C where urllib's
    quote took a Python step per byte (a tenth of an article page's time)."""
    if kept is None:
        texts = _cite_texts(article, urls, config)
    else:
        packed = kept(article, "cite", partial(_packed, article, urls, config), cited(article, urls))
        texts = marshal.loads(lz4.block.decompress(packed))
    names, when, container, url, *made = texts
    key = citation_key(article)
    links = {
        fmt: f"data:{MIME[fmt]};charset=utf-8;base64,{_base64(text)}" for fmt, text in zip(_MAKERS, made, strict=True)
    }
    return Cite(names, when, container, url, links, {fmt: f"{key}.{fmt}" for fmt in _MAKERS})


def _cite_texts(article: Article, urls: Urls, config: Config) -> tuple[str, ...]:
    """The box's creators, date, container and URL, then the BibTeX, RIS and CSL-JSON files (as _MAKERS)."""
    names, _ = creators(article, config)
    when = apa_date(article.date.date(), article.lang)
    made = tuple(make(article, urls, config) for make in _MAKERS.values())
    return (apa_names(names), when, config.title, urls.full(urls.article(article)), *made)


@lru_cache(maxsize=4096)
def apa_date(day: date, lang: str) -> str:
    """A day as APA writes it in the article's language: '2016, February 17', '2016, 17 Februari' (once a day:
    Babel looks the locale's names up at each call)."""
    return str(format_date(day, _APA_DATE.get(lang, "y, d MMMM"), locale=locale_of(lang)))


def _packed(article: Article, urls: Urls, config: Config) -> bytes:
    return lz4.block.compress(marshal.dumps(_cite_texts(article, urls, config)))  # type: ignore[no-any-return]


def csl_item(article: Article, urls: Urls, config: Config) -> dict[str, Any]:
    """The article as one CSL-JSON item (what Zotero, Mendeley and citeproc read)."""
    names, _ = creators(article, config)
    item: dict[str, Any] = {
        "id": citation_key(article),
        "type": "article-newspaper",
        "title": article.title,
        "author": [{"literal": name} for name in names],
        "issued": {"date-parts": [[article.date.year, article.date.month, article.date.day]]},
        "container-title": config.title,
        "publisher": config.author or config.title,
        "URL": urls.full(urls.article(article)),
        "language": article.lang,
    }
    if article.tags:
        item["keyword"] = ", ".join(article.tags)
    if article.authors and article.sources:
        item["source"] = ", ".join(article.sources)
    return item


def citation_key(article: Article) -> str:
    """A BibTeX key: 'cseas2016-prospects-of-asean-japan-cooperation'."""
    words = _KEY.sub("-", article.slug.lower()).strip("-")[:48].strip("-")
    return f"cseas{article.date.year}-{words or 'article'}"


def bibtex(article: Article, urls: Urls, config: Config) -> str:
    """The article as a biblatex @online entry."""
    names, organisations = creators(article, config)
    latex = _latex
    # An organisation's name in braces: BibTeX would otherwise read "Vietnam News Agency" as a person.
    author = " and ".join(("{" + latex(n) + "}") if organisations else latex(n) for n in names)
    fields = [
        ("author", author),
        ("title", latex(article.title)),
        ("date", article.date.date().isoformat()),
        ("year", str(article.date.year)),
        ("organization", latex(config.title)),
        ("url", urls.full(urls.article(article))),
        ("langid", latex(article.lang)),
    ]
    if article.tags:
        fields.append(("keywords", latex(", ".join(article.tags))))
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.middlewares.parsestack import default_unparse_stack
    from bibtexparser.model import Entry, Field

    library = Library()
    library.add(Entry("online", citation_key(article), [Field(key, value) for key, value in fields]))
    # in place: the library is ours and thrown away (the default stack deep-copies it, a tenth of a page's time)
    return str(write_string(library, unparse_stack=default_unparse_stack(allow_inplace_modification=True)))


@cache
def _ris_dumps() -> Callable[[list[dict[str, Any]]], str]:
    """rispy.dumps with a writer that leaves out rispy's numbered header line before each reference."""
    import rispy

    class Ris(rispy.RisWriter):  # type: ignore[misc]
        def set_header(self, count: int) -> str:
            return ""

    return partial(rispy.dumps, implementation=Ris)


def ris(article: Article, urls: Urls, config: Config) -> str:
    """The article as one RIS reference (TY NEWS)."""
    names, _ = creators(article, config)
    reference: dict[str, Any] = {
        "type_of_reference": "NEWS",
        "title": article.title,
        "authors": list(names),
        "year": str(article.date.year),
        "date": article.date.strftime("%Y/%m/%d/"),
        "secondary_title": config.title,
        "publisher": config.author or config.title,
        "urls": [urls.full(urls.article(article))],
        "language": article.lang,
    }
    if article.tags:
        reference["keywords"] = list(article.tags)
    return str(_ris_dumps()([reference])) + "\n"


def csl_json(article: Article, urls: Urls, config: Config) -> str:
    return indented([csl_item(article, urls, config)]) + "\n"


_MAKERS = {"bib": bibtex, "ris": ris, "json": csl_json}


def _base64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")
