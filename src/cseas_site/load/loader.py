"""Walk content/ and static/, read each file as UTF-8, dispatch to its parser, collect every problem."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import Config, parse_config
from ..digests import digest
from ..errors import Problem, SiteError, display_path
from ..workers import parallel_map
from . import markdown_article, raw_report
from .parsed import Fmt, Parsed

Parser = Callable[[str, str, Config], Parsed]
PARSERS: dict[str, Parser] = {
    ".md": markdown_article.parse,
    ".markdown": markdown_article.parse,
    ".txt": raw_report.parse,
}
CONFIG_NAME = "site.yaml"
PAGES = "pages"  # content/pages/: standalone pages such as About
MAX_BYTES = 20 * 1024 * 1024  # an article larger than this is a mistake, not a report
Stat = tuple[int, int, int]  # (mtime_ns, ctime_ns, size): ctime also changes on chmod and rename, as in git
GONE: Stat = (0, 0, -1)  # the stat of a file that vanished after it was listed: it is read again, and fails


@dataclass(frozen=True, slots=True)
class ContentFile:
    """One content file to load: where it is, how to name it in messages, and its times and size."""

    file: Path
    display: str
    page: bool = False  # below content/pages/: a standalone page
    stat: Stat = GONE


@dataclass(frozen=True, slots=True)
class StaticFile:
    """One file of the site's static/ folder, published as it is at the same path below the site root."""

    path: str  # e.g. "uploads/2016/02/photo.jpg"
    file: Path
    stat: Stat


def stat_of(entry: os.DirEntry[str] | Path) -> Stat:
    """Return a file's times and size (GONE if it vanished)."""
    try:
        info = entry.stat()
    except OSError:
        return GONE
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size)


def load_config(content_dir: Path) -> Config:
    """Read content/site.yaml (defaults when absent); raise SiteError when it is bad."""
    file = content_dir / CONFIG_NAME
    if not file.is_file():
        return Config()
    text, problem = read_text(file, display_path(file))
    if problem is not None:
        raise SiteError([problem])
    return parse_config(text, display_path(file))


def find_content(content_dir: Path) -> tuple[list[ContentFile], list[Problem]]:
    """List article files under content/ in a stable order (a folder's files, then its folders, by name);
    skip hidden names; refuse links that leave content/."""
    if not content_dir.is_dir():
        raise SiteError([Problem(str(content_dir), 1, "content folder not found (is --root right?)")])
    sources: list[ContentFile] = []
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
            page = relative.split("/", 1)[0] == PAGES
            sources.append(ContentFile(file, f"{shown}/{relative}", page, stat_of(entry)))
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


def find_static(static_dir: Path) -> tuple[StaticFile, ...]:
    """List the files of static/ with their times and size, in a stable order; skip hidden names. Nothing is
    read: an unchanged file is not read again (see output/assets.py)."""
    found = []
    for current, dirs, files in os.walk(static_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                file = Path(current, name)
                found.append(StaticFile(file.relative_to(static_dir).as_posix(), file, stat_of(file)))
    return tuple(found)


def load_file(source: ContentFile, config: Config) -> Parsed:
    """Read and parse one content file (never raises for bad content)."""
    text, problem = read_text(source.file, source.display)
    fmt: Fmt = "text" if source.file.suffix.lower() == ".txt" else "markdown"
    if problem is not None:
        return Parsed(path=source.display, fmt=fmt, lang=config.language, problems=(problem,))
    parsed = PARSERS[source.file.suffix.lower()](text, source.display, config)
    return dataclasses.replace(parsed, page=source.page, digest=source_digest(source, text))


def source_digest(source: ContentFile, text: str) -> str:
    """What the pages built from a file depend on: its text, its place and whether it is a page."""
    return digest(f"{source.display}\0{source.page}\0{text}".encode())


def read_digest(source: ContentFile) -> str | None:
    """The digest of a file as it is now (None if it cannot be read)."""
    text, problem = read_text(source.file, source.display)
    return None if problem is not None else source_digest(source, text)


PARALLEL_FROM = 300  # fewer files than this parse quicker in one process than in forked workers


def load_all(sources: list[ContentFile], config: Config, jobs: int) -> list[Parsed]:
    """Parse every file, on ``jobs`` processes when there are many; the result keeps the files' order."""
    return parallel_map(lambda index: load_file(sources[index], config), len(sources), jobs, "reading", PARALLEL_FROM)
