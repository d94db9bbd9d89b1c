"""The image store: what the images of earlier builds were found to be and made into, under
.cseas-cache/images/. A source image's derivatives are kept in a folder named by its key (its bytes, the
settings, Pillow's version), so a second build encodes nothing and an edited image only itself; a file's times
and size stand in for its bytes, as for content. Share cards are kept by the digest of what they show.
Safe to delete: the next build makes everything again."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..digests import digest, key_of
from ..errors import Problem
from ..load.loader import Stat, StaticFile
from ..media.catalog import Catalog, Picture, Use, picture
from ..media.specs import RESIZED, Facts, ImageError, Settings, specs
from ..workers import parallel_map
from ..write.writer import atomic_write, make_folder, remove_path, scratch_beside
from .parse_cache import read_pickle

INDEX = "index-2.pickle"  # source path -> Known; the number changes with Known's or Facts' fields
DONE = ".done"  # in a key's folder once every derivative is in it
CARDS = "cards"
PARALLEL_FROM = 4  # images: fewer are made in this process


@dataclass(frozen=True, slots=True)
class Known:
    """What a source image was found to be, with the times and size its file had then."""

    stat: Stat
    digest: str
    facts: Facts | None
    error: str = ""  # why it cannot be used ("" when facts were read)


class ImageStore:
    """Made images by key in ``folder``; ``keep``: whether the folder outlives the build (not for --no-cache)."""

    def __init__(self, folder: Path, keep: bool = True) -> None:
        self.folder, self.keep = folder, keep
        loaded = read_pickle(folder / INDEX) if keep else None
        self.index: dict[str, Known] = loaded if isinstance(loaded, dict) else {}
        self.seen: dict[str, Known] = {}
        self.facts: dict[str, Facts] = {}
        self.cards: set[str] = set()  # card keys this build shows
        self.made = 0  # images whose derivatives this build made

    @classmethod
    def scratch(cls, output: Path) -> ImageStore:
        """A store for one build, in a folder beside its ``output`` removed when the store is (writer.py's
        scratch_beside: call it holding the output's lock)."""
        holder = scratch_beside(output, "images")
        store = cls(Path(holder.name), keep=False)
        store._holder = holder  # type: ignore[attr-defined]  # the folder lives as long as the store
        return store

    def survey(
        self, uses: Mapping[str, list[Use]], static: Mapping[str, StaticFile], settings: Settings
    ) -> tuple[Catalog, list[Problem]]:
        """The catalog of the raster images pages show (``uses``: by path below the site root), and a problem
        at every page line that shows an image that cannot be read."""
        pictures: dict[str, Picture] = {}
        problems: list[Problem] = []
        for source in sorted(uses):
            file = static.get(source)
            suffix = PurePosixPath(source).suffix.lower()
            if file is None or suffix not in RESIZED:
                continue  # not ours to resize: missing files are `check`'s to report, GIF and SVG pass through
            known = self._known(source, file, suffix)
            if known.facts is None:
                problems += _problems(uses[source], known.error)
                continue
            if known.facts.animated:
                continue  # resizing would keep its first frame: it passes through, as a GIF does
            self.facts[source] = known.facts
            pictures[source] = picture(source, known.facts, key_of(known.digest, settings.key), settings)
        return Catalog(pictures, settings), problems

    def _known(self, source: str, file: StaticFile, suffix: str) -> Known:
        found = self.index.get(source)
        if found is None or found.stat != file.stat:
            from ..media.pillow import facts  # Pillow is imported when an image is read, not on every build

            data = file.file.read_bytes()
            try:
                found = Known(file.stat, digest(data), facts(data, suffix))
            except ImageError as exc:
                found = Known(file.stat, digest(data), None, str(exc))
        self.seen[source] = found
        return found

    def fill(
        self, catalog: Catalog, static: Mapping[str, StaticFile], uses: Mapping[str, list[Use]], jobs: int
    ) -> list[Problem]:
        """Make the derivatives the store lacks, on ``jobs`` processes; a problem at every page line that shows
        an image that cannot be decoded."""
        todo = [p for p in catalog.pictures.values() if not (self.folder / p.key / DONE).is_file()]
        if not todo:
            return []
        from ..media.pillow import make

        def work(index: int) -> str:
            item = todo[index]
            facts = self.facts[item.source]
            try:
                made = make(static[item.source].file.read_bytes(), facts, specs(facts, catalog.settings),
                            catalog.settings)  # fmt: skip
            except ImageError as exc:
                return str(exc)
            for name, data in made.items():
                atomic_write(self.folder / item.key / name, data)
            atomic_write(self.folder / item.key / DONE, b"")
            return ""

        errors = parallel_map(work, len(todo), jobs, "images", PARALLEL_FROM)
        self.made = sum(1 for error in errors if not error)
        return [
            p for item, error in zip(todo, errors, strict=True) if error for p in _problems(uses[item.source], error)
        ]

    def read(self, item: Picture, name: str) -> bytes:
        """The bytes of one derivative (made by fill)."""
        return (self.folder / item.key / name).read_bytes()

    def card(self, key: str, draw: Callable[[], bytes]) -> bytes:
        """A share card's bytes: kept from an earlier build, else drawn now and kept."""
        file = self.folder / CARDS / f"{key}.png"
        try:
            return file.read_bytes()
        except OSError:
            data = draw()
            atomic_write(file, data)
            return data

    def save(self, catalog: Catalog) -> None:
        """Keep what this build found, and drop what no page shows any more (an edited image's old set)."""
        if not self.keep:
            return
        used = {p.key for p in catalog.pictures.values()}
        make_folder(self.folder)
        for entry in self.folder.iterdir():
            stale_index = entry.name.startswith("index") and entry.name != INDEX
            if stale_index or (entry.is_dir() and entry.name != CARDS and entry.name not in used):
                remove_path(entry)
        if (self.folder / CARDS).is_dir():
            for entry in (self.folder / CARDS).iterdir():
                if entry.stem not in self.cards:
                    remove_path(entry)
        atomic_write(self.folder / INDEX, pickle.dumps(self.seen, protocol=pickle.HIGHEST_PROTOCOL))


def _problems(uses: Iterable[Use], error: str) -> list[Problem]:
    return [Problem(use.path, use.line, f"image {use.written} {error}") for use in uses]
