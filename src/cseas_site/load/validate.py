"""Raw front-matter values -> a checked :class:`Parsed` record (the one validating function)."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote, urlsplit

from ..config import Config
from ..errors import Problem, errors_in
from ..models import Comment, Correction, pack
from ..slugs import safe_slug
from .dates import date_note, date_problem, to_datetime
from .lang import detect_language
from .limits import MAX_ALIASES, MAX_COMMENTS, MAX_NAMES
from .parsed import Fmt, Parsed
from .sanitize import sanitize

KNOWN_KEYS = (
    "title", "date", "updated", "source", "author", "category",
    "tags", "summary", "slug", "lang", "draft", "aliases", "imported_from",
    "image", "image_alt", "image_caption", "featured", "comments", "translation_key", "source_url", "corrections",
    "template",
)  # fmt: skip
TEMPLATES = ("sources", "accessibility")  # the page templates a standalone page may ask for (template: sources)
MAX_CORRECTIONS = 100
IMAGE_EXAMPLE = "a path of the site such as /uploads/2016/02/photo.jpg, or an http(s) address"
SUMMARY_CHARS = 200
MAX_KEY = 200  # characters of a translation_key
MORE = "<!--more-->"
_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_TAGS = re.compile(r"<[^>]*>")
_BLOCK_ENDS = re.compile(r"<(?:br|hr|/p|/li|/h\d|/td|/th|/div|/tr|/blockquote|/pre|/dd|/dt)\b[^>]*>", re.IGNORECASE)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
ALIAS_EXAMPLE = "write it like /2016/02/old-slug/"
PLACEHOLDER = "Write the article here."  # the body `cseas-build new` writes: never published
_NOT_IN_ALIASES = (
    ("?", "a query"),
    ("#", "a fragment"),
    ("\\", "a backslash"),
    ("*", "a '*' (a wildcard in _redirects)"),
)
_DATE_HINT = {
    "markdown": "",
    "text": ", or start the first paragraph with a dateline such as 'Antara, 17 February 2016 - '",
}


def plain_text(fragment: str) -> str:
    """Strip tags from an HTML fragment and collapse whitespace."""
    return " ".join(html.unescape(_TAGS.sub("", _BLOCK_ENDS.sub(" ", fragment))).split())


def cut(text: str, limit: int = SUMMARY_CHARS) -> str:
    """Shorten text to at most ``limit`` characters at a word boundary, marking the cut with '…'."""
    if len(text) <= limit:
        return text
    head = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return head.rstrip(" ,;:.-–—") + "…"


def summarize(body_html: str) -> str:
    """Return the text before <!--more-->, else the first paragraph cut at a word boundary."""
    if MORE in body_html:
        return plain_text(body_html.split(MORE, 1)[0])
    match = _PARAGRAPH.search(body_html)
    return cut(plain_text(match.group(1) if match else body_html))


class _Checker:
    """Validates one file's values, collecting problems with their lines."""

    def __init__(self, values: Mapping[str, Any], lines: Mapping[str, int], path: str, default_line: int):
        self.values, self.lines, self.path, self.default_line = values, lines, path, default_line
        self.problems: list[Problem] = []

    def error(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, self.lines.get(key, self.default_line), message))

    def problems_for(self, key: str) -> bool:
        """Whether a problem was already found on the key's line."""
        line = self.lines.get(key, self.default_line)
        return any(problem.line == line for problem in self.problems)

    def warning(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, self.lines.get(key, self.default_line), message, "warning"))

    def text(self, key: str) -> str | None:
        value = self.values.get(key)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(key, f"{key}: expected text, got {_describe(value)}")
            return None
        return " ".join(value.split()) if key != "summary" else value.strip()

    def key(self, key: str) -> str:
        """A short identifier shared by several files (translation_key): text, at most 200 characters."""
        value = self.text(key)
        if value is not None and len(value) > MAX_KEY:
            self.error(key, f"{key}: longer than {MAX_KEY} characters; use a short name such as asean-japan-2016")
            return ""
        return value or ""

    def names(
        self, key: str, split_commas: bool = False, most: int = MAX_NAMES, exact: bool = False
    ) -> tuple[str, ...]:
        value = self.values.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        if not isinstance(value, (str, list)) or not all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in items
        ):
            self.error(key, f"{key}: expected a name or a list of names, got {_describe(value)}")
            return ()
        names = [str(v) if exact else " ".join(str(v).split()) for v in items]
        if split_commas and isinstance(value, str):
            names = [n.strip() for n in value.split(",")]
        kept = tuple(dict.fromkeys(n for n in names if n))
        if len(kept) > most:
            self.error(key, f"{key}: {len(kept)} names; an article may have at most {most} (see docs/content.md)")
            return ()
        return kept

    def when(self, key: str, config: Config) -> datetime | None:
        value = self.values.get(key)
        if value is None:
            return None
        parsed = to_datetime(value, config.tz)
        if parsed is None:
            written = value if isinstance(value, str) else str(value)
            reason = date_problem(written) if isinstance(value, (str, date)) else "write it like 2016-02-17"
            self.error(key, f"{key}: {written!r} is not a date: {reason}")
            return None
        if isinstance(value, str) and (note := date_note(value)):
            self.warning(key, f"{key}: {note}")
        return parsed.astimezone(config.tz)

    def flag(self, key: str) -> bool:
        value = self.values.get(key, False)
        if not isinstance(value, bool):
            self.error(key, f"{key}: expected true or false, got {_describe(value)}")
            return False
        return value

    def image(self) -> str:
        image = self.text("image") or ""
        parts = urlsplit(image)
        usable = (parts.scheme in ("http", "https") and parts.netloc) or (image.startswith("/") and not parts.netloc)
        if image and (not usable or any(c.isspace() for c in image)):
            self.error("image", f"image: {image!r} is not {IMAGE_EXAMPLE}")
            return ""
        return image

    def entries(
        self, key: str, fields: tuple[str, ...], most: int, every: bool
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """The entries of a list of mappings (comments:, corrections:) with their numbers; a problem for a value
        that is no such list, and for an entry with other keys (``every``: or without one of ``fields``)."""
        value = self.values.get(key)
        if value is None:
            return
        shape = "{" + ", ".join(fields) + "}"
        if not isinstance(value, list) or len(value) > most:
            self.error(key, f"{key}: expected a list of {shape} (at most {most}), got {_describe(value)}")
            return
        for number, entry in enumerate(value, 1):
            if not isinstance(entry, dict) or set(entry) - set(fields) or (every and set(entry) != set(fields)):
                self.error(key, f"{key}: entry {number} is not {shape}: {_describe(entry)}")
                continue
            yield number, entry

    def comments(self, config: Config) -> tuple[Comment, ...]:
        kept = []
        for number, entry in self.entries("comments", ("author", "date", "text"), MAX_COMMENTS, every=False):
            when = to_datetime(entry.get("date"), config.tz) if entry.get("date") is not None else None
            author, text = entry.get("author"), entry.get("text")
            if not isinstance(author, str) or not author.strip() or not isinstance(text, str) or not text.strip():
                self.error("comments", f"comments: entry {number} needs an author and a text")
            elif when is None:
                self.error("comments", f"comments: entry {number}: {entry.get('date')!r} is not a date")
            else:
                kept.append(Comment(" ".join(author.split()), when.astimezone(config.tz), text.strip()))
        return tuple(kept)

    def address(self, key: str) -> str:
        """An http(s) address (source_url), or "" with a problem."""
        value = self.text(key) or ""
        parts = urlsplit(value)
        if value and (parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value)):
            self.error(key, f"{key}: {value!r} is not an http(s) address such as https://en.vietnamplus.vn/...")
            return ""
        return value

    def corrections(self, config: Config) -> tuple[Correction, ...]:
        """corrections: [{date: ..., text: ...}] -> oldest first."""
        kept = []
        for number, entry in self.entries("corrections", ("date", "text"), MAX_CORRECTIONS, every=True):
            when, text = to_datetime(entry["date"], config.tz), entry["text"]
            if when is None:
                self.error("corrections", f"corrections: entry {number}: {entry['date']!r} is not a date "
                           "(write it like 2016-02-20)")  # fmt: skip
            elif not isinstance(text, str) or not text.strip():
                self.error("corrections", f"corrections: entry {number} needs a text saying what was corrected")
            else:
                kept.append(Correction(when.astimezone(config.tz), " ".join(text.split())))
        return tuple(sorted(kept, key=lambda c: c.date))

    def template(self) -> str:
        value = self.text("template") or ""
        if value and value not in TEMPLATES:
            self.error("template", f"template: {value!r} is not one of {', '.join(TEMPLATES)}")
            return ""
        return value

    def aliases(self) -> tuple[str, ...]:
        kept = []
        for alias in self.names("aliases", most=MAX_ALIASES, exact=True):
            path, problem = clean_alias(alias)
            if problem is not None:
                self.error("aliases", f"aliases: {alias!r} {problem}")
            elif path is not None:
                kept.append(path)
        return tuple(dict.fromkeys(kept))


