"""Clean HTML (a WordPress post body after nh3) -> Markdown that renders to the same text and the same elements.

What Markdown says exactly (paragraphs, headings, lists, quotes, code, links, images, emphasis, rules, simple
tables) is written as Markdown, and every character of the text that Markdown would read as structure is
escaped (mdtext.py), wherever it stands: a hashtag stays a hashtag, '1. ' at the start of a paragraph stays
words. What Markdown cannot say (definition lists, figures, tables with spans or blocks in cells, lists that
start at another number, elements with a class or an id, <sup> and its kind) stays HTML: a block as it is,
an inline element as its tags around Markdown. A round-trip property test (tests/importers) holds this."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import quote

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, NavigableString

from .mdtext import escape_inline

BLOCKS = frozenset((
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "ul",
))  # fmt: skip
KEEP_AS_HTML = frozenset({"dl", "figure", "div", "details", "section", "article", "aside", "address", "header",
                          "footer", "nav", "form", "fieldset", "hgroup", "main", "dialog"})  # fmt: skip
INLINE_AS_MARKDOWN = frozenset({"strong", "b", "em", "i", "a", "img", "code", "br"})
_SPACE = re.compile(r"[ \t\n\r\f]+")
_MARKUP = re.compile(r"([\\`*_{}\[\]|#])")
_MERGING = {"ul": "list", "ol": "list", "blockquote": "quote"}  # kinds that Markdown joins when they touch


def to_markdown(body: str | BeautifulSoup) -> str:
    """The Markdown of a cleaned HTML fragment (or of its tree, parsed with html.parser)."""
    soup = body if isinstance(body, BeautifulSoup) else BeautifulSoup(body, "html.parser")
    return "\n\n".join(_blocks(soup.children)).strip() + "\n"


def _blocks(nodes: Iterable[object]) -> list[str]:
    """Markdown blocks for a run of nodes: block elements each on their own, inline runs as paragraphs."""
    out: list[str] = []
    inline: list[object] = []
    previous = ""

    def flush() -> None:
        text = _paragraph(inline)
        if text:
            out.append(text)
        inline.clear()

    for node in nodes:
        if isinstance(node, Comment):
            continue
        if isinstance(node, Tag) and node.name in BLOCKS:
            flush()
            block = _block(node)
            if block:
                if _MERGING.get(node.name) is not None and _MERGING.get(node.name) == _MERGING.get(previous):
                    out.append("<!-- -->")  # two lists (or quotes) in a row would be read as one
                out.append(block)
                previous = node.name
            continue
        inline.append(node)
        if not (isinstance(node, NavigableString) and not node.strip()):
            previous = ""
    flush()
    return out


def _block(node: Tag) -> str:
    name = node.name
    if _keep_html(node):
        return str(node)
    if name == "p":
        return _paragraph(node.children)
    if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
        text = _paragraph(node.children, heading=True)
        return f"{'#' * int(name[1])} {text}" if text else ""
    if name in ("ul", "ol"):
        return _list(node)
    if name == "blockquote":
        inner = "\n\n".join(_blocks(node.children))
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n")) if inner else ""
    if name == "pre":
        return _code_block(node)
    if name == "hr":
        return "* * *"
    if name == "table":
        return _table(node) or str(node)
    return str(node)  # li outside a list, figcaption outside a figure: as they are


def _keep_html(node: Tag) -> bool:
    """Whether Markdown cannot say this block exactly."""
    if node.name in KEEP_AS_HTML or node.attrs.get("class") or node.attrs.get("id"):
        return True
    if node.name == "ol":
        start = str(node.attrs.get("start", "1"))
        return start != "1" or bool(node.attrs.get("type") or node.attrs.get("reversed"))
    if node.name == "pre":
        children = [c for c in node.children if not (isinstance(c, NavigableString) and not c.strip())]
        return not (len(children) == 1 and isinstance(children[0], Tag) and children[0].name == "code")
    return False


def _paragraph(nodes: Iterable[object], heading: bool = False) -> str:
    """Inline nodes as one paragraph of Markdown: white space collapsed, hard breaks kept."""
    text = "".join(_inline(node, heading) for node in nodes)
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "  \n".join(line for line in lines if line) if not heading else " ".join(lines)


def _inline(node: object, heading: bool = False) -> str:
    if isinstance(node, Comment):
        return ""
    if isinstance(node, NavigableString):
        return escape_inline(_SPACE.sub(" ", str(node)))
    if not isinstance(node, Tag):
        return ""
    name = node.name
    if name in BLOCKS:  # a block inside inline content (a list in a link ...): as it is
        return str(node)
    if name not in INLINE_AS_MARKDOWN or node.attrs.get("class") or node.attrs.get("id"):
        inner = "".join(_inline(child, heading) for child in node.children)
        return f"{_open_tag(node)}{inner}</{name}>" if not node.is_empty_element else _open_tag(node)
    if name == "br":
        return "<br>" if heading else "\n"
    if name in ("strong", "b", "em", "i"):
        kind = ("strong", "b") if name in ("strong", "b") else ("em", "i")
        inner = "".join(_inline(child, heading) for child in node.children)
        if node.find_parent(list(kind)) is not None:
            return inner  # strong inside strong is still strong: markers again would close the first
        if isinstance(node.previous_sibling, Tag) and node.previous_sibling.name in ("strong", "b", "em", "i"):
            return f"<{kind[0]}>{inner}</{kind[0]}>"  # markers right after markers would run together
        return _emphasis("**" if kind[0] == "strong" else "*", inner)
    if name == "code":
        after_code = isinstance(node.previous_sibling, Tag) and node.previous_sibling.name == "code"
        return _code_tag(node.get_text()) if after_code else _code_span(node.get_text())
    if name == "img":
        return _image(node)
    return _link(node, heading)


def _open_tag(node: Tag) -> str:
    attrs = "".join(
        f' {key}="{html.escape(" ".join(value) if isinstance(value, list) else str(value))}"'
        for key, value in node.attrs.items()
    )
    return f"<{node.name}{attrs}>"


def _emphasis(marker: str, inner: str) -> str:
    """Emphasis with its white space outside the markers (Markdown needs the text to touch them)."""
    return _around(marker, inner, marker)


def _around(opening: str, inner: str, closing: str) -> str:
    """Markup around inner Markdown, the white space at its edges moved outside (Markdown drops it inside)."""
    core = inner.strip()
    if not core:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{opening}{core}{closing}{trail}"


def _code_span(text: str) -> str:
    """Inline code; white space at its edges goes outside (Markdown drops it inside)."""
    text = _SPACE.sub(" ", text)
    core = text.strip()
    if not core:
        return escape_inline(text)
    lead, trail = (" " if text.startswith(" ") else ""), (" " if text.endswith(" ") else "")
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", core)), default=0) + 1)
    pad = " " if core.startswith("`") or core.endswith("`") else ""
    return f"{lead}{ticks}{pad}{core}{pad}{ticks}{trail}"


def _code_tag(text: str) -> str:
    """Inline code as the tag, for code right after code (two backtick spans side by side would be read as
    one): Markdown escapes first, then HTML's; both are undone inside an inline tag."""
    escaped = _MARKUP.sub(r"\\\1", _SPACE.sub(" ", text))
    return f"<code>{html.escape(escaped, quote=False)}</code>"


