"""Feeds' bodies get absolute addresses exactly where an HTML5 parser (html5lib, which follows the standard's
tokenizer and tree builder) sees an address: never in a comment, in a script's or textarea's text, or inside
another attribute's value; everything else the reader gets is unchanged."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import html5lib
from hypothesis import given, settings
from hypothesis import strategies as st

from cseas_site.output.absolute import LINKING, absolute_html

BASE = "https://example.org/2016/02/summit/"
SPACE = "\t\n\f\r "


def parsed(fragment: str) -> list[tuple[str, list[tuple[str, str]], str, str]]:
    """Each element in document order: its name, attributes (in order), text and tail, as html5lib reads them."""
    tree = html5lib.parseFragment(fragment, container="div", namespaceHTMLElements=False)
    items = []
    for element in tree.iter():
        if isinstance(element.tag, str):
            items.append((element.tag, list(element.attrib.items()), element.text or "", element.tail or ""))
        else:  # a comment
            items.append(("<!---->", [], element.text or "", element.tail or ""))
    return items


def resolved(name: str, value: str) -> str:
    """What a reader resolves an attribute's value to (the same for a relative and an absolute address)."""
    value = value.strip(SPACE)
    if name == "srcset":
        return ", ".join(
            " ".join([urljoin(BASE, words[0]), *words[1:]]) for c in value.split(",") if (words := c.split())
        )
    return urljoin(BASE, value)


def absolute(address: str) -> bool:
    """Whether an address is whole: 'https:x' is not (a browser reads it relative to an https page)."""
    parts = urlsplit(address)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme not in ("http", "https"))


def assert_only_addresses_made_absolute(fragment: str) -> None:
    before, after = parsed(fragment), parsed(absolute_html(fragment, BASE))
    assert [(tag, [n for n, _ in a], text, tail) for tag, a, text, tail in before] == [
        (tag, [n for n, _ in a], text, tail) for tag, a, text, tail in after
    ], "the elements, attributes or text changed"
    for (_, old, _, _), (_, new, _, _) in zip(before, after, strict=True):
        for (name, was), (_, now) in zip(old, new, strict=True):
            if name in LINKING or name == "srcset":
                assert resolved(name, now) == resolved(name, was), (name, was, now)
                if name != "srcset" and (was.strip(SPACE) or not now):
                    assert absolute(now), (name, was, now)  # a reader needs no page to resolve it against
            else:
                assert now == was, (name, was, now)


NAMES = ["a", "img", "p", "div", "em", "video", "source", "blockquote", "iframe", "script", "style", "textarea",
         "title", "xmp", "A", "IMG", "Script", "noframes", "table", "td"]  # fmt: skip
ATTRIBUTES = ["href", "src", "srcset", "poster", "cite", "data", "action", "background", "HREF", "Src", "title",
              "alt", "class", "data-src", "hreflang", "xsrc", "=href", '"href"']  # fmt: skip
VALUES = ["/2016/02/other/", "other/", "../up/", "./here", "#fn:1", "", " /spaced/ ", "https://other.example/x",
          "//cdn.example/a.png", "mailto:desk@example.org", "?page=2", "a.jpg 480w, /b.jpg 960w", "a b",
          "x?a=1&amp;b=2", "x?a=1&copy=2", "x&copy;y", "&#47;slash", 'q"uote', "q'uote", "<a href=/in-value/>",
          "a>b", "https:rel", "/a/../b"]  # fmt: skip


END_ATTRIBUTES = ["", ' title="<a href=x>"']


@st.composite
def attribute(draw: st.DrawFn) -> str:
    name, value = draw(st.sampled_from(ATTRIBUTES)), draw(st.sampled_from(VALUES))
    space = draw(st.sampled_from(["", " ", "\n"]))
    quoted = draw(st.sampled_from(['"', "'", "", None]))
    if quoted is None:
        return name
    if quoted == "" and (not value or any(c in value for c in SPACE + "\"'>=<`")):
        quoted = '"'
    if quoted and quoted in value:
        quoted = "'" if quoted == '"' else '"'
        if quoted in value:
            return name
    return f"{name}{space}={space}{quoted}{value}{quoted}"


