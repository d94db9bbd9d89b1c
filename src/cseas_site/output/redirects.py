"""Old URLs -> redirect pages and a _redirects file for Netlify / Cloudflare Pages (front matter 'aliases'), and
the map that answers WordPress's '?p=123' addresses (front matter 'wordpress_id', written by the importer)."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from functools import partial
from itertools import compress, repeat
from operator import attrgetter, is_not
from urllib.parse import quote

from ..archive.collate import ListMemo, column_of
from ..archive.urls import OLD_IDS, REDIRECTS, Urls, alias_path
from ..models import Archive, Article, OutputFile, Task
from .keys import TaskKeys

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>Redirecting to {title}</title>
<link rel="canonical" href="{canonical}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>This page has moved to <a href="{target}">{title}</a>.</p>
</body>
</html>
"""


def _redirect_page(article: Article, urls: Urls, path: str) -> OutputFile:
    # The refresh stays on the host that served the old URL (a preview or a mirror works too);
    # search engines get the public address from the canonical link.
    target = html.escape(urls.article(article))
    canonical = html.escape(urls.full(urls.article(article)))
    page = PAGE.format(
        lang=html.escape(article.lang), title=html.escape(article.title), target=target, canonical=canonical
    )
    return OutputFile(path, page.encode("utf-8"), article.path)


def redirect_pages(archive: Archive, urls: Urls, keys: TaskKeys, memo: ListMemo | None = None) -> Iterator[Task]:
    """A meta-refresh page at each alias of each article (``memo``: see _aliased)."""
    for article in _aliased(archive.articles, memo):
        for alias in article.aliases:
            path = alias_path(alias)
            key = keys("redirect", article.lang, article.title, urls.article_path(article))
            yield Task(path, article.path, partial(_redirect_page, article, urls, path), key)


def redirects_file(archive: Archive, urls: Urls, keys: TaskKeys, memo: ListMemo | None = None) -> Task:
    """'_redirects' (from to 301 per line), the format Netlify and Cloudflare Pages read. Both paths are
    percent-encoded, so no character of an alias can act as a wildcard, a placeholder or a field separator."""
    rules = sorted(
        (quote(urls.url(alias.lstrip("/"))), quote(urls.article(article)))
        for article in _aliased(archive.articles, memo)
        for alias in article.aliases
    )
    body = "".join(f"{old} {new} 301\n" for old, new in rules)
    return Task.ready(OutputFile(REDIRECTS, body.encode("utf-8"), REDIRECTS), keys(REDIRECTS, rules))


def _aliased(articles: tuple[Article, ...], memo: ListMemo | None) -> Iterator[Article]:
    """The articles with aliases (most have none), picked by a column of ``memo`` (a long-running process: the
    last build's, looked at again where another record stands) or at C speed."""
    return compress(articles, column_of(memo, "aliased", None, articles, _ALIASES))


_ALIASES = attrgetter("aliases")  # (a tuple: an empty one is false)


def wordpress_ids(archive: Archive, memo: ListMemo | None = None) -> dict[str, Article]:
    """Imported articles by their WordPress id: '?p=ID' and '?page_id=ID' were their addresses there. ``memo``:
    the ids of the last build of this process (ListMemo.column)."""
    found: dict[str, Article] = {}
    placed = archive.articles + archive.pages
    numbers = column_of(memo, "wordpress ids", None, archive.articles, _wordpress_id)  # (the memo's: left as it is)
    numbers = numbers + list(map(_wordpress_id, archive.pages))  # most sites have none
    for article, number in compress(zip(placed, numbers, strict=True), map(is_not, numbers, repeat(None))):
        if isinstance(number, int) and not isinstance(number, bool) and number > 0:
            found.setdefault(str(number), article)
    return found


def _wordpress_id(article: Article) -> object:
    return article.extra.get("wordpress_id")


def wordpress_ids_file(found: dict[str, Article], urls: Urls, keys: TaskKeys) -> list[Task]:
    """OLD_IDS: {"123": "/new-url/"}, from ``found`` (wordpress_ids). A query is not a path, so no file can
    stand at '/?p=123'; a static host serves the home page (or the 404 page) there, and a few lines of script
    in every page (base.html) look the id up in this map and go on to the article."""
    ids = {number: urls.article(article) for number, article in sorted(found.items())}
    if not ids:
        return []
    body = json.dumps(ids, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    return [Task.ready(OutputFile(OLD_IDS, body.encode("utf-8"), OLD_IDS), keys(OLD_IDS, body))]
