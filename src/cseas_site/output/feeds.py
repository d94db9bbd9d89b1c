"""Atom 1.0 and RSS 2.0 feeds for the site and every term, JSON Feed 1.1 for the site."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import partial
from operator import attrgetter

from .. import __version__
from ..archive.urls import Urls
from ..config import Config
from ..models import Article, ArticleList, OutputFile, Task
from .i18n import Interface, language_name
from .jsontext import indented
from .keys import Groups, TaskKeys, bundle_key, bundled
from .memo import FEED_BODIES, FEED_HEADS, Memo
from .xmltext import attr, html_text, text

GENERATOR = "cseas-site"
BATCH = "feeds"  # feed tasks are made by one worker (models.Task.batch): each article's entry is made once ...
# ... while one worker's memo holds every article's body (a news article's packs to about 3.7 KB). In a larger
# archive one worker making every feed made the build slower (100,000 news articles with search: 386.5 s against
# 335.7 s, one run each; likely its one memo letting bodies go and making them again, alone): there the feeds
# are spread over the workers, as before, each with a memo of its own.
BATCH_MOST = FEED_BODIES // 3700
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # 'updated' of a feed with no entries


def newest(articles: Sequence[Article]) -> datetime:
    """Return when the newest of these articles last changed (a feed's 'updated', a sitemap URL's lastmod)."""
    return max(map(_MODIFIED, articles), default=EPOCH)


_MODIFIED = attrgetter("modified")


def feed_title(listing: ArticleList, config: Config, interface: Interface) -> str:
    """Title of a list's feed in the list's language, e.g. 'CSEAS Indonesia: Tag: Japan', 'CSEAS Indonesia
    (Indonesia)'."""
    if listing.kind == "index":
        return f"{config.title} ({language_name(listing.lang)})" if listing.lang else config.title
    return f"{config.title}: {interface.list_title(listing, interface.chrome(listing.lang))}"


def _language(listing: ArticleList, config: Config) -> str:
    return listing.lang or config.language


def _people(article: Article, config: Config) -> tuple[str, ...]:
    return article.authors or ((config.author or config.title),)


Body = Callable[[Article], str]  # an article's body for feeds: every address absolute (output/pictures.py)


class Entries:
    """Each article's Atom entry and RSS item, reused by every feed that shows it: the site's, its language's,
    and those of its tags, categories, sources and authors. Kept within budgets per process (output/memo.py):
    the escaped body, packed (Atom and RSS share it: most of an entry), and each format's entry up to its body
    (the escaped title, names, links and dates: made again for every feed, they were half of a feed's time)."""

    def __init__(self, urls: Urls, config: Config, content: Body, batch: str = "") -> None:
        self.urls, self.config, self.content, self.batch = urls, config, content, batch  # batch: of the feeds
        self._bodies: Memo[str] = Memo(FEED_BODIES, packed=True)
        self._heads: Memo[str] = Memo(FEED_HEADS, packed=True)  # entries but their bodies: names, links, dates
        self._planned = self._made = 0  # feeds planned with these entries; those made in this process

    def feed(self, make: Callable[[], OutputFile]) -> Callable[[], OutputFile]:
        """A feed's making, counted: a process that has made every feed planned with these entries (the worker
        that makes the feed batch, write/executor.py) lets the memos go, so that the pages it makes next do not
        add to them (its peak was 16-18 MiB higher at 10,000 news articles)."""
        self._planned += 1
        return partial(self._make, make)

    def _make(self, make: Callable[[], OutputFile]) -> OutputFile:
        made = make()
        self._made += 1
        if self._made == self._planned:
            self._bodies, self._heads = Memo(FEED_BODIES, packed=True), Memo(FEED_HEADS, packed=True)
        return made

    def body(self, article: Article) -> bytes:
        """The article's body for feeds, escaped as XML text, in UTF-8."""
        return self._bodies.get_bytes(id(article), article, partial(self.escaped, article))

    def escaped(self, article: Article) -> bytes:
        """The article's body for feeds, escaped as XML text, made anew (body keeps it)."""
        return text(self.content(article)).encode("utf-8")

    @property
    def full(self) -> bool:
        """Whether entries hold the whole article (site.yaml feed_content: full), not only its summary."""
        return self.config.feed_content == "full"

    def atom(self, article: Article) -> bytes:
        """The article's Atom entry, in UTF-8: a feed is joined from its entries as bytes (made as text and
        encoded, the entries of 13,000 feeds were decoded from their memo and encoded again: 650 MB each way)."""
        head = self._heads.get_bytes(
            ("atom", id(article)), article, lambda: _atom_head(article, self.urls, self.config).encode("utf-8")
        )
        if not self.full:
            return head + b"</entry>\n"
        return b"".join((head, b'<content type="html">', self.body(article), b"</content></entry>\n"))

    def rss(self, article: Article) -> bytes:
        """The article's RSS item, in UTF-8."""
        head = self._heads.get_bytes(
            ("rss", id(article)), article, lambda: _rss_head(article, self.urls, self.config).encode("utf-8")
        )
        if not self.full:
            return head + b"</item>\n"
        return b"".join((head, b"<content:encoded>", self.body(article), b"</content:encoded></item>\n"))


