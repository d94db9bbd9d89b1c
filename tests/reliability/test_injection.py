"""Promise 3: hostile titles, tags, sources, authors and summaries come out inert in every output."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from helpers import make_site, run_process

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "</script><b>x</b>", "]]><evil/>"]
HOSTILE = " ".join(PAYLOADS)


class Scan(HTMLParser):
    """Collects anything in a page that could run script."""

    def __init__(self) -> None:
        super().__init__()
        self.active: list[str] = []
        self.jsonld: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self._in = a.get("type")
            if a.get("type") in ("application/ld+json", "application/json"):  # data blocks: never run
                self.jsonld.append("")
            elif not (a.get("src") or "").startswith("/theme/"):
                self.active.append(f"<script {a}>")  # only the theme's own scripts and JSON-LD data may be there
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.active.append(f"<{tag} {name}={value}>")
        if tag == "evil" or (tag == "img" and a.get("src") == "x"):
            self.active.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in in ("application/ld+json", "application/json"):
            self.jsonld[-1] += data


def scan(page: Path) -> Scan:
    parser = Scan()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    value = json.dumps(HOSTILE)
    front = (
        f"title: {value}\ndate: 2020-01-01\ntags: [{value}, Safe]\nsource: [{value}]\n"
        f"author: [{value}]\ncategory: [{value}]\nsummary: {value}\n"
    )
    make_site(
        root,
        {
            "content/a.md": f"---\n{front}---\nPlain body.\n",
            "content/b.md": "---\ntitle: B\ndate: 2020-01-02\n---\nx\n",
        },
    )
    result = run_process("--root", root)
    assert result.code == 0, result.err
    return root / "build"


def test_html_pages_carry_no_active_content(hostile_build: Path) -> None:
    pages = list(hostile_build.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        found = scan(page)
        assert found.active == [], (page, found.active)
        for block in found.jsonld:
            json.loads(block)  # still valid JSON: nothing broke out of the block


def test_the_hostile_text_is_shown_as_text(hostile_build: Path) -> None:
    [page] = [p for p in hostile_build.glob("*/index.html") if "script" in p.parent.name]
    html = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    found = scan(page)
    headline = json.loads(found.jsonld[0])["headline"]
    assert headline == HOSTILE


def test_feeds_sitemap_and_json_feed_stay_well_formed(hostile_build: Path) -> None:
    for feed in [*hostile_build.rglob("feed.xml"), *hostile_build.rglob("rss.xml")]:
        parsed = feedparser.parse(feed.read_bytes())
        assert parsed.bozo == 0, feed
        root = etree.parse(str(feed)).getroot()
        assert not list(root.iter("evil")) and not list(root.iter("{*}evil")), feed
    parsed = feedparser.parse((hostile_build / "feed.xml").read_bytes())
    entry = next(e for e in parsed.entries if "script" in e.title)
    assert entry.title == HOSTILE and entry.author == HOSTILE
    assert entry.summary == HOSTILE
    etree.parse(str(hostile_build / "sitemap.xml"))
    items = json.loads((hostile_build / "feed.json").read_text(encoding="utf-8"))["items"]
    assert any(item["title"] == HOSTILE for item in items)


RAW = '---\ntitle: Raw\ndate: 2020-01-01\n{extra}---\nText <script>alert(1)</script> <a href="javascript:alert(2)" onclick="x()">link</a> <b>bold</b>\n'


@pytest.mark.parametrize(
    ("site_yaml", "extra", "kept"),
    [
        ("title: T\n", "", True),  # editors' Markdown: raw HTML allowed by default
        ("title: T\nallow_raw_html: false\n", "", False),
        ("title: T\n", "imported_from: wordpress\n", False),  # imported content is always cleaned
    ],
)
def test_raw_html_in_bodies(tmp_path: Path, site_yaml: str, extra: str, kept: bool) -> None:
    make_site(tmp_path, {"content/raw.md": RAW.format(extra=extra)}, site_yaml)
    assert run_process("--root", tmp_path).code == 0
    html = (tmp_path / "build/raw/index.html").read_text(encoding="utf-8")
    assert ("<script>alert(1)</script>" in html) is kept
    assert ('onclick="x()"' in html) is kept
    assert "<b>bold</b>" in html
    if not kept:
        assert scan(tmp_path / "build/raw/index.html").active == []
