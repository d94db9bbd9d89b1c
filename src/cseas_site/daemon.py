"""The build daemon: a build process that stays after a build, holding what it read, for the next build of the
same site (as Gradle's daemon, Bazel's server and mypy's dmypy do).

A command-line build starts from nothing: at 10,000 articles it spends 0.8 s starting Python, listing, loading,
collating and planning the whole archive before it makes the few pages an edit changed (benchmarks/RESULTS.md).
`serve` keeps all of that in memory between builds (a resident build: cache/resident.py); the daemon does the
same for `cseas-build` run again and again at a terminal. The output is the same either way: a resident build is
a build, checked against the cache on disk like any other (another process may have built meanwhile).

- When it runs: at a terminal (stderr is one) and not in CI; ``--daemon`` / ``--no-daemon``, or CSEAS_DAEMON=1 / 0,
  decide otherwise. Linux only (its abstract sockets). Never for ``--no-cache`` (a cold build by request).
- The first build runs in the command's own process, as always; then it starts the daemon (``start``), which
  loads the site as that build left it (``_warm``) and waits. The next build of the same site, output folder,
  flags and program (the socket's name digests them: ``address``) is sent to it (``build_there``); with no
  daemon there (or one that stops half way) the command builds itself.
- Each side checks that the other is the same user (SO_PEERCRED): an abstract socket has no file permissions.
- A daemon leaves after IDLE_SECONDS without a build (CSEAS_DAEMON_IDLE), when the site's folder or its build
  cache is gone (the next build is then a cold one, the command's own, in a fresh process), when
  its program or one of its libraries changed on disk (an upgrade), and after a build that failed other than by
  bad content (what it holds may then be half made). A build whose command is interrupted (Ctrl-C: the
  connection closes) is interrupted in the daemon too.

The protocol: the command sends one JSON line, its arguments and working folder; the daemon answers JSON lines,
``["out", text]`` and ``["err", text]`` as the build prints them, then ``["exit", status]``; or
``["decline", why]`` before it builds anything (the command then builds itself, saying nothing of it).
"""

from __future__ import annotations

import _thread
import argparse
import contextlib
import importlib.util
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .digests import key_of

if TYPE_CHECKING:
    from .config import SitePaths

IDLE_SECONDS = 600.0  # a daemon with no build for this long leaves (it holds the site: 180 MB at 10,000 articles)
REQUEST_SECONDS = 10.0  # how long the daemon waits for a connected command to send its request
POLL_SECONDS = 5.0  # how often an idle daemon looks whether the site is still there
QUIET_SECONDS = 0.2  # with no command for this long after a build, its records are collected (as `serve` does)
ENV_SWITCH = "CSEAS_DAEMON"  # "1": use and start daemons even when not at a terminal; "0": never
ENV_IDLE = "CSEAS_DAEMON_IDLE"  # seconds, overriding IDLE_SECONDS
PACKAGE = Path(__file__).resolve().parent
# The libraries whose code decides what a build makes (pyproject.toml's dependencies, by module name).
LIBRARIES = ("jinja2", "markupsafe", "markdown", "yaml", "slugify", "nh3", "pagefind", "libipld", "xxhash", "babel",
             "bibtexparser", "pylatexenc", "rispy", "PIL", "lz4", "tzdata")  # fmt: skip


def wanted(args: argparse.Namespace) -> bool:
    """Whether this build command uses a daemon (and starts one): see the module's docstring."""
    if args.no_cache or not sys.platform.startswith("linux"):
        return False
    if args.daemon is not None:
        return bool(args.daemon)
    switch = os.environ.get(ENV_SWITCH, "")
    if switch in ("0", "1"):
        return switch == "1"
    return sys.stderr.isatty() and not os.environ.get("CI")


def program_stamp() -> str:
    """This program as its files stand: each file's path, size and modification time (a stamp, as git's index
    keeps: 2 ms where reading and digesting every file took 40 ms of each command), and the same of the main
    file of each library a build uses (found, not imported): an upgraded library is another program."""
    found = []
    for current, dirs, files in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            found.append((os.path.relpath(os.path.join(current, name), PACKAGE), *_stat(os.path.join(current, name))))
    for library in LIBRARIES:
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(library)
            found.append((library, *_stat(spec.origin if spec is not None and spec.origin else "")))
    return key_of(__version__, found, sys.executable, sys.version)


def _stat(file: str) -> tuple[int, int]:
    try:
        info = os.stat(file)
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


def site_of(args: argparse.Namespace) -> tuple[str, str]:
    """The real paths of a build command's site root and output folder."""
    root = os.path.realpath(args.root)
    output = os.path.realpath(args.output)  # (ROOT/build unless --output: cli.parse)
    return root, output


def address(args: argparse.Namespace) -> str:
    """The abstract socket name of the daemon for this user, site, output folder, flags and program: the
    site's own part first (``stop``: every daemon of a site)."""
    key = key_of(program_stamp(), bool(args.drafts), bool(args.no_search))
    return f"{_site_prefix(args)}{key[:24]}"


