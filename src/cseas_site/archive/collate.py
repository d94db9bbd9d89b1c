"""Articles -> the archive's structure: sorted, grouped, canonical names, URL collisions (pure)."""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import chain, compress, repeat
from operator import attrgetter, eq, is_, is_not
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from ..config import Config
from ..errors import Problem, SiteError, errors_in
from ..models import TERM_KINDS, Archive, Article, ArticleList, KindOfTerm, Term, TermKind, Year
from .termnames import TermNames
from .urls import RESERVED, Urls, alias_path, output_path, term_slug

NO_NAMES = TermNames({})
SWAPS = 64  # records changed since the last build past which what was made of them is made again from nothing
_T = TypeVar("_T")


def sort_key(article: Article) -> tuple[float, str]:
    """Newest first, then by slug, so equal dates still give a stable order."""
    return (-article.date.timestamp(), article.slug)


class Names(NamedTuple):
    """The display names of one field's terms (tags, sources ...)."""

    by_slug: dict[str, str]  # each term's one display name, by its slug
    by_spelling: dict[str, str]  # each spelling the articles use -> its term's display name


def spellings_used(articles: Iterable[Article], field: str) -> Counter[str]:
    """How many times the articles write each spelling of one field's terms."""
    return Counter(chain.from_iterable(map(attrgetter(field), articles)))


def names_of(used: Counter[str], terms: TermNames = NO_NAMES) -> Names:
    """One display name per term, from how many times each spelling is used (spellings_used): the most used
    spelling; on a tie, mixed case, then alphabetical. A name site.yaml gives a term in another language counts
    as the term's own name. Each spelling is looked at once, however many articles use it (a tag is on
    hundreds)."""
    slug_of: dict[str, str] = {}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for written, count in used.items():
        name = terms.canonical(written)
        slug_of[written] = slug = term_slug(name)
        spellings[slug][name] += count
    by_slug = {
        slug: min(counts, key=lambda n: (-counts[n], n.isupper() or n.islower(), n))
        for slug, counts in spellings.items()
    }
    return Names(by_slug, {written: by_slug[slug] for written, slug in slug_of.items()})


def _respelled(names: dict[str, Names]) -> dict[str, frozenset[str]]:
    """The spellings of each field that are not their term's display name (what _normalise replaces)."""
    return {field: frozenset(w for w, name in found.by_spelling.items() if w != name) for field, found in names.items()}


def _normalise(article: Article, names: dict[str, Names], respelled: dict[str, frozenset[str]]) -> Article:
    """Replace each term name by its canonical spelling, dropping duplicates that differ in case only.
    ``respelled``: see _respelled; names already canonical and distinct stay as they are (most do). The article
    keeps its ``placed`` digest of the names as written: every article's spellings decide the canonical ones."""

    def fix(field: str, current: tuple[str, ...]) -> tuple[str, ...]:
        if respelled[field].isdisjoint(current) and len(set(current)) == len(current):
            return current
        spelled = names[field].by_spelling
        return tuple(dict.fromkeys(spelled[n] for n in current))

    tags, categories = fix("tags", article.tags), fix("categories", article.categories)
    sources, authors = fix("sources", article.sources), fix("authors", article.authors)
    if (tags, categories, sources, authors) == (article.tags, article.categories, article.sources, article.authors):
        return article
    return dataclasses.replace(article, tags=tags, categories=categories, sources=sources, authors=authors)


def _group(articles: tuple[Article, ...], kind: KindOfTerm, names: dict[str, str]) -> tuple[Term, ...]:
    """The terms of one kind with their articles; ``names``: each term's display name by its slug (the
    articles' names are display names already: _normalise)."""
    slug_of = {name: slug for slug, name in names.items()}
    members: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for name in getattr(article, kind.field):
            members[slug_of[name]].append(article)
    terms = (Term(kind.kind, names[slug], slug, tuple(items)) for slug, items in members.items())
    return tuple(sorted(terms, key=lambda t: (t.name.casefold(), t.slug)))


