"""Readers' paths through the demo site in Debian's Chromium: browsing, search with facets, 404, layout."""

from __future__ import annotations

import re

import pytest

from e2e.conftest import Watched, screenshot

PAGE_TYPES = {
    "home": "/",
    "home-page-2": "/page/2/",
    "article": "/prospects-of-asean-japan-cooperation-under-spotlight/",
    "article-indonesian": "/diskusi-publik-tentang-masa-depan-komunitas-asean/",
    "article-image": "/asean-matters-indonesia-chairs-asean-in-2023/",
    "article-corrected": "/the-five-point-consensus-six-months-on/",
    "tags": "/tags/",
    "tag": "/tags/asean/",
    "category": "/categories/economy/",
    "source": "/sources/vietnam-news-agency/",
    "author": "/authors/dewi-lestari/",
    "archive": "/archive/",
    "year": "/archive/2016/",
    "month": "/archive/2016/08/",
    "sources-page": "/sources-and-republication/",
    "search": "/search/",
    "not-found": "/no-such-page/",
}


def heading(page: Watched) -> str:
    return str(page.page.locator("h1").first.inner_text())  # type: ignore[attr-defined]


def test_browse_home_page2_article_tag_year_source_and_back(page: Watched, base_url: str) -> None:
    p = page.page
    p.goto(base_url + "/")  # type: ignore[attr-defined]
    assert heading(page) == "Latest news"
    p.get_by_role("link", name="More news →").click()  # type: ignore[attr-defined]  # the front page's way on
    p.wait_for_url(re.compile(r"/page/2/$"))  # type: ignore[attr-defined]
    assert "page 2 of 2" in heading(page)
    p.get_by_role("link", name="Prospects of ASEAN-Japan Cooperation Under Spotlight").click()  # type: ignore[attr-defined]
    assert heading(page) == "Prospects of ASEAN-Japan Cooperation Under Spotlight"
    p.get_by_role("link", name="Next Pengarahan tentang Perundingan RCEP").click()  # type: ignore[attr-defined]
    assert heading(page) == "Pengarahan tentang Perundingan RCEP"
    p.locator("nav.languages a[hreflang=en]").click()  # type: ignore[attr-defined]  # its English version
    assert heading(page) == "Briefing on the RCEP Negotiations"
    p.get_by_role("link", name="Japan", exact=True).click()  # type: ignore[attr-defined]
    assert heading(page) == "Tag: Japan"
    p.get_by_role("link", name="Briefing on the RCEP Negotiations").click()  # type: ignore[attr-defined]
    p.locator(".byline .meta").get_by_role("link", name="August 4, 2016").click()  # type: ignore[attr-defined]
    assert heading(page) == "Published in August 2016"  # the date leads to its month
    p.get_by_role("link", name="All of 2016").click()  # type: ignore[attr-defined]
    assert heading(page) == "Published in 2016"
    p.get_by_role("link", name="Prospects of ASEAN-Japan Cooperation Under Spotlight").click()  # type: ignore[attr-defined]
    p.locator(".credit").get_by_role("link", name="Vietnam News Agency").click()  # type: ignore[attr-defined]
    assert heading(page) == "Source: Vietnam News Agency"
    for expected in ("Prospects of ASEAN-Japan Cooperation Under Spotlight", "Published in 2016"):
        p.go_back()  # type: ignore[attr-defined]
        assert heading(page) == expected
    assert page.problems == []


def run_search(page: Watched, base_url: str, query: str, where: str = "/search/") -> None:
    p = page.page
    p.goto(base_url + where)  # type: ignore[attr-defined]
    p.locator("#search-query").fill(query)  # type: ignore[attr-defined]
    p.locator("#search-form button[type=submit]").click()  # type: ignore[attr-defined]
    p.wait_for_function(f"document.getElementById('search-status').textContent.includes('“{query}”')")  # type: ignore[attr-defined]


def result_titles(page: Watched) -> list[str]:
    return list(page.page.locator("#search-results h2").all_inner_texts())  # type: ignore[attr-defined]


def test_search_japan_then_filter_by_source(page: Watched, base_url: str) -> None:
    run_search(page, base_url, "Japan")
    titles = result_titles(page)
    assert "Prospects of ASEAN-Japan Cooperation Under Spotlight" in titles
    assert "Briefing on the RCEP Negotiations" in titles  # another source mentions Japan too
    p = page.page
    p.get_by_label(re.compile(r"^Vietnam News Agency \(\d+\)$")).check()  # type: ignore[attr-defined]
    p.wait_for_function("document.getElementById('search-status').textContent.startsWith('1 article found')")  # type: ignore[attr-defined]
    assert result_titles(page) == ["Prospects of ASEAN-Japan Cooperation Under Spotlight"]
    assert "source=Vietnam+News+Agency" in p.url and "q=Japan" in p.url  # type: ignore[attr-defined]
    assert "japan" in p.locator("#search-results mark").first.inner_text().lower()  # type: ignore[attr-defined]
    screenshot(p, "search-results")
    p.reload()  # type: ignore[attr-defined]
    p.wait_for_function("document.getElementById('search-status').textContent.startsWith('1 article found')")  # type: ignore[attr-defined]
    assert result_titles(page) == [
        "Prospects of ASEAN-Japan Cooperation Under Spotlight"
    ]  # the address keeps the search
    assert page.problems == []


