"""``content/site.yaml`` -> a frozen, validated :class:`Config`."""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import Problem, SiteError
from .yamltools import load_mapping

PERMALINK_FIELDS = ("slug", "year", "month", "day", "lang", "category", "source")
CACHE_DIR = ".cseas-cache"  # below the site root: what the last build knew (see cache/)


@dataclass(frozen=True, slots=True)
class SitePaths:
    """Where a site's inputs, output and build cache are."""

    root: Path
    output: Path
    cache_folder: Path | None = None  # default: ROOT/.cseas-cache

    def real(self) -> SitePaths:
        """The same paths with the output made absolute and its symbolic links resolved: a build swaps the real
        folder (a link to it stays a link), and keeps its standby tree beside that folder."""
        return dataclasses.replace(self, output=Path(os.path.realpath(self.output)))

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def static(self) -> Path:
        return self.root / "static"

    @property
    def cache(self) -> Path:
        return self.cache_folder or self.root / CACHE_DIR

    @property
    def inputs(self) -> tuple[Path, ...]:
        """The folders an output folder must never hold or be (the build reads them)."""
        return (self.root, self.content, self.templates, self.static)


@dataclass(frozen=True, slots=True)
class NavLink:
    """One entry of the header menu or the footer links: a title, where it goes, and the entries below it."""

    title: str
    url: str  # a path of the site ("/about/", read below base_url), a full http(s) address, "" for a heading
    children: tuple[NavLink, ...] = ()


MENU_DEPTH = 3  # levels of a menu: deeper ones are hard to use on any screen


@dataclass(frozen=True, slots=True)
class Config:
    """Site-wide settings; every key of site.yaml is documented in docs/configuration.md."""

    title: str = "CSEAS Indonesia"
    description: str = ""
    base_url: str = "/"  # absolute ("https://example.org/news/") or a path ("/news/")
    timezone: str = "UTC"
    language: str = "en"
    per_page: int = 10
    # "newest": page 1 holds the newest articles (WordPress, Hugo); "fixed": pages numbered from the oldest keep
    # their articles for good, so a new article changes a list's front page alone (archive/paginate.py)
    pagination: str = "newest"
    permalink: str = "/{slug}/"
    author: str = ""
    leftovers: tuple[str, ...] = ()
    allow_raw_html: bool = True
    feed_size: int = 20
    # "full": a feed entry holds the whole article; "summary": its summary only (as WordPress offers)
    feed_content: str = "full"
    footer: str = ""
    image: str = ""  # share image for pages without their own: a URL, or a path below the site root
    search_shard_size: int = 0  # articles per search index shard; 0: chosen from the archive's size
    menu: tuple[NavLink, ...] | None = None  # the header menu; None: the theme's own (home, archive, tags, ...)
    footer_links: tuple[NavLink, ...] | None = None  # None: the standalone pages, when there are a few
    languages: tuple[str, ...] | None = None  # views per language; None: the site's and its articles' languages
    term_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False, hash=False)
    logo: str = ""  # the masthead's logo: a path of the site (static/) such as /logo.svg; "": the theme's
    tagline: str = ""  # the line under the site's name in the masthead
    accent: str = "#0b5d7a"  # the theme's accent colour (links, the masthead's rule): #rrggbb
    home_sections: tuple[str, ...] = ()  # categories with a block of their newest articles on the home page
    # {kind: {name: description}} shown on term pages: site.yaml's term_descriptions and content/terms.yaml
    term_descriptions: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False, hash=False)
    # Images (docs/images.md): the widths each raster image is resized to (never larger than the original), the
    # encoders' quality, AVIF besides WebP, the sizes attribute of an article's images, the share cards of articles
    # without an image (and a picture to draw them on), and the upload size `check` warns about.
    image_widths: tuple[int, ...] = (480, 960, 1440)
    image_quality: int = 80
    image_avif: bool = False
    image_sizes: str = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
    share_cards: bool = True
    share_card_template: str = ""
    image_limit_kb: int = 2048
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)  # key -> line

    def line(self, key: str) -> int:
        """The line of site.yaml setting ``key`` (1 when it is not set)."""
        return self.lines.get(key, 1)

    @property
    def fixed_pages(self) -> bool:
        """Whether list pages are numbered from the oldest, each keeping its articles (archive/paginate.py)."""
        return self.pagination == "fixed"

    @property
    def tz(self) -> ZoneInfo:
        """Return the site's timezone (validated when the config was loaded)."""
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """Return the URL path prefix the site lives under, always ending in '/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def origin(self) -> str:
        """Return scheme and host of base_url ('' when base_url is only a path)."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def _languages(value: Any) -> tuple[str, ...] | None:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        return None
    codes = tuple(dict.fromkeys(v.strip() for v in items if isinstance(v, str)))
    return codes if len(codes) == len(items) and all(LANGUAGE_CODE.fullmatch(c) for c in codes) else None


