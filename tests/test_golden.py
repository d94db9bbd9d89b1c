"""The golden site: a small site (tests/golden/site/) whose whole build is kept in tests/golden/expected/.

Any change of output shows here as a diff to review. After an intended change, write the expected tree anew:

    .venv/bin/python -m pytest tests/test_golden.py --regen-golden

and read `git diff tests/golden/expected` before committing it. (Built without search: Pagefind's bundles are
tested on their own.)
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from helpers import REPO, run_process, tree_bytes

GOLDEN = REPO / "tests" / "golden"


def build_golden(tmp_path: Path) -> dict[str, bytes]:
    root = tmp_path / "golden"
    shutil.copytree(GOLDEN / "site", root)
    result = run_process("--root", root, "--no-search", env={"TZ": "America/Adak"})
    assert result.code == 0, result.err
    return tree_bytes(root / "build")


def first_difference(path: str, expected: bytes, built: bytes) -> str:
    try:
        diff = difflib.unified_diff(
            expected.decode().splitlines(), built.decode().splitlines(), "expected", "built", lineterm="", n=1
        )
        return f"{path}:\n" + "\n".join(list(diff)[:20])
    except UnicodeDecodeError:
        return f"{path}: binary files differ"


def test_the_golden_site_builds_to_the_expected_tree(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    built = build_golden(tmp_path)
    expected_dir = GOLDEN / "expected"
    if request.config.getoption("--regen-golden"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for path, data in built.items():
            (expected_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / path).write_bytes(data)
        pytest.skip("tests/golden/expected/ written anew: review `git diff tests/golden/expected`")
    expected = tree_bytes(expected_dir)
    assert sorted(built) == sorted(expected), (
        f"missing: {sorted(set(expected) - set(built))}; unexpected: {sorted(set(built) - set(expected))}"
    )
    changed = [first_difference(p, expected[p], built[p]) for p in sorted(built) if built[p] != expected[p]]
    assert not changed, "\n\n".join(changed[:5])
