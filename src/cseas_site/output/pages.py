"""Archive -> HTML page tasks: articles, paginated lists, overviews, 404, search (one function per page kind)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from itertools import compress, islice
from operator import attrgetter, itemgetter
from typing import NamedTuple

from ..archive.collate import ListMemo, column_of, home_sections
from ..archive.paginate import list_pages as paginated
from ..archive.paginate import page_count, page_path
from ..archive.urls import NOT_FOUND, Urls, output_path
from ..config import Config
from ..models import N_, TERM_KINDS, Archive, Article, ArticleList, ListPage, Month, OutputFile, Task, Year
from .citations import cite_of
from .i18n import HOME_TITLE
from .keys import Groups, TaskKeys, bundle_key, bundled
from .render import Choice, Renderer

ARCHIVE_TITLE = N_("Archive")
NOT_FOUND_TITLE = N_("Page not found")
SEARCH_TITLE = N_("Search")


ARTICLE_TEMPLATE, LIST_TEMPLATE, HOME_TEMPLATE = "article.html", "list.html", "home.html"


def _task(
    renderer: Renderer, keys: TaskKeys, template: str, path: str, origin: str, shown: tuple[object, ...],
    lang: str | None = None, **context: object,
) -> Task:  # fmt: skip
    """A page rendered with ``template``, keyed by that template (with those it reads) and ``shown``."""
    render = partial(renderer.render, template, path, origin, lang, **context)
    return Task(path, origin, render, keys.page(template, *shown))


def _placed(article: Article, urls: Urls) -> tuple[str, str, str]:
    """What a link to another version of an article shows: its language, address and title."""
    return (article.lang, urls.article_path(article), article.title)


ARTICLE_GROUP = 64  # article pages per group, on average (see article_pages)


def article_pages(
    archive: Archive, renderer: Renderer, urls: Urls, keys: TaskKeys, groups: Groups | None = None,
    memo: ListMemo | None = None,
) -> Iterator[Task]:  # fmt: skip
    """Every article, with links to its older and newer neighbours and to its versions in other languages.
    With ``groups``, runs of articles whose pages the live site already shows as they are now are not planned
    again (output/keys.Groups); ``memo``: what the last build of this process found of each article (its file,
    whether it has versions: ListMemo.column)."""
    articles = archive.articles

    def pages(start: int, stop: int) -> Iterator[Task]:
        for index in range(start, stop):
            article = articles[index]
            newer = articles[index - 1] if index > 0 else None
            older = articles[index + 1] if index + 1 < len(articles) else None
            versions = archive.versions(article)
            path = output_path(urls.article_path(article))
            key = keys.page(ARTICLE_TEMPLATE, "article", keys.article(article), keys.article(older),
                            keys.article(newer), [_placed(v, urls) for v in versions])  # fmt: skip
            make = partial(_render_article, renderer, article, older, newer, versions, path)
            yield Task(path, article.path, make, key)

    if groups is None or not articles:
        yield from pages(0, len(articles))
        return
    # A run ends where an article's digest says so, not every ARTICLE_GROUP articles: an article added or
    # deleted then changes the runs around it, not every run after it. A run's key digests every article a
    # page of it shows (its own, and one neighbour on either side) and their versions: all a page's key and
    # path are made from.
    digests = keys.articles(articles)
    ends = map(_run_ends(ARTICLE_GROUP).__contains__, map(_TAIL, digests))  # (C speed: 100,000 articles)
    starts = [0, *compress(range(1, len(articles)), islice(ends, 1, None))]
    translated = column_of(memo, "translated", None, articles, _TRANSLATED)
    files = column_of(memo, "article files", None, articles, _PATH)
    for start, stop in zip(starts, [*starts[1:], len(articles)], strict=True):
        placed = [
            [_placed(v, urls) for v in archive.versions(a)]
            for a in compress(articles[start:stop], translated[start:stop])
        ]
        shown = keys.run(articles[max(start - 1, 0) : stop + 1])
        key = keys.page(ARTICLE_TEMPLATE, "article group", start > 0, stop < len(articles), shown, placed)
        yield from groups.plan(f"articles from {digests[start]}", key, files[start:stop], partial(pages, start, stop))


_TRANSLATED, _PATH = attrgetter("translation_key"), attrgetter("path")
_TAIL = itemgetter(slice(6, 8))  # a digest's seventh and eighth hexadecimal digits: see _run_ends


@cache
def _run_ends(group: int) -> frozenset[str]:
    """The seventh and eighth digits of the digests before which a run of article pages ends: a number that is
    0 modulo ``group`` (at most 256), so that a run holds about ``group`` articles."""
    return frozenset(f"{n:02x}" for n in range(0, 256, group))


WORDS_PER_MINUTE = 200  # reading time: a careful reader of news copy


def reading_minutes(article: Article) -> int:
    """Minutes an article takes to read, at least one."""
    return max(1, round(article.words / WORDS_PER_MINUTE))


def _render_article(
    renderer: Renderer, article: Article, older: Article | None, newer: Article | None,
    versions: tuple[Article, ...], path: str,
) -> OutputFile:  # fmt: skip
    meta = renderer.seo.article(article, versions)
    urls = renderer.seo.urls
    switch = renderer.switcher(article.lang, {v.lang: urls.article(v) for v in versions})
    context = {
        "article": article,
        "newer": newer,
        "older": older,
        "meta": meta,
        "versions": versions,
        "cite": cite_of(article, urls, renderer.seo.config, renderer.kept),
        "reading_minutes": reading_minutes(article),
    }
    return renderer.render(ARTICLE_TEMPLATE, path, article.path, article.lang, switch=switch, **context)


def standalone_pages(archive: Archive, renderer: Renderer, urls: Urls, keys: TaskKeys) -> Iterator[Task]:
    """The pages from content/pages/ (About, Contact ...), with their versions in other languages."""
    for item in archive.pages:
        versions = archive.versions(item)
        extra: dict[str, object] = {}
        if item.template == "sources":  # every agency, its count and newest report
            extra = {
                "sources": archive.sources,
                "descriptions": renderer.seo.config.term_descriptions.get("source", {}),
            }
        meta = renderer.seo.page(item.title, urls.article(item), item.summary, item.lang)
        meta = dataclasses.replace(meta, alternates=urls.alternates(versions))
        path = output_path(urls.article_path(item))
        shown = [(s.name, s.count, keys.article(s.articles[0])) for s in archive.sources] if extra else []
        template = f"{item.template}.html" if item.template else "page.html"
        placed = [_placed(v, urls) for v in versions]
        switch = renderer.switcher(item.lang, {v.lang: urls.article(v) for v in versions})
        context = {"article": item, "meta": meta, "versions": versions, "switch": switch, **extra}
        yield _task(renderer, keys, template, path, item.path, ("page", item.digest, placed, shown), item.lang,
                    **context)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Section:
    """A block of the home page: a category's newest articles and the link to all of them."""

    name: str
    url: str
    articles: tuple[Article, ...]


