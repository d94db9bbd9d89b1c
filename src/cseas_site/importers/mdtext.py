"""Plain text as Markdown that renders to exactly that text: nothing in it becomes structure, markup or a link.

Python-Markdown (our dialect: extra, sane_lists, toc) lets a backslash escape ``\\ ` * _ { } [ ] ( ) > # + - . ! |``;
the other characters that start structure (``<`` ``&`` ``:`` ``=`` ``~``) are written as character references,
and only where they would start something, so that the file stays readable for an editor."""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_{}\[\]|])")  # emphasis, code, links, images, footnotes, attributes, tables
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # '&amp;' would be read as an entity
_TAG = re.compile(r"<(?=[A-Za-z/!?$])")  # a tag, a comment, an autolink, a processing instruction
_BLOCK_START = re.compile(r"^(?:#|>|[-+](?=[ \t]|$)|(?P<number>\d+)(?=[.)](?:[ \t]|$)))")
_RULE = re.compile(r"^[-= \t]+$")  # a line of '-' or '=' under text makes a heading, alone a rule


def escape_line(line: str) -> str:
    """One line of text as Markdown (leading and trailing white space dropped: it would make code or breaks)."""
    line = line.strip()
    line = _ENTITY.sub("&amp;", line)
    line = _TAG.sub("&lt;", line)
    line = _INLINE.sub(r"\\\1", line)
    if _RULE.match(line) and line.strip():
        return line.replace("-", "\\-").replace("=", "&#61;")
    start = _BLOCK_START.match(line)
    if start is not None:
        cut = start.end() + 1 if start.group("number") else start.end()  # '1.' -> '1\.', '#' -> '\#'
        line = line[: cut - 1] + "\\" + line[cut - 1 :]
    if line.startswith(":") and line[1:2] in (" ", "\t", ""):  # a definition of a definition list
        line = "&#58;" + line[1:]
    if line.startswith("~~~"):  # a fenced code block
        line = "&#126;" + line[1:]
    return line


def escape_text(text: str) -> str:
    """A paragraph of plain text as Markdown that shows exactly that text (lines joined by line breaks)."""
    return "\n".join(escape_line(line) for line in text.split("\n") if line.strip())
