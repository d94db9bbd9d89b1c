"""What the last build knew, behind one facade: open it, ask whether anything changed, parse through it,
save what this build published. ROOT/.cseas-cache/ by default; pickled; safe to delete (docs/incremental.md)."""

from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from ..config import Config, SitePaths
from ..digests import key_of
from ..load.loader import ContentFile, SiteFiles, load_all
from ..load.parsed import Parsed
from ..write.trees import Trees, matches
from ..write.writer import atomic_write, make_folder, remove_path
from .images import ImageStore
from .inputs import Inputs, program_key
from .parse_cache import ParseCache, file_identity, read_pickle
from .pieces import Pieces

SCHEMA = 8  # 8: template_refs
STATE_FILE = "state.pickle"  # the Saved record of the last build
PARSED_DIR = "parsed"  # the parse cache's buckets
IMAGES_DIR = "images"  # derivatives and share cards (cache/images.py)
PIECES_FILE = "pieces.marshal"  # parts of pages kept for the next build (cache/pieces.py)
COMPILED_DIR = "templates"  # compiled Jinja templates, one folder per program (see output.render.Renderer)
SEARCH_PAGES_DIR = "search-pages"  # the search index's pages, linked, one folder per output (write/search_index.py)
TEMPLATE_REFS = 512  # template sources whose references are kept: past that (many edits), they start again
FORMER = ("sources.pickle", "sources", "standby.changing")  # what earlier versions kept here


@dataclass(frozen=True, slots=True)
class Saved:
    """What one build leaves for the next."""

    inputs: Inputs
    trees: Trees
    articles: int  # how many articles it published
    next_due: float | None  # when the earliest scheduled article becomes due (epoch seconds)
    schema: int = SCHEMA
    template_refs: Mapping[str, tuple[str, ...] | None] = field(default_factory=dict)  # output/template_keys.py

    @classmethod
    def read(cls, folder: Path, resident: bool = False) -> Saved | None:
        """What the last build saved in the cache folder (None: nothing, or damaged, or of another schema).
        ``resident``: this process builds again and again (serve): what it wrote itself is taken from memory
        while the file is still that one."""
        file = folder / STATE_FILE
        kept = _written.get(file) if resident else None
        if kept is not None and kept[0] == file_identity(file):
            return kept[1]
        saved = read_pickle(file)
        return saved if isinstance(saved, Saved) and saved.schema == SCHEMA else None

    def write(self, folder: Path, resident: bool = False) -> None:
        """Save the record; ``resident``: keep it in memory too, for this process's next build."""
        file = folder / STATE_FILE
        atomic_write(file, lambda out: pickle.dump(self, out, protocol=pickle.HIGHEST_PROTOCOL))
        identity = file_identity(file) if resident else None
        if identity is not None:
            _written[file] = (identity, self)


# The state a long-running process (serve) wrote last, with the identity its file had then (device, inode,
# times and size): its next build takes the record from memory instead of unpickling 8 MB again (0.03 s at
# 10,000 articles). Another process saving the state replaces the file, which gives it a new identity.
_written: dict[Path, tuple[tuple[int, ...], Saved]] = {}


