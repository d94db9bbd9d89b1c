"""Walk content/ and static/, read each file as UTF-8, dispatch to its parser, collect every problem."""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import BinaryIO, NamedTuple

from ..config import TERM_FILE, Config, SitePaths, parse_config, parse_terms
from ..digests import digest
from ..errors import Problem, SiteError, display_path
from ..workers import parallel_map
from . import markdown_article, raw_report
from .limits import MAX_FILE_BYTES
from .parsed import Fmt, Parsed, placed_digest

Parser = Callable[[str, str, Config], Parsed]
PARSERS: dict[str, Parser] = {
    ".md": markdown_article.parse,
    ".markdown": markdown_article.parse,
    ".txt": raw_report.parse,
}
CONFIG_NAME = "site.yaml"
PAGES = "pages"  # content/pages/: standalone pages such as About
LOCALES = "locales"  # content/locales/<code>.po: the site's own words of the interface
Stat = tuple[int, int, int]  # (mtime_ns, ctime_ns, size): ctime also changes on chmod and rename, as in git
GONE: Stat = (0, 0, -1)  # the stat of a file that vanished after it was listed: it is read again, and fails
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


class ContentFile(NamedTuple):
    """One content file to load: where it is, how to name it in messages, and its times and size. (A named
    tuple: a build lists every file of content/ again, and makes 10,000 of these in 4 ms, where a frozen
    dataclass took 14.)"""

    location: str  # where it is (a path object is made only for a file that is read: 10,000 cost 25 ms)
    display: str  # as messages name it: relative to the working folder, so it changes with it
    page: bool = False  # below content/pages/: a standalone page
    stat: Stat = GONE
    name: str = ""  # its path below content/ ("2016/a.md"): what caches know it by, wherever the build runs

    @property
    def file(self) -> Path:
        return Path(self.location)

    @property
    def key(self) -> str:
        """What caches know the file by: its path below content/ (its display name for a file elsewhere)."""
        return self.name or self.display


@dataclass(frozen=True, slots=True)
class StaticFile:
    """One file of a static folder, published as it is (static/ at the site root, a theme's below /theme/)."""

    path: str  # e.g. "uploads/2016/02/photo.jpg"
    file: Path
    stat: Stat


@dataclass(frozen=True, slots=True)
class SiteFiles:
    """Every input of a build besides site.yaml: content files, static files, the theme's folders, and the
    problems found while listing them."""

    content: list[ContentFile]
    static: list[StaticFile]
    theme: list[Path]  # template folders in lookup order: the site's own, then the packaged theme
    problems: list[Problem]
    locales: Path = Path("content", LOCALES)  # the site's own catalogs (see output/i18n.py), if it has any


Lister = Callable[[Path], tuple[list[ContentFile], list[Problem]]]


def find_site_files(paths: SitePaths, lister: Lister | None = None) -> SiteFiles:
    """List a site's inputs (nothing is read yet). ``lister``: what lists content/ (find_content unless given:
    a resident process keeps its listing, cache/listing.py)."""
    content, problems = (lister or find_content)(paths.content)
    static, unusable = find_static(paths.static)
    return SiteFiles(content, static, theme_dirs(paths.templates), [*problems, *unusable], paths.content / LOCALES)


def packaged_templates() -> Path:
    """Return the theme shipped with the package (or the repository's templates/ in a source checkout)."""
    inside = Path(__file__).resolve().parent.parent / "templates"
    return inside if inside.is_dir() else Path(__file__).resolve().parents[3] / "templates"


THEME_STATIC = "static"  # a template folder's files published below /theme/ (output/assets.py): never templates


def theme_published(path: str) -> bool:
    """Whether a file of a template folder (its path below the folder) is published below /theme/: then it is
    no template."""
    return path.startswith(f"{THEME_STATIC}/")


def theme_dirs(site_templates: Path) -> list[Path]:
    """Return template folders in lookup order: the site's own first, then the packaged theme."""
    dirs = [site_templates] if site_templates.is_dir() else []
    return [*dirs, packaged_templates()]


def load_config(content_dir: Path) -> Config:
    """Read content/site.yaml (defaults when absent); raise SiteError when it is bad."""
    file = content_dir / CONFIG_NAME
    if not file.is_file():
        return with_descriptions(Config(), content_dir / TERM_FILE)
    text, problem = read_text(file, display_path(file))
    if problem is not None:
        raise SiteError([problem])
    config = parse_config(text, display_path(file))
    return with_descriptions(config, content_dir / TERM_FILE)


