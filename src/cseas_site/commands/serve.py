"""`cseas-build serve`: build, serve over HTTP, rebuild what changed when files change, reload open tabs."""

from __future__ import annotations

import argparse
import html
import http.server
import ipaddress
import mimetypes
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import watchfiles

from ..archive.urls import NOT_FOUND
from ..config import CACHE_DIR, SitePaths
from ..errors import Problem, SiteError
from ..load.loader import load_config
from ..pipeline import build, ready_standby, release_last_build
from ..write.writer import OutputError
from .common import say

EVENTS = "/__cseas/events"
# Injected into HTML responses by the server only: the built files never carry it.
RELOAD_SCRIPT = b'<script>new EventSource("/__cseas/events").onmessage = () => location.reload();</script>'
TYPES = {".wasm": "application/wasm", ".js": "text/javascript", ".json": "application/json", ".xml": "application/xml"}


class DevState:
    """The latest build's outcome, shared between the watcher and the request threads."""

    def __init__(self) -> None:
        self.generation = 0
        self.problems: tuple[Problem, ...] = ()
        self.changed = threading.Condition()
        self.stopping = False  # set on Ctrl-C: event streams end, so the server can close
        self.base_path = "/"  # the site's, from site.yaml as of the last build

    def wait_after(self, seen: int, timeout: float) -> int:
        """Wait until a build newer than ``seen`` finished (or the timeout passed); return the latest."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen or self.stopping, timeout=timeout)
            return self.generation

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    def finished(self, problems: tuple[Problem, ...] = ()) -> None:
        with self.changed:
            self.generation += 1
            self.problems = problems
            self.changed.notify_all()


class DevHandler(http.server.BaseHTTPRequestHandler):
    """Serves the output folder below the site's base path; nothing outside it, never a folder listing."""

    root: Path
    state: DevState
    loopback: bool  # bound to this machine only: requests must name it (see _host_allowed)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if not self._host_allowed():
            self._send(421, "text/plain; charset=utf-8", b"This server answers only for this machine's own names.\n")
            return
        try:
            self._get()
        except OSError:  # a path too long for the file system, a file that vanished: not found
            self._send(404, "text/html; charset=utf-8", b"<h1>Not found</h1>")

    def _host_allowed(self) -> bool:
        """Bound to this machine, answer only requests addressed to it: a web page elsewhere cannot use DNS
        rebinding to read the site (drafts included) through the reader's browser."""
        if not self.loopback:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = (
            host[1:].split("]")[0] if host.startswith("[") else host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        )
        return name in ("localhost", "127.0.0.1", "::1") or name.endswith(".localhost") or _is_loopback(name)

    def _get(self) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS:
            self._events()
            return
        if path == "/" and self.state.base_path != "/":
            self._redirect(self.state.base_path)
            return
        if self.state.problems and (path.endswith("/") or path.endswith(".html")):
            self._send(500, "text/html; charset=utf-8", self._error_page())
            return
        target = self._resolve(path)
        if target is None:
            missing = self.root / NOT_FOUND
            body = missing.read_bytes() if missing.is_file() else b"<h1>Not found</h1>"
            self._send(404, "text/html; charset=utf-8", _inject(body))
            return
        if target.is_dir():
            self._redirect(path + "/")
            return
        body = target.read_bytes()
        kind = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            self._send(200, "text/html; charset=utf-8", _inject(body))
        else:
            self._send(200, kind + ("; charset=utf-8" if kind.startswith("text/") else ""), body)

    def _resolve(self, path: str) -> Path | None:
        """The file a URL path names, or None for anything missing or outside the output folder."""
        if not path.startswith(self.state.base_path):
            return None
        decoded = unquote(path[len(self.state.base_path) :])
        if "\x00" in decoded or "\\" in decoded or decoded.startswith("/"):
            return None
        parts = [p for p in decoded.split("/") if p]
        if any(p in (".", "..") for p in parts):
            return None
        target = self.root.joinpath(*parts)
        if not target.resolve().is_relative_to(self.root.resolve()):
            return None
        if target.is_dir():
            index = target / "index.html"
            if not path.endswith("/"):
                return target if index.is_file() else None
            return index if index.is_file() else None
        return target if target.is_file() else None

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        seen = self.state.generation
        try:
            while not self.state.stopping:
                generation = self.state.wait_after(seen, timeout=15)
                message = b"data: reload\n\n" if generation != seen else b": waiting\n\n"
                seen = generation
                self.wfile.write(message)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _error_page(self) -> bytes:
        items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in self.state.problems)
        page = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head><body>'
            f"<h1>The site did not build</h1><p>Fix these and save; this page reloads by itself.</p><ul>{items}</ul>"
            "</body></html>"
        )
        return _inject(page.encode("utf-8"))

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def _is_loopback(name: str) -> bool:
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _inject(body: bytes) -> bytes:
    index = body.rfind(b"</body>")
    return body[:index] + RELOAD_SCRIPT + body[index:] if index >= 0 else body + RELOAD_SCRIPT


INPUT_FOLDERS = ("content", "templates", "static")  # what a build reads below the site's root


