"""A bilingual archive: catalogs, the interface in each page's language, per-language views and feeds,
translations linked both ways, term names per language, and output that does not depend on the machine's locale."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import babel.dates
import feedparser
import polib
import pytest

from helpers import REPO, article, copy_demo, make_site, run_process, tree_bytes

LOCALES = REPO / "src" / "cseas_site" / "locales"
BILINGUAL = "title: Test Site\ntimezone: Asia/Jakarta\nbase_url: https://example.org/\nlanguages: [en, id]\n"
ID_BODY = "Para peneliti membahas kerja sama di kawasan dan hasil yang dicapai oleh negara anggota."


# ---- catalogs ---------------------------------------------------------------------------------------------


def extracted(tmp_path: Path) -> set[str]:
    """Every message id of the templates and the code, as pybabel extract finds them today."""
    out = tmp_path / "extracted.pot"
    command = [
        str(Path(sys.executable).with_name("pybabel")),
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "N_",
        "-o",
        str(out),
        ".",
    ]
    subprocess.run(command, cwd=REPO, check=True, capture_output=True)
    return {entry.msgid for entry in polib.pofile(str(out)) if entry.msgid}


def test_every_extracted_string_is_in_the_template_and_translated_in_indonesian(tmp_path: Path) -> None:
    found = extracted(tmp_path)
    assert len(found) > 50
    template = {entry.msgid for entry in polib.pofile(str(LOCALES / "messages.pot"))}
    assert found == template, "run pybabel extract again (see docs/languages.md)"
    indonesian = polib.pofile(str(LOCALES / "id.po"))
    missing = [e.msgid for e in indonesian if not e.translated()] + sorted(found - {e.msgid for e in indonesian})
    assert missing == []
    assert indonesian.find("Latest news").msgstr == "Berita terbaru"


def test_a_string_missing_from_a_language_fails_the_build_with_its_place(tmp_path: Path) -> None:
    catalog = polib.pofile(str(LOCALES / "id.po"))
    for entry in catalog:
        if entry.msgid in ("Search", "Archive"):
            entry.msgstr = ""
    vi = tmp_path / "site/content/locales/vi.po"
    vi.parent.mkdir(parents=True)
    make_site(
        tmp_path / "site", {"content/a.md": article("A", "2020-01-01")}, BILINGUAL.replace("[en, id]", "[en, id, vi]")
    )
    catalog.metadata["Language"] = "vi"
    catalog.save(str(vi))
    result = run_process("--root", tmp_path / "site")
    assert result.code == 1
    problems = [line for line in result.err.splitlines() if "translation of" in line]
    line = next(e.linenum for e in polib.pofile(str(vi)) if e.msgid == "Search")
    assert any(re.search(rf"content/locales/vi\.po:{line}: no vi translation of 'Search'", p) for p in problems), (
        result.err
    )
    assert any("no vi translation of 'Archive'" in p for p in problems)
    assert "Traceback" not in result.err and not (tmp_path / "site/build").exists()


def test_a_language_without_a_catalog_is_named_in_site_yaml(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")}, BILINGUAL.replace("[en, id]", "[en, id, th]"))
    result = run_process("--root", tmp_path)
    assert result.code == 1
    assert re.search(r"content/site\.yaml:4: languages: there is no catalog for 'th'", result.err), result.err


def test_a_site_catalog_overrides_a_string(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=utf-8", "Language": "id"}
    po.append(polib.POEntry(msgid="Latest news", msgstr="Kabar terkini"))
    make_site(tmp_path, {"content/a.md": article("Diskusi", "2020-01-01", lang="id", body=ID_BODY)}, BILINGUAL)
    (tmp_path / "content/locales").mkdir()
    po.save(str(tmp_path / "content/locales/id.po"))
    assert run_process("--root", tmp_path).code == 0
    page = (tmp_path / "build/id/index.html").read_text(encoding="utf-8")
    assert (
        '<h1 class="visually-hidden">Kabar terkini</h1>' in page and ">Beranda<" in page
    )  # the rest still comes from the package


# ---- the demo, page by page ---------------------------------------------------------------------------------


class Page(HTMLParser):
    """What the checks below read of a page: lang, time elements, hreflang links, canonical."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.stack: list[str] = []
        self.times: list[tuple[str, str, str]] = []  # datetime, text, language of the element
        self.alternates: dict[str, str] = {}
        self.canonical = ""
        self._time: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        if tag not in ("meta", "link", "br", "img", "input", "hr"):
            self.stack.append(a.get("lang") or (self.stack[-1] if self.stack else self.lang))
        if tag == "time":
            self._time = [a.get("datetime") or "", ""]
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"] or ""] = a.get("href") or ""
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "time" and self._time is not None:
            self.times.append((self._time[0], self._time[1], self.stack[-1]))
            self._time = None
        if tag not in ("meta", "link", "br", "img", "input", "hr") and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._time is not None:
            self._time[1] += data


