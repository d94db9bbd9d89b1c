"""WordPress navigation menus (nav_menu_item) -> the ordered, nested `menu:` of site.yaml."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .wxr import Export, Item

HEADER_WORDS = ("primary", "main", "header", "top", "navigation", "nav")  # how themes name the menu on top
FOOTER_WORDS = ("footer", "social", "bottom", "secondary")  # ... and the short one at the bottom
FOOTER_MOST = 12  # more than this is not a short list of footer links


@dataclass
class MenuItem:
    title: str
    url: str  # "" for a heading that only opens its children (a WordPress custom link to '#')
    children: list[MenuItem] = field(default_factory=list)

    def as_yaml(self) -> dict[str, object]:
        data: dict[str, object] = {"title": self.title}
        if self.url:
            data["url"] = self.url
        if self.children:
            data["children"] = [child.as_yaml() for child in self.children]
        return data


def menus(export: Export) -> dict[str, list[Item]]:
    """The export's menus by slug, each item list in menu order."""
    found: dict[str, list[Item]] = {}
    for item in export.items:
        if item.post_type == "nav_menu_item" and item.menus:
            found.setdefault(item.menus[0], []).append(item)
    for items in found.values():
        items.sort(key=lambda i: (i.menu_order, i.id))
    return found


def _words(slug: str) -> set[str]:
    return set(re.split(r"[^a-z0-9]+", slug.lower()))


def choose(found: dict[str, list[Item]], wanted: str | None = None) -> tuple[str | None, str | None]:
    """The menus for the header and the footer. A WXR file does not say which menu a theme showed where, so:
    the header gets the one asked for, else one named like a main menu, else the largest that is not named
    like a footer or social menu (WordPress itself lists every page when a theme has no menu); the footer
    gets a short one named like a footer or social menu."""
    names = sorted(found)
    footer = next(
        (s for word in FOOTER_WORDS for s in names if word in _words(s) and len(found[s]) <= FOOTER_MOST), None
    )
    if wanted is not None:
        header = wanted if wanted in found else None
    else:
        header = next((s for word in HEADER_WORDS for s in names if word in _words(s)), None)
        others = [s for s in names if not _words(s) & set(FOOTER_WORDS)]
        header = header or max(others, key=lambda slug: len(found[slug]), default=None)
    return header, footer if footer != header else None


def build_menu(
    items: list[Item], target: Callable[[Item], tuple[str, str] | None], depth: int
) -> tuple[list[MenuItem], list[str]]:
    """Nest a menu's items by their parent, at most ``depth`` levels (deeper items join the last level).
    ``target`` gives an item's title and URL ("" for a heading), or None when what it points at was not
    imported. Returns the menu and what was left out, with why."""
    made: dict[str, MenuItem] = {}
    left_out: list[str] = []
    for item in items:
        found = target(item)
        if found is None:
            left_out.append(f"{item.title or item.meta.get('_menu_item_url', '') or item.id!r}: not imported")
        else:
            made[item.id] = MenuItem(*found)
    roots: list[MenuItem] = []
    level: dict[str, int] = {}
    holder: dict[str, MenuItem] = {}  # item id -> the item its children go under
    for item in items:  # a parent comes before its children in menu order; one that does not is ignored
        if item.id not in made:
            continue
        parent = item.meta.get("_menu_item_menu_item_parent", "0").strip()
        entry = made[item.id]
        if parent in holder:
            holder[parent].children.append(entry)
            level[item.id] = min(level[parent] + 1, depth)
        else:
            roots.append(entry)
            level[item.id] = 1
        holder[item.id] = entry if level[item.id] < depth else holder.get(parent, entry)
    return _drop_empty_headings(roots, left_out), left_out


def _drop_empty_headings(entries: list[MenuItem], left_out: list[str]) -> list[MenuItem]:
    kept = []
    for entry in entries:
        entry.children = _drop_empty_headings(entry.children, left_out)
        if entry.url or entry.children:
            kept.append(entry)
        else:
            left_out.append(f"{entry.title!r}: a link to '#' with nothing below it")
    return kept
