"""`cseas-build import wordpress`: a WXR export -> Markdown articles and pages, their uploads, the menu.

The whole export is read and planned before anything is written: every post's new URL is known (and checked
against the URLs the site itself makes) before any body is converted, so links between posts can point at
their new addresses. The command then makes a trial build and says whether the imported site builds."""

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
from zoneinfo import ZoneInfo

import yaml

from ..archive.urls import RESERVED, Urls, alias_path, output_path
from ..config import LANGUAGE_CODE, MENU_DEPTH, Config
from ..errors import errors_in
from ..load import markdown_article
from ..load.dates import why_not
from ..load.lang import detect_language
from ..load.limits import MAX_NAMES
from ..load.loader import find_content, find_static, load_all
from ..load.validate import clean_alias
from ..models import Article
from ..slugs import safe_slug
from .files import MANIFEST, ImportWriter, Outcome
from .wpbody import Media, to_markdown
from .wplinks import UPLOADS, Links
from .wpmenu import MenuItem, build_menu, choose, menus
from .wxr import Export, Item, read_export

ZERO_DATE = "0000-00-00 00:00:00"
SKIP_STATUS = {"private": "private", "trash": "in the trash", "auto-draft": "an auto-draft", "inherit": "a revision"}
CONTENT_TYPES = {"post", "page"}
MISSING_LIST = "import-missing-media.txt"  # beside content/: each URL and where it goes (a curl config file)
REJECTED = "import-rejected"  # beside content/: posts the build would refuse, for the editor to fix and move


@dataclass
class Report:
    """Everything the import did, for the editor to read as a checklist."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    comments: Counter[str] = field(default_factory=Counter)  # approved, pending, spam, trash
    comments_kept: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    dropped_aliases: list[str] = field(default_factory=list)
    unmatched_links: list[str] = field(default_factory=list)
    media_copied: int = 0
    missing: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # upload path -> (URL, posts)
    menu: str = ""
    outcome: Outcome = field(default_factory=Outcome)


class Taken:
    """The output files of the site (its own pages, articles and static files) and of the posts placed so far,
    each with who has it: a post may take none of them, nor a folder where one of them is a file."""

    def __init__(self, files: dict[str, str] | None = None) -> None:
        self.files: dict[str, str] = {}
        self.folders: dict[str, str] = {}
        for file, who in (files or {}).items():
            self.add(file, who)

    def add(self, file: str, who: str) -> None:
        self.files[file] = who
        parts = file.split("/")
        for end in range(1, len(parts)):
            self.folders.setdefault("/".join(parts[:end]), who)

    def who(self, file: str) -> str | None:
        """Who has the file (or a place it needs), or None when it is free."""
        top = file.split("/", 1)[0]
        if top in RESERVED or top == UPLOADS:
            return f"the site's own /{top}{'/' if '.' not in top else ''}"
        if file in self.files or file in self.folders:
            return self.files.get(file) or self.folders[file]
        parts = file.split("/")
        return next(
            (self.files["/".join(parts[:end])] for end in range(1, len(parts)) if "/".join(parts[:end]) in self.files),
            None,
        )


@dataclass
class Post:
    """One post or page of the export, placed on the new site."""

    item: Item
    title: str
    date: str
    slug: str
    url: str
    file: str  # content/2016/slug.md or content/pages/slug.md
    aliases: list[str] = field(default_factory=list)
    lang: str | None = None  # as the export says it, else detected

    @property
    def label(self) -> str:
        return f'{self.item.post_type} {self.item.id} "{self.title}" ({self.item.link or "no old address"})'


def label(item: Item) -> str:
    return f'{item.post_type or "item"} {item.id} "{html.unescape(item.title).strip() or "(no title)"}"'


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
        inside = folder is not None and file.resolve().is_relative_to(folder.resolve())
        return inside and stat.S_ISREG(file.stat().st_mode)
    except OSError:
        return False


def _text(fragment: str) -> str:
    """The words of a bit of WordPress HTML (an excerpt, a caption)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _paragraphs(fragment: str) -> str:
    """A comment's text: its paragraphs (a blank line, a <p> or a <br> in WordPress) one per line."""
    broken = re.sub(r"(?i)</p\s*>|<br\s*/?>|\r?\n", "\n", fragment)
    lines = (_text(line) for line in broken.split("\n"))
    return "\n".join(line for line in lines if line)


