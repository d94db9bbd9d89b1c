"""The Pagefind bundle as the build rewrites it (write/search_index.normalise), over real Pagefind output."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from cseas_site.write import search_index
from helpers import tree_bytes


def _raw_bundle(root: Path, pages: int) -> Path:
    """Pagefind's own output (not yet renumbered) for ``pages`` English pages of varied words."""
    words = random.Random(7)
    vocabulary = ["".join(words.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8)) for _ in range(3000)]
    for number in range(pages):
        body = " ".join(words.choice(vocabulary) for _ in range(400))
        page = root / "site" / f"page-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<!DOCTYPE html><html lang="en"><head><title>P{number}</title></head><body>'
            f"<article data-pagefind-body><h1>Page {number}</h1><p>{body}</p>"
            f'<span data-pagefind-filter="year">{2000 + number % 5}</span></article></body></html>',
            encoding="utf-8",
        )
    (root / "pagefind.json").write_bytes(search_index._CONFIG)
    search_index._run_pagefind(root, root / "site", root / "out")
    return root / "out"


def test_a_shard_renumbered_on_two_workers_is_byte_for_byte_the_one_renumbered_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit's one shard has its index chunks renumbered on every core; the bundle must be the very bytes a
    single process makes (a clean build's shards are renumbered one process each)."""
    raw = _raw_bundle(tmp_path / "raw", 60)
    alone, shared = tmp_path / "alone", tmp_path / "shared"
    shutil.copytree(raw, alone)
    shutil.copytree(raw, shared)
    search_index.normalise(alone, jobs=1)
    monkeypatch.setattr(search_index, "CHUNKS_PARALLEL_FROM", 2)
    search_index.normalise(shared, jobs=2)
    assert len(list((alone / "index").iterdir())) >= 4  # chunks enough for both workers
    assert tree_bytes(alone) == tree_bytes(shared)
    assert tree_bytes(alone) != tree_bytes(raw)  # renumbered and renamed: not Pagefind's files as they were


def test_accented_spellings_of_a_word_come_out_in_one_order_whatever_order_pagefind_met_them(tmp_path: Path) -> None:
    """Pagefind keeps "café", "cafè" beside "cafe" as the word's variants, listed in the order it met them: page
    by page in the file system's directory order (hash order on ext4, creation order on tmpfs). The same site
    must give the same bundle on any file system, so a bundle whose variants come in another order normalises to
    the same bytes."""
    site = tmp_path / "raw" / "site"
    spellings = ["Việt", "Viêt", "Viet", "café", "cafè", "cafë", "naïve", "résumé"]
    for number in range(12):
        words = " ".join(spellings[(number + step) % len(spellings)] for step in range(0, len(spellings), 2))
        page = site / f"page-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<!DOCTYPE html><html lang="en"><body><article data-pagefind-body><h1>Page {number}</h1>'
            f"<p>{words}</p></article></body></html>",
            encoding="utf-8",
        )
    (tmp_path / "raw" / "pagefind.json").write_bytes(search_index._CONFIG)
    search_index._run_pagefind(tmp_path / "raw", site, tmp_path / "raw" / "out")
    met, other = tmp_path / "met", tmp_path / "other"
    shutil.copytree(tmp_path / "raw" / "out", met)
    shutil.copytree(tmp_path / "raw" / "out", other)
    reordered = 0
    for chunk in (other / "index").iterdir():
        [words] = search_index._read(chunk)
        for _word, _postings, variants in words:
            if len(variants) > 1:
                variants.reverse()
                reordered += 1
        chunk.write_bytes(search_index._encoded([words]))
    assert reordered == 2  # "viet" and "cafe" have two spellings besides their plain one
    search_index.normalise(met)
    search_index.normalise(other)
    assert tree_bytes(met) == tree_bytes(other)
