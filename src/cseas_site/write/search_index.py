"""The search index: Pagefind bundles (the bundled binary; no network), one per shard of the archive.

Each shard of the plan (output/search_plan.py) is indexed on its own into ``pagefind/<shard>/``; the search
page loads the newest and merges the others (Pagefind's ``mergeIndex``). An edit re-indexes only the shard it
falls in, and memory follows the shard, not the archive.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..archive.urls import SEARCH_BUNDLE
from ..digests import key_of
from ..output.search_plan import SearchPlan, Shard
from ..workers import parallel_map, tie_to
from .pagefind_data import differences, encoded, fragment_url, page_order, put, read, write, write_entry
from .pagefind_data import lengthened as _lengthened
from .search_merge import Unpatchable, merged
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
    last: Callable[[str], tuple[Path, str] | None],
    kept: Callable[[str], bool],
    pages: Path | None,
    jobs: int = 2,
) -> None:
    """Bring site/pagefind to the plan (no plan: no index), whose shard keys are ``wanted``; ``pages`` is the
    folder where each shard's pages are kept linked between builds for Pagefind to read (see _mirror; None: a
    folder in the stage's bundle, removed once the shards are indexed).

    ``have`` are the keys of the shards already in site/pagefind; ``last`` gives the folder a shard has in the
    live tree and its key. A shard whose key did not change stays; one the live tree has with that key is
    hard-linked from there; only the others are indexed again, each given the live folder's fragments of the
    pages whose bytes did not change (``kept(page)``; see _seed). Folders of shards that are gone are removed."""
    bundle = site / SEARCH_BUNDLE
    if search is None:
        remove_path(bundle)
        if pages is not None:
            remove_path(pages)
        return
    bundle.mkdir(exist_ok=True)
    for folder in sorted(bundle.iterdir()):
        if folder.is_dir() and (folder.name not in wanted or have.get(folder.name) != wanted[folder.name]):
            remove_path(folder)
    todo: list[tuple[Shard, Path | None]] = []
    for shard in search.shards:
        target = bundle / shard.name
        if target.is_dir():
            continue
        found = last(shard.name)
        if found is not None and found[1] == wanted[shard.name] and found[0].is_dir():
            link_tree(found[0], target)
        else:
            todo.append((shard, found[0] if found is not None and found[0].is_dir() else None))
    if todo:
        with contextlib.ExitStack() as scratch:
            folder = _pages_folder(pages, site, bundle, {shard.name for shard in search.shards}, scratch)
            _index_all(site, bundle, todo, kept, folder, jobs)
    listing = json.dumps({"shards": search.languages()}, separators=(",", ":"), sort_keys=True).encode("utf-8")
    if not (bundle / SHARDS_FILE).is_file() or (bundle / SHARDS_FILE).read_bytes() != listing:
        put_file(site, f"{SEARCH_BUNDLE}/{SHARDS_FILE}", listing)


def _pages_folder(pages: Path | None, site: Path, bundle: Path, names: set[str], scratch: contextlib.ExitStack) -> Path:
    """The folder Pagefind reads the shards' pages from, ready (``names``: every shard of the plan, whose
    folders it keeps): ``pages``, or a scratch folder in the stage where there is none, or where it is on
    another file system than the site or cannot be written."""
    if pages is not None and _linkable(pages, site):
        try:
            _ready(pages, names)
            return pages
        except OSError:
            pass
    # In the stage, not in the system's temporary folder: a build killed meanwhile leaves it in a stage the next
    # build discards (or in a bundle folder sync() clears), never anywhere else.
    folder = Path(scratch.enter_context(tempfile.TemporaryDirectory(prefix=".pages-", dir=bundle)))
    _ready(folder, names)
    return folder


def _index_all(
    site: Path, bundle: Path, todo: Sequence[tuple[Shard, Path | None]], kept: Callable[[str], bool], pages: Path,
    jobs: int,
) -> None:  # fmt: skip
    """Index the shards of ``todo`` (each with its live folder, if any), two at a time, then renumber them."""
    from concurrent.futures import ThreadPoolExecutor  # here, as in workers.fork_pool: imported when used

    def index(item: tuple[Shard, Path | None]) -> bool:
        shard, previous = item
        return _index_shard(site, bundle / shard.name, shard, previous, kept, pages)

    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(todo)))) as pool:
        whole = [shard for (shard, _previous), indexed in zip(todo, pool.map(index, todo), strict=True) if indexed]
    # Renumbering is Python work: once the Pagefind runs (and their threads) are done, it is spread over forked
    # workers, one shard each, so that it uses every core; a shard indexed alone, by its index chunks.
    if len(whole) == 1:
        _normalised(bundle / whole[0].name, jobs)
    elif whole:
        parallel_map(lambda number: _normalised(bundle / whole[number].name), len(whole), jobs, "indexing", 2)


def _index_shard(
    site: Path, out: Path, shard: Shard, previous: Path | None, kept: Callable[[str], bool], pages: Path
) -> bool:
    """Run Pagefind over the shard's pages only: they are hard-linked, at their own paths (so their URLs are the
    same), into a folder of their own (``pages``/the shard's name), which Pagefind reads as the site. Given the
    whole site and a glob naming the pages instead, Pagefind matched every file of the site against every page
    of the glob: 0.5 s for a shard of 30 pages at 10,000 articles, and a third of the time of a shard of 1,000.
    The pages are all in the shard's language: Pagefind picks its stemmer from their <html lang>.
    ``previous``: the shard's folder in the live tree, whose fragments of pages ``kept`` unchanged Pagefind is
    given instead of writing them. A shard of which few pages changed is patched instead (_patched). Return
    whether the shard was indexed whole (its bundle is then still to be renumbered)."""
    folder = pages / shard.name
    _mirror(folder, site, shard.pages)
    if previous is not None and _patched(site, out, shard, previous, kept, pages):
        return False
    seeded = _seed(out, previous, shard, kept) if previous is not None else False
    _run_pagefind(pages, folder, out)
    names = _fragment_names(out) if seeded else set()
    if _lengthened(names):
        remove_path(out)  # Pagefind lengthened a name (two pages' digests begin alike): see _seed
        _run_pagefind(pages, folder, out)
    elif seeded:
        with os.scandir(out / "fragment") as entries:
            for entry in entries:  # a fragment given that no page has now (none is expected): not published
                if entry.name.removesuffix(".pf_fragment") not in names:
                    os.unlink(entry.path)
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    return True


# A shard is patched (search_merge.py) when at most this share of its pages changed: Pagefind indexes those pages
# alone, and their bundle and the live one are merged. At 10,000 news articles, one old article edited: the merge
# of its 983-page shard takes 0.26-0.31 s, where Pagefind over the shard and renumbering it took 1.0-1.2 s.
PATCH_SHARE = 0.5


def _patched(site: Path, out: Path, shard: Shard, previous: Path, kept: Callable[[str], bool], pages: Path) -> bool:
    """Patch the shard's live bundle (``previous``) into ``out``; return False where it cannot be (``out`` is then
    not there), for the shard to be indexed whole."""
    unchanged = {page for page in shard.pages if kept(page)}
    changed = [page for page in shard.pages if page not in unchanged]
    if len(changed) > PATCH_SHARE * len(shard.pages):
        return False
    with tempfile.TemporaryDirectory(prefix=f".patch-{shard.name}-", dir=pages) as scratch:
        alone = None
        if changed:
            _mirror(Path(scratch) / "pages", site, changed)
            alone = Path(scratch) / "bundle"
            _run_pagefind(pages, Path(scratch) / "pages", alone)
        files = {_url_of(page): safe_join(site, page) for page in shard.pages}
        try:
            merged(out, previous, alone, files, set(map(_url_of, unchanged)), _pagefind_version())
        except (Unpatchable, ValueError, KeyError, IndexError, TypeError, OSError):
            remove_path(out)
            return False
    return True


# Pagefind reads its config from its working folder: the pages folder's (it names no page, so Pagefind, run on a
# shard's folder below it, never reads it as one).
_CONFIG = json.dumps({"glob": "**/*.html"}).encode("utf-8")


def _linkable(pages: Path, site: Path) -> bool:
    """Whether the pages folder is on the site's file system (hard links to its pages can be made there; a kept
    folder of copies would be copied again, whole, at each build, as every copy is a file of its own)."""
    try:
        return os.stat(pages.parent).st_dev == os.stat(site).st_dev
    except OSError:
        return False


def _ready(pages: Path, names: set[str]) -> None:
    """Make the pages folder (in the build cache, or the stage's scratch folder) if it is not there, and take out
    of it the folders of shards the plan no longer has."""
    if pages.is_symlink() or (pages.exists() and not pages.is_dir()):
        remove_path(pages)
    pages.mkdir(exist_ok=True)
    with os.scandir(pages) as entries:
        for entry in entries:
            if entry.name != "pagefind.json" and not (entry.name in names and entry.is_dir(follow_symlinks=False)):
                remove_path(Path(entry.path))
    config = pages / "pagefind.json"
    if not config.is_file() or config.read_bytes() != _CONFIG:
        remove_path(config)
        config.write_bytes(_CONFIG)


def _mirror(folder: Path, site: Path, pages: Sequence[str]) -> None:
    """Make ``folder`` hold exactly the shard's pages of ``site``, each a hard link to the page (a copy where the
    file system has none), at its own path. The folder is kept between builds, so an edit links only the pages
    whose file changed and takes out those gone: making the whole tree again (981 pages of an old article's
    shard, at 10,000 news articles) took 0.49-0.64 s of the 3 s of such an edit, and removing it 0.1 s."""
    for page in pages:
        if not SAFE_PATH.fullmatch(page):
            raise OutputError(f"cannot index {page} for search: unexpected characters in its path")
    if folder.is_dir():
        _prune(str(folder), "", set(pages))
    else:
        folder.mkdir()
    for page in pages:
        source, place = safe_join(site, page), safe_join(folder, page)
        try:
            held = os.lstat(place)
        except FileNotFoundError:
            pass
        else:
            found = os.stat(source)
            if (held.st_ino, held.st_dev) == (found.st_ino, found.st_dev):
                continue  # the very file: the page did not change since
            os.unlink(place)
        _link(source, place)


def _prune(folder: str, prefix: str, wanted: set[str]) -> bool:
    """Remove every file below ``folder`` that is not one of the ``wanted`` paths, and every folder left empty;
    return whether ``folder`` itself is left empty."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            path = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if _prune(entry.path, path + "/", wanted):
                    os.rmdir(entry.path)
                else:
                    empty = False
            elif path in wanted:
                empty = False
            else:
                os.unlink(entry.path)
    return empty


