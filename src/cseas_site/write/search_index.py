"""The search index: Pagefind bundles (the bundled binary; no network), one per shard of the archive.

Each shard of the plan (output/search_plan.py) is indexed on its own into ``pagefind/<shard>/``; the search
page loads the newest and merges the others (Pagefind's ``mergeIndex``). An edit re-indexes only the shard it
falls in, and memory follows the shard, not the archive.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any

import cbor2

from ..archive.urls import SEARCH_BUNDLE
from ..digests import key_of
from ..output.search_plan import SearchPlan, Shard
from ..workers import parallel_map, tie_to
from .writer import OutputError, link_tree, put_file, remove_path, safe_join

SHARDS_FILE = "shards.json"  # the shard folders of each language, newest first
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
SAFE_PATH = re.compile(r"[A-Za-z0-9._/-]+")  # what a page path may hold (archive/urls makes them so)


def pagefind_binary() -> Path:
    """Return the Pagefind executable shipped by the pagefind-bin wheel."""
    try:
        import pagefind_bin  # type: ignore[import-untyped]
    except ImportError:
        raise OutputError(
            "search needs the pagefind[bin] package: pip install 'pagefind[bin]' (or use --no-search)"
        ) from None
    return Path(pagefind_bin.get_executable())


def _pagefind_version() -> str:
    from importlib import metadata  # here: it is slow to import, and only a search build needs it

    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:  # without it, indexing stops with pagefind_binary()'s message
        return "none"


def shard_keys(search: SearchPlan | None, hashes: Mapping[str, str]) -> dict[str, str]:
    """Digest of each shard's input (its pages' bytes): an unchanged key means an unchanged bundle."""
    if search is None:
        return {}
    version = _pagefind_version()
    return {
        shard.name: key_of(version, shard.language, shard.name, [(p, hashes.get(p, "")) for p in shard.pages])
        for shard in search.shards
    }


def sync(
    site: Path,
    search: SearchPlan | None,
    have: Mapping[str, str],
    wanted: Mapping[str, str],
    elsewhere: Callable[[str, str], Path | None],
    jobs: int = 2,
) -> None:
    """Bring site/pagefind to the plan (no plan: no index), whose shard keys are ``wanted``.

    ``have`` are the keys of the shards already in site/pagefind; a shard whose key did not change stays,
    one that ``elsewhere`` has with that key (a folder in the live tree) is hard-linked from there,
    and only the others are indexed again. Folders of shards that are gone are removed."""
    bundle = site / SEARCH_BUNDLE
    if search is None:
        remove_path(bundle)
        return
    bundle.mkdir(exist_ok=True)
    for folder in sorted(bundle.iterdir()):
        if folder.is_dir() and (folder.name not in wanted or have.get(folder.name) != wanted[folder.name]):
            remove_path(folder)
    todo = []
    for shard in search.shards:
        target = bundle / shard.name
        if target.is_dir():
            continue
        source = elsewhere(shard.name, wanted[shard.name])
        if source is not None and source.is_dir():
            link_tree(source, target)
        else:
            todo.append(shard)
    from concurrent.futures import ThreadPoolExecutor  # here, as in workers.fork_pool: imported when used

    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(todo)))) as pool:
        list(pool.map(lambda shard: _index_shard(site, bundle / shard.name, shard), todo))
    # Renumbering is Python work: once the Pagefind runs (and their threads) are done, it is spread over forked
    # workers, one shard each, so that it uses every core.
    parallel_map(lambda index: _normalised(bundle / todo[index].name), len(todo), jobs, "indexing", 2)
    listing = json.dumps({"shards": search.languages()}, separators=(",", ":"), sort_keys=True).encode("utf-8")
    if not (bundle / SHARDS_FILE).is_file() or (bundle / SHARDS_FILE).read_bytes() != listing:
        put_file(site, f"{SEARCH_BUNDLE}/{SHARDS_FILE}", listing)


def _index_shard(site: Path, out: Path, shard: Shard) -> None:
    """Run Pagefind over the shard's pages only: they are hard-linked, at their own paths (so their URLs are the
    same), into a folder of their own, which Pagefind reads as the site. Given the whole site and a glob naming
    the pages instead, Pagefind matched every file of the site against every page of the glob: 0.5 s for a
    shard of 30 pages at 10,000 articles, and a third of the time of a shard of 1,000. The pages are all in the
    shard's language: Pagefind picks its stemmer from their <html lang>."""
    # Pagefind reads its config from its working folder. That folder is made in the stage's bundle folder, not
    # in the system's temporary folder: a build killed meanwhile leaves it in a stage the next build discards
    # (or in a bundle folder sync() clears), never behind outside the trees the tool owns.
    with tempfile.TemporaryDirectory(prefix=".config-", dir=out.parent) as folder:
        pages = Path(folder, "site")
        for page in shard.pages:
            if not SAFE_PATH.fullmatch(page):
                raise OutputError(f"cannot index {page} for search: unexpected characters in its path")
            _link(safe_join(site, page), safe_join(pages, page))
        Path(folder, "pagefind.json").write_text(json.dumps({"glob": "**/*.html"}), encoding="utf-8")
        command = [str(pagefind_binary()), "--site", str(pages.resolve()), "--output-path", str(out.resolve()),
                   "--silent"]  # fmt: skip
        result = subprocess.run(
            command, cwd=folder, capture_output=True, text=True, timeout=3600, check=False,
            preexec_fn=partial(tie_to, os.getpid()),  # a killed build must not leave it writing into a tree
        )  # fmt: skip
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise OutputError(f"search indexing failed: {detail[0]}")
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)


