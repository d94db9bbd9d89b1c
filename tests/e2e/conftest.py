"""A real Chromium (Debian's, driven by Playwright) against the demo site served on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from helpers import REPO, copy_demo, run_process

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
REQUIRED = os.environ.get("CSEAS_REQUIRE_BROWSER") == "1"
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
]  # fmt: skip


def need(condition: bool, what: str) -> None:
    """Skip when a tool is missing on a developer's machine; fail in CI, where CSEAS_REQUIRE_BROWSER=1."""
    if condition:
        return
    if REQUIRED:
        pytest.fail(f"{what} is missing and CSEAS_REQUIRE_BROWSER=1: run scripts/setup.sh test")
    pytest.skip(f"{what} is missing (scripts/setup.sh test installs it)")


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves the build like a static host: index.html for folders, 404.html for missing pages."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
    }

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("e2e")
    copy_demo(root)
    # Small shards, so the browser has to merge several search indexes, as it does on a large archive.
    with open(root / "content/site.yaml", "a", encoding="utf-8") as config:
        config.write("\nsearch_shard_size: 4\n")
    result = run_process("--root", root)
    assert result.code == 0, result.err
    assert len(json.loads((root / "build/pagefind/shards.json").read_text(encoding="utf-8"))["shards"]["en"]) >= 4
    return root / "build"


@pytest.fixture(scope="session")
def base_url(demo_site: Path) -> Iterator[str]:
    handler = functools.partial(StaticHost, directory=str(demo_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    need(CHROMIUM.exists(), "Debian's chromium (/usr/bin/chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "the playwright Python package")
        raise
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield instance
        instance.close()


class Watched:
    """A page that records console errors and failed requests."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.problems.append(f"console: {msg.text}"))  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))  # type: ignore[attr-defined]
        page.on("requestfailed", self._failed)  # type: ignore[attr-defined]
        page.on(
            "response",
            lambda res: (
                res.status >= 400
                and "/404-check" not in res.url
                and self.problems.append(f"HTTP {res.status}: {res.url}")
            ),
        )  # type: ignore[attr-defined]

    def _failed(self, request: object) -> None:
        failure = str(request.failure)  # type: ignore[attr-defined]
        if "ERR_ABORTED" not in failure:  # aborted = cancelled because the test navigated on: not a site fault
            self.problems.append(f"failed: {request.url} {failure}")  # type: ignore[attr-defined]


@pytest.fixture
def page(browser: object) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    watched = Watched(context.new_page())
    yield watched
    context.close()


def screenshot(page: object, name: str) -> None:
    """Save a screenshot of a page type as a test artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]