def with_descriptions(config: Config, file: Path) -> Config:
    """Add content/terms.yaml's descriptions to site.yaml's term_descriptions (the file wins)."""
    if not file.is_file():
        return config
    text, problem = read_text(file, display_path(file))
    if problem is not None:
        raise SiteError([problem])
    merged = {kind: dict(names) for kind, names in config.term_descriptions.items()}
    for kind, names in parse_terms(text, display_path(file)).items():
        merged.setdefault(kind, {}).update(names)
    return dataclasses.replace(config, term_descriptions=merged)


def find_content(content_dir: Path, linked: set[str] | None = None) -> tuple[list[ContentFile], list[Problem]]:
    """List article files under content/ in a stable order (a folder's files, then its folders, by name);
    skip hidden names; refuse links that leave content/ and anything that is not a regular file. ``linked``:
    gets the names below content/ of the files listed that are symbolic links or have other hard links (a
    change made through another name is not seen in content/: cache/listing.py)."""
    if not content_dir.is_dir():
        where = f"no content folder at {content_dir.resolve()}: is --root right? (it names the folder holding content/)"
        raise SiteError([Problem(display_path(content_dir), 1, where)])
    found: list[ContentFile] = []
    problems: list[Problem] = []
    pages = f"{PAGES}/"
    for entry, relative, display in _walk(content_dir, problems):
        if content_file(entry.name):
            info = _regular(entry, content_dir, display, problems)
            if info is not None:
                found.append(ContentFile(entry.path, display, relative.startswith(pages), stat_of(info), relative))
                if linked is not None and (info.st_nlink > 1 or entry.is_symlink()):
                    linked.add(relative)
    return found, problems


def find_static(static_dir: Path) -> tuple[list[StaticFile], list[Problem]]:
    """List the files of a static folder with their times and size, in a stable order; skip hidden names;
    refuse links that leave the folder and anything that is not a regular file. Nothing is read: an unchanged
    file is not read again (see output/assets.py)."""
    found: list[StaticFile] = []
    problems: list[Problem] = []
    if static_dir.is_dir():
        for entry, relative, display in _walk(static_dir, problems):
            info = _regular(entry, static_dir, display, problems)
            if info is not None:
                found.append(StaticFile(relative, Path(entry.path), stat_of(info)))
    return found, problems


def _walk(folder: Path, problems: list[Problem]) -> Iterator[tuple[os.DirEntry[str], str, str]]:
    """Every file below folder (links to folders are not followed), a folder's files before its folders, by
    name: the entry, its path relative to folder and its name for messages. Hidden names are skipped; names
    that are not UTF-8 are refused (they could be neither published nor printed)."""
    shown = display_path(folder)
    folders = [(str(folder), "")]
    while folders:
        here, prefix = folders.pop()
        with os.scandir(here) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")), key=_BY_NAME)
        inner = []
        for entry in entries:
            name = entry.name
            if not utf8_name(name):
                problems.append(Problem(f"{shown}/{prefix}{name}", 1, "the file name is not valid UTF-8; rename it"))
            elif entry.is_dir(follow_symlinks=False):
                inner.append((entry.path, f"{prefix}{name}/"))
            elif not _folder_link(entry):
                yield entry, prefix + name, f"{shown}/{prefix}{name}"
        folders.extend(reversed(inner))


_BY_NAME = attrgetter("name")


def _folder_link(entry: os.DirEntry[str]) -> bool:
    """Whether an entry is a link to a folder (not followed); a link that cannot be followed (a loop, no
    permission) is listed as a file, and refused as one that cannot be read."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def utf8_name(name: str) -> bool:
    """Whether a file name listed is UTF-8 (names that are not cannot be published nor printed)."""
    return name.isascii() or _utf8(name)


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.scandir keeps bytes it cannot decode as surrogates
        return False
    return True


def _regular(entry: os.DirEntry[str], folder: Path, display: str, problems: list[Problem]) -> os.stat_result | None:
    """The status of a regular file inside its folder (following a link); else None, and a problem says why it
    is refused (a link out of the folder would publish any file of the machine; a FIFO would hang the build, a
    device would fill the memory)."""
    if entry.is_symlink() and not Path(os.path.realpath(entry.path)).is_relative_to(os.path.realpath(folder)):
        problems.append(Problem(display, 1, f"symbolic link points outside {folder.name}/; refused"))
        return None
    try:
        info = entry.stat()
    except OSError as exc:
        problems.append(Problem(display, 1, f"cannot read file: {exc.strerror or exc}"))
        return None
    if not stat.S_ISREG(info.st_mode):
        problems.append(Problem(display, 1, "not a regular file (a FIFO, device or socket); refused"))
        return None
    return info


def stat_of(info: os.stat_result) -> Stat:
    """A file's times and size, as caches compare them."""
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size)