def parse(file: Path) -> Page:
    page = Page()
    page.feed(file.read_text(encoding="utf-8"))
    return page


def test_every_time_is_written_as_babel_writes_it_in_its_language(demo_build: Path) -> None:
    checked = 0
    for file in demo_build.rglob("*.html"):
        for stamp, text, lang in parse(file).times:
            expected = babel.dates.format_date(datetime.fromisoformat(stamp).date(), "long", locale=lang)
            assert text == expected, (file, stamp, lang)
            checked += 1
    assert checked > 200
    assert '<time datetime="2017-09-21T13:00:00+07:00">21 September 2017</time>' in (
        demo_build / "diskusi-publik-tentang-masa-depan-komunitas-asean/index.html"
    ).read_text(encoding="utf-8")


def test_hreflang_links_go_both_ways_to_pages_whose_canonical_they_are(demo_build: Path) -> None:
    base = "https://cseas.example.org/"
    pages = {file: parse(file) for file in demo_build.rglob("index.html")}
    by_url = {base + file.parent.relative_to(demo_build).as_posix() + "/": page for file, page in pages.items()}
    linked = [page for page in pages.values() if page.alternates]
    assert len(linked) >= 4  # two translated pairs in the demo
    for page in linked:
        assert page.canonical in page.alternates.values()  # itself included
        assert "x-default" in page.alternates and page.alternates[page.lang] == page.canonical
        for code, href in page.alternates.items():
            assert href.startswith(base)  # absolute
            other = by_url[href]  # a built page, whose canonical is this very address
            assert other.canonical == href
            if code != "x-default":
                assert other.lang == code and other.alternates.get(page.lang) == page.canonical  # and back


def test_the_sitemap_names_every_version_in_each_versions_entry(demo_build: Path) -> None:
    sitemap = (demo_build / "sitemap.xml").read_text(encoding="utf-8")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    for slug in ("briefing-on-the-rcep-negotiations", "pengarahan-tentang-perundingan-rcep"):
        entry = re.search(rf"<url><loc>https://cseas.example.org/{slug}/</loc>.*?</url>", sitemap)
        assert entry is not None
        links = re.findall(r'hreflang="([^"]+)" href="([^"]+)"', entry.group(0))
        assert dict(links) == {
            "en": "https://cseas.example.org/briefing-on-the-rcep-negotiations/",
            "id": "https://cseas.example.org/pengarahan-tentang-perundingan-rcep/",
            "x-default": "https://cseas.example.org/briefing-on-the-rcep-negotiations/",
        }


@pytest.mark.parametrize("code", ["en", "id"])
def test_each_language_has_feeds_with_only_its_articles(demo_build: Path, code: str) -> None:
    links = []
    for name in ("feed.xml", "rss.xml"):
        feed = feedparser.parse((demo_build / code / name).read_bytes())
        assert feed.bozo == 0, feed.get("bozo_exception")
        assert feed.entries
        if name == "rss.xml":
            assert feed.feed.language == code
        links += [entry.link for entry in feed.entries]
    json_feed = json.loads((demo_build / code / "feed.json").read_text(encoding="utf-8"))
    assert json_feed["language"] == code and {item["language"] for item in json_feed["items"]} == {code}
    links += [item["url"] for item in json_feed["items"]]
    for link in links:
        page = parse(demo_build / link.removeprefix("https://cseas.example.org/") / "index.html")
        assert page.lang == code, link
    mixed = feedparser.parse((demo_build / "feed.xml").read_bytes())
    assert {e.title_detail.language for e in mixed.entries} >= {"en", "id"}


def test_language_views_list_one_language_and_term_pages_exist_only_where_it_has_articles(demo_build: Path) -> None:
    home = (demo_build / "id/index.html").read_text(encoding="utf-8")
    assert '<html lang="id">' in home and '<h1 class="visually-hidden">Berita terbaru</h1>' in home
    assert re.findall(r'<article class="teaser" lang="([^"]+)"', home) and set(
        re.findall(r'<article class="teaser" lang="([^"]+)"', home)
    ) == {"id"}
    assert (demo_build / "id/tags/rcep/index.html").is_file()  # the Indonesian RCEP briefing
    assert not (demo_build / "id/tags/myanmar/index.html").exists()  # only English articles carry it
    assert (demo_build / "en/tags/myanmar/index.html").is_file()


