"""`cseas-build import wordpress` on WXR fixtures written for these tests, then a build of the result."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers import make_site, run_process, tree_bytes

NS = {
    "1.0": "http://wordpress.org/export/1.0/",
    "1.1": "http://wordpress.org/export/1.1/",
    "1.2": "https://wordpress.org/export/1.2/",
}


def item(post_id: int, title: str, *, name: str = "", status: str = "publish", post_type: str = "post",
         date: str = "2016-02-17 10:00:00", gmt: str = "2016-02-17 03:00:00", content: str = "Body.",
         excerpt: str = "", extra: str = "", link: str = "") -> str:  # fmt: skip
    return f"""
<item>
  <title>{title}</title>
  <link>{link or f"https://cseas.example.org/2016/02/17/{name}/"}</link>
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
  <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
  {extra}
</item>"""


def export(items: str, version: str = "1.2") -> str:
    ns = NS[version]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{ns}excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{ns}">
<channel>
  <title>CSEAS Indonesia</title>
  <link>https://cseas.example.org</link>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:author><wp:author_login><![CDATA[rizal]]></wp:author_login><wp:author_display_name><![CDATA[Rizal Pratama]]></wp:author_display_name></wp:author>
  {items}
</channel>
</rss>
"""


CATS = '<category domain="category" nicename="economy"><![CDATA[Economy]]></category><category domain="category" nicename="events"><![CDATA[Events]]></category><category domain="post_tag" nicename="japan"><![CDATA[Japan]]></category><category domain="post_tag" nicename="asean"><![CDATA[ASEAN]]></category>'
BODY = """<!-- wp:paragraph -->
First paragraph with <strong>bold</strong> text.
A second line.

<!--more-->

[caption id="attachment_9" align="alignleft" width="300"]<img src="https://cseas.example.org/wp-content/uploads/2016/02/workshop.jpg" alt="The workshop" width="300" /> Scholars at the workshop[/caption]

<pre><code>data = [1, 2, 3]
[foo bar="1"]</code></pre>

[unknown_thing size="2"]kept[/unknown_thing] and a list [1, 2, 3] in text.

[gallery ids="9"]

[embed]https://www.youtube.com/watch?v=abc[/embed]

<script>alert(1)</script><p onclick="x()">Clicked</p>
<!-- /wp:paragraph -->"""
ATTACHMENT = item(9, "Workshop photo", name="workshop", status="inherit", post_type="attachment",
                  extra="<wp:attachment_url><![CDATA[https://cseas.example.org/wp-content/uploads/2016/02/workshop.jpg]]></wp:attachment_url><wp:post_parent>10</wp:post_parent>")  # fmt: skip
COMMENTS = """
<wp:comment><wp:comment_author><![CDATA[Dewi]]></wp:comment_author><wp:comment_date><![CDATA[2016-02-18 08:00:00]]></wp:comment_date><wp:comment_content><![CDATA[Great workshop.]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved></wp:comment>
<wp:comment><wp:comment_author><![CDATA[Spammer]]></wp:comment_author><wp:comment_date><![CDATA[2016-02-18 09:00:00]]></wp:comment_date><wp:comment_content><![CDATA[Buy now]]></wp:comment_content><wp:comment_approved><![CDATA[spam]]></wp:comment_approved></wp:comment>"""
FULL = export(
    item(10, "ASEAN &amp; Japan: Caf&#233; Talks", name="asean-%e2%80%93-japan-talks", content=BODY,
         excerpt="A <em>short</em> summary.", extra=CATS + COMMENTS + "<wp:is_sticky>1</wp:is_sticky>")
    + ATTACHMENT
    + item(11, "A draft", name="", status="draft", gmt="0000-00-00 00:00:00", link="https://cseas.example.org/?p=11")
    + item(12, "Pending piece", name="pending-piece", status="pending")
    + item(13, "Coming soon", name="coming-soon", status="future", date="2099-01-01 08:00:00", gmt="2099-01-01 01:00:00")
    + item(14, "Private note", name="private-note", status="private")
    + item(15, "Secret", name="secret", extra="<wp:post_password><![CDATA[hunter2]]></wp:post_password>")
    + item(16, "About us", name="about", post_type="page", link="https://cseas.example.org/about/")
    + item(17, "Same slug", name="same")
    + item(18, "Same slug again", name="same", link="https://cseas.example.org/2016/02/17/same-2/")
    + item(20, "Old link reused", name="reused", link="https://cseas.example.org/2016/02/17/same-2/")
    + item(19, "Menu", name="menu", post_type="nav_menu_item")
)  # fmt: skip


