"""Raw text news reports (site name, title, dateline, paragraphs) -> Parsed (pure)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from ..config import Config
from ..errors import Problem
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
    date: date | str | None  # the date, or the impossible date as written (validation explains it)
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


def _read_head(head: str) -> tuple[str | None, str | None, date | str | None] | None:
    """Read source, city and date from the text before a dateline separator."""
    if not head or len(head) > MAX_DATELINE:
        return None
    agency = _AGENCY.search(head)
    found = find_date(head)
    if agency is None and found is None:
        return None
    remaining = head
    written: date | str | None = None
    if found is not None:
        written = found.value or head[found.start : found.end]
        remaining = remaining[: found.start] + " " + remaining[found.end :]
    if agency is not None:
        remaining = remaining.replace(agency.group(0), " ")
    remaining = " ".join(remaining.replace(",", " ").split()).strip(" ,;.")
    if agency is not None:
        return agency.group(1).strip(), remaining or None, written
    return remaining or None, None, written


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


MASTHEAD_LINES = 5  # lines a report may carry above its title (mastheads, section names) before the dateline


def _separate(body: str, first_line: int, path: str) -> tuple[list[Paragraph], list[Problem]]:
    """The report's paragraphs. A report pasted without blank lines (three lines or more, none blank) would be
    one long paragraph and a 170-character title: each line is read as a paragraph instead, with a warning."""
    blocks = paragraphs(body, first_line)
    lines = [(number, line.strip()) for number, line in enumerate(body.split("\n"), first_line) if line.strip()]
    if len(blocks) == 1 and len(lines) >= 3:
        note = "no blank lines between paragraphs: each line was read as a paragraph (put a blank line between them)"
        return [Paragraph(number, line) for number, line in lines], [Problem(path, lines[0][0], note, "warning")]
    return blocks, []


def _title_index(blocks: list[Paragraph], site_title: str, path: str) -> tuple[int, list[Problem]]:
    """Where the title is: the paragraph just before the dateline (a masthead above it is dropped, with a warning
    unless it is the site's name); without a dateline near the top, the first paragraph."""
    for index in range(1, min(len(blocks), MASTHEAD_LINES + 2)):
        if blocks[index - 1].text.casefold() == site_title.casefold():
            continue  # the site's name is never the title (a title may look like a dateline: "17 May 2016: ...")
        if parse_dateline(blocks[index].text) is not None:
            dropped = [b for b in blocks[: index - 1] if b.text.casefold() != site_title.casefold()]
            note = "'{}' above the title was dropped (the title is the line just before the dateline)"
            return index - 1, [Problem(path, b.line, note.format(b.text[:80]), "warning") for b in dropped]
    return (1 if blocks and blocks[0].text.casefold() == site_title.casefold() else 0), []


def parse(text: str, path: str, config: Config) -> Parsed:
    """Parse one raw text report; ``text`` has LF line endings and no BOM."""
    split = split_front_matter(text, path)
    blocks, notes = _separate(split.body, split.body_line, path)
    start, dropped = _title_index(blocks, config.title, path)
    blocks = blocks[start:]
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    if blocks:
        values["title"], lines["title"] = blocks[0].text, blocks[0].line
        blocks = blocks[1:]
    if blocks:
        lines["date"] = blocks[0].line
        dateline = parse_dateline(blocks[0].text)
        if dateline is not None:
            if dateline.source:
                values["source"], lines["source"] = dateline.source, blocks[0].line
            if isinstance(dateline.date, date):
                values["date"] = datetime.combine(dateline.date, time())
            elif dateline.date:
                values["date"] = dateline.date  # an impossible date, as written: validation says why
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
    parsed = validate(
        values,
        lines,
        path=path,
        fmt="text",
        config=config,
        body_html=body_html,
        default_line=split.body_line,
        problems=tuple(split.meta.problems),
    )
    return parsed._replace(problems=(*parsed.problems, *notes, *dropped)) if notes or dropped else parsed
