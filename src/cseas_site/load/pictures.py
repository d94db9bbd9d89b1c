"""The images an article's body shows: each <img> source, with the line of the file that wrote it."""

from __future__ import annotations

import html
import re

# nh3 and Python-Markdown write attributes in double quotes with '"' escaped; raw HTML an editor wrote may use
# single quotes or none, and Python-Markdown passes it through as written: ATTRIBUTE reads all three.
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def attributes(tag: str) -> dict[str, str]:
    """The attributes of one start tag ('<img ...>'), unescaped, in order (the first of a repeated name wins,
    as in HTML)."""
    found: dict[str, str] = {}
    inner = tag[tag.find(" ") + 1 if " " in tag else len(tag) :].rstrip(">").rstrip("/")
    for match in ATTRIBUTE.finditer(inner):
        value = next((g for g in match.groups()[1:] if g is not None), "")
        found.setdefault(match.group(1).lower(), html.unescape(value))
    return found


def best_source(image: dict[str, str]) -> str:
    """The largest picture an <img> offers: its srcset's widest candidate (WordPress's srcset names the upload
    itself beside its smaller copies), else its src."""
    best, widest = image.get("src", "").strip(), 0
    for candidate in image.get("srcset", "").split(","):
        words = candidate.split()
        if len(words) == 2 and words[1].endswith("w") and words[1][:-1].isdigit() and int(words[1][:-1]) > widest:
            best, widest = words[0], int(words[1][:-1])
    return best


def image_sources(body_html: str) -> list[str]:
    """The picture each <img> of some HTML shows (see best_source), in order (one shown twice is listed twice)."""
    if "<img" not in body_html and "<IMG" not in body_html:
        return []
    found = (best_source(attributes(tag)) for tag in IMG_TAG.findall(body_html))
    return [src for src in found if src]


def image_refs(body_html: str, source: str, first_line: int) -> tuple[tuple[str, int], ...]:
    """Each image source of the body with the file line that names it (the body's first line when the text
    does not hold it as written, as after Markdown's escaping)."""
    refs = []
    for src in dict.fromkeys(image_sources(body_html)):
        at = source.find(src)
        refs.append((src, first_line + source.count("\n", 0, at) if at >= 0 else first_line))
    return tuple(refs)
