"""An edited shard's search bundle, patched instead of indexed again.

Pagefind has no incremental mode: an edit to one old article indexed its whole shard again, 0.8-0.9 s of the
1.5 s such an edit took at 10,000 news articles. But what Pagefind makes of a set of pages is a function of each
page's own data, merged: a word's postings are each page's locations of it, a filter value's pages those that
have it, the index cut into chunks by a rule of its sizes (_chunks, _ranges), a meta location naming its field by
its place in the bundle's list of fields, a sort's pages in the order of values the pages hold (_sorts). Those
rules were read from Pagefind 1.5.2's output (its 1.5 source is not public here) and hold on every bundle of the
benchmark corpora. So a shard's new bundle is its live
bundle without the pages that changed or left, merged with a bundle Pagefind makes of the changed pages alone
(20 ms for one page), and renumbered as search_index.normalise renumbers a whole shard: the very bytes of the
shard indexed again. tests/test_search_bundle.py holds that against Pagefind's own runs.

Whatever is not as this expects (another layout, a fragment name Pagefind lengthened, sort values that are not
plain strings or that tie, ...) raises Unpatchable, and the shard is indexed whole, as before.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import libipld

from .pagefind_data import (
    SIGNATURE,
    compressed,
    decoded,
    differences,
    fragment_url,
    lengthened,
    page_order,
    put,
    read,
    read_json,
    write,
    write_entry,
)

CHUNK_SIZE = 20000  # Pagefind closes an index chunk once its words' sizes (see _chunks) add up to this


class Unpatchable(Exception):
    """The live bundle cannot be patched into the new one: the shard is indexed whole."""


@dataclass(frozen=True, slots=True)
class _Bundle:
    folder: Path
    entry: dict[str, Any]
    language: str
    meta: list[Any]  # [version, pages, chunks, filters, sorts, meta keys] (pagefind_data)
    urls: list[str]  # each page's URL, by page number

    def fields(self, number: int) -> frozenset[str]:
        """The meta fields page ``number`` has."""
        return frozenset(read_json(self.folder / "fragment" / f"{self.meta[1][number][0]}.pf_fragment")["meta"])


def merged(out: Path, live: Path, alone: Path | None, pages: Mapping[str, Path], kept: set[str], version: str) -> None:
    """Write into ``out`` (not there yet) the bundle of a shard whose pages are ``pages`` (URL -> the page's file),
    made of ``live``, the shard's live bundle (normalised), whose pages ``kept`` (URLs) are still the shard's with
    the same bytes, and ``alone``, Pagefind's bundle of the other pages (None: there are none). Raise
    Unpatchable where that cannot be done."""
    old = _open(live, version, False)
    if old.meta[1] != sorted(old.meta[1]):
        raise Unpatchable("the live bundle's pages are not in the order normalise gives them")
    new = _open(alone, version, True) if alone is not None else None
    if new is not None and (new.language != old.language or _fixed(new.entry) != _fixed(old.entry)):
        raise Unpatchable("the pages indexed alone make another kind of bundle")
    keep = [url in kept for url in old.urls]
    listed, old_new, new_new = _numbering(old, new, keep, pages)
    sorts = _sorts(old, old_new, new, new_new, pages, len(listed))  # first: the likeliest to find it cannot be done
    found = _filters(old, old_new, new, new_new)
    meta_keys = _meta_fields(old, new, keep)
    out.mkdir()
    _link_files(out, old, new, keep)
    language = old.language
    second = _words(new, new_new, meta_keys) if new is not None else None
    chunks = _write_index(out / "index", language, _words(old, old_new, meta_keys), second)
    (out / "filter").mkdir()
    filters = [[name, write(out / "filter", f"{language}_", ".pf_filter", [name, values], 7)] for name, values in found]
    meta = [old.meta[0], listed, chunks, sorted(filters), sorts, meta_keys]
    entry = json.loads(json.dumps(old.entry))
    info = entry["languages"][language]
    info["hash"] = write(out, "pagefind.", ".pf_meta", meta, 10).removeprefix("pagefind.")
    info["page_count"] = len(listed)
    write_entry(out, entry)


def _numbering(
    old: _Bundle, new: _Bundle | None, keep: list[bool], pages: Mapping[str, Path]
) -> tuple[list[list[Any]], list[int | None], list[int | None]]:
    """The new bundle's pages, numbered as normalise numbers them (by fragment name and word count), and the
    new number of each page of the old and of the new bundle (None: the page left)."""
    named = [page for page, stays in zip(old.meta[1], keep, strict=True) if stays]
    added = new.meta[1] if new is not None else []
    urls = [url for url, stays in zip(old.urls, keep, strict=True) if stays] + (new.urls if new is not None else [])
    if sorted(urls) != sorted(pages):
        raise Unpatchable("the bundles do not hold the shard's pages")
    names = [name for name, _count in named + added]
    if len(set(names)) != len(names) or lengthened(names):
        raise Unpatchable("two pages' fragment names begin alike (Pagefind would lengthen one)")
    place = page_order(named + added)
    kept_at = iter(place[: len(named)])
    return sorted(named + added), [next(kept_at) if s else None for s in keep], list(place[len(named) :])


def _link_files(out: Path, old: _Bundle, new: _Bundle | None, keep: list[bool]) -> None:
    """Link into ``out`` the fragments of the pages kept and of the new ones, and the live bundle's scripts and
    WebAssembly."""
    (out / "fragment").mkdir()
    names = [page[0] for page, stays in zip(old.meta[1], keep, strict=True) if stays]
    _link(f"{old.folder}/fragment", f"{out}/fragment", [f"{name}.pf_fragment" for name in names])
    if new is not None:
        _link(f"{new.folder}/fragment", f"{out}/fragment", [f"{name}.pf_fragment" for name, _count in new.meta[1]])
    with os.scandir(old.folder) as entries:
        files = [e.name for e in entries if e.is_file(follow_symlinks=False)]
    _link(str(old.folder), str(out), [name for name in files if not name.endswith((".pf_meta", "-entry.json"))])


def _write_index(
    folder: Path, language: str, first: Iterator[_Word], second: Iterator[_Word] | None
) -> list[list[str]]:
    """Write the index chunks of both bundles' words merged; return the chunks' entries of the meta file."""
    folder.mkdir()
    with ThreadPoolExecutor(max_workers=2) as pool:  # files are gzipped while words are merged (zlib frees the GIL)
        made = [
            (chunk[0][0], chunk[-1][0], pool.submit(compressed, SIGNATURE + libipld.encode_dag_cbor([chunk])))
            for chunk in _chunks(_merge_words(first, second if second is not None else iter(())))
        ]
        chunks = [[start, end, put(folder, f"{language}_", ".pf_index", data.result(), 7)] for start, end, data in made]
    _ranges(chunks)
    return chunks


def _open(folder: Path, version: str, whole: bool) -> _Bundle:
    """A bundle, read; ``whole``: every fragment read whole, to check that the bundle lists the meta fields its
    pages have (Pagefind's own bundle of the changed pages, a few), else only each fragment's URL (the live one,
    which this code or normalise wrote)."""
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    if not isinstance(entry, dict) or entry.get("version") != version or len(entry["languages"]) != 1:
        raise Unpatchable("a bundle of another Pagefind, or of several languages")
    [(language, info)] = entry["languages"].items()
    meta = read(folder / f"pagefind.{info['hash']}.pf_meta")
    if not isinstance(meta, list) or len(meta) != 6 or meta[0] != version:
        raise Unpatchable("an index of another layout")
    fragments = f"{folder}/fragment"
    urls = [fragment_url(f"{fragments}/{name}.pf_fragment") for name, _count in meta[1]]
    if None in urls:
        raise Unpatchable("a fragment without its URL")
    bundle = _Bundle(folder, entry, language, meta, urls)  # type: ignore[arg-type]
    if whole and sorted(frozenset().union(*map(bundle.fields, range(len(urls))))) != meta[5]:
        raise Unpatchable("meta fields listed otherwise than the pages have them")
    return bundle


def _meta_fields(old: _Bundle, new: _Bundle | None, keep: list[bool]) -> list[str]:
    """The meta fields of the pages kept and the new ones. A field of a page gone stays where a page kept has it
    (looked for in their fragments, a field all pages have found at the first)."""
    gone = set(old.meta[5]) & frozenset().union(*(old.fields(n) for n, stays in enumerate(keep) if not stays))
    for number, stays in enumerate(keep):  # each fragment read once, until every field of those pages is found
        if not gone:
            break
        if stays:
            gone -= old.fields(number)
    return sorted((set(old.meta[5]) - gone) | set(new.meta[5] if new is not None else []))


def _fixed(entry: dict[str, Any]) -> dict[str, Any]:
    """What a bundle's entry says besides its languages (the characters it indexes, its version)."""
    return {key: value for key, value in entry.items() if key != "languages"}


def _link(source: str, target: str, names: list[str]) -> None:
    """Hard-link each named file of folder ``source`` into folder ``target``."""
    for name in names:
        os.link(f"{source}/{name}", f"{target}/{name}", follow_symlinks=False)


def _postings(
    postings: list[list[Any]], new: list[int | None], fields: list[int] | None
) -> tuple[list[list[Any]], int]:
    """A word's postings with their pages renumbered (absolute numbers), those of pages gone left out, and the
    meta fields their meta locations name renumbered (``fields``; None: they keep their numbers); and their size
    in Pagefind's chunking (see _chunks)."""
    kept = []
    page = size = 0
    for posting in postings:
        page += posting[0]
        number = new[page]
        if number is not None:
            where = posting[2]
            if fields is not None and where:  # a field is named by -1 - its place in the meta fields' list
                where = [-1 - fields[-1 - n] if n < 0 else n for n in where]
            kept.append([number, posting[1], where])
            size += len(posting[1]) + len(where) + 1
    return kept, size


def _gunzipped(file: Path) -> bytes:
    return gzip.decompress(file.read_bytes())


# word, postings, variants (absolute page numbers), and the postings' size
_Word = tuple[str, list[list[Any]], dict[str, list[list[Any]]], int]


def _words(bundle: _Bundle, new: list[int | None], keys: list[str]) -> Iterator[_Word]:
    """A bundle's words in order, their pages renumbered, and their meta locations' fields renumbered to those
    of ``keys``, the new bundle's meta fields."""
    places = [keys.index(key) if key in keys else -1 for key in bundle.meta[5]]  # -1: no page kept has it
    fields = None if places == list(range(len(places))) else places
    files = [bundle.folder / "index" / f"{name}.pf_index" for _start, _end, name in bundle.meta[2]]
    with ThreadPoolExecutor(max_workers=1) as pool:  # the next files gunzipped while these words are merged
        for file, data in zip(files, pool.map(_gunzipped, files), strict=True):
            [words] = decoded(data, file.name)
            for word, postings, variants in words:
                kept, size = _postings(postings, new, fields)
                yield word, kept, {spelling: _postings(more, new, fields)[0] for spelling, more in variants}, size


def _merge_words(first: Iterator[_Word], second: Iterator[_Word]) -> Iterator[tuple[list[Any], int]]:
    """The words of both (each in order), merged, as index entries (with their size): postings in page order,
    page numbers as differences, variants in the order of their text; a word no page has any more is left out.
    The first's pages keep their order when renumbered (it is normalised), so its postings need no sorting; the
    second is Pagefind's own, its pages renumbered out of order."""
    a, b = next(first, None), next(second, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            assert a is not None
            (word, postings, variants, size), mixed = a, False
            a = next(first, None)
        elif a is None or b[0] < a[0]:
            (word, postings, variants, size), mixed = b, True
            b = next(second, None)
        else:
            word, postings, variants, size = a[0], a[1] + b[1], dict(a[2]), a[3] + b[3]
            for spelling, more in b[2].items():
                variants[spelling] = variants.get(spelling, []) + more
            mixed = True
            a, b = next(first, None), next(second, None)
        listed = [[spelling, differences(more, mixed)] for spelling, more in sorted(variants.items()) if more]
        if postings or listed:
            yield [word, differences(postings, mixed), listed], size


def _chunks(words: Iterator[tuple[list[Any], int]]) -> Iterator[list[list[Any]]]:
    """The index cut as Pagefind cuts it: a chunk ends with the word that brings its size to CHUNK_SIZE (a
    word's size: its postings' locations and meta locations, and one per page)."""
    chunk: list[list[Any]] = []
    size = 0
    for word, weight in words:
        chunk.append(word)
        size += weight
        if size >= CHUNK_SIZE:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _ranges(chunks: list[list[str]]) -> None:
    """Turn each chunk's first and last word into the prefixes Pagefind searches it by: where two chunks meet,
    the shortest prefixes of the last word and the next first word that tell them apart. A chunk keeps its
    last word whole where that prefix would sort before its own first prefix."""
    for before, after in pairwise(chunks):
        last, first = before[1], after[0]
        common = min(len(first), len(last))
        common = next((n for n, (x, y) in enumerate(zip(first, last, strict=False)) if x != y), common)
        after[0] = first[: common + 1]
        if last[: common + 1] >= before[0]:
            before[1] = last[: common + 1]


def _filters(
    old: _Bundle, old_new: list[int | None], new: _Bundle | None, new_new: list[int | None]
) -> list[tuple[str, list[list[Any]]]]:
    """Each filter's values with their pages (renumbered, in order), values in order, none without pages."""
    found: dict[str, dict[str, list[int]]] = {}
    for bundle, renumber in ((old, old_new), (new, new_new)):
        if bundle is None:
            continue
        for _name, file in bundle.meta[3]:
            name, values = read(bundle.folder / "filter" / f"{file}.pf_filter")
            mine = found.setdefault(name, {})
            for value, numbers in values:
                mine.setdefault(value, []).extend(n for n in map(renumber.__getitem__, numbers) if n is not None)
    return [
        (name, listed)
        for name, values in sorted(found.items())
        if (listed := sorted([value, sorted(numbers)] for value, numbers in values.items() if numbers))
    ]


_SORT = re.compile(rb'data-pagefind-sort="([^"]*)"')
_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf(inity)?|nan)\s*", re.IGNORECASE)


def _sort_values(page: Path) -> dict[str, str]:
    """The sort values a page gives Pagefind (``data-pagefind-sort="key:value"``)."""
    data = page.read_bytes()
    found = _SORT.findall(data)
    if len(found) != data.count(b"data-pagefind-sort"):
        raise Unpatchable(f"{page.name}: a sort attribute not of the plain form")
    values: dict[str, str] = {}
    for raw in found:
        key, colon, value = html.unescape(raw.decode("utf-8")).partition(":")
        if not colon or key in values or not key or key != key.strip() or "[" in key or "," in key:
            raise Unpatchable(f"{page.name}: a sort attribute not of the plain form")
        values[key] = value
    return values


def _sorts(
    old: _Bundle, old_new: list[int | None], new: _Bundle | None, new_new: list[int | None],
    pages: Mapping[str, Path], count: int,
) -> list[list[Any]]:  # fmt: skip
    """Each sort's pages in its order. Pagefind's bundles hold the order, not the values: they are read from the
    pages, and must give the live bundle's order of the pages it keeps, and the new bundle's of its own."""
    if not old.meta[4] and (new is None or not new.meta[4]):
        return []
    values: list[dict[str, str]] = [{} for _ in range(count)]
    for bundle, renumber in ((old, old_new), (new, new_new)):
        if bundle is not None:
            for number, url in enumerate(bundle.urls):
                if renumber[number] is not None:
                    values[renumber[number]] = _sort_values(pages[url])  # type: ignore[index]
    orders: list[tuple[str, list[int]]] = []
    for key in sorted({key for page in values for key in page}):
        having = [number for number in range(count) if key in values[number]]
        if all(_NUMBER.fullmatch(values[number][key]) for number in having):
            raise Unpatchable(f"sort {key}: numbers, which Pagefind compares as such")
        order = sorted(having, key=lambda number: values[number][key])
        if any(values[a][key] == values[b][key] for a, b in pairwise(order)):
            raise Unpatchable(f"sort {key}: two pages tie (Pagefind orders them by the order it found them)")
        orders.append((key, order))
    given = {key: [old_new[n] for n in order if old_new[n] is not None] for key, order in old.meta[4]}
    mine = {key: [new_new[n] for n in order] for key, order in (new.meta[4] if new is not None else [])}
    found: dict[str, list[int]] = dict(orders)
    for key in sorted(set(found) | set(given) | set(mine)):
        order = found.get(key, [])
        live_order, own_order = given.get(key, []), mine.get(key, [])
        live_set, own_set = set(live_order), set(own_order)
        if (
            set(order) != live_set | own_set
            or [n for n in order if n in live_set] != live_order
            or [n for n in order if n in own_set] != own_order
        ):
            raise Unpatchable(f"sort {key}: the pages' values do not give the bundles' order")
    return [[key, order] for key, order in orders]
