"""content/'s listing, kept by a resident process (serve, the build daemon) from one build to the next and
brought up to date from the kernel's change events, instead of listed and stat-ed file by file at each build.

Listing content/ costs a system call and a record per file: 0.6 s of an edit's build at 100,000 articles.
Linux reports every change below a watched folder (inotify(7)), and queues the event before the system call
that made the change returns: once an editor has saved a file and run cseas-build, the event is there, so
reading the queue without waiting finds every change made before the build (no cookie file is needed, as it
is by watchers that read events on a thread of their own). The listing then looks only at the files events
name: a new file is put in its place in the listing's order, a removed one taken out, a changed one given its
new times and size. A file no event names keeps the very record it had (the parse cache and the resident
records are keyed by it: cache/parse_cache.py, cache/resident.py).

It lists content/ again from nothing (load/loader.find_content) whenever the events cannot say what changed:
at the first build; after a folder below content/ came, went or was renamed (the watches change with them);
when the queue overflowed; when content/ itself was moved, removed or unmounted; when the last listing had
problems (they are reported as a full listing reports them) or a file listed is a symbolic link or has other
hard links (a change made through another name raises no event here); when the messages would name the files
otherwise (another working folder); and always where there is no inotify (then every build lists, as a build
that is not resident does).
"""

from __future__ import annotations

import bisect
import contextlib
import ctypes
import errno
import os
import stat
import struct
import sys
from pathlib import Path

from ..errors import Problem, display_path
from ..load.loader import PAGES, ContentFile, content_file, find_content, stat_of, utf8_name

# inotify(7): the events asked for, and those after which only a full listing can say what changed
_MODIFY, _ATTRIB, _CLOSE_WRITE, _MOVED_FROM, _MOVED_TO, _CREATE, _DELETE = 0x2, 0x4, 0x8, 0x40, 0x80, 0x100, 0x200
_DELETE_SELF, _MOVE_SELF, _UNMOUNT, _Q_OVERFLOW, _IGNORED = 0x400, 0x800, 0x2000, 0x4000, 0x8000
_ONLYDIR, _DONT_FOLLOW, _EXCL_UNLINK, _ISDIR = 0x01000000, 0x02000000, 0x04000000, 0x40000000
_ASKED = (
    _MODIFY | _ATTRIB | _CLOSE_WRITE | _MOVED_FROM | _MOVED_TO | _CREATE | _DELETE | _DELETE_SELF | _MOVE_SELF
) | (_ONLYDIR | _DONT_FOLLOW | _EXCL_UNLINK)
_UNCLEAR = _DELETE_SELF | _MOVE_SELF | _UNMOUNT | _Q_OVERFLOW | _IGNORED | _ISDIR
_EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len; then len bytes of name