def _atom_head(article: Article, urls: Urls, config: Config) -> str:
    """An article's Atom entry up to its content."""
    link = urls.full(urls.article(article))
    authors = "".join(
        f"<author><name>{text(name)}</name>"
        + (f"<uri>{text(urls.full(urls.list('author', name)))}</uri>" if article.authors else "")
        + "</author>"
        for name in _people(article, config)
    )
    categories = "".join(f"<category term={attr(t)}/>" for t in (*article.categories, *article.tags))
    return (
        f"<entry xml:lang={attr(article.lang)}>"
        f'<id>{text(link)}</id><title type="text">{text(article.title)}</title>'
        f'<link rel="alternate" type="text/html" href={attr(link)}/>'
        f"<published>{article.date.isoformat()}</published><updated>{article.modified.isoformat()}</updated>"
        f"{authors}{categories}"
        f'<summary type="text">{text(article.summary)}</summary>'
    )


def atom(listing: ArticleList, urls: Urls, config: Config, interface: Interface, entries: Entries) -> OutputFile:
    """Render a list's Atom 1.0 feed."""
    shown = listing.articles[: config.feed_size]
    self_link = urls.full(urls.feed("atom", *_named(listing)))
    page = urls.full(urls.list(listing.kind, listing.name, 1, listing.lang))
    home = urls.full(urls.list("index"))
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={attr(_language(listing, config))}>\n'
        f'<id>{text(page)}</id><title type="text">{text(feed_title(listing, config, interface))}</title>\n'
        + (f'<subtitle type="text">{text(config.description)}</subtitle>\n' if config.description else "")
        + f"<updated>{newest(shown).isoformat()}</updated>\n"
        f'<link rel="self" type="application/atom+xml" href={attr(self_link)}/>\n'
        f'<link rel="alternate" type="text/html" href={attr(page)}/>\n'
        f"<author><name>{text(config.author or config.title)}</name><uri>{text(home)}</uri></author>\n"
        f'<generator version="{__version__}">{GENERATOR}</generator>\n'
    )
    data = b"".join((body.encode("utf-8"), *map(entries.atom, shown), b"</feed>\n"))
    return OutputFile(urls.feed_path("atom", *_named(listing)), data, f"{listing.kind} feed")


def _named(listing: ArticleList) -> tuple[str, str | None, str | None]:
    return (listing.kind, listing.name, listing.lang)


def _rss_head(article: Article, urls: Urls, config: Config) -> str:
    """An article's RSS item up to its content."""
    link = urls.full(urls.article(article))
    creators = "".join(f"<dc:creator>{text(name)}</dc:creator>" for name in _people(article, config))
    categories = "".join(f"<category>{text(t)}</category>" for t in (*article.categories, *article.tags))
    return (
        f"<item><title>{html_text(article.title)}</title><link>{text(link)}</link>"
        f'<guid isPermaLink="true">{text(link)}</guid>'
        f"<pubDate>{format_datetime(article.date)}</pubDate>{creators}{categories}"
        f"<description>{html_text(article.summary)}</description>"
    )


