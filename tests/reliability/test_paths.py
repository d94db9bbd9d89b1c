"""Promise 2: nothing outside the output folder is touched, whatever the content or the --output says."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import article, make_site, run_process, tree_bytes

ESCAPES = ["../../x", "/etc/passwd", "..\\..\\x", "a\x00b", "tab\there", "x" * 300, "con", "nul", "!!!", "..", "."]


def snapshot(folder: Path, skip: str = "build") -> dict[str, bytes]:
    """Every file below folder except the output, to prove nothing else changed."""
    return {k: v for k, v in tree_bytes(folder).items() if not k.startswith(skip + "/") and ".cseas-cache/" not in k}


@pytest.mark.parametrize("where", ["root", "content", "templates", "parent", "home", "/"])
def test_dangerous_output_folders_are_refused(tmp_path: Path, where: str) -> None:
    root = tmp_path / "site"
    make_site(root, {"content/a.md": article("A", "2020-01-01"), "templates/extra.html": "x"})
    target = {
        "root": root, "content": root / "content", "templates": root / "templates",
        "parent": tmp_path, "home": Path.home(), "/": Path("/"),
    }[where]  # fmt: skip
    before = snapshot(tmp_path)
    result = run_process("--root", root, "--output", target)
    assert result.code == 1 and "refusing to use" in result.err and "Traceback" not in result.err
    assert snapshot(tmp_path) == before


def test_foreign_non_empty_folder_needs_force(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": article("A", "2020-01-01"), "public/keep.txt": "mine"})
    result = run_process("--root", tmp_path, "--output", tmp_path / "public")
    assert result.code == 1 and "pass --force" in result.err
    assert (tmp_path / "public/keep.txt").read_text(encoding="utf-8") == "mine"
    assert run_process("--root", tmp_path, "--output", tmp_path / "public", "--force").code == 0
    assert (tmp_path / "public/a/index.html").is_file()


@pytest.mark.parametrize("field", ["slug", "tags", "category", "source", "author"])
def test_hostile_names_become_safe_urls_or_errors(tmp_path: Path, field: str) -> None:
    root = tmp_path / "site"
    files = {}
    for i, name in enumerate(ESCAPES):
        value = json.dumps(name) if field == "slug" else json.dumps([name])
        files[f"content/a{i}.md"] = (
            f"---\ntitle: Article {i}\ndate: 2020-01-{i + 1:02d}\n{field}: {value}\n---\nBody.\n"
        )
    make_site(root, files)
    before = snapshot(tmp_path)
    result = run_process("--root", root)
    assert "Traceback" not in result.err
    assert snapshot(tmp_path, "site/build") == before  # nothing written outside build/
    assert result.code == (1 if field == "slug" else 0), result.err  # slugs that vanish are refused
    if result.code == 1:  # refused: each refusal names its file and line
        for line in result.err.strip().splitlines()[:-1]:
            assert line.startswith("site/content/a") or line.startswith(str(root / "content")), line
        return
    for path in (root / "build").rglob("*"):
        assert path.resolve().is_relative_to((root / "build").resolve())
        assert len(path.name.encode()) <= 255 and path.name.lower() not in ("con", "nul")
        assert "\x00" not in path.name and "\t" not in path.name and "\\" not in path.name


def test_hostile_slugs_in_detail(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": "---\ntitle: T\ndate: 2020-01-01\nslug: '../../etc'\n---\nx\n"})
    assert run_process("--root", tmp_path).code == 0
    assert (tmp_path / "build/etc/index.html").is_file()
    make_site(tmp_path, {"content/a.md": "---\ntitle: T\ndate: 2020-01-01\nslug: '!!!'\n---\nx\n"})
    result = run_process("--root", tmp_path, cwd=tmp_path)
    assert result.code == 1 and "content/a.md:4: slug: nothing is left for a URL" in result.err


@pytest.mark.parametrize("alias", ["../../x", "/a/../../x", "a\\..\\x", "/a\x01", "/?p=1", "/x#y"])
def test_escaping_aliases_are_refused_with_their_line(tmp_path: Path, alias: str) -> None:
    make_site(tmp_path, {"content/a.md": f"---\ntitle: T\ndate: 2020-01-01\naliases: [{json.dumps(alias)}]\n---\nx\n"})
    result = run_process("--root", tmp_path, cwd=tmp_path)
    assert result.code == 1 and "content/a.md:4: aliases:" in result.err and "Traceback" not in result.err


def test_symlink_leaving_content_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(article("Secret", "2020-01-01"), encoding="utf-8")
    make_site(tmp_path / "site", {"content/a.md": article("A", "2020-01-01")})
    os.symlink(secret, tmp_path / "site/content/leak.md")
    result = run_process("--root", tmp_path / "site", cwd=tmp_path)
    assert result.code == 1
    assert "site/content/leak.md:1: symbolic link points outside content/" in result.err
