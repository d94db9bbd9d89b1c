"""The Jinja environment: theme lookup (site templates override the packaged ones) and page rendering."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2

from ..archive.urls import Urls
from ..config import Config
from ..errors import Problem, SiteError, display_path
from ..load.dates import format_date
from ..models import Article, OutputFile
from .seo import Seo, to_jsonld

LABELS = {  # words on article pages, in the article's own language
    "en": {
        "updated": "Updated",
        "by": "By",
        "tags": "Tags",
        "category": "Category",
        "year": "Year",
        "comments": "Comments",
        "comments_note": "Kept from the site's earlier version; comments are closed.",
    },
    "id": {
        "updated": "Diperbarui",
        "by": "Oleh",
        "tags": "Tag",
        "category": "Kategori",
        "year": "Tahun",
        "comments": "Komentar",
        "comments_note": "Disimpan dari versi lama situs ini; komentar sudah ditutup.",
    },
}


LANGUAGE_NAMES = {"en": "English", "id": "Indonesian"}  # search filter values


class Renderer:
    """Renders named templates to OutputFiles with the site's globals."""

    def __init__(self, config: Config, urls: Urls, dirs: list[Path], compiled: Path | None = None) -> None:
        """``compiled``: a folder where compiled templates are kept between builds (Jinja checks their source;
        the cache makes the folder: see cache.BuildCache.compiled_templates)."""
        self.seo = Seo(config, urls)
        self.dirs = dirs
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d)) for d in dirs]),
            bytecode_cache=None if compiled is None else jinja2.FileSystemBytecodeCache(str(compiled)),
            autoescape=True,
            auto_reload=False,  # a build's templates do not change while it runs: no stat per page
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.globals.update(site=config, urls=urls, labels=LABELS, language_names=LANGUAGE_NAMES)
        self.env.filters["date"] = format_date
        self.env.filters["iso"] = datetime.isoformat
        self.env.filters["jsonld"] = to_jsonld
        self.env.filters["search_order"] = lambda article: search_order(article, urls)

    def render(self, template: str, path: str, origin: str, **context: Any) -> OutputFile:
        """Render one page; a template mistake becomes a SiteError naming the template file and line."""
        try:
            text = self.env.get_template(template).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise SiteError(
                [Problem(self._where(exc.filename, exc.name), exc.lineno, f"template error: {exc.message}")]
            ) from None
        except jinja2.TemplateError as exc:
            line, filename = _template_position(exc, self.dirs)
            raise SiteError([Problem(self._where(filename, template), line, f"template error: {exc}")]) from None
        return OutputFile(path, text.encode("utf-8"), origin)

    def _where(self, filename: str | None, name: str | None) -> str:
        if filename:
            return display_path(filename)
        for folder in self.dirs:
            if name and (folder / name).is_file():
                return display_path(folder / name)
        return name or "templates"


def search_order(article: Article, urls: Urls) -> str:
    """The search index's sort key of an article: its time in UTC (so that offsets sort right), then its path,
    so that no two articles tie (the order of ties would follow the file system's directory order)."""
    return f"{article.date.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')} {urls.article_path(article)}"


def _template_position(exc: BaseException, dirs: list[Path]) -> tuple[int, str | None]:
    """Find the template file and line an error happened on, from the traceback Jinja rewrites."""
    tb = exc.__traceback__
    found: tuple[int, str | None] = (1, None)
    roots = [str(d) for d in dirs]
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(root) for root in roots):
            found = (tb.tb_lineno, filename)
        tb = tb.tb_next
    return found
