"""WordPress exports (WXR) written for the tests: posts, pages, attachments, menus and comments, as WordPress
writes them, and small real image files for an uploads folder."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

NS = {
    "1.0": "http://wordpress.org/export/1.0/",
    "1.1": "http://wordpress.org/export/1.1/",
    "1.2": "https://wordpress.org/export/1.2/",
}
HOST = "https://cseas.example.org"
UPLOADS = f"{HOST}/wp-content/uploads"


def meta(key: str, value: str) -> str:
    return f"<wp:postmeta><wp:meta_key><![CDATA[{key}]]></wp:meta_key><wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"


def item(post_id: int, title: str, *, name: str = "", status: str = "publish", post_type: str = "post",
         date: str = "2016-02-17 10:00:00", gmt: str = "2016-02-17 03:00:00", content: str = "Body.",
         excerpt: str = "", extra: str = "", link: str | None = None, parent: int = 0, order: int = 0) -> str:  # fmt: skip
    """One <item>; its link is the date permalink of its slug unless given."""
    if link is None:
        link = f"{HOST}/{date[:4]}/{date[5:7]}/{date[8:10]}/{name}/"
    return f"""
<item>
  <title>{title}</title>
  <link>{link}</link>
  <guid isPermaLink="false">{HOST}/?p={post_id}</guid>
  <dc:creator><![CDATA[rizal]]></dc:creator>
  <content:encoded><![CDATA[{content}]]></content:encoded>
  <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
  <wp:post_id>{post_id}</wp:post_id>
  <wp:post_date><![CDATA[{date}]]></wp:post_date>
  <wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>
  <wp:post_modified><![CDATA[2016-02-20 09:30:00]]></wp:post_modified>
  <wp:post_modified_gmt><![CDATA[2016-02-20 02:30:00]]></wp:post_modified_gmt>
  <wp:post_name><![CDATA[{name}]]></wp:post_name>
  <wp:status><![CDATA[{status}]]></wp:status>
  <wp:post_parent>{parent}</wp:post_parent>
  <wp:menu_order>{order}</wp:menu_order>
  <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
  {extra}
</item>"""


def attachment(post_id: int, path: str, *, parent: int = 0, alt: str = "", title: str = "") -> str:
    """An upload of the media library (path below wp-content/uploads, e.g. 2016/02/photo.png)."""
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    extra = f"<wp:attachment_url><![CDATA[{UPLOADS}/{path}]]></wp:attachment_url>"
    if alt:
        extra += meta("_wp_attachment_image_alt", alt)
    return item(post_id, title or stem, name=stem, status="inherit", post_type="attachment", parent=parent,
                link=f"{HOST}/?attachment_id={post_id}", extra=extra)  # fmt: skip


def menu_item(post_id: int, menu: str, order: int, title: str, *, kind: str = "custom", url: str = "",
              object_id: str = "", obj: str = "custom", parent: int = 0) -> str:  # fmt: skip
    """A nav_menu_item: kind 'custom' (url), 'post_type' (object_id a post id) or 'taxonomy' (a term id)."""
    extra = (
        f'<category domain="nav_menu" nicename="{menu}"><![CDATA[{menu}]]></category>'
        + meta("_menu_item_type", kind)
        + meta("_menu_item_menu_item_parent", str(parent))
        + meta("_menu_item_object_id", object_id or str(post_id))
        + meta("_menu_item_object", obj)
        + meta("_menu_item_url", url)
    )
    return item(post_id, title, name=str(post_id), post_type="nav_menu_item", order=order,
                link=f"{HOST}/?p={post_id}", extra=extra)  # fmt: skip


def comment(author: str, text: str, approved: str, *, email: str = "reader@example.net", ip: str = "203.0.113.9",
            date: str = "2016-02-18 08:00:00", gmt: str = "2016-02-18 01:00:00") -> str:  # fmt: skip
    return (
        f"<wp:comment><wp:comment_author><![CDATA[{author}]]></wp:comment_author>"
        f"<wp:comment_author_email><![CDATA[{email}]]></wp:comment_author_email>"
        f"<wp:comment_author_IP><![CDATA[{ip}]]></wp:comment_author_IP>"
        f"<wp:comment_date><![CDATA[{date}]]></wp:comment_date>"
        f"<wp:comment_date_gmt><![CDATA[{gmt}]]></wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
        f"<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved></wp:comment>"
    )


TERMS = """
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>economy</wp:category_nicename><wp:category_parent/><wp:cat_name><![CDATA[Economy]]></wp:cat_name></wp:category>
<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>events</wp:category_nicename><wp:category_parent/><wp:cat_name><![CDATA[Events]]></wp:cat_name></wp:category>
<wp:tag><wp:term_id>5</wp:term_id><wp:tag_slug>japan</wp:tag_slug><wp:tag_name><![CDATA[Japan]]></wp:tag_name></wp:tag>
<wp:tag><wp:term_id>6</wp:term_id><wp:tag_slug>asean</wp:tag_slug><wp:tag_name><![CDATA[ASEAN]]></wp:tag_name></wp:tag>
"""
CATS = (
    '<category domain="category" nicename="economy"><![CDATA[Economy]]></category>'
    '<category domain="category" nicename="events"><![CDATA[Events]]></category>'
    '<category domain="post_tag" nicename="japan"><![CDATA[Japan]]></category>'
    '<category domain="post_tag" nicename="asean"><![CDATA[ASEAN]]></category>'
)


def export(items: str, version: str = "1.2", terms: str = TERMS) -> str:
    ns = NS[version]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{ns}excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{ns}">
<channel>
  <title>CSEAS Indonesia</title>
  <link>{HOST}</link>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:author><wp:author_login><![CDATA[rizal]]></wp:author_login><wp:author_display_name><![CDATA[Rizal Pratama]]></wp:author_display_name></wp:author>
  {terms}
  {items}
</channel>
</rss>
"""


def png(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (11, 93, 122)) -> bytes:
    """A real PNG image of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def write_uploads(folder: Path, files: dict[str, bytes]) -> Path:
    """An uploads folder (wp-content/uploads) holding files at their year/month paths."""
    for relative, data in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder
