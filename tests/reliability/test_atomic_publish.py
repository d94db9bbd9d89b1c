"""Promise 1: a build killed at any moment leaves build/ as the complete old or the complete new site."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import article, make_site, run_process, tree_bytes
from imagedata import camera_jpeg

ARTICLES = 200
TRIALS = int(os.environ.get("CSEAS_KILL_TRIALS", "30"))


def write_version(root: Path, version: int) -> None:
    """Write the content of one version: titles differ, and each version has articles the other lacks."""
    content = root / "content"
    for old in content.glob("*.md"):
        old.unlink()
    for i in range(ARTICLES):
        if (i % 10 == 0 and version == 2) or (i % 10 == 5 and version == 1):
            continue  # present in one version only
        tags = f"[Tag {i % 17}, Topic {i % 5}]"
        files = {
            f"content/a{i:04d}.md": article(
                f"Article {i} version {version}", f"2015-{i % 12 + 1:02d}-{i % 27 + 1:02d}", tags=tags
            )
        }
        make_site(root, files, site_yaml=None)


def start_build(root: Path, temporary: Path | None = None) -> subprocess.Popen[bytes]:
    """Start a build; ``temporary`` becomes its system temporary folder (TMPDIR), to see what it leaves there."""
    env = dict(os.environ, TMPDIR=str(temporary)) if temporary is not None else None
    return subprocess.Popen(
        [sys.executable, "-m", "cseas_site", "--root", str(root), "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip


def survivors(root: Path) -> list[str]:
    """Processes still running for a build of this site: a killed build's forked workers and Pagefind runs
    (whose --site is a tree beside build/) must die with it."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if ("cseas_site" in text or "pagefind" in text) and str(root) in text:
            found.append(text)
    return found


def leftovers(root: Path) -> list[str]:
    """Staging or half-deleted folders beside the output (the standby tree of incremental builds is expected)."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".build") and p.name != ".build.standby")


@pytest.mark.slow
def test_sigkill_at_any_moment_leaves_old_or_new_site(tmp_path: Path) -> None:
    root = tmp_path / "site"
    make_site(root, {})
    expected = {}
    timings = []
    for version in (1, 2, 1, 2):  # time whole builds of changed content, started the way the trials start them
        write_version(root, version)
        started = time.perf_counter()
        assert start_build(root).wait() == 0
        timings.append(time.perf_counter() - started)
        expected[version] = tree_bytes(root / "build")
    assert expected[1] != expected[2]
    # The trials' builds are incremental, like the last two timed ones (the first two are full builds).
    duration = sum(timings[2:]) / 2
    rng = random.Random(20160217)
    current = 2
    outcomes = {"old": 0, "new": 0, "killed mid-build": 0}
    for trial in range(TRIALS):
        target = 1 if current == 2 else 2
        write_version(root, target)
        process = start_build(root)
        time.sleep(1.2 * duration * (trial + rng.random()) / TRIALS)  # spread over the whole build and past it
        outcomes["killed mid-build"] += process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = tree_bytes(root / "build")
        assert found in (expected[current], expected[target]), f"trial {trial}: build/ is a mix"
        outcomes["old" if found == expected[current] else "new"] += 1
        assert run_process("--root", root, "--quiet").code == 0, f"trial {trial}: next build failed"
        assert tree_bytes(root / "build") == expected[target]
        assert leftovers(root) == [], f"trial {trial}: {leftovers(root)}"
        current = target
    print(f"SIGKILL trials: {TRIALS}: {outcomes}")
    time.sleep(0.5)
    assert survivors(root) == [], "worker processes outlived a killed build"
    assert outcomes["killed mid-build"] >= TRIALS // 3  # the kills really landed while builds ran


@pytest.mark.slow
def test_a_killed_build_takes_its_pagefind_run_with_it(tmp_path: Path) -> None:
    root = tmp_path / "site"
    pages = {f"content/p{i:04d}.md": article(f"Page {i}", f"2015-03-{i % 27 + 1:02d}") for i in range(1500)}
    make_site(root, pages)  # one shard of 1,500 pages: Pagefind runs for a second or more
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = start_build(root, temporary)
    deadline = time.monotonic() + 300
    while not any("pagefind" in text for text in survivors(root)):
        assert process.poll() is None, "the build ended before its Pagefind run was seen"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(0.2)  # a death signal is immediate; an untied run would go on indexing for a second or more
    assert not any("pagefind" in text for text in survivors(root)), "Pagefind outlived the killed build"
    # Nothing of the killed build is left outside the site's folder (Pagefind's config folder included)...
    assert sorted(p.name for p in temporary.iterdir()) == []
    # ...and the next build leaves nothing but the site, its standby tree and its cache beside its sources.
    assert run_process("--root", root, "--quiet").code == 0
    assert leftovers(root) == []
    assert not [p for p in (root / "build").rglob(".config-*")], "a Pagefind config folder was published"


@pytest.mark.slow
def test_a_build_without_cache_makes_its_images_beside_the_site_and_the_next_build_clears_a_killed_ones(
    tmp_path: Path,
) -> None:
    """--no-cache makes image derivatives in a scratch folder. It is beside the output, never in the system's
    temporary folder (a killed build would leave it there for good), and the next build removes one that a
    killed build left."""
    root = tmp_path / "site"
    photos = {f"static/photos/p{i}.jpg": camera_jpeg(1600, 1200) for i in range(12)}
    pages = {f"content/p{i:03d}.md": article(f"Page {i}", f"2015-03-{i % 27 + 1:02d}", body=f"![Photo {i}](/photos/p{i % 12}.jpg)")
             for i in range(200)}  # fmt: skip
    make_site(root, {**photos, **pages})
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, TMPDIR=str(temporary))
    process = subprocess.Popen(
        [sys.executable, "-m", "cseas_site", "--root", str(root), "--quiet", "--no-cache", "--no-search"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while not list(root.glob(".build.images-*")):
        assert sorted(p.name for p in temporary.iterdir()) == [], "scratch images in the system's temporary folder"
        assert process.poll() is None, "the build ended before its scratch folder was seen beside the site"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert sorted(p.name for p in temporary.iterdir()) == []
    assert leftovers(root), "the killed build's scratch folder should still be there for the next build to clear"
    assert run_process("--root", root, "--quiet", "--no-cache", "--no-search").code == 0
    assert leftovers(root) == []
    assert list((root / "build").rglob("*.webp")), "the images were made"