SECTION_SIZE = 4  # articles in a home-page block


@dataclass(frozen=True, slots=True)
class Front:
    """What the first page of a home list shows: the lead story, the latest articles, the sections."""

    lead: Article | None
    latest: tuple[Article, ...]
    sections: tuple[Section, ...]

    def shown(self) -> list[Article]:
        return [a for a in (self.lead, *self.latest, *(a for s in self.sections for a in s.articles)) if a]


def lead_of(articles: tuple[Article, ...], featured: Sequence[bool] | None = None) -> Article | None:
    """A home list's lead story: its newest featured article, else its newest (wherever it is in the list).
    Looked for at C speed (a home list may have none among 100,000 articles), in ``featured`` when given:
    whether each article is (ListMemo.column: a long-running process looks at the records that changed)."""
    flags = map(_FEATURED, articles) if featured is None else featured
    return next(compress(articles, flags), articles[0] if articles else None)


_FEATURED = attrgetter("featured")


def front(
    listing: ArticleList, first: tuple[Article, ...], archive: Archive, config: Config, urls: Urls, lead: Article | None
) -> Front:
    """The home page's lead (the newest featured article, else the newest), the rest of the list's first page
    (``first``: so that page 2 goes on where the front page ends), and a block per home section (site.yaml
    home_sections, within the list's language); ``lead``: the list's lead_of."""
    latest = tuple(a for a in first if a is not lead)
    sections = tuple(
        Section(name, urls.list("category", name, lang=listing.lang), items[:SECTION_SIZE])
        for name, items in home_sections(archive, config.home_sections, listing.lang)
    )
    return Front(lead, latest, sections)