class BuildCache:
    """The last build's inputs, parse results and output trees, kept in a folder."""

    def __init__(self, folder: Path, output: Path, inputs: Inputs, saved: Saved | None, resident: bool = False) -> None:
        """``resident``: the process builds again and again (serve), so parse results stay in memory."""
        self.folder, self.output, self.inputs, self.saved = folder, output, inputs, saved
        trusted = saved is not None and saved.inputs.parse == inputs.parse
        self.parsed = ParseCache(folder / PARSED_DIR, inputs.parse, trusted, resident)
        self.images = ImageStore(folder / IMAGES_DIR)
        self.pieces: Pieces | None = Pieces(folder / PIECES_FILE, held=resident)
        self.template_refs = dict(saved.template_refs) if saved is not None else {}  # a source's digest: never stale

    @classmethod
    def open(
        cls, folder: Path, output: Path, config: Config, files: SiteFiles, flags: tuple[object, ...],
        resident: bool = False,
    ) -> BuildCache:  # fmt: skip
        """Work out this build's inputs and read what the last build saved (nothing, if it is damaged or old)."""
        return cls(folder, output, Inputs.of(config, files, flags), Saved.read(folder, resident), resident)

    @property
    def articles(self) -> int:
        """How many articles the last build published."""
        return self.saved.articles if self.saved is not None else 0

    @property
    def previous(self) -> Trees | None:
        """The trees the last build published (the publisher checks that they are still there)."""
        return self.saved.trees if self.saved is not None else None

    @property
    def render_key(self) -> str:
        """Digest of what every page depends on besides the content (each task's key includes it)."""
        return self.inputs.render

    def up_to_date(self, now: datetime) -> bool:
        """Whether the live site is the last build's, made from these very inputs, with no article come due."""
        saved = self.saved
        if saved is None or saved.inputs != self.inputs or not matches(self.output, saved.trees.live):
            return False
        return saved.next_due is None or now.timestamp() < saved.next_due

    def parse(self, files: Sequence[ContentFile], config: Config, jobs: int) -> list[Parsed]:
        """Every file's parse result, parsing only files whose content changed. Saved at once, and let go of
        unless the process is resident: the build holds the articles made of them from here on."""
        parsed = self.parsed.parse(files, config, jobs)
        if not self.parsed.resident:
            self.parsed.release()
        return parsed

    def compiled_templates(self) -> Path | None:
        """The folder where this program's compiled templates are kept (those of other versions are removed);
        None when it cannot be made (a read-only site: templates are compiled on each build, as without a cache)."""
        folder = self.folder / COMPILED_DIR / program_key()[:16]
        try:
            if (self.folder / COMPILED_DIR).is_dir():
                for other in (self.folder / COMPILED_DIR).iterdir():
                    if other != folder:
                        remove_path(other)
            make_folder(folder)
        except OSError:
            return None
        return folder

    def search_pages(self) -> Path | None:
        """The folder where the search index's pages are kept linked between builds into this output, one for
        each output folder (two builds of one site into two folders may run at once); None when it cannot be
        made (a read-only site: each build links them anew)."""
        folder = self.folder / SEARCH_PAGES_DIR / key_of(str(self.output))[:16]
        try:
            make_folder(folder.parent)
        except OSError:
            return None
        return folder

    def save(self, trees: Trees, articles: int, next_due: datetime | None) -> None:
        """Keep what this build published, parsed and made of its pages, for the next build."""
        self.parsed.save()
        if self.pieces is not None:
            self.pieces.save()
        refs = self.template_refs if len(self.template_refs) <= TEMPLATE_REFS else {}
        Saved(self.inputs, trees, articles, next_due.timestamp() if next_due else None, template_refs=refs).write(
            self.folder, self.parsed.resident
        )
        if self.saved is None:
            for name in FORMER:
                remove_path(self.folder / name)


class NoCache:
    """Knows nothing and keeps nothing: for --no-cache and `check` (a full, cold build)."""

    articles = 0
    previous: Trees | None = None
    render_key = ""  # keys are only ever compared with a previous build's
    pieces: Pieces | None = None

    def __init__(self, output: Path) -> None:
        """``output``: the folder the build publishes to; its scratch images are made beside it."""
        self.images = ImageStore.scratch(output)
        self.template_refs: dict[str, tuple[str, ...] | None] = {}

    def up_to_date(self, now: datetime) -> bool:
        return False

    def parse(self, files: Sequence[ContentFile], config: Config, jobs: int) -> list[Parsed]:
        return load_all(list(files), config, jobs)

    def compiled_templates(self) -> Path | None:
        return None

    def search_pages(self) -> Path | None:
        return None

    def save(self, trees: Trees, articles: int, next_due: datetime | None) -> None:
        pass


class Cache(Protocol):
    """What a build asks of its cache: BuildCache, or NoCache."""

    @property
    def articles(self) -> int: ...
    @property
    def previous(self) -> Trees | None: ...
    @property
    def render_key(self) -> str: ...
    @property
    def images(self) -> ImageStore: ...
    @property
    def pieces(self) -> Pieces | None: ...
    @property
    def template_refs(self) -> dict[str, tuple[str, ...] | None]: ...
    def up_to_date(self, now: datetime) -> bool: ...
    def parse(self, files: Sequence[ContentFile], config: Config, jobs: int) -> list[Parsed]: ...
    def compiled_templates(self) -> Path | None: ...
    def search_pages(self) -> Path | None: ...
    def save(self, trees: Trees, articles: int, next_due: datetime | None) -> None: ...


def open_cache(
    paths: SitePaths, enabled: bool, config: Config, files: SiteFiles, flags: tuple[object, ...],
    resident: bool = False,
) -> Cache:  # fmt: skip
    """The site's build cache (paths.cache), or NoCache when the build must not use one (--no-cache);
    ``resident``: see BuildCache."""
    if not enabled:
        return NoCache(paths.output)
    return BuildCache.open(paths.cache, paths.output, config, files, flags, resident)
