"""Promise 3 in a real browser: hostile titles and bodies stay inert in the search index and its results."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

from e2e.conftest import StaticHost
from helpers import make_site, run_process

HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>]]>'


def test_hostile_content_is_inert_in_search_results(browser: object, tmp_path: Path) -> None:
    front = f"title: {json.dumps('Report ' + HOSTILE)}\ndate: 2020-01-01\ntags: [{json.dumps(HOSTILE)}]\nsource: {json.dumps(HOSTILE)}\n"
    body = "Findable words about ASEAN. &lt;img src=x onerror=&quot;window.pwned=3&quot;&gt; <b>bold</b>\n"
    make_site(tmp_path, {"content/a.md": f"---\n{front}---\n{body}"}, "title: T\nallow_raw_html: false\n")
    assert run_process("--root", tmp_path).code == 0
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(StaticHost, directory=str(tmp_path / "build"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/?q=findable")
        page.wait_for_function("document.getElementById('search-status').textContent.includes('found')")
        title = page.locator("#search-results h2").inner_text()
        assert title == "Report " + HOSTILE  # shown as text
        page.locator("details.facet").evaluate_all("all => all.forEach(d => d.open = true)")
        assert page.get_by_label(f"{HOSTILE} (1)").count() == 2  # the tag and the source, as text labels
        assert page.evaluate("window.pwned") is None and dialogs == []
        assert page.locator("#search-results img, #search-results script, #search-facets img").count() == 0
        context.close()
    finally:
        server.shutdown()