def content_file(name: str) -> bool:
    """Whether a file of content/ of this name is an article file the listing takes (by its extension, as
    os.path.splitext reads it)."""
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in PARSERS


def _read_up_to(handle: BinaryIO, limit: int) -> bytes:
    """The file's bytes, at most ``limit`` of them. Read in one call sized by the file (one more byte, to see it
    grew): a read sized by the limit has Python allocate the limit (5 MiB) for every 8 KB article and hand the
    rest back, a quarter of a millisecond a file in a build's workers."""
    size = os.fstat(handle.fileno()).st_size
    data = handle.read(min(size, limit - 1) + 1)
    if len(data) > size:  # it grew since: read on, up to the limit
        data += handle.read(limit - len(data))
    return data


def read_text(file: Path, display: str) -> tuple[str, Problem | None]:
    """Read a file as UTF-8 text with LF line endings; a problem instead when it cannot be."""
    try:
        if not stat.S_ISREG(os.stat(file).st_mode):
            return "", Problem(display, 1, "not a regular file (a folder, FIFO, device or socket)")
        with open(file, "rb") as handle:
            data = _read_up_to(handle, MAX_FILE_BYTES + 1)
    except OSError as exc:
        return "", Problem(display, 1, f"cannot read file: {exc.strerror or exc}")
    if len(data) > MAX_FILE_BYTES:
        return "", Problem(display, 1, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; split it")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return "", Problem(display, 1, f"file is {encoding}; save it as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return "", Problem(display, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}): {_encoding_hint(data)}")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return "", Problem(display, line, "file contains a NUL character; is it really text?")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _encoding_hint(data: bytes) -> str:
    """Which older encoding text that is not UTF-8 looks like, and how to convert it."""
    windows = any(0x80 <= byte <= 0x9F for byte in data)  # Windows-1252's curly quotes and dashes live here
    name, iconv = ("Windows-1252", "WINDOWS-1252") if windows else ("Latin-1 (ISO-8859-1)", "ISO-8859-1")
    return f"it looks like {name}; save it as UTF-8 in your editor, or run iconv -f {iconv} -t UTF-8 OLD > NEW"


def load_file(source: ContentFile, config: Config) -> Parsed:
    """Read and parse one content file (never raises for bad content)."""
    suffix = source.file.suffix.lower()
    fmt: Fmt = "text" if suffix == ".txt" else "markdown"
    text, problem = read_text(source.file, source.display)
    if problem is None and suffix not in PARSERS:
        problem = Problem(source.display, 1, f"not a content file: articles end in {', '.join(sorted(PARSERS))}")
    if problem is not None:
        return Parsed(path=source.display, fmt=fmt, lang=config.language, problems=(problem,))
    marks: tuple[Problem, ...] = ()
    if "\ufeff" in text:  # a byte-order mark in the middle: two files pasted together
        line = text[: text.index("\ufeff")].count("\n") + 1
        note = "an invisible byte-order mark (U+FEFF) is in the text, left by pasting files together; it was removed"
        marks = (Problem(source.display, line, note, "warning"),)
    parsed = PARSERS[suffix](text.replace("\ufeff", ""), source.display, config)
    problems = (*parsed.problems, *marks)
    parsed = parsed._replace(page=source.page, digest=source_digest(source, text), problems=problems)
    return parsed._replace(placed=placed_digest(parsed))


def source_digest(source: ContentFile, text: str) -> str:
    """What the pages built from a file depend on: its text, its place in content/ and whether it is a page
    (not the working folder the build runs in: it changes how messages name the file, never a page)."""
    return digest(f"{source.key}\0{source.page}\0{text}".encode())


def read_digest(source: ContentFile) -> str | None:
    """The digest of a file as it is now (None if it cannot be read)."""
    text, problem = read_text(source.file, source.display)
    return None if problem is not None else source_digest(source, text)


PARALLEL_FROM = 300  # fewer files than this parse quicker in one process than in forked workers


def load_all(sources: list[ContentFile], config: Config, jobs: int) -> list[Parsed]:
    """Parse every file, on ``jobs`` processes when there are many; the result keeps the files' order."""
    return parallel_map(lambda index: load_file(sources[index], config), len(sources), jobs, "reading", PARALLEL_FROM)
