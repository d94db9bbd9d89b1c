"""Every page type passes the W3C Nu HTML Checker, and axe-core finds no violation of any impact."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from e2e.conftest import Watched, need
from e2e.test_browser import PAGE_TYPES
from helpers import REPO

VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE = REPO / "node_modules/axe-core/axe.min.js"


@pytest.mark.slow
def test_nu_html_checker_finds_no_error_in_the_whole_build(demo_site: Path) -> None:
    need(shutil.which("java") is not None, "Java (default-jre-headless)")
    need(VNU.is_file(), "the vnu-jar npm package")
    pages = list(demo_site.rglob("*.html"))
    assert len(pages) > 80
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "text", str(demo_site)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0 and "error:" not in result.stderr, result.stderr[:5000]


def test_nu_html_checker_really_checks(tmp_path: Path) -> None:
    need(shutil.which("java") is not None and VNU.is_file(), "Java and vnu-jar")
    (tmp_path / "bad.html").write_text(
        "<!DOCTYPE html><html><head></head><body><p><div></p></body></html>", encoding="utf-8"
    )
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", str(tmp_path)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode != 0 and "error" in result.stderr


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_axe_finds_no_violation(page: Watched, base_url: str, name: str) -> None:
    need(AXE.is_file(), "the axe-core npm package")
    p = page.page
    url = PAGE_TYPES[name]
    if name == "search":
        url += "?q=ASEAN&source=CSEAS"  # results and facets on screen, so they are checked too
    p.goto(base_url + url)  # type: ignore[attr-defined]
    if name == "search":
        p.wait_for_function("document.getElementById('search-status').textContent.includes('found')")  # type: ignore[attr-defined]
        p.locator("details.facet").first.evaluate("d => d.open = true")  # type: ignore[attr-defined]
    p.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    for scheme in ("light", "dark"):
        p.emulate_media(color_scheme=scheme)  # type: ignore[attr-defined]
        report = p.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")  # type: ignore[attr-defined]
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in report["violations"]
        ]
        assert bad == [], f"{name} ({scheme}): {bad}"
