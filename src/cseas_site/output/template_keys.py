"""Which template files a page template reads, as one digest. A page's key holds the digest of its template
(output/keys.TaskKeys.page), so a template edit makes again only the pages that read the edited file:
article.html the article pages, list.html the list pages, base.html every page. Feeds, the sitemap and the
other files made without a template are not made again at all.

What a template reads is followed as Jinja names it: ``extends``, ``include``, ``import`` and ``from``
with a constant name, each looked up in the template folders in order, as the renderer's loader does. A
template that names another by a variable, or cannot be parsed, reads (for all we know) every template:
its digest is then that of every file in the folders (the renderer reports the mistake of one that cannot
be parsed)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2
from jinja2 import meta
from jinja2.loaders import split_template_path

from ..digests import digest, files_digest, key_of
from ..load.loader import theme_published

Refs = dict[str, tuple[str, ...] | None]  # a template's source digest -> the names it reads (None: unknown)


class TemplateKeys:
    """The digest of each page template with every template it reads, worked out once per build. Parsing a
    template costs milliseconds, so what each source reads is kept by its digest (``refs``, which the build
    cache keeps between builds): a build that finds every template as it was reads and digests them, and
    parses none."""

    def __init__(self, dirs: Sequence[Path], refs: Refs | None = None) -> None:
        """``dirs``: the template folders in lookup order (the site's own, then the packaged theme); ``refs``:
        what each template source reads, by digest, filled in as templates are parsed."""
        self._dirs = list(dirs)
        self._parser = jinja2.Environment(extensions=["jinja2.ext.i18n"])  # the renderer's syntax, to parse only
        self.refs: Refs = refs if refs is not None else {}
        self._keys: dict[str, str] = {}
        self._files: dict[str, tuple[str, tuple[str, ...] | None] | None] = {}  # by name: digest and names read

    def __call__(self, name: str) -> str:
        """Return the digest of template ``name`` and of every template it reads."""
        found = self._keys.get(name)
        if found is None:
            found = self._keys[name] = self._key(name)
        return found

    def _key(self, name: str) -> str:
        read: dict[str, str] = {}
        todo = [name]
        while todo:
            current = todo.pop()
            if current in read:
                continue
            found = self._file(current)
            if found is None:
                read[current] = "missing"  # the render fails on it, or the template never asks for it
                continue
            read[current], named = found  # the bytes' digest, not where they are: builds run from any folder
            if named is None:
                return self._everything()
            todo.extend(named)
        return key_of("templates", sorted(read.items()))

    def _file(self, name: str) -> tuple[str, tuple[str, ...] | None] | None:
        """The digest of the file the loader reads for ``name`` and the names it reads (None: a name given
        by a variable, or a source that does not parse); None when there is no such file."""
        if name in self._files:
            return self._files[name]
        file = self._find(name)
        found = None
        if file is not None:
            source = file.read_bytes()
            key = digest(source)
            if key not in self.refs:
                self.refs[key] = self._reads(source)
            found = (key, self.refs[key])
        self._files[name] = found
        return found

    def _reads(self, source: bytes) -> tuple[str, ...] | None:
        try:
            named = list(meta.find_referenced_templates(self._parser.parse(source.decode("utf-8"))))
        except (jinja2.TemplateSyntaxError, UnicodeDecodeError):
            return None
        return None if any(other is None for other in named) else tuple(n for n in named if n is not None)

    def _find(self, name: str) -> Path | None:
        """The file the renderer's loader would read for ``name`` (jinja2.FileSystemLoader), if any."""
        try:
            pieces = split_template_path(name)
        except jinja2.TemplateNotFound:
            return None
        for folder in self._dirs:
            file = folder.joinpath(*pieces)
            if file.is_file():
                return file
        return None

    def _everything(self) -> str:
        """The digest of every file in the template folders but their published static/ files."""
        found = self._keys.get("")
        if found is None:
            files = [(path, made) for path, made in files_digest(self._dirs) if not theme_published(path)]
            found = self._keys[""] = key_of("every template", files)
        return found
