"""A large archive's bodies spilled out of memory (cache/bodies.py): the same bytes as bodies kept in memory,
nothing left behind, and parse results let go of once the articles are made."""

from __future__ import annotations

import os
from pathlib import Path

from cseas_site import pipeline
from cseas_site.cache import parse_cache
from cseas_site.cache.bodies import Bodies, SpilledBody
from cseas_site.config import SitePaths
from cseas_site.models import pack, unpack
from helpers import copy_demo, tree_bytes


def test_bodies_past_the_limit_are_spilled_and_read_back_whole(tmp_path: Path) -> None:
    texts = ["<p>Jakarta — één ASEAN</p>\n" * 40, "<p>Hanoi</p>\n", ""]
    packed = [pack(text) for text in texts]
    kept = Bodies(packed, tmp_path, limit=sum(map(len, packed)))  # within the limit: the bytes themselves
    assert not kept.spilled and [kept.keep(p) for p in packed] == packed
    spilled = Bodies(packed, tmp_path, limit=len(packed[0]))
    places = [spilled.keep(p) for p in packed]
    spilled.finish()
    assert spilled.spilled and isinstance(places[0], SpilledBody) and isinstance(places[1], SpilledBody)
    assert places[2] == b""  # an empty body is never spilled
    assert [unpack(place) for place in reversed(places)] == list(reversed(texts))
    assert list(tmp_path.iterdir()) == []  # the file has no name: nothing to clean up, even after a crash


def test_a_site_with_spilled_bodies_builds_the_same_bytes_on_every_worker(tmp_path: Path) -> None:
    """Every body spilled (a limit of 0), on two forked workers that read the bodies from the one file: the
    same site as a clean build with the bodies in memory, first cold, then after an edit."""
    copy_demo(tmp_path)
    paths = SitePaths(tmp_path, tmp_path / "build")
    reference = SitePaths(tmp_path, tmp_path / "reference")
    pipeline.build(paths, search=False, jobs=2, bodies_in_memory=0)
    pipeline.build(reference, search=False, cache=False)
    assert tree_bytes(paths.output) == tree_bytes(reference.output)
    edited = paths.content / "2014" / "timor-leste-membership.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA line spilled with the rest.\n", encoding="utf-8")
    report = pipeline.build(paths, search=False, jobs=2, bodies_in_memory=0)
    assert report.incremental and report.pages == 1
    page = next(p for p in paths.output.rglob("index.html") if b"A line spilled with the rest." in p.read_bytes())
    assert "timor-leste" in page.parent.name
    pipeline.build(SitePaths(tmp_path, tmp_path / "reference2"), search=False, cache=False)
    assert tree_bytes(paths.output) == tree_bytes(tmp_path / "reference2")
    stray = [p for p in paths.cache.rglob("*") if p.is_file() and p.name.startswith("tmp")]
    assert stray == []


def test_a_build_lets_go_of_its_parse_results_and_serve_keeps_them(tmp_path: Path) -> None:
    """A one-off build saves the parse results and keeps none in memory (the articles hold what it needs); a
    resident process (serve) keeps every bucket for its next build. Both give the same site."""
    copy_demo(tmp_path / "one")
    copy_demo(tmp_path / "resident")
    once = SitePaths(tmp_path / "one", tmp_path / "one" / "build")
    resident = SitePaths(tmp_path / "resident", tmp_path / "resident" / "build")
    pipeline.build(once, search=False, jobs=1)
    pipeline.build(resident, search=False, jobs=1, resident=True)
    pipeline.finish_saving()  # a resident build saves its cache once the site is published (serve's next waits)
    folders = {file.parent for file in parse_cache._kept}
    assert not any(folder.is_relative_to(once.cache) for folder in folders)
    assert any(folder.is_relative_to(resident.cache) for folder in folders)
    assert len(os.listdir(once.cache / "parsed")) == parse_cache.BUCKETS  # saved, though let go of
    assert tree_bytes(once.output) == tree_bytes(resident.output)
