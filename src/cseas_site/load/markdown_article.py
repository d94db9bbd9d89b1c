"""Markdown with YAML front matter -> Parsed (pure: no disk access)."""

from __future__ import annotations

import markdown
from markdown.extensions import (
    Extension,
    abbr,
    attr_list,
    def_list,
    fenced_code,
    footnotes,
    md_in_html,
    sane_lists,
    tables,
    toc,
)

from ..config import Config
from ..errors import Problem
from .frontmatter import split_front_matter
from .limits import markdown_limits
from .parsed import Parsed
from .pictures import image_refs
from .quick_inline import install
from .quick_passes import install_passes
from .validate import PLACEHOLDER, validate

EXTENSIONS = ("extra", "sane_lists", "toc")  # the site's dialect, by the names Python-Markdown knows them by
_md: markdown.Markdown | None = None


def extensions() -> list[Extension]:
    """EXTENSIONS as instances, "extra" as the extensions it stands for, in its order. Named, each is looked up
    among the entry points of every installed package (18 ms a process: an edit's build pays it, and each
    worker of a full build), and another package's extension of the same name would be taken first."""
    return [fenced_code.FencedCodeExtension(), footnotes.FootnoteExtension(), attr_list.AttrListExtension(),
            def_list.DefListExtension(), tables.TableExtension(), abbr.AbbrExtension(),
            md_in_html.MarkdownInHtmlExtension(), sane_lists.SaneListExtension(), toc.TocExtension()]  # fmt: skip


def converter() -> markdown.Markdown:
    """A converter of the site's dialect (Python-Markdown + extra, sane_lists, toc), with quick_inline and
    quick_passes."""
    made = markdown.Markdown(extensions=extensions(), output_format="html")
    install(made)  # the same HTML, sooner: see quick_inline.py
    install_passes(made)  # and quick_passes.py
    return made


def to_html(source: str) -> str:
    """Render Markdown to HTML with the site's fixed dialect (Python-Markdown + extra, sane_lists, toc)."""
    global _md  # one converter per process: building it costs more than converting an article
    if _md is None:
        _md = converter()
    try:
        return _md.reset().convert(source)
    except Exception:
        _md = None  # its state is unknown after an error: the next file gets a new converter
        raise


def body(source: str, path: str, first_line: int) -> tuple[str, list[Problem]]:
    """The body's HTML, or the problems that keep it from being made (see limits.py)."""
    problems = [Problem(path, line, message) for line, message in markdown_limits(source, first_line)]
    if problems:
        return "", problems
    try:
        return to_html(source), []
    except RecursionError:
        return "", [Problem(path, first_line, "the Markdown is nested too deeply to be read: simplify it")]
    except (TypeError, ValueError, KeyError, IndexError, AttributeError) as error:
        # Python-Markdown's own failure on some text (3.11.3 and older: "# Heading {id}", a bare attribute, is a
        # TypeError in its table of contents): the file's problem, not a traceback (to_html drops the converter)
        message = f"Python-Markdown could not read this body ({type(error).__name__}: {error}): simplify it"
        return "", [Problem(path, first_line, message)]


def parse(text: str, path: str, config: Config) -> Parsed:
    """Parse one Markdown article; ``text`` has LF line endings and no BOM."""
    split = split_front_matter(text, path)
    source, first_line = (split.body, split.body_line) if split.has_front_matter else (text, 1)
    html, problems = body(source, path, first_line)
    parsed = validate(
        split.meta.data,
        split.meta.lines,
        path=path,
        fmt="markdown",
        config=config,
        body_html=html,
        default_line=1,
        problems=tuple(split.meta.problems),
    )
    refs = image_refs(parsed.body_html, source, first_line)
    if refs:
        parsed = parsed._replace(pictures=refs)
    if not parsed.draft and PLACEHOLDER in source:
        line = first_line + source[: source.index(PLACEHOLDER)].count("\n")
        unwritten = f"the body still says '{PLACEHOLDER}' (from `cseas-build new`): write the article first"
        problems.append(Problem(path, line, unwritten + ", or keep 'draft: true'"))
    return parsed._replace(problems=(*parsed.problems, *problems)) if problems else parsed
