"""`cseas-build import wordpress` on WXR fixtures written for these tests, then a build of the result: fields,
bodies, links, media, menus, comments, the trial build and the report."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from helpers import article, make_site, run_process, tree_bytes
from wxrdata import CATS, HOST, UPLOADS, attachment, comment, export, item, menu_item, meta, png, write_uploads

BODY = f"""<!-- wp:paragraph -->
First paragraph with <strong>bold</strong> text.
A second line.

<!--more-->

[caption id="attachment_9" align="alignleft" width="300"]<img class="wp-image-9" src="{UPLOADS}/2016/02/workshop.png" alt="The workshop" width="300" /> Scholars at the workshop[/caption]

<pre><code>data = [1, 2, 3]
[foo bar="1"]</code></pre>

[unknown_thing size="2"]kept[/unknown_thing] and a list [1, 2, 3] in text.

[gallery ids="9"]

[embed]https://www.youtube.com/watch?v=abc[/embed]

<script>alert(1)</script><p onclick="x()">Clicked</p>
<!-- /wp:paragraph -->"""
LINKING = f"""<p>#ASEAN2016 trended in Jakarta on Monday.</p>
<p>1. This sentence starts with a number and is not a list.</p>
<p>Read <a href="{HOST}/2016/02/17/same/">the first piece</a>, <a href="http://www.cseas.example.org/?p=10">the talks</a>,
<a href="{HOST}/?page_id=16">about us</a>, <a href="{HOST}/category/economy/">economy</a>,
<a href="{HOST}/tag/japan/">Japan</a>, <a href="{HOST}/2016/02/">February</a>, <a href="/about/">about</a> and
<a href="{HOST}/2015/12/01/reused/">a date that moved</a>.</p>
<p>The <a href="{UPLOADS}/2016/02/report.pdf">full report (PDF)</a> and <a href="{HOST}/?attachment_id=9">the photo page</a>.</p>
<p><img class="alignright wp-image-9" src="{UPLOADS}/2016/02/workshop-300x200.png" alt="" srcset="{UPLOADS}/2016/02/workshop-300x200.png 300w, {UPLOADS}/2016/02/workshop.png 800w" sizes="(max-width: 300px) 100vw, 300px" /></p>"""
COMMENTS = (
    comment("Dewi", "Great workshop.<br />See you next year.", "1")
    + comment("Budi", "Waiting for moderation", "0")
    + comment("Spammer", "Buy now", "spam")
)
FEATURED = meta("_thumbnail_id", "22") + "<wp:is_sticky>1</wp:is_sticky>"
MENU = (
    menu_item(40, "main-menu", 4, "Contact", url="https://example.net/contact")
    + menu_item(41, "main-menu", 1, "", kind="post_type", object_id="16", obj="page")
    + menu_item(42, "main-menu", 2, "Topics", url="#")
    + menu_item(43, "main-menu", 3, "", kind="taxonomy", object_id="3", obj="category", parent=42)
    + menu_item(44, "main-menu", 3, "Japan news", kind="taxonomy", object_id="5", obj="post_tag", parent=42)
    + menu_item(45, "main-menu", 5, "Private", kind="post_type", object_id="14", obj="post")
    + menu_item(46, "social", 1, "Twitter", url="https://twitter.com/cseas")
)
FULL = export(
    attachment(9, "2016/02/workshop.png", parent=10, alt="The workshop")
    + attachment(21, "2016/02/report.pdf", parent=30, title="Full report")
    + attachment(22, "2016/02/cover.png", alt="Cover photo")
    + item(10, "ASEAN &amp; Japan: Caf&#233; Talks", name="asean-%e2%80%93-japan-talks", content=BODY,
           excerpt="A <em>short</em> summary.", extra=CATS + COMMENTS + FEATURED)
    + item(11, "A draft", name="", status="draft", gmt="0000-00-00 00:00:00", link=f"{HOST}/?p=11")
    + item(12, "Pending piece", name="pending-piece", status="pending")
    + item(13, "Coming soon", name="coming-soon", status="future", date="2099-01-01 08:00:00", gmt="2099-01-01 01:00:00")
    + item(14, "Private note", name="private-note", status="private")
    + item(15, "Secret", name="secret", extra="<wp:post_password><![CDATA[hunter2]]></wp:post_password>")
    + item(16, "About us", name="about", post_type="page", link=f"{HOST}/about/")
    + item(17, "Same slug", name="same")
    + item(18, "Same slug again", name="same", link=f"{HOST}/2016/02/17/same-2/")
    + item(20, "Old link reused", name="reused", link=f"{HOST}/2016/02/17/same-2/")
    + item(30, "Linking post", name="linking", content=LINKING, date="2016-02-18 10:00:00", gmt="2016-02-18 03:00:00")
    + MENU
)  # fmt: skip
UPLOAD_FILES = {
    "2016/02/workshop.png": png(16, 10),
    "2016/02/workshop-300x200.png": png(6, 4),
    "2016/02/cover.png": png(12, 12, (200, 60, 20)),
    "2016/02/report.pdf": b"%PDF-1.4\n% a report\n",
}
SITE = "title: CSEAS Indonesia\ntimezone: Asia/Jakarta\nbase_url: https://cseas.example.org/\n"


def front(path: Path) -> tuple[dict[str, object], str]:
    _, meta_text, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(meta_text), body


def import_into(site: Path, data: str, *options: str | Path) -> tuple[int, str]:
    export_file = site.parent / "export.xml"
    export_file.write_text(data, encoding="utf-8")
    result = run_process("import", "wordpress", export_file, "--root", site, *options)
    assert "Traceback" not in result.err, result.err
    return result.code, result.out + result.err


@pytest.fixture
def imported(tmp_path: Path) -> tuple[Path, str]:
    site = make_site(tmp_path / "site", {}, SITE)
    uploads = write_uploads(tmp_path / "uploads", UPLOAD_FILES)
    code, report = import_into(site, FULL, "--uploads", uploads)
    assert code == 0, report
    return site, report


def test_post_keeps_every_field(imported: tuple[Path, str]) -> None:
    site, _ = imported
    meta_, _ = front(site / "content/2016/asean-japan-talks.md")
    assert meta_["title"] == "ASEAN & Japan: Café Talks"
    assert meta_["date"] == "2016-02-17 10:00:00+07:00"
    assert meta_["updated"] == "2016-02-20 09:30:00+07:00"
    assert meta_["author"] == "Rizal Pratama"
    assert meta_["category"] == ["Economy", "Events"] and meta_["tags"] == ["Japan", "ASEAN"]
    assert meta_["summary"] == "A short summary."
    assert meta_["slug"] == "asean-japan-talks"
    assert meta_["aliases"] == ["/2016/02/17/asean-–-japan-talks/"]
    assert meta_["image"] == "/uploads/2016/02/cover.png" and meta_["image_alt"] == "Cover photo"
    assert meta_["featured"] is True and meta_["imported_from"] == "wordpress" and meta_["wordpress_id"] == 10
    assert "comments" not in meta_  # kept only when asked for (--comments)


def test_body_keeps_its_layout_as_figures(imported: tuple[Path, str]) -> None:
    site, _ = imported
    _, body = front(site / "content/2016/asean-japan-talks.md")
    assert "wp:paragraph" not in body
    assert body.startswith("First paragraph with **bold** text.  \nA second line.\n\n<!--more-->\n\n")
    caption = re.search(r'<figure class="wp-caption alignleft">(.*?)</figure>', body, re.DOTALL)
    assert caption is not None, body
    assert 'alt="The workshop"' in caption.group(1) and 'src="/uploads/2016/02/workshop.png"' in caption.group(1)
    assert "<figcaption>Scholars at the workshop</figcaption>" in caption.group(1)
    gallery = re.search(r'<figure class="gallery gallery-columns-3">(.*?)</figure>', body, re.DOTALL)
    assert gallery is not None and '<a href="/uploads/2016/02/workshop.png"' in gallery.group(1)
    assert re.search(r'<p class="embed"><a href="https://www\.youtube\.com/watch\?v=abc"[^>]*>[^<]+</a></p>', body)
    assert 'data = [1, 2, 3]\n[foo bar="1"]' in body  # code is never rewritten
    assert "<script" not in body and "alert(1)" not in body and "onclick" not in body and "Clicked" in body
    assert run_process("--root", site).code == 0
    page = (site / "build/asean-japan-talks/index.html").read_text(encoding="utf-8")
    assert '<p>[unknown_thing size="2"]kept[/unknown_thing] and a list [1, 2, 3] in text.</p>' in page


def test_text_that_looks_like_markdown_stays_text(imported: tuple[Path, str]) -> None:
    site, _ = imported
    assert run_process("--root", site).code == 0
    page = (site / "build/linking/index.html").read_text(encoding="utf-8")
    assert "<p>#ASEAN2016 trended in Jakarta on Monday.</p>" in page
    assert "<p>1. This sentence starts with a number and is not a list.</p>" in page
    body = page[page.index('<div class="body">') : page.index("</article>")]
    assert "<h1>" not in body and "<ol>" not in body


def test_links_between_posts_point_at_the_new_site(imported: tuple[Path, str]) -> None:
    site, report = imported
    _, body = front(site / "content/2016/linking.md")
    assert "cseas.example.org" not in body
    for text, new in [
        ("the first piece", "/same/"),
        ("the talks", "/asean-japan-talks/"),
        ("about us", "/about/"),
        ("economy", "/categories/economy/"),
        ("Japan", "/tags/japan/"),
        ("February", "/archive/2016/"),
        ("a date that moved", "/reused/"),  # as WordPress does: the post found by its slug
        ("full report (PDF)", "/uploads/2016/02/report.pdf"),
        ("the photo page", "/uploads/2016/02/workshop.png"),  # an attachment page: the file itself
    ]:
        assert f"[{text}]({new})" in body, (text, body)
    assert 'srcset="/uploads/2016/02/workshop-300x200.png 300w, /uploads/2016/02/workshop.png 800w"' in body
    assert 'alt="The workshop"' in body  # an empty alt filled in from the media library
    assert "links to the old site with no page here" in report and "[x] 0 links to the old site" in report


def test_check_finds_no_link_to_the_old_host_and_nothing_broken(imported: tuple[Path, str]) -> None:
    site, _ = imported
    result = run_process("check", "--root", site)
    said = result.out + result.err
    assert result.code == 0, said
    external = said.split("external links (not fetched):", 1)[1]
    hosts = {urlsplit(line.split()[0]).netloc for line in external.splitlines() if "://" in line}
    assert hosts and "cseas.example.org" not in hosts and "wp-content" not in said  # share links name pages
    assert "broken link" not in said and "\n0 errors, " in said


def test_uploads_are_copied_at_their_year_month_paths(imported: tuple[Path, str]) -> None:
    site, report = imported
    for relative, data in UPLOAD_FILES.items():
        assert (site / "static/uploads" / relative).read_bytes() == data
    assert "Media: 4 copied, 0 missing" in report
    assert run_process("--root", site).code == 0
    page = (site / "build/asean-japan-talks/index.html").read_text(encoding="utf-8")
    lead = re.search(r'<figure class="lead-image"><picture><source type="image/webp"[^>]*><img ([^>]*)>', page)
    assert lead, page  # the featured image, as a responsive picture of its derivatives
    assert 'alt="Cover photo"' in lead[1] and 'fetchpriority="high"' in lead[1] and 'width="12" height="12"' in lead[1]
    share = re.search(r'<meta property="og:image" content="([^"]+)">', page)
    assert share and re.fullmatch(
        r"https://cseas\.example\.org/_img/uploads/2016/02/cover\.[0-9a-f]{10}\.12\.png", share[1]
    )
    assert '<meta property="og:image:width" content="12">' in page
    assert (site / "build/uploads/2016/02/report.pdf").read_bytes() == UPLOAD_FILES["2016/02/report.pdf"]


def test_uploads_may_be_the_root_of_a_backup(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {}, SITE)
    backup = write_uploads(tmp_path / "backup/wp-content/uploads", UPLOAD_FILES).parent.parent
    code, report = import_into(site, FULL, "--uploads", backup)
    assert code == 0 and "Media: 4 copied, 0 missing" in report


def test_missing_media_are_listed_for_a_downloader_and_pages_show_alt_text(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {}, SITE)
    partial = write_uploads(tmp_path / "uploads", {"2016/02/cover.png": png()})
    code, report = import_into(site, FULL, "--uploads", partial)
    assert code == 0, report
    assert "Media: 1 copied, 3 missing" in report
    assert (
        f'missing: {UPLOADS}/2016/02/report.pdf (used by post 30 "Linking post" ({HOST}/2016/02/18/linking/))' in report
    )
    listed = (site / "import-missing-media.txt").read_text(encoding="utf-8")
    pairs = re.findall(r'^url = "([^"]+)"\noutput = "([^"]+)"$', listed, re.MULTILINE)
    assert sorted(pairs) == [
        (f"{UPLOADS}/2016/02/report.pdf", "static/uploads/2016/02/report.pdf"),
        (f"{UPLOADS}/2016/02/workshop-300x200.png", "static/uploads/2016/02/workshop-300x200.png"),
        (f"{UPLOADS}/2016/02/workshop.png", "static/uploads/2016/02/workshop.png"),
    ]
    assert "curl --create-dirs" in listed  # how to fetch them, in the file itself
    assert run_process("--root", site).code == 0
    page = (site / "build/asean-japan-talks/index.html").read_text(encoding="utf-8")
    assert "cseas.example.org/wp-content" not in page  # never a hidden old-host image
    assert re.search(r'<img alt="The workshop" class="wp-image-9" src="/uploads/2016/02/workshop.png"', page)
    check = run_process("check", "--root", site)
    # and check says which are missing, at the line of the article that shows each
    assert re.search(
        r"content/2016/asean-japan-talks\.md:\d+: missing image: /uploads/2016/02/workshop\.png", check.err
    )


def test_statuses_and_types(imported: tuple[Path, str]) -> None:
    site, report = imported
    content = site / "content"
    assert front(content / "2016/a-draft.md")[0]["draft"] is True
    assert front(content / "2016/a-draft.md")[0]["date"] == "2016-02-17 10:00:00"  # no GMT date: site timezone
    assert "aliases" not in front(content / "2016/a-draft.md")[0]  # ?p=11 is answered by wordpress-ids.json
    assert front(content / "2016/pending-piece.md")[0]["draft"] is True
    assert front(content / "2099/coming-soon.md")[0]["date"] == "2099-01-01 08:00:00+07:00"
    assert (content / "pages/about.md").is_file()
    assert not list(content.rglob("private-note.md")) and not list(content.rglob("secret.md"))
    assert f'post 14 "Private note" ({HOST}/2016/02/17/private-note/): private: not imported' in report
    assert f'post 15 "Secret" ({HOST}/2016/02/17/secret/): password-protected: not imported' in report
    assert "post/publish: 6" in report and "page/publish: 1" in report and "nav_menu_item/publish: 7" in report
    assert "post 11 \"A draft\": no slug in the export; made 'a-draft' from the title" in report


def test_duplicate_slugs_both_survive_and_the_report_says_why(imported: tuple[Path, str]) -> None:
    site, report = imported
    assert front(site / "content/2016/same.md")[0]["title"] == "Same slug"
    assert front(site / "content/2016/same-2.md")[0]["title"] == "Same slug again"
    assert (
        f"post 18 \"Same slug again\" ({HOST}/2016/02/17/same-2/): its address with slug 'same' is taken by "
        "post 17 \"Same slug\"; saved with slug 'same-2'" in report
    )
    assert (
        f'post 20 "Old link reused" ({HOST}/2016/02/17/same-2/): old address /2016/02/17/same-2/ is taken by '
        'the old address of post 18 "Same slug again"; no redirect' in report
    )


def test_old_query_addresses_lead_to_the_new_pages(imported: tuple[Path, str]) -> None:
    site, _ = imported
    assert run_process("--root", site, "--drafts").code == 0
    ids = json.loads((site / "build/wordpress-ids.json").read_text(encoding="utf-8"))
    assert ids["10"] == "/asean-japan-talks/" and ids["16"] == "/about/" and ids["11"] == "/a-draft/"
    home = (site / "build/index.html").read_text(encoding="utf-8")
    assert 'fetch("/wordpress-ids.json")' in home  # the script that reads it (run in Chromium: e2e)


GENERATED = [
    "/tags/", "/tags/japan/", "/categories/", "/sources/", "/authors/", "/archive/", "/archive/2016/", "/search/",
    "/page/2/", "/feed.xml", "/rss.xml", "/feed.json", "/sitemap.xml", "/404.html", "/robots.txt",
    "/theme/style.css", "/pagefind/", "/_redirects", "/wordpress-ids.json", "/uploads/2016/02/",
]  # fmt: skip


@pytest.mark.parametrize("old", GENERATED)
def test_an_old_address_the_site_needs_is_dropped_and_the_site_builds(tmp_path: Path, old: str) -> None:
    site = make_site(tmp_path / "site", {}, SITE)
    posts = item(1, "Tagged", name="tagged", extra=CATS) + item(2, "Collides", name="collides", link=HOST + old)
    code, report = import_into(site, export(posts))
    assert code == 0, report
    assert "[x] Trial build: the imported site builds" in report
    assert f'post 2 "Collides" ({HOST}{old}): old address {old} is taken by the site\'s own' in report
    assert "aliases" not in front(site / "content/2016/collides.md")[0]
    assert run_process("--root", site).code == 0


@pytest.mark.parametrize("slug", ["tags", "search", "archive", "page", "theme", "pagefind", "uploads", "hello"])
def test_a_slug_the_site_needs_is_renamed_and_the_site_builds(tmp_path: Path, slug: str) -> None:
    site = make_site(tmp_path / "site", {"content/2015/hello.md": article("Hello", "2015-01-01")}, SITE)
    code, report = import_into(site, export(item(1, "Post", name=slug, link=f"{HOST}/old/{slug}/")))
    assert code == 0, report
    assert f"its address with slug '{slug}' is taken by " in report and f"saved with slug '{slug}-2'" in report
    assert front(site / f"content/2016/{slug}-2.md")[0]["slug"] == f"{slug}-2"
    assert run_process("--root", site).code == 0


def test_a_post_the_build_would_refuse_is_set_aside_and_the_site_builds(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {}, SITE)
    deep = "<blockquote>" * 40 + "Quoted" + "</blockquote>" * 40
    posts = item(1, "Deep quote", name="deep", content=deep) + item(2, "Fine", name="fine")
    code, report = import_into(site, export(posts))
    assert code == 0, report
    assert (site / "import-rejected/2016/deep.md").is_file() and not (site / "content/2016/deep.md").exists()
    assert 'post 1 "Deep quote"' in report and "saved as import-rejected/2016/deep.md" in report
    assert "[ ] 1 problems that would stop the build" in report
    assert (site / "content/2016/fine.md").is_file() and run_process("--root", site).code == 0


def test_the_exit_status_says_when_the_site_does_not_build(tmp_path: Path) -> None:
    broken = make_site(tmp_path / "site", {"content/2015/bad.md": "---\ntitle: Bad\n---\nNo date.\n"}, SITE)
    code, report = import_into(broken, export(item(1, "Fine", name="fine")))
    assert code == 1
    assert "[ ] Trial build: the imported site does not build: 1 problems, listed below" in report
    assert "content/2015/bad.md:1: date: missing" in report


def test_menu_keeps_order_and_nesting(imported: tuple[Path, str]) -> None:
    site, report = imported
    config = yaml.safe_load((site / "content/site.yaml").read_text(encoding="utf-8"))
    assert config["title"] == "CSEAS Indonesia"  # the editor's settings stay
    assert config["menu"] == [
        {"title": "About us", "url": "/about/"},
        {
            "title": "Topics",
            "children": [
                {"title": "Economy", "url": "/categories/economy/"},
                {"title": "Japan news", "url": "/tags/japan/"},
            ],
        },
        {"title": "Contact", "url": "https://example.net/contact"},
    ]
    assert config["footer_links"] == [{"title": "Twitter", "url": "https://twitter.com/cseas"}]
    assert "'main-menu' (6 items) is the header menu; 'social' (1 items) the footer links" in report
    assert "menu item 'Private': not imported; left out" in report
    assert run_process("--root", site).code == 0
    page = (site / "build/index.html").read_text(encoding="utf-8")
    nav = page[page.index('<nav aria-label="Main">') : page.index("</nav>")]
    names = re.findall(r">([^<>]+)</(?:a|summary)>", nav)
    assert names == ["About us", "Topics", "Economy", "Japan news", "Contact", "Search"]
    footer = page[page.index('<footer class="site-footer">') :]
    assert '<a href="https://twitter.com/cseas">Twitter</a>' in footer and "About us" not in footer


def test_a_menu_already_in_site_yaml_is_kept(tmp_path: Path) -> None:
    own = SITE + "menu:\n  - {title: Home, url: /}\n"
    site = make_site(tmp_path / "site", {}, own)
    code, report = import_into(site, FULL)
    assert code == 0, report
    config = (site / "content/site.yaml").read_text(encoding="utf-8")
    assert config.startswith(own) and config.count("menu:") == 1  # footer_links added, the menu left alone
    assert "site.yaml already has a menu: kept" in report


def test_another_menu_can_be_chosen(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {}, SITE)
    code, report = import_into(site, FULL, "--menu", "social")
    assert code == 0, report
    config = yaml.safe_load((site / "content/site.yaml").read_text(encoding="utf-8"))
    assert config["menu"] == [{"title": "Twitter", "url": "https://twitter.com/cseas"}]


def test_comments_only_when_asked_and_only_approved(tmp_path: Path) -> None:
    plain = make_site(tmp_path / "plain", {}, SITE)
    code, report = import_into(plain, FULL)
    assert code == 0 and "Comments: 1 approved, 1 pending, 1 spam; 0 approved comments kept" in report
    assert "comments" not in front(plain / "content/2016/asean-japan-talks.md")[0]
    site = make_site(tmp_path / "site", {}, SITE)
    code, report = import_into(site, FULL, "--comments")
    assert code == 0 and "1 approved comments kept" in report
    meta_, _ = front(site / "content/2016/asean-japan-talks.md")
    assert meta_["comments"] == [
        {"author": "Dewi", "date": "2016-02-18 08:00:00+07:00", "text": "Great workshop.\nSee you next year."}
    ]
    assert run_process("--root", site).code == 0
    page = (site / "build/asean-japan-talks/index.html").read_text(encoding="utf-8")
    section = page[page.index('<section class="comments"') : page.index("</section>")]
    assert "Comments (1)" in section and "<b>Dewi</b>" in section
    assert "<p>Great workshop.</p>" in section and "<p>See you next year.</p>" in section
    written = b"".join(tree_bytes(site).values())
    for private in (b"reader@example.net", b"203.0.113.9", b"Waiting for moderation", b"Buy now"):
        assert private not in written


def test_import_is_idempotent_and_respects_hand_edits(imported: tuple[Path, str], tmp_path: Path) -> None:
    site, _ = imported
    before = tree_bytes(site)
    code, again = import_into(site, FULL, "--uploads", tmp_path / "uploads")
    assert code == 0 and "Files: 0 written" in again
    assert tree_bytes(site) == before
    edited = site / "content/2016/same.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAn editor's note.\n", encoding="utf-8")
    _, third = import_into(site, FULL)
    assert "kept: content/2016/same.md" in third and "An editor's note." in edited.read_text(encoding="utf-8")
    assert front(site / "content/2016/same-2.md")[0]["slug"] == "same-2"  # nothing moved to make room
    code, _ = import_into(site, FULL, "--force")
    assert code == 0 and "An editor's note." not in edited.read_text(encoding="utf-8")


def test_imported_site_builds_and_pages_show_the_posts(imported: tuple[Path, str]) -> None:
    site, _ = imported
    result = run_process("--root", site)
    assert result.code == 0, result.err
    build = site / "build"
    page = (build / "asean-japan-talks/index.html").read_text(encoding="utf-8")
    assert ">ASEAN &amp; Japan: Café Talks</h1>" in page
    assert re.search(r'<figure class="wp-caption alignleft"><picture>(<source [^>]*>)+<img alt="The workshop"', page)
    assert (build / "tags/japan/index.html").is_file() and (build / "categories/events/index.html").is_file()
    assert (build / "2016/02/17/asean-–-japan-talks/index.html").is_file()  # the old URL redirects
    assert (build / "about/index.html").is_file()
    assert not (build / "a-draft").exists() and not (build / "coming-soon").exists()
    assert (
        "<script>alert" not in page
        and 'rel="noopener noreferrer nofollow"' not in page.split("<main")[1].split("youtube")[0]
    )  # links within the site are plain links


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_version(tmp_path: Path, version: str) -> None:
    site = make_site(tmp_path / "site", {})
    code, _ = import_into(site, export(item(1, "Hello", name="hello", extra=CATS), version))
    assert code == 0
    meta_, _ = front(site / "content/2016/hello.md")
    assert meta_["category"] == ["Economy", "Events"] and meta_["author"] == "Rizal Pratama"


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


GUTENBERG = f"""<!-- wp:image {{"id":9,"align":"right"}} -->
<figure class="wp-block-image alignright"><img src="{UPLOADS}/2016/02/workshop.png" alt="" class="wp-image-9"/><figcaption>Block caption</figcaption></figure>
<!-- /wp:image -->