def check_urls(
    articles: tuple[Article, ...], urls: Urls, views: frozenset[str] = frozenset()
) -> tuple[list[Problem], dict[str, Article]]:
    """Report articles that would share a URL (naming both files) or take a URL the site needs (``views``: the
    folders of the languages' views, /id/), and aliases that would take the place of a page, of the site's own
    files or of another alias; with the article that has each output file (the first, when several would)."""
    problems = []
    owners: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.path):
        path = urls.article_path(article)
        file = output_path(path)
        if _reserved(path, views):
            message = f"URL /{path} is reserved for the site's own pages; {SLUG}"
            problems.append(Problem(article.path, _slug_line(article), message))
        elif file in owners:
            first = owners[file]
            message = f"URL /{path} is also the URL of {{}}; {SLUG}"
            problems.append(Problem(article.path, _slug_line(article), message.format(first.path)))
            problems.append(Problem(first.path, _slug_line(first), message.format(article.path)))
        else:
            owners[file] = article
    return problems + _check_aliases(articles, owners), owners


def _slug_line(article: Article) -> int:
    """The line a URL problem is reported on: the slug's, else the title's (the slug was made from it)."""
    return article.line("slug" if "slug" in article.lines else "title")


SLUG = "set another slug"


def _reserved(path: str, views: frozenset[str]) -> bool:
    """Whether a page's path is one the site needs: a reserved folder, or a language view's own (/id/,
    /id/tags/; an article may live below /id/ when the permalink has {lang})."""
    first, _, rest = path.partition("/")
    if first in views:
        return not rest.strip("/") or rest.split("/", 1)[0] in RESERVED
    return first in RESERVED


def _check_aliases(articles: tuple[Article, ...], pages: dict[str, Article]) -> list[Problem]:
    problems = []
    taken: dict[str, Article] = {}
    folded = {path.casefold(): article for path, article in pages.items()}
    for article in sorted(articles, key=lambda a: a.path):
        for alias in article.aliases:
            file = alias_path(alias)
            if file.split("/", 1)[0] in RESERVED:
                problem = "is an address the site itself uses"
            elif file in pages:
                problem = (
                    "is this article's own address" if pages[file] is article else f"is the URL of {pages[file].path}"
                )
            elif file in taken:
                problem = f"is also an alias of {taken[file].path}: keep it in one file"
            else:
                taken[file] = article
                if file.casefold() in folded:
                    other = folded[file.casefold()].path
                    warning = (
                        f"aliases: {alias} differs from the URL of {other} only in capitals: on a host whose file "
                        "names ignore case, one would hide the other"
                    )
                    problems.append(Problem(article.path, article.line("aliases"), warning, "warning"))
                continue
            problems.append(Problem(article.path, article.line("aliases"), f"aliases: {alias} {problem}; remove it"))
    return problems


def site_languages(config: Config, written: Iterable[str], catalogs: Iterable[str]) -> tuple[str, ...]:
    """The site's languages: site.yaml's ``languages``, else the site's language and every other language
    its articles are ``written`` in that has a catalog (an article in another language keeps the site's
    interface)."""
    if config.languages:
        return (config.language, *(code for code in config.languages if code != config.language))
    known = set(catalogs)
    others = sorted({code for code in written if code != config.language and code in known})
    return (config.language, *others)


def translations(articles: tuple[Article, ...]) -> tuple[dict[str, tuple[Article, ...]], list[Problem]]:
    """Group the versions of each article by translation_key (ordered by language); two files in one language
    with the same key are an error in both."""
    groups: dict[str, dict[str, Article]] = defaultdict(dict)
    problems = []
    for article in sorted(articles, key=lambda a: a.path):
        if not article.translation_key:
            continue
        first = groups[article.translation_key].setdefault(article.lang, article)
        if first is not article:
            key, line = article.translation_key, article.line("translation_key")
            message = f"translation_key: {key!r} is also the key of {{}}, in the same language ({article.lang})"
            problems.append(Problem(article.path, line, message.format(first.path)))
            problems.append(Problem(first.path, first.line("translation_key"), message.format(article.path)))
    found = {key: tuple(v for _, v in sorted(versions.items())) for key, versions in groups.items()}
    return found, problems


def collate(articles: list[Article], urls: Urls, catalogs: Iterable[str] = ("en", "id")) -> Archive:
    """Sort and group articles; raise SiteError when two would share a URL or one translation's language.
    ``catalogs``: the languages the interface has words for (see output/i18n.py)."""
    return collated(articles, urls, catalogs)[0]