def clean_alias(alias: str) -> tuple[str | None, str | None]:
    """An old address as a plain path below the site (decoded, with a leading '/'), or why it cannot be one.
    Hosts read _redirects rules with wildcards ('*'), placeholders (':name') and extra fields, so an alias
    may hold none of them; it is written there percent-encoded (output/redirects.py)."""
    alias = alias.strip()
    if _SCHEME.match(alias) or alias.startswith("//"):
        return None, f"is a full address: an alias is a path below the site ({ALIAS_EXAMPLE})"
    path = unquote(alias if alias.startswith("/") else "/" + alias)
    segments = path.split("/")[1:]
    if path.endswith("/"):
        segments = segments[:-1]
    if _CONTROL.search(path) or any(c.isspace() for c in path.replace(" ", "")):
        return None, f"holds a control character, a tab or a line break ({ALIAS_EXAMPLE})"
    for char, why in _NOT_IN_ALIASES:
        if char in path:
            return None, f"holds {why}: an alias is a plain path ({ALIAS_EXAMPLE})"
    if not segments:
        return None, "is the site's home page, which cannot redirect"
    for segment in segments:
        if segment in ("", ".", ".."):
            return None, f"has an empty, '.' or '..' part ({ALIAS_EXAMPLE})"
        if segment.startswith((".", ":")):
            why = "a hidden name" if segment.startswith(".") else "a ':' placeholder of _redirects"
            return None, f"has {why} ({segment!r}): {ALIAS_EXAMPLE}"
        if len(segment.encode("utf-8")) > 200:
            return None, "has a part longer than 200 bytes, more than a file name can hold"
    return path, None


