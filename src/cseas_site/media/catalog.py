"""The images a site shows, as records pages are made from: each source image with its derivatives (their
output paths and sizes) and crops, and where an article's share card goes. Pure: the store surveys the files
(cache/images.py), output/pictures.py writes the markup."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .specs import Facts, Settings, Spec, base_format, specs

IMAGES = "_img"  # first path segment of every derivative and share card (reserved: archive/urls.py says so too)
CARDS = f"{IMAGES}/cards"
CARD_SIZE = (1200, 630)  # what Facebook, LinkedIn and X show in full width


@dataclass(frozen=True, slots=True)
class Variant:
    """One made file of an image: where it is published, its size and its media type."""

    path: str  # below the site root, e.g. "_img/uploads/2016/02/photo.5f3a9c01d2.960.webp"
    width: int
    height: int
    mime: str
    name: str = ""  # its name in the image's set in the store ("960.webp")


@dataclass(frozen=True, slots=True)
class Use:
    """Where a page shows an image: the content file, its line, and the address as written."""

    path: str
    line: int
    written: str


@dataclass(frozen=True, slots=True)
class Picture:
    """A raster image of static/ that a page shows, and everything made of it."""

    source: str  # its path below the site root, e.g. "uploads/2016/02/photo.jpg"
    width: int  # as shown: EXIF orientation applied
    height: int
    key: str  # the store's key: the file's bytes, the settings and Pillow's version
    variants: tuple[Variant, ...]  # each format (best first), widths ascending
    crops: tuple[Variant, ...]  # 16:9, 4:3 and 1:1 at 1200 px wide, those the image is large enough for
    fallback: str  # the media type every reader shows (JPEG or PNG; WebP for a WebP)

    def of_type(self, mime: str) -> tuple[Variant, ...]:
        """The derivatives in one format, narrowest first."""
        return tuple(v for v in self.variants if v.mime == mime)

    @property
    def types(self) -> tuple[str, ...]:
        """The formats of its derivatives, best first."""
        return tuple(dict.fromkeys(v.mime for v in self.variants))

    @property
    def share(self) -> Variant:
        """What a share or JSON-LD image shows: the 16:9 crop, else the widest fallback derivative."""
        return (
            self.crops[0] if self.crops and self.crops[0].name.startswith("16x9") else self.of_type(self.fallback)[-1]
        )


def picture(source: str, image: Facts, key: str, settings: Settings) -> Picture:
    """The record of a source image: its derivatives' paths (the source's path, a short key that changes
    with its bytes, and the derivative's name: caches may keep them forever)."""
    stem = source.rsplit(".", 1)[0]
    made = specs(image, settings)

    def variant(spec: Spec) -> Variant:
        return Variant(f"{IMAGES}/{stem}.{key[:10]}.{spec.name}", spec.width, spec.height, spec.mime, spec.name)

    fallback = base_format(image) if image.format != "WEBP" else "webp"
    return Picture(
        source, image.width, image.height, key,
        tuple(variant(s) for s in made if s.crop is None), tuple(variant(s) for s in made if s.crop is not None),
        {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[fallback],
    )  # fmt: skip


def card_path(article_path: str) -> str:
    """Where an article's share card is published: its path below /_img/cards/, as a PNG."""
    stem = article_path.strip("/").removesuffix(".html").removesuffix(".htm") or "index"
    return f"{CARDS}/{stem}.png"


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every image the site's pages show, by source path; what could not be read was reported already."""

    pictures: Mapping[str, Picture] = field(default_factory=lambda: MappingProxyType({}))
    settings: Settings = field(default_factory=Settings)

    def get(self, source: str) -> Picture | None:
        """The picture of a path below the site root ('uploads/a.jpg'), if it is one."""
        return self.pictures.get(source)