class Basis(NamedTuple):
    """What collating an archive counted of its articles: ``shifted`` updates it instead of counting again."""

    names: dict[str, Names]  # each field's display names
    used: dict[str, Counter[str]]  # each field's spellings, by how often the articles write them
    langs: Counter[str]  # the articles' languages (not the pages'), by how many articles are in each
    files: frozenset[str]  # the output file of every article and page
    aliases: frozenset[str]  # the output file of every alias, casefolded


def collated(articles: list[Article], urls: Urls, catalogs: Iterable[str] = ("en", "id")) -> tuple[Archive, Basis]:
    """collate, with what it counted (what ``swapped`` and ``shifted`` need)."""
    config = urls.config
    terms = TermNames(config.term_names)
    pages = tuple(sorted((a for a in articles if a.page), key=lambda a: a.slug))
    articles = [a for a in articles if not a.page]
    langs = Counter(a.lang for a in articles)
    languages = site_languages(config, langs, catalogs)
    used = {kind.field: spellings_used(articles, kind.field) for kind in TERM_KINDS}
    names = {field: names_of(counts, terms) for field, counts in used.items()}
    respelled = _respelled(names)
    ordered = tuple(sorted((_normalise(a, names, respelled) for a in articles), key=sort_key))
    views = languages if len(languages) > 1 else ()
    problems, owners = check_urls(ordered + pages, urls, frozenset(views))
    versions, mixed_up = translations(ordered + pages)
    problems += mixed_up
    if errors_in(problems):
        raise SiteError(problems)
    by_year: dict[int, list[Article]] = defaultdict(list)
    for article in ordered:
        by_year[article.year].append(article)
    grouped = {kind.field: _group(ordered, kind, names[kind.field].by_slug) for kind in TERM_KINDS}
    years = tuple(Year(y, tuple(items)) for y, items in sorted(by_year.items(), reverse=True))
    archive = Archive(
        articles=ordered, years=years, pages=pages, warnings=tuple(problems), languages=languages,
        translations=MappingProxyType(versions), **grouped,
    )  # fmt: skip
    aliases = frozenset(alias_path(alias).casefold() for a in ordered + pages for alias in a.aliases)
    return archive, Basis(names, used, langs, frozenset(owners), aliases)


def skeleton(article: Article) -> tuple[object, ...]:
    """Everything of an article that collate reads: two articles with the same skeleton take the same place in
    the archive (its body, title and summary are not read)."""
    return (article.path, article.page, article.slug, article.date, article.lang, article.tags, article.categories,
            article.sources, article.authors, article.aliases, article.translation_key, article.lines)  # fmt: skip


def swapped(archive: Archive, names: dict[str, Names], swaps: dict[int, tuple[Article, Article]]) -> Archive | None:
    """The archive ``collate`` would make after each article of ``swaps`` (by its id: itself and its new
    version) is replaced by a version with the same skeleton; None when that takes a full collate (a page, or a
    version whose term names are not canonical as they are). Only the groupings that hold a swapped article
    are made again: every other term and year stays the very same object."""
    respelled = _respelled(names)
    if any(new.page or _normalise(new, names, respelled) is not new for _, new in swaps.values()):
        return None
    replace = {key: new for key, (_, new) in swaps.items()}

    def fresh(items: tuple[Article, ...]) -> tuple[Article, ...]:  # each swapped, the rest as they are
        return tuple(map(replace.get, map(id, items), items))

    touched: dict[str, set[str]] = {kind.field: set() for kind in TERM_KINDS}
    years, versions = set(), set()
    for old, _ in swaps.values():
        for kind in TERM_KINDS:
            touched[kind.field].update(term_slug(name) for name in getattr(old, kind.field))
        years.add(old.year)
        if old.translation_key:
            versions.add(old.translation_key)
    grouped = {
        kind.field: tuple(
            Term(t.kind, t.name, t.slug, fresh(t.articles)) if t.slug in touched[kind.field] else t
            for t in archive.terms_of(kind.kind)
        )
        for kind in TERM_KINDS
    }
    translations = dict(archive.translations)
    translations.update((key, fresh(translations[key])) for key in versions if key in translations)
    return dataclasses.replace(
        archive, articles=fresh(archive.articles), translations=MappingProxyType(translations),
        years=tuple(Year(y.year, fresh(y.articles)) if y.year in years else y for y in archive.years),
        tags=grouped["tags"], categories=grouped["categories"], sources=grouped["sources"],
        authors=grouped["authors"],
    )  # fmt: skip


