"""The quicker inline pass gives Python-Markdown's own HTML, for any text."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from cseas_site.load.markdown_article import EXTENSIONS, converter, extensions, to_html
from cseas_site.load.quick_inline import (
    BLOCKS,
    QuickInline,
    class_parts,
    install_blocks,
    loops_known,
    need_of,
    plain_links_known,
    quick_link,
    quick_text,
    source_of,
)


def stock() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")


STOCK, QUICK = stock(), converter()  # Python-Markdown as named; the site's (extension classes, quick_inline)

# Words and every character an inline pattern starts with or needs, so that matches, near misses and nesting
# are all drawn.
PIECES = st.sampled_from(
    ["word", "Jakarta", " ", " ", "  \n", "\n", "\n\n", "*", "**", "_", "__", "`", "``", "\\", "\\\\", "[", "]",
     "(", ")", "![", "[^1]", "[^1]: note", "<", ">", "<b>", "</b>", "<https://a.example/x>", "<a@b.example>",
     "&amp;", "&#169;", "&", "/x/", "https://a.example/", "# ", "- ", "1. ", "> ", "| a | b |\n|---|---|\n", ":",
     "[a](/b/)", "](", "](/c/ ", '"', "'", ' "t"', "[x]", "[r]: /ref/\n", "<", "<>", "\\)", "&lt;",
     "\n=", "\n===\n", "\n---\n", "***", " - - -", "_ _ _\n", "## ", "#", "\n: ", ": def", "*[HTML]: Hyper\n",
     "*[", "]:", "[^n]: note\n", "    ", "\t", ">", "- -", "-  -", "* *", "_  _", "--", ":\t", ":  x"]
)  # fmt: skip


@given(st.lists(PIECES, max_size=40).map("".join))
@settings(max_examples=400, deadline=None)
def test_same_html_as_python_markdown(text: str) -> None:
    assert QUICK.reset().convert(text) == STOCK.reset().convert(text)


def test_the_extension_classes_are_the_named_dialect() -> None:
    from markdown.extensions import extra

    names = [type(made).__module__.rsplit(".", 1)[1] for made in extensions()]
    assert names == [*extra.extensions, *EXTENSIONS[1:]] and EXTENSIONS[0] == "extra"


def test_news_copy_is_the_same() -> None:
    text = (
        "JAKARTA (Antara) – Talks on *maritime* [security](https://example.org/a_b) and **trade**[^1] went on.\n\n"
        "Code `a\\\\`b` and \\*escaped\\* stars, <span>html</span> &amp; an entity, <https://example.org> and a  \n"
        'break; ![photo](/uploads/a.jpg "title") [ref][r] and a_snake_case_word.\n\n'
        "> *Quoted [link](/x/)*\n\n- one *two*\n- [three](/3/)\n\n[r]: /ref/\n[^1]: A note with `code`.\n"
    )
    assert QUICK.reset().convert(text) == STOCK.reset().convert(text)
    assert to_html(text) == STOCK.reset().convert(text)  # the site's converter is the quick one


def test_every_pattern_of_this_python_markdown_is_known() -> None:
    """On the pinned-range Python-Markdown every inline pattern can be skipped when its text is absent (an upgrade
    that changes one makes this fail: read the new expression and add it to NEEDS)."""
    processor = QUICK.treeprocessors["inline"]
    assert isinstance(processor, QuickInline)
    unknown = [
        p.getCompiledRegExp().pattern
        for p in processor.inlinePatterns
        if need_of(p.getCompiledRegExp().pattern) is None
    ]
    assert unknown == []


def test_the_quick_link_readers_stand_in_for_this_python_markdowns_loops() -> None:
    """On the pinned-range Python-Markdown the link loops are the ones read (an upgrade that changes them makes
    this fail: read the new loops, check quick_text and quick_link, and record their digest in LOOPS), and every
    link and image pattern of the site's converter uses the quick readers the test above compares."""
    assert loops_known()
    links = [p for p in QUICK.inlinePatterns if hasattr(p, "getText")]
    assert len(links) >= 6  # links, images, references (full, short), image references (full, short)
    assert all(p.getText.__func__ is quick_text and p.getLink.__func__ is quick_link for p in links)


def test_links_with_nesting_titles_and_parentheses_read_as_python_markdown_reads_them() -> None:
    text = (
        '[a [nested] text](/x/) [plain](/y/ "title") [p](/wiki/Java_(island)) [q](</sp ace/>) '
        "[unclosed](/z/ and [r](/a/'b') ![i](/i.png 'pic') [s]( /spaced/ ) [t](/u/\\)) [no end](/v/"
    )
    assert QUICK.reset().convert(text) == STOCK.reset().convert(text)


