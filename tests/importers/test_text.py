"""`cseas-build import text`: raw reports become Markdown files that say what the loader read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from helpers import DEMO, make_site, run_process

SITE = "title: CSEAS Indonesia\ntimezone: Asia/Jakarta\n"


def test_report_outside_content_becomes_a_markdown_article(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {}, SITE)
    report = tmp_path / "incoming/asean-japan.txt"
    report.parent.mkdir()
    shutil.copy(DEMO / "2016/asean-japan-workshop.txt", report)
    result = run_process("import", "text", report, "--root", site)
    assert result.code == 0, result.err
    written = site / "content/asean-japan.md"
    _, meta_text, body = written.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(meta_text)
    assert meta == {
        "title": "Prospects of ASEAN-Japan Cooperation Under Spotlight",
        "date": "2016-02-17",
        "source": "Vietnam News Agency",
        "lang": "en",
        "imported_from": "text",
    }
    paragraphs = body.strip().split("\n\n")
    assert len(paragraphs) == 11 and paragraphs[0].startswith("A workshop organised in Jakarta")
    assert "Leave a Comment" not in body and report.is_file()  # the source is left where it was
    before = json.loads(run_process("inspect", report, "--root", site).out)[0]
    after = json.loads(run_process("inspect", written, "--root", site).out)[0]
    for key in ("title", "date", "source", "lang", "summary", "body_html"):
        assert str(before[key]).strip() == str(after[key]).strip(), key  # the Markdown says what the loader read


def test_report_inside_content_is_replaced_by_markdown_and_hidden(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {}, SITE)
    shutil.copytree(DEMO / "2017", site / "content/2017")
    result = run_process("import", "text", site / "content", "--root", site)
    assert result.code == 0, result.err
    assert (site / "content/2017/asean-at-fifty-seminar.md").is_file()
    assert not (site / "content/2017/asean-at-fifty-seminar.txt").exists()
    assert (site / "content/2017/.asean-at-fifty-seminar.txt.imported").is_file()  # kept, hidden from the loader
    meta = yaml.safe_load(
        (site / "content/2017/asean-at-fifty-seminar.md").read_text(encoding="utf-8").split("---\n")[1]
    )
    assert meta["tags"] == ["ASEAN", "Regional Integration", "Indonesia"] and meta["source"] == "Antara"
    built = run_process("--root", site)
    assert built.code == 0, built.err
    assert (site / "build/asean-at-fifty-scholars-weigh-the-next-half-century/index.html").is_file()


def test_report_without_date_is_written_with_a_hint_and_reported(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {}, SITE)
    report = tmp_path / "nodate.txt"
    report.write_text("CSEAS Indonesia\n\nA Title\n\nJAKARTA (Antara) - No date here.\n", encoding="utf-8")
    result = run_process("import", "text", report, "--root", site)
    assert result.code == 1 and "nodate.txt:5: date: missing" in result.err
    text = (site / "content/nodate.md").read_text(encoding="utf-8")
    assert "# date: YYYY-MM-DD" in text and "source: Antara" in text