def shifted(
    archive: Archive, basis: Basis, removed: Sequence[Article], added: Sequence[Article], urls: Urls,
    catalogs: Iterable[str],
) -> tuple[Archive, Basis] | None:  # fmt: skip
    """The archive ``collate`` would make, with what it counts, after the articles ``removed`` (as they were
    given to it, none a page) are taken out and ``added`` (none a page) put in: an article added, deleted, or
    moved by an edit of its date or terms. None when that takes a full collate: a translation or an alias
    involved, a term's display name or the site's languages changed, an article with the sort key of another
    (their order would be the order they were given in), a URL taken, or the archive had warnings. Only the
    terms and years holding those articles are made again: every other stays the very same object."""
    if archive.warnings or any(a.page or a.translation_key or a.aliases for a in chain(removed, added)):
        return None
    config, term_names = urls.config, TermNames(urls.config.term_names)
    used = {}
    for field, counts in basis.used.items():
        counts = Counter(counts)
        counts.subtract(chain.from_iterable(getattr(a, field) for a in removed))
        counts.update(chain.from_iterable(getattr(a, field) for a in added))
        used[field] = +counts  # (spellings no article writes any more are left out)
    names = {field: names_of(counts, term_names) for field, counts in used.items()}
    if any(
        names[field].by_slug.get(slug, name) != name for field, old in basis.names.items()
        for slug, name in old.by_slug.items()
    ):  # fmt: skip
        return None  # a term now spelled otherwise: every article filed under it changes
    langs = Counter(basis.langs)
    langs.subtract(a.lang for a in removed)
    langs.update(a.lang for a in added)
    langs = +langs
    if site_languages(config, langs, catalogs) != archive.languages:
        return None
    respelled = _respelled(names)
    gone = [_normalise(a, basis.names, _respelled(basis.names)) for a in removed]  # as the archive holds them
    new = [_normalise(a, names, respelled) for a in added]
    views = frozenset(archive.views)
    files = set(basis.files)
    files.difference_update(output_path(urls.article_path(a)) for a in gone)
    for article in new:
        path = urls.article_path(article)
        file = output_path(path)
        if _reserved(path, views) or file in files or file.casefold() in basis.aliases:
            return None
        files.add(file)
    articles = _moved(archive.articles, gone, new)
    if articles is None:
        return None
    years = _regrouped({y.year: y for y in archive.years}, gone, new, _year_of, Year)
    if years is None:
        return None
    grouped = {}
    for kind in TERM_KINDS:
        terms = _regrouped(
            {t.slug: t for t in archive.terms_of(kind.kind)}, gone, new, partial(_slugs, kind.field),
            partial(_term, kind.kind, names[kind.field].by_slug),
        )  # fmt: skip
        if terms is None:
            return None
        grouped[kind.field] = tuple(sorted(terms.values(), key=lambda t: (t.name.casefold(), t.slug)))
    shifted_archive = dataclasses.replace(
        archive, articles=articles, years=tuple(sorted(years.values(), key=lambda y: -y.year)),
        tags=grouped["tags"], categories=grouped["categories"], sources=grouped["sources"],
        authors=grouped["authors"],
    )  # fmt: skip
    return shifted_archive, Basis(names, used, langs, frozenset(files), basis.aliases)


_K = TypeVar("_K")
_G = TypeVar("_G", Term, Year)


def _regrouped(
    groups: dict[_K, _G], gone: list[Article], new: list[Article], keys: Callable[[Article], Iterable[_K]],
    make: Callable[[_K, tuple[Article, ...]], _G],
) -> dict[_K, _G] | None:  # fmt: skip
    """``groups`` (terms or years by their key) with the articles ``gone`` taken out of and ``new`` put into
    those they are filed under (``keys``), each made again by ``make``; a group left empty is dropped."""
    groups = dict(groups)
    for key in {key for article in chain(gone, new) for key in keys(article)}:
        old = groups.pop(key, None)
        items = _moved(old.articles if old is not None else (), [a for a in gone if key in keys(a)],
                       [a for a in new if key in keys(a)])  # fmt: skip
        if items is None:
            return None
        if items:
            groups[key] = make(key, items)
    return groups


