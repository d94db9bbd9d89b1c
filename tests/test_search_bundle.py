"""The Pagefind bundle as the build rewrites it (write/search_index.normalise), over real Pagefind output."""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cseas_site.write import pagefind_data, search_index, search_merge
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
        [words] = pagefind_data.read(chunk)
        for _word, _postings, variants in words:
            if len(variants) > 1:
                variants.reverse()
                reordered += 1
        chunk.write_bytes(pagefind_data.encoded([words]))
    assert reordered == 2  # "viet" and "cafe" have two spellings besides their plain one
    search_index.normalise(met)
    search_index.normalise(other)
    assert tree_bytes(met) == tree_bytes(other)


# A patched shard (write/search_merge.py) against the same pages indexed whole: pages of words with accented
# spellings (variants), filters, meta fields only some pages have (the meta fields' list changes when the last
# page with one leaves), and a sort value most pages have.
WORDS = ["report", "reports", "trade", "Việt", "Viêt", "viet", "café", "cafe", "naïve", "Jakarta", "ASEAN", "2016"]


@st.composite
def _page(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "words": draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)),
        "tags": draw(st.lists(st.sampled_from(["Trade", "Laos", "Sea"]), max_size=2, unique=True)),
        "image": draw(st.booleans()),
        "sort": draw(st.sampled_from([None, "a", "b", "c", "d", "e", "f", "g", "h"])),
    }


def _html(number: int, page: dict[str, Any]) -> str:
    tags = "".join(f'<span data-pagefind-filter="tag">{tag}</span>' for tag in page["tags"])
    image = '<img data-pagefind-meta="image[src]" src="/i.jpg" alt="">' if page["image"] else ""
    sort = f' data-pagefind-sort="date:{page["sort"]} {number:03d}"' if page["sort"] else ""  # never a tie
    return (
        f'<!DOCTYPE html><html lang="en"><body><article data-pagefind-body{sort}><h1>{page.get("title", f"Page {number}")}</h1>{image}'
        f"<p>{' '.join(page['words'])}</p>{tags}</article></body></html>"
    )


def _site(root: Path, pages: dict[int, dict[str, Any]]) -> dict[str, Path]:
    files = {}
    for number, page in pages.items():
        file = root / f"p{number}" / "index.html"
        file.parent.mkdir(parents=True)
        file.write_text(_html(number, page), encoding="utf-8")
        files[f"p{number}/index.html"] = file
    return files


def _whole(root: Path, pages: dict[int, dict[str, Any]]) -> Path:
    """The pages indexed by Pagefind and renumbered, as a shard indexed whole is."""
    _site(root / "site", pages)
    (root / "pagefind.json").write_bytes(search_index._CONFIG)
    search_index._run_pagefind(root, root / "site", root / "out")
    search_index.normalise(root / "out")
    for name in search_index.UNUSED:
        (root / "out" / name).unlink()
    return root / "out"


def _patch(root: Path, live: Path, pages: dict[int, dict[str, Any]], changed: set[int]) -> Path:
    """The live bundle patched with the ``changed`` pages of ``pages`` indexed alone."""
    files = _site(root / "site", pages)
    (root / "pagefind.json").write_bytes(search_index._CONFIG)
    alone = None
    if changed:
        _site(root / "alone", {number: pages[number] for number in changed})
        search_index._run_pagefind(root, root / "alone", root / "bundle")
        alone = root / "bundle"
    urls = {search_index._url_of(path): file for path, file in files.items()}
    kept = {f"/p{number}/" for number in pages if number not in changed}
    search_merge.merged(root / "out", live, alone, urls, kept, search_index._pagefind_version())
    return root / "out"


def _plain(*words: str) -> dict[str, Any]:
    return {"words": list(words), "tags": [], "image": False, "sort": "a"}


