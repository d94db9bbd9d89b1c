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
from operator import itemgetter
from pathlib import Path
from typing import Any

import libipld

SIGNATURE = b"pagefind_dcd"


def read(file: Path) -> Any:
    """The value of a Pagefind data file (ValueError if it is not one)."""
    return decoded(gzip.decompress(file.read_bytes()), file.name)


def decoded(data: bytes, name: str) -> Any:
    """The value of a data file's bytes, uncompressed (``name``: the file's, for the error)."""
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{name}: not a Pagefind data file")
    return libipld.decode_dag_cbor(data[len(SIGNATURE) :])


def read_json(file: Path) -> Any:
    """The value of a Pagefind fragment file (JSON after the signature)."""
    data = gzip.decompress(file.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{file.name}: not a Pagefind data file")
    return json.loads(data[len(SIGNATURE) :])


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
