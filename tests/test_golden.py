"""The golden site: a small site (tests/golden/site/) whose whole build is kept in tests/golden/expected.txtar.

Any change of output shows here as a diff to review. After an intended change, write the expected tree anew:

    .venv/bin/python -m pytest tests/test_golden.py --regen-golden

and read `git diff tests/golden/expected.txtar` before committing it. The tree is kept as one txtar file (as
Go's and Hugo's tests keep theirs): each file as `-- path --` and its text. Theme files, copies of
templates/static/, and binary files are kept as their size and digest. (Built without search: Pagefind's
bundles are tested on their own.)
"""

from __future__ import annotations

import difflib
import hashlib
import shutil
from pathlib import Path

import pytest

from helpers import REPO, run_process, tree_bytes

GOLDEN = REPO / "tests" / "golden"
EXPECTED = GOLDEN / "expected.txtar"


def build_golden(tmp_path: Path) -> dict[str, bytes]:
    root = tmp_path / "golden"
    shutil.copytree(GOLDEN / "site", root)
    result = run_process("--root", root, "--no-search", env={"TZ": "America/Adak"})
    assert result.code == 0, result.err
    return tree_bytes(root / "build")


def as_txtar(tree: dict[str, bytes]) -> str:
    """One text for a whole tree: '-- path --' then the file's text (a final newline added and said so)."""
    sections = []
    for path, data in sorted(tree.items()):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None or path.startswith("theme/"):
            sections.append(f"-- {path} --\n{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}\n")
        elif text.endswith("\n"):
            sections.append(f"-- {path} --\n{text}")
        else:
            sections.append(f"-- {path} (no final newline) --\n{text}\n")
    return "".join(sections)


def test_the_golden_site_builds_to_the_expected_tree(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    built = as_txtar(build_golden(tmp_path))
    if request.config.getoption("--regen-golden"):
        EXPECTED.write_text(built, encoding="utf-8")
        pytest.skip(f"{EXPECTED.name} written anew: review `git diff {EXPECTED.relative_to(REPO)}`")
    expected = EXPECTED.read_text(encoding="utf-8")
    diff = difflib.unified_diff(expected.splitlines(), built.splitlines(), "expected", "built", lineterm="", n=2)
    assert built == expected, "\n".join(list(diff)[:60])
