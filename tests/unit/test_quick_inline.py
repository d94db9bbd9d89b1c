"""The quicker inline pass gives Python-Markdown's own HTML, for any text."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from cseas_site.load.markdown_article import EXTENSIONS, to_html
from cseas_site.load.quick_inline import QuickInline, install, need_of


def stock() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")


def quick() -> markdown.Markdown:
    converter = stock()
    install(converter)
    return converter


STOCK, QUICK = stock(), quick()

# Words and every character an inline pattern starts with or needs, so that matches, near misses and nesting
# are all drawn.
PIECES = st.sampled_from(
    ["word", "Jakarta", " ", " ", "  \n", "\n", "\n\n", "*", "**", "_", "__", "`", "``", "\\", "\\\\", "[", "]",
     "(", ")", "![", "[^1]", "[^1]: note", "<", ">", "<b>", "</b>", "<https://a.example/x>", "<a@b.example>",
     "&amp;", "&#169;", "&", "/x/", "https://a.example/", "# ", "- ", "1. ", "> ", "| a | b |\n|---|---|\n", ":"]
)  # fmt: skip


@given(st.lists(PIECES, max_size=40).map("".join))
@settings(max_examples=400, deadline=None)
def test_same_html_as_python_markdown(text: str) -> None:
    assert QUICK.reset().convert(text) == STOCK.reset().convert(text)


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