def _term_names(value: Any) -> dict[str, dict[str, str]] | None:
    """{term name: {language code: the name in that language}}: one term, shown in each page's language."""
    if not isinstance(value, dict):
        return None
    names: dict[str, dict[str, str]] = {}
    for term, by_language in value.items():
        if not isinstance(term, str) or not term.strip() or not isinstance(by_language, dict):
            return None
        shown = {}
        for code, name in by_language.items():
            if not isinstance(code, str) or not LANGUAGE_CODE.fullmatch(code) or _nonempty_str(name) is None:
                return None
            shown[code] = " ".join(name.split())
        names[" ".join(term.split())] = shown
    return names


TERM_FILE = "terms.yaml"  # content/terms.yaml: descriptions of tags, categories, sources and authors
_KINDS = ("tag", "category", "source", "author")


def _descriptions(value: Any) -> dict[str, dict[str, str]] | None:
    """{kind: {term name: description}}, the kind one of tag, category, source, author."""
    if not isinstance(value, dict) or set(value) - set(_KINDS):
        return None
    found: dict[str, dict[str, str]] = {}
    for kind, terms in value.items():
        if not isinstance(terms, dict):
            return None
        texts = {}
        for name, text in terms.items():
            if not isinstance(name, str) or not name.strip() or _nonempty_str(text) is None:
                return None
            texts[" ".join(name.split())] = " ".join(text.split())
        found[kind] = texts
    return found


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
MIN_CONTRAST = 4.5  # WCAG AA for text: the menu's white words on the accent, the accent's links on white


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of a colour ('#0b5d7a') with white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def _accent(value: Any) -> str | None:
    """A #rrggbb colour dark enough for white text on it and for links on a white page."""
    if not isinstance(value, str) or not _COLOUR.fullmatch(value):
        return None
    return value.lower() if contrast_with_white(value) >= MIN_CONTRAST else None


def _names(value: Any) -> tuple[str, ...] | None:
    """A name or a list of them, none empty, spaces collapsed, each once."""
    phrases = _phrases(value)
    return None if phrases is None else tuple(dict.fromkeys(" ".join(p.split()) for p in phrases))


def _site_path(value: Any) -> str | None:
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//") or ".." in value:
        return None
    return value if not any(c.isspace() for c in value) else None


def _widths(value: Any) -> tuple[int, ...] | None:
    """Image widths in pixels: a list of whole numbers from 16 to 8192, kept in ascending order."""
    items = [value] if isinstance(value, int) else value
    if not isinstance(items, list) or not items:
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) and 16 <= v <= 8192 for v in items):
        return None
    return tuple(sorted(set(items)))


def _raster_path(value: Any) -> str | None:
    path = _site_path(value)
    return path if path is not None and path.lower().endswith((".png", ".jpg", ".jpeg")) else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _nonempty_str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _int_from(minimum: int) -> Callable[[Any], int | None]:
    def check(value: Any) -> int | None:
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= minimum else None

    return check


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _phrases(value: Any) -> tuple[str, ...] | None:
    """A phrase or a list of them, none empty (an empty start would match every paragraph)."""
    items = [value] if isinstance(value, str) else value
    if isinstance(items, list) and all(isinstance(v, str) and v.strip() for v in items):
        return tuple(v.strip() for v in items)
    return None


