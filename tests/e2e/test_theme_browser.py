"""The theme in Chromium: every page type at 320-1280 px in light and dark (screenshots kept as artifacts), no
layout shift, Lighthouse's four scores, an article's weight, pages without JavaScript, and search that
answers as the reader types."""

from __future__ import annotations

import json
import os
import re
import subprocess
import urllib.error
import urllib.request
from functools import partial
from pathlib import Path

import pytest
from PIL import Image

from e2e.conftest import ARTIFACTS, Watched, need
from e2e.test_browser import PAGE_TYPES
from helpers import REPO

LIGHTHOUSE = REPO / "node_modules/.bin/lighthouse"
WIDTHS = (360, 768, 1280)
# Lighthouse's page types: the 404 page is asked for by its own address (a missing one answers 404, which
# Lighthouse's SEO audit rightly marks down for any page), and search with results.
AUDITED = {**{k: v for k, v in PAGE_TYPES.items() if k != "not-found"}, "not-found": "/404.html",
           "search-results": "/search/?q=Japan"}  # fmt: skip
JITTER = 0.01  # layout shift a loaded machine reports where none happens (see the test below)
WANTED = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "speed-index")

# Layout shifts since the page started, as Chrome reports them (CLS is their sum, less those after input).
SHIFTS = """() => new Promise((done) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => done(total), 800);
})"""


def settle(page: object, name: str) -> None:
    if name.startswith("search"):
        page.wait_for_function("document.getElementById('search-status').textContent.length > 0")  # type: ignore[attr-defined]


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_page_type_in_three_widths_and_two_themes_fits_and_does_not_shift(
    browser: object, base_url: str, name: str
) -> None:
    folder = ARTIFACTS / "theme"
    folder.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        for width in (320, *WIDTHS):
            context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)  # type: ignore[attr-defined]
            p = context.new_page()
            p.goto(base_url + PAGE_TYPES[name])
            settle(p, name)
            shift = p.evaluate(SHIFTS)
            # Exactly 0 on a quiet machine, and Lighthouse's CLS below must be exactly 0; under CI's load Chromium
            # has twice reported a sub-pixel shift (0.00008, 0.0036) that no rerun reproduced: a real shift (an
            # image without a size, a late banner) is far above this bound.
            assert shift < JITTER, f"{name} at {width}px ({scheme}): layout shift {shift}"
            overflow = p.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} at {width}px ({scheme}): {overflow}px of horizontal scroll"
            if width in WIDTHS:
                shot = folder / f"{name}-{width}-{scheme}.png"
                p.screenshot(path=str(shot), full_page=True)
                with Image.open(shot) as image:  # a real rendering, not a blank page
                    assert image.width == width and len(image.convert("RGB").getcolors(1 << 20) or []) > 20
            background = p.evaluate("getComputedStyle(document.body).backgroundColor")
            assert (background == "rgb(20, 23, 28)") == (scheme == "dark"), (name, scheme, background)
            context.close()


# Where a slow phone may paint a page before the rest of it has arrived: after each element of the header, and
# after <main> opens and its first elements. The page's own bytes, cut there, stand in for the slow network.
CUT = re.compile(r"</[a-z][a-z0-9]*>|<(?:input|img|main)\b[^>]*>")
INSIDE_MAIN = 3  # cuts inside <main>: its first elements (breadcrumb, heading, the search form)
# Each painted element's place: its path from <body> (tag and position among its siblings) and its top left.
PLACES = """() => {
  const path = (e) => { let p = ""; for (; e && e !== document.body; e = e.parentElement)
    p = "/" + e.tagName + ":" + Array.prototype.indexOf.call(e.parentElement.children, e) + p; return p; };
  const out = {};
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.width > 1 || r.height > 1) out[path(e)] = [r.x, r.y];  // not the visually hidden (1 px)
  }
  return out;
}"""


def answer(body: str, route: object, request: object) -> None:
    route.fulfill(body=body, content_type="text/html")  # type: ignore[attr-defined]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url) as answer:
            return str(answer.read().decode("utf-8"))
    except urllib.error.HTTPError as error:  # the 404 page comes with its status
        return str(error.read().decode("utf-8"))