def _run_pagefind(folder: Path, pages: Path, out: Path) -> None:
    command = [str(pagefind_binary()), "--site", str(pages.resolve()), "--output-path", str(out.resolve()),
               "--silent"]  # fmt: skip
    result = subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=3600, check=False,
        preexec_fn=partial(tie_to, os.getpid()),  # a killed build must not leave it writing into a tree
    )  # fmt: skip
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise OutputError(f"search indexing failed: {detail[0]}")


# Pagefind names a page's fragment after the first 7 hex digits of its content's digest ("en_02f816d"), and
# writes no fragment whose file is already there (the name is the content). Given the live shard's fragments of
# the pages whose bytes did not change, it writes only the others: at 10,000 news articles an old article's
# 981-page shard took 0.79-0.90 s to index instead of 1.09-1.52 s. Two traps, both kept out:
# - a fragment given for a page whose bytes changed could bear the name its new fragment gets (7 digits
#   alike: about one edit in 90,000), and would be kept with the old text; so only unchanged pages' are given;
# - when two pages' digests begin alike, Pagefind lengthens one name, and which one by the order it finds
#   them (its own note on this: "the hashes will swap"); so no lengthened name is given, and when a run
#   lengthens a name, the shard is indexed again from nothing.


def _seed(out: Path, previous: Path, shard: Shard, kept: Callable[[str], bool]) -> bool:
    """Hard-link into ``out/fragment`` the fragments of ``previous`` (the shard's live folder, made by this
    Pagefind version) whose page is in the shard with the same bytes; return whether any was."""
    try:
        entry = json.loads((previous / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(entry, dict) or entry.get("version") != _pagefind_version():
        return False
    wanted = {_url_of(page) for page in shard.pages if kept(page)}
    given = False
    try:
        entries = list(os.scandir(previous / "fragment"))
    except OSError:
        return False
    for entry_file in entries:
        name = entry_file.name.removesuffix(".pf_fragment")
        if _lengthened([name]) or fragment_url(entry_file.path) not in wanted:
            continue
        if not given:
            (out / "fragment").mkdir(parents=True)
            given = True
        _link(Path(entry_file.path), out / "fragment" / entry_file.name)
    return given


def _url_of(page: str) -> str:
    """The URL Pagefind gives a page at this output path (it drops a trailing index.html)."""
    return "/" + (page.removesuffix("index.html") if page == "index.html" or page.endswith("/index.html") else page)


def _fragment_names(out: Path) -> set[str]:
    """The fragment names every language of a bundle's meta lists."""
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {
        page[0] for info in entry["languages"].values() for page in read(out / f"pagefind.{info['hash']}.pf_meta")[1]
    }


def _link(page: Path, place: Path) -> None:
    """A hard link to a page at ``place`` (its folder made), or a copy where the file system has no hard links."""
    place.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(page, place, follow_symlinks=False)
    except OSError:
        shutil.copyfile(page, place, follow_symlinks=False)


def _normalised(out: Path, jobs: int = 1) -> None:
    """normalise one shard's bundle; a layout it does not know is an OutputError (which workers can send)."""
    try:
        normalise(out, jobs)
    except (ValueError, KeyError, IndexError, TypeError, OSError) as exc:
        raise _layout_error(exc) from None


def _layout_error(exc: Exception) -> OutputError:
    return OutputError(f"unexpected Pagefind index layout ({exc}); use the pinned pagefind version")


# Pagefind numbers pages in the order it finds the files, which is the file system's directory order (hash
# order on ext4, creation order on tmpfs), and writes filter values in hash-map order, which changes from run
# to run. We renumber the pages by their fragment's hash (their content) and rewrite every file that names
# page numbers, sorted, so the same site gives byte-identical bundles on any file system and in any run.
def _renumbered(files: Sequence[Path], new: list[int], number: int) -> bytes:
    """Index chunk file ``number``'s bytes with its pages renumbered (``new``: old page number -> new one)."""
    try:
        [words] = read(files[number])
        return encoded([_chunk(words, new)])
    except (ValueError, KeyError, IndexError, TypeError) as exc:  # raised in a worker: sent as an OutputError
        raise _layout_error(exc) from None


def _renumber(postings: list[list[Any]], new: list[int]) -> None:
    """Renumber a word's [page, locations, meta locations] entries in place and put them in page order. Each
    page number is written as the difference from the one before it, as Pagefind writes them."""
    page = 0
    for entry in postings:
        page += entry[0]
        entry[0] = new[page]
    differences(postings, True)


def _chunk(words: list[list[Any]], new: list[int]) -> list[list[Any]]:
    """An index chunk's words (each with its pages, and its variants with theirs), renumbered in place.

    A word's variants (its accented spellings: "café" beside "cafe") are put in the order of their text: Pagefind
    lists them in the order it met them, page by page, in the file system's directory order, so that the same
    site gave other bytes on another file system."""
    for _word, postings, variants in words:
        _renumber(postings, new)
        for _variant, more in variants:
            _renumber(more, new)
        variants.sort(key=itemgetter(0))
    return words


# A shard's index chunks are renumbered on forked workers when it is the only shard indexed (an edit) and has
# this many (at 10,000 news articles a shard of about 1,000 pages has 37-43, one of 236-241 pages 11, of 124
# pages 6, of 27 pages 2).
CHUNKS_PARALLEL_FROM = 8


def normalise(bundle: Path, jobs: int = 1) -> None:
    """Renumber the pages of a Pagefind bundle by content, sort filter values and lists, and rename the files
    after their new bytes. ``jobs``: the processes its index chunks may be renumbered on."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_file = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read(meta_file)
        new = page_order(meta[1])  # old page number -> new one
        meta[1] = sorted(meta[1])
        meta[4] = sorted([name, [new[old] for old in pages]] for name, pages in meta[4])  # Pagefind: hash-map order
        files = [bundle / "index" / f"{chunk_hash}.pf_index" for _start, _end, chunk_hash in meta[2]]
        made = parallel_map(partial(_renumbered, files, new), len(files), jobs, "indexing", CHUNKS_PARALLEL_FROM)
        for file in files:  # all gone before the new ones are named: a name is never taken by an old file
            file.unlink()
        folder = bundle / "index"
        meta[2] = [[start, end, put(folder, f"{language}_", ".pf_index", data, 7)]
                   for (start, end, _hash), data in zip(meta[2], made, strict=True)]  # fmt: skip
        renamed = []
        for filter_name, filter_hash in meta[3]:
            old_file = bundle / "filter" / f"{filter_hash}.pf_filter"
            name, values = read(old_file)
            old_file.unlink()
            values = sorted([value, sorted(new[old] for old in pages)] for value, pages in values)
            renamed.append([filter_name, write(bundle / "filter", f"{language}_", ".pf_filter", [name, values], 7)])
        meta[3] = sorted(renamed)
        meta_file.unlink()
        info["hash"] = write(bundle, "pagefind.", ".pf_meta", meta, 10).removeprefix("pagefind.")
    write_entry(bundle, entry)
