"""Feeds, sitemap, page metadata and redirects, checked by real clients: feedparser, lxml, a JSON parser."""

from __future__ import annotations

import json
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import jsonschema
import pytest
from lxml import etree

from helpers import article, make_site, run_process

SCHEMAS = Path(__file__).parent / "schemas"
BASE = "https://cseas.example.org"
ATOM = etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))
SITEMAP = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap-with-xhtml.xsd")))  # sitemaps.org + xhtml:link
SITEINDEX = etree.XMLSchema(etree.parse(str(SCHEMAS / "siteindex.xsd")))
# Google's Article structured data: every property it lists as recommended (none is required).
GOOGLE_ARTICLE = ("author", "dateModified", "datePublished", "headline", "image")


@pytest.fixture
def demo(demo_build: Path) -> Path:
    """The demo site's build (the session's: see conftest.py)."""
    return demo_build


def published_articles() -> int:
    return 20


def test_every_feed_parses_cleanly_with_feedparser(demo: Path) -> None:
    feeds = sorted(demo.rglob("feed.xml")) + sorted(demo.rglob("rss.xml"))
    assert len(feeds) > 40  # site + every tag, category, source and author, twice
    for file in feeds:
        parsed = feedparser.parse(file.read_bytes())
        assert parsed.bozo == 0, (file, parsed.get("bozo_exception"))
        assert parsed.entries, file
        for entry in parsed.entries:
            assert entry.title and entry.link.startswith(BASE + "/")


def test_site_atom_feed_entries_match_the_articles(demo: Path) -> None:
    parsed = feedparser.parse((demo / "feed.xml").read_bytes())
    assert parsed.version == "atom10"
    assert parsed.feed.title == "CSEAS Indonesia"
    assert len(parsed.entries) == published_articles()  # feed_size 20 > 17 articles
    first = parsed.entries[0]
    assert first.title == "Roundtable on a Just Energy Transition in Southeast Asia"
    assert first.link == f"{BASE}/roundtable-on-a-just-energy-transition-in-southeast-asia/"
    assert first.id == first.link
    assert first.published == "2024-03-07T14:00:00+07:00"  # the raw string keeps the site's offset
    assert parsed.feed.updated == "2024-03-07T14:00:00+07:00"
    assert first.author == "Ahmad Fauzi"
    assert {t.term for t in first.tags} >= {"Climate", "Energy", "Environment"}
    assert "<p>Coal still provides" in first.content[0].value
    assert first.summary.startswith("Coal still provides")
    workshop = next(e for e in parsed.entries if e.title.startswith("Prospects of ASEAN-Japan"))
    assert workshop.published == "2016-02-17T00:00:00+07:00"
    indonesian = next(e for e in parsed.entries if e.title.startswith("Diskusi Publik"))
    assert indonesian.content[0].language == "id"


