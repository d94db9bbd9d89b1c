"""Command line: parse arguments, run a command, print problems, set the exit status."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__, progress
from .archive.urls import Urls
from .build import SitePaths, build
from .errors import Problem, SiteError, display_path, errors_in
from .load.fields import Parsed
from .load.loader import Source, load_config, load_file
from .write.writer import OutputError

COMMANDS = ("build", "inspect", "import", "new", "check", "serve")


def _root(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help=help)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cseas-build",
        description="Build a static news archive from content/ (Markdown and raw text reports).",
        epilog="Without a command, 'build' runs. 'cseas-build COMMAND --help' explains each command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    b = commands.add_parser("build", help="build the site into the output folder (default)",
                            description="Build the site whose root holds content/ into build/.")  # fmt: skip
    _root(b, "site root holding content/ (default: .)")
    b.add_argument("--output", type=Path, help="output folder (default: ROOT/build)")
    b.add_argument("--drafts", action="store_true", help="include drafts and future-dated articles")
    b.add_argument("--force", action="store_true", help="replace a non-empty output folder not written by cseas-build")
    b.add_argument("--quiet", action="store_true", help="print nothing but problems")
    b.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    b.add_argument("--no-cache", action="store_true", help="ignore what the last build knew: a full, cold build")
    b.add_argument("--verbose", action="store_true", help="also print the seconds each stage took")
    b.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="processes to use (default: all cores)"
    )
    b.set_defaults(run=_run_build)
    i = commands.add_parser("inspect", help="print parsed articles as JSON",
                            description="Print what the loader reads from each file, as a JSON array.")  # fmt: skip
    i.add_argument("files", nargs="+", type=Path, metavar="FILE")
    _root(i, "site root whose content/site.yaml applies")
    i.set_defaults(run=_run_inspect)
    new = commands.add_parser(
        "new", help="start a new article", description="Write content/<slug>.md with front matter."
    )
    new.add_argument("title", metavar="TITLE")
    _root(new, "site root")
    new.add_argument("--tag", action="append", default=[], metavar="T", help="a tag (repeat for more)")
    new.add_argument("--source", help="the news agency")
    new.add_argument("--category", help="the category")
    new.add_argument("--lang", help="the language code (en, id ...)")
    new.set_defaults(run=_run_new)
    srv = commands.add_parser(
        "serve",
        help="build, serve on this machine, rebuild and reload on every change",
        description="Build the site, serve it over HTTP, rebuild what changed on every save and reload open tabs.",
    )
    _root(srv, "site root")
    srv.add_argument("--bind", default="127.0.0.1", help="address to listen on (default: this machine only)")
    srv.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    srv.add_argument("--drafts", action="store_true", help="include drafts and future-dated articles")
    srv.add_argument("--no-search", action="store_true", help="skip the search index (faster rebuilds)")
    srv.set_defaults(run=_run_serve)
    chk = commands.add_parser(
        "check",
        help="lint content and check every link, publishing nothing",
        description="Lint the content and check every internal link of a trial build.",
    )
    _root(chk, "site root")
    chk.add_argument("--drafts", action="store_true", help="include drafts and future-dated articles")
    chk.set_defaults(run=_run_check)
    imp = commands.add_parser(
        "import",
        help="turn other formats into content files",
        description="Turn a WordPress export or raw text reports into Markdown content files.",
    )
    kinds = imp.add_subparsers(dest="kind", metavar="KIND", required=True)
    wp = kinds.add_parser(
        "wordpress",
        help="import a WordPress export (WXR 1.0-1.2)",
        description="Import posts, pages and their images from a WordPress export file.",
    )
    wp.add_argument("export", type=Path, metavar="EXPORT.xml")
    _root(wp, "site root (content/ is written there)")
    wp.add_argument("--uploads", type=Path, help="a local copy of wp-content/uploads to take images from")
    wp.add_argument("--force", action="store_true", help="also replace files edited by hand since the last import")
    wp.set_defaults(run=_run_import_wordpress)
    tx = kinds.add_parser(
        "text",
        help="turn raw text reports into Markdown with front matter",
        description="Write what the loader reads from raw text reports as Markdown files.",
    )
    tx.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    _root(tx, "site root (content/ is written there)")
    tx.add_argument("--force", action="store_true", help="also replace files edited by hand since the last import")
    tx.set_defaults(run=_run_import_text)
    return parser


def print_problems(problems: Sequence[Problem]) -> None:
    """Print each problem on stderr as path:line: message, sorted."""
    for problem in sorted(problems):
        print(problem, file=sys.stderr)


def _run_build(args: argparse.Namespace) -> int:
    root = args.root
    paths = SitePaths(root, args.output if args.output is not None else root / "build")
    progress.enabled = sys.stderr.isatty() and not args.quiet
    report = build(
        paths,
        drafts=args.drafts,
        force=args.force,
        search=not args.no_search,
        jobs=max(1, args.jobs),
        cache=not args.no_cache,
        notify=_to_stderr,
    )
    if report.unchanged:
        if not args.quiet:
            print(f"Nothing changed since the last build; {display_path(paths.output)} is up to date.")
        return 0
    if args.verbose:
        print("Stages: " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in report.timings.items()))
    if not args.quiet:
        print_problems(report.warnings)
        warned = f", {len(report.warnings)} warnings" if report.warnings else ""
        articles = _count(report.articles, "article")
        done = (
            f"Updated {_count(report.files, 'file')} ({_count(report.pages, 'page')}) of {articles}"
            if report.incremental
            else f"Built {articles} and {_count(report.pages, 'page')} ({_count(report.files, 'file')})"
        )
        print(f"{done} in {display_path(paths.output)} in {report.seconds:.2f} s{warned}.")
        print(
            f"Preview: python3 -m http.server --directory {display_path(paths.output)} 8000, then open http://127.0.0.1:8000/"
        )
    return 0


def _to_stderr(message: str) -> None:
    print(f"cseas-build: {message}", file=sys.stderr)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


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


def _run_inspect(args: argparse.Namespace) -> int:
    config = load_config(args.root / "content")
    urls = Urls(config)
    records, problems = [], []
    for file in args.files:
        if not file.is_file():
            problems.append(Problem(str(file), 1, "no such file"))
            continue
        parsed = load_file(Source(file, display_path(file)), config)
        records.append(as_json(parsed, urls))
        problems += parsed.problems
    print(json.dumps(records, ensure_ascii=False, indent=2))
    print_problems(problems)
    return 1 if errors_in(problems) else 0


# Commands other than build import their modules when run: a build should not pay for them.


def _run_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args.root, args.bind, args.port, args.drafts, not args.no_search, _to_stderr)


def _run_new(args: argparse.Namespace) -> int:
    from .authoring import ContentExists, new_article

    try:
        path = new_article(args.root, args.title, args.tag, args.source, args.category, args.lang)
    except ContentExists as exc:
        print(f"cseas-build: {exc}", file=sys.stderr)
        return 1
    print(display_path(path))
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from .authoring import check_site

    report = check_site(args.root, args.drafts)
    print_problems(report.problems)
    if report.external:
        print(f"{len(report.external)} external links (not fetched):")
        for link in report.external:
            print(f"  {link}")
    errors = len(errors_in(report.problems))
    print(f"{errors} errors, {len(report.problems) - errors} warnings.")
    return 1 if errors else 0


def _run_import_wordpress(args: argparse.Namespace) -> int:
    from .importers.wordpress import format_report, import_wordpress
    from .importers.wxr import ExportError

    config = load_config(args.root / "content")
    try:
        report = import_wordpress(args.export, args.root, config, args.uploads, args.force)
    except ExportError as exc:
        print(f"{exc}; nothing was written", file=sys.stderr)
        return 1
    print(format_report(report, args.export))
    return 0


def _run_import_text(args: argparse.Namespace) -> int:
    from .importers.text import import_text

    config = load_config(args.root / "content")
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print_problems([Problem(str(p), 1, "no such file or folder") for p in missing])
        return 1
    report = import_text(args.paths, args.root, config, args.force)
    outcome = report.outcome
    for path in outcome.written:
        print(f"wrote {path}")
    for entry in report.moved:
        print(f"moved {entry}")
    for path in outcome.kept:
        print(f"kept {path}: edited by hand since the last import (use --force to replace it)")
    print_problems(report.problems)
    print(f"{len(outcome.written)} written, {len(outcome.unchanged)} unchanged, {len(outcome.kept)} kept.")
    return 1 if errors_in(report.problems) else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run cseas-build; return the exit status (0 ok, 1 bad content or config, 2 usage)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0] not in (*COMMANDS, "-h", "--help", "--version"):
        args_list.insert(0, "build")
    args = _parser().parse_args(args_list)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except SiteError as exc:
        print_problems(exc.problems)
        print(f"cseas-build: {len(errors_in(exc.problems))} problems found; nothing was published.", file=sys.stderr)
        return 1
    except OutputError as exc:
        print(f"cseas-build: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # e.g. an unreadable templates/ folder: a clear line, never a traceback
        where = f": {exc.filename}" if exc.filename else ""
        print(f"cseas-build: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
