"""Escaping for XML output: text and attributes that no content can break out of."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

# Characters XML 1.0 forbids even when escaped; they can reach us through YAML "\x01" escapes.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text(value: str) -> str:
    """Escape text content (also '>', so ']]>' never appears)."""
    return escape(_INVALID.sub("", value), {'"': "&quot;"})


def attr(value: str) -> str:
    """Return a quoted, escaped attribute value."""
    return quoteattr(_INVALID.sub("", value))