def test_a_term_named_in_two_languages_is_one_page_shown_in_each(demo_build: Path) -> None:
    assert not (demo_build / "categories/ekonomi").exists()
    economy = (demo_build / "categories/economy/index.html").read_text(encoding="utf-8")
    assert "Pengarahan tentang Perundingan RCEP" in economy and "Briefing on the RCEP Negotiations" in economy
    indonesian = (demo_build / "id/categories/economy/index.html").read_text(encoding="utf-8")
    assert "<h1>Kategori: Ekonomi</h1>" in indonesian
    article_page = (demo_build / "pengarahan-tentang-perundingan-rcep/index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-filter="category">Ekonomi</a>' in article_page


def test_the_switcher_on_a_translated_article_goes_to_its_translation(demo_build: Path) -> None:
    page = (demo_build / "briefing-on-the-rcep-negotiations/index.html").read_text(encoding="utf-8")
    switcher = re.search(r'<nav class="languages".*?</nav>', page, re.S)
    assert switcher is not None
    assert '<a href="/pengarahan-tentang-perundingan-rcep/" lang="id" hreflang="id">' in switcher.group(0)
    alone = (demo_build / "diskusi-publik-tentang-masa-depan-komunitas-asean/index.html").read_text(encoding="utf-8")
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in alone  # no translation: the English view


# ---- mistakes and determinism ---------------------------------------------------------------------------------


def test_two_versions_in_one_language_are_an_error_in_both_files(tmp_path: Path) -> None:
    make_site(tmp_path, {
        "content/a.md": article("A", "2020-01-01", lang="en", translation_key="talks"),
        "content/b.md": article("B", "2020-01-02", lang="en", translation_key="talks"),
    }, BILINGUAL)  # fmt: skip
    result = run_process("--root", tmp_path)
    assert result.code == 1
    assert re.search(r"content/a\.md:5: translation_key: 'talks' is also the key of \S*content/b\.md", result.err)
    assert re.search(r"content/b\.md:5: translation_key: 'talks' is also the key of \S*content/a\.md", result.err)


def test_builds_under_any_locale_are_byte_identical(tmp_path: Path) -> None:
    trees = []
    for name, env in (("c", {"LANG": "C", "LC_ALL": "C"}), ("id", {"LANG": "id_ID.UTF-8", "LC_ALL": "id_ID.UTF-8"})):
        root = tmp_path / name
        copy_demo(root)
        result = run_process("--root", root, "--no-cache", env={**env, "TZ": "America/Adak"})
        assert result.code == 0, result.err
        trees.append(tree_bytes(root / "build"))
    assert trees[0] == trees[1]


def test_incremental_builds_equal_clean_ones_as_translations_come_and_go(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "content/a.md": article("Talks", "2020-01-01", lang="en", translation_key="talks"),
        "content/b.md": article("Perundingan", "2020-01-02", lang="id", body=ID_BODY),
        "content/c.md": article("Other", "2020-01-03", lang="en"),
    }, BILINGUAL)  # fmt: skip
    steps = [
        ("content/b.md", article("Perundingan", "2020-01-02", lang="id", translation_key="talks", body=ID_BODY)),
        ("content/b.md", article("Perundingan", "2020-01-02", lang="id", translation_key="other", body=ID_BODY)),
        ("content/c.md", article("Other", "2020-01-03", lang="en", translation_key="other")),
        ("content/b.md", None),
    ]
    assert run_process("--root", site, "--no-search").code == 0
    for number, (name, text) in enumerate(steps):
        if text is None:
            (site / name).unlink()
        else:
            (site / name).write_text(text, encoding="utf-8")
        assert run_process("--root", site, "--no-search").code == 0
        clean = tmp_path / f"clean-{number}"
        assert run_process("--root", site, "--no-search", "--no-cache", "--output", clean).code == 0
        assert tree_bytes(site / "build") == tree_bytes(clean), f"step {number}"
    linked = defaultdict(list)
    for file in (site / "build").rglob("index.html"):
        for code in parse(file).alternates:
            linked[file.parent.name].append(code)
    assert linked == {}  # the last step removed the only other version of each


def test_the_one_404_page_speaks_the_sites_language_and_points_each_other_to_its_home(demo_build: Path) -> None:
    page = (demo_build / "404.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<h1>Page not found</h1>" in page
    assert '<p lang="id"><b>Halaman tidak ditemukan</b>: <a href="/id/" hreflang="id">Berita terbaru</a></p>' in page