def _timezone(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return value


def _base_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    parts = urlsplit(value)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.scheme and not parts.netloc:
        return None
    if not parts.scheme and not value.startswith("/"):
        return None
    return value


def _permalink(value: Any) -> str | None:
    if not isinstance(value, str) or not value.startswith("/"):
        return None
    if not (value.endswith("/") or value.endswith(".html")) or "{slug}" not in value:
        return None
    names = re.findall(r"{([^}]*)}", value)
    return value if all(n in PERMALINK_FIELDS for n in names) and ".." not in value else None


def _nav_url(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip() or any(c.isspace() for c in value.strip()):
        return None
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme:
        return (
            url if parts.scheme in ("http", "https", "mailto") and (parts.netloc or parts.scheme == "mailto") else None
        )
    return url if url.startswith("/") and not url.startswith("//") else None


def _links(depth: int) -> Callable[[Any], tuple[NavLink, ...] | None]:
    """A list of {title, url[, children]} (children only above the last level)."""

    def check(value: Any) -> tuple[NavLink, ...] | None:
        if not isinstance(value, list):
            return None
        links = []
        for entry in value:
            if not isinstance(entry, dict) or set(entry) - {"title", "url", "children"}:
                return None
            title, url = _nonempty_str(entry.get("title")), _nav_url(entry.get("url"))
            children = _links(depth - 1)(entry.get("children", [])) if depth > 1 else ()
            if url is None and "url" not in entry and children:
                url = ""  # a heading that opens the entries below it
            if title is None or url is None or children is None or (depth == 1 and entry.get("children")):
                return None
            links.append(NavLink(" ".join(title.split()), url, children))
        return tuple(links)

    return check


_LINKS_HELP = "a list of entries like {title: About, url: /about/}, each url a path of the site or an http(s) address"
_MENU_HELP = f"{_LINKS_HELP}; an entry may have a 'children:' list (up to {MENU_DEPTH} levels) and then needs no url"
_Check = Callable[[Any], Any]
_KEYS: dict[str, tuple[_Check, str]] = {
    "title": (_nonempty_str, "a non-empty string"),
    "description": (_str, "a string"),
    "base_url": (_base_url, "an http(s) URL or a path starting with '/'"),
    "timezone": (_timezone, "an IANA timezone name such as Asia/Jakarta"),
    "language": (
        lambda v: v if isinstance(v, str) and LANGUAGE_CODE.fullmatch(v) else None,
        "a language code such as en or id",
    ),
    "languages": (_languages, "a list of language codes such as [en, id], the site's language among them"),
    "term_names": (
        _term_names,
        "a mapping of term names to their names per language, e.g. 'ASEAN Economic Community: {id: Masyarakat "
        "Ekonomi ASEAN}'",
    ),
    "per_page": (_int_from(1), "a positive whole number"),
    "pagination": (lambda v: v if v in ("newest", "fixed") else None, "newest or fixed"),
    "permalink": (
        _permalink,
        "a pattern starting with '/', ending in '/' or '.html', containing {slug}, using only "
        + ", ".join("{" + n + "}" for n in PERMALINK_FIELDS),
    ),
    "author": (_str, "a string"),
    "leftovers": (_phrases, "a list of phrases, none of them empty"),
    "allow_raw_html": (_bool, "true or false"),
    "feed_size": (_int_from(1), "a positive whole number"),
    "feed_content": (lambda v: v if v in ("full", "summary") else None, "full or summary"),
    "footer": (_str, "a string"),
    "image": (_str, "a URL or a path such as /images/card.png"),
    "search_shard_size": (_int_from(0), "a whole number (0 lets the build choose)"),
    "menu": (_links(MENU_DEPTH), _MENU_HELP),
    "logo": (_site_path, "a path of the site's static/ folder such as /logo.svg (SVG or PNG)"),
    "tagline": (_str, "a string"),
    "accent": (_accent, f"a colour like #0b5d7a with a contrast of at least {MIN_CONTRAST}:1 with white"),
    "home_sections": (_names, "a list of category names such as [Diplomacy, Economy]"),
    "term_descriptions": (
        _descriptions,
        "a mapping like {source: {Antara: Indonesia's national news agency}}; kinds: " + ", ".join(_KINDS),
    ),
    "footer_links": (_links(1), _LINKS_HELP),
    "image_widths": (_widths, "a list of widths in pixels from 16 to 8192, such as [480, 960, 1440]"),
    "image_quality": (
        lambda v: v if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 100 else None,
        "a whole number from 1 to 100",
    ),
    "image_avif": (_bool, "true or false"),
    "image_sizes": (_nonempty_str, "a sizes attribute such as '(min-width: 44rem) 42rem, 100vw'"),
    "share_cards": (_bool, "true or false"),
    "share_card_template": (_raster_path, "a PNG or JPEG of the site's static/ folder such as /images/card.png"),
    "image_limit_kb": (_int_from(1), "a positive whole number of kilobytes"),
}


def parse_terms(text: str, path: str) -> dict[str, dict[str, str]]:
    """Validate content/terms.yaml ({kind: {name: description}}); raise SiteError listing every problem."""
    loaded = load_mapping(text, path, first_line=1, what=TERM_FILE)
    problems = list(loaded.problems)
    found: dict[str, dict[str, str]] = {}
    for kind, terms in loaded.data.items():
        checked = _descriptions({kind: terms})
        if checked is None:
            expected = f"one of {', '.join(_KINDS)}, holding names and their descriptions like 'Antara: ...'"
            problems.append(Problem(path, loaded.lines[kind], f"{kind}: is not valid (expected {expected})"))
        else:
            found.update(checked)
    if problems:
        raise SiteError(problems)
    return found


def parse_config(text: str, path: str) -> Config:
    """Validate site.yaml text; raise SiteError listing every problem."""
    loaded = load_mapping(text, path, first_line=1, what="site.yaml")
    problems = list(loaded.problems)
    values: dict[str, Any] = {}
    for key, value in loaded.data.items():
        line = loaded.lines[key]
        if key not in _KEYS:
            hint = difflib.get_close_matches(key, _KEYS, n=1)
            extra = f" (did you mean '{hint[0]}'?)" if hint else f"; known keys: {', '.join(sorted(_KEYS))}"
            problems.append(Problem(path, line, f"unknown key '{key}'{extra}"))
            continue
        check, expected = _KEYS[key]
        checked = check(value)
        if checked is None:
            shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:76] + " ..."
            problems.append(Problem(path, line, f"{key}: {shown} is not valid (expected {expected})"))
        else:
            values[key] = checked
    language = values.get("language", "en")
    if "languages" in values and language not in values["languages"]:
        line = loaded.lines["languages"]
        problems.append(Problem(path, line, f"languages: the site's language '{language}' is not among them"))
    if problems:
        raise SiteError(problems)
    return Config(**values, lines=dict(loaded.lines))
