"""A site imported from WordPress, in Debian's Chromium: galleries are grids, captions and alignment are figures,
the imported menu opens and leads on, and old '?p=ID' addresses arrive at the new pages."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e.conftest import StaticHost, Watched, need
from e2e.test_validity import AXE, VNU
from helpers import make_site, run_process
from wxrdata import HOST, UPLOADS, attachment, comment, export, item, menu_item, meta, png, write_uploads

PHOTOS = 24
GALLERY_IDS = ",".join(str(100 + n) for n in range(PHOTOS))
BODY = f"""Photographs of the ASEAN-Japan workshop.

[gallery ids="{GALLERY_IDS}"]

[caption id="attachment_100" align="alignleft" width="160"]<img class="wp-image-100" src="{UPLOADS}/2016/02/photo-0.png" alt="Opening session" width="160" height="120" /> The opening session[/caption]

{"The workshop brought together scholars from across the region. " * 12}

<img class="aligncenter wp-image-101" src="{UPLOADS}/2016/02/photo-1.png" alt="Closing panel" width="160" height="120" />"""


@pytest.fixture(scope="module")
def imported_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("imported")
    site = make_site(root / "site", {}, "title: CSEAS Indonesia\ntimezone: Asia/Jakarta\n")
    photos = {f"2016/02/photo-{n}.png": png(160, 120, (20 + 9 * n, 90, 200 - 7 * n)) for n in range(PHOTOS)}
    uploads = write_uploads(root / "uploads", photos)
    media = "".join(
        attachment(100 + n, f"2016/02/photo-{n}.png", parent=10, alt=f"Photo {n + 1}") for n in range(PHOTOS)
    )
    posts = (
        item(10, "Workshop in pictures", name="workshop-in-pictures", content=BODY,
             extra=comment("Dewi", "Wonderful pictures.", "1") + meta("_thumbnail_id", "100"))
        + item(11, "Later report", name="later-report", date="2016-03-01 09:00:00", gmt="2016-03-01 02:00:00",
               content=f'<p>See <a href="{HOST}/?p=10">the pictures</a>.</p>')
        + menu_item(50, "primary", 1, "Reports", url="#")
        + menu_item(51, "primary", 2, "", kind="post_type", object_id="10", obj="post", parent=50)
        + menu_item(52, "primary", 3, "", kind="post_type", object_id="11", obj="post", parent=50)
    )  # fmt: skip
    (root / "export.xml").write_text(export(media + posts), encoding="utf-8")
    result = run_process("import", "wordpress", root / "export.xml", "--root", site, "--uploads", uploads, "--comments")
    assert result.code == 0, result.out + result.err
    built = run_process("--root", site)
    assert built.code == 0, built.err
    return site / "build"


@pytest.fixture(scope="module")
def imported_site(imported_build: Path) -> Iterator[str]:
    handler = functools.partial(StaticHost, directory=str(imported_build))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def boxes(page: object, selector: str) -> list[dict[str, float]]:
    return page.locator(selector).evaluate_all(  # type: ignore[attr-defined, no-any-return]
        "els => els.map(e => { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; })"
    )


@pytest.mark.parametrize(("width", "columns"), [(1280, 3), (360, 2)])
def test_a_gallery_of_24_images_is_a_grid(page: Watched, imported_site: str, width: int, columns: int) -> None:
    p = page.page
    p.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
    p.goto(imported_site + "/workshop-in-pictures/")  # type: ignore[attr-defined]
    images = boxes(p, "figure.gallery img")
    assert len(images) == PHOTOS
    assert all(box["w"] > 40 and box["h"] > 40 for box in images)  # loaded and shown, not alt text
    rows = {round(box["y"]) for box in images}
    lefts = {round(box["x"]) for box in images}
    assert len(lefts) == columns and len(rows) == PHOTOS // columns  # a grid, not 24 rows
    names = p.locator("figure.gallery a").evaluate_all("els => els.map(e => e.querySelector('img').alt)")  # type: ignore[attr-defined]
    assert names == [f"Photo {n + 1}" for n in range(PHOTOS)]  # each linked image has a name
    assert p.evaluate("document.documentElement.scrollWidth") <= width  # type: ignore[attr-defined]
    assert page.problems == []


def test_captions_are_figures_and_alignment_is_kept(page: Watched, imported_site: str) -> None:
    p = page.page
    p.goto(imported_site + "/workshop-in-pictures/")  # type: ignore[attr-defined]
    figure = p.locator("figure.wp-caption")  # type: ignore[attr-defined]
    assert figure.locator("figcaption").inner_text() == "The opening session"
    assert figure.evaluate("e => getComputedStyle(e).float") == "left"
    first_line = p.locator("figure.wp-caption + p").evaluate(  # type: ignore[attr-defined]
        "e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects()[0].x; }"
    )
    image = boxes(p, "figure.wp-caption")[0]
    assert first_line >= image["x"] + image["w"]  # the text flows beside the image
    centred = boxes(p, "img.aligncenter")[0]
    body = boxes(p, ".article .body")[0]
    assert abs((centred["x"] - body["x"]) - (body["x"] + body["w"] - centred["x"] - centred["w"])) < 2
    assert page.problems == []


def test_the_imported_menu_opens_and_leads_to_the_post(page: Watched, imported_site: str) -> None:
    p = page.page
    p.goto(imported_site + "/later-report/")  # type: ignore[attr-defined]
    nav = p.get_by_role("navigation", name="Main")  # type: ignore[attr-defined]
    link = nav.get_by_role("link", name="Workshop in pictures")
    assert not link.is_visible()
    nav.get_by_text("Reports", exact=True).click()
    link.click()
    p.wait_for_url(re.compile(r"/workshop-in-pictures/$"))  # type: ignore[attr-defined]
    assert page.problems == []


@pytest.mark.parametrize("old", ["/?p=10", "/?page_id=10&preview=true", "/index.php?p=10"])
def test_an_old_query_address_arrives_at_the_new_page(page: Watched, imported_site: str, old: str) -> None:
    p = page.page
    p.goto(imported_site + old)  # type: ignore[attr-defined]
    p.wait_for_url(re.compile(r"/workshop-in-pictures/$"))  # type: ignore[attr-defined]
    assert p.locator("h1").inner_text() == "Workshop in pictures"  # type: ignore[attr-defined]
    if old.startswith("/index.php"):  # the host answers with its 404 page, which goes on
        page.problems = [problem for problem in page.problems if "404" not in problem]
    assert page.problems == []


def test_links_between_imported_posts_work(page: Watched, imported_site: str) -> None:
    p = page.page
    p.goto(imported_site + "/later-report/")  # type: ignore[attr-defined]
    p.get_by_role("link", name="the pictures").click()  # type: ignore[attr-defined]
    p.wait_for_url(re.compile(r"/workshop-in-pictures/$"))  # type: ignore[attr-defined]
    assert page.problems == []


def test_site_without_a_menu_keeps_the_default_navigation(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"content/pages/about.md": "---\ntitle: About\ndate: 2016-01-01\n---\nUs.\n"})
    assert run_process("--root", site).code == 0
    page = (site / "build/index.html").read_text(encoding="utf-8")
    nav = page[page.index('<nav aria-label="Main">') : page.index("</nav>")]
    assert re.findall(r">([^<>]+)</a>", nav) == ["Home", "Archive", "Sources", "Tags", "Search"]
    footer = page[page.index('<footer class="site-footer">') :]
    assert '<a href="/about/">About</a>' in footer  # a few standalone pages: listed in the footer


def test_imported_pages_are_valid_html(imported_build: Path) -> None:
    need(shutil.which("java") is not None and VNU.is_file(), "Java and vnu-jar")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "text", str(imported_build)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0 and "error:" not in result.stderr, result.stderr[:5000]


def test_gallery_menu_and_comments_pass_axe(page: Watched, imported_site: str) -> None:
    need(AXE.is_file(), "the axe-core npm package")
    p = page.page
    p.goto(imported_site + "/workshop-in-pictures/")  # type: ignore[attr-defined]
    assert p.locator("section.comments").get_by_text("Wonderful pictures.").is_visible()  # type: ignore[attr-defined]
    p.get_by_role("navigation", name="Main").get_by_text("Reports", exact=True).click()  # type: ignore[attr-defined]
    p.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    for scheme in ("light", "dark"):
        p.emulate_media(color_scheme=scheme)  # type: ignore[attr-defined]
        report = p.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")  # type: ignore[attr-defined]
        bad = [f"{v['id']}: {v['help']}" for v in report["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], f"{scheme}: {bad}"
