"""Page metadata for search engines and social cards: canonical URL, Open Graph, Twitter, JSON-LD."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..archive.urls import Urls
from ..config import Config
from ..models import N_, Article, ListPage
from .citations import creators
from .i18n import Interface
from .pictures import Pictures, ShareImage

LOCALES = {"en": "en_US", "id": "id_ID"}
PAGE_TITLE = N_("%(title)s (page %(number)s)")
HOME = N_("Home")


def _named(page: ListPage) -> tuple[str, str | None, str | None]:
    return (page.kind, page.source.name, page.source.lang)


DEFAULT_IMAGE = "card.png"  # in the theme's static files


@dataclass(frozen=True, slots=True)
class Feed:
    """A feed to announce with <link rel="alternate">."""

    title: str
    mime: str
    href: str


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Everything base.html puts in <head> besides the stylesheet."""

    title: str
    description: str
    canonical: str
    lang: str
    og_type: str = "website"
    image: str = ""
    image_width: int = 0  # og:image:width and height, when known
    image_height: int = 0
    image_alt: str = ""
    published: str = ""
    modified: str = ""
    tags: tuple[str, ...] = ()
    feeds: tuple[Feed, ...] = ()
    jsonld: tuple[dict[str, Any], ...] = field(default=())
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, absolute URL) of every version, and x-default
    citation: tuple[tuple[str, str], ...] = ()  # Highwire citation_* tags (name, content) Zotero and Scholar read

    @property
    def locale(self) -> str:
        """Return the Open Graph locale, e.g. en_US or id_ID."""
        return LOCALES.get(self.lang, self.lang.replace("-", "_"))