@settings(max_examples=20, deadline=None)
@example(  # a spelling new to the shard sorts before one it has ("viêt" < "việt")
    pages=[_plain("Việt", "trade"), _plain("report")], edits=[("edit", 1, _plain("Viêt", "report"))]
)
@example(  # the last page with an image leaves: the meta fields' list loses "image"
    pages=[{**_plain("trade"), "image": True}, _plain("café")], edits=[("remove", 0, _plain("x"))]
)
@example(  # two pages leave, the one with an image and one without: "image" goes, "title" stays
    pages=[{**_plain("trade"), "image": True}, _plain("café"), _plain("report")],
    edits=[("remove", 0, _plain("x")), ("remove", 0, _plain("x"))],
)
@given(
    pages=st.lists(_page(), min_size=2, max_size=8),
    edits=st.lists(st.tuples(st.sampled_from(["edit", "add", "remove"]), st.integers(0, 7), _page()), min_size=1),
)
def test_a_patched_shard_is_byte_for_byte_the_shard_indexed_whole(
    pages: list[dict[str, Any]], edits: list[tuple[str, int, dict[str, Any]]]
) -> None:
    """The live bundle of some pages, patched with the pages that changed (edited or added: indexed alone by
    Pagefind) and without those gone, is the very bundle of the new pages indexed whole."""
    before = dict(enumerate(pages))
    after = dict(before)
    changed: set[int] = set()
    for kind, index, page in edits:
        number = sorted(after)[index % len(after)]
        if kind == "remove" and len(after) > 1:
            del after[number]
            changed.discard(number)
        elif kind != "remove":
            number = number if kind == "edit" else max(after) + 1
            after[number] = page
            changed.add(number)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        live = _whole(root / "live", before)
        patched = _patch(root / "patched", live, after, {n for n in changed if before.get(n) != after[n]})
        assert tree_bytes(patched) == tree_bytes(_whole(root / "whole", after))


def test_a_patched_shard_of_many_index_chunks_is_the_shard_indexed_whole(tmp_path: Path) -> None:
    """Where the index is cut into chunks, a patched shard is cut, and each chunk's range of words named, as
    Pagefind cuts and names the shard indexed whole. Pagefind closes a chunk once its words' locations, meta
    locations and pages add up to 20,000: "agrk", on each of 50 pages 395 times and once in the title, closes
    one alone only with its meta locations counted; "agzk" closes the next, which then holds it alone, and as
    the one after starts at "anvil", that chunk's range ends at the word "agzk" whole ("ag" sorts before
    "agz"), as the first's ends at "agrk" ("agr" sorts before it)."""
    words = random.Random(11)
    vocabulary = ["".join(words.choice("bcdefghij") for _ in range(words.randint(2, 9))) for _ in range(2000)]

    def page(count: int) -> dict[str, Any]:
        filler = [words.choice(vocabulary) for _ in range(count)]
        return {**_plain(*["agrk"] * 395, *["agzk"] * 410, "anvil", *filler), "title": "Agrk"}

    pages = {n: page(300) for n in range(50)}
    live = _whole(tmp_path / "live", pages)
    edited = {**pages, 7: page(600), 50: page(10)}
    del edited[20]
    patched = _patch(tmp_path / "patched", live, edited, {7, 50})
    whole = _whole(tmp_path / "whole", edited)
    entry = json.loads((whole / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = pagefind_data.read(whole / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    assert [chunk[:2] for chunk in meta[2]][:3] == [["agrk", "agrk"], ["agz", "agzk"], ["an", "fefe"]]
    [postings] = [word[1] for word in pagefind_data.read(whole / "index" / f"{meta[2][0][2]}.pf_index")[0]
                  if word[0] == "agrk"]  # fmt: skip
    assert sum(len(p[1]) + 1 for p in postings) < 20000 <= sum(len(p[1]) + len(p[2]) + 1 for p in postings)
    assert tree_bytes(patched) == tree_bytes(whole)


@pytest.mark.parametrize(
    ("sorts", "reason"),
    [
        (["2020-01-01", "2020-01-01", "2020-01-02"], "tie"),  # Pagefind orders such pages by the order it found them
        (["3", "1.5", "2"], "numbers"),  # Pagefind compares them as numbers
        (["b", None, "a"], "plain form"),  # one page's value taken from its text, not written in the attribute
    ],
)
def test_a_shard_whose_sort_values_the_patch_cannot_reproduce_is_left_to_be_indexed_whole(
    tmp_path: Path, sorts: list[str | None], reason: str
) -> None:
    """The bundle holds each sort's order of pages, not their values: the patch reads the values from the pages,
    and refuses (Unpatchable: the shard is then indexed whole) where it could not order them as Pagefind does."""
    pages = {n: _plain("trade", f"word{n}") for n in range(3)}
    live = _whole(tmp_path / "live", pages)
    files = _site(tmp_path / "site", pages)
    for (_path, file), value in zip(sorted(files.items()), sorts, strict=True):
        attribute = f'data-pagefind-sort="date:{value}"' if value is not None else 'data-pagefind-sort="date"'
        file.write_text(file.read_text(encoding="utf-8").replace('data-pagefind-sort="date:a', attribute + ' x="'))
    urls = {search_index._url_of(path): file for path, file in files.items()}
    with pytest.raises(search_merge.Unpatchable, match=reason):
        search_merge.merged(tmp_path / "out", live, None, urls, set(urls), search_index._pagefind_version())
