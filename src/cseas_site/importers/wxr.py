"""Read a WordPress export (WXR 1.0-1.2) with a streaming parser into plain records (no file writes)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO


class ExportError(Exception):
    """The export cannot be read; the message names the line."""


@dataclass
class Comment:
    author: str
    date: str
    content: str
    status: str  # WordPress's comment_approved: "1" approved, "0" pending, "spam", "trash"
    date_gmt: str = ""

    @property
    def approved(self) -> bool:
        return self.status == "1"


@dataclass
class Item:
    """One <item> of the export: a post, page, attachment or anything else WordPress stores."""

    id: str
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    modified: str = ""
    modified_gmt: str = ""
    name: str = ""  # the slug
    status: str = ""
    post_type: str = ""
    password: str = ""
    sticky: bool = False
    attachment_url: str = ""
    parent: str = ""  # post_parent: for an attachment, the post it was uploaded to
    menu_order: int = 0
    guid: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    menus: list[str] = field(default_factory=list)  # a menu item's menu (the nav_menu term's slug)
    language: str = ""  # Polylang's 'language' term (its slug: en, id), when the site used it
    translation_group: str = ""  # Polylang's 'post_translations' term: the versions of one post share it
    meta: dict[str, str] = field(default_factory=dict)  # postmeta: _thumbnail_id, _menu_item_* ...
    comments: list[Comment] = field(default_factory=list)


@dataclass
class Export:
    """Everything the importer needs from an export."""

    title: str = ""
    link: str = ""
    version: str = ""
    authors: dict[str, str] = field(default_factory=dict)  # login -> display name
    items: list[Item] = field(default_factory=list)
    terms: dict[tuple[str, str], str] = field(default_factory=dict)  # (category | post_tag | nav_menu, slug) -> name
    term_ids: dict[tuple[str, str], str] = field(default_factory=dict)  # (domain, wp:term_id) -> slug


def _local(tag: str) -> tuple[str, str]:
    """Split '{namespace}name' into (short namespace, name): wp, content, excerpt, dc or ''."""
    if not tag.startswith("{"):
        return "", tag
    namespace, name = tag[1:].split("}", 1)
    if re.search(r"wordpress\.org/export/\d\.\d+/excerpt", namespace):
        return "excerpt", name
    if re.search(r"wordpress\.org/export/\d\.\d+/?$", namespace):
        return "wp", name
    if "purl.org/rss/1.0/modules/content" in namespace:
        return "content", name
    if "purl.org/dc/elements" in namespace:
        return "dc", name
    return "other", name


def _text(element: ET.Element) -> str:
    return element.text or ""


def _read_item(element: ET.Element, terms: dict[tuple[str, str], str]) -> Item:
    item = Item(id="")
    for child in element:
        ns, name = _local(child.tag)
        key = (ns, name)
        value = _text(child)
        if key == ("", "title"):
            item.title = value
        elif key == ("", "link"):
            item.link = value.strip()
        elif key == ("dc", "creator"):
            item.creator = value.strip()
        elif key == ("content", "encoded"):
            item.content = value
        elif key == ("excerpt", "encoded"):
            item.excerpt = value
        elif key == ("", "guid"):
            item.guid = value.strip()
        elif key == ("", "category"):
            domain, nicename = child.get("domain", "category"), child.get("nicename", "")
            if domain == "language" and nicename:
                item.language = nicename.strip().lower()
            elif domain == "post_translations" and nicename:
                item.translation_group = nicename.strip()
            named = {"post_tag": item.tags, "category": item.categories, "nav_menu": item.menus}.get(domain)
            if named is not None:
                named.append(nicename if domain == "nav_menu" else value.strip())
                if nicename:
                    terms[(domain, nicename)] = value.strip()
        elif key == ("wp", "postmeta"):
            meta = {_local(part.tag)[1]: _text(part) for part in child}
            if meta.get("meta_key"):
                item.meta[meta["meta_key"].strip()] = meta.get("meta_value", "")
        elif key == ("wp", "comment"):
            item.comments.append(_read_comment(child))
        elif ns == "wp":
            _read_wp_field(item, name, value.strip())
    return item


def _read_wp_field(item: Item, name: str, value: str) -> None:
    simple = {
        "post_id": "id", "post_date": "post_date", "post_date_gmt": "post_date_gmt", "post_modified": "modified",
        "post_modified_gmt": "modified_gmt", "post_name": "name", "status": "status", "post_type": "post_type",
        "post_password": "password", "attachment_url": "attachment_url", "post_parent": "parent",
    }  # fmt: skip
    if name in simple:
        setattr(item, simple[name], value)
    elif name == "is_sticky":
        item.sticky = value == "1"
    elif name == "menu_order":
        item.menu_order = int(value) if value.isdigit() and len(value) < 10 else 0


def _read_comment(element: ET.Element) -> Comment:
    values = {_local(child.tag)[1]: _text(child) for child in element}
    return Comment(
        author=values.get("comment_author", "").strip(),
        date=values.get("comment_date", "").strip(),
        date_gmt=values.get("comment_date_gmt", "").strip(),
        content=values.get("comment_content", ""),
        status=values.get("comment_approved", "").strip(),
    )


def _events(handle: IO[bytes], parser: ET.XMLPullParser[ET.Element]) -> Iterator[tuple[str, ET.Element]]:
    while chunk := handle.read(1 << 16):
        parser.feed(chunk)
        yield from _element_events(parser)
    parser.close()
    yield from _element_events(parser)


def _element_events(parser: ET.XMLPullParser[ET.Element]) -> Iterator[tuple[str, ET.Element]]:
    for pair in parser.read_events():
        event, element = pair[0], pair[-1]
        if isinstance(element, ET.Element):
            yield str(event), element


def read_export(path: Path) -> Export:
    """Stream-parse an export; raise ExportError (with the line) when it is malformed."""
    export = Export()
    # The standard library's expat parser never fetches external entities or DTDs.
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    depth_in_item = 0
    seen_channel = False
    try:
        with open(path, "rb") as handle:
            for event, element in _events(handle, parser):
                ns, name = _local(element.tag)
                if event == "start":
                    seen_channel |= name == "channel" and ns == ""
                    depth_in_item += name == "item" and ns == ""
                    continue
                if name == "item" and ns == "":
                    depth_in_item -= 1
                    export.items.append(_read_item(element, export.terms))
                    element.clear()
                elif depth_in_item == 0:
                    _read_channel_field(export, ns, name, element)
    except ET.ParseError as exc:
        line, column = exc.position
        raise ExportError(
            f"{path}:{line}: the export is not well-formed XML ({_reason(exc)}, column {column})"
        ) from None
    except OSError as exc:
        raise ExportError(f"{path}:1: cannot read the export: {exc.strerror}") from None
    if not seen_channel:
        raise ExportError(f"{path}:1: not a WordPress export: no <channel> element")
    if not export.version:
        raise ExportError(f"{path}:1: not a WordPress export: no <wp:wxr_version> in the channel")
    return export


def _reason(exc: ET.ParseError) -> str:
    return str(exc).split(":")[0]


def _read_channel_field(export: Export, ns: str, name: str, element: ET.Element) -> None:
    if (ns, name) == ("", "title") and not export.title:
        export.title = _text(element)
    elif (ns, name) == ("", "link") and not export.link:
        export.link = _text(element).strip()
    elif (ns, name) == ("wp", "wxr_version"):
        export.version = _text(element).strip()
    elif (ns, name) in (("wp", "category"), ("wp", "tag"), ("wp", "term")):
        values = {_local(child.tag)[1]: _text(child).strip() for child in element}
        domain, slug, term_name = {
            "category": ("category", values.get("category_nicename", ""), values.get("cat_name", "")),
            "tag": ("post_tag", values.get("tag_slug", ""), values.get("tag_name", "")),
            "term": (values.get("term_taxonomy", ""), values.get("term_slug", ""), values.get("term_name", "")),
        }[name]
        if slug:
            export.terms[(domain, slug)] = term_name
            if values.get("term_id"):
                export.term_ids[(domain, values["term_id"])] = slug
        element.clear()
    elif (ns, name) == ("wp", "author"):
        values = {_local(child.tag)[1]: _text(child).strip() for child in element}
        login = values.get("author_login", "")
        export.authors[login] = values.get("author_display_name") or login
        element.clear()
