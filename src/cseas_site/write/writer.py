"""The file primitives every write goes through: safe paths, never writing into an existing file, atomic
replacement, the lock, the folder swap. Only write/ (and through it cache/, importers and `new`) writes."""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from ..errors import Problem, SiteError
from ..models import Task
from .trees import MARKER

_FORBIDDEN = {"", ".", ".."}
_RENAME_EXCHANGE = 2
LOCK_WAIT_SECONDS = 120.0


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


def swap(stage: Path, output: Path) -> None:
    """Put the stage folder at output's place in one step; the old output (if any) ends up at the stage's path."""
    if not output.exists():
        os.rename(stage, output)
    elif not exchange(stage, output):  # pragma: no cover - systems without renameat2: two renames
        held = output.parent / f".{output.name}.old-{os.getpid()}"
        os.rename(output, held)
        os.rename(stage, output)
        os.rename(held, stage)


def discard(folder: Path) -> None:
    """Delete a tree we wrote; renamed first, so a kill half-way leaves only an '.old-' folder to clean."""
    if not folder.exists():
        return
    doomed = folder.parent / f"{folder.name}.old-{os.getpid()}"
    os.replace(folder, doomed)
    shutil.rmtree(doomed)


def remove_stale(output: Path) -> None:
    """Delete what killed builds left beside the output: staging folders (marked or empty) and old trees."""
    for stale in output.parent.glob(f".{output.name}.tmp-*"):
        if stale.is_dir() and ((stale / MARKER).is_file() or not any(stale.iterdir())):
            shutil.rmtree(stale)
    for pattern in (f".{output.name}.old-*", f".{output.name}.standby.old-*"):
        for old in output.parent.glob(pattern):
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


def put_file(tree: Path, relative: str, data: bytes | None = None, link_to: Path | None = None) -> None:
    """Put bytes (or a hard link to another file) at a path below tree. A new file is created in place; an
    existing one is replaced through a temporary name and a rename, never written into: it may be a hard link
    the live site shares."""
    target = safe_join(tree, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        _create(target, data, link_to)
    except FileExistsError:
        temp = target.with_name(f".{target.name}.cseas-tmp")
        temp.unlink(missing_ok=True)
        _create(temp, data, link_to)
        os.replace(temp, target)


def _create(target: Path, data: bytes | None, link_to: Path | None) -> None:
    if link_to is not None:
        os.link(link_to, target)
        return
    assert data is not None
    with open(target, "xb") as handle:
        handle.write(data)


def remove_file(tree: Path, relative: str) -> None:
    """Remove a file below tree, and the folders it leaves empty."""
    target = safe_join(tree, relative)
    target.unlink(missing_ok=True)
    parent = target.parent
    while parent != tree and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def atomic_write(file: Path, data: bytes) -> None:
    """Write a whole file through a temporary file renamed over the old one: never half a file, for files
    outside the output (the cache, imported content)."""
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, file)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def create_new(file: Path, data: bytes) -> None:
    """Write a file that must not exist yet (FileExistsError if it does, even when another process races)."""
    file.parent.mkdir(parents=True, exist_ok=True)
    with open(file, "xb") as handle:
        handle.write(data)


def move_file(source: Path, target: Path) -> None:
    """Rename a file (an input an importer has replaced, for instance), atomically."""
    os.replace(source, target)


def remove_path(path: Path) -> None:
    """Delete a file, or a folder and everything in it, of ours (a stale standby tree, old compiled templates);
    nothing if it is not there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A new empty folder in the system's temporary folder, removed afterwards with everything in it."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        yield Path(folder)


def make_folder(folder: Path) -> None:
    """Make a folder of ours (and its parents), if it is not there yet."""
    folder.mkdir(parents=True, exist_ok=True)


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


def write_error(output: Path, exc: OSError) -> OutputError:
    """One clear line for a failed write; the previous site is still in place."""
    where = f" ({exc.filename})" if exc.filename else ""
    return OutputError(f"cannot write the site into {output}: {exc.strerror or exc}{where}; nothing was published")
