"""The quicker whole-document passes give Python-Markdown's own HTML, for any text."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cseas_site.load.markdown_article import converter, extensions
from cseas_site.load.quick_inline import install, known
from cseas_site.load.quick_passes import LEVELS_KEPT, PASSES, install_passes, pass_digests


def inline_only() -> markdown.Markdown:
    """The site's converter without quick_passes (quick_inline alone: tests/unit/test_quick_inline.py compares
    that one with Python-Markdown as it is)."""
    made = markdown.Markdown(extensions=extensions(), output_format="html")
    install(made)
    return made


def plain() -> markdown.Markdown:
    return markdown.Markdown(extensions=extensions(), output_format="html")


BEFORE, QUICK, STOCK = inline_only(), converter(), plain()

# What each pass looks for and its near misses: fences of backticks and tildes (two of them, four, indented, with
# attributes), spaces and tabs before line ends (in every line-end form), raw HTML, references with and without
# their ';', the escapes the unescape pass restores (and the characters escapes are stored with, which the
# whitespace pass removes), the table of contents' marker alone, in a list, inside emphasis or code, or escaped.
PIECES = st.sampled_from(
    ["word", "Jakarta", " ", "\n", "\n\n", "```", "``", "~~~", "~~", "````", "```python\n", "~~~ {.x #y}\n",
     "    ```\n", "code\n", "  \n", " \n", "\t\n", " \t \n", "\r\n", "\r", " \r\n", "\t", "<div>", "</div>",
     "<p>x</p>", "<b>", "<!-- c -->", "<div markdown=\"1\">", "&", "&amp;", "&amp", "&#169;", "&copy", "&x;",
     "&#169", "&#x41 ", "\\*", "\\[", "\\_", "\\`", "\\\\", "\x02", "\x03", "\x0212\x03", "[TOC]", "[TOC]\n\n", " [TOC] ", "*[TOC]*",
     "`[TOC]`", "\\[TOC]", "- [TOC]", "# Head\n", "## Sub {#id}\n", "*", "_", "`x`", "[a](/b/ 'c&d')",
     "![i](/i.png){: .w }", "| a | b |\n|---|---|\n| 1 | 2 |\n", "> ", "- ", "1. ", "Term\n: def\n", "[^1]", "[^1]: n\n"]
)  # fmt: skip


@given(st.lists(PIECES, max_size=40).map("".join))
@settings(max_examples=600, deadline=None)
def test_the_quick_passes_give_python_markdowns_html(text: str) -> None:
    quick = QUICK.reset().convert(text)
    assert quick == BEFORE.reset().convert(text)
    assert quick == STOCK.reset().convert(text)


def test_every_pass_read_here_is_installed_on_this_python_markdown() -> None:
    """Each pass of PASSES is the code read (an upgrade of Python-Markdown that changes one makes this fail:
    read it again, check the shortcut, record the new digest)."""
    digests = pass_digests()
    assert [name for name in PASSES if digests[name] not in PASSES[name]] == []
    assert install_passes(plain()) == list(PASSES)


def test_the_sites_converter_has_every_pass() -> None:
    """to_html's converter (markdown_article.converter) is the quick one: each pass is the shortcut made here."""
    made = {
        "is_block_level": getattr(QUICK.is_block_level, "__self__", None).__class__.__qualname__,
        "normalize_whitespace": QUICK.preprocessors["normalize_whitespace"].run.__qualname__,
        "html_block": QUICK.preprocessors["html_block"].run.__qualname__,
        "fenced_code_block": QUICK.preprocessors["fenced_code_block"].run.__qualname__,
        "unescape": QUICK.treeprocessors["unescape"].run.__qualname__,
        "toc": QUICK.treeprocessors["toc"].replace_marker.__qualname__,
    }
    assert made == {
        "is_block_level": "_Levels",
        "normalize_whitespace": "_normalize_whitespace.<locals>.run",
        "html_block": "_skipped_without.<locals>.make.<locals>.run",
        "fenced_code_block": "_skipped_without.<locals>.make.<locals>.run",
        "unescape": "_unescape.<locals>.run",
        "toc": "_toc_marker.<locals>.replace_marker",
    }


def test_a_pass_whose_code_changed_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(PASSES, "fenced_code_block", known("0" * 64))  # as if Python-Markdown's fence code changed
    made = plain()
    original = made.preprocessors["fenced_code_block"].run
    done = install_passes(made)
    assert "fenced_code_block" not in done and len(done) == len(PASSES) - 1
    assert made.preprocessors["fenced_code_block"].run == original


def test_documents_each_pass_acts_on_read_as_python_markdown_reads_them() -> None:
    documents = [
        "Before\n\n```python\nx = 1 \n```\n\nAfter",  # fences: the search must run
        "Before\n\n~~~ {.python}\nx = 1 \n~~~\n\nAfter",  # a fence of tildes alone
        "A line with spaces   \nand one with a tab\t\n \t\nand the next.\r\n  \r\nEnd",  # trailing white space
        "Tom &amp Jerry, &copy 2016 and AT&T <b>bold</b> and <!-- a comment -->\n\n<div>raw</div>",  # raw HTML
        "\u00a9 &#169 2016 and &#x41 without a tag",  # references alone: the raw HTML pass still reads them
        "Stars \\*not emphasis\\* and \\[brackets\\] and `code \\*` with \x02 and \x03 characters.",  # escapes
        "# One\n\n[TOC]\n\n## Two\n\nText [TOC] inline, *[TOC]*, `[TOC]` and\n\n- [TOC]\n",  # the marker
        "Plain news copy without any of it: a paragraph,\nand another line.\n\nA second paragraph.",
    ]
    for text in documents:
        assert QUICK.reset().convert(text) == STOCK.reset().convert(text), text
    marked = next(text for text in documents if text.startswith("# One"))
    assert '<div class="toc">' in QUICK.reset().convert(marked)  # each marker alone in its block: the contents
    assert "toc" not in QUICK.reset().convert(documents[-1])


def test_block_levels_are_kept_for_a_bounded_number_of_tags() -> None:
    made = plain()
    install_passes(made)
    assert made.is_block_level("div") and made.is_block_level("DIV/") and not made.is_block_level("span")
    assert not made.is_block_level(None) and not made.is_block_level(42)
    for number in range(LEVELS_KEPT * 2):  # a document of made-up tags cannot grow what the converter keeps
        assert not made.is_block_level(f"x-tag-{number}")
    kept = made.is_block_level.__self__  # type: ignore[attr-defined]
    assert len(kept) == LEVELS_KEPT and made.is_block_level("p")
