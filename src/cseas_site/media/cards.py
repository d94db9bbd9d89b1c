"""Share cards: the 1200x630 PNG a social site shows for an article without an image of its own. Drawn by
Pillow with the bundled Lato (SIL Open Font License, media/fonts/OFL.txt) and its basic layout engine, so the
bytes depend only on the text, the colours, the logo and Pillow's version, never on the fonts a machine has.
Everything is drawn white, once, into one channel; on the plain accent that channel is the card itself (a PNG
palette of the accent's mixes with white), quicker and smaller than colour."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .catalog import CARD_SIZE

if TYPE_CHECKING:  # Pillow is imported when a card is drawn: the key of a card kept from a build needs none
    from PIL import Image, ImageFont

FONTS = Path(__file__).parent / "fonts"
MARGIN = 72
LOGO = 88  # the logo's height in pixels
TITLE_SIZES = (68, 60, 52, 46, 40)  # the title's font size: the largest that fits in MOST_LINES
MOST_LINES = 4
META_SIZE = 30
WHITE = (255, 255, 255)
SLACK = 2  # pixels a line keeps free for kerning across the spaces between its words
LEVELS = [(level + 8) // 17 * 17 for level in range(256)]  # 0, 17, ... 255: no ink and full ink stay exact


@dataclass(frozen=True, slots=True)
class CardText:
    """What a card says, in the article's language: its title, the site's name, and a line such as
    '17 Februari 2016 · Antara'."""

    title: str
    site: str
    meta: str


@cache
def version() -> str:
    """Digest of how cards are drawn: this module, the fonts and Pillow's version (a card's key includes it)."""
    from ..digests import digest
    from .specs import pillow_version

    files = [Path(__file__), *sorted(FONTS.glob("*.ttf"))]
    return digest(b"".join(f.read_bytes() for f in files) + pillow_version().encode())


@cache
def font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """The bundled Lato at a size, laid out by Pillow's own engine (the same on every machine)."""
    from PIL import ImageFont

    name = "Lato-Bold.ttf" if bold else "Lato-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break text into lines no wider than ``width`` (less SLACK) at spaces; a word wider than a line is cut.
    A line's width is the sum of its words' and spaces' (each word measured once: titles share many words);
    SLACK covers the kerning that measuring the whole line would add."""
    space, used = _length(face, " "), 0.0
    lines: list[str] = []
    for word in text.split():
        size = _length(face, word)
        if lines and used + space + size <= width - SLACK:
            lines[-1] += " " + word
            used += space + size
            continue
        while len(word) > 1 and size > width - SLACK:
            cut = 1
            while cut < len(word) and face.getlength(word[: cut + 1]) <= width - SLACK:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
            size = _length(face, word)
        lines.append(word)
        used = size
    return lines


@lru_cache(maxsize=65536)
def _length(face: ImageFont.FreeTypeFont, word: str) -> float:
    return face.getlength(word)


def title_layout(title: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The title's font and lines: the largest size that fits it in MOST_LINES lines, else the smallest with
    its last line ending in an ellipsis."""
    width = CARD_SIZE[0] - 2 * MARGIN
    for size in TITLE_SIZES:
        face = font(True, size)
        lines = wrap(title, face, width)
        if len(lines) <= MOST_LINES:
            return face, lines
    kept = lines[:MOST_LINES]
    while kept[-1] and face.getlength(kept[-1] + "…") > width:
        kept[-1] = kept[-1][:-1].rstrip()
    kept[-1] += "…"
    return face, kept


def title_origin(face: ImageFont.FreeTypeFont, lines: list[str]) -> tuple[int, int, int]:
    """Where the title's first line is drawn (x, y) and the step between lines: centred in the space between
    the logo and the bottom line."""
    step = round(face.size * 1.2)
    top, bottom = MARGIN + LOGO + 24, CARD_SIZE[1] - MARGIN - META_SIZE - 32
    return MARGIN, top + (bottom - top - step * len(lines)) // 2, step


