"""CPU time of rendering pages, by kind, in one process: what a page costs once the archive is planned.

    python benchmarks/render.py --root /work/bench/news10k/cseas-nosearch [--pages 2000]

Run it on a site built once (so the parse cache is there); it writes nothing. It plans the site as a build does,
then makes the first --pages list pages and the first --pages article pages (bytes only, not written) and
prints the CPU milliseconds per page. A page's first teasers and feed bodies are made here too, as in a cold
build. Compare two installs by running each on its own copy of a corpus, alternately.
"""

from __future__ import annotations

import argparse
import gc
import time
from datetime import UTC, datetime
from pathlib import Path

from cseas_site import pipeline
from cseas_site.archive.collate import collate
from cseas_site.archive.urls import Urls
from cseas_site.cache import open_cache
from cseas_site.config import SitePaths
from cseas_site.load.loader import find_site_files, load_config
from cseas_site.models import Task
from cseas_site.output.i18n import available as catalogs
from cseas_site.output.plan import plan_outputs


def planned(paths: SitePaths) -> list[Task]:
    """Every task of the site, planned as a build plans them (without search)."""
    config, files = load_config(paths.content), find_site_files(paths)
    known = open_cache(paths, True, config, files, (False, False, paths.output.name))
    chosen = pipeline.select(known.parse(files.content, config, 1), files.problems, False, datetime.now(UTC))
    archive = collate(chosen.articles, urls := Urls(config), catalogs(files.locales))
    return list(plan_outputs(archive, config, urls, files, known.render_key, False).tasks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    paths = SitePaths(args.root, args.root / "build").real()
    gc.disable()  # as a build does while it plans
    tasks = planned(paths)
    gc.enable()
    kinds = {
        "list pages": [t for t in tasks if t.origin.endswith(" list")][: args.pages],
        "article pages": [t for t in tasks if t.origin.endswith((".md", ".txt"))][: args.pages],
    }
    for name, chosen in kinds.items():
        started, size = time.process_time(), 0
        for task in chosen:
            size += len(task.make().data)
        spent = time.process_time() - started
        print(f"{name:14} {len(chosen):6} pages  {spent * 1000 / max(1, len(chosen)):6.3f} ms CPU a page"
              f"  {size // max(1, len(chosen)):7} bytes a page")  # fmt: skip


if __name__ == "__main__":
    main()
