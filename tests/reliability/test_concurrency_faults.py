"""Promises 5-7: concurrent builds, I/O faults, and dates that do not depend on the machine's timezone."""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cseas_site.config import Config
from cseas_site.load.loader import find_content, load_file
from helpers import KEPT, article, copy_demo, make_site, run_process, tree_bytes

PR_CAPBSET_DROP = 24


def many_articles(count: int) -> dict[str, str | bytes]:
    return {
        f"content/a{i:04d}.md": article(f"Article {i}", f"2016-{i % 12 + 1:02d}-01", tags=f"[T{i % 9}]")
        for i in range(count)
    }


@pytest.mark.slow
def test_two_builds_at_once_give_one_complete_site(tmp_path: Path) -> None:
    make_site(tmp_path, many_articles(150))
    command = [sys.executable, "-m", "cseas_site", "--root", str(tmp_path)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [(*p.communicate(timeout=300), p.returncode) for p in (first, second)]
    assert [code for _, _, code in results] == [0, 0], results
    assert all("Traceback" not in err for _, err, _ in results)
    reference = tmp_path / "reference"
    assert run_process("--root", tmp_path, "--output", reference).code == 0
    assert tree_bytes(tmp_path / "build") == tree_bytes(reference)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".") and p.name not in KEPT) == []


def test_a_held_lock_makes_the_next_build_wait_with_a_message(tmp_path: Path) -> None:
    import fcntl

    make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")})
    holder = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    process = subprocess.Popen(
        [sys.executable, "-m", "cseas_site", "--root", str(tmp_path)], stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    first_line = process.stderr.readline()
    assert "waiting for another cseas-build" in first_line
    assert not (tmp_path / "build").exists()
    os.close(holder)  # release: the waiting build goes on
    assert process.wait(timeout=120) == 0
    assert (tmp_path / "build/a/index.html").is_file()


def _drop_override() -> None:
    """In the child: give up root's power to ignore file permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_as_editor(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run cseas-build so that permissions apply as they do to an editor, also when the tests run as root."""
    return subprocess.run(
        [sys.executable, "-m", "cseas_site", *map(str, args)],
        capture_output=True, text=True, timeout=120, preexec_fn=_drop_override if os.geteuid() == 0 else None,
    )  # fmt: skip


def test_read_only_output_parent(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_site(site, {"content/a.md": article("A", "2020-01-01")})
    out_parent = site / "public"
    out_parent.mkdir()
    assert run_process("--root", site, "--output", out_parent / "build").code == 0
    before = tree_bytes(out_parent / "build")
    make_site(site, {"content/a.md": article("A changed", "2020-01-01")}, site_yaml=None)
    os.chmod(out_parent, 0o555)
    try:
        result = run_as_editor("--root", site, "--output", out_parent / "build")
    finally:
        os.chmod(out_parent, 0o755)
    assert result.returncode == 1, result.stderr
    assert "cannot write the site" in result.stderr and "Permission denied" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_bytes(out_parent / "build") == before


def test_full_disk_keeps_the_previous_build(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")})
    assert run_process("--root", tmp_path).code == 0
    before = tree_bytes(tmp_path / "build")
    make_site(tmp_path, {"content/b.md": article("B", "2020-01-02", body="x " * 50000)}, site_yaml=None)

    def small_disk() -> None:  # any file past 20 kB fails with EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = subprocess.run(
        [sys.executable, "-m", "cseas_site", "--root", str(tmp_path)],
        capture_output=True, text=True, timeout=120, preexec_fn=small_disk,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "cannot write the site" in result.stderr and "File too large" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_bytes(tmp_path / "build") == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".") and p.name not in KEPT) == []


def test_permission_denied_content_file(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": article("A", "2020-01-01"), "content/secret.md": article("S", "2020-01-02")})
    assert run_as_editor("--root", tmp_path).returncode == 0
    before = tree_bytes(tmp_path / "build")
    os.chmod(tmp_path / "content/secret.md", 0o000)
    result = run_as_editor("--root", tmp_path)
    assert result.returncode == 1
    assert "content/secret.md:1: cannot read file: Permission denied" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_bytes(tmp_path / "build") == before


def test_content_file_deleted_after_listing(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": article("A", "2020-01-01"), "content/b.md": article("B", "2020-01-02")})
    sources, _ = find_content(tmp_path / "content")
    (tmp_path / "content/b.md").unlink()  # gone between the walk and the read, as in a build racing an editor
    parsed = [load_file(source, Config()) for source in sources]
    problems = [str(p) for item in parsed for p in item.problems]
    assert len(problems) == 1 and problems[0].endswith("b.md:1: cannot read file: No such file or directory")
    assert parsed[0].article() is not None


@pytest.mark.parametrize("machine_tz", ["UTC", "Pacific/Kiritimati", "America/Adak"])
def test_output_is_the_same_in_every_machine_timezone(tmp_path: Path, machine_tz: str) -> None:
    copy_demo(tmp_path)
    reference = tmp_path / "reference"
    assert run_process("--root", tmp_path, "--output", reference, env={"TZ": "Asia/Jakarta"}).code == 0
    assert run_process("--root", tmp_path, env={"TZ": machine_tz}).code == 0
    assert tree_bytes(tmp_path / "build") == tree_bytes(reference)


def test_dated_today_in_jakarta_is_published_on_a_utc_machine(tmp_path: Path) -> None:
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date().isoformat()
    make_site(tmp_path, {"content/a.md": article("Today in Jakarta", today)}, "timezone: Asia/Jakarta\n")
    result = run_process("--root", tmp_path, env={"TZ": "UTC"})
    assert result.code == 0
    assert (tmp_path / "build/today-in-jakarta/index.html").is_file()