def _year_of(article: Article) -> tuple[int]:
    return (article.year,)


def _slugs(field: str, article: Article) -> list[str]:
    """The slugs of an article's terms of one field (its names are display names: _normalise)."""
    return [term_slug(name) for name in getattr(article, field)]


def _term(kind: TermKind, by_slug: dict[str, str], slug: str, articles: tuple[Article, ...]) -> Term:
    return Term(kind, by_slug[slug], slug, articles)


def _moved(items: tuple[Article, ...], gone: list[Article], new: list[Article]) -> tuple[Article, ...] | None:
    """Articles in sort_key order without ``gone`` and with ``new``, each in its place; None when one of
    ``gone`` is not there or one of ``new`` has the sort key of another (collate would order those two as they
    were given)."""
    found = list(items)
    for article in gone:
        key = sort_key(article)
        at = bisect_left(found, key, key=sort_key)
        while at < len(found) and found[at] != article and sort_key(found[at]) == key:
            at += 1
        if at == len(found) or found[at] != article:
            return None
        del found[at]
    for article in new:
        key = sort_key(article)
        at = bisect_left(found, key, key=sort_key)
        if at < len(found) and sort_key(found[at]) == key:
            return None
        found.insert(at, article)
    return tuple(found)


def kept_groups(archive: Archive, last: Archive) -> Archive:
    """``archive`` with each term and year that holds the very same articles, in order, as one of the ``last``
    archive's, under the same name, replaced by that one (an equal record: nothing a page shows of it differs).
    After an article is added, deleted or re-tagged the archive is collated from nothing, and this keeps what
    is made of the terms and years it left alone (cache/resident.py: their lists and group keys)."""

    def same(new: tuple[Article, ...], old: tuple[Article, ...]) -> bool:
        return len(new) == len(old) and all(map(is_, new, old))

    def term(new: Term, old: Term | None) -> Term:
        return old if old is not None and old.name == new.name and same(new.articles, old.articles) else new

    years = {year.year: year for year in last.years}
    kept_years = tuple(
        old if (old := years.get(y.year)) is not None and same(y.articles, old.articles) else y for y in archive.years
    )
    grouped = {}
    for kind in TERM_KINDS:
        terms = {t.slug: t for t in last.terms_of(kind.kind)}
        grouped[kind.field] = tuple(term(t, terms.get(t.slug)) for t in archive.terms_of(kind.kind))
    return dataclasses.replace(
        archive, years=kept_years, tags=grouped["tags"], categories=grouped["categories"],
        sources=grouped["sources"], authors=grouped["authors"],
    )  # fmt: skip


_Column = tuple[object, tuple[Article, ...], list[Any]]  # ListMemo.column: the basis, the articles, the values
_Picked = tuple[str, tuple[Article, ...], tuple[Article, ...]]  # ListMemo.picked: the language, from what, picked


def column_of(
    memo: ListMemo | None, name: str, basis: object, articles: tuple[Article, ...], make: Callable[[Article], _T]
) -> list[_T]:
    """``make`` of each article: from ``memo`` (ListMemo.column) in a long-running process, else made now."""
    return list(map(make, articles)) if memo is None else memo.column(name, basis, articles, make)


def _same(one: object, other: object) -> bool:
    return one is other or (type(one) is type(other) and one == other)


def changed_places(old: tuple[Article, ...], new: tuple[Article, ...]) -> list[int] | None:
    """Where ``new`` holds another record than ``old`` (compared by reference, at C speed, without looking at
    the records), or None when the two differ in length or at more than SWAPS places."""
    if len(old) != len(new):
        return None
    differs = list(map(is_not, new, old))
    count = differs.count(True)
    if count > SWAPS:
        return None
    changed, at = [], -1
    for _ in range(count):  # (found at C speed: a range over 100,000 places makes an int of each)
        at = differs.index(True, at + 1)
        changed.append(at)
    return changed


