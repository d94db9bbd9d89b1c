"""What an image's derivatives are: the records and rules (sizes, formats, crops), without Pillow (media/pillow.py
does the work: importing Pillow costs a build that has nothing to make)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..digests import key_of

# What is resized: the formats Pillow reads and writes well. GIF (maybe animated) and SVG pass through untouched.
RESIZED = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
MIME = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "avif": "image/avif"}
CROP_WIDTH = 1200  # Google's guidance for Discover and article rich results: images at least 1200 px wide
CROPS = ((16, 9), (4, 3), (1, 1))  # the aspect ratios Google asks for in an article's JSON-LD image
ORIENTATION = 0x0112


@cache
def pillow_version() -> str:
    """Pillow's version, read without importing Pillow: another Pillow (and its codecs) may make other bytes."""
    from importlib.metadata import version

    return version("pillow")


@cache
def maker_version() -> str:
    """Digest of the code that makes derivatives (this module and media/pillow.py): a new version of it makes
    every image again, as a new Pillow does."""
    from pathlib import Path

    from ..digests import digest

    here = Path(__file__).parent
    return digest((here / "specs.py").read_bytes() + (here / "pillow.py").read_bytes())


def avif_supported() -> bool:
    """Whether this Pillow can write AVIF (built in from Pillow 11.3 on most platforms)."""
    from PIL import features

    return bool(features.check("avif"))


class ImageError(Exception):
    """An image that cannot be read; the message says why, for the article that shows it."""


@dataclass(frozen=True, slots=True)
class Facts:
    """What an image is, read from its header: its size as shown (EXIF orientation applied), its format,
    whether it has transparency, and whether it moves (an animated PNG or WebP passes through, like a GIF)."""

    width: int
    height: int
    format: str  # JPEG, PNG or WEBP
    alpha: bool
    animated: bool = False


@dataclass(frozen=True, slots=True)
class Settings:
    """What site.yaml says derivatives are: their widths, the encoders' quality, and AVIF or not."""

    widths: tuple[int, ...] = (480, 960, 1440)
    quality: int = 80
    avif: bool = False

    @property
    def key(self) -> str:
        """Digest of the settings and of Pillow's version: a store key part."""
        return key_of(self.widths, self.quality, self.avif, pillow_version(), maker_version())


@dataclass(frozen=True, slots=True)
class Spec:
    """One derivative to make: its file name in the image's set, size, format and, for a crop, its ratio."""

    name: str  # "960.webp", "16x9.jpg"
    width: int
    height: int
    ext: str
    crop: tuple[int, int] | None = None

    @property
    def mime(self) -> str:
        """Return the derivative's media type."""
        return MIME[self.ext]


def formats(image: Facts, settings: Settings) -> tuple[str, ...]:
    """The formats an image's derivatives are made in: its own (WebP is the fallback of a WebP), WebP, and AVIF
    when asked for; best first."""
    own = EXTENSIONS[image.format]
    made = ("avif",) if settings.avif else ()
    return (*made, "webp") if own == "webp" else (*made, "webp", own)


def base_format(image: Facts) -> str:
    """The format every reader shows (the img fallback, feeds, share images): JPEG, or PNG for transparency."""
    return "png" if image.alpha or image.format == "PNG" else "jpg"


def widths(image: Facts, settings: Settings) -> tuple[int, ...]:
    """The widths of an image's derivatives: the settings' widths below its own, and its own width (or the
    largest setting, if smaller) last: never upscaled."""
    top = min(image.width, settings.widths[-1])
    return (*(w for w in settings.widths if w < top), top)


def height_at(image: Facts, width: int) -> int:
    """The height of a derivative ``width`` pixels wide, in the image's proportions."""
    return max(1, round(image.height * width / image.width))


def specs(image: Facts, settings: Settings) -> tuple[Spec, ...]:
    """Every derivative of an image: each width in each format, then the crops that are large enough."""
    made = [
        Spec(f"{width}.{ext}", width, height_at(image, width), ext)
        for ext in formats(image, settings)
        for width in widths(image, settings)
    ]
    for ratio in CROPS:
        if crop_box(image, ratio) is not None:
            height = CROP_WIDTH * ratio[1] // ratio[0]
            made.append(
                Spec(f"{ratio[0]}x{ratio[1]}.{base_format(image)}", CROP_WIDTH, height, base_format(image), ratio)
            )
    return tuple(made)


def crop_box(image: Facts, ratio: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """The centred box of an aspect ratio in an image, when it is at least CROP_WIDTH wide (else None)."""
    width = min(image.width, image.height * ratio[0] // ratio[1])
    height = width * ratio[1] // ratio[0]
    if width < CROP_WIDTH:
        return None
    left, top = (image.width - width) // 2, (image.height - height) // 2
    return (left, top, left + width, top + height)
