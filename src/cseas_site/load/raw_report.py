"""Raw text news reports (site name, title, dateline, paragraphs) -> Parsed (pure)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from ..config import Config
from .dates import find_date
from .frontmatter import split_front_matter
from .parsed import Parsed
from .validate import validate

# A separator ends the dateline: a dash (en, em, or a spaced hyphen) or a colon followed by a space.
_SEPARATOR = re.compile(r"\s*[–—]\s*|\s+-{1,2}\s+|:\s+")
_AGENCY = re.compile(r"\(([^()]{2,60})\)")
MAX_DATELINE = 150
LEFTOVERS = (
    "leave a comment",
    "leave a reply",
    "your email address will not be published",
    "share this:",
    "related posts",
    "like this:",
    "you must be logged in to post a comment",
)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of text separated by blank lines, with its first file line."""

    line: int
    text: str


@dataclass(frozen=True, slots=True)
class Dateline:
    """What a dateline says: source agency, optional city, optional date, and the text after it."""

    source: str | None
    city: str | None
    date: date | None
    rest: str


def paragraphs(body: str, first_line: int) -> list[Paragraph]:
    """Split text on blank lines, joining the lines of each paragraph with spaces."""
    found: list[Paragraph] = []
    current: list[str] = []
    start = first_line
    for number, line in enumerate(body.split("\n"), start=first_line):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            found.append(Paragraph(start, " ".join(current)))
            current = []
    if current:
        found.append(Paragraph(start, " ".join(current)))
    return found


def _read_head(head: str) -> tuple[str | None, str | None, date | None] | None:
    """Read source, city and date from the text before a dateline separator."""
    if not head or len(head) > MAX_DATELINE:
        return None
    agency = _AGENCY.search(head)
    found = find_date(head)
    if agency is None and found is None:
        return None
    remaining = head
    if found is not None:
        remaining = remaining[: found[1]] + " " + remaining[found[2] :]
    if agency is not None:
        remaining = remaining.replace(agency.group(0), " ")
    remaining = " ".join(remaining.replace(",", " ").split()).strip(" ,;.")
    if agency is not None:
        return agency.group(1).strip(), remaining or None, found[0] if found else None
    return remaining or None, None, found[0] if found else None


def parse_dateline(text: str) -> Dateline | None:
    """Parse a dateline at the start of a paragraph, e.g. 'Vietnam News Agency, 17 February 2016 – ...'."""
    separator = _SEPARATOR.search(text, 0, MAX_DATELINE + 10)
    if separator is not None:
        parts = _read_head(text[: separator.start()].strip())
        if parts is not None:
            return Dateline(*parts, rest=text[separator.end() :].strip())
    whole = _read_head(text.strip())  # a dateline standing alone as the first paragraph
    if whole is not None and whole[2] is not None:
        return Dateline(*whole, rest="")
    return None


def _is_leftover(text: str, extra: tuple[str, ...]) -> bool:
    lowered = text.casefold()
    return any(lowered.startswith(marker.casefold()) for marker in LEFTOVERS + extra)


def parse(text: str, path: str, config: Config) -> Parsed:
    """Parse one raw text report; ``text`` has LF line endings and no BOM."""
    split = split_front_matter(text, path)
    blocks = paragraphs(split.body, split.body_line)
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    if blocks and blocks[0].text.casefold() == config.title.casefold():
        blocks = blocks[1:]
    if blocks:
        values["title"], lines["title"] = blocks[0].text, blocks[0].line
        blocks = blocks[1:]
    if blocks:
        lines["date"] = blocks[0].line
        dateline = parse_dateline(blocks[0].text)
        if dateline is not None:
            if dateline.source:
                values["source"], lines["source"] = dateline.source, blocks[0].line
            if dateline.date:
                values["date"] = datetime.combine(dateline.date, time())
            if dateline.city:
                values["city"] = dateline.city
            rest = [Paragraph(blocks[0].line, dateline.rest)] if dateline.rest else []
            blocks = rest + blocks[1:]
    for index, block in enumerate(blocks):
        if index > 0 and _is_leftover(block.text, config.leftovers):
            blocks = blocks[:index]
            break
    values.update(split.meta.data)
    lines.update(split.meta.lines)
    body_html = "".join(f"<p>{html.escape(b.text, quote=False)}</p>\n" for b in blocks)
    return validate(
        values,
        lines,
        path=path,
        fmt="text",
        config=config,
        body_html=body_html,
        default_line=split.body_line,
        problems=tuple(split.meta.problems),
    )
