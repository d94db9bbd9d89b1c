"""Every way an independent attack found to lose data, publish script or write outside the site: one test (or
more) per class, each failing on the code before the fix (docs/reliability.md, promises 8 to 14)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cseas_site.importers.mdtext import escape_text
from cseas_site.load.markdown_article import to_html
from helpers import Server, article, copy_demo, make_site, run_process, tree_bytes, wait_for
from imagedata import small_jpeg

HOSTILE_REPORT = """CSEAS Indonesia

Officials <script>alert('title')</script> Meet

Antara, 17 February 2016 – A workshop <script>alert(1)</script> was held in Jakarta.

An image <img src=x onerror=alert(2)> and a frame <iframe src="javascript:alert(3)"></iframe> appeared.

Click [here](javascript:alert(4)) or <a href="javascript:alert(5)">there</a>.

#ASEAN2016 trended while 1. numbered openings and > quotes stayed text.
"""


class Elements(HTMLParser):
    """Every element and attribute of an HTML page, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def live_script(html: str) -> list[str]:
    """What in a page could run script: script elements other than JSON-LD and ours, frames, event handlers,
    javascript: links."""
    found = []
    for tag, attrs in elements(html).tags:
        if tag in ("iframe", "object", "embed") or (
            tag == "script"
            and attrs.get("type") != "application/ld+json"
            and not str(attrs.get("src", "")).endswith(("/theme/search.js", "/theme/keys.js"))
        ):
            found.append(tag)
        found += [f"{tag} {name}" for name in attrs if name.startswith("on")]
        found += [f"{tag} {name}" for name, value in attrs.items() if "javascript:" in str(value).lower()]
    return found


# 1. import text makes no live script: text stays text.


def test_an_imported_report_stays_text_in_the_page_and_the_feeds(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/2016/report.txt": HOSTILE_REPORT}, "title: CSEAS Indonesia\n")
    result = run_process("import", "text", tmp_path / "content/2016/report.txt", "--root", tmp_path)
    assert result.code == 0, result.err
    assert "imported_from: text" in (tmp_path / "content/2016/report.md").read_text(encoding="utf-8")
    assert run_process("--root", tmp_path, "--no-search").code == 0
    page = next((tmp_path / "build").glob("officials-*/index.html")).read_text(encoding="utf-8")
    assert live_script(page) == []
    body = "".join(elements(page).text)
    for words in ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "[here](javascript:alert(4))",
                  "#ASEAN2016 trended while 1. numbered openings and > quotes stayed text."):  # fmt: skip
        assert words in body
    feed = json.loads((tmp_path / "build/feed.json").read_text(encoding="utf-8"))
    assert live_script(feed["items"][0]["content_html"]) == []


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
        | st.sampled_from(list("\n#>-+*_`[]()!|:=~<&{}\\.1 ")),
        max_size=80,
    )
)
def test_any_text_escaped_for_markdown_renders_as_exactly_that_text(text: str) -> None:
    html = to_html(escape_text(text))
    parsed = elements(html)
    assert {tag for tag, _ in parsed.tags} <= {"p", "br"}, (text, html)
    words = " ".join(line.strip() for line in text.split("\n") if line.strip())
    assert " ".join("".join(parsed.text).split()) == " ".join(words.split()), (text, html)


# 2. --force never replaces the root, home, an ancestor of either, the site, or a folder of sources.


