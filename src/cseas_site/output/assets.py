"""Theme files (templates/static/) and the site's own static/ folder, copied as they are."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..archive.urls import THEME
from ..models import OutputFile


def _walk(folder: Path) -> Iterator[tuple[str, Path]]:
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                file = Path(current, name)
                yield file.relative_to(folder).as_posix(), file


def theme_assets(template_dirs: list[Path]) -> Iterator[OutputFile]:
    """Yield each theme file once, the site's own copy winning over the packaged one."""
    chosen: dict[str, Path] = {}
    for folder in reversed(template_dirs):
        for name, file in _walk(folder / "static"):
            chosen[name] = file
    for name in sorted(chosen):
        yield OutputFile(f"{THEME}/{name}", chosen[name].read_bytes(), f"theme file {chosen[name]}")


def site_static(static_dir: Path) -> Iterator[OutputFile]:
    """Yield the files of the site's static/ folder, published at the same paths below the site root."""
    if static_dir.is_dir():
        for name, file in _walk(static_dir):
            yield OutputFile(name, file.read_bytes(), f"static file {file}")