def rss(listing: ArticleList, urls: Urls, config: Config, interface: Interface, entries: Entries) -> OutputFile:
    """Render a list's RSS 2.0 feed (summary in description, full text in content:encoded)."""
    shown = listing.articles[: config.feed_size]
    self_link = urls.full(urls.feed("rss", *_named(listing)))
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f"<channel><title>{html_text(feed_title(listing, config, interface))}</title>"
        f"<link>{text(urls.full(urls.list(listing.kind, listing.name, 1, listing.lang)))}</link>"
        f"<description>{html_text(config.description or config.title)}</description>"
        f"<language>{text(_language(listing, config))}</language>"
        f"<lastBuildDate>{format_datetime(newest(shown))}</lastBuildDate>"
        f"<generator>{GENERATOR} {__version__}</generator>"
        f'<atom:link href={attr(self_link)} rel="self" type="application/rss+xml"/>\n'
    )
    data = b"".join((body.encode("utf-8"), *map(entries.rss, shown), b"</channel></rss>\n"))
    return OutputFile(urls.feed_path("rss", *_named(listing)), data, f"{listing.kind} rss")


def json_feed(listing: ArticleList, urls: Urls, config: Config, interface: Interface, entries: Entries) -> OutputFile:
    """Render the JSON Feed 1.1 of the site, or of one language's view."""
    items = [
        {
            "id": urls.full(urls.article(a)),
            "url": urls.full(urls.article(a)),
            "title": a.title,
            "summary": a.summary,
            **({"content_html": entries.content(a)} if entries.full else {"content_text": a.summary}),
            "date_published": a.date.isoformat(),
            "date_modified": a.modified.isoformat(),
            "authors": [{"name": name} for name in _people(a, config)],
            "tags": [*a.categories, *a.tags],
            "language": a.lang,
        }
        for a in listing.articles[: config.feed_size]
    ]
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed_title(listing, config, interface),
        "home_page_url": urls.full(urls.list("index", None, 1, listing.lang)),
        "feed_url": urls.full(urls.feed("json", "index", None, listing.lang)),
        "description": config.description,
        "language": _language(listing, config),
        "authors": [{"name": config.author or config.title}],
        "items": items,
    }
    data = indented(feed) + "\n"
    return OutputFile(urls.feed_path("json", "index", None, listing.lang), data.encode("utf-8"), "json feed")


def all_feeds(
    lists: Iterable[ArticleList], urls: Urls, config: Config, interface: Interface, keys: TaskKeys, content: Body,
    groups: Groups | None = None, articles: int = 0,
) -> Iterator[Task]:  # fmt: skip
    """Atom and RSS for the site and every tag, category, source and author; JSON Feed for the site; and the
    same for each language's view of a site in several (/id/feed.xml, /id/tags/x/feed.xml). ``content``: an
    article's body as feeds show it; ``groups``: as for list pages (output/keys.Groups); ``articles``: how many
    the archive has (up to BATCH_MOST, its feeds are one batch)."""
    entries = Entries(urls, config, content, BATCH if articles <= BATCH_MOST else "")
    groups = groups if groups is not None else Groups()
    feeding = [listing for listing in lists if listing.kind not in ("year", "month")]
    # the feeds of a bundle of lists (output/keys.bundled) are a group, keyed by what each feed's key and path are
    # made from: its list's kind, name and view and its newest articles
    for (kind, bucket), members in bundled(feeding).items():
        key = bundle_key(keys, "feed bundle", members, config.feed_size)

        def planned(members: list[ArticleList] = members) -> Iterator[Task]:
            for m in members:
                yield from _feeds(m, m.articles[: config.feed_size], urls, config, interface, keys, entries)

        yield from groups.plan(f"{kind} feeds {bucket}", key, f"{kind} feed", planned)


def _feeds(
    listing: ArticleList, newest: Sequence[Article], urls: Urls, config: Config, interface: Interface,
    keys: TaskKeys, entries: Entries,
) -> Iterator[Task]:  # fmt: skip
    """The feeds of one list: Atom and RSS, and JSON Feed for the home lists."""
    shown = keys.articles(newest)
    for fmt, make in (("atom", atom), ("rss", rss), ("json", json_feed)):
        if fmt == "json" and listing.kind != "index":
            continue
        path = urls.feed_path(fmt, *_named(listing))
        key = keys("feed", fmt, listing.kind, listing.name, listing.lang, *shown)
        make_feed = entries.feed(partial(make, listing, urls, config, interface, entries))
        yield Task(path, f"{listing.kind} {fmt} feed", make_feed, key, entries.batch)
