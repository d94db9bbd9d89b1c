"""Markdown with YAML front matter -> Parsed (pure: no disk access)."""

from __future__ import annotations

import markdown

from ..config import Config
from .frontmatter import split_front_matter
from .parsed import Parsed
from .validate import validate

EXTENSIONS = ("extra", "sane_lists", "toc")
_md: markdown.Markdown | None = None


def to_html(source: str) -> str:
    """Render Markdown to HTML with the site's fixed dialect (Python-Markdown + extra, sane_lists, toc)."""
    global _md  # one converter per process: building it costs more than converting an article
    if _md is None:
        _md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
    return _md.reset().convert(source)


def parse(text: str, path: str, config: Config) -> Parsed:
    """Parse one Markdown article; ``text`` has LF line endings and no BOM."""
    split = split_front_matter(text, path)
    if not split.has_front_matter:
        return validate({}, {}, path=path, fmt="markdown", config=config, body_html=to_html(text))
    return validate(
        split.meta.data,
        split.meta.lines,
        path=path,
        fmt="markdown",
        config=config,
        body_html=to_html(split.body),
        default_line=1,
        problems=tuple(split.meta.problems),
    )
