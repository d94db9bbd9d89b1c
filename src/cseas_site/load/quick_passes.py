"""Python-Markdown's whole-document passes, minus the work that cannot change the document: the same HTML, sooner.

quick_inline.py spares the inline and block passes the searches that cannot match. Six passes over the whole
document did work that cannot change most documents at every conversion (a quarter of what converting a news
article took: 1.68 ms an article of the news corpus without these shortcuts, 1.26 ms with them):

- ``is_block_level`` lowers the tag and looks for it in a list of 59 names, 144 times a news article (the
  prettifier and attr_list ask it of every element): the answer is kept by tag, per converter;
- the whitespace pass removes spaces that end a line with a regular expression that has no literal to start
  from (a scan of every character): it runs only when a space is followed by a line break;
- the raw HTML pass feeds the whole text to an HTML parser: only when it holds a '<' or an '&', where markup
  and character references start (without them the parser gives the text back as it was);
- fenced code blocks are searched with another such expression: only when the text has three backticks or
  three tildes, which every fence starts with;
- the pass that restores escaped characters runs a substitution on every text, tail and attribute: only on those
  holding the start-of-text character every escape is stored with;
- the table of contents' marker ("[TOC]") is looked for by joining the text of every element below each
  element: only when some element's text holds it.

Each is installed only when the code it stands in front of is the code read here (``PASSES``: the SHA-256 of its
source, as quick_inline checks its shortcuts): a Python-Markdown release that changes one leaves that pass as it
is. tests/unit/test_quick_passes.py converts random documents with and without them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

import markdown
from markdown import htmlparser, preprocessors, treeprocessors, util
from markdown.extensions import fenced_code, md_in_html, toc

from .quick_inline import Known, known, source_digest

# a processor's method made quick, from the processor and its converter
Quick = Callable[[Any, markdown.Markdown], Callable[..., Any]]

# What each shortcut stands in front of, by the SHA-256 of its source in each release read (3.11 to 3.11.3;
# 3.11.4, whose fence pass gathers its output in pieces, and gives a text with no fence back as it was).
PASSES: dict[str, Known] = {
    "is_block_level": known("dc551fffd52a0eee3962b510340da32919f06cb917f3aaab939733b2cd1363d0"),
    "normalize_whitespace": known("a99bc2f9e0d83abcd6a7155a5637176e74280f85190e3e05eb1ad20ee5366d2f"),
    "html_block": known("746b864cd32c3973d3de26589772fc553a10dd0c52ac690f6b1bf09b92bfd64b"),
    "fenced_code_block": known(
        "af6692acb6fa57ee3b5dffa6b9fc23cecbb1711ed69648118025760eae3eab12",
        "88a7faba615dacb34425b44d219556d61fc1a26eda4fd619de3f436130778f26",
    ),
    "unescape": known("d7a7414d137eefa1ad8bfb7c9e45bc58621f2a4a7368fb9a8371d6f8fc4c3c59"),
    "toc": known("da7f724eabf9a1d98f3a0779421cc492e54411083637f1b9a730b9949a7d7306"),
}
LEVELS_KEPT = 1024  # tags whose answer a converter keeps (a document's raw HTML may name any number of tags)


def pass_digests() -> dict[str, str | None]:
    """The digest of the code each shortcut stands in front of, in this Python-Markdown."""
    return {
        "is_block_level": source_digest(markdown.Markdown.is_block_level),
        "normalize_whitespace": source_digest(preprocessors.NormalizeWhitespace.run),
        "html_block": source_digest(
            md_in_html.HtmlBlockPreprocessor.run,
            md_in_html.HTMLExtractorExtra.handle_data,
            md_in_html.HTMLExtractorExtra.close,
            htmlparser.HTMLExtractor.handle_data,
            htmlparser.HTMLExtractor.close,
        ),
        "fenced_code_block": source_digest(
            fenced_code.FencedBlockPreprocessor.run, tail=fenced_code.FencedBlockPreprocessor.FENCED_BLOCK_RE.pattern
        ),
        "unescape": source_digest(
            treeprocessors.UnescapeTreeprocessor.run,
            treeprocessors.UnescapeTreeprocessor.unescape,
            getattr(treeprocessors.UnescapeTreeprocessor, "_unescape", None),
            tail=treeprocessors.UnescapeTreeprocessor.RE.pattern,
        ),
        "toc": source_digest(toc.TocTreeprocessor.replace_marker, toc.TocTreeprocessor.iterparent),
    }


class _Levels(dict[Any, bool]):
    """Whether each tag is a block-level one, worked out once (up to LEVELS_KEPT tags) as Python-Markdown does."""

    def __init__(self, converter: markdown.Markdown) -> None:
        super().__init__()
        self.elements = converter.block_level_elements

    def __missing__(self, tag: Any) -> bool:
        level = isinstance(tag, str) and tag.lower().rstrip("/") in self.elements
        if len(self) < LEVELS_KEPT:
            self[tag] = level
        return level


def _normalize_whitespace(processor: Any, converter: markdown.Markdown) -> Callable[[list[str]], list[str]]:
    trailing = re.compile(r"(?<=\n) +\n")

    def run(lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        source = source.replace(util.STX, "").replace(util.ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(converter.tab_length)
        if " \n" in source:  # every match holds one
            source = trailing.sub("\n", source)
        return source.split("\n")

    return run


def _skipped_without(*needs: str, ready: str = "") -> Quick:
    """A preprocessor's ``run`` that gives the lines back as its search loop does when it finds nothing (joined and
    split again) if the text holds none of ``needs``, without searching; else the original ``run``. ``ready``:
    an attribute the processor sets on its first run (that run is the original's). Each string is looked for
    with ``in``: over a whole news article, 0.6-15 µs where one regular expression of them took 50 µs."""

    def make(processor: Any, converter: markdown.Markdown) -> Callable[[list[str]], list[str]]:
        original: Callable[[list[str]], list[str]] = processor.run

        def run(lines: list[str]) -> list[str]:
            if not ready or getattr(processor, ready):
                text = "\n".join(lines)
                if not any(need in text for need in needs):
                    return text.split("\n")
            return original(lines)

        return run

    return make


def _unescape(processor: Any, converter: markdown.Markdown) -> Callable[[etree.Element], None]:
    unescape = processor.unescape

    def run(root: etree.Element) -> None:
        for elem in root.iter():
            text = elem.text
            if text and util.STX in text and elem.tag != "code":
                elem.text = unescape(text)
            tail = elem.tail
            if tail and util.STX in tail:
                elem.tail = unescape(tail)
            for key, value in elem.items():
                if value is not None and util.STX in value:
                    elem.set(key, unescape(value))

    return run


def _toc_marker(processor: Any, converter: markdown.Markdown) -> Callable[[etree.Element, etree.Element], None]:
    original = processor.replace_marker

    def replace_marker(root: etree.Element, elem: etree.Element) -> None:
        marker = processor.marker
        if any(marker in text for node in root.iter() if (text := node.text)):  # else no text can be the marker
            original(root, elem)

    return replace_marker


# The passes wrapped on the converter's processors: registry, name, class, shortcut, method replaced.
_PROCESSORS: tuple[tuple[str, str, type, Quick, str], ...] = (
    ("preprocessors", "normalize_whitespace", preprocessors.NormalizeWhitespace, _normalize_whitespace, "run"),
    # no tag, comment or character reference without a '<' or an '&': the HTML parser gives the text back
    ("preprocessors", "html_block", md_in_html.HtmlBlockPreprocessor, _skipped_without("<", "&"), "run"),
    # every fence opens with three backticks or three tildes
    ("preprocessors", "fenced_code_block", fenced_code.FencedBlockPreprocessor,
     _skipped_without("```", "~~~", ready="checked_for_deps"), "run"),
    ("treeprocessors", "unescape", treeprocessors.UnescapeTreeprocessor, _unescape, "run"),
    ("treeprocessors", "toc", toc.TocTreeprocessor, _toc_marker, "replace_marker"),
)  # fmt: skip


def install_passes(converter: markdown.Markdown) -> list[str]:
    """Put each shortcut whose code is the one read here on the converter; return their names."""
    digests = pass_digests()
    done = []
    if digests["is_block_level"] in PASSES["is_block_level"]:
        made: Any = converter
        made.is_block_level = _Levels(converter).__getitem__
        done.append("is_block_level")
    for registry_name, name, kind, quick, method in _PROCESSORS:
        registry = getattr(converter, registry_name)
        processor = registry[name] if name in registry else None  # noqa: SIM401 (a Registry has no get)
        if digests[name] in PASSES[name] and type(processor) is kind:
            setattr(processor, method, quick(processor, converter))
            done.append(name)
    return done