class Planner:
    """Turns an Export into files: places every post, then converts bodies, uploads and the menu."""

    def __init__(
        self,
        export: Export,
        config: Config,
        uploads: Path | None,
        comments: bool = False,
        taken: dict[str, str] | None = None,
    ) -> None:
        self.export, self.config, self.uploads, self.keep_comments = export, config, uploads, comments
        self.report = Report()
        self.urls = Urls(config)
        self.files: dict[str, bytes] = {}
        self.copies: dict[str, Path] = {}  # static/uploads/... -> source file
        self.posts: list[Post] = []
        self.taken = Taken(taken)  # output files of the site's own articles and static files, then of the posts
        attachments = [i for i in export.items if i.post_type == "attachment" and i.attachment_url]
        self.media_urls = {i.id: i.attachment_url for i in attachments}
        # An image's alt text: the library's, else its caption, else its title (a linked image needs a name).
        self.media_alts = {
            i.id: i.meta.get("_wp_attachment_image_alt", "").strip() or _text(i.excerpt) or _text(i.title)
            for i in attachments
        }
        host = urlsplit(export.link).hostname or ""
        hosts = {host, f"www.{host}", host.removeprefix("www.")} - {""}
        self.links = Links(hosts, config.base_path, alts=self.media_alts)
        self.uploaded_to: dict[str, list[str]] = {}  # post id -> its attachments (a gallery without ids shows them)
        for attachment in attachments:
            self.links.add_attachment(attachment.link, attachment.id, attachment.attachment_url)
            self.uploaded_to.setdefault(attachment.parent, []).append(attachment.id)

    def plan(self) -> None:
        """Read what to import, place it, then convert it (in that order: links need every new address)."""
        for item in sorted(self.export.items, key=lambda i: (len(i.id), i.id)):
            self.report.counts[(item.post_type or "unknown", item.status or "unknown")] += 1
            for comment in item.comments:
                kind = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}.get(comment.status, "other")
                self.report.comments[kind] += 1
            reason = self._skip_reason(item)
            if reason and item.post_type in CONTENT_TYPES:
                self.report.skipped.append(f"{label(item)} ({item.link or 'no old address'}): {reason}")
            if not reason:
                self._place(item)
        self._link_terms()
        for post in self.posts:
            self._convert(post)
        self._copy_media()

    def _skip_reason(self, item: Item) -> str | None:
        if item.post_type == "attachment":
            return "attachment (its file is copied where a post uses it)"
        if item.post_type not in CONTENT_TYPES:
            return f"a {item.post_type or 'typeless'} item is not content"
        if item.password:
            return "password-protected: not imported"
        if item.status in SKIP_STATUS:
            return f"{SKIP_STATUS[item.status]}: not imported"
        if _stamp(item.post_date, item.post_date_gmt) is None and _stamp(item.modified, item.modified_gmt) is None:
            return "no usable date: not imported"
        return None

    def _place(self, item: Item) -> None:
        """Give a post its slug, file and URL, none of them taken by the site's own pages or another post."""
        title = html.unescape(item.title).strip()
        if not title:
            title = "Untitled"
            self.report.warnings.append(f"{label(item)} ({item.link}): no title; saved as 'Untitled'")
        date = _stamp(item.post_date, item.post_date_gmt) or _stamp(item.modified, item.modified_gmt) or ""
        wanted = safe_slug(unquote(html.unescape(item.name))) or safe_slug(title)  # names are percent-encoded
        wanted = wanted or f"post-{item.id}"
        if not item.name:
            self.report.warnings.append(f"{label(item)}: no slug in the export; made '{wanted}' from the title")
        lang = self._language(item, title)
        categories = tuple(html.unescape(c) for c in item.categories)
        slug, number, holder = wanted, 2, self.taken.who(self._output(wanted, date, categories, lang))
        while self.taken.who(self._output(slug, date, categories, lang)) is not None:
            slug, number = f"{wanted}-{number}", number + 1
        if slug != wanted:
            self.report.renamed.append(
                f"{label(item)} ({item.link or 'no old address'}): its address with slug '{wanted}' is taken "
                f"by {holder}; saved with slug '{slug}'"
            )
        folder = "content/pages" if item.post_type == "page" else f"content/{date[:4]}"
        output = self._output(slug, date, categories, lang)
        url = self.urls.url(output.removesuffix("index.html"))
        post = Post(item, title, date, slug, url, f"{folder}/{slug}.md", lang=lang)
        self.taken.add(output, label(item))
        self.posts.append(post)
        self.links.add_page(item.link, item.id, url, unquote(item.name).lower())
        if item.guid and "?" not in item.guid:
            self.links.add_page(item.guid, item.id, url)
        self._alias(post)

    def _language(self, item: Item, title: str) -> str:
        """The post's language: as the export says it (Polylang's 'language' term, WPML's language meta), else
        detected from its words."""
        for said in (item.language, item.meta.get("_wpml_language", ""), item.meta.get("wpml_language", "")):
            code = said.strip().lower().replace("_", "-")
            if LANGUAGE_CODE.fullmatch(code):
                return code
        return detect_language(f"{title} {_text(item.content)}", self.config.language)

    def _output(self, slug: str, date: str, categories: tuple[str, ...], lang: str | None) -> str:
        """The output file of a post with this slug ('asean-japan/index.html'), made as the build makes it."""
        when = datetime.strptime(date[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=ZoneInfo("UTC"))
        probe = Article(
            path="", title="", slug=slug, date=when, body=b"", summary="", categories=categories,
            lang=lang or self.config.language,
        )  # fmt: skip
        return output_path(self.urls.article_path(probe))

    def _alias(self, post: Post) -> None:
        """The old permalink as an alias, unless the site needs that address (or it is not a plain path)."""
        parts = urlsplit(post.item.link)
        written = re.sub(r"/{2,}", "/", parts.path) if post.item.link and not parts.query else ""
        old, problem = clean_alias(written) if written not in ("", "/") else (None, None)
        if old is None:
            if problem is not None:
                self.report.dropped_aliases.append(f"{post.label}: old address {written!r} {problem}")
            return
        file = alias_path(old)
        if file == alias_path("/" + post.url.removeprefix(self.config.base_path)):
            return  # the old address is the new one
        holder = self.taken.who(file)
        if holder is not None:
            self.report.dropped_aliases.append(f"{post.label}: old address {old} is taken by {holder}; no redirect")
            return
        self.taken.add(file, f"the old address of {label(post.item)}")
        post.aliases.append(old)

    def _link_terms(self) -> None:
        """Old category and tag archives -> the new term pages."""
        for (domain, slug), name in self.export.terms.items():
            if domain in ("category", "post_tag") and name:
                kind = "category" if domain == "category" else "tag"
                self.links.terms[(kind, slug)] = self.urls.list(kind, html.unescape(name))

    def _convert(self, post: Post) -> None:
        item = post.item
        children = tuple(self.uploaded_to.get(item.id, ()))
        titles = _embed_titles(item)
        media = Media(self.media_urls, self.media_alts, children, titles)
        body = to_markdown(item.content, media, lambda cleaned: self.links.rewrite(cleaned, post.label))
        self.report.warnings += [f"{post.label}: {warning}" for warning in body.warnings]
        meta = self._front_matter(post)
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + body.markdown
        errors = errors_in(markdown_article.parse(text, post.file, self.config).problems)
        if errors:  # the build would refuse it: set it aside, whole, so the imported site builds
            aside = f"{REJECTED}/{post.file.removeprefix('content/')}"
            self.report.rejected += [f"{post.label}: saved as {aside}: {error}" for error in errors]
            self.files[aside] = text.encode("utf-8")
            return
        self.files[post.file] = text.encode("utf-8")

    def _front_matter(self, post: Post) -> dict[str, Any]:
        item = post.item
        meta: dict[str, Any] = {"title": post.title, "date": post.date}
        updated = _stamp(item.modified, item.modified_gmt)
        if updated and updated != post.date:
            meta["updated"] = updated
        author = self.export.authors.get(item.creator, item.creator)
        if author:
            meta["author"] = author
        for key, names in (("category", item.categories), ("tags", item.tags)):
            kept = list(dict.fromkeys(" ".join(html.unescape(name).split()) for name in names))
            if len(kept) > MAX_NAMES:
                left = ", ".join(kept[MAX_NAMES:])
                what = "categories" if key == "category" else key
                self.report.warnings.append(
                    f"{post.label}: {len(kept)} {what}; the first {MAX_NAMES} kept, not: {left}"
                )
            if kept:
                meta[key] = kept[:MAX_NAMES]
        excerpt = _text(item.excerpt)
        if excerpt:
            meta["summary"] = excerpt
        meta["slug"] = post.slug
        if post.lang:
            meta["lang"] = post.lang
        group = item.translation_group or item.meta.get("_wpml_trid", "").strip()
        if group:
            meta["translation_key"] = group  # the versions of one post in other languages link to each other
        if post.aliases:
            meta["aliases"] = post.aliases
        featured = item.meta.get("_thumbnail_id", "").strip()
        if featured in self.media_urls:
            meta["image"] = self._site_path(self.links.url(self.media_urls[featured], post.label))
            if self.media_alts.get(featured):
                meta["image_alt"] = self.media_alts[featured]
        if item.status in ("draft", "pending"):
            meta["draft"] = True
        if item.sticky:
            meta["featured"] = True
        comments = [
            {"author": _text(c.author) or "Anonymous", "date": stamp, "text": _paragraphs(c.content)}
            for c in item.comments
            if c.approved and _paragraphs(c.content) and (stamp := _stamp(c.date, c.date_gmt))
        ]
        if self.keep_comments and comments:
            meta["comments"] = comments
            self.report.comments_kept += len(comments)
        meta["imported_from"] = "wordpress"
        meta["wordpress_id"] = int(item.id) if item.id.isdigit() and len(item.id) < 19 else item.id
        return meta

    def _copy_media(self) -> None:
        """Copy every upload the posts use from --uploads; list the others (the pages point at where they go)."""
        for relative, url in sorted(self.links.media.items()):
            source = self.uploads / relative if self.uploads else None
            if source is not None and _regular_inside(source, self.uploads):
                self.copies[f"static/{UPLOADS}/{relative}"] = source
            else:
                self.report.missing[relative] = (url, self.links.used_by[relative])
        self.report.media_copied = len(self.copies)
        self.report.unmatched_links = [f"{post}: {url}" for post, url in self.links.unmatched]

    def menus(self, wanted: str | None = None) -> tuple[list[MenuItem], list[MenuItem]]:
        """The export's header menu (nested, in order) and footer links, their addresses on the new site."""
        found = menus(self.export)
        header, footer = choose(found, wanted)
        if wanted is not None and header is None:
            self.report.warnings.append(f"--menu {wanted}: no such menu (the export has: {', '.join(sorted(found))})")
        if header is None:
            self.report.menu = "no menu imported: the theme shows its own"
            return [], []
        top, left_out = build_menu(found[header], self._menu_target, MENU_DEPTH)
        bottom, left_out_below = build_menu(found[footer], self._menu_target, 1) if footer else ([], [])
        others = sorted(set(found) - {header, footer})
        self.report.menu = f"'{header}' ({len(found[header])} items) is the header menu" + (
            f"; '{footer}' ({len(found[footer])} items) the footer links" if footer else ""
        )
        if others:
            self.report.menu += f"; not imported: {', '.join(others)} (choose the header menu with --menu NAME)"
        self.report.warnings += [f"menu item {entry}; left out" for entry in left_out + left_out_below]
        return top, bottom

    def _menu_target(self, item: Item) -> tuple[str, str] | None:
        """A menu item's title and its address on the new site (a path of the site: '/about/'), or None when
        what it points at was not imported."""
        kind, object_id = item.meta.get("_menu_item_type", ""), item.meta.get("_menu_item_object_id", "")
        title = html.unescape(item.title).strip()
        url: str | None = None
        if kind == "post_type":
            post = next((p for p in self.posts if p.item.id == object_id), None)
            title, url = (title or post.title, post.url) if post else (title, None)
        elif kind == "taxonomy":
            domain = item.meta.get("_menu_item_object", "")
            slug = self.export.term_ids.get((domain, object_id), "")
            title = title or html.unescape(self.export.terms.get((domain, slug), ""))
            url = self.links.terms.get(("category" if domain == "category" else "tag", slug))
        elif item.meta.get("_menu_item_url", "").strip() in ("#", ""):
            url = ""  # a heading over its children (dropped when it has none)
        else:
            url = self.links.url(item.meta["_menu_item_url"].strip(), f"menu item {item.id} {title!r}")
            title = title or url
        if not title or url is None:
            return None
        if not url:
            return title, url
        return title, self._site_path(url)

    def _site_path(self, url: str) -> str:
        """A link of the new site as a path of the site ('/about/'), as site.yaml and front matter take it."""
        base = self.config.base_path
        return "/" + url.removeprefix(base) if url.startswith(base) else url


def _embed_titles(item: Item) -> dict[str, str]:
    """The titles WordPress cached for a post's embeds (_oembed_* postmeta holds the embed's HTML)."""
    titles = {}
    for key, value in item.meta.items():
        if key.startswith("_oembed_") and not key.startswith("_oembed_time_"):
            found = re.search(r'title="([^"]+)"', value)
            url = re.search(r'(?:src|href)="(https?://[^"]+)"', value)
            if found and url:
                titles[html.unescape(url.group(1))] = html.unescape(found.group(1))
    return titles


def with_menu(site_yaml: str, menu: list[MenuItem], footer: list[MenuItem]) -> str | None:
    """site.yaml's text with the imported menu and footer links added at its end; None when there is nothing
    to add. A key site.yaml already has is never replaced (the editor's menu stays)."""
    added = {}
    for key, entries in (("menu", menu), ("footer_links", footer)):
        if entries and not re.search(rf"^{key}\s*:", site_yaml, re.MULTILINE):
            added[key] = [entry.as_yaml() for entry in entries]
    if not added:
        return None
    block = yaml.safe_dump(added, allow_unicode=True, sort_keys=False, width=1000)
    spacer = "" if not site_yaml or site_yaml.endswith("\n") else "\n"
    return f"{site_yaml}{spacer}# The navigation of the WordPress site (cseas-build import wordpress).\n{block}"


def site_outputs(root: Path, config: Config, ours: set[str]) -> dict[str, str]:
    """The output files the site's own articles (those the importer did not write) and static files take:
    an imported post must not take one of their addresses."""
    content = root / "content"
    if not content.is_dir():
        return {}
    sources, _ = find_content(content)
    theirs = [source for source in sources if source.file.relative_to(root).as_posix() not in ours]
    urls = Urls(config)
    taken = {file.path: f"static/{file.path}" for file in find_static(root / "static")[0]}
    for parsed in load_all(theirs, config, jobs=1):
        article = parsed.article()
        if article is not None:
            taken[output_path(urls.article_path(article))] = article.path
            taken.update((alias_path(alias), f"an alias of {article.path}") for alias in article.aliases)
    return taken


def import_wordpress(
    export_file: Path,
    root: Path,
    config: Config,
    uploads: Path | None,
    force: bool,
    comments: bool = False,
    menu: str | None = None,
) -> Report:
    """Read the whole export first (a malformed one writes nothing), then write posts, pages, uploads, the
    menu and the list of missing media."""
    export = read_export(export_file)
    writer = ImportWriter(root, force)
    planner = Planner(export, config, uploads, comments, site_outputs(root, config, set(writer.manifest)))
    planner.plan()
    header, footer = planner.menus(menu)
    config_file = root / "content" / "site.yaml"
    current = config_file.read_text(encoding="utf-8") if config_file.is_file() else ""
    new_config = with_menu(current, header, footer)
    if header and (new_config is None or not re.search(r"^menu\s*:", new_config[len(current) :], re.MULTILINE)):
        planner.report.menu += "; site.yaml already has a menu: kept"
    missing = missing_list(planner.report.missing)
    extra = [f"content/{MANIFEST}", MISSING_LIST] + (["content/site.yaml"] if new_config else [])
    writer.check([*planner.files, *planner.copies, *extra])
    planner.report.warnings += writer.warnings
    for relative, data in sorted(planner.files.items()):
        writer.write(relative, data)
    for relative, source in sorted(planner.copies.items()):
        writer.write(relative, source.read_bytes())
    if new_config is not None:
        writer.write_own("content/site.yaml", new_config.encode("utf-8"))
    if planner.report.missing or (root / MISSING_LIST).is_file():
        writer.write_own(MISSING_LIST, missing.encode("utf-8"))
    planner.report.outcome = writer.finish()
    return planner.report


def missing_list(missing: dict[str, tuple[str, list[str]]]) -> str:
    """The uploads the import could not copy, as a curl config file: each old URL and the file it goes to, so
    one command fetches them all into static/uploads/ (then build again)."""

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "# Media the WordPress import could not copy, with the file each one goes to.",
        f"# Fetch them all, in the site folder: curl --create-dirs --fail --parallel --config {MISSING_LIST}",
        f"# {len(missing)} missing" + ("" if missing else ": nothing to fetch"),
    ]
    for relative, (url, _) in sorted(missing.items()):
        lines += [f"url = {quoted(url)}", f"output = {quoted(f'static/{UPLOADS}/{relative}')}"]
    return "\n".join(lines) + "\n"


