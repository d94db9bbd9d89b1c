"""Helpers the tests share: write small sites from a dict, run the CLI as a real process, compare trees."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "content"

KEPT = {".cseas-cache", ".build.standby"}  # the build cache and the standby tree of incremental builds
SITE_YAML = "title: Test Site\ntimezone: Asia/Jakarta\nbase_url: https://example.org/\nper_page: 2\n"


def article(title: str, date: str, **meta: object) -> str:
    """Return a Markdown article with front matter built from keyword arguments."""
    lines = [f"title: {title!r}" if ":" in title else f"title: {title}", f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in meta.items() if key != "body"]
    body = str(meta.get("body", f"Body of {title}, with the words the and of and to and in."))
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def copy_demo(root: Path) -> Path:
    """Copy the demo site's content/ and static/ folders below root (a site as the README's first command builds)."""
    shutil.copytree(DEMO, root / "content")
    shutil.copytree(REPO / "static", root / "static")
    return root


def plan_site(root: Path, groups: object = None):  # type: ignore[no-untyped-def]
    """Load, collate and plan the site at root in this process as a build does (no search, no cache), on top of
    ``groups`` (output/keys.Groups): the plan's tasks make their files when called."""
    from datetime import UTC, datetime

    from cseas_site import pipeline
    from cseas_site.archive.collate import collate
    from cseas_site.archive.urls import Urls
    from cseas_site.cache import open_cache
    from cseas_site.config import SitePaths
    from cseas_site.load import loader
    from cseas_site.output.i18n import available
    from cseas_site.output.plan import plan_outputs

    paths = SitePaths(root, root / "build").real()
    config, files = loader.load_config(paths.content), loader.find_site_files(paths)
    known = open_cache(paths, False, config, files, (False, False, "build"))
    chosen = pipeline.select(known.parse(files.content, config, 1), files.problems, False, datetime.now(UTC))
    archive = collate(chosen.articles, urls := Urls(config), available(files.locales))
    return plan_outputs(archive, config, urls, files, "render", False, None, None, groups)  # type: ignore[arg-type]


def make_site(root: Path, files: dict[str, str | bytes], site_yaml: str | None = SITE_YAML) -> Path:
    """Write a site below root: keys are paths relative to root (content/x.md, templates/y.html)."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    if site_yaml is not None:
        (root / "content" / "site.yaml").write_text(site_yaml, encoding="utf-8")
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    return root


@dataclass
class Result:
    code: int
    out: str
    err: str


def interruptible() -> None:
    """For Popen's preexec_fn: Ctrl-C (SIGINT) works in the child even when the tests run where it is ignored
    (a CI job started in the background inherits an ignored SIGINT, and Python then never raises
    KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_process(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """Run cseas-build as a separate process, as a user would."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "cseas_site", *[str(a) for a in args]],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return Result(proc.returncode, proc.stdout, proc.stderr)


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Map every file below folder to its bytes, for byte-for-byte comparisons."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def wait_for(condition, timeout: float = 2.0, step: float = 0.02):  # type: ignore[no-untyped-def]
    """Poll until condition() is true (no fixed sleeps); return how long it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(step)
    raise AssertionError(f"not within {timeout} s")


class Server:
    """`cseas-build serve` as a real process on a free port, its messages collected as they come."""

    def __init__(self, root: Path, *extra: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cseas_site", "serve", "--root", str(root), "--port", "0", "--no-search", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=interruptible,
        )  # fmt: skip
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        wait_for(lambda: any("Serving http://" in line for line in self.lines), timeout=60)
        line = next(line for line in self.lines if "Serving http://" in line)
        self.port = int(re.search(r":(\d+)/", line).group(1))  # type: ignore[union-attr]

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, response.getheader("Content-Type") or "", body

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=20)
        self._reader.join(timeout=20)  # its last messages read before anyone looks at them
        return code
