"""Images in Chromium (issue 19): an article with a lead photo and body images does not move while they load, at
a phone's width and a desktop's, and each screen downloads the derivative its width needs, never the original."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e.conftest import StaticHost
from e2e.test_theme_browser import JITTER, SHIFTS
from helpers import run_process
from test_images import image_site

ARTICLE = "/photos-from-the-summit/"
LOADED = "() => performance.getEntriesByType('resource').map((entry) => entry.name)"


@pytest.fixture(scope="module")
def image_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = image_site(tmp_path_factory.mktemp("images-e2e"))
    result = run_process("--root", root, "--no-search")
    assert result.code == 0, result.err
    handler = functools.partial(StaticHost, directory=str(Path(root / "build")))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize(("width", "wanted"), [(360, ".480.webp"), (1280, ".960.webp")])
def test_images_do_not_shift_the_page_and_the_screen_gets_the_width_it_needs(
    browser: object, image_url: str, width: int, wanted: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(image_url + ARTICLE, wait_until="load")
    assert page.evaluate(SHIFTS) < JITTER
    # Scroll to the end: the lazy body images load now, into the room their width and height kept.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function(  # the site's own: the test's other-site image has no network to come from
        "[...document.images].filter((img) => img.src.startsWith(location.origin))"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )
    assert page.evaluate(SHIFTS) < JITTER, f"a layout shift at {width}px"
    boxes = page.evaluate(
        "[...document.querySelectorAll('.body img, .lead-image img')].map((img) => [img.alt, img.clientWidth,"
        " img.clientHeight, img.currentSrc])"
    )
    for alt, shown_width, shown_height, _ in boxes:
        assert shown_width > 0 and shown_height > 0, alt
    lead = next(src for alt, *_, src in boxes if alt == "Delegates at the summit")
    assert lead.endswith(wanted) and "/_img/uploads/2016/02/camera." in lead, lead
    loaded = page.evaluate(LOADED)
    photos = [name for name in loaded if "camera." in name]
    assert photos == [lead], photos  # one derivative of the photo, never the 2400-pixel original
    assert not any(name.endswith("/uploads/2016/02/camera.jpg") for name in loaded)
    disc = next(src for alt, *_, src in boxes if alt == "A green disc")
    assert disc.endswith(".webp"), disc  # Chromium takes the WebP source of the <picture>
    context.close()