def format_report(report: Report, export_file: Path, trial: str) -> str:
    """The report printed at the end of an import: what was done, then the editor's checklist."""
    lines = [f"Imported {export_file}:"]
    lines += [f"  {kind}/{status}: {count}" for (kind, status), count in sorted(report.counts.items())]
    outcome = report.outcome
    lines.append(
        f"Files: {len(outcome.written)} written, {len(outcome.unchanged)} unchanged, "
        f"{len(outcome.kept)} kept because they were edited by hand (use --force to replace them)"
    )
    lines += [f"  kept: {path}" for path in outcome.kept]
    lines.append(f"Media: {report.media_copied} copied, {len(report.missing)} missing")
    comments = ", ".join(f"{n} {kind}" for kind, n in sorted(report.comments.items())) or "none"
    lines.append(f"Comments: {comments}; {report.comments_kept} approved comments kept")
    if report.menu:
        lines.append(f"Menu: {report.menu}")
    lines.append("")
    lines.append("Checklist:")
    lines.append(f"  [{'x' if trial.startswith('the imported site builds') else ' '}] Trial build: {trial}")
    lines.append(_check(not report.missing, f"{len(report.missing)} media files are missing: {MISSING_LIST} lists "
                 "each URL and where it goes (fetch them into static/uploads/, then build)"))  # fmt: skip
    for url, posts in sorted(report.missing.values()):
        lines.append(f"      missing: {url} (used by {'; '.join(posts)})")
    sections = (
        ("posts and pages skipped", report.skipped),
        (f"problems that would stop the build (those posts are in {REJECTED}/: fix them, then move them into "
         "content/)", report.rejected),
        ("slugs renamed (the site or another post uses them)", report.renamed),
        ("old addresses without a redirect", report.dropped_aliases),
        ("links to the old site with no page here (they now point at the same path on this site)",
         report.unmatched_links),
        ("warnings", report.warnings),
    )  # fmt: skip
    for title, entries in sections:
        lines.append(_check(not entries, f"{len(entries)} {title}"))
        lines += [f"      {entry}" for entry in entries]
    other = {k: n for k, n in report.counts.items() if k[0] not in CONTENT_TYPES}
    lines.append(
        "  [x] Not content: "
        + (", ".join(f"{n} {kind}" for (kind, _), n in sorted(other.items())) or "nothing")
        + " (attachments are copied where posts use them; menu items make the menu)"
    )
    lines.append("")
    lines.append("Next: cseas-build serve (look the site over), then cseas-build check (every link).")
    return "\n".join(lines)


def _check(done: bool, text: str) -> str:
    return f"  [{'x' if done else ' '}] {text}"