@pytest.mark.parametrize("where", ["parent-of-home", "grandparent-of-home", "site-parent", "repository", "sources"])
def test_force_never_replaces_home_or_its_parents_or_a_folder_of_sources(tmp_path: Path, where: str) -> None:
    home = tmp_path / "home" / "editor"
    root = home / "work" / "site"
    make_site(root, {"content/a.md": article("A", "2020-01-01")})
    (home / "letters.txt").write_text("precious", encoding="utf-8")
    other = tmp_path / "other"
    (other / ".git").mkdir(parents=True)
    (other / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    (other / "index.html").write_text("x", encoding="utf-8")
    sources = tmp_path / "sources"
    make_site(sources, {"content/b.md": article("B", "2020-01-01")})
    target = {"parent-of-home": home.parent, "grandparent-of-home": tmp_path, "site-parent": root.parent,
              "repository": other, "sources": sources}[where]  # fmt: skip
    before = tree_bytes(tmp_path)
    result = run_process("--root", root, "--output", target, "--force", env={"HOME": str(home)})
    assert result.code == 1 and "refusing" in result.err and "Traceback" not in result.err, result.err
    assert "--force" not in result.err  # never advised for a folder that holds sources or a home
    assert tree_bytes(tmp_path) == before


def test_force_replaces_a_folder_that_holds_only_a_static_site(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")})
    hugo = tmp_path / "public"
    for name in ("index.html", "css/site.css", "img/a.png", "tags/x/index.xml", "CNAME"):
        (hugo / name).parent.mkdir(parents=True, exist_ok=True)
        (hugo / name).write_text("old site", encoding="utf-8")
    refused = run_process("--root", tmp_path, "--output", hugo)
    assert refused.code == 1 and "pass --force to replace it" in refused.err
    assert run_process("--root", tmp_path, "--output", hugo, "--force").code == 0
    assert (hugo / "a/index.html").is_file() and not (hugo / "CNAME").exists()
    (hugo / "notes.py").write_text("print()", encoding="utf-8")  # ours now: a marker is inside, so it may be replaced
    assert run_process("--root", tmp_path, "--output", hugo).code == 0
    mixed = tmp_path / "mixed"
    (mixed / "index.html").parent.mkdir()
    (mixed / "index.html").write_text("x", encoding="utf-8")
    (mixed / "thesis.docx").write_bytes(b"x")
    (mixed / "draft.md").write_text("not a built file", encoding="utf-8")
    result = run_process("--root", tmp_path, "--output", mixed, "--force")
    assert result.code == 1 and "draft.md, which is not a file of a static site" in result.err
    assert (mixed / "draft.md").is_file()


# 3. Importers never write through a symbolic link out of the site, nor copy a linked file out of --uploads.

WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Old blog</title><link>https://old.example.org</link><wp:wxr_version>1.2</wp:wxr_version>
<item><title>A post</title><link>https://old.example.org/2013/01/a-post/</link><dc:creator>ed</dc:creator>
<content:encoded><![CDATA[<p>Text <img src="https://old.example.org/wp-content/uploads/2013/01/photo.jpg" alt="A"></p>
<p><img src="https://old.example.org/wp-content/uploads/2013/01/secret.jpg" alt="S"></p>]]></content:encoded>
<wp:post_id>7</wp:post_id><wp:post_date>2013-01-10 10:00:00</wp:post_date>
<wp:post_date_gmt>2013-01-10 03:00:00</wp:post_date_gmt><wp:post_name>a-post</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>
"""


@pytest.mark.parametrize("linked", ["content/2013", "static/uploads", "content"])
def test_import_wordpress_never_writes_through_a_link_out_of_the_site(tmp_path: Path, linked: str) -> None:
    root = tmp_path / "site"
    make_site(root, {})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = root / linked
    if link.exists():
        shutil.move(str(link), str(elsewhere / "moved"))
        elsewhere = elsewhere / "moved"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(elsewhere)
    uploads = tmp_path / "uploads"
    (uploads / "2013/01").mkdir(parents=True)
    (uploads / "2013/01/photo.jpg").write_bytes(b"photo")
    (tmp_path / "export.xml").write_text(WXR, encoding="utf-8")
    before = tree_bytes(elsewhere)
    result = run_process("import", "wordpress", tmp_path / "export.xml", "--root", root, "--uploads", uploads)
    assert result.code == 1 and "leads outside the site" in result.err and "Traceback" not in result.err
    assert tree_bytes(elsewhere) == before


def test_a_link_inside_uploads_to_a_file_outside_is_not_copied(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", {})
    uploads = tmp_path / "uploads"
    (uploads / "2013/01").mkdir(parents=True)
    (uploads / "2013/01/photo.jpg").write_bytes(photo := small_jpeg())
    (tmp_path / "secret.txt").write_text("password", encoding="utf-8")
    (uploads / "2013/01/secret.jpg").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "export.xml").write_text(WXR, encoding="utf-8")
    result = run_process("import", "wordpress", tmp_path / "export.xml", "--root", root, "--uploads", uploads)
    assert result.code == 0, result.err
    assert (root / "static/uploads/2013/01/photo.jpg").read_bytes() == photo
    assert not (root / "static/uploads/2013/01/secret.jpg").exists()
    assert "secret.jpg" in result.out  # listed as missing


# 4. Links that leave static/ or templates/static/, FIFOs and devices are refused, not published or read.


@pytest.mark.parametrize("folder", ["static", "templates/static"])
@pytest.mark.parametrize("kind", ["link", "fifo", "device"])
def test_links_out_of_static_folders_and_special_files_are_refused(tmp_path: Path, folder: str, kind: str) -> None:
    root = make_site(tmp_path / "site", {"content/a.md": article("A", "2020-01-01")})
    (tmp_path / "secret.txt").write_text("password", encoding="utf-8")
    (root / folder).mkdir(parents=True)
    target = root / folder / "file.txt"
    if kind == "link":
        target.symlink_to(tmp_path / "secret.txt")
    elif kind == "fifo":
        os.mkfifo(target)
    else:  # a character device like /dev/zero (tests run as root: mknod is allowed)
        os.mknod(target, stat.S_IFCHR | 0o600, os.makedev(1, 5))
    result = run_process("--root", root, "--no-search")  # a FIFO read would hang: run_process times out
    assert result.code == 1 and "Traceback" not in result.err
    assert f"{folder}/file.txt:1:" in result.err and "refused" in result.err
    assert not (root / "build").exists()


def test_a_fifo_in_content_is_refused(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", {"content/a.md": article("A", "2020-01-01")})
    os.mkfifo(root / "content/b.md")
    result = run_process("--root", root, "--no-search")
    assert result.code == 1 and "content/b.md:1: not a regular file" in result.err


# 5. The live tree is trusted only while it is the very folder the last build wrote.


@pytest.mark.parametrize("damage", ["emptied", "removed-and-made-again", "file-removed", "file-added"])
def test_a_changed_output_folder_is_never_taken_for_the_last_build(tmp_path: Path, damage: str) -> None:
    root = make_site(tmp_path, {f"content/a{i}.md": article(f"A {i}", f"2020-01-0{i + 1}") for i in range(3)})
    assert run_process("--root", root, "--no-search").code == 0
    clean = tree_bytes(root / "build")
    build = root / "build"
    if damage == "emptied":
        for item in list(build.iterdir()):
            shutil.rmtree(item) if item.is_dir() else item.unlink()
    elif damage == "removed-and-made-again":
        shutil.rmtree(build)
        build.mkdir()
    elif damage == "file-removed":
        (build / "robots.txt").unlink()
    else:
        (build / "stray.html").write_text("not ours", encoding="utf-8")
    result = run_process("--root", root, "--no-search")
    assert result.code == 0 and "Nothing changed" not in result.out, result.out
    assert tree_bytes(build) == clean


# 6. Builds into one folder never interleave: the lock covers reading, planning, publishing and saving.


def test_a_build_waiting_for_another_builds_what_the_content_is_once_it_may_start(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/a.md": article("Old title", "2020-01-01")})
    handle = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(handle, fcntl.LOCK_EX)  # another build holds the output's lock
    waiting = subprocess.Popen(
        [sys.executable, "-m", "cseas_site", "--root", str(root), "--no-search"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    said: list[str] = []
    threading.Thread(target=lambda: said.extend(waiting.stderr or []), daemon=True).start()
    wait_for(lambda: any("waiting for another cseas-build" in line for line in said), timeout=60)
    (root / "content/a.md").write_text(article("New title", "2020-01-01"), encoding="utf-8")
    (root / "content/b.md").write_text(article("Added", "2020-01-02"), encoding="utf-8")
    fcntl.flock(handle, fcntl.LOCK_UN)
    os.close(handle)
    assert waiting.wait(timeout=120) == 0
    reference = tmp_path / "reference"
    assert run_process("--root", root, "--no-search", "--no-cache", "--output", reference).code == 0
    assert tree_bytes(root / "build") == tree_bytes(reference)  # it read the content after it got the lock
    again = run_process("--root", root, "--no-search")
    assert again.code == 0 and "Nothing changed" in again.out


# 7. Aliases are plain paths: nothing in one can become a _redirects wildcard, placeholder or field.


@pytest.mark.parametrize(
    "alias", ["/*", "/news/*", "/:year/:slug/", "/a\tb/", "/a%0Ab/", "/a%0D%0A/x 200/", "http://evil.example/",
              "//evil.example/x", "/.cseas-build", "/a/../../x", "/x?y=1", "/feed.xml", "/_redirects", "/tags/",
              "/" + "x" * 300 + "/"],
)  # fmt: skip
def test_an_alias_that_is_not_a_plain_path_is_refused_with_its_line(tmp_path: Path, alias: str) -> None:
    root = make_site(
        tmp_path, {"content/a.md": f"---\ntitle: A\ndate: 2020-01-01\naliases: [{json.dumps(alias)}]\n---\nx\n"}
    )
    result = run_process("--root", root, "--no-search")
    assert result.code == 1 and "Traceback" not in result.err
    assert "content/a.md:4: aliases:" in result.err, result.err
    assert not (root / "build").exists()


def test_aliases_with_spaces_and_other_characters_are_encoded_in_redirects(tmp_path: Path) -> None:
    aliases = ["/old page/", "/berita/%e2%80%93-x/", "/a b 200/", "/100%25/"]
    root = make_site(tmp_path, {"content/a.md": article("A", "2020-01-01", aliases=json.dumps(aliases))})
    result = run_process("--root", root, "--no-search")
    assert result.code == 0, result.err
    lines = (root / "build/_redirects").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and all(len(line.split()) == 3 and line.endswith(" 301") for line in lines)
    assert "/old%20page/ /a/ 301" in lines and "/berita/%E2%80%93-x/ /a/ 301" in lines
    assert all("*" not in line and "/:" not in line for line in lines)
    assert (root / "build/old page/index.html").is_file() and (root / "build/berita/–-x/index.html").is_file()


# 9. serve keeps watching after any failure, and starts on a broken site.


def test_serve_starts_on_a_broken_site_yaml_and_recovers_when_it_is_fixed(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")}, "title: [broken\n")
    server = Server(root)
    try:
        status, _, body = server.get("/")
        assert status == 500 and b"site.yaml" in body
        (root / "content/site.yaml").write_text("title: Fixed\n", encoding="utf-8")
        wait_for(lambda: server.get("/")[0] == 200, timeout=20)
        os.mkfifo(root / "content/b.md")  # a loader failure: shown, and the watcher carries on
        wait_for(lambda: b"not a regular file" in server.get("/")[2], timeout=20)
        (root / "content/b.md").unlink()
        (root / "content/c.md").write_text(article("Third", "2020-01-03"), encoding="utf-8")
        wait_for(lambda: b"Third" in server.get("/")[2], timeout=20)
    finally:
        assert server.stop() == 0


# Medium: the search index does not depend on the file system's directory order.


def test_the_search_index_is_the_same_on_tmpfs_and_disk_and_after_an_incremental_build(tmp_path: Path) -> None:
    shm = Path("/dev/shm")
    assert shm.is_dir(), "a Linux machine has /dev/shm (tmpfs): it lists files in another order than a disk"
    in_memory = Path(tempfile.mkdtemp(dir=shm, prefix="cseas-"))
    try:
        for root in (in_memory, tmp_path):
            copy_demo(root)
            assert run_process("--root", root).code == 0
        assert tree_bytes(in_memory / "build/pagefind") == tree_bytes(tmp_path / "build/pagefind")
        edited = in_memory / "content/2014/timor-leste-membership.md"
        edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
        assert run_process("--root", in_memory).code == 0
        assert run_process("--root", in_memory, "--no-cache", "--output", in_memory / "clean").code == 0
        assert tree_bytes(in_memory / "build") == tree_bytes(in_memory / "clean")
    finally:
        shutil.rmtree(in_memory, ignore_errors=True)
