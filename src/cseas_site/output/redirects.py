"""Old URLs (front matter 'aliases') -> redirect pages and a _redirects file for Netlify / Cloudflare Pages."""

from __future__ import annotations

import html
from collections.abc import Iterator

from ..archive.urls import Urls, output_path
from ..models import Archive, OutputFile

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


def alias_file(alias: str) -> str:
    """Map an old path to the file that answers it: '/a/b/' and '/a/b' -> 'a/b/index.html'; '/a.html' stays."""
    path = alias.lstrip("/")
    if path.endswith((".html", ".htm")):
        return path
    return output_path(path if path.endswith("/") or not path else path + "/")


def redirect_pages(archive: Archive, urls: Urls) -> Iterator[OutputFile]:
    """Yield a meta-refresh page at each alias of each article."""
    for article in archive.articles:
        if not article.aliases:
            continue
        # The refresh stays on the host that served the old URL (a preview or a mirror works too);
        # search engines get the public address from the canonical link.
        target = html.escape(urls.article(article))
        canonical = html.escape(urls.full(urls.article(article)))
        page = PAGE.format(
            lang=html.escape(article.lang), title=html.escape(article.title), target=target, canonical=canonical
        )
        for alias in article.aliases:
            yield OutputFile(alias_file(alias), page.encode("utf-8"), article.path)


def redirects_file(archive: Archive, urls: Urls) -> OutputFile:
    """Write '_redirects' (from to 301 per line), the format Netlify and Cloudflare Pages read."""
    rules = sorted(
        (urls.url(alias.lstrip("/")), urls.article(article))
        for article in archive.articles
        for alias in article.aliases
    )
    body = "".join(f"{old} {new} 301\n" for old, new in rules)
    return OutputFile("_redirects", body.encode("utf-8"), "_redirects")