def test_search_finds_indonesian_articles_and_sorts_by_date(page: Watched, base_url: str) -> None:
    run_search(page, base_url, "mahasiswa", "/id/search/")
    assert result_titles(page) == ["Diskusi Publik tentang Masa Depan Komunitas ASEAN"]
    p = page.page
    p.goto(base_url + "/search/?q=ASEAN&sort=asc&lang=all")  # type: ignore[attr-defined]
    p.wait_for_function("document.getElementById('search-status').textContent.includes('found')")  # type: ignore[attr-defined]
    dates = p.locator("#search-results .meta").all_inner_texts()  # type: ignore[attr-defined]
    years = [int(re.search(r"\d{4}", d).group(0)) for d in dates]  # type: ignore[union-attr]
    assert years == sorted(years) and years[0] == 2014
    p.evaluate("document.getElementById('search-status').textContent = ''")  # type: ignore[attr-defined]
    p.get_by_label("Order").select_option("desc")  # type: ignore[attr-defined]
    p.wait_for_function("document.getElementById('search-status').textContent.includes('found')")  # type: ignore[attr-defined]
    years = [int(re.search(r"\d{4}", d).group(0)) for d in p.locator("#search-results .meta").all_inner_texts()]  # type: ignore[attr-defined,union-attr]
    assert years == sorted(years, reverse=True)
    everything = set(result_titles(page))
    p.evaluate("document.getElementById('search-status').textContent = ''")  # type: ignore[attr-defined]
    p.locator("#search-language").select_option("id")  # type: ignore[attr-defined]
    p.wait_for_function("document.getElementById('search-status').textContent.includes('found')")  # type: ignore[attr-defined]
    indonesian = set(result_titles(page))
    assert "Diskusi Publik tentang Masa Depan Komunitas ASEAN" in indonesian and indonesian < everything
    assert "Briefing on the RCEP Negotiations" not in indonesian and "lang=id" in p.url  # type: ignore[attr-defined]
    assert page.problems == []


def test_search_asked_for_while_the_index_loads_runs_once_it_is_ready(page: Watched, base_url: str) -> None:
    p = page.page
    loads: list[str] = []
    p.on("load", lambda: loads.append(p.url))  # type: ignore[attr-defined]

    def slowly(route: object) -> None:  # a slow connection: the shard list arrives after the reader has typed
        p.wait_for_timeout(1500)  # type: ignore[attr-defined]
        route.continue_()  # type: ignore[attr-defined]

    p.route("**/pagefind/shards.json", slowly)  # type: ignore[attr-defined]
    p.goto(base_url + "/search/", wait_until="commit")  # type: ignore[attr-defined]
    p.get_by_label("Words to look for").fill("Japan")  # type: ignore[attr-defined]
    p.get_by_label("Words to look for").press("Enter")  # type: ignore[attr-defined]
    p.wait_for_function("document.getElementById('search-status').textContent.includes('“Japan”')")  # type: ignore[attr-defined]
    assert p.get_by_label("Words to look for").input_value() == "Japan"  # type: ignore[attr-defined]
    titles = result_titles(page)
    assert "Prospects of ASEAN-Japan Cooperation Under Spotlight" in titles and len(titles) == len(set(titles))
    assert len(loads) == 1 and "q=Japan" in p.url  # type: ignore[attr-defined]
    assert page.problems == []


def test_search_without_match_says_so(page: Watched, base_url: str) -> None:
    run_search(page, base_url, "xylophonequartz")
    status = page.page.locator("#search-status").inner_text()  # type: ignore[attr-defined]
    assert status.startswith("No articles match “xylophonequartz”")
    assert result_titles(page) == []
    assert page.problems == []


def test_search_page_without_javascript_links_to_the_archive(browser: object, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    p = context.new_page()
    p.goto(base_url + "/search/")
    p.get_by_role("link", name="archive by year").click()
    assert p.locator("h1").inner_text() == "Archive"
    context.close()


def test_not_found_page(page: Watched, base_url: str) -> None:
    response = page.page.goto(base_url + "/404-check/nothing-here/")  # type: ignore[attr-defined]
    assert response.status == 404
    assert heading(page) == "Page not found"
    page.page.get_by_role("link", name="latest news").click()  # type: ignore[attr-defined]
    assert heading(page) == "Latest news"


def test_redirect_page_leads_to_the_article(page: Watched, base_url: str) -> None:
    page.page.goto(base_url + "/2022/11/g20-bali/")  # type: ignore[attr-defined]
    page.page.wait_for_url(re.compile(r"/indonesias-g20-presidency-and-southeast-asia/$"))  # type: ignore[attr-defined]
    assert heading(page) == "Indonesia's G20 Presidency and Southeast Asia"


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_page_type_loads_cleanly_and_fits_360px(page: Watched, base_url: str, name: str) -> None:
    p = page.page
    p.goto(base_url + PAGE_TYPES[name])  # type: ignore[attr-defined]
    if name == "search":
        p.wait_for_function("document.getElementById('search-status').textContent.length > 0")  # type: ignore[attr-defined]
    screenshot(p, name)
    p.set_viewport_size({"width": 360, "height": 740})  # type: ignore[attr-defined]
    overflow = p.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")  # type: ignore[attr-defined]
    assert overflow <= 0, f"{name}: {overflow}px of horizontal scroll at 360px"
    screenshot(p, f"{name}-360px")
    if name == "not-found":  # the page itself answers 404, as it must; nothing else may fail
        assert sorted(page.problems) == [
            "HTTP 404: " + base_url + PAGE_TYPES[name],
            "console: Failed to load resource: the server responded with a status of 404 (Not Found)",
        ]
    else:
        assert page.problems == []