@dataclass(frozen=True, slots=True)
class ListExtras:
    """What a list's pages show besides its articles: the term's description and feed, a year's months."""

    description: str = ""
    subscribe: str = ""  # the term's Atom feed
    months: tuple[Month, ...] = ()

    @classmethod
    def of(cls, listing: ArticleList, config: Config, urls: Urls, whole: bool = True) -> ListExtras:
        """``whole``: with what the whole list holds (a year's months); else only what does not change with it."""
        if listing.term:
            description = config.term_descriptions.get(listing.kind, {}).get(listing.name or "", "")
            return cls(description, urls.feed("atom", listing.kind, listing.name, listing.lang))
        if listing.kind == "year" and whole:
            year = listing.year or Year(int(listing.name or 0), listing.articles)
            return cls(months=year.months())
        return cls()

    def key(self) -> tuple[object, ...]:
        return (self.description, self.subscribe, [(m.name, m.count) for m in self.months])

    def context(self) -> dict[str, object]:
        return {"description": self.description, "subscribe": self.subscribe, "months": self.months}


def _render_list(
    renderer: Renderer, template: str, page: ListPage, path: str, switch: tuple[Choice, ...],
    context: dict[str, object],
) -> OutputFile:  # fmt: skip
    meta = renderer.seo.list_page(page)
    return renderer.render(template, path, f"{page.kind} list", page.lang, page=page, meta=meta, switch=switch,
                           **context)  # fmt: skip


LIST_GROUP = 64  # pages of a long list per group (see list_pages)