_URL_BREAKERS = re.compile(r"[\s()<>]")  # what would end or break a Markdown link's address


def _url(url: str) -> str:
    return _URL_BREAKERS.sub(lambda found: quote(found.group(), safe=""), url)


def _title(node: Tag) -> str:
    title = node.get("title")
    return f' "{escape_inline(str(title)).replace(chr(34), "&quot;")}"' if title else ""


def _image(node: Tag) -> str:
    if set(node.attrs) - {"src", "alt", "title"} or not node.get("src"):
        return _open_tag(node)  # sizes, alignment: kept as the tag
    alt = escape_inline(_SPACE.sub(" ", str(node.get("alt", ""))))
    return f"![{alt}]({_url(str(node['src']))}{_title(node)})"


def _link(node: Tag, heading: bool) -> str:
    inner = "".join(_inline(child, heading) for child in node.children)
    href = node.get("href")
    if not href or set(node.attrs) - {"href", "title", "rel"}:
        return f"{_open_tag(node)}{inner}</a>"
    return _around("[", inner, f"]({_url(str(href))}{_title(node)})")


def _code_block(node: Tag) -> str:
    text = node.get_text()
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence}\n{text.rstrip(chr(10))}\n{fence}"


def _list(node: Tag) -> str:
    items = []
    number = 0
    for child in node.children:
        if not isinstance(child, Tag) or child.name != "li":
            continue
        number += 1
        marker = f"{number}. " if node.name == "ol" else "- "
        kinds = [block.name for block in child.children if isinstance(block, Tag) and block.name in BLOCKS]
        blocks = _blocks(child.children) or [""]
        # Text followed by nested lists only is a tight item (<li>text<ul>...): no blank line between them.
        tight = bool(kinds) and set(kinds) <= {"ul", "ol"} and len(blocks) == len(kinds) + 1
        joint = "\n    " if tight else "\n\n    "
        items.append(marker + joint.join(block.replace("\n", "\n    ") for block in blocks))
    loose = any("\n\n" in item for item in items)
    return ("\n\n" if loose else "\n").join(items)


def _table(node: Tag) -> str | None:
    """A pipe table when the table is a plain grid of one-line cells with a header row; None otherwise."""
    rows = node.find_all("tr")
    if not rows or node.find_all(["table", "caption", "colgroup"]) or node.find("thead") is None:
        return None
    grid = []
    for row in rows:
        cells = row.find_all(["td", "th"], recursive=False)
        if any(cell.attrs or cell.find(list(BLOCKS)) for cell in cells):
            return None
        grid.append([_paragraph(cell.children, heading=True) for cell in cells])
    header, *body = grid
    if not header or any(len(row) != len(header) for row in body):
        return None
    if any(cell.name != "th" for cell in rows[0].find_all(["td", "th"], recursive=False)):
        return None
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)
