"""Imported bodies mean what they meant: for HTML of the structures WordPress emits, the text and the elements
of render(import(html)) are those of the cleaned original (a Hypothesis round-trip over generated posts)."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cseas_site.importers.htmlmd import to_markdown
from cseas_site.load.markdown_article import to_html
from cseas_site.load.sanitize import sanitize

EXAMPLES = int(os.environ.get("CSEAS_FIDELITY_EXAMPLES", "400"))
VOID = {"br", "img", "hr"}
STRUCTURAL = {"root", "table", "thead", "tbody", "tfoot", "tr", "ul", "ol", "dl", "blockquote", "figure"}
INLINE = {"a", "strong", "em", "code", "sup", "sub", "span", "img", "br"}


class Tree(HTMLParser):
    """An HTML fragment as nested [tag, children] lists, text as strings; attributes and comments left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: list[object] = ["root", []]
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node: list[object] = [tag, []]
        self.stack[-1][1].append(node)  # type: ignore[union-attr]
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1][1].append(data)  # type: ignore[union-attr]


def shape(fragment: str) -> tuple[object, str]:
    """The elements of a fragment and its text, with the differences that carry no meaning removed: white
    space runs, white space and line breaks at the edges of an element, empty inline elements, a paragraph
    that is a list item's only block, the code element inside pre, an element nested in itself (em in em).
    The text is all of it, white space collapsed, so a space moved across an element's edge still counts."""
    parser = Tree()
    parser.feed(fragment)
    tree = _norm(parser.root, in_pre=False)
    return _strip(tree), re.sub(r"\s+", " ", _text(tree)).strip()


def _text(node: object) -> str:
    if isinstance(node, str):
        return node
    if not isinstance(node, list):
        return ""
    tag, children = node
    edge = "\n" if tag not in INLINE or tag in VOID else ""  # a block's edges and a line break are white space
    return edge + "".join(_text(child) for child in children) + edge


def _strip(node: object) -> object:
    if isinstance(node, str):
        return node.strip()
    if not isinstance(node, list):
        return node
    tag, children = node
    return [tag, [_strip(child) for child in children if not (isinstance(child, str) and not child.strip())]]


EMPHASIS = {"em": "em", "i": "em", "strong": "strong", "b": "strong"}


def _norm(node: list[object], in_pre: bool, within: frozenset[str] = frozenset()) -> object:
    tag, children = node[0], node[1]
    tag = EMPHASIS.get(str(tag), tag)
    pre = in_pre or tag == "pre"
    inside = within | ({tag} if tag in ("em", "strong") else set())
    out: list[object] = []
    for child in children:  # type: ignore[union-attr]
        if isinstance(child, str):
            text = child if pre else re.sub(r"\s+", " ", child)
            if out and isinstance(out[-1], str):
                out[-1] += text
            elif text:
                out.append(text)
            continue
        normed = _norm(child, pre, inside)  # type: ignore[arg-type]
        if normed is None:
            continue
        name = normed[0]  # type: ignore[index]
        if (name in ("em", "strong") and name in inside) or (name == "code" and tag == "pre"):
            out.extend(normed[1])  # type: ignore[index]  # italic inside italic is italic; pre's code
        elif name in INLINE - VOID and not pre:  # a line break at an inline element's edge: the same outside it
            inner = list(normed[1])  # type: ignore[index]
            before = [inner.pop(0) for _ in range(len(inner)) if inner and inner[0] == ["br", []]]
            after = [inner.pop() for _ in range(len(inner)) if inner and inner[-1] == ["br", []]]
            out.extend([*before, [name, inner], *after] if inner else [*before, *after])
        else:
            out.append(normed)
    if not pre:
        if tag not in INLINE:  # a block's edges: no spaces, no line breaks
            while out and (out[0] == ["br", []] or (isinstance(out[0], str) and not out[0].strip())):
                out.pop(0)
            while out and (out[-1] == ["br", []] or (isinstance(out[-1], str) and not out[-1].strip())):
                out.pop()
            if out and isinstance(out[0], str):
                out[0] = out[0].lstrip()
            if out and isinstance(out[-1], str):
                out[-1] = out[-1].rstrip()
        out = [
            item
            for item in out
            if item != "" and not (tag in STRUCTURAL and isinstance(item, str) and not item.strip())
        ]
    else:
        out = [item.strip("\n") if isinstance(item, str) else item for item in out]
    if (tag in INLINE - VOID or tag == "p") and not any(isinstance(item, list) or item.strip() for item in out):
        return None  # an empty emphasis, link or paragraph says nothing
    if tag == "li" and len(out) == 1 and isinstance(out[0], list) and out[0][0] == "p":
        out = out[0][1]  # a list item's only paragraph
    if tag == "em" and "em" not in within and len(out) == 1 and isinstance(out[0], list) and out[0][0] == "strong":
        return ["strong", [["em", _unwrap(out[0][1], "em")]]]  # bold italic either way round
    merged: list[object] = []
    for item in out:  # texts that flattening put side by side are one text
        if merged and isinstance(item, str) and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + item
        else:
            merged.append(item)
    return [tag, merged]


