"""site.yaml options that change the output: permalinks, sub-path base_url, template overrides, static files."""

from __future__ import annotations

from pathlib import Path

from helpers import article, make_site, run_process


def test_date_permalinks_under_a_sub_path(tmp_path: Path) -> None:
    site_yaml = (
        "title: T\nbase_url: https://example.org/cseas/\npermalink: /{year}/{month}/{slug}/\ntimezone: Asia/Jakarta\n"
    )
    make_site(tmp_path, {"content/a.md": article("ASEAN Japan", "2016-02-17", tags="[Japan]")}, site_yaml)
    assert run_process("--root", tmp_path).code == 0
    page = tmp_path / "build/2016/02/asean-japan/index.html"
    assert page.is_file()
    html = page.read_text(encoding="utf-8")
    assert 'href="/cseas/tags/japan/"' in html and 'href="/cseas/theme/style.css"' in html
    assert '<link rel="canonical" href="https://example.org/cseas/2016/02/asean-japan/">' in html
    home = (tmp_path / "build/index.html").read_text(encoding="utf-8")
    assert 'href="/cseas/2016/02/asean-japan/"' in home


def test_a_date_without_zone_is_in_the_site_timezone(tmp_path: Path) -> None:
    # 23:30 in Jakarta on 31 December is already 2017 there, while UTC still says 2016.
    make_site(tmp_path, {"content/a.md": article("Late", "2016-12-31 23:30")}, "timezone: Asia/Jakarta\n")
    assert run_process("--root", tmp_path, env={"TZ": "UTC"}).code == 0
    assert (tmp_path / "build/archive/2016/index.html").is_file()
    make_site(tmp_path, {"content/a.md": article("Late", "2016-12-31T23:30:00+00:00")}, "timezone: Asia/Jakarta\n")
    assert run_process("--root", tmp_path, env={"TZ": "UTC"}).code == 0
    assert (tmp_path / "build/archive/2017/index.html").is_file()


def test_site_templates_override_file_by_file(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "content/a.md": article("A", "2020-01-01"),
            "templates/404.html": "{% extends 'base.html' %}{% block main %}<p>Custom missing page</p>{% endblock %}\n",
            "templates/static/extra.css": "body{}",
            "static/robots.txt": "User-agent: *\n",
            "static/images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        },
    )
    assert run_process("--root", tmp_path).code == 0
    build = tmp_path / "build"
    assert "Custom missing page" in (build / "404.html").read_text(encoding="utf-8")
    assert "Skip to content" in (build / "404.html").read_text(encoding="utf-8")  # base.html from the package
    assert (build / "theme/style.css").is_file() and (build / "theme/extra.css").is_file()
    assert (build / "robots.txt").is_file() and (build / "images/logo.svg").is_file()


def test_paginated_tag_pages(tmp_path: Path) -> None:
    files = {f"content/a{i}.md": article(f"Article {i}", f"2020-01-{i + 1:02d}", tags="[Japan]") for i in range(5)}
    make_site(tmp_path, files)  # per_page: 2 in the test site.yaml
    assert run_process("--root", tmp_path).code == 0
    build = tmp_path / "build"
    for page in (
        "tags/japan/index.html",
        "tags/japan/page/2/index.html",
        "tags/japan/page/3/index.html",
        "page/3/index.html",
    ):
        assert (build / page).is_file(), page
    assert not (build / "tags/japan/page/4").exists()
    middle = (build / "tags/japan/page/2/index.html").read_text(encoding="utf-8")
    assert 'rel="prev" href="/tags/japan/"' in middle and 'rel="next" href="/tags/japan/page/3/"' in middle
    assert '<a href="/tags/japan/page/2/" aria-current="page">2</a>' in middle


def test_empty_site_still_builds_a_home_page(tmp_path: Path) -> None:
    make_site(tmp_path, {})
    assert run_process("--root", tmp_path).code == 0
    assert "No articles yet." in (tmp_path / "build/index.html").read_text(encoding="utf-8")


def test_fixed_pages_lead_from_the_front_page_through_every_article_once(tmp_path: Path) -> None:
    """pagination: fixed: following "Older" from a list's front page shows every article once, newest first,
    down to page 1 (the oldest), and "Newer" leads back up to the front page; no page shows the list's count."""
    import re

    files = {f"content/a{i:02d}.md": article(f"Article {i}", f"2020-01-{i + 1:02d}", tags="[Japan]") for i in range(11)}
    make_site(tmp_path, files, "title: T\nbase_url: https://example.org/\nper_page: 2\npagination: fixed\n")
    assert run_process("--root", tmp_path).code == 0
    build = tmp_path / "build"
    for start, count_shown in (("tags/japan/", True), ("", False)):
        seen, url, visited = [], f"/{start}", []
        while url:
            html = (build / url.lstrip("/") / "index.html").read_text(encoding="utf-8")
            visited.append(url)
            seen += re.findall(r'href="/article-\d+/">Article (\d+)</a>', html)
            assert ("11 articles" in html) == (count_shown and url == f"/{start}"), url
            # "Older", or the home page's "More news"
            older = re.search(r'(?:rel="next" href|<p class="more"><a href)="([^"]+)"', html)
            url = older.group(1) if older else ""
        assert list(dict.fromkeys(seen)) == [str(i) for i in range(10, -1, -1)], start
        assert visited == [f"/{start}", *(f"/{start}page/{n}/" for n in (4, 3, 2, 1))]
        newer = [re.search(r'rel="prev" href="([^"]+)"', (build / v.lstrip("/") / "index.html").read_text("utf-8"))
                 for v in visited[1:]]  # fmt: skip
        assert [m.group(1) for m in newer if m] == visited[:-1]