def _repicked(
    old: tuple[Article, ...], picked: tuple[Article, ...], new: tuple[Article, ...], changed: list[int], code: str
) -> tuple[Article, ...] | None:
    """``_in(new, code)`` from ``picked``, which is ``_in(old, code)``, when ``new`` differs from ``old`` at the
    places ``changed`` only, each holding an article in ``code`` in both or in neither (the same places are
    picked, so each picked one that changed is swapped for its successor); else None."""
    found: list[Article] | None = None
    places: list[int] | None = None
    for at in changed:
        was, now = old[at], new[at]
        if (was.lang == code) != (now.lang == code):
            return None
        if now.lang == code:
            if found is None or places is None:
                found, places = list(picked), list(map(id, picked))
            found[places.index(id(was))] = now  # (a record stands once in a list)
    return picked if found is None else tuple(found)


class ListMemo:
    """What a build made of each object (by the very object, which it holds) under a key: a long-running
    process (serve) makes lists again only for the terms and years that changed (collate's ``swapped`` keeps
    the others as they were), and group keys only for the lists it made again (cache/resident.py). Also what
    it made of each article of a tuple (``column``) and a list's articles in a language (``picked``): made
    again only where another record stands."""

    def __init__(self) -> None:
        self._last: dict[tuple[int, object], tuple[object, object]] = {}
        self._now: dict[tuple[int, object], tuple[object, object]] = {}
        self._columns: tuple[dict[str, _Column], dict[str, _Column]] = ({}, {})  # the last build's, this one's
        self._picks: tuple[dict[object, _Picked], dict[object, _Picked]] = ({}, {})
        self._diffs: dict[tuple[int, int], tuple[tuple[Article, ...], tuple[Article, ...], list[int] | None]] = {}

    def next_build(self) -> None:
        """Start a build: what the last one made is what this one can take."""
        if self._now:
            self._last, self._now = self._now, {}
        if self._columns[1]:
            self._columns = (self._columns[1], {})
        if self._picks[1]:
            self._picks = (self._picks[1], {})
        self._diffs = {}

    def column(
        self, name: str, basis: object, articles: tuple[Article, ...], make: Callable[[Article], _T]
    ) -> list[_T]:
        """``make`` of each article (an article's path, its WordPress id), as the column ``name`` held them the
        last time, made again only where another record stands now (an edit swaps one record in among
        100,000: looking at every record costs 0.05 s, as they lie all over memory, while comparing the two
        tuples of references does not look at them). ``basis``: what else ``make`` depends on (the permalink
        pattern), compared by equality. When every value made again is the one it replaces (of the same type and
        equal), the list is the very one given last time: what is made of it can be kept by it (``get_many``).
        Do not change the list given."""
        last = self._columns[0].get(name)
        values: list[Any]
        if last is not None and last[0] == basis and (changed := self._changed(last[1], articles)) is not None:
            values = last[2]
            made = [make(articles[at]) for at in changed]
            if not all(map(_same, made, map(values.__getitem__, changed))):
                values = list(values)
                for at, value in zip(changed, made, strict=True):
                    values[at] = value
        else:
            values = list(map(make, articles))
        self._columns[1][name] = (basis, articles, values)
        return values

    def _changed(self, old: tuple[Article, ...], new: tuple[Article, ...]) -> list[int] | None:
        """changed_places, worked out once a build for two tuples (the archive's articles: a dozen columns)."""
        found = self._diffs.get((id(old), id(new)))
        if found is None or found[0] is not old or found[1] is not new:
            found = self._diffs[id(old), id(new)] = (old, new, changed_places(old, new))
        return found[2]

    def picked(self, name: object, articles: tuple[Article, ...], code: str) -> tuple[Article, ...]:
        """The articles in the language ``code``, in order (as ``_in``), for the list ``name`` (its kind, name
        and language): the last build's with the records that changed swapped in, when only a few did, each
        for one in the same language or both in another (an edit: the edited article's home, term and year
        lists in each language are made again, among 100,000 articles)."""
        last = self._picks[0].get(name)
        found: tuple[Article, ...] | None = None
        if last is not None and last[0] == code and (changed := self._changed(last[1], articles)) is not None:
            found = _repicked(last[1], last[2], articles, changed, code)
        if found is None:
            found = _in(articles, code)
        self._picks[1][name] = (code, articles, found)
        return found

    def get(self, source: object, view: object, make: Callable[[], _T]) -> _T:
        """What ``make()`` gives, or gave for this very ``source`` and ``view`` (a list's language; a group
        key's kind and everything else it digests) the last time."""
        key = (id(source), view)
        found = self._last.get(key)
        if found is None or found[0] is not source:
            found = (source, make())
        self._now[key] = found
        return found[1]  # type: ignore[return-value]

    def get_many(self, sources: Sequence[object], view: object, make: Callable[[], _T]) -> _T:
        """The same for several objects at once (a bundle of lists): what it gave for the very same ones, in
        order, and ``view``."""
        key = (id(sources[0]), ("many", view))
        found = self._last.get(key)
        if found is None or not (isinstance(held := found[0], tuple) and len(held) == len(sources)
                                 and all(map(is_, held, sources))):  # fmt: skip
            found = (tuple(sources), make())
        self._now[key] = found
        return found[1]  # type: ignore[return-value]


