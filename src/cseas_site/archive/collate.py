"""Articles -> the archive's structure: sorted, grouped, canonical names, URL collisions (pure)."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterator

from ..errors import Problem, SiteError, errors_in
from ..models import TERM_KINDS, Archive, Article, ArticleList, KindOfTerm, Term, Year
from .urls import RESERVED, Urls, alias_path, output_path, term_slug


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
    """Report articles that would share a URL (naming both files) or take a URL the site needs, and aliases
    that would take the place of a page, of the site's own files or of another alias."""
    problems = []
    owners: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.path):
        path = urls.article_path(article)
        line = article.line("slug" if "slug" in article.lines else "title")
        if path.split("/", 1)[0] in RESERVED:
            problems.append(Problem(article.path, line, f"URL /{path} is reserved for the site's own pages; {SLUG}"))
        elif output_path(path) in owners:
            first = owners[output_path(path)]
            first_line = first.line("slug" if "slug" in first.lines else "title")
            problems.append(Problem(article.path, line, f"URL /{path} is also the URL of {first.path}; {SLUG}"))
            problems.append(Problem(first.path, first_line, f"URL /{path} is also the URL of {article.path}; {SLUG}"))
        else:
            owners[output_path(path)] = article
    return problems + _check_aliases(articles, owners)


SLUG = "set another slug"


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


def collate(articles: list[Article], urls: Urls) -> Archive:
    """Sort and group articles; raise SiteError when two would share a URL."""
    pages = tuple(sorted((a for a in articles if a.page), key=lambda a: a.slug))
    articles = [a for a in articles if not a.page]
    names = {kind.field: canonical_names(articles, kind.field) for kind in TERM_KINDS}
    ordered = tuple(sorted((_normalise(a, names) for a in articles), key=sort_key))
    problems = check_urls(ordered + pages, urls)
    if errors_in(problems):
        raise SiteError(problems)
    by_year: dict[int, list[Article]] = defaultdict(list)
    for article in ordered:
        by_year[article.year].append(article)
    grouped = {kind.field: _group(ordered, kind, names[kind.field]) for kind in TERM_KINDS}
    years = tuple(Year(y, tuple(items)) for y, items in sorted(by_year.items(), reverse=True))
    return Archive(articles=ordered, years=years, pages=pages, warnings=tuple(problems), **grouped)


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
