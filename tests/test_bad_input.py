"""Bad content: every problem as path:line: message, exit 1, no traceback, previous build untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import KEPT, article, make_site, run_process, tree_bytes

GOOD = {"content/good.md": article("Good article", "2016-02-17", tags="[Japan]")}


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A site with one good article, already built once."""
    make_site(tmp_path, GOOD)
    result = run_process("--root", tmp_path)
    assert result.code == 0, result.err
    return tmp_path


def build_fails(root: Path, files: dict[str, str | bytes]) -> list[str]:
    """Add files, build, and check the failure contract; return the problem lines."""
    before = tree_bytes(root / "build")
    make_site(root, files, site_yaml=None)
    result = run_process("--root", root, cwd=root)
    assert result.code == 1, result
    assert "Traceback" not in result.err
    assert tree_bytes(root / "build") == before
    assert (
        sorted(p.name for p in root.iterdir() if p.name.startswith(".") and p.name not in KEPT) == []
    )  # no staging left
    return [line for line in result.err.splitlines() if not line.startswith("cseas-build:")]


CASES = {
    "invalid YAML": (
        {"content/a.md": "---\ntitle: A\ndate: 2016-02-17\ntags: [a, b\n---\nx\n"},
        ["content/a.md:4: a list in brackets on this line is never closed: end it with ] on the same line"],
    ),
    "missing title": ({"content/a.md": "---\ndate: 2016-02-17\n---\nx\n"}, ["content/a.md:1: title: missing"]),
    "empty title": ({"content/a.md": "---\ntitle: ''\ndate: 2016-02-17\n---\nx\n"}, ["content/a.md:2: title: missing"]),
    "bad date": (
        {"content/a.md": "---\ntitle: A\ndate: 17 Smarch 2016\n---\nx\n"},
        ["content/a.md:3: date: '17 Smarch 2016' is not a date"],
    ),
    "wrong type": (
        {"content/a.md": "---\ntitle: A\ndate: 2016-02-17\ntags: 5\n---\nx\n"},
        ["content/a.md:4: tags: expected a name or a list of names, got 5"],
    ),
    "non-UTF-8": (
        {"content/a.md": b"---\ntitle: A\ndate: 2016-02-17\n---\ncaf\xe9\n"},
        ["content/a.md:5: not valid UTF-8 (byte 0xe9)"],
    ),
    "same URL": (
        {"content/a.md": article("Good article", "2017-01-01")},
        [
            "content/a.md:2: URL /good-article/ is also the URL of content/good.md; set another slug",
            "content/good.md:2: URL /good-article/ is also the URL of content/a.md; set another slug",
        ],
    ),
    "raw report without date": (
        {"content/r.txt": "Test Site\n\nA title\n\nJAKARTA (Antara) - No date here.\n"},
        ["content/r.txt:5: date: missing"],
    ),
    "bad site.yaml": ({"content/site.yaml": "title: X\nper_page: many\n"}, ["content/site.yaml:2: per_page:"]),
    "template error": (
        {"templates/list.html": "{% extends 'base.html' %}\n{% block main %}\n{{ page.nope }}\n{% endblock %}\n"},
        ["templates/list.html:3: template error:"],
    ),
    "template syntax error": (
        {"templates/list.html": "{% extends 'base.html' %}\n{% block main %}\n{% for %}\n{% endblock %}\n"},
        ["templates/list.html:3: template error:"],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_and_nothing_published(built: Path, case: str) -> None:
    files, expected = CASES[case]
    lines = build_fails(built, files)
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, lines)


def test_all_problems_across_files_are_listed_at_once_sorted(built: Path) -> None:
    lines = build_fails(
        built,
        {
            "content/b.md": "---\ntitle: B\ndate: nope\ntags: 5\n---\nx\n",
            "content/a.md": "---\ndate: 2016-01-01\n---\nx\n",
            "content/c.txt": b"\xff\xfe",
        },
    )
    assert [line.split(": ")[0] for line in lines] == [
        "content/a.md:1", "content/b.md:3", "content/b.md:4", "content/c.txt:1",
    ]  # fmt: skip


def test_warnings_do_not_fail_the_build(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": "---\ntitle: A\ndate: 2016-01-01\ntag: [x]\n---\nx\n"})
    result = run_process("--root", tmp_path, cwd=tmp_path)
    assert result.code == 0
    assert "content/a.md:4: warning: unknown key 'tag': did you mean 'tags'?" in result.err
    assert "1 warnings" in result.out or "1 warning" in result.out


def test_future_articles_wait_unless_drafts(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": article("Future piece", "2999-01-01"), **GOOD})
    assert run_process("--root", tmp_path).code == 0
    assert not (tmp_path / "build/future-piece").exists()
    assert run_process("--root", tmp_path, "--drafts").code == 0
    assert (tmp_path / "build/future-piece/index.html").is_file()


def test_missing_content_folder(tmp_path: Path) -> None:
    result = run_process("--root", tmp_path / "nowhere")
    assert result.code == 1 and "no content folder at" in result.err and "Traceback" not in result.err