def test_updated_article_feed_dates(demo: Path) -> None:
    parsed = feedparser.parse((demo / "feed.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.title.startswith("What the ASEAN Economic Community"))
    assert (entry.published, entry.updated) == ("2015-12-31T09:00:00+07:00", "2016-01-05T14:30:00+07:00")


def test_rss_feed(demo: Path) -> None:
    parsed = feedparser.parse((demo / "rss.xml").read_bytes())
    assert parsed.version == "rss20" and parsed.bozo == 0
    assert len(parsed.entries) == published_articles()
    first = parsed.entries[0]
    assert first.published == "Thu, 07 Mar 2024 14:00:00 +0700"
    assert first.id == first.link
    assert "<p>Coal still provides" in first.content[0].value
    assert parsed.feed.language == "en"


def test_term_feeds_hold_only_their_articles(demo: Path) -> None:
    parsed = feedparser.parse((demo / "sources/vietnam-news-agency/feed.xml").read_bytes())
    assert [e.title for e in parsed.entries] == ["Prospects of ASEAN-Japan Cooperation Under Spotlight"]
    assert parsed.feed.title == "CSEAS Indonesia: Source: Vietnam News Agency"
    tag = feedparser.parse((demo / "tags/asean/rss.xml").read_bytes())
    assert 5 < len(tag.entries) <= 20


def test_json_feed(demo: Path) -> None:
    feed = json.loads((demo / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{BASE}/feed.json"
    assert len(feed["items"]) == published_articles()
    item = feed["items"][0]
    assert {"id", "url", "title", "content_html", "summary", "date_published", "authors", "tags"} <= set(item)
    assert item["date_published"] == "2024-03-07T14:00:00+07:00"
    # feedparser 6.0 reads no JSON Feed: validate against the 1.1 spec as a JSON Schema instead.
    schema = json.loads((SCHEMAS / "jsonfeed-1.1.json").read_text(encoding="utf-8"))
    checker = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert list(checker.iter_errors(feed)) == []
    assert list(
        checker.iter_errors({"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": [{"id": "1"}]})
    )


def test_atom_feeds_validate_against_rfc_4287_schema(demo: Path) -> None:
    files = sorted(demo.rglob("feed.xml"))
    for file in files:
        assert ATOM.validate(etree.parse(str(file))), (file, ATOM.error_log)
    broken = etree.fromstring(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>')
    assert not ATOM.validate(broken)  # the schema really checks: no id, no updated


def test_feed_size_limits_entries(tmp_path: Path) -> None:
    files = {f"content/a{i}.md": article(f"Article {i}", f"2020-01-{i + 1:02d}") for i in range(5)}
    make_site(tmp_path, files, "title: T\nbase_url: https://example.org/\nfeed_size: 3\n")
    assert run_process("--root", tmp_path).code == 0
    parsed = feedparser.parse((tmp_path / "build/feed.xml").read_bytes())
    assert [e.title for e in parsed.entries] == ["Article 4", "Article 3", "Article 2"]


def test_feed_content_summary_keeps_entries_short_and_valid(tmp_path: Path) -> None:
    body = "First paragraph, the summary.\n\nSecond paragraph with [a link](/other/) only in full feeds."
    files = {"content/a.md": article("Article", "2020-01-01", tags="[Japan]", body=body)}
    make_site(tmp_path, files, "title: T\nbase_url: https://example.org/\nfeed_content: summary\n")
    assert run_process("--root", tmp_path).code == 0
    build = tmp_path / "build"
    for feed in ("feed.xml", "rss.xml", "tags/japan/feed.xml", "tags/japan/rss.xml"):
        data = (build / feed).read_bytes()
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0 and len(parsed.entries) == 1, feed
        assert parsed.entries[0].summary == "First paragraph, the summary."
        assert "content" not in parsed.entries[0] and b"Second paragraph" not in data, feed
    assert ATOM.validate(etree.parse(str(build / "feed.xml"))), ATOM.error_log
    [item] = json.loads((build / "feed.json").read_text(encoding="utf-8"))["items"]
    assert item["content_text"] == item["summary"] and "content_html" not in item
    # back to full content: the same feeds as a clean build's, with the whole article
    (tmp_path / "content/site.yaml").write_text("title: T\nbase_url: https://example.org/\n", encoding="utf-8")
    assert run_process("--root", tmp_path).code == 0
    full = feedparser.parse((build / "tags/japan/rss.xml").read_bytes())
    assert 'href="https://example.org/other/"' in full.entries[0].content[0].value
    assert (
        "Second paragraph" in json.loads((build / "feed.json").read_text(encoding="utf-8"))["items"][0]["content_html"]
    )


def test_bad_feed_content_is_reported_at_its_line(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")}, "title: T\nfeed_content: excerpt\n")
    result = run_process("--root", tmp_path)
    assert result.code == 1 and "site.yaml:2: " in result.err and "full or summary" in result.err


def test_sitemap_lists_every_page_and_validates(demo: Path) -> None:
    tree = etree.parse(str(demo / "sitemap.xml"))
    assert SITEMAP.validate(tree), SITEMAP.error_log
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = tree.xpath("//s:loc/text()", namespaces=ns)
    pages = [p for p in demo.rglob("index.html") if "2022/11/g20-bali" not in p.as_posix()]
    assert len(locs) == len(set(locs)) == len(pages)
    workshop = f"{BASE}/prospects-of-asean-japan-cooperation-under-spotlight/"
    lastmod = tree.xpath(f"//s:url[s:loc='{workshop}']/s:lastmod/text()", namespaces=ns)
    assert lastmod == ["2016-02-17T00:00:00+07:00"]
    assert f"Sitemap: {BASE}/sitemap.xml" in (demo / "robots.txt").read_text(encoding="utf-8")


def test_sitemap_splits_into_an_index_beyond_the_limit() -> None:
    from cseas_site.archive.urls import Urls
    from cseas_site.config import Config
    from cseas_site.output.sitemap import Entry, sitemap_files

    urls = Urls(Config(base_url="https://example.org/"))
    entries = [Entry(f"https://example.org/a{i}/", None) for i in range(7)]
    files = {f.path: f.data for f in sitemap_files(entries, urls, limit=3)}
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = etree.fromstring(files["sitemap.xml"])
    assert SITEINDEX.validate(index), SITEINDEX.error_log
    assert next(loc.text for loc in index.iter("{*}loc")) == "https://example.org/sitemap-1.xml"
    for name in ("sitemap-1.xml", "sitemap-3.xml"):
        assert SITEMAP.validate(etree.fromstring(files[name]))
    assert len(etree.fromstring(files["sitemap-3.xml"])) == 1


def test_sitemap_urls_are_escaped_and_each_date_keeps_its_own_offset() -> None:
    """The URLs are escaped together and the dates written once each: neither may mix up two entries (equal
    instants in different offsets are two different lastmods; a URL with a line break cannot shift the rest)."""
    from datetime import datetime, timedelta, timezone

    from cseas_site.archive.urls import Urls
    from cseas_site.config import Config
    from cseas_site.output.sitemap import Entry, sitemap_files

    jakarta = datetime(2016, 2, 17, 7, tzinfo=timezone(timedelta(hours=7)))
    utc = datetime(2016, 2, 17, 0, tzinfo=timezone(timedelta(0)))  # the same instant
    assert jakarta == utc
    for odd in ("https://example.org/c/", "https://example.org/c\nd/"):
        entries = [Entry("https://example.org/a?x=1&y=<2>/", jakarta), Entry("https://example.org/b/", utc),
                   Entry(odd, jakarta), Entry("https://example.org/e/", None)]  # fmt: skip
        [sitemap] = sitemap_files(entries, Urls(Config(base_url="https://example.org/")))
        tree = etree.fromstring(sitemap.data)
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        rows = [(u.findtext("s:loc", namespaces=ns), u.findtext("s:lastmod", namespaces=ns)) for u in tree]
        assert rows == [
            ("https://example.org/a?x=1&y=<2>/", "2016-02-17T07:00:00+07:00"),
            ("https://example.org/b/", "2016-02-17T00:00:00+00:00"),
            (odd, "2016-02-17T07:00:00+07:00"),
            ("https://example.org/e/", None),
        ]
        assert b"&amp;y=&lt;2&gt;" in sitemap.data


@pytest.mark.parametrize("read", [True, False])  # articles as the loader makes them (placed digested) or not
@pytest.mark.parametrize("limit", [3, 8, 50_000])
def test_sitemap_tasks_name_the_files_the_sitemap_makes_and_a_body_edit_keeps_their_key(limit: int, read: bool) -> None:
    from dataclasses import replace
    from datetime import datetime, timedelta, timezone

    from cseas_site.archive.collate import article_lists, collate
    from cseas_site.archive.urls import Urls
    from cseas_site.config import Config
    from cseas_site.load.parsed import placed_digest
    from cseas_site.models import Archive, Article, Correction, Task, pack
    from cseas_site.output.keys import TaskKeys
    from cseas_site.output.sitemap import entries, sitemap_files, sitemap_tasks

    def tasks_of(archive: Archive) -> list[Task]:
        return sitemap_tasks(archive, article_lists(archive), urls, 2, TaskKeys("render"), limit)

    urls = Urls(Config(base_url="https://example.org/"))
    start = datetime(2016, 2, 17, 9, tzinfo=timezone(timedelta(hours=7)))
    articles = [
        Article(path=f"content/a{i}.md", title=f"A {i}", slug=f"a{i}", date=start + timedelta(days=i),
                body=pack(f"<p>{i}</p>"), summary="", lang="en", tags=(f"T{i % 3}",), digest=str(i))
        for i in range(9)
    ]  # fmt: skip

    def as_read(article: Article) -> Article:
        return replace(article, placed=placed_digest(article) if read else "")

    articles = list(map(as_read, articles))
    archive = collate(articles, urls)
    tasks = tasks_of(archive)
    made = {f.path: f.data for f in sitemap_files(list(entries(archive, article_lists(archive), urls, 2)), urls, limit)}
    assert [t.path for t in tasks] == list(made)  # sitemap.xml comes last: the index of the others
    assert {t.path: t.make().data for t in tasks} == made
    edited = collate([replace(articles[0], body=pack("<p>new</p>"), digest="x"), *articles[1:]], urls)
    assert [t.key for t in tasks_of(edited)] == [t.key for t in tasks]
    dated = collate([as_read(replace(articles[0], updated=start + timedelta(days=30))), *articles[1:]], urls)
    assert {t.key for t in tasks_of(dated)}.isdisjoint({t.key for t in tasks})
    tagged = collate([as_read(replace(articles[0], tags=("T9",))), *articles[1:]], urls)  # a list more
    assert {t.key for t in tasks_of(tagged)}.isdisjoint({t.key for t in tasks})
    corrected = replace(articles[0], corrections=(Correction(start + timedelta(days=40), "Fixed."),))
    assert {t.key for t in tasks_of(collate([as_read(corrected), *articles[1:]], urls))}.isdisjoint(
        {t.key for t in tasks}
    )  # its date of change moved


class Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str | None]] = []
        self.scripts: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(str(a.get("property") or a.get("name")), []).append(str(a.get("content")))
        elif tag == "link":
            self.links.append(a)
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.scripts[-1] += data


def head_of(page: Path) -> Head:
    parser = Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_article_page_metadata(demo: Path) -> None:
    head = head_of(demo / "diskusi-publik-tentang-masa-depan-komunitas-asean/index.html")
    assert head.meta["og:type"] == ["article"]
    assert head.meta["og:locale"] == ["id_ID"]
    assert head.meta["article:published_time"] == ["2017-09-21T13:00:00+07:00"]
    assert head.meta["article:modified_time"] == ["2017-09-21T13:00:00+07:00"]
    assert head.meta["article:tag"] == ["ASEAN", "Indonesia", "Regional Integration"]
    assert head.meta["twitter:card"] == ["summary_large_image"]
    assert head.meta["description"][0].startswith("Centre for Southeast Asian Studies mengadakan")
    # An article without an image of its own is shared with its card (tests/test_images.py checks the drawing)
    card = "_img/cards/diskusi-publik-tentang-masa-depan-komunitas-asean.png"
    assert head.meta["og:image"] == [f"{BASE}/{card}"] and (demo / card).is_file()
    assert head.meta["og:image:width"] == ["1200"] and head.meta["og:image:height"] == ["630"]
    assert (
        head.meta["og:image:alt"]
        == head.meta["twitter:image:alt"]
        == ["Diskusi Publik tentang Masa Depan Komunitas ASEAN"]
    )
    canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
    assert canonical == [f"{BASE}/diskusi-publik-tentang-masa-depan-komunitas-asean/"]
    feeds = {link["type"] for link in head.links if link.get("rel") == "alternate"}
    assert feeds == {"application/atom+xml", "application/rss+xml", "application/feed+json"}


def test_article_json_ld(demo: Path) -> None:
    head = head_of(demo / "prospects-of-asean-japan-cooperation-under-spotlight/index.html")
    news, crumbs = (json.loads(s) for s in head.scripts)
    assert news["@type"] == "NewsArticle"
    for prop in GOOGLE_ARTICLE:
        assert news[prop], prop
    assert news["headline"] == "Prospects of ASEAN-Japan Cooperation Under Spotlight"
    assert news["datePublished"] == "2016-02-17T00:00:00+07:00"
    assert news["publisher"]["name"] == "CSEAS Indonesia" and news["publisher"]["logo"]["url"].startswith(BASE)
    assert news["sourceOrganization"] == [{"@type": "NewsMediaOrganization", "name": "Vietnam News Agency"}]
    assert news["isBasedOn"][0]["publisher"]["name"] == "Vietnam News Agency"
    assert (
        news["mainEntityOfPage"]["@id"]
        == news["url"]
        == f"{BASE}/prospects-of-asean-japan-cooperation-under-spotlight/"
    )
    assert news["inLanguage"] == "en"
    assert crumbs["@type"] == "BreadcrumbList"
    assert [i["name"] for i in crumbs["itemListElement"]] == ["Home", "2016", news["headline"]]
    named = head_of(demo / "briefing-on-the-rcep-negotiations/index.html")
    author = json.loads(named.scripts[0])["author"][0]
    assert author == {"@type": "Person", "name": "Dewi Lestari", "url": f"{BASE}/authors/dewi-lestari/"}


def test_home_page_has_website_json_ld_and_term_pages_their_feeds(demo: Path) -> None:
    [website] = (json.loads(s) for s in head_of(demo / "index.html").scripts)
    assert website["@type"] == "WebSite" and website["url"] == f"{BASE}/"
    tag = head_of(demo / "tags/japan/index.html")
    hrefs = [link["href"] for link in tag.links if link.get("rel") == "alternate"]
    assert hrefs[:2] == ["/tags/japan/feed.xml", "/tags/japan/rss.xml"]


HOSTILE = '</script><script>alert(1)</script>"><img src=x onerror=alert(2)>]]>'


def test_hostile_title_cannot_break_out_of_json_ld_or_feeds(tmp_path: Path) -> None:
    meta = f"title: {json.dumps(HOSTILE)}\ndate: 2020-01-01\ntags: [{json.dumps(HOSTILE)}]\n"
    make_site(tmp_path, {"content/a.md": f"---\n{meta}summary: {json.dumps(HOSTILE)}\n---\nBody.\n"})
    assert run_process("--root", tmp_path).code == 0
    build = tmp_path / "build"
    [page] = [p for p in build.glob("*/index.html") if "script" in p.parent.name or "alert" in p.parent.name]
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    head = head_of(page)
    assert len(head.scripts) == 2
    assert json.loads(head.scripts[0])["headline"] == HOSTILE
    for feed in ("feed.xml", "rss.xml"):
        parsed = feedparser.parse((build / feed).read_bytes())
        title = parsed.entries[0].title  # RSS titles are HTML (readers decode them): the text is its unescaped form
        assert parsed.bozo == 0 and (title if feed == "feed.xml" else unescape(title)) == HOSTILE
    assert json.loads((build / "feed.json").read_text(encoding="utf-8"))["items"][0]["title"] == HOSTILE
    assert etree.parse(str(build / "sitemap.xml")) is not None


class Refresh(HTMLParser):
    target = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.target = str(a.get("content")).split("url=", 1)[1]


def test_redirect_pages_lead_to_the_article(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {"content/a.md": article("New home", "2020-01-01", aliases="[/2020/01/old-home/, old.html, /x/y]")},
        "title: T\nbase_url: https://example.org/sub/\n",
    )
    assert run_process("--root", tmp_path).code == 0
    build = tmp_path / "build"
    for old in ("2020/01/old-home/index.html", "old.html", "x/y/index.html"):
        parser = Refresh()
        parser.feed((build / old).read_text(encoding="utf-8"))
        assert parser.target == "/sub/new-home/"
        followed = build / parser.target.removeprefix("/sub/") / "index.html"
        assert ">New home</h1>" in followed.read_text(encoding="utf-8")
    rules = (build / "_redirects").read_text(encoding="utf-8").splitlines()
    assert rules == [
        "/sub/2020/01/old-home/ /sub/new-home/ 301",
        "/sub/old.html /sub/new-home/ 301",
        "/sub/x/y /sub/new-home/ 301",
    ]


def test_alias_taking_an_existing_page_is_an_error(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {"content/a.md": article("A", "2020-01-01"), "content/b.md": article("B", "2020-01-02", aliases="[/a/]")},
    )
    result = run_process("--root", tmp_path, cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err
    assert "content/b.md:4: aliases: /a/ is the URL of content/a.md; remove it" in result.err, result.err


def test_own_robots_txt_wins(tmp_path: Path) -> None:
    make_site(
        tmp_path, {"content/a.md": article("A", "2020-01-01"), "static/robots.txt": "User-agent: *\nDisallow: /\n"}
    )
    assert run_process("--root", tmp_path).code == 0
    assert "Disallow" in (tmp_path / "build/robots.txt").read_text(encoding="utf-8")
