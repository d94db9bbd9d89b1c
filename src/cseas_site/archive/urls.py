"""The only home of URL patterns: every link and output path comes from here."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from ..config import Config
from ..models import Article, TermKind
from ..slugs import safe_slug

SECTIONS: dict[TermKind, str] = {"tag": "tags", "category": "categories", "source": "sources", "author": "authors"}
FEED_FILES = {"atom": "feed.xml", "rss": "rss.xml", "json": "feed.json"}
ARCHIVE = "archive"
PAGE = "page"
THEME = "theme"
# First path segments the site itself uses; an article may not take them.
RESERVED = frozenset(
    {
        *SECTIONS.values(),
        *FEED_FILES.values(),
        ARCHIVE,
        PAGE,
        THEME,
        "search",
        "pagefind",
        "404.html",
        "sitemap.xml",
        "robots.txt",
    }
)


@lru_cache(maxsize=65536)
def term_slug(name: str) -> str:
    """Slug of a tag, category or source; a short hash when slugify leaves nothing."""
    return safe_slug(name) or "t-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def output_path(url_path: str) -> str:
    """Turn a site-relative URL path ('tags/x/') into the file that serves it ('tags/x/index.html')."""
    return url_path + "index.html" if url_path.endswith("/") or not url_path else url_path


class Urls:
    """Builds site-relative paths and public URLs from the site's config."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.base = config.base_path
        self._paths: dict[tuple[object, ...], str] = {}  # an article's links are asked for again and again

    def article_path(self, article: Article) -> str:
        """Return the article's path below the site root, from the permalink pattern, without leading '/'."""
        used = (article.slug, article.date.date(), article.lang, article.categories[:1], article.sources[:1])
        found = self._paths.get(used)
        if found is None:
            found = self._paths[used] = self._article_path(article)
        return found

    def _article_path(self, article: Article) -> str:
        date = article.date
        fields = {
            "slug": article.slug,
            "year": f"{date.year:04d}",
            "month": f"{date.month:02d}",
            "day": f"{date.day:02d}",
            "lang": safe_slug(article.lang) or "en",
            "category": term_slug(article.categories[0]) if article.categories else "uncategorized",
            "source": term_slug(article.sources[0]) if article.sources else "cseas",
        }
        return self.config.permalink.format_map(fields).lstrip("/")

    def list_path(self, kind: str, key: str | None = None, page: int = 1) -> str:
        """Return the path of a list page: kind is 'index', 'tag', 'category', 'source' or 'year'."""
        if kind == "index":
            prefix = ""
        elif kind == "year":
            prefix = f"{ARCHIVE}/{key}/"
        else:
            prefix = f"{SECTIONS[kind]}/{term_slug(key or '')}/"  # type: ignore[index]
        return prefix if page == 1 else f"{prefix}{PAGE}/{page}/"

    def feed_path(self, fmt: str, kind: str = "index", key: str | None = None) -> str:
        """Return the path of a feed: fmt is 'atom', 'rss' or 'json'; kind/key as for list pages."""
        return self.list_path(kind, key) + FEED_FILES[fmt]

    def overview_path(self, kind: str) -> str:
        """Return the path of an overview page: 'tag', 'category', 'source' or 'year'."""
        return f"{ARCHIVE}/" if kind == "year" else f"{SECTIONS[kind]}/"  # type: ignore[index]

    def url(self, path: str) -> str:
        """Prefix a site-relative path with the base path, for links."""
        return self.base + path

    def full(self, link: str) -> str:
        """Return the public URL of a link (the link itself when base_url has no host)."""
        return self.config.origin + link

    def article(self, article: Article) -> str:
        """Return the link to an article."""
        return self.url(self.article_path(article))

    def list(self, kind: str, key: str | None = None, page: int = 1) -> str:
        """Return the link to a list page."""
        return self.url(self.list_path(kind, key, page))

    def feed(self, fmt: str, kind: str = "index", key: str | None = None) -> str:
        """Return the link to a feed."""
        return self.url(self.feed_path(fmt, kind, key))

    def overview(self, kind: str) -> str:
        """Return the link to an overview page."""
        return self.url(self.overview_path(kind))

    def asset(self, name: str) -> str:
        """Return the link to a theme file such as 'style.css'."""
        return self.url(f"{THEME}/{name}")