def _site_prefix(args: argparse.Namespace) -> str:
    return f"\0cseas-site-{os.getuid()}-{key_of(*site_of(args))[:16]}-"


def stop(args: argparse.Namespace) -> int:
    """Stop every build daemon of a build command's site and output folder (whatever its flags and program
    version), as listed in the kernel's table of Unix sockets; say how many. Exit status 0."""
    prefix = "@" + _site_prefix(args)[1:]
    try:
        with open("/proc/net/unix", "rb") as table:  # (a socket's name may be any bytes)
            lines = table.read().decode("utf-8", "replace").splitlines()
        names = sorted({field for line in lines for field in line.split()[-1:] if field.startswith(prefix)})
    except OSError:
        names = []
    stopped = 0
    for name in names:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection, contextlib.suppress(OSError):
            connection.connect("\0" + name[1:])
            if _same_user(connection):
                connection.sendall(json.dumps({"stop": True}).encode("utf-8") + b"\n")
                stopped += any(kind in ("exit", "decline") for kind, _ in _answers(connection))
    output = site_of(args)[1]
    print(f"Stopped {stopped} build daemon{'' if stopped == 1 else 's'} of {output}." if stopped else
          f"No build daemon of {output} is running.")  # fmt: skip
    return 0


def _same_user(connection: socket.socket) -> bool:
    """Whether the process at the other end of a Unix socket runs as this process's user."""
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    uid: int = struct.unpack("3i", credentials)[1]
    return uid == os.getuid()


# The command's side.


def build_there(args: argparse.Namespace, argv: Sequence[str]) -> int | None:
    """Send the build to this site's daemon and print what it prints; its exit status, or None when no daemon
    answered to the end (the command then builds itself). Only the connection's failures mean that: a failure
    to print (a closed pipe) is the command's own, as when it builds."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        try:
            connection.connect(address(args))
            if not _same_user(connection):
                return None
            request = {"argv": list(argv), "cwd": os.getcwd()}
            connection.sendall(json.dumps(request).encode("utf-8") + b"\n")
        except OSError:  # none listening (or a stale name): built here
            return None
        for kind, value in _answers(connection):
            if kind == "exit":
                return int(value)  # (an int: _answers)
            if kind == "decline":  # (the daemon leaves: the command builds as if none had been there)
                return None
            stream = sys.stdout if kind == "out" else sys.stderr
            stream.write(str(value))
            stream.flush()
    print("cseas-build: the build daemon stopped during the build; building here", file=sys.stderr)
    return None


def _answers(connection: socket.socket) -> Iterator[tuple[str, str | int]]:
    """The daemon's answer, line by line, until it ends, the connection fails or a line is not one of its."""
    with contextlib.suppress(OSError, ValueError), connection.makefile("rb") as lines:
        for line in lines:
            found = json.loads(line)
            if not (isinstance(found, list) and len(found) == 2):
                return
            kind, value = found
            text = kind in ("out", "err", "decline") and isinstance(value, str)
            if not (text or (kind == "exit" and type(value) is int)):
                return
            yield kind, value


def start(args: argparse.Namespace, argv: Sequence[str]) -> None:
    """Start this site's daemon, detached from the command (its own session, no terminal), in the command's
    working folder and environment, so that it imports this very program; say so unless --quiet (as Gradle
    says it starts its daemon)."""
    setup = json.dumps({"address": address(args), "argv": list(argv)})
    try:
        subprocess.Popen(
            [sys.executable, "-m", "cseas_site.daemon", setup], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True,
        )  # fmt: skip
    except OSError:
        return
    if not args.quiet:
        idle = idle_seconds()
        stay = f"{idle / 60:.0f} minutes" if idle >= 60 else f"{idle:.0f} seconds"
        print(f"cseas-build: a build daemon keeps this site loaded for the next build ({stay} idle at most; "
              "--stop-daemon stops it, --no-daemon starts none)", file=sys.stderr)  # fmt: skip


def idle_seconds() -> float:
    """How long a daemon waits for a build before it leaves (CSEAS_DAEMON_IDLE, else IDLE_SECONDS)."""
    try:
        return max(0.1, float(os.environ.get(ENV_IDLE, IDLE_SECONDS)))
    except ValueError:
        return IDLE_SECONDS


# The daemon's side.


def _send(connection: socket.socket, kind: str, value: str | int) -> None:
    """Send the command one line of the answer; nothing when it is gone (the build is then interrupted)."""
    with contextlib.suppress(OSError):
        connection.sendall(json.dumps([kind, value]).encode("utf-8") + b"\n")


