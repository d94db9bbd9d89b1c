"""Image markup: an article's body images as responsive <picture>s, the lead image, teaser thumbnails, share
images and JSON-LD crops, and the derivative and share-card files as tasks. Bodies of feeds get plain
<img srcset> (readers drop <picture>) and absolute addresses (output/absolute.py)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import compress
from operator import attrgetter
from typing import Protocol
from urllib.parse import quote

from markupsafe import Markup

from ..archive.urls import Urls, resolve
from ..config import Config
from ..digests import key_of
from ..load.pictures import IMG_TAG, attributes, best_source
from ..media.catalog import CARD_SIZE, Catalog, Picture, Use, Variant, card_path
from ..models import Archive, Article, OutputFile, Task
from .absolute import absolute_html


class ImageStore(Protocol):
    """Where the made images are (cache/images.py): derivatives by picture and name, share cards by key."""

    cards: set[str]  # the keys of the cards this build shows (the store keeps those)

    def read(self, item: Picture, name: str) -> bytes: ...
    def card(self, key: str, draw: Callable[[], bytes]) -> bytes: ...


_OWN = {"src", "srcset", "sizes", "width", "height", "loading", "decoding", "fetchpriority"}  # set by us
THUMB_SIZES = "7rem"  # .teaser .thumb in style.css
LEAD_THUMB_SIZES = "(min-width: 48rem) 40rem, calc(100vw - 2rem)"  # the home page's lead story


@dataclass(frozen=True, slots=True)
class ShareImage:
    """The picture a page is shared with: an absolute URL, its size (0 when unknown) and its text."""

    url: str
    width: int = 0
    height: int = 0
    alt: str = ""


def _tag(name: str, attributes: dict[str, str]) -> str:
    return f"<{name}" + "".join(f' {k}="{html.escape(v)}"' for k, v in attributes.items()) + ">"


class Pictures:
    """What pages show of the site's images, from the catalog the store made."""

    def __init__(self, catalog: Catalog, urls: Urls, config: Config) -> None:
        self.catalog, self.urls, self.config = catalog, urls, config

    # Where an address leads ---------------------------------------------------------------------------------

    def source_of(self, written: str, page: str) -> str | None:
        """The path below the site root an image address leads to (``page``: the path of the page that has
        it, for relative addresses), if it stays on the site."""
        return resolve(written, page, self.config.base_path, self.config.origin)

    def find(self, written: str, page: str) -> Picture | None:
        """The picture an address shows, if the catalog has it."""
        source = self.source_of(written, page)
        return self.catalog.get(source) if source is not None else None

    def featured(self, article: Article) -> Picture | None:
        """The picture of an article's featured image, if it has one the catalog knows."""
        return self.find(article.image, self.urls.article_path(article)) if article.image else None

    def used_by(self, article: Article) -> tuple[Picture, ...]:
        """The pictures an article shows: its featured image, then its body's."""
        if not self.catalog.pictures:  # a site without images of its own: nothing to look up
            return ()
        page = self.urls.article_path(article)
        found = [self.find(src, page) for src in (article.image, *(ref for ref, _ in article.pictures)) if src]
        return tuple(dict.fromkeys(p for p in found if p is not None))

    def basis(self) -> tuple[object, ...]:
        """Everything ``key`` depends on besides the article: equal bases, equal keys for the same record."""
        return (self.config, sorted((source, p.key) for source, p in self.catalog.pictures.items()))

    def key(self, article: Article) -> str:
        """What an article's pages show of its images (part of every task key that shows the article)."""
        used = self.used_by(article)
        return key_of([p.key for p in used]) if used else ""

    # Markup ------------------------------------------------------------------------------------------------

    def srcset(self, variants: tuple[Variant, ...], absolute: bool = False) -> str:
        """A srcset attribute's value: each variant's address and width."""
        return ", ".join(f"{self.address(v.path, absolute)} {v.width}w" for v in variants)

    def address(self, path: str, absolute: bool = False) -> str:
        """The address of a file below the site root (percent-encoded)."""
        link = self.urls.url(quote(path))
        return self.urls.full(link) if absolute else link

    def img(self, item: Picture, attributes: dict[str, str], sizes: str, *, lead: bool = False,
            absolute: bool = False, picture: bool = True) -> str:  # fmt: skip
        """A picture's markup: a <picture> with a <source> per better format and an <img> with the fallback
        format's srcset, intrinsic size and loading hints; a plain <img srcset> when ``picture`` is False."""
        fallback = item.of_type(item.fallback)
        shown = {k: v for k, v in attributes.items() if k not in _OWN}
        width, height = _display_size(item, attributes)
        own = {
            "src": self.address(_middle(fallback).path, absolute),
            "srcset": self.srcset(fallback, absolute),
            "sizes": sizes if width == item.variants[-1].width else f"(max-width: {width}px) 100vw, {width}px",
            "width": str(width),
            "height": str(height),
        }
        own.update({"fetchpriority": "high"} if lead else {"loading": "lazy"} if picture else {})
        own["decoding"] = "async"
        tag = _tag("img", {**shown, **own})
        if not picture:
            return tag
        sources = "".join(
            _tag("source", {"type": mime, "srcset": self.srcset(item.of_type(mime), absolute), "sizes": own["sizes"]})
            for mime in item.types
            if mime != item.fallback
        )
        return f"<picture>{sources}{tag}</picture>"

    def body(self, article: Article) -> str:
        """An article's body HTML with every image of the catalog as a responsive picture (lazily loaded)."""
        text = article.body_html
        if not article.pictures:
            return text
        page = self.urls.article_path(article)
        return IMG_TAG.sub(lambda m: self._rewrite(m.group(0), page, feed=False), text)

    def feed_body(self, article: Article) -> str:
        """An article's body for feeds: images as <img srcset>, every address absolute (feeds.Entries keeps it,
        escaped, for the other feeds the article is in)."""
        text = article.body_html
        page = self.urls.article_path(article)
        if article.pictures:
            text = IMG_TAG.sub(lambda m: self._rewrite(m.group(0), page, feed=True), text)
        if _ADDRESS.search(text):  # an attribute that may hold an address (absolute.py reads it)
            text = absolute_html(text, self.urls.full(self.urls.url(page)))
        return text

    def _rewrite(self, tag: str, page: str, feed: bool) -> str:
        found = attributes(tag)
        item = self.find(best_source(found), page)
        if item is None:
            return tag
        return self.img(item, found, self.config.image_sizes, absolute=feed, picture=not feed)

    def lead(self, article: Article) -> Markup:
        """An article's featured image, loaded first (it is what the reader sees first)."""
        item = self.featured(article)
        if item is None:
            src = html.escape(self.urls.href(article.image))
            return Markup(
                f'<img class="framed" src="{src}" alt="{html.escape(article.image_alt)}" fetchpriority="high">'
            )
        return Markup(self.img(item, {"alt": article.image_alt}, self.config.image_sizes, lead=True))

    def thumb(self, article: Article, css: str = "thumb", lead: bool = False) -> Markup:
        """A list's picture of an article (its featured image): decorative in a list (the title says it all),
        described and loaded first as the home page's lead story."""
        item = self.featured(article)
        if item is None:
            src, alt = html.escape(self.urls.href(article.image)), html.escape(article.image_alt) if lead else ""
            hint = 'fetchpriority="high"' if lead else 'loading="lazy" decoding="async"'
            return Markup(f'<img class="{html.escape(css)}" src="{src}" alt="{alt}" {hint}>')
        sizes = LEAD_THUMB_SIZES if lead else THUMB_SIZES
        return Markup(self.img(item, {"class": css, "alt": article.image_alt if lead else ""}, sizes, lead=lead))

    # Sharing -----------------------------------------------------------------------------------------------

    def share(self, article: Article) -> ShareImage | None:
        """What an article is shared with: its image (the 16:9 crop, else the widest fallback), else its share
        card; None: the site's image."""
        alt = article.image_alt or article.title
        if article.image:
            item = self.featured(article)
            if item is None:
                return ShareImage(self.urls.full(self.urls.href(article.image)), alt=alt)
            chosen = item.share
            return ShareImage(self.address(chosen.path, True), chosen.width, chosen.height, alt)
        if self.config.share_cards and not article.page:
            return ShareImage(self.address(card_path(self.urls.article_path(article)), True), *CARD_SIZE, article.title)
        return None

    def jsonld(self, article: Article) -> list[str]:
        """The JSON-LD images of an article: its crops (16:9, 4:3, 1:1) where the image is large enough."""
        item = self.featured(article)
        if item is None or not item.crops:
            return []
        return [self.address(crop.path, True) for crop in item.crops]