def _inotify() -> ctypes.CDLL | None:
    """The C library, when it has inotify (Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.inotify_init1.argtypes = [ctypes.c_int]
        libc.inotify_add_watch.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _inotify()


class Watch:
    """inotify watches on a folder and on every folder below it that the listing walks (not hidden ones, not
    links), and what they saw."""

    def __init__(self, folder: str) -> None:
        """Watch ``folder``; raise OSError when it or a folder below cannot be watched."""
        assert _LIBC is not None
        self._fd = _LIBC.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self._fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self._folders: dict[int, str] = {}  # watch descriptor -> its folder below the watched one ("a/b/")
        try:
            self._add(folder)
        except BaseException:
            self.close()
            raise

    def _add(self, folder: str) -> None:
        todo = [(folder, "")]
        while todo:
            here, prefix = todo.pop()
            assert _LIBC is not None
            watch = _LIBC.inotify_add_watch(self._fd, os.fsencode(here), _ASKED)
            if watch < 0:  # ENOSPC: out of watches (fs.inotify.max_user_watches); EACCES ...
                raise OSError(ctypes.get_errno(), f"cannot watch {here}")
            if watch in self._folders:  # the same folder twice (a bind mount): events could not name the file
                raise OSError(errno.EEXIST, f"{here} is watched twice")
            self._folders[watch] = prefix
            with os.scandir(here) as entries:
                for entry in entries:
                    if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                        todo.append((entry.path, f"{prefix}{entry.name}/"))

    def changes(self) -> set[str] | None:
        """The files below the folder ("a/b.md") that events named since the last call; None when they cannot
        say (a folder came, went or was renamed, the queue overflowed, the watched folder went)."""
        named: set[str] = set()
        while True:
            try:
                data = os.read(self._fd, 1 << 16)
            except BlockingIOError:
                return named
            at = 0
            while at < len(data):
                watch, mask, _cookie, size = _EVENT.unpack_from(data, at)
                name = data[at + _EVENT.size : at + _EVENT.size + size].rstrip(b"\0")
                at += _EVENT.size + size
                folder = self._folders.get(watch)
                if mask & _UNCLEAR or folder is None or not name:
                    return None
                named.add(folder + os.fsdecode(name))

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def walk_key(name: str) -> tuple[tuple[int, str], ...]:
    """Where a file below content/ ("a/b.md") comes in find_content's order: a folder's files by name, then
    its folders by name, each with all it holds."""
    *folders, file = name.split("/")
    return (*((1, folder) for folder in folders), (0, file))


class Listing:
    """content/'s files, as find_content lists them, kept from one resident build to the next (see above)."""

    def __init__(self) -> None:
        self._watch: Watch | None = None
        self._where: tuple[str, ...] = ()  # content/ as given, as messages name it, and the working folder
        self._files: list[ContentFile] = []  # in find_content's order
        self._keys: list[tuple[tuple[int, str], ...]] = []  # each file's walk_key
        self._trusted = False  # events can bring the listing up to date (no problems, no linked files)
        self.listed = 0  # full listings made (for tests)

    def find(self, content_dir: Path) -> tuple[list[ContentFile], list[Problem]]:
        """List content/ as find_content does: from the events since the last call when they say enough."""
        where = (str(content_dir), display_path(content_dir), os.getcwd())
        changes = None
        if self._watch is not None and self._trusted and where == self._where:
            changes = self._watch.changes()
        if changes is None or not self._update(changes):
            return self._list(content_dir, where)
        return list(self._files), []

    def _list(self, content_dir: Path, where: tuple[str, ...]) -> tuple[list[ContentFile], list[Problem]]:
        """List content/ from nothing, watching it first: a change made meanwhile is seen by the next build."""
        self.close()
        self.listed += 1
        watch = None
        if _LIBC is not None:
            with contextlib.suppress(OSError):  # no watch (no folder, no watches left): every build lists
                watch = Watch(where[0])
        linked: set[str] = set()
        try:
            files, problems = find_content(content_dir, linked)
        except BaseException:
            if watch is not None:
                watch.close()
            raise
        self._watch, self._where, self._files = watch, where, files
        self._keys = [walk_key(file.name) for file in files]
        self._trusted = watch is not None and not problems and not linked
        return list(files), problems

    def _update(self, changes: set[str]) -> bool:
        """Look at each file named; False (part done) when only a full listing can say what content/ holds."""
        folder, shown = self._where[0], self._where[1]
        for name in sorted(changes):
            if any(part.startswith(".") for part in name.split("/")) or not content_file(name.rpartition("/")[2]):
                continue  # as find_content: hidden names and other files are not listed
            if not utf8_name(name):
                return False
            location = os.path.join(folder, name)
            try:
                info = os.lstat(location)
            except FileNotFoundError:
                self._remove(name)
                continue
            except OSError:
                return False
            if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:  # a link, a FIFO...: as find_content says
                return False
            found = ContentFile(location, f"{shown}/{name}", name.startswith(f"{PAGES}/"), stat_of(info), name)
            self._put(found)
        return True

    def _put(self, file: ContentFile) -> None:
        key = walk_key(file.name)
        at = bisect.bisect_left(self._keys, key)
        if at < len(self._keys) and self._keys[at] == key:
            if self._files[at] != file:  # the same record when nothing changed
                self._files[at] = file
        else:
            self._keys.insert(at, key)
            self._files.insert(at, file)

    def _remove(self, name: str) -> None:
        key = walk_key(name)
        at = bisect.bisect_left(self._keys, key)
        if at < len(self._keys) and self._keys[at] == key:
            del self._keys[at], self._files[at]

    def close(self) -> None:
        """Stop watching (the next call lists from nothing)."""
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self._trusted = False


LISTING = Listing()  # the one a resident build uses (pipeline.build)
