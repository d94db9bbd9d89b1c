"""The file primitives every write goes through: safe paths, never writing into an existing file (but a file of
the stage that no other name shares), atomic replacement, the lock, the folder swap. Only write/ (and through it
cache/, importers and `new`) writes."""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from ..digests import output_file_digest
from ..errors import Problem, SiteError, display_path
from ..models import Task
from ..output.keys import Kept
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


# What a static site is made of: a non-empty folder holding anything else is not replaced, even with --force.
WEB_SUFFIXES = frozenset((
    ".html", ".htm", ".xhtml", ".css", ".js", ".mjs", ".map", ".json", ".jsonld", ".xml", ".rss", ".atom", ".txt",
    ".csv", ".webmanifest", ".wasm", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".bmp",
    ".tif", ".tiff", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt",
    ".pptx", ".odt", ".ods", ".zip", ".mp3", ".m4a", ".ogg", ".oga", ".wav", ".mp4", ".webm", ".m4v", ".mov",
    ".vtt", ".gz", ".br", ".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter",
))  # fmt: skip
HOST_FILES = frozenset({"_redirects", "_headers", "CNAME", ".nojekyll", ".htaccess", ".well-known", MARKER})
SOURCE_NAMES = {".git": "a git repository", ".hg": "a Mercurial repository", ".svn": "a Subversion checkout"}
MOST_FILES = 200_000  # a static site larger than this is not replaced without looking at it first


def check_location(output: Path, inputs: Sequence[Path], force: bool) -> None:
    """Refuse an output folder the build must not replace: the file system's root, the home folder or a folder
    holding either; the site (``inputs[0]``) or a folder holding it; a folder inside one the build reads
    (``inputs``: content/, templates/, static/); a folder holding content, templates or a repository; and any
    other non-empty folder that cseas-build did not write, unless it holds nothing but a static site and
    ``force`` is given. The messages suggest a right place and never advise --force for a folder of sources."""
    target = output.resolve()
    root = inputs[0].resolve() if inputs else target.parent
    right = f"use --output {display_path(inputs[0] / 'build') if inputs else 'build'} or a new folder beside the site"
    for fixed, what in ((Path(target.anchor), "the root of the file system"), (_home(), "your home folder")):
        if fixed is not None and fixed.is_relative_to(target):
            held = "it is" if target == fixed else "it holds"
            raise OutputError(f"refusing to use {display_path(output)} as the output folder: {held} {what}; {right}")
    if root.is_relative_to(target):
        held = "it is the site's own folder" if root == target else f"the site ({root}) is inside it"
        raise OutputError(f"refusing to use {display_path(output)} as the output folder: {held}; {right}")
    for folder in inputs[1:]:
        if target.is_relative_to(folder.resolve()):
            where = "it is" if target == folder.resolve() else "it is inside"
            raise OutputError(
                f"refusing to use {display_path(output)} as the output folder: {where} {display_path(folder)}, which "
                f"the build reads (the site would be read back as input); {right}"
            )
    if (output.is_symlink() and not target.exists()) or (target.exists() and not target.is_dir()):
        raise OutputError(f"{display_path(output)} exists and is not a folder; {right}")
    if not target.is_dir() or _empty(target) or (target / MARKER).is_file():
        return
    reason = _not_a_site(target)
    if reason is not None:
        raise OutputError(
            f"refusing to replace {display_path(output)}: it holds {reason}, so it is not a built site; {right}"
        )
    if not force:
        raise OutputError(
            f"{display_path(output)} is not empty and was not written by cseas-build (it holds another static "
            f"site); pass --force to replace it, or {right}"
        )


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no home folder known
        return None


def _not_a_site(folder: Path) -> str | None:
    """What in a folder shows that it is not only a built static site (None when it is one)."""
    seen = 0
    for current, dirs, files in os.walk(folder):
        here = Path(current)
        for name in dirs:
            if name in SOURCE_NAMES:
                return SOURCE_NAMES[name]
            if here == folder and name in ("content", "templates"):
                return f"a {name}/ folder"
            if (here / name).is_symlink():
                return f"a symbolic link ({(here / name).relative_to(folder)})"
        for name in files:
            seen += 1
            if seen > MOST_FILES:
                return f"more than {MOST_FILES:,} files"
            file = here / name
            if file.is_symlink() or not (file.suffix.lower() in WEB_SUFFIXES or name in HOST_FILES):
                return f"{file.relative_to(folder)}, which is not a file of a static site"
    return None


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


def _empty(folder: Path) -> bool:
    """Whether a folder holds nothing; only its first entry is read (Path.iterdir lists the whole folder first:
    a site's root holds an article's folder each)."""
    with os.scandir(folder) as entries:
        return next(entries, None) is None


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
        if stale.is_dir() and ((stale / MARKER).is_file() or _empty(stale)):
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


