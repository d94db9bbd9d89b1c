"""The only code that writes output: safe paths, no double writes, atomic swap into place."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from ..errors import Problem, SiteError
from ..models import OutputFile

MARKER = ".cseas-build"
MARKER_TEXT = "This folder was written by cseas-build; it replaces the folder's contents on every build.\n"
_FORBIDDEN = {"", ".", ".."}
_RENAME_EXCHANGE = 2


class OutputError(Exception):
    """The output folder cannot be used or written; the message says why."""


def safe_join(root: Path, relative: str) -> Path:
    """Join a relative POSIX path below root, refusing anything that could leave it."""
    if relative.startswith("/") or "\\" in relative or "\x00" in relative:
        raise OutputError(f"refusing to write outside the output folder: {relative!r}")
    parts = relative.split("/")
    if any(part in _FORBIDDEN or len(part.encode("utf-8")) > 255 for part in parts):
        raise OutputError(f"refusing to write an unsafe path: {relative!r}")
    return root.joinpath(*parts)


def check_location(output: Path, protected: Iterable[Path], force: bool) -> None:
    """Refuse an output folder that holds the site's sources, is home or /, or is someone else's folder."""
    target = output.resolve()
    if target == Path(target.anchor) or target == Path.home().resolve():
        raise OutputError(f"refusing to use {output} as the output folder")
    for path in protected:
        kept = path.resolve()
        if target == kept or kept.is_relative_to(target):
            raise OutputError(f"refusing to use {output} as the output folder: it holds {path}")
    if target.is_file() or target.is_symlink():
        raise OutputError(f"{output} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file() and not force:
        raise OutputError(
            f"{output} is not empty and was not written by cseas-build; "
            "choose another --output or pass --force to replace it"
        )


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False when the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def staging_dir(output: Path) -> Path:
    """Return the fresh folder beside the output that a build is written into."""
    return output.parent / f".{output.name}.tmp-{os.getpid()}"


def remove_stale(output: Path) -> None:
    """Delete staging folders left by builds that were killed (they carry our marker)."""
    for stale in output.parent.glob(f".{output.name}.tmp-*"):
        if (stale.is_dir() and (stale / MARKER).is_file()) or (stale.is_dir() and not any(stale.iterdir())):
            shutil.rmtree(stale)


def write_tree(stage: Path, files: Iterable[OutputFile]) -> list[str]:
    """Write every file below stage; two files for one path is an error naming both."""
    origins: dict[str, str] = {}
    for item in files:
        if item.path in origins:
            raise SiteError([Problem(item.origin, 1, f"{item.path} is also written by {origins[item.path]}")])
        origins[item.path] = item.origin
        target = safe_join(stage, item.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(item.data)
    return list(origins)


def publish(output: Path, files: Iterable[OutputFile], protected: Iterable[Path], force: bool = False) -> list[str]:
    """Write files into a fresh folder, then swap it in place of output; return the paths written."""
    check_location(output, protected, force)
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(output)
    stage = staging_dir(output)
    os.mkdir(stage)
    try:
        (stage / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        written = write_tree(stage, files)
        _swap_in(stage, output)
    finally:
        if stage.exists():
            shutil.rmtree(stage)
    return written


def _swap_in(stage: Path, output: Path) -> None:
    """Put stage at output's place; the old output ends up at stage's path, to be removed."""
    if not output.exists():
        os.rename(stage, output)
    elif not _exchange(stage, output):
        old = output.parent / f".{output.name}.old-{os.getpid()}"
        os.rename(output, old)
        os.rename(stage, output)
        shutil.rmtree(old)
