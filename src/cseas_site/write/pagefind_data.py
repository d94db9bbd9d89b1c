"""Pagefind's data files, as Pagefind 1.5 writes them: gzip of b"pagefind_dcd" and a CBOR value, which holds only
lists, integers and strings: written here in DAG-CBOR, CBOR's one deterministic encoding (each number and length in
its shortest form; the 576 data files of 26 real bundles came out byte for byte as cbor2 wrote them).

- ``pagefind-entry.json``: the version, and per language the meta file's name (``hash``) and ``page_count``.
- ``pagefind.HASH.pf_meta``: ``[version, pages, chunks, filters, sorts, meta_keys]``: ``pages`` ``[[fragment name,
  word count], ...]``, a page's number being its place here; ``chunks`` ``[[from, to, name], ...]``, the index
  chunks in word order, each searched for the words from ``from`` to ``to`` (prefixes); ``filters`` ``[[filter,
  name], ...]``; ``sorts`` ``[[sort, [page, ...]], ...]``, the pages that have the sort, in its order;
  ``meta_keys``: the meta fields the pages have, sorted.
- ``index/NAME.pf_index``: ``[[[word, postings, variants], ...]]``, words in order; ``postings`` ``[[page, locations,
  meta locations], ...]`` in page order, each page number written as the difference from the one before;
  ``variants`` ``[[spelling, postings], ...]``: the word's accented spellings ("café" of "cafe").
- ``filter/NAME.pf_filter``: ``[filter, [[value, [page, ...]], ...]]``.
- ``fragment/NAME.pf_fragment``: a page's JSON (``url``, ``content``, ``filters``, ``meta``, ...); its name is the
  language and the first 7 hex digits of the JSON's digest (more where two pages' digests begin alike).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Iterable
from operator import itemgetter
from pathlib import Path
from typing import Any

import libipld

SIGNATURE = b"pagefind_dcd"
FRAGMENT_DIGITS = 7  # a fragment's name: the language, "_", and this many hex digits of its digest (or more)


def read(file: Path) -> Any:
    """The value of a Pagefind data file (ValueError if it is not one)."""
    return decoded(gzip.decompress(file.read_bytes()), file.name)


def decoded(data: bytes, name: str) -> Any:
    """The value of a data file's bytes, uncompressed (``name``: the file's, for the error)."""
    return libipld.decode_dag_cbor(_payload(data, name))


def read_json(file: Path) -> Any:
    """The value of a Pagefind fragment file (JSON after the signature)."""
    return json.loads(_payload(gzip.decompress(file.read_bytes()), file.name))


def _payload(data: bytes, name: str) -> bytes:
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{name}: not a Pagefind data file")
    return data[len(SIGNATURE) :]


def lengthened(names: Iterable[str]) -> bool:
    """Whether Pagefind gave a fragment a name longer than its usual 7 digits (two pages' digests begin alike)."""
    return any(len(name.rpartition("_")[2]) != FRAGMENT_DIGITS for name in names)


def page_order(pages: list[list[Any]]) -> list[int]:
    """Each page's number (its place in a meta file's ``pages``) in the order the build gives a bundle's pages:
    by fragment name (the page's content), then word count; whatever order Pagefind found them in."""
    order = sorted(range(len(pages)), key=lambda number: tuple(pages[number]))
    place = [0] * len(order)
    for position, number in enumerate(order):
        place[number] = position
    return place


def write_entry(folder: Path, entry: dict[str, Any]) -> None:
    """Write a bundle's ``pagefind-entry.json``, its keys sorted."""
    (folder / "pagefind-entry.json").write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8"
    )


_FRAGMENT_HEAD = SIGNATURE + b'{"url":'
_JSON = json.JSONDecoder()


def fragment_url(file: str) -> str | None:
    """The URL a fragment file is of (its first field, read from the file's first bytes), None if it cannot be
    read as one."""
    try:
        with open(file, "rb") as handle:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(handle.read(), 4096)
        if not head.startswith(_FRAGMENT_HEAD):
            return None
        url, _end = _JSON.raw_decode(head.decode("utf-8", "replace"), len(_FRAGMENT_HEAD))
    except (OSError, zlib.error, ValueError):
        return None
    return url if isinstance(url, str) else None


def differences(postings: list[list[Any]], unsorted: bool) -> list[list[Any]]:
    """A word's postings (``[page, locations, meta locations]``, absolute page numbers) in page order (sorted
    first if ``unsorted``), each page number written as the difference from the one before, as Pagefind writes
    them; in place."""
    if unsorted:
        postings.sort(key=itemgetter(0))
    previous = 0
    for posting in postings:
        page = posting[0]
        posting[0] = page - previous
        previous = page
    return postings


def encoded(value: Any) -> bytes:
    """A Pagefind data file's bytes."""
    return compressed(SIGNATURE + libipld.encode_dag_cbor(value))


def compressed(data: bytes) -> bytes:
    """Data file bytes gzipped, as every data file of ours is (zlib lets other threads run meanwhile)."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def write(folder: Path, prefix: str, suffix: str, value: Any, digits: int) -> str:
    """Write a Pagefind data file named by its content (a longer name if another file took the short one);
    return the name without its suffix."""
    return put(folder, prefix, suffix, encoded(value), digits)


def put(folder: Path, prefix: str, suffix: str, data: bytes, digits: int) -> str:
    """Write a data file's bytes under a name made of their digest, as write() does."""
    full = hashlib.sha256(data).hexdigest()
    while True:
        name = f"{prefix}{full[:digits]}"
        target = folder / f"{name}{suffix}"
        if not target.exists() or target.read_bytes() == data:
            break
        digits += 1
    target.write_bytes(data)
    return name