@contextmanager
def output_lock(output: Path, notify: Callable[[str], None]) -> Iterator[None]:
    """Hold the lock of an output folder (on its parent, made if needed) for a whole build: from reading the
    cache to saving it, so that two builds into one folder never interleave."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(output, exc) from None
    with build_lock(output.parent, LOCK_WAIT_SECONDS, notify):
        yield


def put_file(
    tree: Path, relative: str, data: bytes | None = None, link_to: Path | None = None, *, staged: bool = False
) -> None:
    """Put bytes (or a hard link to another file) at a path below tree. A new file is created in place; an
    existing one is replaced through a temporary name and a rename, never written into: it may be a hard link
    the live site shares. ``staged``: the tree is the stage, which no one reads until it is swapped in
    (publish.py), so an existing regular file that no other name shares gets the bytes written into it
    (``_rewrite``). The folder is made only when the file cannot be created without it: a folder that
    is there costs no system call, and nothing is kept per folder (a set of the folders made held 2.4 MB
    at 2,000 articles, traced, in each worker: ten times that at 20,000). Where the tree's last site had a
    folder of this file's name, or a file where this one needs a folder, that is removed first."""
    target = safe_join(tree, relative)
    try:
        try:
            _create(target, data, link_to)
        except (FileNotFoundError, NotADirectoryError):  # its folder is not there yet, or a file has its name
            _make_folder(tree, target.parent)
            _create(target, data, link_to)
    except FileExistsError:
        if staged and data is not None and _rewrite(target, data):
            return
        temp = target.with_name(f".{target.name}.cseas-tmp")
        temp.unlink(missing_ok=True)
        _create(temp, data, link_to)
        try:
            os.replace(temp, target)
        except IsADirectoryError:  # a folder of the tree's last site, a file of this one
            shutil.rmtree(target)
            os.replace(temp, target)


def _rewrite(target: Path, data: bytes) -> bool:
    """Write ``data`` into the file at ``target`` if it is a regular file no other name shares (one link: never
    a file of the live site, which a stage's files are linked from); False, having changed nothing, otherwise
    (a link, a folder, a file the live site shares). Replacing it instead frees the old file's blocks and
    inode and allocates new ones: 0.13 ms a 24 KB file on this ext4 disk, against 0.015 ms to write into it
    (an added article's build replaces 1,900 list pages). The stage has no marker while it is written, so a
    build that stops half way leaves a tree the next one reads byte by byte (writer.read_tree) rather than
    trusts."""
    try:
        handle = os.open(target, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:  # a symbolic link, a folder, a FIFO with no reader: replaced instead
        return False
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            return False
        with open(handle, "wb", closefd=False) as file:  # writes every byte
            file.write(data)
        os.ftruncate(handle, len(data))
        return True
    finally:
        os.close(handle)


def _make_folder(tree: Path, folder: Path) -> None:
    """Make a folder below tree, and its parents; a file in the way (a file of the tree's last site where this
    one has a folder: static/docs, then static/docs/a.txt) is removed first."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError):
        pass
    here = tree
    for part in folder.relative_to(tree).parts:
        here = here / part
        if here.is_symlink() or (here.exists() and not here.is_dir()):
            here.unlink()
            break
    folder.mkdir(parents=True, exist_ok=True)


def _create(target: Path, data: bytes | None, link_to: Path | None) -> None:
    if link_to is not None:
        os.link(link_to, target)
        return
    assert data is not None
    with open(target, "xb") as handle:
        handle.write(data)


def remove_file(tree: Path, relative: str) -> None:
    """Remove a file below tree, and the folders it leaves empty. A file that is not there is gone already, and
    so is one whose name is a folder of the new site now, or below a file of it (put_file made that)."""
    target = safe_join(tree, relative)
    try:
        target.unlink()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return
    parent = target.parent
    while parent != tree and parent.is_dir() and _empty(parent):
        parent.rmdir()
        parent = parent.parent


def outside(root: Path, relative: str) -> str | None:
    """Why writing ``relative`` below ``root`` would land outside it (through a symbolic link, or '..'); None
    when it stays inside. Every folder on the way that exists is resolved: a link inside the site is followed,
    one that leaves it is refused, and so is a link at the file itself."""
    try:
        target = safe_join(root, relative)
    except OutputError as exc:
        return str(exc)
    home = root.resolve()
    if target.is_symlink():
        return f"refusing to write {relative}: it is a symbolic link"
    folder = target.parent
    while not folder.exists() and folder != root:
        folder = folder.parent
    real = folder.resolve()
    if not real.is_relative_to(home):
        return f"refusing to write {relative}: {folder.relative_to(root)} leads outside the site (to {real})"
    return None


def atomic_write(file: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write a whole file through a temporary file renamed over the old one: never half a file, for files
    outside the output (the cache, imported content). ``data``: the bytes, or a function that writes them to
    the open file (a large pickle is then never whole in memory)."""
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(data, bytes):
                out.write(data)
            else:
                data(out)
        os.replace(temp, file)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def append_to(file: Path, data: bytes) -> None:
    """Add bytes at the end of a file of ours outside the output (the cache), making it if need be. A build
    killed meanwhile may leave them cut short: what reads the file must tell (cache/pieces.py frames them)."""
    file.parent.mkdir(parents=True, exist_ok=True)
    with open(file, "ab") as handle:
        handle.write(data)


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


def scratch_beside(output: Path, kind: str) -> tempfile.TemporaryDirectory[str]:
    """A new empty folder beside the output (``.build.images-x1y2``), removed with everything in it when the
    returned holder is cleaned up or collected (for a store that lives as long as an object, not a block). The
    ones a killed build left are removed first: call it holding output_lock, so that no other build's is
    there. Not in the system's temporary folder: a build killed there would leave it behind for good."""
    prefix = f".{output.name}.{kind}-"
    for stale in output.parent.glob(f"{prefix}*"):
        remove_path(stale)
    return tempfile.TemporaryDirectory(prefix=prefix, dir=output.parent)


def make_folder(folder: Path) -> None:
    """Make a folder of ours (and its parents), if it is not there yet."""
    folder.mkdir(parents=True, exist_ok=True)


def read_tree(folder: Path, *, leave: str | None = None) -> dict[str, str]:
    """The digest of every file in a tree of ours that no record describes, by path: a standby tree a killed
    build left, or the site a build without a record (--no-cache, a lost cache) has just replaced. A build then
    keeps the files whose bytes it would write and replaces the others, as with a recorded tree, instead of
    deleting the tree and writing every file again. With its files in memory, reading the 46,826 files of a
    10,000-article news site takes 1.0-1.3 s where deleting them took 3.6 to 7 s (8 s to read them from the
    disk), and making files soon after deleting as many is slower still on some file systems
    (benchmarks/run.py).

    What cannot belong to a site is removed on the way: anything but files and folders (a symbolic link is
    removed, never followed), names the writer refuses (safe_join), and folders left empty. ``leave``: a
    top-level entry not read (the search bundle, which its own sync brings up to date)."""
    found: dict[str, str] = {}
    folders = [(str(folder), "")]
    for here, prefix in folders:  # grows as folders are found: every folder, parents before children
        with os.scandir(here) as entries:
            listed = list(entries)
        for entry in listed:
            if not prefix and entry.name == leave:
                continue
            safe = _writable_name(entry.name)
            if safe and entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, f"{prefix}{entry.name}/"))
            elif safe and entry.is_file(follow_symlinks=False):
                found[prefix + entry.name] = output_file_digest(entry.path)
            elif entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    for here, _ in reversed(folders[1:]):  # children before parents: a folder emptied by its own is removed too
        with contextlib.suppress(OSError):  # not empty
            os.rmdir(here)
    return found


