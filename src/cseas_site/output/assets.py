"""Theme files (templates/static/) and the site's own static/ folder, copied as they are."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path

from ..archive.urls import THEME
from ..digests import key_of
from ..errors import SiteError
from ..load.loader import THEME_STATIC, StaticFile, find_static
from ..media.strip import strip_metadata
from ..models import OutputFile, Task
from .keys import TaskKeys

STRIPPED = (".jpg", ".jpeg", ".png", ".webp")  # published without their metadata (media/strip.py)
STRIP_VERSION = 1  # in those files' keys: raise it when media/strip.py leaves out something new


def _copy(path: str, file: Path, origin: str) -> OutputFile:
    return OutputFile(path, file.read_bytes(), origin)


def _stripped(path: str, file: Path, origin: str) -> OutputFile:
    return OutputFile(path, strip_metadata(file.read_bytes(), file.suffix.lower()), origin)


def theme_assets(template_dirs: Sequence[Path], keys: TaskKeys) -> Iterator[Task]:
    """Each theme file once, the site's own copy winning over the packaged one (keyed by the theme's digest)."""
    chosen: dict[str, Path] = {}
    for folder in reversed(template_dirs):
        files, problems = find_static(folder / THEME_STATIC)
        if problems:
            raise SiteError(problems)
        chosen.update((file.path, file.file) for file in files)
    for name in sorted(chosen):
        path, origin = f"{THEME}/{name}", f"theme file {chosen[name]}"
        yield Task(path, origin, partial(_copy, path, chosen[name], origin), keys("theme file", name))


def site_static(files: Sequence[StaticFile]) -> Iterator[Task]:
    """The files of the site's static/ folder, published at the same paths below the site root; JPEG, PNG and
    WebP images without their metadata (a camera's GPS position has no place on the web). Each is keyed by its
    own name, times and size alone: an unchanged file is not read, and no page depends on it."""
    for static in files:
        origin = f"static file {static.file}"
        if static.path.lower().endswith(STRIPPED):
            make, key = (
                partial(_stripped, static.path, static.file, origin),
                key_of(static.path, static.stat, STRIP_VERSION),
            )
        else:
            make, key = partial(_copy, static.path, static.file, origin), key_of(static.path, static.stat)
        yield Task(static.path, origin, make, key)
