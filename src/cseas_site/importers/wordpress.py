"""`cseas-build import wordpress`: a WXR export -> Markdown articles, pages and their images."""

from __future__ import annotations

import html
import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from ..config import Config
from ..load.dates import why_not
from ..load.validate import clean_alias
from ..slugs import safe_slug
from .files import MANIFEST, ImportWriter, Outcome
from .wpbody import to_markdown
from .wxr import Export, Item, read_export

UPLOADS = "uploads"  # images go to static/uploads/..., published at /uploads/...
ZERO_DATE = "0000-00-00 00:00:00"
SKIP_STATUS = {"private": "private", "trash": "in the trash", "auto-draft": "an auto-draft", "inherit": "a revision"}
CONTENT_TYPES = {"post", "page"}


@dataclass
class Report:
    """Everything the import did, for the editor to read."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    images_copied: int = 0
    images_missing: list[str] = field(default_factory=list)
    outcome: Outcome = field(default_factory=Outcome)


def label(item: Item) -> str:
    return f'post {item.id} "{html.unescape(item.title).strip() or "(no title)"}"'


def _stamp(local: str, gmt: str) -> str | None:
    """WordPress local time and GMT time -> '2013-01-10 20:15:40+07:00' (local only when GMT is unknown)."""
    if not local or local.startswith("0000"):
        return None
    try:
        when = datetime.strptime(local, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    if why_not(when.year, when.month, when.day) is not None:  # a year the site cannot use: a broken export
        return None
    if not gmt or gmt.startswith("0000"):
        return when.strftime("%Y-%m-%d %H:%M:%S")  # a draft: read in the site's timezone
    try:
        offset = round((when - datetime.strptime(gmt, "%Y-%m-%d %H:%M:%S")).total_seconds() / 60)
    except ValueError:
        return when.strftime("%Y-%m-%d %H:%M:%S")
    if abs(offset) > 14 * 60:  # no zone is that far from UTC: the GMT date is broken
        return when.strftime("%Y-%m-%d %H:%M:%S")
    sign = "+" if offset >= 0 else "-"
    return when.strftime("%Y-%m-%d %H:%M:%S") + f"{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"


def _regular_inside(file: Path, folder: Path | None) -> bool:
    """A regular file that is really inside folder (a link out of --uploads would copy any file of the machine
    into the site, and publish it)."""
    try:
        return (
            folder is not None and file.resolve().is_relative_to(folder.resolve()) and stat.S_ISREG(file.stat().st_mode)
        )
    except OSError:
        return False


def _upload_path(url: str) -> str | None:
    """'https://site/wp-content/uploads/2013/01/a.jpg' (or WordPress.com's 'x.files.wordpress.com/2013/01/a.jpg')
    -> '2013/01/a.jpg'; None for images that were not uploaded to the blog."""
    parts_of_url = urlsplit(url)
    path = unquote(parts_of_url.path)
    marker = "/wp-content/uploads/"
    if marker in path:
        relative = path.split(marker, 1)[1]
    elif parts_of_url.hostname and parts_of_url.hostname.endswith(".files.wordpress.com"):
        relative = path.lstrip("/")
    else:
        return None
    parts = relative.split("/")
    return relative if relative and all(p not in ("", ".", "..") for p in parts) else None


class Planner:
    """Turns an Export into files, remembering slugs, images and what to report."""

    def __init__(self, export: Export, config: Config, uploads: Path | None) -> None:
        self.export, self.config, self.uploads = export, config, uploads
        self.report = Report()
        self.used_slugs: set[str] = set()
        self.used_aliases: set[str] = set()
        self.files: dict[str, bytes] = {}
        self.copies: dict[str, Path] = {}  # static/uploads/... -> source file
        self.attachments = {
            i.id: i.attachment_url for i in export.items if i.post_type == "attachment" and i.attachment_url
        }

    def plan(self) -> None:
        for item in sorted(self.export.items, key=lambda i: (len(i.id) if i.id.isdigit() else 0, i.id)):
            self.report.counts[(item.post_type or "unknown", item.status or "unknown")] += 1
            reason = self._skip_reason(item)
            if reason and item.post_type in CONTENT_TYPES:
                self.report.skipped.append(f"{label(item)} ({item.post_type}): {reason}")
            if reason:
                continue
            self._plan_item(item)

    def _skip_reason(self, item: Item) -> str | None:
        if item.post_type == "attachment":
            return "attachment (its image is copied where a post uses it)"
        if item.post_type not in CONTENT_TYPES:
            return f"a {item.post_type or 'typeless'} item is not content"
        if item.password:
            return "password-protected: not imported"
        if item.status in SKIP_STATUS:
            return f"{SKIP_STATUS[item.status]}: not imported"
        return None

    def _slug(self, item: Item, title: str) -> str:
        wanted = safe_slug(unquote(item.name)) or safe_slug(title) or f"post-{item.id}"
        if not item.name:
            self.report.warnings.append(f"{label(item)}: no slug in the export; made '{wanted}' from the title")
        slug, number = wanted, 2
        while slug in self.used_slugs:
            slug, number = f"{wanted}-{number}", number + 1
        if slug != wanted:
            self.report.warnings.append(
                f"{label(item)}: slug '{wanted}' is taken by an earlier post; saved as '{slug}'"
            )
        self.used_slugs.add(slug)
        return slug

    def _plan_item(self, item: Item) -> None:
        title = html.unescape(item.title).strip()
        if not title:
            title = "Untitled"
            self.report.warnings.append(f"{label(item)}: no title; saved as 'Untitled'")
        date = _stamp(item.post_date, item.post_date_gmt) or _stamp(item.modified, item.modified_gmt)
        if date is None:
            self.report.skipped.append(f"{label(item)}: no usable date: not imported")
            return
        slug = self._slug(item, title)
        children = tuple(
            i.id for i in self.export.items if i.post_type == "attachment" and i.parent == item.id and i.attachment_url
        )
        body = to_markdown(item.content, self.attachments, children)
        self.report.warnings += [f"{label(item)}: {w}" for w in body.warnings]
        markdown = self._images(item, body.markdown, body.images)
        meta = self._front_matter(item, title, date, slug)
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + markdown
        folder = "content/pages" if item.post_type == "page" else f"content/{date[:4]}"
        self.files[f"{folder}/{slug}.md"] = text.encode("utf-8")

    def _front_matter(self, item: Item, title: str, date: str, slug: str) -> dict[str, Any]:
        meta: dict[str, Any] = {"title": title, "date": date}
        updated = _stamp(item.modified, item.modified_gmt)
        if updated and updated != date:
            meta["updated"] = updated
        author = self.export.authors.get(item.creator, item.creator)
        if author:
            meta["author"] = author
        if item.categories:
            meta["category"] = list(dict.fromkeys(html.unescape(c) for c in item.categories))
        if item.tags:
            meta["tags"] = list(dict.fromkeys(html.unescape(t) for t in item.tags))
        excerpt = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", item.excerpt)).split())
        if excerpt:
            meta["summary"] = excerpt
        meta["slug"] = slug
        written = re.sub(r"/{2,}", "/", urlsplit(item.link).path) if item.link and not urlsplit(item.link).query else ""
        old, problem = clean_alias(written) if written not in ("", "/", f"/{slug}/") else (None, None)
        if problem is not None:
            self.report.warnings.append(f"{label(item)}: old address {written!r} {problem}; no redirect")
        elif old in self.used_aliases:
            self.report.warnings.append(
                f"{label(item)}: old address {old} is already used by an earlier post; no redirect"
            )
        elif old is not None:
            meta["aliases"] = [old]
            self.used_aliases.add(old)
        if item.status in ("draft", "pending"):
            meta["draft"] = True
        if item.sticky:
            meta["sticky"] = True
        comments = [
            {"author": c.author, "date": c.date, "content": c.content.strip()} for c in item.comments if c.approved
        ]
        if comments:
            meta["comments"] = comments
        meta["imported_from"] = "wordpress"
        meta["wordpress_id"] = int(item.id) if item.id.isdigit() and len(item.id) < 19 else item.id
        return meta

    def _images(self, item: Item, markdown: str, images: list[str]) -> str:
        """Copy the post's uploaded images into static/uploads/ and point the Markdown at them."""
        for url in dict.fromkeys(images):
            relative = _upload_path(url)
            if relative is None:
                continue
            source = self.uploads / relative if self.uploads else None
            if source is None or not _regular_inside(source, self.uploads):
                self.report.images_missing.append(f"{label(item)}: {url}")
                continue
            self.copies[f"static/{UPLOADS}/{relative}"] = source
            markdown = markdown.replace(url, f"{self.config.base_path}{UPLOADS}/{relative}")
        return markdown


def import_wordpress(export_file: Path, root: Path, config: Config, uploads: Path | None, force: bool) -> Report:
    """Read the whole export first (a malformed one writes nothing), then write posts, pages and images."""
    export = read_export(export_file)
    planner = Planner(export, config, uploads)
    planner.plan()
    writer = ImportWriter(root, force)
    writer.check([*planner.files, *planner.copies, f"content/{MANIFEST}"])
    planner.report.warnings += writer.warnings
    for relative, data in sorted(planner.files.items()):
        writer.write(relative, data)
    for relative, source in sorted(planner.copies.items()):
        writer.write(relative, source.read_bytes())
    planner.report.images_copied = len(planner.copies)
    planner.report.outcome = writer.finish()
    return planner.report


def format_report(report: Report, export_file: Path) -> str:
    """The report printed at the end of an import."""
    lines = [f"Imported {export_file}:"]
    for (kind, status), count in sorted(report.counts.items()):
        lines.append(f"  {kind}/{status}: {count}")
    outcome = report.outcome
    lines.append(
        f"Files: {len(outcome.written)} written, {len(outcome.unchanged)} unchanged, "
        f"{len(outcome.kept)} kept because they were edited by hand (use --force to replace them)"
    )
    lines += [f"  kept: {path}" for path in outcome.kept]
    lines.append(f"Images: {report.images_copied} copied, {len(report.images_missing)} missing")
    lines += [f"  missing: {entry}" for entry in report.images_missing]
    other = {k: n for k, n in report.counts.items() if k[0] not in CONTENT_TYPES}
    lines.append(
        "Not content: "
        + (", ".join(f"{n} {kind}" for (kind, _), n in sorted(other.items())) or "nothing")
        + " (attachments are copied where posts use them; menus and the like are not articles)"
    )
    lines.append(f"Skipped posts and pages: {len(report.skipped)}")
    lines += [f"  {entry}" for entry in report.skipped]
    lines.append(f"Warnings: {len(report.warnings)}")
    lines += [f"  {entry}" for entry in report.warnings]
    return "\n".join(lines)
