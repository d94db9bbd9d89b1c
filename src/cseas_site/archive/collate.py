"""Articles -> the archive's structure: sorted, grouped, canonical names, URL collisions (pure)."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterator

from ..errors import Problem, SiteError
from ..models import TERM_KINDS, Archive, Article, ArticleList, KindOfTerm, Term, Year
from .urls import RESERVED, Urls, term_slug


def sort_key(article: Article) -> tuple[float, str]:
    """Newest first, then by slug, so equal dates still give a stable order."""
    return (-article.date.timestamp(), article.slug)


def canonical_names(articles: list[Article], field: str) -> dict[str, str]:
    """Map each slug to one display name: the most used spelling; on a tie, mixed case, then alphabetical."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for name in getattr(article, field):
            spellings[term_slug(name)][name] += 1
    return {
        slug: min(counts, key=lambda n: (-counts[n], n.isupper() or n.islower(), n))
        for slug, counts in spellings.items()
    }


def _normalise(article: Article, names: dict[str, dict[str, str]]) -> Article:
    """Replace each term name by its canonical spelling, dropping duplicates that differ in case only."""

    def fix(field: str, current: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(names[field][term_slug(n)] for n in current))

    tags, categories = fix("tags", article.tags), fix("categories", article.categories)
    sources, authors = fix("sources", article.sources), fix("authors", article.authors)
    if (tags, categories, sources, authors) == (article.tags, article.categories, article.sources, article.authors):
        return article
    return dataclasses.replace(article, tags=tags, categories=categories, sources=sources, authors=authors)


def _group(articles: tuple[Article, ...], kind: KindOfTerm, names: dict[str, str]) -> tuple[Term, ...]:
    members: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for name in getattr(article, kind.field):
            members[term_slug(name)].append(article)
    terms = (Term(kind.kind, names[slug], slug, tuple(items)) for slug, items in members.items())
    return tuple(sorted(terms, key=lambda t: (t.name.casefold(), t.slug)))


def check_urls(articles: tuple[Article, ...], urls: Urls) -> list[Problem]:
    """Report articles that would share a URL (naming both files) or take a URL the site needs."""
    problems = []
    owners: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.path):
        path = urls.article_path(article)
        if path.split("/", 1)[0] in RESERVED:
            problems.append(
                Problem(article.path, 1, f"URL /{path} is reserved for the site's own pages; set another slug")
            )
        elif path in owners:
            first = owners[path]
            problems.append(Problem(article.path, 1, f"URL /{path} is also the URL of {first.path}; set another slug"))
            problems.append(Problem(first.path, 1, f"URL /{path} is also the URL of {article.path}; set another slug"))
        else:
            owners[path] = article
    return problems


def collate(articles: list[Article], urls: Urls) -> Archive:
    """Sort and group articles; raise SiteError when two would share a URL."""
    pages = tuple(sorted((a for a in articles if a.page), key=lambda a: a.slug))
    articles = [a for a in articles if not a.page]
    names = {kind.field: canonical_names(articles, kind.field) for kind in TERM_KINDS}
    ordered = tuple(sorted((_normalise(a, names) for a in articles), key=sort_key))
    problems = check_urls(ordered + pages, urls)
    if problems:
        raise SiteError(problems)
    by_year: dict[int, list[Article]] = defaultdict(list)
    for article in ordered:
        by_year[article.year].append(article)
    grouped = {kind.field: _group(ordered, kind, names[kind.field]) for kind in TERM_KINDS}
    years = tuple(Year(y, tuple(items)) for y, items in sorted(by_year.items(), reverse=True))
    return Archive(articles=ordered, years=years, pages=pages, **grouped)


HOME_TITLE = "Latest news"
YEAR_TITLE = "Published in {}"


def article_lists(archive: Archive) -> Iterator[ArticleList]:
    """Yield every list that gets pages and feeds: home, each term, each year."""
    yield ArticleList("index", None, HOME_TITLE, archive.articles)
    for kind in TERM_KINDS:
        for term in archive.terms_of(kind.kind):
            yield ArticleList(term.kind, term.name, kind.list_title.format(term.name), term.articles, term)
    for year in archive.years:
        yield ArticleList("year", str(year.year), YEAR_TITLE.format(year.year), year.articles)