def _watched(root: Path, output: Path) -> Callable[[watchfiles.Change, str], bool]:
    ignored = (root / CACHE_DIR, output, root / "build")

    def keep(change: watchfiles.Change, path: str) -> bool:
        target = Path(path)
        return not any(target.is_relative_to(folder) for folder in ignored) and not target.name.startswith(".#")

    return keep


def serve(root: Path, bind: str, port: int, drafts: bool, search: bool, say: Callable[[str], None]) -> int:
    """Build, serve and rebuild until Ctrl-C; content errors are shown in the browser, never fatal."""
    cache = root / CACHE_DIR / "serve"
    paths = SitePaths(root, cache / "site", cache / "state")
    state = DevState()

    def rebuild() -> None:
        """Build; whatever goes wrong is shown in the browser and the watcher carries on (a server for
        editors must outlive any mistake, ours included)."""
        try:
            state.base_path = load_config(root / "content").base_path
            report = build(paths, drafts=drafts, search=search, notify=say, resident=True)
        except SiteError as exc:
            for problem in exc.problems:
                say(str(problem))
            state.finished(exc.problems)
            return
        except OutputError as exc:
            state.finished((Problem(str(paths.output), 1, str(exc)),))
            return
        except Exception as exc:  # an OSError, or a bug of ours: said, shown, and the next save retries
            where = getattr(exc, "filename", None) or str(root)
            say(f"the build failed: {type(exc).__name__}: {exc}")
            state.finished((Problem(str(where), 1, f"the build failed: {type(exc).__name__}: {exc}"),))
            return
        if not report.unchanged:
            say(f"Rebuilt {report.files} files in {report.seconds:.2f} s.")
        state.finished()
        release_owed.set()  # once the browser has reloaded: collecting now would hold up the pages it asks for
        if not report.unchanged and not report.incremental:
            standby_owed.set()

    def standby() -> None:
        """After a full build, copy the site as the tree the next build starts from, while no edit waits (an
        edit saved meanwhile is seen once it is done): otherwise the first edit pays for it (5 s at 10,000
        articles). It is only a shortcut: when it fails, the next build copies the site itself."""
        standby_owed.clear()
        try:
            ready_standby(paths, say)
        except (OutputError, OSError) as exc:
            say(f"could not prepare the next build: {exc}")

    stop, restart, standby_owed = threading.Event(), threading.Event(), threading.Event()
    release_owed = threading.Event()  # the last build's records are to be collected (pipeline.release_last_build)

    def watch() -> None:
        """Rebuild on every change below the input folders. Only they are watched: a watch on the whole root
        would also follow build/ and the standby trees (tens of thousands of folders on a large site, enough
        to exhaust the system's watches and lose events). When an input folder appears or goes, the watch
        restarts on the new set (see watch_root)."""
        owed = False  # a rebuild for an input folder that came or went, made once the new watch is in place
        while not stop.is_set():
            restart.clear()
            folders = [folder for name in INPUT_FOLDERS if (folder := root / name).is_dir()]
            if not folders:
                if owed:
                    rebuild()
                    owed = False
                restart.wait()
            else:
                # yield_on_timeout: the first (empty) yield comes once the watches are set, so an edit saved
                # between the last build and now is in the build made then
                for changes in watchfiles.watch(
                    *folders, watch_filter=_watched(root, paths.output), stop_event=restart, debounce=100, step=20,
                    rust_timeout=200, yield_on_timeout=True,
                ):  # fmt: skip
                    if changes or owed:
                        owed = False
                        rebuild()
                    elif release_owed.is_set():  # quiet for rust_timeout: the browser has the new site
                        release_owed.clear()
                        release_last_build()
                    elif standby_owed.is_set():
                        standby()
            owed = True

    def watch_root() -> None:
        """Notice an input folder made or removed at the root (templates/ added to override the theme)."""
        here = root.resolve()  # the watcher reports absolute paths; --root may be relative

        def input_folder(_change: watchfiles.Change, path: str) -> bool:
            return Path(path).name in INPUT_FOLDERS and Path(path).parent.resolve() == here

        for _ in watchfiles.watch(
            root, watch_filter=input_folder, stop_event=stop, recursive=False, debounce=100, step=20
        ):
            restart.set()

    # The watcher starts before the first build: setting up its watches takes a while on a large tree, and an
    # edit saved while it does (or while the first build runs) must not be missed. Builds never interleave
    # (the output lock), so an edit during the first build gives a second one after it.
    threading.Thread(target=watch, daemon=True).start()
    threading.Thread(target=watch_root, daemon=True).start()
    rebuild()
    server = http.server.ThreadingHTTPServer((bind, port), DevHandler)
    host, port = str(server.server_address[0]), int(server.server_address[1])
    loopback = _is_loopback(host)
    handler = type("Handler", (DevHandler,), {"root": paths.output, "state": state, "loopback": loopback})
    server.RequestHandlerClass = handler
    server.daemon_threads = True
    server.block_on_close = False  # an open event stream must not keep Ctrl-C waiting
    if not loopback:
        say(f"warning: serving on {bind}: anyone who can reach this machine can see the site (drafts too)")
    say(f"Serving http://{host}:{port}{state.base_path} (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        say("Stopped.")
    finally:
        stop.set()
        restart.set()
        state.stop()
        server.server_close()
    return 0


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C."""
    return serve(args.root, args.bind, args.port, args.drafts, not args.no_search, say)