@st.composite
def piece(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["start", "start", "start", "end", "text", "comment", "odd"]))
    if kind == "start":
        attributes = draw(st.lists(attribute(), max_size=4))
        separators = [draw(st.sampled_from([" ", "  ", "\n", "/", " / "])) for _ in attributes]
        inner = "".join(s + a for s, a in zip(separators, attributes, strict=True))
        return f"<{draw(st.sampled_from(NAMES))}{inner}{draw(st.sampled_from(['', ' ', '/', ' /']))}>"
    if kind == "end":
        return f"</{draw(st.sampled_from(NAMES))}{draw(st.sampled_from(END_ATTRIBUTES))}>"
    if kind == "comment":
        return draw(st.sampled_from(["<!-- <a href='/c/'> -->", "<!-->", "<!--->", "<!-- a --!><img src=x>",
                                     "<!--<img src=/c/>-->"]))  # fmt: skip
    if kind == "odd":
        return draw(st.sampled_from(["<", "<3", "< a href=/x>", "</>", "<!DOCTYPE html>", "<?php x ?>",
                                     "<![CDATA[<a href=/x>]]>", "</ a href=/x>", "&amp;", "&copy", ">"]))  # fmt: skip
    return draw(st.sampled_from(["news ", "Jakarta – ", "href=/not-a-tag ", "src ", "\n", "a & b "]))


@given(st.lists(piece(), max_size=14).map("".join))
@settings(max_examples=300, deadline=None)
def test_every_address_a_parser_sees_and_nothing_else_is_rewritten(fragment: str) -> None:
    assert_only_addresses_made_absolute(fragment)


def test_news_copy() -> None:
    body = (
        '<p>Talks went on (<a href="/2016/02/earlier/">earlier</a>, <a href="https://vnanet.example/x">VNA</a>)'
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>\n'
        '<figure><img alt="Delegates" src="../uploads/a.jpg" srcset="a-480.jpg 480w, /b.jpg 960w"></figure>\n'
        '<!-- <a href="/draft/"> --><script>var a = \'<a href="/js/">\';</script>'
        '<p title="<img src=/in-title/>">Text with href=/x and <textarea><img src=/t/></textarea></p>'
    )
    out = absolute_html(body, BASE)
    assert '<a href="https://example.org/2016/02/earlier/">' in out
    assert '<a href="https://vnanet.example/x">' in out  # unchanged
    assert 'href="https://example.org/2016/02/summit/#fn:1"' in out
    assert 'src="https://example.org/2016/02/uploads/a.jpg"' in out
    assert 'srcset="https://example.org/2016/02/summit/a-480.jpg 480w, https://example.org/b.jpg 960w"' in out
    for untouched in ('<a href="/draft/">', "'<a href=\"/js/\">'", "<img src=/in-title/>", "href=/x and",
                      "<img src=/t/>"):  # fmt: skip
        assert untouched in out
    assert_only_addresses_made_absolute(body)


def test_attribute_values_are_read_as_html_reads_them() -> None:
    # '&copy=' is not a reference in an attribute (it is in text); '&amp;' is; the result is written escaped
    assert absolute_html('<a href="?a=1&copy=2&amp;b=3">', BASE) == (
        '<a href="https://example.org/2016/02/summit/?a=1&amp;copy=2&amp;b=3">'
    )
    assert absolute_html("<A HREF = 'x y' title=a>", BASE) == (
        '<A HREF="https://example.org/2016/02/summit/x y" title=a>'
    )


def test_hostile_markup_takes_linear_time() -> None:
    """Unclosed quotes and tags without end are read in one pass (the expressions never backtrack): 200,000
    characters of them would take hours if they did; this test would time out rather than pass."""
    for text in ('<a x="' + "<a href=/y " * 20000, "<a " + "b =c " * 40000, "<!--" + "<a href=/z>" * 20000):
        assert absolute_html(text, BASE) == text  # no tag ever closes: nothing to rewrite
