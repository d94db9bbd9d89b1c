"""The site's identity in the theme: logo, accent colour and the web app manifest (site.yaml logo, accent)."""

from __future__ import annotations

import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..archive.urls import MANIFEST, Urls
from ..config import Config
from ..errors import Problem, SiteError
from ..load.loader import StaticFile
from ..models import OutputFile, Task
from .jsontext import indented
from .keys import TaskKeys

DEFAULT_ACCENT = Config().accent
DEFAULT_LOGO = "logo.svg"  # in the theme's static files
ICONS = (("icon-192.png", 192), ("icon-512.png", 512))  # in the theme's static files
LOGO_HEIGHT = 48  # CSS pixels the masthead gives the logo
_SVG_SIZE = re.compile(rb'<svg\b[^>]*?\bviewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"', re.DOTALL)
_SVG_WH = re.compile(rb'<svg\b(?=[^>]*?\bwidth="([\d.]+)(?:px)?")(?=[^>]*?\bheight="([\d.]+)(?:px)?")', re.DOTALL)


@dataclass(frozen=True, slots=True)
class Theme:
    """What base.html shows of the site's identity (the template variable ``theme``)."""

    logo: str  # the logo's link
    logo_width: int  # its size in the masthead, in CSS pixels (so the page does not move when it loads)
    logo_height: int
    accent: str  # '#0b5d7a'
    accent_dark: str  # the accent on dark backgrounds: lighter, for contrast
    custom: bool  # the site set its own accent (base.html then sets the colours)


def image_size(data: bytes) -> tuple[float, float] | None:
    """Width and height of a PNG (its header) or an SVG (its viewBox, else width and height), or None."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return (width, height) if width and height else None
    head = data[:4096]
    found = _SVG_SIZE.search(head) or _SVG_WH.search(head)
    if found:
        width, height = float(found.group(1)), float(found.group(2))
        return (width, height) if width > 0 and height > 0 else None
    return None


def lighter(colour: str, share: float = 0.55) -> str:
    """The colour mixed with white (``share`` of white): an accent readable on a dark background."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in channels)


def site_theme(
    config: Config, urls: Urls, static: Sequence[StaticFile], theme_dirs: Sequence[Path], site_yaml: str
) -> Theme:
    """The logo (site.yaml's, from static/, else the theme's) with its size, and the accent colours; raise
    SiteError (at site.yaml's logo line) when the logo is missing or not an SVG or PNG image."""
    if config.logo:
        wanted = config.logo.lstrip("/")
        file = next((f.file for f in static if f.path == wanted), None)
        line = config.line("logo")
        if file is None:
            raise SiteError([Problem(site_yaml, line, f"logo: no file static/{wanted} (put the logo there)")])
        size = image_size(file.read_bytes()) if file.suffix.lower() in (".svg", ".png") else None
        if size is None:
            raise SiteError([Problem(site_yaml, line, f"logo: static/{wanted} is not an SVG or PNG image with a size")])
        link = urls.href(config.logo)
    else:
        file = next(d / "static" / DEFAULT_LOGO for d in theme_dirs if (d / "static" / DEFAULT_LOGO).is_file())
        size = image_size(file.read_bytes()) or (1, 1)
        link = urls.asset(DEFAULT_LOGO)
    width = max(1, round(LOGO_HEIGHT * size[0] / size[1]))
    accent = config.accent
    return Theme(link, width, LOGO_HEIGHT, accent, lighter(accent), accent != DEFAULT_ACCENT)


def manifest(config: Config, urls: Urls, theme: Theme, keys: TaskKeys) -> Task:
    """site.webmanifest: the name, colours and icons a phone uses when the site is added to its home screen."""
    data = {
        "name": config.title,
        "short_name": config.title[:12],
        "description": config.description,
        "lang": config.language,
        "start_url": urls.list("index"),
        "scope": urls.base,
        "display": "browser",
        "theme_color": theme.accent,
        "background_color": "#ffffff",
        "icons": [{"src": urls.asset(name), "sizes": f"{size}x{size}", "type": "image/png"} for name, size in ICONS],
    }
    text = indented(data) + "\n"
    return Task.ready(OutputFile(MANIFEST, text.encode("utf-8"), "web app manifest"), keys(MANIFEST, text))
