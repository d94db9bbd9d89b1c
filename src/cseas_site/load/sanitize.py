"""Clean untrusted article HTML with nh3 (ammonia): no scripts, event handlers or javascript: links."""

from __future__ import annotations

import re

import nh3

# ammonia's safe defaults, plus what our Markdown dialect emits: heading ids (toc), footnote ids and classes.
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
for _tag in ("h1", "h2", "h3", "h4", "h5", "h6", "li", "sup", "div", "a", "span", "abbr", "td", "th", "p", "figure"):
    _ATTRIBUTES.setdefault(_tag, set()).update({"id", "class", "title"})
# Images keep their sizes and alignment (WordPress's alignleft ... classes, styled by the theme).
_ATTRIBUTES.setdefault("img", set()).update(
    {"alt", "src", "srcset", "sizes", "width", "height", "title", "loading", "class"}
)


EXTERNAL_REL = "noopener noreferrer nofollow"  # on links that leave the site
# A link within the site (a path, not a scheme or '//host') in nh3's output, where attribute values never hold
# '>' or '"' (escaped) and the rel nh3 adds comes last: its rel is taken off again.
_LINK_WITHIN = re.compile(rf'(<a\s[^>]*?\bhref="(?![A-Za-z][A-Za-z0-9+.\-]*:|//)[^"]*"[^>]*?) rel="{EXTERNAL_REL}">')


def sanitize(body_html: str) -> str:
    """Return body_html with anything that could run script removed; links that leave the site get
    rel="noopener noreferrer nofollow" (links between the site's own pages stay plain)."""
    return _LINK_WITHIN.sub(r"\1>", nh3.clean(body_html, attributes=_ATTRIBUTES, link_rel=EXTERNAL_REL))
