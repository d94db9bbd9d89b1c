"""What a build's output depends on besides the text of each content file, as a few digests."""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from .. import __version__
from ..config import Config
from ..digests import files_digest, key_of
from ..load.loader import SiteFiles, theme_published


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
        theme = files_digest(files.theme)
        assets = [(path, found) for path, found in theme if theme_published(path)]
        return cls(
            parse=parse,
            render=key_of(parse, assets, files_digest([files.locales]), flags),
            templates=key_of([(path, found) for path, found in theme if not theme_published(path)]),
            content=key_of(list(map(_NAME_PAGE_STAT, files.content))),  # (key, page, stat): 0.1 s at 100,000
            static=key_of([(f.path, f.stat) for f in files.static]),
        )


_NAME_PAGE_STAT = itemgetter(4, 2, 3)  # a content file's name below content/ (its key), page flag and times


# The libraries whose release can change what a build makes of the same files (Python-Markdown's HTML, nh3's
# sanitising, YAML's values, slugs, Jinja's compiled templates, CLDR's dates), by module: each is loaded by every
# build, so reading its version costs nothing. Pillow's is in the image cache's keys, Pagefind's in the shards'.
LIBRARIES = ("markdown", "nh3", "yaml", "slugify", "jinja2", "babel")


@functools.cache
def program_key() -> str:
    """Digest of this program: its version, every file of the package, and the release of each library that shapes
    its output (an upgraded library must not leave parse results or compiled templates of the last one in use)."""
    versions = [(name, str(getattr(importlib.import_module(name), "__version__", ""))) for name in LIBRARIES]
    return key_of(__version__, files_digest([Path(__file__).resolve().parent.parent]), versions)
