"""Escaping for XML output: text and attributes that no content can break out of."""

from __future__ import annotations

import re

# Characters XML 1.0 forbids even when escaped; they can reach us through YAML "\x01" escapes.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_ATTR = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)
# (xml.sax.saxutils does the same, but importing it imports urllib and http: 10 ms of a 0.16 s start-up)


def text(value: str) -> str:
    """Escape text content (also '>', so ']]>' never appears)."""
    return _INVALID.sub("", value).translate(_TEXT)


def attr(value: str) -> str:
    """Return a quoted, escaped attribute value (double quotes, kept whitespace as character references)."""
    return '"' + _INVALID.sub("", value).translate(_ATTR) + '"'


def html_text(value: str) -> str:
    """Escape plain text for an RSS element that readers decode as HTML (title, description): escaped for HTML,
    then for XML, so that '<script>' typed in a summary reaches the reader as text, never as markup."""
    return text(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