<!-- wp:image {{"align":"center"}} -->
<div class="wp-block-image"><figure class="aligncenter"><img src="{UPLOADS}/2016/02/cover.png" alt="Cover"/><figcaption>Older block</figcaption></figure></div>
<!-- /wp:image -->

<!-- wp:paragraph {{"align":"center"}} -->
<p class="has-text-align-center">Centred words.</p>
<!-- /wp:paragraph -->"""


def test_gutenberg_image_blocks_stay_figures_with_their_alignment(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {}, SITE)
    media = attachment(9, "2016/02/workshop.png", alt="The workshop") + attachment(22, "2016/02/cover.png")
    code, report = import_into(site, export(media + item(1, "Blocks", name="blocks", content=GUTENBERG)))
    assert code == 0, report
    assert run_process("--root", site).code == 0
    page = (site / "build/blocks/index.html").read_text(encoding="utf-8")
    body = page[page.index('<div class="body">') : page.index("</article>")]
    assert re.search(
        r'<figure class="wp-block-image alignright"><img alt="The workshop" class="wp-image-9" '
        r'src="/uploads/2016/02/workshop.png"\s*/?><figcaption>Block caption</figcaption></figure>',
        body,
    ), body
    assert re.search(r'<figure class="aligncenter"><img alt="Cover" src="/uploads/2016/02/cover.png"\s*/?>'
                     r"<figcaption>Older block</figcaption></figure>", body), body  # fmt: skip
    assert '<p class="has-text-align-center">Centred words.</p>' in body


def test_languages_and_translations_from_polylang_are_kept_else_detected(tmp_path: Path) -> None:
    """Polylang files each post under a 'language' term and links versions with a 'post_translations' term."""
    polylang = (
        '<category domain="language" nicename="id"><![CDATA[Bahasa Indonesia]]></category>'
        '<category domain="post_translations" nicename="pll_5a1b2c"><![CDATA[pll_5a1b2c]]></category>'
    )
    english = '<category domain="post_translations" nicename="pll_5a1b2c"><![CDATA[pll_5a1b2c]]></category>'
    english += '<category domain="language" nicename="en"><![CDATA[English]]></category>'
    data = export(
        item(71, "Talks on the sea", name="talks", content="<p>Short.</p>", extra=english)
        + item(72, "Perundingan laut", name="perundingan", content="<p>Singkat.</p>", extra=polylang)
        + item(
            73,
            "Tanpa bahasa",
            name="tanpa",
            content="<p>Para peneliti membahas kerja sama yang akan dilakukan "
            "oleh negara anggota dan hasil yang dicapai dalam pertemuan itu.</p>",
        )
    )
    site = make_site(tmp_path / "site", {}, SITE + "languages: [en, id]\n")
    code, report = import_into(site, data)
    assert code == 0, report
    talks, _ = front(site / "content/2016/talks.md")
    perundingan, _ = front(site / "content/2016/perundingan.md")
    tanpa, _ = front(site / "content/2016/tanpa.md")
    assert (talks["lang"], perundingan["lang"], tanpa["lang"]) == ("en", "id", "id")  # the last one detected
    assert talks["translation_key"] == perundingan["translation_key"] == "pll_5a1b2c" and "translation_key" not in tanpa
    assert run_process("--root", site, "--no-search").code == 0
    page = (site / "build/talks/index.html").read_text(encoding="utf-8")
    assert 'hreflang="id" href="https://cseas.example.org/perundingan/"' in page