def _writable_name(name: str) -> bool:
    """Whether the writer would write a file or folder of this name (safe_join takes it)."""
    try:
        safe_join(Path(), name)
    except (OutputError, UnicodeError):
        return False
    return True


def link_tree(source: Path, target: Path, *, leave: str | None = None) -> None:
    """Copy a tree as hard links (a cheap copy that shares bytes and mtimes), without the top-level entry named
    ``leave`` (a published tree's marker: a copy half made must not look like a finished tree). Folders get
    the default mode, as the build makes them; unlike shutil.copytree, no stat or copystat per entry: 3-4
    times quicker."""
    os.mkdir(target)
    folders = [(str(source), str(target))]
    top = str(source)
    while folders:
        here, there = folders.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                if entry.name == leave and here == top:
                    continue
                place = os.path.join(there, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    os.mkdir(place)
                    folders.append((entry.path, place))
                else:
                    os.link(entry.path, place, follow_symlinks=False)


def check_unique(tasks: Iterable[Task], kept: Iterable[Kept] = ()) -> None:
    """Two tasks for one path (of ``tasks``, or of a group of tasks ``kept`` from the live site) is an error
    naming both. The groups kept had no path in common when they were planned, and have the same paths now."""
    origins: dict[str, str] = {}
    for task in tasks:
        if task.path in origins:
            raise SiteError([Problem(task.origin, 1, f"{task.path} is also written by {origins[task.path]}")])
        origins[task.path] = task.origin
    for group in kept:
        if not origins.keys().isdisjoint(group.paths):
            index = next(i for i, path in enumerate(group.paths) if path in origins)
            path = group.paths[index]
            raise SiteError([Problem(origins[path], 1, f"{path} is also written by {group.origin(index)}")])


def write_error(output: Path, exc: OSError) -> OutputError:
    """One clear line for a failed write; the previous site is still in place."""
    where = f" ({exc.filename})" if exc.filename else ""
    return OutputError(f"cannot write the site into {output}: {exc.strerror or exc}{where}; nothing was published")