def cuts(html: str) -> list[int]:
    """The points to cut a page at: every element's end in <body> up to <main>'s opening, then a few more."""
    start, main = html.index("<body"), html.index("<main")
    points = [m.end() for m in CUT.finditer(html, start)]
    before = [p for p in points if p <= main]
    return before + [p for p in points if p > main][: INSIDE_MAIN + 1]


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_what_is_painted_before_the_page_has_arrived_does_not_move_when_the_rest_comes(
    browser: object, base_url: str, name: str
) -> None:
    """The deterministic form of the layout-shift check above: Chromium paints what it has parsed so far, and on a
    slow phone that is often part of the header. A search box that wraps below the site's name only once its
    button is parsed, or a heading margin that moves <main> down when it arrives, is a shift CLS counts (CI saw
    0.024 under load). So each element painted from the page cut short must keep its place in the whole page."""
    url = base_url + PAGE_TYPES[name]
    html = fetch(url)
    for width in (360, 768, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
        p = context.new_page()
        p.goto(url)
        whole = p.evaluate(PLACES)
        for point in cuts(html):
            p.route(url, partial(answer, html[:point]))
            p.goto(url)
            early = p.evaluate(PLACES)
            p.unroute(url)
            moved = {
                path: (place, whole.get(path))
                for path, place in early.items()
                if path in whole and max(abs(a - b) for a, b in zip(place, whole[path], strict=True)) > 0.5
            }
            assert not moved, f"{name} at {width}px, cut after {html[max(0, point - 60) : point]!r}: moved {moved}"
        context.close()


def lighthouse(url: str, report: Path) -> dict[str, object]:
    """Run Lighthouse 12 (npm, pinned) on Debian's Chromium: mobile, simulated throttling, as by default."""
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
         "--only-categories=performance,accessibility,best-practices,seo",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        capture_output=True, text=True, timeout=240, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    data: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return data


def performance(data: dict[str, object]) -> str:
    """A run's performance score and the metrics it is made of, for a failure's message."""
    audits: dict[str, dict[str, float]] = data["audits"]  # type: ignore[assignment]
    score = data["categories"]["performance"]["score"]  # type: ignore[index]
    metrics = ", ".join(f"{key} {audits[key]['numericValue']:.0f} ms" for key in METRICS)
    return f"{score} ({metrics})"


@pytest.mark.slow
@pytest.mark.parametrize("name", AUDITED)
def test_lighthouse_scores_every_page_type(base_url: str, name: str) -> None:
    """Accessibility, best practices and SEO are the same at every run; the performance score is not: Lighthouse
    simulates a slow phone from the CPU time the page took here, so a machine busy with other work scores the
    same page lower (CI saw 0.94 for a page that scores 0.99-1 here under two busy processes). As Lighthouse's
    own guidance on variability says, one run is not a measure: when the first is under the floor, two more are
    made and the median of the three is judged, so a page that is slow at two runs of three still fails."""
    need(LIGHTHOUSE.is_file(), "the lighthouse npm package")
    need(Path("/usr/bin/chromium").exists(), "Debian's chromium")
    (ARTIFACTS / "lighthouse").mkdir(parents=True, exist_ok=True)
    data = lighthouse(base_url + AUDITED[name], ARTIFACTS / "lighthouse" / f"{name}.json")
    categories = data["categories"]
    audits = data["audits"]
    scores = {key: categories[key]["score"] for key in WANTED}  # type: ignore[index]
    failing = sorted(
        f"{key}: {audit.get('displayValue', '')}"  # type: ignore[union-attr]
        for key, audit in audits.items()  # type: ignore[union-attr]
        if audit.get("score") is not None and audit["score"] < 0.9 and audit["scoreDisplayMode"] == "binary"  # type: ignore[index]
    )
    others = {key: score for key, score in scores.items() if key != "performance"}
    assert all(score >= WANTED[key] for key, score in others.items()), f"{name}: {scores}; failing: {failing}"
    assert audits["cumulative-layout-shift"]["numericValue"] == 0  # type: ignore[index]
    runs = [data]
    if scores["performance"] < WANTED["performance"]:
        runs += [lighthouse(base_url + AUDITED[name], ARTIFACTS / "lighthouse" / f"{name}-{n}.json") for n in (2, 3)]
    median = sorted(run["categories"]["performance"]["score"] for run in runs)[len(runs) // 2]  # type: ignore[index]
    assert median >= WANTED["performance"], f"{name}: performance at each run: {[performance(run) for run in runs]}"


def test_an_article_page_weighs_under_60_kb_before_images(page: Watched, base_url: str) -> None:
    sizes: dict[str, int] = {}
    p = page.page
    p.on("response", lambda r: r.request.resource_type != "image" and sizes.update({r.url: len(r.body())}))  # type: ignore[attr-defined]
    p.goto(base_url + PAGE_TYPES["article-corrected"])  # type: ignore[attr-defined]
    p.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert any(url.endswith("style.css") for url in sizes) and sum(sizes.values()) < 60_000, sizes


@pytest.mark.parametrize("name", ["home", "article-corrected", "month", "source", "archive"])
def test_pages_work_without_javascript(browser: object, base_url: str, name: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})  # type: ignore[attr-defined]
    p = context.new_page()
    p.goto(base_url + PAGE_TYPES[name])
    assert p.locator("main h1").count() == 1 and p.locator("main a").count() >= 2
    assert p.locator(".masthead input[type=search]").is_visible()
    if name == "article-corrected":
        p.get_by_text("Cite this").click()  # <details>: no script needed
        assert p.get_by_role("link", name="BibTeX").is_visible()
    context.close()


def test_cite_this_saves_each_file_under_the_name_its_link_gives(browser: object, base_url: str) -> None:
    """The downloads are base64 data: links: the browser saves each file under the name its link's download
    attribute gives, with the text the format writes."""
    context = browser.new_context(accept_downloads=True)  # type: ignore[attr-defined]
    p = context.new_page()
    p.goto(base_url + PAGE_TYPES["article-corrected"])
    p.get_by_text("Cite this").click()
    saved = {}
    for name in ("BibTeX", "RIS", "CSL-JSON"):
        link = p.get_by_role("link", name=name)
        with p.expect_download() as info:
            link.click()
        download = info.value
        assert download.suggested_filename == link.get_attribute("download")
        saved[download.suggested_filename.rsplit(".", 1)[1]] = Path(download.path()).read_text(encoding="utf-8")
    context.close()
    assert saved["bib"].startswith("@online{") and "title = {" in saved["bib"]
    assert saved["ris"].startswith("TY  - ") and "ER  - " in saved["ris"]
    assert json.loads(saved["json"])[0]["type"]


def test_search_answers_as_the_reader_types(page: Watched, base_url: str) -> None:
    p = page.page
    p.goto(base_url + "/search/")  # type: ignore[attr-defined]
    p.wait_for_function("document.getElementById('search-status').textContent.length > 0")  # type: ignore[attr-defined]
    p.locator("#search-query").press_sequentially("Japan", delay=60)  # type: ignore[attr-defined]  # no Enter
    p.wait_for_function("document.querySelectorAll('#search-results li').length > 0")  # type: ignore[attr-defined]
    titles = p.locator("#search-results h2").all_inner_texts()  # type: ignore[attr-defined]
    assert "Prospects of ASEAN-Japan Cooperation Under Spotlight" in titles
    assert re.search(r"[?&]q=Japan\b", p.url)  # type: ignore[attr-defined]  # the query is kept in the address
    snippets = p.locator("#search-results .excerpt").all_inner_texts()  # type: ignore[attr-defined]
    assert snippets and all(re.match(r"^(… )?(\S+ ){0,4}\S*Japan", s) for s in snippets), snippets
    assert page.problems == []


def test_keys_slash_focuses_search_and_arrows_walk_the_results(page: Watched, base_url: str) -> None:
    p = page.page
    p.goto(base_url + "/")  # type: ignore[attr-defined]
    p.keyboard.press("/")  # type: ignore[attr-defined]
    assert p.evaluate("document.activeElement.id") == "header-search"  # type: ignore[attr-defined]
    p.keyboard.type("ASEAN")  # type: ignore[attr-defined]
    p.keyboard.press("Enter")  # type: ignore[attr-defined]  # the header's box leads to the search page
    p.wait_for_function("document.querySelectorAll('#search-results li').length > 1")  # type: ignore[attr-defined]
    p.locator("#search-query").focus()  # type: ignore[attr-defined]
    p.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
    links = p.locator("#search-results h2 a")  # type: ignore[attr-defined]
    first, second = links.nth(0).get_attribute("href"), links.nth(1).get_attribute("href")
    assert p.evaluate("document.activeElement.getAttribute('href')") == first  # type: ignore[attr-defined]
    p.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
    assert p.evaluate("document.activeElement.getAttribute('href')") == second  # type: ignore[attr-defined]
    p.keyboard.press("ArrowUp")  # type: ignore[attr-defined]
    p.keyboard.press("ArrowUp")  # type: ignore[attr-defined]
    assert p.evaluate("document.activeElement.id") == "search-query"  # type: ignore[attr-defined]


def test_on_a_phone_results_come_before_the_filters_which_wait_behind_one_control(
    browser: object, base_url: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    p = context.new_page()
    p.goto(base_url + "/search/?q=ASEAN")
    p.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
    filters = p.locator("#search-filters")
    assert filters.evaluate("d => d.open") is False and not p.locator("#search-facets").is_visible()
    first = p.locator("#search-results li").first.bounding_box()
    assert first["y"] < 740  # the first result is on the first screen
    assert p.locator("#search-filters > summary").is_visible()  # "Filter", in reach at the bottom of the screen
    p.locator("#search-filters > summary").click()
    assert p.locator("#search-facets").is_visible()
    labels = p.locator("#search-facets label").all_inner_texts()
    assert labels and not any(label.endswith("(0)") for label in labels)  # nothing that would find nothing
    context.close()
    wide = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    p = wide.new_page()
    p.goto(base_url + "/search/?q=ASEAN")
    p.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
    assert p.locator("#search-filters").evaluate("d => d.open") is True  # beside the results on a wide screen
    wide.close()