def _link(page: Path, place: Path) -> None:
    """A hard link to a page at ``place`` (its folder made), or a copy where the file system has no hard links."""
    place.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(page, place, follow_symlinks=False)
    except OSError:
        shutil.copyfile(page, place, follow_symlinks=False)


def _normalised(out: Path) -> None:
    """normalise one shard's bundle; a layout it does not know is an OutputError (which workers can send)."""
    try:
        normalise(out)
    except (ValueError, KeyError, IndexError, TypeError, OSError) as exc:
        raise OutputError(f"unexpected Pagefind index layout ({exc}); use the pinned pagefind version") from None


# Pagefind numbers pages in the order it finds the files, which is the file system's directory order (hash
# order on ext4, creation order on tmpfs), and writes filter values in hash-map order, which changes from run
# to run. We renumber the pages by their fragment's hash (their content) and rewrite every file that names
# page numbers, sorted, so the same site gives byte-identical bundles on any file system and in any run.
SIGNATURE = b"pagefind_dcd"


def _read(file: Path) -> Any:
    data = gzip.decompress(file.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{file.name}: not a Pagefind data file")
    return cbor2.loads(data[len(SIGNATURE) :])


def _write(folder: Path, prefix: str, suffix: str, value: Any, digits: int) -> str:
    """Write a Pagefind data file named by its content (a longer name if another file took the short one);
    return the name without its suffix."""
    data = gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=6, mtime=0)  # lists only: one encoding
    full = hashlib.sha256(data).hexdigest()
    while True:
        name = f"{prefix}{full[:digits]}"
        target = folder / f"{name}{suffix}"
        if not target.exists() or target.read_bytes() == data:
            break
        digits += 1
    target.write_bytes(data)
    return name


def _renumber(postings: list[list[Any]], new: list[int]) -> None:
    """Renumber a word's [page, locations, meta locations] entries in place and put them in page order. Each
    page number is written as the difference from the one before it, as Pagefind writes them."""
    page = 0
    for entry in postings:
        page += entry[0]
        entry[0] = new[page]
    postings.sort(key=itemgetter(0))
    previous = 0
    for entry in postings:
        page = entry[0]
        entry[0] = page - previous
        previous = page


def _chunk(words: list[list[Any]], new: list[int]) -> list[list[Any]]:
    """An index chunk's words (each with its pages, and its variants with theirs), renumbered in place."""
    for _word, postings, variants in words:
        _renumber(postings, new)
        for _variant, more in variants:
            _renumber(more, new)
    return words


def normalise(bundle: Path) -> None:
    """Renumber the pages of a Pagefind bundle by content, sort filter values and lists, and rename the files
    after their new bytes."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_file = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_file)
        order = sorted(range(len(meta[1])), key=lambda number: tuple(meta[1][number]))
        new = [0] * len(order)  # old page number -> new one
        for position, old in enumerate(order):
            new[old] = position
        meta[1] = [meta[1][old] for old in order]
        meta[4] = [[name, [new[old] for old in pages]] for name, pages in meta[4]]
        chunks = []
        for start, end, chunk_hash in meta[2]:
            old_file = bundle / "index" / f"{chunk_hash}.pf_index"
            [words] = _read(old_file)
            old_file.unlink()
            chunks.append([start, end, _write(bundle / "index", f"{language}_", ".pf_index", [_chunk(words, new)], 7)])
        meta[2] = chunks
        renamed = []
        for filter_name, filter_hash in meta[3]:
            old_file = bundle / "filter" / f"{filter_hash}.pf_filter"
            name, values = _read(old_file)
            old_file.unlink()
            values = sorted([value, sorted(new[old] for old in pages)] for value, pages in values)
            renamed.append([filter_name, _write(bundle / "filter", f"{language}_", ".pf_filter", [name, values], 7)])
        meta[3] = sorted(renamed)
        meta_file.unlink()
        info["hash"] = _write(bundle, "pagefind.", ".pf_meta", meta, 10).removeprefix("pagefind.")
    entry_file.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8"
    )