def draw(text: CardText, accent: str, logo: bytes | None = None, template: bytes | None = None) -> bytes:
    """Draw a card: the logo and the site's name, the title, and the meta line, in white on the accent colour
    or, given a template picture, on that picture darkened for contrast."""
    from PIL import Image, ImageDraw

    ink = Image.new("L", CARD_SIZE, 0)  # how white each pixel is: drawn once, in one channel
    ink.paste(_header(logo, text.site), (0, MARGIN))
    pen = ImageDraw.Draw(ink)
    face, lines = title_layout(text.title)
    x, y, step = title_origin(face, lines)
    for line in lines:
        pen.text((x, y), line, font=face, fill=255)
        y += step
    pen.text((MARGIN, CARD_SIZE[1] - MARGIN), text.meta, font=font(False, META_SIZE), fill=255, anchor="ls")
    ink = ink.point(LEVELS)  # 16 shades of the text's edges: a third fewer bytes, quicker to compress
    out = io.BytesIO()
    if template is None:  # white over the accent: a palette of their 256 mixes, indexed by the ink itself
        colour = [int(accent[i : i + 2], 16) for i in (1, 3, 5)]
        card = Image.frombytes("P", CARD_SIZE, ink.tobytes())
        card.putpalette([round(c + (255 - c) * level / 255) for level in range(256) for c in colour])
    else:
        card = _background(template)
        card.paste(WHITE, (0, 0, *CARD_SIZE), ink)
    card.save(out, "PNG", compress_level=3)
    return out.getvalue()


@lru_cache(maxsize=4)  # the same on every card of a site
def _header(logo: bytes | None, site: str) -> Image.Image:
    """The band at the card's top: the logo's white mark and the site's name, LOGO pixels high."""
    from PIL import Image, ImageDraw

    band = Image.new("L", (CARD_SIZE[0], LOGO), 0)
    left = MARGIN
    if logo:
        mark = _logo(logo)
        band.paste(255, (MARGIN, 0, MARGIN + mark.width, mark.height), mark)
        left += mark.width + 24
    ImageDraw.Draw(band).text((left, LOGO // 2), site, font=font(True, 34), fill=255, anchor="lm")
    return band


def _background(template: bytes) -> Image.Image:
    from PIL import Image

    with Image.open(io.BytesIO(template)) as opened:
        picture = opened.convert("RGB")
    scale = max(CARD_SIZE[0] / picture.width, CARD_SIZE[1] / picture.height)
    size = (max(CARD_SIZE[0], round(picture.width * scale)), max(CARD_SIZE[1], round(picture.height * scale)))
    picture = picture.resize(size, Image.Resampling.LANCZOS)
    left, top = (size[0] - CARD_SIZE[0]) // 2, (size[1] - CARD_SIZE[1]) // 2
    picture = picture.crop((left, top, left + CARD_SIZE[0], top + CARD_SIZE[1]))
    return Image.blend(picture, Image.new("RGB", CARD_SIZE, (0, 0, 0)), 0.55)  # white text stays readable


@lru_cache(maxsize=4)  # a site has one logo: decoded once for all its cards
def _logo(data: bytes) -> Image.Image:
    """The logo as a white mark LOGO pixels high: each opaque pixel as white as it is light (a light logo, like the
    theme's white tile with its dark letter cut out) or as it is dark (a dark logo, drawn white)."""
    from PIL import Image, ImageChops, ImageOps, ImageStat

    with Image.open(io.BytesIO(data)) as opened:
        rgba = opened.convert("RGBA")
    alpha, light = rgba.getchannel("A"), rgba.convert("L")
    mean = ImageStat.Stat(light, alpha).mean[0] if alpha.getbbox() else 255
    mark = ImageChops.multiply(alpha, light if mean >= 128 else ImageOps.invert(light))
    width = max(1, round(mark.width * LOGO / mark.height))
    return mark.resize((width, LOGO), Image.Resampling.LANCZOS)