def front(path: Path) -> tuple[dict[str, object], str]:
    _, meta, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(meta), body


@pytest.fixture
def imported(tmp_path: Path) -> tuple[Path, str]:
    site = make_site(
        tmp_path / "site", {}, "title: CSEAS Indonesia\ntimezone: Asia/Jakarta\nbase_url: https://cseas.example.org/\n"
    )
    uploads = tmp_path / "uploads/2016/02"
    uploads.mkdir(parents=True)
    (uploads / "workshop.jpg").write_bytes(b"\xff\xd8jpeg")
    (tmp_path / "export.xml").write_text(FULL, encoding="utf-8")
    result = run_process(
        "import", "wordpress", tmp_path / "export.xml", "--root", site, "--uploads", tmp_path / "uploads"
    )
    assert result.code == 0, result.err
    return site, result.out


def test_post_keeps_every_field(imported: tuple[Path, str]) -> None:
    site, _ = imported
    meta, _ = front(site / "content/2016/asean-japan-talks.md")
    assert meta["title"] == "ASEAN & Japan: Café Talks"
    assert meta["date"] == "2016-02-17 10:00:00+07:00"
    assert meta["updated"] == "2016-02-20 09:30:00+07:00"
    assert meta["author"] == "Rizal Pratama"
    assert meta["category"] == ["Economy", "Events"] and meta["tags"] == ["Japan", "ASEAN"]
    assert meta["summary"] == "A short summary."
    assert meta["slug"] == "asean-japan-talks"
    assert meta["aliases"] == ["/2016/02/17/asean-–-japan-talks/"]
    assert meta["sticky"] is True and meta["imported_from"] == "wordpress" and meta["wordpress_id"] == 10
    assert meta["comments"] == [{"author": "Dewi", "date": "2016-02-18 08:00:00", "content": "Great workshop."}]


def test_body_is_clean_markdown(imported: tuple[Path, str]) -> None:
    site, _ = imported
    _, body = front(site / "content/2016/asean-japan-talks.md")
    assert "wp:paragraph" not in body
    assert body.startswith("First paragraph with **bold** text.  \nA second line.\n\n<!--more-->\n\n")
    assert "![The workshop](/uploads/2016/02/workshop.jpg)" in body and "*Scholars at the workshop*" in body
    assert 'data = [1, 2, 3]\n[foo bar="1"]' in body  # code is never rewritten
    assert '[unknown_thing size="2"]kept[/unknown_thing] and a list [1, 2, 3] in text.' in body
    assert body.count("/uploads/2016/02/workshop.jpg") == 2  # caption and gallery
    assert "<https://www.youtube.com/watch?v=abc>" in body
    assert "<script" not in body and "alert(1)" not in body and "onclick" not in body and "Clicked" in body


def test_statuses_and_types(imported: tuple[Path, str]) -> None:
    site, report = imported
    content = site / "content"
    assert front(content / "2016/a-draft.md")[0]["draft"] is True
    assert front(content / "2016/a-draft.md")[0]["date"] == "2016-02-17 10:00:00"  # no GMT date: site timezone
    assert "aliases" not in front(content / "2016/a-draft.md")[0]  # ?p=11 cannot be a static path
    assert front(content / "2016/pending-piece.md")[0]["draft"] is True
    assert front(content / "2099/coming-soon.md")[0]["date"] == "2099-01-01 08:00:00+07:00"
    assert (content / "pages/about.md").is_file()
    assert not list(content.rglob("private-note.md")) and not list(content.rglob("secret.md"))
    assert 'post 14 "Private note" (post): private: not imported' in report
    assert 'post 15 "Secret" (post): password-protected: not imported' in report
    assert "post/publish: 5" in report and "page/publish: 1" in report and "1 nav_menu_item" in report
    assert "post 11 \"A draft\": no slug in the export; made 'a-draft' from the title" in report


