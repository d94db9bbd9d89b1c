"""The documented limits of one content file (docs/content.md): past them an article is a mistake or an attack,
and some would make the Markdown parser recurse without end or take quadratic time. Each is reported with its
line, before anything is parsed. The checks run on every parsed file, so they are whole-text scans in C (regular
expressions, counts); a slow scan runs only on the rare paragraph that could pass a limit."""

from __future__ import annotations

import re

MAX_FILE_BYTES = 5 * 1024 * 1024  # a 600-word report is 4 KB; the largest real posts are a few hundred KB
MAX_NESTING = 32  # open brackets in a paragraph, quotes inside quotes, <div> inside <div>
MAX_INDENT = 160  # columns of white space before a line's text (lists nested too deep)
MAX_MARKER_RUN = 64  # '*' or '_' in a row (emphasis markers; a rule of asterisks is far shorter)
MAX_NAMES = 50  # tags, categories, sources or authors of one article
MAX_ALIASES = 50  # old addresses of one article
MAX_COMMENTS = 5000  # comments kept under one article (WordPress's busiest posts have a few thousand)
_QUOTES = re.compile(rf"^(?:[ \t]*>){{{MAX_NESTING + 1}}}", re.MULTILINE)
_INDENT = re.compile(rf"^[ \t]{{{MAX_INDENT + 1}}}", re.MULTILINE)
_RUN = re.compile(rf"[*_]{{{MAX_MARKER_RUN + 1}}}")
_PARAGRAPH = re.compile(r"(?:[^\n]++|\n(?![ \t]*+\n))++")  # lines up to a blank line (a line at a time: in C)
_DIV = re.compile(r"<(/?)div\b", re.IGNORECASE)
HINT = "simplify the text (see the limits in docs/content.md)"


def markdown_limits(text: str, first_line: int) -> list[tuple[int, str]]:
    """Return (line, message) for each limit the Markdown text passes (the first place it does)."""
    found = []
    # each scan runs only when the text has what a match needs (counted in C, ten times sooner than the scan)
    for possible, pattern, message in (
        (text.count(">") > MAX_NESTING, _QUOTES, f"block quotes nested more than {MAX_NESTING} deep"),
        ("\t" in text or " " * (MAX_INDENT + 1) in text, _INDENT,
         f"a line indented more than {MAX_INDENT} columns (lists nested too deep?)"),
        (text.count("*") + text.count("_") > MAX_MARKER_RUN, _RUN, f"more than {MAX_MARKER_RUN} '*' or '_' in a row"),
    ):  # fmt: skip
        match = pattern.search(text) if possible else None
        if match:
            found.append((first_line + text.count("\n", 0, match.start()), f"{message}: {HINT}"))
    deep = _brackets(text) if text.count("[") + text.count("(") > MAX_NESTING else None
    if deep is not None:
        found.append((first_line + text.count("\n", 0, deep), f"brackets nested more than {MAX_NESTING} deep: {HINT}"))
    deep = _divs(text) if text.count("<") > MAX_NESTING and text.lower().count("<div") > MAX_NESTING else None
    if deep is not None:
        found.append((first_line + text.count("\n", 0, deep), f"<div> nested more than {MAX_NESTING} deep: {HINT}"))
    return found


def _brackets(text: str) -> int | None:
    """Where a paragraph first has more than MAX_NESTING brackets open (a link cannot span paragraphs)."""
    for paragraph in _PARAGRAPH.finditer(text):
        chunk = paragraph.group(0)
        if chunk.count("[") + chunk.count("(") <= MAX_NESTING:
            continue
        depth = 0
        for offset, char in enumerate(chunk):
            if char in "[(":
                depth += 1
                if depth > MAX_NESTING:
                    return paragraph.start() + offset
            elif char in "])" and depth:
                depth -= 1
    return None


def _divs(text: str) -> int | None:
    """Where <div> elements are first nested more than MAX_NESTING deep."""
    depth = 0
    for match in _DIV.finditer(text):
        depth = max(0, depth - 1) if match.group(1) else depth + 1
        if depth > MAX_NESTING:
            return match.start()
    return None