def article_lists(archive: Archive, memo: ListMemo | None = None) -> tuple[ArticleList, ...]:
    """Every list that gets pages (and feeds, but years and months): home, each term, each year and its
    months; then the same for each language of a site in several (/id/, /id/tags/x/): only the terms and years
    that have articles in it. A build makes them once (output/plan.py) for its pages, feeds and sitemap;
    ``memo``: the lists of the same terms and years made by the last build of this process."""

    def kept(source: object, view: str | None, make: Callable[[], _T]) -> _T:
        return make() if memo is None else memo.get(source, view, make)

    def pick(name: object, articles: tuple[Article, ...], code: str) -> tuple[Article, ...]:
        return _in(articles, code) if memo is None else memo.picked(name, articles, code)

    lists = [ArticleList("index", None, archive.articles)]
    for group in archive.terms():
        lists += [kept(t, None, partial(ArticleList, t.kind, t.name, t.articles, t)) for t in group]
    for year in archive.years:
        lists += kept(year, None, partial(_year_lists, year, None, pick))
    for code in archive.views:
        lists.append(ArticleList("index", None, pick(("index", code), archive.articles, code), lang=code))
        for group in archive.terms():
            for t in group:
                if (listing := kept(t, code, partial(_term_list, t, code, pick))) is not None:
                    lists.append(listing)
        for year in archive.years:
            lists += kept(year, code, partial(_year_lists, year, code, pick))
    return tuple(lists)


# article_lists.pick: a list's articles in a language (the list's name, its articles, the language)
_Pick = Callable[[object, tuple[Article, ...], str], tuple[Article, ...]]


def _term_list(term: Term, code: str, pick: _Pick) -> ArticleList | None:
    items = pick((term.kind, term.slug, code), term.articles, code)
    return (
        ArticleList(term.kind, term.name, items, Term(term.kind, term.name, term.slug, items), lang=code)
        if items
        else None
    )


def _year_lists(year: Year, code: str | None, pick: _Pick) -> list[ArticleList]:
    items = year.articles if code is None else pick(("year", year.year, code), year.articles, code)
    if not items:
        return []
    shown = Year(year.year, items) if code is not None else year
    return [ArticleList("year", str(year.year), items, lang=code, year=shown),
            *(ArticleList("month", m.name, m.articles, lang=code) for m in shown.months())]  # fmt: skip


def _in(articles: tuple[Article, ...], code: str) -> tuple[Article, ...]:
    """The articles in a language, in order: picked at C speed (a view's home list holds every article in its
    language, 100,000 at most, made again at each build)."""
    return tuple(compress(articles, map(eq, map(_LANG, articles), repeat(code))))


_LANG = attrgetter("lang")


def home_sections(
    archive: Archive, wanted: tuple[str, ...], lang: str | None
) -> tuple[tuple[str, tuple[Article, ...]], ...]:
    """site.yaml's home_sections as the archive's categories, in site.yaml's order: each category's name and
    its articles in a view's language (None: every language). Names match by slug ('diplomacy' finds
    'Diplomacy'); a section without articles there is left out. The home page's blocks and the menu's links."""
    by_slug = {term_slug(term.name): term for term in archive.categories}
    found = []
    for name in wanted:
        term = by_slug.get(term_slug(name))
        items = () if term is None else term.articles if lang is None else _in(term.articles, lang)
        if term is not None and items:
            found.append((term.name, items))
    return tuple(found)
