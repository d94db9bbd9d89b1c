"""End to end: build the demo site in content/ and check every page type and every link."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from helpers import copy_demo, run_process, tree_bytes

BASE = "https://cseas.example.org"


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def links_of(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def resolve(build: Path, link: str) -> Path:
    path = urlsplit(link).path
    target = build / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def test_the_build_says_what_it_built(demo_build: Path) -> None:
    said = (demo_build.parent / "build.log").read_text(encoding="utf-8")
    assert re.search(r"Built 20 articles and \d+ pages \(\d+ files\) in .* in \d+\.\d\d s\.", said), said


def test_every_page_type_exists(demo_build: Path) -> None:
    for page in [
        "index.html", "page/2/index.html", "404.html", "theme/style.css",
        "prospects-of-asean-japan-cooperation-under-spotlight/index.html",
        "tags/index.html", "tags/asean/index.html", "tags/asean/page/2/index.html",
        "categories/index.html", "categories/economy/index.html",
        "sources/index.html", "sources/vietnam-news-agency/index.html", "sources/antara/index.html",
        "archive/index.html", "archive/2016/index.html", "archive/2014/index.html",
    ]:  # fmt: skip
        assert (demo_build / page).is_file(), page


def test_every_internal_link_and_asset_resolves(demo_build: Path) -> None:
    checked = 0
    for page in demo_build.rglob("*.html"):
        for link in links_of(page):
            if link.startswith(BASE) or link.startswith("/"):
                assert resolve(demo_build, link.removeprefix(BASE)).is_file(), f"{page}: {link}"
                checked += 1
    assert checked > 500


def test_home_leads_with_the_newest_story_then_the_latest_and_pages_on(demo_build: Path) -> None:
    home = (demo_build / "index.html").read_text(encoding="utf-8")
    lead = re.search(r'<h2 id="lead-title" class="lead-headline"><a href="[^"]+">([^<]+)</a></h2>', home)
    assert lead and lead.group(1) == "Roundtable on a Just Energy Transition in Southeast Asia"
    latest = re.findall(r'<h3 class="headline"><a href="[^"]+">([^<]+)</a></h3>', home.split('class="sections"')[0])
    assert latest[:2] == ["ASEAN Matters: Indonesia Chairs ASEAN in 2023", "Presidensi G20 Indonesia dan Asia Tenggara"]
    assert len(latest) == 9 and 'href="/page/2/"' in home  # the rest of page 1 (per_page: 10), then "More news"
    page2 = (demo_build / "page/2/index.html").read_text(encoding="utf-8")
    titles = re.findall(r'<h2 class="headline"><a href="[^"]+">([^<]+)</a></h2>', page2)
    assert len(titles) == 10 and 'rel="prev" href="/"' in page2  # page 2 onward: a plain list
    assert "Roundtable Revisits the Code of Conduct" in page2


def test_article_page_has_metadata_links_and_neighbours(demo_build: Path) -> None:
    page = (demo_build / "prospects-of-asean-japan-cooperation-under-spotlight/index.html").read_text(encoding="utf-8")
    assert '<h1 data-pagefind-meta="title">Prospects of ASEAN-Japan Cooperation Under Spotlight</h1>' in page
    assert '<time datetime="2016-02-17T00:00:00+07:00">February 17, 2016</time>' in page
    assert 'href="/sources/vietnam-news-agency/"' in page
    assert 'href="/archive/2016/"' in page
    assert 'rel="prev" href="/what-the-asean-economic-community-means-for-small-firms/"' in page
    assert 'rel="next" href="/pengarahan-tentang-perundingan-rcep/"' in page
    assert page.count("<p>") >= 11 and "Leave a Comment" not in page and "email address" not in page
    assert f'<link rel="canonical" href="{BASE}/prospects-of-asean-japan-cooperation-under-spotlight/">' in page


def test_indonesian_article_has_indonesian_date_and_lang(demo_build: Path) -> None:
    page = (demo_build / "diskusi-publik-tentang-masa-depan-komunitas-asean/index.html").read_text(encoding="utf-8")
    assert '<html lang="id">' in page
    assert ">21 September 2017</time>" in page
    assert 'Oleh <a href="/id/authors/siti-rahmawati/" rel="author">Siti Rahmawati</a>' in page
    assert '<p class="credit">Sumber: <a href="/id/sources/kompas/"' in page


def test_tag_pages_link_articles_and_overview_counts(demo_build: Path) -> None:
    tags = (demo_build / "tags/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="/tags/asean/">ASEAN</a> <span class="count">\d+</span>', tags)
    japan = (demo_build / "tags/japan/index.html").read_text(encoding="utf-8")
    assert "Briefing on the RCEP Negotiations" in japan
    archive = (demo_build / "archive/index.html").read_text(encoding="utf-8")
    assert '<a href="/archive/2016/">2016</a> <span class="count">3 articles</span>' in archive
    assert 'href="/archive/2016/02/"' in archive and 'href="/archive/2016/08/"' in archive


def test_standalone_pages_are_built_but_not_listed(demo_build: Path) -> None:
    about = (demo_build / "about-cseas-indonesia/index.html").read_text(encoding="utf-8")
    assert "<h1>About CSEAS Indonesia</h1>" in about and "<strong>Centre for Southeast Asian Studies" in about
    home = (demo_build / "index.html").read_text(encoding="utf-8")
    assert 'href="/about-cseas-indonesia/">About CSEAS Indonesia</a>' in home  # footer link
    assert "About CSEAS" not in (demo_build / "feed.xml").read_text(encoding="utf-8")
    assert "about-cseas-indonesia" in (demo_build / "sitemap.xml").read_text(encoding="utf-8")
    assert "About CSEAS" not in (demo_build / "archive/2014/index.html").read_text(encoding="utf-8").split("<footer")[0]


def test_draft_is_left_out_but_built_with_drafts(demo_build: Path, tmp_path: Path) -> None:
    assert not (demo_build / "south-china-sea-update-work-in-progress").exists()
    copy_demo(tmp_path)
    result = run_process("build", "--root", tmp_path, "--drafts", "--quiet")
    assert result.code == 0 and result.out == ""
    assert (tmp_path / "build/south-china-sea-update-work-in-progress/index.html").is_file()


def test_two_builds_are_byte_identical_in_any_timezone(demo_build: Path, tmp_path: Path) -> None:
    copy_demo(tmp_path)
    result = run_process("build", "--root", tmp_path, env={"TZ": "Pacific/Kiritimati", "LC_ALL": "C"})
    assert result.code == 0, result.err
    assert tree_bytes(tmp_path / "build") == tree_bytes(demo_build)
