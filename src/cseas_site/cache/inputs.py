"""What a build's output depends on besides the text of each content file, as a few digests."""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..config import Config
from ..digests import digest, key_of
from ..load.loader import THEME_STATIC, SiteFiles


@dataclass(frozen=True, slots=True)
class Inputs:
    """The digests one build compares with the last: equal inputs and the same live tree, nothing to do."""

    parse: str  # this program and site.yaml: what a file's parse result depends on besides its text
    render: str  # parse, the theme's static files, the site's catalogs and the build flags: what every output
    # file depends on besides content and templates (a page adds its templates': output/template_keys.py)
    templates: str  # every other file of the theme's folders: the templates
    content: str  # every content file's name, times and size
    static: str  # every file of static/: name, times and size (the files are not read)

    @classmethod
    def of(cls, config: Config, files: SiteFiles, flags: tuple[object, ...]) -> Inputs:
        """Work out the digests of a build's inputs (the theme's files are read: templates are small)."""
        parse = key_of(program_key(), repr(config))
        theme = _files_digest(files.theme)
        assets = [(path, found) for path, found in theme if path.startswith(f"{THEME_STATIC}/")]
        return cls(
            parse=parse,
            render=key_of(parse, assets, _files_digest([files.locales]), flags),
            templates=key_of([(path, found) for path, found in theme if not path.startswith(f"{THEME_STATIC}/")]),
            content=key_of([(f.key, f.page, f.stat) for f in files.content]),
            static=key_of([(f.path, f.stat) for f in files.static]),
        )


def _files_digest(folders: Iterable[Path]) -> list[tuple[str, str]]:
    """Digest of every regular file below some folders, by path (compiled Python files left out). Anything else
    (a FIFO, a device) is never read: the build refuses it with a message (load.loader.find_static)."""
    found = []
    for folder in folders:
        for current, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                path = Path(current, name)
                if _regular(path):
                    found.append((path.relative_to(folder).as_posix(), digest(path.read_bytes())))
    return found


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # a dangling link
        return False


@functools.cache
def program_key() -> str:
    """Digest of this program: its version and every file of the package."""
    return key_of(__version__, _files_digest([Path(__file__).resolve().parent.parent]))
