"""`cseas-build import wordpress|text`: other formats -> content files, with a report for the editor."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import Problem, errors_in
from ..load.loader import load_config
from .common import print_problems


def run_wordpress(args: argparse.Namespace) -> int:
    """Import a WordPress export (a malformed one writes nothing), then try building the imported site: the
    exit status says whether it builds."""
    from ..importers.wordpress import format_report, import_wordpress
    from ..importers.wxr import ExportError

    config = load_config(args.root / "content")
    uploads = args.uploads
    if uploads is not None and (uploads / "wp-content" / "uploads").is_dir():
        uploads = uploads / "wp-content" / "uploads"  # the root of a site backup
    if uploads is not None and not uploads.is_dir():
        print_problems([Problem(str(args.uploads), 1, "--uploads: no such folder")])
        return 1
    try:
        report = import_wordpress(args.export, args.root, config, uploads, args.force, args.comments, args.menu)
    except ExportError as exc:
        print(f"{exc}; nothing was written", file=sys.stderr)
        return 1
    builds, verdict, problems = trial_build(args.root)
    print(format_report(report, args.export, verdict))
    if problems:
        print_problems(problems)
    return 0 if builds else 1


def trial_build(root: Path) -> tuple[bool, str, tuple[Problem, ...]]:
    """Build the site (drafts included, no search index) into a scratch folder that is then removed: nothing
    is published. Whether it builds, the verdict in words, and the problems that stop it."""
    from ..config import SitePaths
    from ..errors import SiteError
    from ..pipeline import build
    from ..write.writer import scratch_folder

    with scratch_folder("cseas-trial-") as folder:
        try:
            report = build(SitePaths(root, folder / "build"), drafts=True, search=False, cache=False, notify=_quiet)
        except SiteError as exc:
            errors = errors_in(exc.problems)
            return False, f"the imported site does not build: {len(errors)} problems, listed below", tuple(errors)
    return True, f"the imported site builds ({report.articles} articles and pages, {report.pages} pages)", ()


def _quiet(_: str) -> None:
    """Trial builds say nothing while they run."""


def run_text(args: argparse.Namespace) -> int:
    """Turn raw text reports into Markdown files and say what was written, moved and kept."""
    from ..importers.text import import_text

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
