"""Links and media of a WordPress export, pointed at the new site: every link between the old blog's posts,
pages and archives becomes the new root-relative URL, and every upload it references (images, srcset sizes,
documents, galleries, featured images) is copied from --uploads, or listed as missing, and relinked."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from ..load.sanitize import EXTERNAL_REL

UPLOADS = "uploads"  # uploads go to static/uploads/YEAR/MONTH/..., published at /uploads/...
_LEAVES = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:|//")  # a link with a scheme or a host leaves the site
_DATE_ARCHIVE = re.compile(r"/(\d{4})(?:/\d{2}(?:/\d{2})?)?/?")


def upload_path(url: str) -> str | None:
    """'https://site/wp-content/uploads/2013/01/a.jpg' (or WordPress.com's 'x.files.wordpress.com/2013/01/a.jpg')
    -> '2013/01/a.jpg'; None for a file that was not uploaded to the blog."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path)
    marker = "/wp-content/uploads/"
    if marker in path:
        relative = path.split(marker, 1)[1]
    elif parts.hostname and parts.hostname.endswith(".files.wordpress.com"):
        relative = path.lstrip("/")
    else:
        return None
    pieces = relative.split("/")
    return relative if relative and all(p not in ("", ".", "..") and not p.startswith(".") for p in pieces) else None


def _key(path: str) -> str:
    """An old path as looked up: decoded, one slash at each end."""
    return "/" + unquote(path).strip("/") + "/" if path.strip("/") else "/"


@dataclass
class Links:
    """What the old site's addresses become on the new one, and what a rewrite met on the way."""

    hosts: set[str]  # the old site's host names
    base_path: str  # the new site's, e.g. "/"
    pages: dict[str, str] = field(default_factory=dict)  # old path -> new URL
    ids: dict[str, str] = field(default_factory=dict)  # post or page id -> new URL (?p=ID, ?page_id=ID)
    terms: dict[tuple[str, str], str] = field(default_factory=dict)  # (category | tag, slug) -> new URL
    attachments: dict[str, str] = field(default_factory=dict)  # attachment page path or id -> the file's old URL
    alts: dict[str, str] = field(default_factory=dict)  # attachment id -> its alt text in the media library
    names: dict[str, str | None] = field(default_factory=dict)  # post slug -> new URL (None: two posts have it)
    media: dict[str, str] = field(default_factory=dict)  # upload path ("2013/01/a.jpg") -> first URL seen
    used_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # upload path -> posts
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (post, old URL) with no new page

    def add_page(self, old_link: str, item_id: str, new_url: str, name: str = "") -> None:
        """Remember where a post or page of the export now lives (``name``: its WordPress slug)."""
        self.ids[item_id] = new_url
        if name:
            self.names[name] = None if self.names.get(name, new_url) != new_url else new_url
        parts = urlsplit(old_link)
        if old_link and not parts.query:
            self.pages.setdefault(_key(parts.path), new_url)

    def add_attachment(self, old_link: str, item_id: str, file_url: str) -> None:
        """Remember an attachment page (WordPress's page for one upload): links to it go to the file itself."""
        self.attachments[item_id] = file_url
        parts = urlsplit(old_link)
        if old_link and not parts.query:
            self.attachments.setdefault(_key(parts.path), file_url)

    def url(self, url: str, post: str) -> str:
        """The new address of one URL found in a post; unchanged when it is not the old site's."""
        relative = upload_path(url)
        if relative is not None:
            self.media.setdefault(relative, url.strip())
            if post not in self.used_by[relative]:
                self.used_by[relative].append(post)
            return f"{self.base_path}{UPLOADS}/{relative}"
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https", "") or (parts.netloc and parts.hostname not in self.hosts):
            return url
        if not parts.netloc and not parts.path.startswith("/"):
            return url  # a relative link, a fragment: as it is
        attachment = self._attachment(parts.path, parts.query)
        if attachment is not None:
            return self.url(attachment, post)
        new = self._page(parts.path, parts.query)
        if new is None:
            self.unmatched.append((post, url.strip()))
            new = self.base_path + parts.path.lstrip("/")  # the same path here: its alias may answer
        return new + (f"#{parts.fragment}" if parts.fragment else "")

    def _attachment(self, path: str, query: str) -> str | None:
        asked = parse_qs(query).get("attachment_id")
        if asked:
            return self.attachments.get(asked[0])
        return None if query else self.attachments.get(_key(path))

    def _page(self, path: str, query: str) -> str | None:
        asked = parse_qs(query)
        for key in ("p", "page_id"):
            if asked.get(key) and asked[key][0] in self.ids:
                return self.ids[asked[key][0]]
        if asked.get("cat"):
            return None
        key = _key(path)
        if key in self.pages:
            return self.pages[key]
        parts = key.strip("/").split("/")
        if len(parts) >= 2 and parts[0] in ("category", "tag") and (found := self._term(parts)) is not None:
            return found
        if key == "/":
            return self.base_path
        date = _DATE_ARCHIVE.fullmatch(key)
        if date is not None:
            return f"{self.base_path}archive/{date.group(1)}/"
        if all(part.isdigit() for part in parts[:-1]) and self.names.get(parts[-1]):
            return self.names[parts[-1]]  # a date permalink with another date: WordPress finds the post by its slug
        return None

    def _term(self, parts: list[str]) -> str | None:
        kind = "category" if parts[0] == "category" else "tag"
        return self.terms.get((kind, parts[-1]))

    def rewrite(self, tree: BeautifulSoup, post: str) -> None:
        """Point every href, src and srcset of a post's cleaned HTML tree at the new site. A link that now
        stays within the site loses the rel="nofollow ..." the cleaner gives links that leave it."""
        for element in tree.find_all(True):
            assert isinstance(element, Tag)
            if element.name == "img" and not str(element.get("alt") or "").strip():
                self._fill_alt(element)
            for name in ("href", "src"):
                value = element.get(name)
                if isinstance(value, str) and value.strip():
                    element[name] = self.url(value, post)
            href, rel = element.get("href"), " ".join(element.get_attribute_list("rel"))
            if element.name == "a" and isinstance(href, str) and not _LEAVES.match(href) and rel == EXTERNAL_REL:
                del element["rel"]
            srcset = element.get("srcset")
            if isinstance(srcset, str):
                element["srcset"] = ", ".join(self._candidate(part, post) for part in srcset.split(",") if part.strip())

    def _fill_alt(self, image: Tag) -> None:
        """An image of the media library with no alt in the post gets the library's (WordPress marks it with
        the class wp-image-ID, or data-id)."""
        classes = image.get("class")
        names = classes.split() if isinstance(classes, str) else list(classes or [])
        ids = [name.removeprefix("wp-image-") for name in names if name.startswith("wp-image-")]
        ids += [str(image.get("data-id") or "")]
        alt = next((self.alts[i] for i in ids if self.alts.get(i)), None)
        if alt:
            image["alt"] = alt

    def _candidate(self, part: str, post: str) -> str:
        pieces = part.split()
        return " ".join([self.url(pieces[0], post), *pieces[1:]])