def list_pages(
    listing: ArticleList, present: set[str], renderer: Renderer, urls: Urls, per_page: int, keys: TaskKeys,
    archive: Archive | None = None, groups: Groups | None = None, featured: Sequence[bool] | None = None,
) -> Iterator[Task]:  # fmt: skip
    """One paginated list (home, a tag, a category, a source, an author, a year or a month), in every language
    or in one (its switcher leads to the same list in the other languages that have articles in it:
    ``present``). The first page of a home list is the front page (home.html) when the ``archive`` is given
    (its sections). With ``groups``, a list the live site already shows as it is now is not planned again; a
    long one (a home list, a big tag) is planned in groups of LIST_GROUP pages, so that an edit plans again
    only the pages near the edited article. ``featured``: whether each of a home list's articles is (lead_of)."""
    config = renderer.seo.config
    origin = f"{listing.kind} list"
    fixed = config.fixed_pages

    made_shared: list[tuple[tuple[object, ...], ListExtras]] = []  # worked out once, and only when asked
    made_setup: list[_ListSetup] = []
    made_lead: list[Article | None] = []

    def lead() -> Article | None:
        if not made_lead:
            made_lead.append(lead_of(listing.articles, featured))
        return made_lead[0]

    def shared() -> tuple[tuple[object, ...], ListExtras]:
        """What every page's key holds besides its number and articles (also a long list's group keys)."""
        if not made_shared:
            extras = ListExtras.of(listing, config, urls)
            count = listing.term.count if listing.term else len(listing.articles)
            key = ("list", listing.kind, listing.name, listing.lang, count, sorted(present), extras.key())
            made_shared.append((key, extras))
        return made_shared[0]

    def steady() -> tuple[tuple[object, ...], ListExtras]:
        """The same for a page that keeps its articles as the list grows (Pager.stable): nothing in it changes
        with the list (no count, no months), so a new article leaves its key as it is."""
        extras = ListExtras.of(listing, config, urls, whole=False)
        return ("list", listing.kind, listing.name, listing.lang, sorted(present), extras.key()), extras

    def setup() -> _ListSetup:
        """The list's pages and what they share, for a list planned again."""
        if not made_setup:
            key, extras = shared()
            targets = {
                code: urls.list(listing.kind, listing.name, 1, code) for code in renderer.views if code in present
            }
            switch = renderer.switcher(listing.lang, targets)
            kept_key, kept_extras = steady() if fixed else (key, extras)
            made_setup.append(_ListSetup(key, switch, extras.context(), kept_key, kept_extras.context()))
        return made_setup[0]

    def pages(first: int = 0, last: int | None = None) -> Iterator[Task]:
        common, switch, context, kept_common, kept_context = setup()
        for items, pager in paginated(listing, urls, per_page, fixed, first, last):
            path = output_path(page_path(listing, urls, pager.number, pager.total, fixed))
            if pager.stable:  # it sees its own articles only, not the whole list (which its key leaves out)
                own_list = ArticleList(listing.kind, listing.name, items, None, listing.lang)
                page = ListPage(source=own_list, articles=items, pager=pager)
                key = keys.page(LIST_TEMPLATE, *kept_common, pager.number, pager.total, *keys.articles(items))
                make = partial(_render_list, renderer, LIST_TEMPLATE, page, path, switch, kept_context)
                yield Task(path, origin, make, key)
                continue
            page = ListPage(source=listing, articles=items, pager=pager)
            template, shown, own = LIST_TEMPLATE, items, context
            if listing.kind == "index" and pager.front and archive is not None:
                front_page = front(listing, items, archive, config, urls, lead())
                template, shown = HOME_TEMPLATE, tuple(front_page.shown())
                own = {**context, "lead": front_page.lead, "latest": front_page.latest, "sections": front_page.sections}
            key = keys.page(template, *common, pager.number, pager.total, *keys.articles(shown))
            make = partial(_render_list, renderer, template, page, path, switch, own)
            yield Task(path, origin, make, key)

    if groups is None:
        yield from pages()
        return
    # The group's key: what every page's key and path is made from (the pages' articles are the list's, in
    # order, cut every per_page; the front page adds its sections' articles). The rest of a page's key follows
    # from those and from what every key digests (site.yaml): the count, the languages that have articles in
    # the list, a term's description and feed, a year's months.
    sections, front_page = [], ""
    if listing.kind == "index" and archive is not None:
        sections = [(name, keys.articles(items[:SECTION_SIZE]))
                    for name, items in home_sections(archive, config.home_sections, listing.lang)]  # fmt: skip
        front_page = keys.template(HOME_TEMPLATE)
    name = repr((listing.kind, listing.name, listing.lang))
    total = page_count(len(listing.articles), per_page, fixed)
    if total > LIST_GROUP and fixed:
        # Fixed pages: the front page alone, then the others in groups of page numbers counted from the oldest,
        # so that a new article plans again the front page's group alone (and, every per_page articles, when
        # the count of pages in every key changes, every group: their pages are made again, not written).
        count, leading = len(listing.articles), (sections, front_page, keys.article(lead()))
        shown = keys.list_run(listing, 0, count - (total - 1) * per_page)
        key = keys.page(LIST_TEMPLATE, "list front", *shared()[0], per_page, total, shown, leading)
        yield from groups.plan(f"{name} front", key, origin, partial(pages, 0, 1))
        kept_common = steady()[0]
        for low in range(1, total, LIST_GROUP):  # pages low to high, each per_page articles from the oldest
            high = min(low + LIST_GROUP - 1, total - 1)
            shown = keys.list_run(listing, count - high * per_page, count - (low - 1) * per_page)
            key = keys.page(LIST_TEMPLATE, "fixed pages", *kept_common, per_page, total, low, shown)
            yield from groups.plan(f"{name} pages {low}", key, origin, partial(pages, total - high, total - low + 1))
        return
    if total > LIST_GROUP:
        # A long list's groups digest what its pages' keys share (count, languages, description, months: the
        # list's setup) besides their own articles, so an edited article's body changes only its group's key.
        common = shared()[0]
        for first in range(0, total, LIST_GROUP):
            shown = keys.list_run(listing, first * per_page, (first + LIST_GROUP) * per_page)
            own = (sections, front_page, keys.article(lead())) if first == 0 and front_page else ()
            key = keys.page(LIST_TEMPLATE, "list pages", *common, per_page, total, first, shown, own)
            yield from groups.plan(
                f"{name} from page {first + 1}", key, origin, partial(pages, first, first + LIST_GROUP)
            )
        return
    key = keys.page(LIST_TEMPLATE, "list group", listing.kind, listing.name, listing.lang, per_page,
                    keys.list_run(listing), sections, front_page)  # fmt: skip
    yield from groups.plan(name, key, origin, pages)


class _ListSetup(NamedTuple):
    shared: tuple[object, ...]  # what every page's key holds besides its number and articles
    switch: tuple[Choice, ...]
    context: dict[str, object]
    kept_shared: tuple[object, ...]  # the same for pages that keep their articles (Pager.stable) ...
    kept_context: dict[str, object]  # ... and what they show besides their articles (nothing of the whole list)


