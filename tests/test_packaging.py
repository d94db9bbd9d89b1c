"""The wheel carries the theme, so a site without templates/ builds from an installed package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from helpers import REPO, article, make_site


def test_wheel_ships_templates_and_builds_a_bare_site(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, REPO],
        check=True, timeout=300,
    )  # fmt: skip
    [wheel] = dist.glob("cseas_site-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {"cseas_site/templates/base.html", "cseas_site/templates/static/style.css"} <= names
        archive.extractall(tmp_path / "installed")
    site = make_site(tmp_path / "site", {"content/a.md": article("A", "2020-01-01")})
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "installed")}
    proc = subprocess.run(
        [sys.executable, "-c", "import cseas_site.cli as c, sys; print(c.__file__); sys.exit(c.main(['--root', 'site']))"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(str(tmp_path / "installed"))  # the wheel's code ran, not the checkout's
    assert (site / "build/a/index.html").is_file() and (site / "build/theme/style.css").is_file()
