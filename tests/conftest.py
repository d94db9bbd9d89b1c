"""Fixtures the tests share (the helpers themselves are in helpers.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cseas_site.cli import main
from helpers import Result, copy_demo, run_process

# No test starts a build daemon unless it asks (--daemon: tests/test_daemon.py), even when run at a terminal.
os.environ["CSEAS_DAEMON"] = "0"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="write tests/golden/expected/ anew from a build (then review the diff)",
    )


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run cseas-build in this process and capture its exit status and output."""

    def run(*args: str | Path) -> Result:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors and --help
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site as shipped, built once for the whole session as a user builds it (search included).
    Tests only read it: a test that changes a site copies the demo content into its own folder."""
    root = tmp_path_factory.mktemp("demo")
    copy_demo(root)
    result = run_process("build", "--root", root)
    assert result.code == 0, result.err
    (root / "build.log").write_text(result.out, encoding="utf-8")
    return root / "build"