def _display_size(item: Picture, attributes: dict[str, str]) -> tuple[int, int]:
    """The size an image is shown at: as the editor wrote it (one of the two is enough), else its own."""
    width, height = _pixels(attributes.get("width")), _pixels(attributes.get("height"))
    if width and height:
        return width, height
    if width:
        return width, max(1, round(item.height * width / item.width))
    if height:
        return max(1, round(item.width * height / item.height)), height
    widest = item.variants[-1]  # (each format has the same widths)
    return widest.width, widest.height


def _pixels(value: str | None) -> int:
    text = (value or "").strip().removesuffix("px")
    return int(text) if text.isdigit() and 0 < int(text) < 100_000 else 0


def _middle(variants: tuple[Variant, ...]) -> Variant:
    """The src of a browser that reads no srcset: a middle width, not the largest."""
    return variants[min(1, len(variants) - 1)]


# Feeds: absolute addresses -------------------------------------------------------------------------------------

_ADDRESS = re.compile(r"href|src|poster|cite|action|data|background", re.IGNORECASE)  # srcset holds "src"


# Files ---------------------------------------------------------------------------------------------------------


UsesMemo = Callable[[Article, Callable[[], list[tuple[str, Use]]]], list[tuple[str, Use]]]


def image_uses(archive: Archive, urls: Urls, config: Config, memo: UsesMemo | None = None) -> dict[str, list[Use]]:
    """Where every page shows an image of the site: by path below the site root, each use's file and line.
    ``memo``: an article's uses as the last build of this process found them (cache/resident.py), made by the
    function it is given otherwise (an article's uses follow from it, its path and site.yaml alone)."""
    found: dict[str, list[Use]] = {}
    placed = archive.articles + archive.pages  # those that show an image, picked at C speed: most news has none
    for article in compress(placed, map(any, zip(map(_IMAGE, placed), map(_PICTURES, placed), strict=True))):
        make = partial(_uses_of, article, urls, config)
        for source, use in make() if memo is None else memo(article, make):
            found.setdefault(source, []).append(use)
    return found