class _Answer:
    """A text stream that sends what is written to the command as ``[kind, text]`` lines."""

    def __init__(self, connection: socket.socket, kind: str) -> None:
        self._connection, self._kind = connection, kind

    def write(self, text: str) -> int:
        if text:
            _send(self._connection, self._kind, text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False  # no progress bars through a socket


class Daemon:
    """Builds one site again and again, in one process, for the commands that connect."""

    def __init__(self, listener: socket.socket, args: argparse.Namespace) -> None:
        self.listener, self.args = listener, args
        self.root = Path(site_of(args)[0])
        self.idle = idle_seconds()
        self.stamp = program_stamp()
        self.cache = _paths(args).cache
        self.cache_seen: tuple[int, int] | None = None  # the build cache folder it holds what it read of

    def run(self) -> None:
        """Warm up, then build on request until idle for too long, the site or its build cache is gone, the
        program changed or a build went wrong."""
        from .pipeline import release_last_build

        self._warm()
        waited, owed = 0.0, False  # owed: the last build's records are to be collected (pipeline.collector_paused)
        while waited < self.idle and self._site_kept():
            pause = QUIET_SECONDS if owed else min(POLL_SECONDS, self.idle)
            self.listener.settimeout(pause)
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                waited += pause
                if owed:  # quiet for a moment: the command has its answer, no other came
                    release_last_build()
                    owed = False
                elif program_stamp() != self.stamp:  # upgraded: its commands have another daemon's name now
                    break
                continue
            waited, owed = 0.0, True
            with connection:
                connection.settimeout(REQUEST_SECONDS)  # a command sends its request at once
                if not _same_user(connection):
                    keep = True
                elif not self._site_kept():  # the command builds from nothing itself, as it would without us
                    _send(connection, "decline", "the build cache is gone")
                    keep = False
                else:
                    keep = self._serve(connection)
                    self._site_kept()  # (the first build may have made the cache)
                with contextlib.suppress(OSError):  # wakes the thread waiting for the command to go
                    connection.shutdown(socket.SHUT_RDWR)
            if not keep:
                break
        self.listener.close()
        from .pipeline import finish_saving

        finish_saving()

    def _site_kept(self) -> bool:
        """Whether the site is there and its build cache folder is still the one this process read (deleted, or
        replaced: the next build is a cold one, made by the command itself, and this process's memory goes)."""
        if not self.root.is_dir():
            return False
        try:
            info = os.stat(self.cache)
        except OSError:
            return self.cache_seen is None
        if self.cache_seen is None:
            self.cache_seen = (info.st_dev, info.st_ino)
        return self.cache_seen == (info.st_dev, info.st_ino)

    def _warm(self) -> None:
        """Load the site as the last build left it: the records, archive, lists and keys the next build reuses
        (pipeline.warm_up), and the tree it will start from (pipeline.ready_standby)."""
        from .pipeline import ready_standby, release_last_build, warm_up

        args = self.args
        paths = _paths(args)
        with contextlib.suppress(Exception):  # bad content, a locked folder ...: the first build says so
            warm_up(paths, drafts=args.drafts, search=not args.no_search, jobs=max(1, args.jobs))
            ready_standby(paths, lambda _: None)
        release_last_build()

    def _serve(self, connection: socket.socket) -> bool:
        """Run one command's build, sending what it prints; False when the daemon must leave after it."""
        from . import cli

        try:
            with connection.makefile("rb") as requests:
                request = json.loads(requests.readline())
            if request == {"stop": True}:  # cseas-build --stop-daemon
                _send(connection, "exit", 0)
                return False
            argv, cwd = list(request["argv"]), str(request["cwd"])
            os.chdir(cwd)
            connection.settimeout(None)
        except (OSError, ValueError, KeyError, TypeError):
            return True  # not a command of ours, or one that sent nothing: no answer
        finished = threading.Event()
        threading.Thread(target=_interrupt_when_gone, args=(connection, finished), daemon=True).start()
        out, err = _Answer(connection, "out"), _Answer(connection, "err")
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                args = cli.parse(argv)
                args.resident = True
                try:
                    status = cli.execute(args)
                finally:
                    finished.set()
                keep = status != cli.INTERRUPTED  # what this process holds may be half made
                if args.verbose:
                    print(f"Built by the build daemon (process {os.getpid()}).")
        except KeyboardInterrupt:  # the command went away after its build was done
            return False
        except BaseException:  # a bug of ours: said as Python says it, and the daemon leaves
            finished.set()
            err.write(traceback.format_exc())
            status, keep = 1, False
        _send(connection, "exit", status)
        return keep


def _paths(args: argparse.Namespace) -> SitePaths:
    from .config import SitePaths

    return SitePaths(args.root, args.output)


def _interrupt_when_gone(connection: socket.socket, finished: threading.Event) -> None:
    """Interrupt the build (as Ctrl-C would) when the command closes its end before the build finished."""
    with contextlib.suppress(OSError):
        while connection.recv(1024):
            pass
    if not finished.is_set():
        _thread.interrupt_main()


def main(setup: str) -> None:
    """The daemon process: listen at the address its command worked out (leave if another daemon has it, or
    if this program is no longer the one the address was made for), warm up and build on request."""
    from . import cli

    found = json.loads(setup)
    args = cli.parse(found["argv"])
    if address(args) != found["address"]:
        return
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(found["address"])
    except OSError:  # another daemon of this site is there
        return
    listener.listen(16)
    Daemon(listener, args).run()


if __name__ == "__main__":
    main(sys.argv[1])