def _describe(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list of other things"
    return f"{value!r}"


def check_keys(lines: Mapping[str, int], path: str) -> list[Problem]:
    """Warn about unknown keys that look like typos of known ones."""
    warnings = []
    for key, line in lines.items():
        if key in KNOWN_KEYS:
            continue
        match = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.75)
        if match:
            warnings.append(Problem(path, line, f"unknown key '{key}': did you mean '{match[0]}'?", "warning"))
    return warnings


def validate(
    values: Mapping[str, Any],
    lines: Mapping[str, int],
    *,
    path: str,
    fmt: Fmt,
    config: Config,
    body_html: str,
    default_line: int = 1,
    problems: tuple[Problem, ...] = (),
) -> Parsed:
    """Check every known key of ``values`` and assemble a Parsed record."""
    check = _Checker(values, lines, path, default_line)
    # After a YAML error the keys below it are unknown: "missing" would only add noise.
    report_missing = not errors_in(problems)
    before = len(check.problems)
    title = check.text("title") or None
    if title is None and len(check.problems) == before and report_missing:
        check.error("title", "title: missing or empty (add 'title: ...' to the front matter)")
    before = len(check.problems)
    date = check.when("date", config)
    if date is None and len(check.problems) == before and report_missing:
        check.error("date", f"date: missing (add 'date: YYYY-MM-DD' to the front matter{_DATE_HINT[fmt]})")
    given_slug = check.text("slug")
    slug = safe_slug(given_slug if given_slug else title or "") or None
    if slug is None and (given_slug or title):
        check.error("slug" if given_slug else "title", "slug: nothing is left for a URL; set 'slug: some-words'")
    written_summary = check.text("summary")
    draft = check.flag("draft")
    if "summary" in values and not written_summary and not draft and not check.problems_for("summary"):
        check.error(
            "summary", "summary: empty; write one or two sentences, or remove the line (the first paragraph is used)"
        )
    summary = written_summary or summarize(body_html)
    imported_from = check.text("imported_from")
    if imported_from or not config.allow_raw_html:
        body_html = sanitize(body_html)
    lang = check.text("lang")
    if lang is not None and not _LANG.fullmatch(lang):
        check.error("lang", f"lang: {lang!r} is not a language code (use en, id, ...)")
        lang = None
    if lang is None:
        lang = detect_language(f"{title or ''} {plain_text(body_html)}", config.language)
    extra = {k: v for k, v in values.items() if k not in KNOWN_KEYS}
    return Parsed(
        path=path, fmt=fmt, title=title, slug=slug, date=date, updated=check.when("updated", config),
        sources=check.names("source"), authors=check.names("author"), categories=check.names("category"),
        tags=check.names("tags", split_commas=True), aliases=check.aliases(), lang=lang, summary=summary,
        draft=draft, body=pack(body_html), extra=MappingProxyType(extra), image=check.image(),
        image_alt=check.text("image_alt") or "", featured=check.flag("featured"), comments=check.comments(config),
        translation_key=check.key("translation_key"), source_url=check.address("source_url"),
        corrections=check.corrections(config), template=check.template(),
        image_caption=check.text("image_caption") or "", words=len(_TAGS.sub(" ", body_html).split()),
        lines=MappingProxyType(dict(lines)),
        problems=(*problems, *check.problems, *check_keys(lines, path)),
    )  # fmt: skip