def test_every_block_check_read_here_is_installed_on_this_python_markdown() -> None:
    """Each block processor of BLOCKS is the one read (an upgrade that changes one makes this fail: read its
    method and expression again, check the strings, record the new digest)."""
    assert sorted(install_blocks(stock())) == sorted(BLOCKS)


def test_the_source_the_checks_digest_is_what_inspect_reads() -> None:
    """source_of reads a function's lines by its code's positions, not with Python's tokenizer: for every method
    the shortcuts check, and for functions ending in a comment, a decorator or a bracket of their own, its text
    is inspect.getsource's (their digests were taken of that text)."""
    import inspect

    from markdown.inlinepatterns import Delimiter, DelimiterProcessor, LinkInlineProcessor, ReferenceInlineProcessor

    checked: list[object] = [*class_parts(DelimiterProcessor, Delimiter)[0], LinkInlineProcessor.getText,
                             LinkInlineProcessor.getLink, LinkInlineProcessor.handleMatch, LinkInlineProcessor.unescape,
                             ReferenceInlineProcessor.handleMatch, ReferenceInlineProcessor.evalId]  # fmt: skip
    checked += [getattr(type(p), BLOCKS[type(p).__name__][0]) for p in stock().parser.blockprocessors
                if type(p).__name__ in BLOCKS]  # fmt: skip
    assert len(checked) > 20
    for function in [*checked, _ends_in_a_comment, _decorated, _ends_in_a_bracket, _one_line, source_of]:
        assert source_of(function) == inspect.getsource(function), function  # type: ignore[arg-type]


def _ends_in_a_comment(text: str) -> str:
    if text:
        return text.upper()
    return ""
    # a comment after the last line of code is not the function's


def _same(function: object) -> object:
    return function


@_same
def _decorated(text: str) -> list[str]:
    return [part for part in text.split() if part]


# fmt: off
def _one_line(text: str) -> str: return text
# not the function's: it has no body of its own
# fmt: on


def _ends_in_a_bracket(text: str) -> tuple[str, ...]:
    return (
        text,
        "".join(reversed(text)),
    )


def test_blocks_that_need_their_character_read_as_python_markdown_reads_them() -> None:
    text = (
        "Title\n=====\n\nSub\n---\n\n# Hash #\n\n> quote\n> more\n\n***\n\nTerm\n: definition\n\n"
        "[ref]: /r/ 'T'\n*[ASEAN]: Association\n[^1]: A note.\n\nASEAN met [x][ref][^1].\n\n"
        "No markers here at all, only words\nand a second line.\n"
    )
    assert QUICK.reset().convert(text) == STOCK.reset().convert(text)


# Links, references and what is near them: the one-pass reading of a text's links (QuickInline._links) must give
# what the patterns' own loop gives, also when a reference, an image or a near miss sits among the links.
LINKY = st.sampled_from(
    ["[a](/b/)", "[", "]", "](", "(", ")", "[x][r]", "[r]", "[r][]", "[r]: /ref/\n", "![i](/i.png)", "[*e*](/e/)",
     "[**s**](/s/ 't')", "!", " ", "word", "*", "_", "`", "[^1]", "[^1]: n\n", "\n", "\n\n", "<a>", "&amp;",
     "[a [b] c](/d/)", "[l](</x y/>)", "[u](/x_(y)/)", "\\[", "\\]", "[q]( /sp/ )", "[e]()", "> ", "- ", "# ", "  \n",
     "[](/empty/)", "[a\nb](/c/)", "[n](/x\n/y)", "[t](/u/ \"t\")", "[w](https://a.example/x?y=1&z=2#f)", "`c`",
     "[k](/k/)`", "[\u00e9](/\u00e9/)", "](/x/)", "[v](\\/)", "'", '"', "[o](/p '(", '[o]("(']
)  # fmt: skip


@given(st.lists(LINKY, max_size=50).map("".join))
@settings(max_examples=400, deadline=None)
def test_links_read_in_one_pass_give_python_markdowns_html(text: str) -> None:
    assert QUICK.reset().convert(text) == STOCK.reset().convert(text)


def test_a_paragraph_of_links_and_references_reads_as_python_markdown_reads_it() -> None:
    text = (
        "See [one](/1/) and [*two*](/2/), then [three][r] and [four](/4/)[five](/5/) with ![pic](/p.png) and "
        "[missing][nowhere], [six] [r], *[seven](/7/)* and [eight](/8/)!\n\n"
        "# A [heading link](/h/)\n\n- [item](/i/) and [r]\n\n[r]: /ref/\n"
    )
    quick = QUICK.reset().convert(text)
    assert quick == STOCK.reset().convert(text)
    assert quick.count("<a ") == 11 and '<a href="/ref/">three</a>' in quick
    processor = QUICK.treeprocessors["inline"]
    assert isinstance(processor, QuickInline)
    # this Python-Markdown's reference and link patterns are the ones _links reads (an upgrade that changes them
    # makes this fail: read them again), and every pattern's needs are known from the first on
    assert processor._links_at >= 0 and processor._rest[0] is not None


