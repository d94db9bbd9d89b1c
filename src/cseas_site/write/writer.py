"""The only code that writes output: safe paths, no double writes, atomic swap into place."""

from __future__ import annotations

import ctypes
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from ..errors import Problem, SiteError
from ..models import OutputFile, Task

MARKER = ".cseas-build"
MARKER_TEXT = "This folder was written by cseas-build; it replaces the folder's contents on every build.\n"
_FORBIDDEN = {"", ".", ".."}
_RENAME_EXCHANGE = 2
LOCK_WAIT_SECONDS = 120.0
Written = TypeVar("Written")


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


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False when the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the running program's symbols include the C library's
    except OSError:  # pragma: no cover - platforms without dlopen(NULL)
        return False
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def staging_dir(output: Path) -> Path:
    """Return the fresh folder beside the output that a build is written into."""
    return output.parent / f".{output.name}.tmp-{os.getpid()}"


def _discard(folder: Path) -> None:
    """Delete a tree we wrote; renamed first, so a kill half-way leaves only an '.old-' folder to clean."""
    if not folder.exists():
        return
    doomed = folder.with_name(folder.name.replace(".tmp-", ".old-", 1))
    os.replace(folder, doomed)
    shutil.rmtree(doomed)


def remove_stale(output: Path) -> None:
    """Delete what killed builds left beside the output: staging folders (marked or empty) and old trees."""
    for stale in output.parent.glob(f".{output.name}.tmp-*"):
        if stale.is_dir() and ((stale / MARKER).is_file() or not any(stale.iterdir())):
            shutil.rmtree(stale)
    for old in output.parent.glob(f".{output.name}.old-*"):
        if old.is_dir():
            shutil.rmtree(old)


@contextmanager
def build_lock(folder: Path, wait_seconds: float, notify: Callable[[str], None]) -> Iterator[None]:
    """Hold an exclusive lock on the output's parent folder; wait for another build, then give up."""
    if fcntl is None:  # pragma: no cover - Windows has no flock; builds are not serialised there
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OutputError(f"another cseas-build is still writing into {folder}; try again later") from None
                if not told:
                    notify(f"waiting for another cseas-build writing into {folder} to finish")
                    told = True
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def write_file(stage: Path, item: OutputFile) -> None:
    """Write one file below stage, through the safe join."""
    target = safe_join(stage, item.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(item.data)


def replace_file(tree: Path, relative: str, data: bytes | None, source: Path | None) -> None:
    """Put new bytes (or a hard link to another file) at a path, through a temporary name and a rename: never
    writes into an existing file, which may be a hard link shared with the live site."""
    target = safe_join(tree, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.cseas-tmp")
    if temp.exists():
        temp.unlink()
    if source is not None:
        os.link(source, temp)
    else:
        assert data is not None
        with open(temp, "wb") as handle:
            handle.write(data)
    os.replace(temp, target)


def link_tree(source: Path, target: Path) -> None:
    """Copy a tree as hard links (a cheap copy that shares bytes and mtimes). Folders get the default mode,
    as the build makes them; unlike shutil.copytree, no stat or copystat per entry: 3-4 times quicker."""
    os.mkdir(target)
    folders = [(str(source), str(target))]
    while folders:
        here, there = folders.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                place = os.path.join(there, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    os.mkdir(place)
                    folders.append((entry.path, place))
                else:
                    os.link(entry.path, place, follow_symlinks=False)


def check_unique(tasks: Iterable[Task]) -> list[str]:
    """Return the paths of the tasks; two tasks for one path is an error naming both."""
    origins: dict[str, str] = {}
    for task in tasks:
        if task.path in origins:
            raise SiteError([Problem(task.origin, 1, f"{task.path} is also written by {origins[task.path]}")])
        origins[task.path] = task.origin
    return list(origins)


def publish(
    output: Path,
    produce: Callable[[Path], Written],
    protected: Iterable[Path],
    force: bool = False,
    notify: Callable[[str], None] = lambda message: None,
    finish: Callable[[Path, Written], None] = lambda stage, written: None,
) -> Written:
    """Let ``produce`` write the site into a fresh folder, then swap it in place of output; return its paths."""
    check_location(output, protected, force)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with build_lock(output.parent, LOCK_WAIT_SECONDS, notify):
            remove_stale(output)
            stage = staging_dir(output)
            try:
                os.mkdir(stage)
                (stage / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
                written = produce(stage)
                finish(stage, written)  # e.g. the search index: part of the site, so published in the same swap
                _swap_in(stage, output)
            finally:
                _discard(stage)
    except OSError as exc:
        raise write_error(output, exc) from None
    return written


def write_error(output: Path, exc: OSError) -> OutputError:
    """One clear line for a failed write; the previous site is still in place."""
    where = f" ({exc.filename})" if exc.filename else ""
    return OutputError(f"cannot write the site into {output}: {exc.strerror or exc}{where}; nothing was published")


def _swap_in(stage: Path, output: Path) -> None:
    """Put stage at output's place; the old output ends up at stage's path, to be discarded."""
    if not output.exists():
        os.rename(stage, output)
    elif not exchange(stage, output):
        old = output.parent / f".{output.name}.old-{os.getpid()}"
        os.rename(output, old)
        os.rename(stage, output)
        shutil.rmtree(old)