def to_jsonld(data: dict[str, Any]) -> Markup:
    """Serialise JSON-LD so that nothing in it can close the <script> element."""
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class Seo:
    """Builds PageMeta for each page kind from the site's config and URLs."""

    def __init__(self, config: Config, urls: Urls, interface: Interface, pictures: Pictures) -> None:
        self.config, self.urls, self.interface, self.pictures = config, urls, interface, pictures
        self.home = urls.full(urls.list("index"))
        image = config.image or urls.asset(DEFAULT_IMAGE)
        self.image = image if "://" in image else urls.full(urls.href(image if image.startswith("/") else "/" + image))
        self.site_feeds = (
            Feed(f"{config.title} (Atom)", "application/atom+xml", urls.feed("atom")),
            Feed(f"{config.title} (RSS)", "application/rss+xml", urls.feed("rss")),
            Feed(f"{config.title} (JSON Feed)", "application/feed+json", urls.feed("json")),
        )
        self._lists: dict[tuple[str, str | None, str | None, str], tuple[str, tuple[Feed, ...]]] = {}

    def publisher(self) -> dict[str, Any]:
        """Return the site as a schema.org Organization."""
        logo = {"@type": "ImageObject", "url": self.image}
        return {"@type": "Organization", "name": self.config.title, "url": self.home, "logo": logo}

    def page(
        self, title: str, canonical_link: str, description: str = "", lang: str | None = None,
        feeds: tuple[Feed, ...] | None = None, jsonld: tuple[dict[str, Any], ...] = (),
    ) -> PageMeta:  # fmt: skip
        """Metadata of a simple page (overviews, 404); ``title`` in the page's language (``lang``: None for the
        site's); ``feeds``: those the page announces (None: the site's)."""
        full_title = title if title == self.config.title else f"{title} · {self.config.title}"
        return PageMeta(
            title=full_title,
            description=description or self.config.description or self.config.title,
            canonical=self.urls.full(canonical_link),
            lang=self.interface.chrome(lang),
            image=self.image,
            feeds=self.site_feeds if feeds is None else feeds,
            jsonld=jsonld,
        )

    def list_page(self, page: ListPage) -> PageMeta:
        """Metadata of a list page, in the language of its view; term pages also announce the term's own feeds,
        and a language's view its own."""
        listing = page.source
        code = self.interface.chrome(listing.lang)
        name, feeds = self._list_parts(page, code)
        home = listing.kind == "index" and page.pager.front and listing.lang is None
        title = self.config.title if home else name
        if not page.pager.front:
            number = self.interface.of(code).number(page.pager.number)
            title = self.interface.of(code).gettext(PAGE_TITLE, title=title, number=number)
        return self.page(title, page.pager.url, lang=listing.lang, feeds=feeds,
                         jsonld=(self.website(),) if home else ())  # fmt: skip

    def _list_parts(self, page: ListPage, code: str) -> tuple[str, tuple[Feed, ...]]:
        """A list's title in its view's language and the feeds its pages announce, the same on every page of
        it: worked out once per list (a list of 1,000 pages asked for them 1,000 times)."""
        key = (page.kind, page.source.name, page.source.lang, code)
        found = self._lists.get(key)
        if found is None:
            listing = page.source
            name = self.interface.list_title(listing, code)
            feeds: tuple[Feed, ...] = self.site_feeds
            if listing.kind not in ("year", "month") and (listing.kind != "index" or listing.lang):
                feeds = (
                    Feed(f"{name} (Atom)", "application/atom+xml", self.urls.feed("atom", *_named(page))),
                    Feed(f"{name} (RSS)", "application/rss+xml", self.urls.feed("rss", *_named(page))),
                    *feeds,
                )
            found = self._lists[key] = (name, feeds)
        return found

    def website(self) -> dict[str, Any]:
        """JSON-LD WebSite for the home page."""
        return {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": self.config.title,
            "url": self.home,
            "description": self.config.description,
            "inLanguage": self.config.language,
            "publisher": self.publisher(),
        }

    def article(self, article: Article, versions: tuple[Article, ...] = ()) -> PageMeta:
        """Metadata of an article page: og:type article, NewsArticle and BreadcrumbList JSON-LD, and the
        hreflang links of its versions in other languages."""
        canonical = self.urls.full(self.urls.article(article))
        shared = self.pictures.share(article) or ShareImage(self.image, alt=self.config.title)
        images = self.pictures.jsonld(article) or [shared.url]
        return PageMeta(
            title=f"{article.title} · {self.config.title}",
            description=article.summary,
            canonical=canonical,
            lang=self.interface.chrome(article.lang),
            og_type="article",
            image=shared.url,
            image_width=shared.width,
            image_height=shared.height,
            image_alt=shared.alt,
            published=article.date.isoformat(),
            modified=article.modified.isoformat(),
            tags=article.tags,
            feeds=self.site_feeds,
            jsonld=(self.news_article(article, canonical, images), self.breadcrumbs(article, canonical)),
            alternates=self.urls.alternates(versions),
            citation=self.citation(article, canonical),
        )

    def citation(self, article: Article, canonical: str) -> tuple[tuple[str, str], ...]:
        """The citation_* meta tags of an article (Highwire Press tags, which Zotero and Google Scholar read):
        title, each author (the article's people, else its agencies, else the site), dates, publisher,
        language, and where the page and its downloads are."""
        names, _ = creators(article, self.config)
        tags = [("citation_title", article.title), *(("citation_author", name) for name in names)]
        tags += [
            ("citation_publication_date", article.date.strftime("%Y/%m/%d")),
            ("citation_online_date", article.date.strftime("%Y/%m/%d")),
            ("citation_publisher", self.config.author or self.config.title),
            ("citation_journal_title", self.config.title),
            ("citation_language", article.lang),
            ("citation_public_url", canonical),
            ("citation_fulltext_html_url", canonical),
        ]
        tags += [("citation_keywords", tag) for tag in article.tags]
        return tuple(tags)

    def _authors(self, article: Article) -> list[dict[str, Any]]:
        if not article.authors:
            return [{"@type": "Organization", "name": self.config.title, "url": self.home}]
        return [
            {"@type": "Person", "name": name, "url": self.urls.full(self.urls.list("author", name))}
            for name in article.authors
        ]

    def news_article(self, article: Article, canonical: str, images: list[str]) -> dict[str, Any]:
        """JSON-LD NewsArticle with every property Google lists for Article rich results."""
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "description": article.summary,
            "datePublished": article.date.isoformat(),
            "dateModified": article.modified.isoformat(),
            "author": self._authors(article),
            "publisher": self.publisher(),
            "image": images,
            "inLanguage": article.lang,
            "keywords": list(article.tags),
            "articleSection": list(article.categories),
            "url": canonical,
            "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        }
        if article.corrections:
            data["correction"] = [
                {"@type": "CorrectionComment", "text": c.text, "datePublished": c.date.isoformat()}
                for c in article.corrections
            ]
        if article.sources:
            agencies = [{"@type": "NewsMediaOrganization", "name": name} for name in article.sources]
            data["sourceOrganization"] = agencies
            data["isBasedOn"] = [{"@type": "NewsArticle", "publisher": agency} for agency in agencies]
        return data

    def breadcrumbs(self, article: Article, canonical: str) -> dict[str, Any]:
        """JSON-LD BreadcrumbList matching the visible breadcrumb: Home > category or year > article."""
        if article.categories:
            shown = self.interface.terms.shown(article.categories[0], self.interface.chrome(article.lang))
            middle = (shown, self.urls.list("category", article.categories[0]))
        else:
            middle = (str(article.year), self.urls.list("year", str(article.year)))
        home = self.interface.of(article.lang).gettext(HOME)
        trail = [(home, self.home), (middle[0], self.urls.full(middle[1])), (article.title, canonical)]
        items = [
            {"@type": "ListItem", "position": n, "name": name, "item": url} for n, (name, url) in enumerate(trail, 1)
        ]
        return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
