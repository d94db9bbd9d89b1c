"""Walk content/, read each file as UTF-8, dispatch to its parser, collect every problem."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import progress
from ..config import Config, parse_config
from ..errors import Problem, SiteError, display_path
from ..workers import can_fork, fork_pool
from . import markdown_article, raw_report
from .fields import Fmt, Parsed

Parser = Callable[[str, str, Config], Parsed]
PARSERS: dict[str, Parser] = {
    ".md": markdown_article.parse,
    ".markdown": markdown_article.parse,
    ".txt": raw_report.parse,
}
CONFIG_NAME = "site.yaml"
PAGES = "pages"  # content/pages/: standalone pages such as About
MAX_BYTES = 20 * 1024 * 1024  # an article larger than this is a mistake, not a report


@dataclass(frozen=True, slots=True)
class Source:
    """One content file to load: where it is and how to name it in messages."""

    file: Path
    display: str
    page: bool = False  # below content/pages/: a standalone page


def load_config(content_dir: Path) -> Config:
    """Read content/site.yaml (defaults when absent); raise SiteError when it is bad."""
    file = content_dir / CONFIG_NAME
    if not file.is_file():
        return Config()
    text, problem = read_text(file, display_path(file))
    if problem is not None:
        raise SiteError([problem])
    return parse_config(text, display_path(file))


def find_sources(content_dir: Path) -> tuple[list[Source], list[Problem]]:
    """List article files under content/ in a stable order (a folder's files, then its folders, by name);
    skip hidden names; refuse links that leave content/."""
    sources: list[Source] = []
    problems: list[Problem] = []
    root = content_dir.resolve()
    shown = display_path(content_dir)
    folders = [(str(content_dir), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
        inner = []
        for entry in entries:
            if entry.is_dir():  # a link to a folder is not followed
                if not entry.is_symlink():
                    inner.append((entry.path, f"{prefix}{entry.name}/"))
                continue
            if os.path.splitext(entry.name)[1].lower() not in PARSERS:
                continue
            relative = prefix + entry.name
            file = Path(entry.path)
            if entry.is_symlink() and not file.resolve().is_relative_to(root):
                problems.append(Problem(f"{shown}/{relative}", 1, "symbolic link points outside content/; refused"))
                continue
            sources.append(Source(file, f"{shown}/{relative}", relative.split("/", 1)[0] == PAGES))
        folders.extend(reversed(inner))
    return sources, problems


def read_text(file: Path, display: str) -> tuple[str, Problem | None]:
    """Read a file as UTF-8 text with LF line endings; a problem instead when it cannot be."""
    try:
        with open(file, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return "", Problem(display, 1, f"cannot read file: {exc.strerror or exc}")
    if len(data) > MAX_BYTES:
        return "", Problem(display, 1, f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; split it")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", Problem(display, 1, "file is UTF-16; save it as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return "", Problem(display, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return "", Problem(display, line, "file contains a NUL character; is it really text?")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def load_file(source: Source, config: Config) -> Parsed:
    """Read and parse one content file (never raises for bad content)."""
    text, problem = read_text(source.file, source.display)
    fmt: Fmt = "text" if source.file.suffix.lower() == ".txt" else "markdown"
    if problem is not None:
        return Parsed(path=source.display, fmt=fmt, lang=config.language, problems=(problem,))
    parsed = PARSERS[source.file.suffix.lower()](text, source.display, config)
    return dataclasses.replace(parsed, page=source.page, digest=source_digest(source, text))


def source_digest(source: Source, text: str) -> str:
    """What the pages built from a file depend on: its text, its place and whether it is a page."""
    return hashlib.blake2b(f"{source.display}\0{source.page}\0{text}".encode(), digest_size=16).hexdigest()


def read_digest(source: Source) -> str | None:
    """The digest of a file as it is now (None if it cannot be read)."""
    text, problem = read_text(source.file, source.display)
    return None if problem is not None else source_digest(source, text)


PARALLEL_FROM = 300  # fewer files than this parse quicker in one process than in forked workers


def load_all(sources: list[Source], config: Config, jobs: int) -> list[Parsed]:
    """Parse every source, on ``jobs`` processes when there are many; the result keeps the sources' order."""
    if jobs <= 1 or len(sources) < PARALLEL_FROM or not can_fork():
        with progress.bar("reading", len(sources)) as shown:
            parsed = []
            for source in sources:
                parsed.append(load_file(source, config))
                shown.update(1)
            return parsed
    with fork_pool(jobs) as pool:
        chunk = max(1, len(sources) // (jobs * 8))
        with progress.bar("reading", len(sources)) as shown:
            parsed = []
            for item in pool.map(load_file, sources, [config] * len(sources), chunksize=chunk):
                parsed.append(item)
                shown.update(1)
    return parsed