def test_duplicate_slugs_both_survive(imported: tuple[Path, str]) -> None:
    site, report = imported
    assert front(site / "content/2016/same.md")[0]["title"] == "Same slug"
    assert front(site / "content/2016/same-2.md")[0]["title"] == "Same slug again"
    assert "post 18 \"Same slug again\": slug 'same' is taken by an earlier post; saved as 'same-2'" in report
    assert (
        'post 20 "Old link reused": old address /2016/02/17/same-2/ is already used by an earlier post; no redirect'
        in report
    )


def test_images_are_copied_from_uploads(imported: tuple[Path, str]) -> None:
    site, report = imported
    assert (site / "static/uploads/2016/02/workshop.jpg").read_bytes() == b"\xff\xd8jpeg"
    assert "Images: 1 copied, 0 missing" in report


def test_without_uploads_images_are_reported_missing(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {})
    (tmp_path / "export.xml").write_text(FULL, encoding="utf-8")
    result = run_process("import", "wordpress", tmp_path / "export.xml", "--root", site)
    assert result.code == 0
    assert (
        'missing: post 10 "ASEAN & Japan: Café Talks": https://cseas.example.org/wp-content/uploads/2016/02/workshop.jpg'
        in result.out
    )
    assert not (site / "static").exists()


def test_import_is_idempotent_and_respects_hand_edits(imported: tuple[Path, str], tmp_path: Path) -> None:
    site, _ = imported
    before = tree_bytes(site)
    again = run_process(
        "import", "wordpress", tmp_path / "export.xml", "--root", site, "--uploads", tmp_path / "uploads"
    )
    assert again.code == 0 and "Files: 0 written" in again.out
    assert tree_bytes(site) == before
    edited = site / "content/2016/same.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAn editor's note.\n", encoding="utf-8")
    third = run_process("import", "wordpress", tmp_path / "export.xml", "--root", site)
    assert "kept: content/2016/same.md" in third.out and "An editor's note." in edited.read_text(encoding="utf-8")
    forced = run_process("import", "wordpress", tmp_path / "export.xml", "--root", site, "--force")
    assert forced.code == 0 and "An editor's note." not in edited.read_text(encoding="utf-8")


def test_imported_site_builds_and_pages_show_the_posts(imported: tuple[Path, str]) -> None:
    site, _ = imported
    result = run_process("--root", site)
    assert result.code == 0, result.err
    build = site / "build"
    page = (build / "asean-japan-talks/index.html").read_text(encoding="utf-8")
    assert ">ASEAN &amp; Japan: Café Talks</h1>" in page
    assert '<img alt="The workshop" src="/uploads/2016/02/workshop.jpg"' in page
    assert (build / "uploads/2016/02/workshop.jpg").is_file()
    assert (build / "tags/japan/index.html").is_file() and (build / "categories/events/index.html").is_file()
    assert (build / "2016/02/17/asean-–-japan-talks/index.html").is_file()  # the old URL redirects
    assert (build / "about/index.html").is_file()
    assert not (build / "a-draft").exists() and not (build / "coming-soon").exists()
    assert "<script>alert" not in page


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_version(tmp_path: Path, version: str) -> None:
    (tmp_path / "export.xml").write_text(export(item(1, "Hello", name="hello", extra=CATS), version), encoding="utf-8")
    site = make_site(tmp_path / "site", {})
    assert run_process("import", "wordpress", tmp_path / "export.xml", "--root", site).code == 0
    meta, _ = front(site / "content/2016/hello.md")
    assert meta["category"] == ["Economy", "Events"] and meta["author"] == "Rizal Pratama"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (FULL[: len(FULL) // 2].encode(), "the export is not well-formed XML"),
        (FULL.replace("A draft", "A dr\xe4ft").encode("latin-1"), "the export is not well-formed XML"),
        (b'<?xml version="1.0"?><rss version="2.0"><nochannel/></rss>', "no <channel> element"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel>&x;</channel></rss>',
            "not well-formed",
        ),
    ],
)
def test_malformed_exports_write_nothing(tmp_path: Path, data: bytes, message: str) -> None:
    (tmp_path / "export.xml").write_bytes(data)
    site = make_site(tmp_path / "site", {})
    before = tree_bytes(site)
    result = run_process("import", "wordpress", tmp_path / "export.xml", "--root", site)
    assert result.code == 1 and message in result.err and "Traceback" not in result.err
    assert "export.xml:" in result.err and "nothing was written" in result.err
    assert tree_bytes(site) == before