def test_a_text_whose_every_bracket_starts_a_plain_link_is_read_at_once() -> None:
    # this Python-Markdown reads links as _plain_links does (an upgrade that changes it turns the shortcut off,
    # and fails here: read them again)
    assert plain_links_known()
    QUICK.reset().convert("warm")
    processor = QUICK.treeprocessors["inline"]
    assert isinstance(processor, QuickInline) and processor._plain_links_known
    at = processor._links_at + 1
    read = processor._plain_links("See [the *report*](/r/ ) and [a](https://a.example/?q=1&x=2).", at)
    assert read is not None and read.startswith("See \x02") and read.endswith("\x03.")
    made = [node for node in processor.stashed_nodes.values() if not isinstance(node, str)]
    assert [(node.get("href"), node.text) for node in made if node.tag == "a"] == [
        ("/r/", "the \x02klzzwxh:0000\x03"),  # the link's text read on: its emphasis stashed in turn
        ("https://a.example/?q=1&x=2", "a"),
    ]
    for other in ("[a] [b](/c/)", "![i](/i.png) [a](/b/)", "[a](/b/ 'title')", "[a](/b_(c)/)", "[a](</b/>)"):
        assert processor._plain_links(other, at) is None, other


# Emphasis and what is near it: plain pairs read at once (QuickInline._plain_emphasis) must give what Python-
# Markdown's delimiter runs give, also beside runs that are not plain, underscores, links and line ends.
STARRY = st.sampled_from(
    ["*", "**", "***", "*a*", "**b**", " *c d* ", "*e*.", "x*y*z", "(*f*)", "word", "Jakarta", " ", "  ", "\n",
     ".", ",", "_", "__", "_g_", "[a](/b/)", "[*h*](/i/)", "`*`", "\\*", "* ", " *", "*\n", "\u00a0", "é", "&",
     "<b>", "- ", "# ", "> ", "**j *k* l**", "*m **n** o*", "1*2", "\n\n"]
)  # fmt: skip


@given(st.lists(STARRY, max_size=40).map("".join))
@settings(max_examples=500, deadline=None)
def test_emphasis_read_at_once_gives_python_markdowns_html(text: str) -> None:
    assert QUICK.reset().convert(text) == STOCK.reset().convert(text)


def test_a_text_whose_every_star_is_in_a_plain_pair_is_read_at_once() -> None:
    # this Python-Markdown's emphasis is the one _plain_emphasis stands in for (an upgrade turns it off, and
    # fails here: read it again)
    QUICK.reset().convert("warm")
    processor = QUICK.treeprocessors["inline"]
    assert isinstance(processor, QuickInline) and processor._emphasis_at >= 0
    at = processor._emphasis_at
    read = processor._plain_emphasis("*Trade* talks, **on the coast**, ended *today*.", at)
    assert read is not None and read.count("\x02") == 3
    made = [(node.tag, node.text) for node in processor.stashed_nodes.values() if not isinstance(node, str)]
    assert made == [("em", "Trade"), ("strong", "on the coast"), ("em", "today")]
    for other in ("(*a*)", "a*b*", "*a* *", "***a***", "**a*", "*a_b*", "* a*", "*a *", "x *a**"):
        assert processor._plain_emphasis(other, at) is None, other


def test_plain_emphasis_leaves_a_text_to_the_pattern_while_it_holds_something_from_another_text() -> None:
    """Python-Markdown 3.11.4's emphasis pattern keeps the elements of the pairs one match found, to give at its
    next matches, and the rest of a closing run, for its next match: while it holds either, its next match is not
    what a fresh one makes of the text, so the shortcut must leave the text to it (an older release has neither)."""
    QUICK.reset().convert("warm")
    processor = QUICK.treeprocessors["inline"]
    assert isinstance(processor, QuickInline) and processor._emphasis_at >= 0
    at = processor._emphasis_at
    pattern: Any = processor.inlinePatterns[at]
    plain = "*Trade* talks ended *today*."
    assert processor._plain_emphasis(plain, at) is not None
    for name, held in (("cache", [(etree.Element("em"), 0, 3, 3)]), ("remainder", ("*", "a"))):
        had, before = hasattr(pattern, name), getattr(pattern, name, None)
        setattr(pattern, name, held)
        try:
            assert processor._plain_emphasis(plain, at) is None, name
        finally:
            if had:
                setattr(pattern, name, before)
            else:
                delattr(pattern, name)
    assert processor._plain_emphasis(plain, at) is not None
