"""WordPress post HTML -> clean Markdown: blocks, wpautop paragraphs, shortcodes, then markdownify (pure)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import markdownify

from ..load.sanitize import sanitize

MORE = re.compile(r"<!--more(.*?)?-->")
GUTENBERG = re.compile(r"<!--\s*/?wp:[^>]*?-->\n?")
PROTECTED = re.compile(r"<(pre|code|script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|"
    "math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
)
_STARTS_WITH_BLOCK = re.compile(rf"^\s*</?(?:{BLOCK_TAGS})\b", re.IGNORECASE)
# A shortcode: [name attrs]...[/name] or [name attrs]; names are WordPress identifiers (letters first).
SHORTCODE = re.compile(
    r"\[(?P<name>[a-zA-Z][\w-]*)(?P<attrs>(?:\s[^\]]*)?)\](?:(?P<body>.*?)\[/(?P=name)\])?", re.DOTALL
)
ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"|(\w+)\s*=\s*\'([^\']*)\'|(\w+)\s*=\s*([^\s\'"]+)')


@dataclass
class Conversion:
    """The Markdown of one post, its summary break, and what a reader of the report should know."""

    markdown: str = ""
    images: list[str] = field(default_factory=list)  # image URLs the post uses
    warnings: list[str] = field(default_factory=list)


def shortcode_attrs(text: str) -> dict[str, str]:
    """Parse shortcode attributes: key="v", key='v' or key=v."""
    found = {}
    for match in ATTR.finditer(text):
        key = match.group(1) or match.group(3) or match.group(5)
        found[key.lower()] = match.group(2) if match.group(1) else match.group(4) if match.group(3) else match.group(6)
    return found


def _protect(text: str) -> tuple[str, list[str]]:
    """Hide <pre>/<code> blocks behind placeholders so that nothing inside them is rewritten."""
    kept: list[str] = []

    def hide(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    return PROTECTED.sub(hide, text), kept


def _restore(text: str, kept: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def wpautop(text: str) -> str:
    """Turn blank-line separated text into <p> paragraphs and single newlines into <br>, like WordPress."""
    text, kept = _protect(text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    out = []
    for block in blocks:
        if _STARTS_WITH_BLOCK.match(block) or re.fullmatch(r"\x00\d+\x00", block):
            out.append(block)
        else:
            out.append("<p>" + block.replace("\n", "<br>\n") + "</p>")
    return _restore("\n\n".join(out), kept)


def expand_shortcodes(
    text: str, attachments: Mapping[str, str], warn: Callable[[str], None], children: tuple[str, ...] = ()
) -> str:
    """Rewrite [caption], [gallery] and [embed]; leave every other shortcode exactly as written."""
    text, kept = _protect(text)

    def replace(match: re.Match[str]) -> str:
        name, attrs, body = match.group("name").lower(), shortcode_attrs(match.group("attrs")), match.group("body")
        if name in ("caption", "wp_caption") and body is not None:
            image = re.match(r"\s*((?:<a\b[^>]*>)?\s*<img\b[^>]*>\s*(?:</a>)?)(.*)", body, re.DOTALL)
            if image:
                caption = image.group(2).strip() or attrs.get("caption", "")
                return f"<figure>{image.group(1)}<figcaption>{caption}</figcaption></figure>"
            return body
        if name == "gallery":
            ids = [i.strip() for i in attrs.get("ids", attrs.get("include", "")).split(",") if i.strip()]
            ids = ids or list(children)  # no ids: WordPress shows the images uploaded to this post
            images = [attachments[i] for i in ids if i in attachments]
            if not images:
                warn(f"[gallery] without known images kept as written: {match.group(0)[:60]}")
                return match.group(0)
            return "".join(f'<p><img src="{html.escape(url)}" alt=""></p>' for url in images)
        if name == "embed" and body is not None:
            url = html.escape(body.strip())
            return f'<p><a href="{url}">{url}</a></p>'
        if body is not None or name in KNOWN_UNHANDLED:
            warn(f"shortcode [{name}] kept as written")
        return match.group(0)

    return _restore(SHORTCODE.sub(replace, text), kept)


KNOWN_UNHANDLED = frozenset({"audio", "video", "playlist", "contact-form", "youtube", "vimeo", "googlemaps"})


class _Converter(markdownify.MarkdownConverter):
    """markdownify with ATX headings and '-' bullets; figures become an image and its caption."""

    def convert_figcaption(self, el: object, text: str, *args: object, **kwargs: object) -> str:
        return f"\n\n*{text.strip()}*\n\n" if text.strip() else ""


def to_markdown(content: str, attachments: Mapping[str, str], children: tuple[str, ...] = ()) -> Conversion:
    """Convert a WordPress post body to Markdown; '<!--more-->' is kept as the summary break."""
    result = Conversion()
    text = GUTENBERG.sub("", content)
    parts = MORE.split(text, maxsplit=1)
    pieces = [parts[0]] + ([parts[2]] if len(parts) > 2 else [])
    converted = []
    for piece in pieces:
        expanded = expand_shortcodes(wpautop(piece), attachments, result.warnings.append, children)
        clean = sanitize(expanded)
        result.images += re.findall(r'<img\b[^>]*\bsrc="([^"]+)"', clean)
        md = _Converter(heading_style="ATX", bullets="-", escape_underscores=False).convert(clean)
        md = "\n".join(line if line.endswith("  ") and line.strip() else line.rstrip() for line in md.split("\n"))
        converted.append(re.sub(r"\n{3,}", "\n\n", md).strip())
    result.markdown = "\n\n<!--more-->\n\n".join(p for p in converted if p) + "\n"
    return result
