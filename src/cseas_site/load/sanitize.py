"""Clean untrusted article HTML with nh3 (ammonia): no scripts, event handlers or javascript: links."""

from __future__ import annotations

import nh3

# ammonia's safe defaults, plus what our Markdown dialect emits: heading ids (toc), footnote ids and classes.
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
for _tag in ("h1", "h2", "h3", "h4", "h5", "h6", "li", "sup", "div", "a", "span", "abbr", "td", "th"):
    _ATTRIBUTES.setdefault(_tag, set()).update({"id", "class", "title"})
_ATTRIBUTES.setdefault("img", set()).update({"alt", "src", "width", "height", "title", "loading"})


def sanitize(body_html: str) -> str:
    """Return body_html with anything that could run script removed."""
    return nh3.clean(body_html, attributes=_ATTRIBUTES, link_rel="noopener noreferrer nofollow")
