"""`cseas-build inspect FILE...`: what the loader reads from each file, as JSON (problems on stderr)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..archive.urls import Urls
from ..errors import Problem, display_path, errors_in
from ..load.loader import ContentFile, load_config, load_file
from ..load.parsed import Parsed
from .common import print_problems


def as_json(parsed: Parsed, urls: Urls) -> dict[str, Any]:
    """Describe a parsed file with the keys the inspect command promises."""
    article = parsed.article()
    return {
        "path": parsed.path,
        "title": parsed.title,
        "slug": parsed.slug,
        "url": urls.article(article) if article is not None else None,
        "date": parsed.date.isoformat() if parsed.date else None,
        "updated": parsed.updated.isoformat() if parsed.updated else None,
        "source": list(parsed.sources),
        "author": list(parsed.authors),
        "category": list(parsed.categories),
        "tags": list(parsed.tags),
        "lang": parsed.lang,
        "summary": parsed.summary,
        "draft": parsed.draft,
        "body_html": parsed.body_html,
    }


def run(args: argparse.Namespace) -> int:
    """Print the JSON array of every readable file; exit 1 when a file has an error."""
    config = load_config(args.root / "content")
    urls = Urls(config)
    records, problems = [], []
    for file in args.files:
        if not file.is_file():
            problems.append(Problem(str(file), 1, "no such file"))
            continue
        parsed = load_file(ContentFile(str(file), display_path(file)), config)
        records.append(as_json(parsed, urls))
        problems += parsed.problems
    print(json.dumps(records, ensure_ascii=False, indent=2))
    print_problems(problems)
    return 1 if errors_in(problems) else 0
