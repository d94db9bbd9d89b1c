"""Plain text as Markdown that renders to exactly that text: nothing in it becomes structure, markup or a link.

Python-Markdown (our dialect: extra, sane_lists, toc) lets a backslash escape ``\\ ` * _ { } [ ] ( ) > # + - . ! |``;
the other characters that start structure (``<`` ``&`` ``:`` ``=`` ``~``) are written as character references,
and only where they would start something, so that the file stays readable for an editor."""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_{}\[\]|])")  # emphasis, code, links, images, footnotes, attributes, tables
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # '&amp;' would be read as an entity
_TAG = re.compile(r"<(?=[A-Za-z/!?$])")  # a tag, a comment, an autolink, a processing instruction
_BLOCK_START = re.compile(r"^(?:>|[-+](?=[ \t]|$)|(?P<number>\d+)(?=[.)](?:[ \t]|$)))")
_RULE = re.compile(r"^[-= \t]+$")  # a line of '-' or '=' under text makes a heading, alone a rule


def escape_line(line: str) -> str:
    """One line of text as Markdown (leading and trailing white space dropped: it would make code or breaks)."""
    return escape_inline(line.strip())


def escape_inline(text: str) -> str:
    """A piece of text as Markdown, its white space kept: every character that could start markup is escaped,
    and so is what would start a block (a harmless escape where the text does not begin a line)."""
    text = _ENTITY.sub("&amp;", text)
    text = _TAG.sub("&lt;", text)
    text = _INLINE.sub(r"\\\1", text).replace("#", "\\#")  # '#' anywhere: a heading's closing hashes too
    body = text.lstrip()
    lead = text[: len(text) - len(body)]
    if _RULE.match(body) and body.strip():
        return lead + body.replace("-", "\\-").replace("=", "&#61;")
    start = _BLOCK_START.match(body)
    if start is not None:
        cut = start.end() + 1 if start.group("number") else start.end()  # '1.' -> '1\.', '>' -> '\>'
        body = body[: cut - 1] + "\\" + body[cut - 1 :]
    if body.startswith(":") and body[1:2] in (" ", "\t", ""):  # a definition of a definition list
        body = "&#58;" + body[1:]
    if body.startswith("~~~"):  # a fenced code block
        body = "&#126;" + body[1:]
    if body.endswith("!"):  # '!' before a link that follows would make it an image
        body = body[:-1] + "\\!"
    return lead + body


def escape_text(text: str) -> str:
    """A paragraph of plain text as Markdown that shows exactly that text (lines joined by line breaks)."""
    return "\n".join(escape_line(line) for line in text.split("\n") if line.strip())