_IMAGE, _PICTURES = attrgetter("image"), attrgetter("pictures")


def _uses_of(article: Article, urls: Urls, config: Config) -> list[tuple[str, Use]]:
    """The images an article shows: each one's path below the site root with the use."""
    page = urls.article_path(article)
    refs = ((article.image, article.line("image")),) if article.image else ()
    found = []
    for written, line in (*refs, *article.pictures):
        source = resolve(written, page, config.base_path, config.origin)
        if source is not None:
            found.append((source, Use(article.path, line, written)))
    return found


def image_tasks(catalog: Catalog, store: ImageStore) -> Iterator[Task]:
    """Every derivative and crop of the catalog, keyed by its store key and name (the bytes are the store's)."""
    for item in catalog.pictures.values():
        for variant in (*item.variants, *item.crops):
            origin = f"derivative of static/{item.source}"
            make = partial(_stored, store, item, variant, origin)
            yield Task(variant.path, origin, make, key_of("image", item.key, variant.name))


def _stored(store: ImageStore, item: Picture, variant: Variant, origin: str) -> OutputFile:
    return OutputFile(variant.path, store.read(item, variant.name), origin)


def card_tasks(archive: Archive, pictures: Pictures, store: ImageStore, draw: CardDrawer) -> Iterator[Task]:
    """A share card for every article without an image (none when site.yaml turns them off)."""
    if not pictures.config.share_cards:
        return
    for article in archive.articles:
        if article.image:
            continue
        path = card_path(pictures.urls.article_path(article))
        key = draw.key(article)
        store.cards.add(key)
        yield Task(path, f"share card of {article.path}", partial(_card, store, draw, article, path, key), key)


def _card(store: ImageStore, draw: CardDrawer, article: Article, path: str, key: str) -> OutputFile:
    return OutputFile(path, store.card(key, partial(draw, article)), f"share card of {article.path}")


class CardDrawer:
    """Draws an article's share card in its language: title, site, date and source (see media/cards.py)."""

    def __init__(
        self, config: Config, meta_line: Callable[[Article], str], logo: bytes | None, template: bytes | None
    ) -> None:
        self.config, self.meta_line, self.logo, self.template = config, meta_line, logo, template
        self.shared = key_of(config.title, config.accent, logo, template)

    def text(self, article: Article) -> tuple[str, str, str]:
        """What a card says."""
        return (article.title, self.config.title, self.meta_line(article))

    def key(self, article: Article) -> str:
        """The digest of a card: what it says and looks like, and the drawing code's version."""
        from ..media.cards import version

        return key_of("card", self.shared, self.text(article), version())

    def __call__(self, article: Article) -> bytes:
        from ..media.cards import CardText, draw

        return draw(CardText(*self.text(article)), self.config.accent, self.logo, self.template)
