"""`cseas-build new "TITLE"`: start an article file with its front matter filled in."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

import yaml

from ..errors import display_path
from ..load.loader import load_config
from ..load.validate import PLACEHOLDER
from ..slugs import safe_slug
from ..write.writer import create_new
from .common import say


class NewRefused(Exception):
    """`new` writes nothing: the title makes no file name, or the file exists; the message says what to do."""


def site_root(start: Path) -> Path | None:
    """The site that ``start`` is in, as git finds a repository: the first of start and its parents that holds
    a content/ folder (so `new` run inside content/2016/ still writes into the site's own content/)."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / "content").is_dir():
            return folder
    return None


def new_article(root: Path, title: str, tags: list[str], source: str | None, category: str | None,
                lang: str | None, publish: bool = False, now: datetime | None = None) -> Path:  # fmt: skip
    """Write content/<slug>.md with front matter filled in and a placeholder body, as a draft unless
    ``publish``; refuse to overwrite. The build refuses to publish the placeholder (load/validate.py)."""
    config = load_config(root / "content")
    slug = safe_slug(title)
    if not slug:
        raise NewRefused(f"the title {title!r} leaves nothing for a file name; use other words")
    target = root / "content" / f"{slug}.md"
    when = (now or datetime.now(config.tz)).astimezone(config.tz)
    meta: dict[str, object] = {"title": title, "date": when.strftime("%Y-%m-%d %H:%M")}
    for key, value in (("source", source), ("category", category), ("lang", lang)):
        if value:
            meta[key] = value
    if tags:
        meta["tags"] = tags
    if not publish:
        meta["draft"] = True
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + f"---\n{PLACEHOLDER}\n"
    try:
        create_new(target, text.encode("utf-8"))  # never overwrites, even in a race
    except FileExistsError:
        raise NewRefused(f"{display_path(target)} already exists; choose another title or edit that file") from None
    return target


def run(args: argparse.Namespace) -> int:
    """Write the file; say where, and how to publish it."""
    root = args.root if args.root is not None else site_root(Path.cwd())
    if root is None or not (root / "content").is_dir():
        where = display_path(root) if root is not None else f"{Path.cwd()} or a folder above it"
        say(f"no site here: there is no content/ folder in {where}; run it inside a site, or pass --root SITE")
        return 1
    try:
        path = new_article(root, args.title, args.tag, args.source, args.category, args.lang, args.publish)
    except NewRefused as exc:
        say(str(exc))
        return 1
    print(f"Wrote {display_path(path)}.")
    if args.publish:
        print("Replace the placeholder text with the article: until then the build refuses to publish it.")
    else:
        print("It is a draft: write the article, then remove the line 'draft: true' to publish it.")
    return 0
