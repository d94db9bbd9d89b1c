"""`cseas-build new "TITLE"`: start an article file with its front matter filled in."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

import yaml

from ..errors import display_path
from ..load.loader import load_config
from ..slugs import safe_slug
from ..write.writer import create_new
from .common import say


class ContentExists(Exception):
    """`new` refuses to overwrite a file."""


def new_article(root: Path, title: str, tags: list[str], source: str | None, category: str | None,
                lang: str | None, now: datetime | None = None) -> Path:  # fmt: skip
    """Write content/<slug>.md with front matter filled in; refuse to overwrite."""
    config = load_config(root / "content")
    slug = safe_slug(title)
    if not slug:
        raise ContentExists(f"the title {title!r} leaves nothing for a file name; use other words")
    target = root / "content" / f"{slug}.md"
    if target.exists():
        raise ContentExists(f"{display_path(target)} already exists; choose another title or edit that file")
    when = (now or datetime.now(config.tz)).astimezone(config.tz)
    meta: dict[str, object] = {"title": title, "date": when.strftime("%Y-%m-%d %H:%M")}
    for key, value in (("source", source), ("category", category), ("lang", lang)):
        if value:
            meta[key] = value
    meta["tags"] = tags
    meta["summary"] = ""
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\nWrite the article here.\n"
    try:
        create_new(target, text.encode("utf-8"))  # never overwrites, even in a race
    except FileExistsError:
        raise ContentExists(f"{display_path(target)} already exists; choose another title or edit that file") from None
    return target


def run(args: argparse.Namespace) -> int:
    """Write the file and print its path."""
    try:
        path = new_article(args.root, args.title, args.tag, args.source, args.category, args.lang)
    except ContentExists as exc:
        say(str(exc))
        return 1
    print(display_path(path))
    return 0
