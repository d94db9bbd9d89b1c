"""URL slugs that are safe as folder names on every file system."""

from __future__ import annotations

from functools import lru_cache

from slugify import slugify

MAX_SLUG = 120  # characters; far below the 255-byte limit of file names
_QUOTES = [["'", ""], ["\u2019", ""]]  # "Indonesia's" -> "indonesias", as WordPress does
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)


@lru_cache(maxsize=65536)
def safe_slug(text: str) -> str:
    """Return an ASCII slug of ``text`` that cannot escape a folder ('' when nothing is left)."""
    slug = slugify(text, max_length=MAX_SLUG, word_boundary=True, save_order=True, replacements=_QUOTES)
    if slug in WINDOWS_RESERVED:
        slug += "-1"
    return slug.strip(".")