def all_list_pages(
    lists: Sequence[ArticleList], archive: Archive, renderer: Renderer, urls: Urls, per_page: int, keys: TaskKeys,
    groups: Groups | None = None, memo: ListMemo | None = None,
) -> Iterator[Task]:  # fmt: skip
    """The pages of every list (collate.article_lists): home, tags, categories, sources, authors, years, months;
    ``groups``: see list_pages; ``memo``: what the last build of this process found of the home lists'
    articles (whether each is featured: ListMemo.column)."""
    present: dict[tuple[str, str | None], set[str]] = {}  # each list's view languages that have articles in it
    for listing in lists:
        if listing.lang and listing.articles:
            present.setdefault((listing.kind, listing.name), set()).add(listing.lang)

    def languages(listing: ArticleList) -> set[str]:
        return {listing.lang} if listing.lang else present.get((listing.kind, listing.name), set())

    if groups is None:
        for listing in lists:
            yield from list_pages(listing, languages(listing), renderer, urls, per_page, keys, archive, groups)
        return
    # Short lists (all but the home lists and lists of more than LIST_GROUP pages) are planned in bundles
    # (output/keys.bundled), each keyed by what its lists' pages are made from: their kind, names, views and
    # articles, with list.html and what every page's key holds.
    fixed = renderer.seo.config.fixed_pages
    short = []
    for listing in lists:
        if listing.kind == "index":
            featured = column_of(memo, f"featured {listing.lang}", None, listing.articles, _FEATURED)
            yield from list_pages(
                listing, languages(listing), renderer, urls, per_page, keys, archive, groups, featured
            )
        elif page_count(len(listing.articles), per_page, fixed) > LIST_GROUP:
            yield from list_pages(listing, languages(listing), renderer, urls, per_page, keys, archive, groups)
        else:
            short.append(listing)
    template = keys.template(LIST_TEMPLATE)
    for (kind, bucket), members in bundled(short).items():
        key = bundle_key(keys, "list bundle", members, None, template, per_page)

        def planned(members: list[ArticleList] = members) -> Iterator[Task]:
            for m in members:
                yield from list_pages(m, languages(m), renderer, urls, per_page, keys, archive)

        yield from groups.plan(f"{kind} lists {bucket}", key, f"{kind} list", planned)


def overview_pages(archive: Archive, renderer: Renderer, urls: Urls, keys: TaskKeys) -> Iterator[Task]:
    """The overview of each kind of term with counts, and the archive by year."""
    words = renderer.interface.of(None)
    for kind in TERM_KINDS:
        terms = archive.terms_of(kind.kind)
        path = output_path(urls.overview_path(kind.kind))
        meta = renderer.seo.page(words.gettext(kind.title), urls.overview(kind.kind))
        shown = ("overview", kind.kind, [(t.name, t.slug, t.count) for t in terms])
        title = words.gettext(kind.title)
        descriptions = renderer.seo.config.term_descriptions.get(kind.kind, {})
        yield _task(renderer, keys, "terms.html", path, f"{kind.kind} overview", shown, kind=kind.kind,
                    title=title, terms=terms, meta=meta, descriptions=descriptions)  # fmt: skip
    meta = renderer.seo.page(words.gettext(ARCHIVE_TITLE), urls.overview("year"))
    months = [(y.year, [(m.name, m.count) for m in y.months()]) for y in archive.years]
    path = output_path(urls.overview_path("year"))
    yield _task(renderer, keys, "archive.html", path, "archive", ("archive", months), years=archive.years, meta=meta)


def not_found_page(archive: Archive, renderer: Renderer, keys: TaskKeys) -> Task:
    """The page static hosts serve for a missing URL: one for the whole site, so it is in the site's language
    with a line in each other language of the site (its title, and a link to that language's home)."""
    interface, urls = renderer.interface, renderer.seo.urls
    meta = renderer.seo.page(interface.of(None).gettext(NOT_FOUND_TITLE), urls.not_found())
    others = tuple(
        (code, interface.of(code).gettext(NOT_FOUND_TITLE), interface.of(code).gettext(HOME_TITLE),
         urls.list("index", lang=code))
        for code in archive.views if code != interface.site
    )  # fmt: skip
    return _task(renderer, keys, "404.html", NOT_FOUND, "404 page", ("404", others), meta=meta, others=others)


def search_pages(archive: Archive, renderer: Renderer, enabled: bool, keys: TaskKeys) -> Iterator[Task]:
    """The search page in the site's language, and one in each other language of a site in several: each
    searches its own language first (it says so when the site was built with --no-search)."""
    urls, site = renderer.seo.urls, renderer.interface.site
    for code in (site, *(c for c in archive.views if c != site)):
        view = None if code == site else code
        meta = renderer.seo.page(renderer.interface.of(code).gettext(SEARCH_TITLE), urls.search(view), lang=code)
        switch = renderer.switcher(code, {c: urls.search(None if c == site else c) for c in archive.views})
        yield _task(renderer, keys, "search.html", urls.search_path(view), "search page", ("search", enabled, code),
                    code, meta=meta, enabled=enabled, switch=switch)  # fmt: skip
