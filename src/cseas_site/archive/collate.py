"""Articles -> the archive's structure: sorted, grouped, canonical names, URL collisions (pure)."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterator

from ..errors import Problem, SiteError
from ..models import Archive, Article, ArticleList, Term, TermKind, Year
from .urls import RESERVED, Urls, term_slug

FIELDS: dict[TermKind, str] = {"tag": "tags", "category": "categories", "source": "sources", "author": "authors"}


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


def _group(articles: tuple[Article, ...], kind: TermKind, names: dict[str, str]) -> tuple[Term, ...]:
    members: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for name in getattr(article, FIELDS[kind]):
            members[term_slug(name)].append(article)
    terms = (Term(kind, names[slug], slug, tuple(items)) for slug, items in members.items())
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
    names = {field: canonical_names(articles, field) for field in FIELDS.values()}
    ordered = tuple(sorted((_normalise(a, names) for a in articles), key=sort_key))
    problems = check_urls(ordered + pages, urls)
    if problems:
        raise SiteError(problems)
    by_year: dict[int, list[Article]] = defaultdict(list)
    for article in ordered:
        by_year[article.year].append(article)
    return Archive(
        articles=ordered,
        tags=_group(ordered, "tag", names["tags"]),
        categories=_group(ordered, "category", names["categories"]),
        sources=_group(ordered, "source", names["sources"]),
        authors=_group(ordered, "author", names["authors"]),
        years=tuple(Year(y, tuple(items)) for y, items in sorted(by_year.items(), reverse=True)),
        pages=pages,
    )


LIST_TITLES: dict[str, str] = {
    "tag": "Tag: {}",
    "category": "Category: {}",
    "source": "Source: {}",
    "author": "Author: {}",
    "year": "Published in {}",
}


def article_lists(archive: Archive) -> Iterator[ArticleList]:
    """Yield every list that gets pages and feeds: home, each term, each year."""
    yield ArticleList("index", None, "Latest news", archive.articles)
    for terms in archive.terms():
        for term in terms:
            yield ArticleList(term.kind, term.name, LIST_TITLES[term.kind].format(term.name), term.articles, term)
    for year in archive.years:
        yield ArticleList("year", str(year.year), LIST_TITLES["year"].format(year.year), year.articles)
