"""The only home of URL patterns: every link and output path comes from here."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import PurePosixPath
from string import Formatter
from urllib.parse import unquote, urljoin, urlsplit

from ..config import Config
from ..models import TERM_KIND, TERM_KINDS, Article
from ..slugs import safe_slug

FEED_FILES = {"atom": "feed.xml", "rss": "rss.xml", "json": "feed.json"}
ARCHIVE = "archive"  # year lists, and the overview of years
PAGE = "page"  # page 2 onward of a list: tags/japan/page/2/
THEME = "theme"  # the theme's static files
SEARCH = "search"  # the search page
SEARCH_BUNDLE = "pagefind"  # the search index (write/search_index.py)
NOT_FOUND = "404.html"  # the page static hosts serve for a missing URL
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
REDIRECTS = "_redirects"  # old URLs, in the format Netlify and Cloudflare Pages read
OLD_IDS = "wordpress-ids.json"  # WordPress post ids -> new URLs, for old '?p=123' addresses (redirects.py)
MANIFEST = "site.webmanifest"  # the web app manifest (output/theme.py)
IMAGES = "_img"  # image derivatives and share cards (media/catalog.py)
# First path segments the site itself uses; an article may not take them.
RESERVED = frozenset(
    {
        *(kind.section for kind in TERM_KINDS),
        *FEED_FILES.values(),
        ARCHIVE,
        PAGE,
        THEME,
        SEARCH,
        SEARCH_BUNDLE,
        NOT_FOUND,
        SITEMAP,
        ROBOTS,
        REDIRECTS,
        OLD_IDS,
        MANIFEST,
        IMAGES,
    }
)


@lru_cache(maxsize=65536)
def term_slug(name: str) -> str:
    """Slug of a tag, category or source; a short hash when slugify leaves nothing."""
    return safe_slug(name) or "t-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def output_path(url_path: str) -> str:
    """Turn a site-relative URL path ('tags/x/') into the file that serves it ('tags/x/index.html')."""
    return url_path + "index.html" if url_path.endswith("/") or not url_path else url_path


def alias_path(alias: str) -> str:
    """Map an old path to the file that answers it: '/a/b/' and '/a/b' -> 'a/b/index.html'; '/a.html' stays."""
    path = alias.lstrip("/")
    if path.endswith((".html", ".htm")):
        return path
    return output_path(path if path.endswith("/") or not path else path + "/")


# What each {field} of site.yaml's permalink pattern stands for, in an article's path.
_PATH_FIELDS: dict[str, Callable[[Article], str]] = {
    "slug": lambda article: article.slug,
    "year": lambda article: f"{article.date.year:04d}",
    "month": lambda article: f"{article.date.month:02d}",
    "day": lambda article: f"{article.date.day:02d}",
    "lang": lambda article: safe_slug(article.lang) or "en",
    "category": lambda article: term_slug(article.categories[0]) if article.categories else "uncategorized",
    "source": lambda article: term_slug(article.sources[0]) if article.sources else "cseas",
}


class Urls:
    """Builds site-relative paths and public URLs from the site's config."""

    def __init__(self, config: Config, paths: dict[int, tuple[Article, str]] | None = None) -> None:
        """``paths``: article paths worked out by an earlier Urls of the same permalink pattern (see
        cache/resident.py), kept in and added to."""
        self.config = config
        self.base = config.base_path
        self._origin = config.origin  # base_url split once: full() is asked for on every page, feed and sitemap URL
        self._paths = paths if paths is not None else {}  # an article's links are asked for again and again
        self._permalink = config.permalink
        # only the fields the pattern names are worked out (config.py allows only these names)
        named = {name for _, name, _, _ in Formatter().parse(config.permalink) if name}
        self._fields = tuple((name, field) for name, field in _PATH_FIELDS.items() if name in named)

    def article_path(self, article: Article) -> str:
        """Return the article's path below the site root, from the permalink pattern, without leading '/'."""
        known = self._paths.get(id(article))
        if known is not None and known[0] is article:  # held with its path: the id stays this article's
            return known[1]
        found = self._article_path(article)
        self._paths[id(article)] = (article, found)
        return found

    def _article_path(self, article: Article) -> str:
        return self._permalink.format_map({name: field(article) for name, field in self._fields}).lstrip("/")

    def list_path(
        self, kind: str, name: str | None = None, page: int = 1, lang: str | None = None, *, numbered: bool = False
    ) -> str:
        """Return the path of a list page: kind is 'index', 'year', 'month' or a term kind; name the term, the
        year ('2016') or the month ('2016-02'); lang the language of a view of one language ('id/tags/japan/'),
        None for the whole archive. Page 1 is the list's own folder, unless ``numbered`` (pages numbered from
        the oldest, archive/paginate.py: page/1/ is a page of its own)."""
        if lang:
            return f"{lang}/" + self.list_path(kind, name, page, numbered=numbered)
        if kind == "index":
            prefix = ""
        elif kind == "year":
            prefix = f"{ARCHIVE}/{name}/"
        elif kind == "month":  # name: '2016-02'
            prefix = f"{ARCHIVE}/{(name or '').replace('-', '/')}/"
        else:
            prefix = f"{TERM_KIND[kind].section}/{term_slug(name or '')}/"
        return prefix if page == 1 and not numbered else f"{prefix}{PAGE}/{page}/"

    def feed_path(self, fmt: str, kind: str = "index", name: str | None = None, lang: str | None = None) -> str:
        """Return the path of a feed: fmt is 'atom', 'rss' or 'json'; kind/name/lang as for list pages."""
        return self.list_path(kind, name, 1, lang) + FEED_FILES[fmt]

    def overview_path(self, kind: str) -> str:
        """Return the path of an overview page: 'year' or a term kind."""
        return f"{ARCHIVE}/" if kind == "year" else f"{TERM_KIND[kind].section}/"

    def search_path(self, lang: str | None = None) -> str:
        """Return the path of the search page's file (lang: the search page of a language's view)."""
        return f"{lang + '/' if lang else ''}{SEARCH}/index.html"

    def sitemap_path(self, number: int = 0) -> str:
        """Return the path of sitemap.xml (number 0), or of the number-th sitemap an index lists."""
        return SITEMAP if number == 0 else f"sitemap-{number}.xml"

    def url(self, path: str) -> str:
        """Prefix a site-relative path with the base path, for links."""
        return self.base + path

    def href(self, written: str) -> str:
        """A link an editor wrote in site.yaml or front matter (a menu entry, an image): an http(s) address
        as it is; a path of the site ('/about/') below the base path (once: '/news/about/' on a site at /news/
        is taken as already there)."""
        if "://" in written or written.startswith("mailto:") or not written.startswith("/"):
            return written
        return written if written.startswith(self.base) else self.base + written.lstrip("/")

    def full(self, link: str) -> str:
        """Return the public URL of a link (the link itself when base_url has no host)."""
        return self._origin + link

    def article(self, article: Article) -> str:
        """Return the link to an article."""
        return self.url(self.article_path(article))

    def alternates(self, versions: tuple[Article, ...]) -> tuple[tuple[str, str], ...]:
        """The hreflang links of an article's versions (``()`` when it has none): every version, itself
        included, by its absolute URL, and x-default: the version in the site's language, else the first."""
        if not versions:
            return ()
        links = tuple((v.lang, self.full(self.article(v))) for v in versions)
        default = next((href for code, href in links if code == self.config.language), links[0][1])
        return (*links, ("x-default", default))

    def list(self, kind: str, name: str | None = None, page: int = 1, lang: str | None = None) -> str:
        """Return the link to a list page."""
        return self.url(self.list_path(kind, name, page, lang))

    def feed(self, fmt: str, kind: str = "index", name: str | None = None, lang: str | None = None) -> str:
        """Return the link to a feed."""
        return self.url(self.feed_path(fmt, kind, name, lang))

    def search(self, lang: str | None = None) -> str:
        """Return the link to the search page (lang: a language's own search page)."""
        return self.url(f"{lang + '/' if lang else ''}{SEARCH}/")

    def search_bundle(self) -> str:
        """Return the link to the folder of the search index."""
        return self.url(f"{SEARCH_BUNDLE}/")

    def not_found(self) -> str:
        """Return the link to the 404 page."""
        return self.url(NOT_FOUND)

    def overview(self, kind: str) -> str:
        """Return the link to an overview page."""
        return self.url(self.overview_path(kind))

    def asset(self, name: str) -> str:
        """Return the link to a theme file such as 'style.css'."""
        return self.url(f"{THEME}/{name}")


def resolve(written: str, page: str, base_path: str, origin: str) -> str | None:
    """The path below the site root an address on a page leads to; None for another site or a data: URL."""
    parts = urlsplit(written.strip())
    if (parts.scheme or parts.netloc) and (not origin or f"{parts.scheme}://{parts.netloc}" != origin):
        return None  # another site's image, or a data: URL
    path = unquote(parts.path)
    if not path:
        return None
    if not path.startswith("/"):
        path = urljoin(base_path + page, path)  # as the browser reads it on that page
    if path.startswith(base_path):
        path = path[len(base_path) :]
    elif path.startswith("/"):
        path = path[1:]
    clean = PurePosixPath(path)
    return None if ".." in clean.parts or not path else str(clean)