def _unwrap(nodes: list[object], tag: str) -> list[object]:
    """Nodes with every element of one tag replaced by its children (italic inside italic is italic)."""
    out: list[object] = []
    for node in nodes:
        if isinstance(node, list):
            inner = _unwrap(node[1], tag)
            if node[0] == tag:
                out.extend(inner)
            else:
                out.append([node[0], inner])
        elif out and isinstance(out[-1], str):
            out[-1] += node  # type: ignore[operator]
        else:
            out.append(node)
    return out


# What WordPress posts are made of.
SPECIAL = [*"#1.-+*>=|`[]_<&:~\\{}!()", "1. ", "- ", "> ", "## ", "---", "===", '[gallery ids="1"]', ": "]
words = st.lists(st.sampled_from(["ASEAN", "Jakarta", "trade", "a", "2016", "x", *SPECIAL]), min_size=1, max_size=6)
text = words.map(" ".join).map(lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
url = st.sampled_from(["https://example.org/a", "/2016/02/x/", "https://example.org/a(b)"])
inline = st.recursive(
    text,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map("".join),
        st.tuples(st.sampled_from(["strong", "em", "sup", "sub"]), st.lists(inner, min_size=1, max_size=2)).map(
            lambda pair: f"<{pair[0]}>{''.join(pair[1])}</{pair[0]}>"
        ),
        st.tuples(url, inner)
        .map(lambda pair: f'<a href="{pair[0]}">{pair[1]}</a>')
        .filter(lambda a: a.count("<a ") == 1),
        text.map(lambda t: f"<code>{t}</code>"),
        st.tuples(inner, inner).map(lambda pair: f"{pair[0]}<br>{pair[1]}"),
        text.map(lambda t: f'<img src="/uploads/a.jpg" alt="{t.replace(chr(34), "&quot;")}">'),
    ),
    max_leaves=6,
)
item = st.one_of(inline, st.tuples(inline, inline).map(lambda p: f"{p[0]}<ul><li>{p[1]}</li></ul>"))
block = st.one_of(
    inline.map(lambda t: f"<p>{t}</p>"),
    st.tuples(st.sampled_from(["h2", "h3", "h4"]), inline).map(lambda p: f"<{p[0]}>{p[1]}</{p[0]}>"),
    st.tuples(st.sampled_from(["ul", "ol"]), st.lists(item, min_size=1, max_size=3)).map(
        lambda p: f"<{p[0]}>" + "".join(f"<li>{i}</li>" for i in p[1]) + f"</{p[0]}>"
    ),
    st.lists(inline, min_size=1, max_size=2).map(
        lambda ps: "<blockquote>" + "".join(f"<p>{p}</p>" for p in ps) + "</blockquote>"
    ),
    st.tuples(inline, inline, inline, inline).map(
        lambda c: (
            f"<table><thead><tr><th>{c[0]}</th><th>{c[1]}</th></tr></thead><tbody><tr><td>{c[2]}</td><td>{c[3]}</td></tr></tbody></table>"
        )
    ),
    st.tuples(inline, inline).map(
        lambda c: f'<table><tr><td colspan="2">{c[0]}</td></tr><tr><td>{c[1]}</td><td>x</td></tr></table>'
    ),
    st.tuples(inline, inline).map(lambda p: f"<dl><dt>{p[0]}</dt><dd>{p[1]}</dd></dl>"),
    st.lists(text, min_size=1, max_size=3).map(lambda lines: "<pre><code>" + "\n".join(lines) + "</code></pre>"),
    st.tuples(text, inline).map(
        lambda p: (
            f'<figure class="alignleft"><img src="/uploads/a.jpg" alt="{p[0].replace(chr(34), "&quot;")}"><figcaption>{p[1]}</figcaption></figure>'
        )
    ),
    st.just("<hr>"),
    st.lists(inline, min_size=1, max_size=3).map(
        lambda items: '<ol start="3">' + "".join(f"<li>{i}</li>" for i in items) + "</ol>"
    ),
    st.tuples(inline, inline).map(lambda p: f"<blockquote><ul><li>{p[0]}</li></ul><p>{p[1]}</p></blockquote>"),
    st.tuples(text, text).map(
        lambda c: (
            f"<table><thead><tr><th>{c[0]}</th></tr></thead><tbody><tr><td><code>{c[1]}</code></td></tr></tbody></table>"
        )
    ),
    inline.map(lambda t: f'<p><span class="highlight">{t}</span></p>'),
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(block, min_size=1, max_size=5).map("\n".join))
def test_an_imported_body_renders_to_the_text_and_elements_of_the_original(original: str) -> None:
    clean = sanitize(original)
    markdown = to_markdown(clean)
    rendered = sanitize(to_html(markdown))
    assert shape(rendered) == shape(clean), (clean, markdown, rendered)


def test_hashtags_numbers_and_definition_terms_stay_text() -> None:
    clean = sanitize("<p>#ASEAN2016 trended in Jakarta</p><p>1. Not a list</p><dl><dt>#dowork</dt><dd>Yes</dd></dl>")
    rendered = to_html(to_markdown(clean))
    assert "<h1" not in rendered and "<ol" not in rendered
    assert "<p>#ASEAN2016 trended in Jakarta</p>" in rendered and "<dt>#dowork</dt>" in rendered
