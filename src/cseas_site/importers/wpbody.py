"""WordPress post HTML -> Markdown that means what it meant (pure): Gutenberg comments dropped, paragraphs
restored as WordPress's wpautop does, [caption], [gallery] and embeds turned into figures and links, the HTML
cleaned, links and uploads pointed at the new site, then converted (htmlmd.py)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from ..load.sanitize import sanitize
from .htmlmd import to_markdown as html_to_markdown

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
ALIGNMENTS = ("alignleft", "alignright", "aligncenter", "alignwide", "alignfull", "alignnone")
# Gutenberg's embed block keeps the URL in a wrapper; a classic post has it alone on a line (auto-embed).
EMBED_BLOCK = re.compile(
    r'<figure class="wp-block-embed[^"]*">\s*<div class="wp-block-embed__wrapper">\s*(https?://[^\s<]+)\s*</div>'
    r"(?:\s*<figcaption[^>]*>.*?</figcaption>)?\s*</figure>",
    re.DOTALL,
)
BARE_URL = re.compile(r"^[ \t]*(https?://[^\s<]+)[ \t]*$", re.MULTILINE)
PROVIDERS = {
    "youtube.com": "YouTube", "youtu.be": "YouTube", "vimeo.com": "Vimeo", "twitter.com": "X (Twitter)",
    "x.com": "X (Twitter)", "facebook.com": "Facebook", "instagram.com": "Instagram", "soundcloud.com": "SoundCloud",
    "spotify.com": "Spotify", "flickr.com": "Flickr", "slideshare.net": "SlideShare", "scribd.com": "Scribd",
    "tiktok.com": "TikTok", "wordpress.tv": "WordPress.tv", "ted.com": "TED", "dailymotion.com": "Dailymotion",
    "reddit.com": "Reddit", "tumblr.com": "Tumblr", "imgur.com": "Imgur", "issuu.com": "Issuu",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Media:
    """What a post's shortcodes may name: every attachment's URL and alt text, the post's own attachments,
    and the titles WordPress cached for its embeds."""

    urls: Mapping[str, str]  # attachment id -> file URL
    alts: Mapping[str, str]  # attachment id -> alt text
    children: tuple[str, ...] = ()  # attachments uploaded to this post (a [gallery] without ids shows them)
    embed_titles: Mapping[str, str] = field(default_factory=dict)  # embedded URL -> its title


@dataclass
class Conversion:
    """The Markdown of one post, and what a reader of the report should know."""

    markdown: str = ""
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


def embed(url: str, titles: Mapping[str, str]) -> str:
    """An embedded video or post as a link that names it (the title WordPress cached, else the provider)."""
    host = (urlsplit(url).hostname or "").removeprefix("www.").removeprefix("m.")
    provider = next((name for domain, name in PROVIDERS.items() if host == domain or host.endswith("." + domain)), host)
    title = titles.get(url) or f"{provider}: {url}"
    return f'<p class="embed"><a href="{html.escape(url)}">{html.escape(title)}</a></p>'


def _figure(image: str, caption: str, align: str) -> str:
    classes = " ".join(["wp-caption", *([align] if align in ALIGNMENTS else [])])
    captioned = f"<figcaption>{caption}</figcaption>" if caption.strip() else ""
    return f'<figure class="{classes}">{image}{captioned}</figure>'


def _gallery(ids: list[str], media: Media, columns: str) -> str:
    """A gallery as one figure: a grid of images, each linking to the full file."""
    cells = "".join(
        f'<a href="{html.escape(media.urls[i])}"><img src="{html.escape(media.urls[i])}" '
        f'alt="{html.escape(media.alts.get(i, ""))}"></a>'
        for i in ids
        if i in media.urls
    )
    count = columns if columns.isdigit() and 1 <= int(columns) <= 9 else "3"
    return f'<figure class="gallery gallery-columns-{count}">{cells}</figure>'


def expand_shortcodes(text: str, media: Media, warn: Callable[[str], None]) -> str:
    """Rewrite [caption], [gallery] and [embed]; leave every other shortcode exactly as written."""
    text, kept = _protect(text)

    def replace(match: re.Match[str]) -> str:
        name, attrs, body = match.group("name").lower(), shortcode_attrs(match.group("attrs")), match.group("body")
        if name in ("caption", "wp_caption") and body is not None:
            image = re.match(r"\s*((?:<a\b[^>]*>)?\s*<img\b[^>]*>\s*(?:</a>)?)(.*)", body, re.DOTALL)
            if image:
                caption = image.group(2).strip() or attrs.get("caption", "")
                return _figure(image.group(1), caption, attrs.get("align", ""))
            return body
        if name == "gallery":
            ids = [i.strip() for i in attrs.get("ids", attrs.get("include", "")).split(",") if i.strip()]
            ids = ids or list(media.children)  # no ids: WordPress shows the images uploaded to this post
            if not any(i in media.urls for i in ids):
                warn(f"[gallery] without known images kept as written: {match.group(0)[:60]}")
                return match.group(0)
            return _gallery(ids, media, attrs.get("columns", "3"))
        if name == "embed" and body is not None:
            return embed(body.strip(), media.embed_titles)
        if body is not None or name in KNOWN_UNHANDLED:
            warn(f"shortcode [{name}] kept as written")
        return match.group(0)

    return _restore(SHORTCODE.sub(replace, text), kept)


KNOWN_UNHANDLED = frozenset({"audio", "video", "playlist", "contact-form", "youtube", "vimeo", "googlemaps"})


def _embeds(text: str, media: Media) -> str:
    """Gutenberg embed blocks, and a URL alone on its line (WordPress embeds it), as links that name it."""
    text = EMBED_BLOCK.sub(lambda match: embed(match.group(1), media.embed_titles), text)
    text, kept = _protect(text)

    def bare(match: re.Match[str]) -> str:
        host = (urlsplit(match.group(1)).hostname or "").removeprefix("www.")
        known = any(host == domain or host.endswith("." + domain) for domain in PROVIDERS)
        return embed(match.group(1), media.embed_titles) if known else match.group(0)

    return _restore(BARE_URL.sub(bare, text), kept)


def _unchanged(tree: BeautifulSoup) -> None:
    """No relinking (the default of to_markdown)."""


def to_markdown(content: str, media: Media, relink: Callable[[BeautifulSoup], None] = _unchanged) -> Conversion:
    """Convert a WordPress post body to Markdown; '<!--more-->' is kept as the summary break. ``relink``
    points the cleaned HTML's links and uploads at the new site (wplinks.Links.rewrite)."""
    result = Conversion()
    text = GUTENBERG.sub("", content)
    parts = MORE.split(text, maxsplit=1)
    pieces = [parts[0]] + ([parts[2]] if len(parts) > 2 else [])
    converted = []
    for piece in pieces:
        expanded = expand_shortcodes(wpautop(_embeds(piece, media)), media, result.warnings.append)
        tree = BeautifulSoup(sanitize(expanded), "html.parser")  # parsed once: relinked, then written
        relink(tree)
        converted.append(html_to_markdown(tree).strip())
    result.markdown = "\n\n<!--more-->\n\n".join(p for p in converted if p) + "\n"
    return result
