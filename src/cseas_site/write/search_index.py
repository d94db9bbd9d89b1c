"""Index a freshly written site with Pagefind (the bundled binary; no network), before it is published."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

import cbor2

from .writer import OutputError

BUNDLE = "pagefind"  # folder of the index inside the site, read by theme/search.js


def pagefind_binary() -> Path:
    """Return the Pagefind executable shipped by the pagefind-bin wheel."""
    try:
        import pagefind_bin  # type: ignore[import-untyped]
    except ImportError:
        raise OutputError(
            "search needs the pagefind[bin] package: pip install 'pagefind[bin]' (or use --no-search)"
        ) from None
    return Path(pagefind_bin.get_executable())


def index_site(site: Path, language: str) -> None:
    """Write the search index into site/pagefind; one index for every language, so all articles are findable."""
    # Pagefind splits indexes by <html lang> and searches only the page's own language; forcing one
    # language keeps Indonesian articles findable from the (English) search page and the output deterministic.
    command = [
        str(pagefind_binary()),
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE,
        "--force-language",
        language,
        "--silent",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise OutputError(f"search indexing failed: {detail[0]}")
    try:
        normalise(site / BUNDLE)
    except (ValueError, KeyError, IndexError, TypeError, OSError) as exc:
        raise OutputError(f"unexpected Pagefind index layout ({exc}); use the pinned pagefind version") from None


# Pagefind writes filter values (and the list of filter files) in hash-map order, which changes from run
# to run. We rewrite those files with sorted entries, so the same site gives byte-identical output.
SIGNATURE = b"pagefind_dcd"


def _read(file: Path) -> Any:
    data = gzip.decompress(file.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{file.name}: not a Pagefind data file")
    return cbor2.loads(data[len(SIGNATURE) :])


def _write(folder: Path, prefix: str, suffix: str, value: Any, digits: int) -> str:
    """Write a Pagefind data file named by its content; return the name's hash part."""
    data = gzip.compress(SIGNATURE + cbor2.dumps(value, canonical=True), compresslevel=9, mtime=0)
    name = f"{prefix}{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(data)
    return name


def normalise(bundle: Path) -> None:
    """Sort filter values and filter lists in a Pagefind bundle and rename the files after their new bytes."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_file = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_file)
        renamed = []
        for filter_name, filter_hash in meta[3]:
            old = bundle / "filter" / f"{filter_hash}.pf_filter"
            name, values = _read(old)
            old.unlink()
            new_hash = _write(bundle / "filter", f"{language}_", ".pf_filter", [name, sorted(values)], 7)
            renamed.append([filter_name, new_hash])
        meta[3] = sorted(renamed)
        meta_file.unlink()
        info["hash"] = _write(bundle, "pagefind.", ".pf_meta", meta, 10).removeprefix("pagefind.")
    entry_file.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8"
    )
