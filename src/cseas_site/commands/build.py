"""`cseas-build [build]`: build the site into the output folder and say what was done."""

from __future__ import annotations

import argparse
import sys

from .. import progress
from ..config import SitePaths
from ..errors import display_path
from ..pipeline import BuildReport, build
from .common import count, print_problems, say


def run(args: argparse.Namespace) -> int:
    """Build, then print what changed (or that nothing did), the warnings and how to preview the site.
    ``args.resident``: the process builds again and again (the build daemon: daemon.py)."""
    root = args.root
    paths = SitePaths(root, args.output)  # (ROOT/build unless --output: cli.parse)
    progress.enabled = sys.stderr.isatty() and not args.quiet
    report = build(
        paths,
        drafts=args.drafts,
        force=args.force,
        search=not args.no_search,
        jobs=max(1, args.jobs),
        cache=not args.no_cache,
        notify=say,
        resident=args.resident,
    )
    if args.verbose:
        print("Stages: " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in report.timings.items()))
        if report.images:
            kept = report.images - report.images_made
            print(f"Images: {count(report.images, 'image')} shown, {report.images_made} made, {kept} from the cache.")
    if args.quiet:
        return 0
    output = display_path(paths.output)
    articles = count(report.articles, "article")
    if report.unchanged:
        print(f"Nothing changed since the last build of {articles}; {output} is up to date.")
        return 0
    print_problems(report.warnings)
    warned = f", {count(len(report.warnings), 'warning')}" if report.warnings else ""
    done = (
        f"Updated {count(report.files, 'file')} ({count(report.pages, 'page')}) of {articles}"
        if report.incremental
        else f"Built {articles} and {count(report.pages, 'page')} ({count(report.files, 'file')})"
    )
    print(f"{done} in {output} in {report.seconds:.2f} s{warned}.")
    left_out = left_out_of(report)
    if left_out:
        print(left_out)
    print(f"Preview: python3 -m http.server --directory {output} 8000, then open http://127.0.0.1:8000/")
    return 0


def left_out_of(report: BuildReport) -> str:
    """What the build did not publish, and when it will: drafts, and articles scheduled for later."""
    parts = []
    if report.drafts:
        parts.append(f"{count(report.drafts, 'draft')} (publish one by removing 'draft: true'; --drafts previews all)")
    if report.scheduled and report.next_due is not None:
        when = report.next_due.strftime("%Y-%m-%d %H:%M %z")
        later = count(report.scheduled, "article")
        parts.append(f"{later} scheduled for later (the next is due {when}; a build after that publishes it)")
    return f"Left out: {'; '.join(parts)}." if parts else ""
