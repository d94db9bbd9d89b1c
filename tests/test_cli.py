"""The CLI contract: commands, inspect's JSON, exit statuses, --help everywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import DEMO, REPO, article, make_site, run_process

INSPECT_KEYS = {
    "path", "title", "slug", "url", "date", "updated", "source", "author",
    "category", "tags", "lang", "summary", "draft", "body_html",
}  # fmt: skip


def test_inspect_the_workshop_report(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("inspect", DEMO / "2016/asean-japan-workshop.txt", "--root", REPO)
    assert result.code == 0, result.err
    [record] = json.loads(result.out)
    assert set(record) == INSPECT_KEYS
    assert record["title"] == "Prospects of ASEAN-Japan Cooperation Under Spotlight"
    assert record["source"] == ["Vietnam News Agency"]
    assert record["date"] == "2016-02-17T00:00:00+07:00"
    assert record["url"] == "/prospects-of-asean-japan-cooperation-under-spotlight/"
    assert record["body_html"].count("<p>") == 11
    assert "Leave a Comment" not in record["body_html"] and "email address" not in record["body_html"]
    assert record["lang"] == "en" and record["draft"] is False


def test_inspect_prints_partial_records_then_exits_1(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.txt"
    bad.write_text("CSEAS Indonesia\n\nA Title\n\nJAKARTA (Antara) - Text without a date.\n", encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text(article("Good", "2020-05-01"), encoding="utf-8")
    result = cli("inspect", bad, good, "--root", REPO)
    assert result.code == 1
    records = json.loads(result.out)
    assert [r["title"] for r in records] == ["A Title", "Good"]
    assert records[0]["date"] is None and records[0]["source"] == ["Antara"] and records[0]["url"] is None
    assert re.search(r"bad\.txt:5: date: missing", result.err)


@pytest.mark.parametrize("command", [[], ["build"], ["inspect"]])
def test_help_on_every_command(cli, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = cli(*command, "--help")
    assert result.code == 0 and "usage: cseas-build" in result.out
    assert "--root" in result.out  # the top-level help lists the build options: build is the default command


def test_usage_errors_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("--no-such-flag").code == 2
    assert cli("inspect").code == 2


def test_default_command_is_build_and_output_option(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")})
    out = tmp_path / "public"
    result = run_process("--output", out, cwd=tmp_path)
    assert result.code == 0, result.err
    assert (out / "a/index.html").is_file() and not (tmp_path / "build").exists()


def test_module_entry_point_reports_version() -> None:
    result = run_process("--version")
    assert result.code == 0 and result.out.startswith("cseas-build ")
