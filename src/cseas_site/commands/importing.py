"""`cseas-build import wordpress|text`: other formats -> content files, with a report for the editor."""

from __future__ import annotations

import argparse
import sys

from ..errors import Problem, errors_in
from ..load.loader import load_config
from .common import print_problems


def run_wordpress(args: argparse.Namespace) -> int:
    """Import a WordPress export; a malformed export writes nothing."""
    from ..importers.wordpress import format_report, import_wordpress
    from ..importers.wxr import ExportError

    config = load_config(args.root / "content")
    try:
        report = import_wordpress(args.export, args.root, config, args.uploads, args.force)
    except ExportError as exc:
        print(f"{exc}; nothing was written", file=sys.stderr)
        return 1
    print(format_report(report, args.export))
    return 0


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
