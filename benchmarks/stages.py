"""What every build pays before it renders anything: CPU seconds of listing the files, loading the parse cache,
collating and planning every task, and (with --memory) what the parse records and the plan hold.

    python benchmarks/stages.py --root /work/bench/news10k/cseas-nosearch [--repeat 3] [--memory]

Run it on a site built once (so the parse cache is there); it builds nothing and writes nothing. These are
the stages an edit build repeats in full whatever the edit (see benchmarks/RESULTS.md). The first run is what
a `cseas-build` process pays; later runs in the same process take the parse cache from memory, as `serve` does.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

from cseas_site import pipeline
from cseas_site.archive.collate import collate
from cseas_site.archive.urls import Urls
from cseas_site.cache import open_cache
from cseas_site.config import SitePaths
from cseas_site.load.loader import find_site_files, load_config
from cseas_site.output.i18n import available as catalogs
from cseas_site.output.plan import plan_outputs


def stages(paths: SitePaths, memory: bool) -> dict[str, float]:
    """Run the stages once; return CPU seconds (and MB held, with memory) by stage."""
    found: dict[str, float] = {}
    clock = time.process_time()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.process_time()
        found[name] = now - clock
        clock = now

    config, files = load_config(paths.content), find_site_files(paths)
    lap("list files")
    if memory:
        tracemalloc.start()
    known = open_cache(paths, True, config, files, (False, False, paths.output.name))
    chosen = pipeline.select(known.parse(files.content, config, 1), files.problems, False, datetime.now(UTC))
    if memory:
        found["records MB"] = tracemalloc.get_traced_memory()[0] / 1e6
    lap("load")
    archive = collate(chosen.articles, urls := Urls(config), catalogs(files.locales))
    lap("collate")
    before = tracemalloc.get_traced_memory()[0] if memory else 0
    plan = plan_outputs(archive, config, urls, files, known.render_key, False,
                        groups=pipeline.last_groups(paths.output, known.previous))  # lists kept as a build keeps them
    lap("plan")
    if memory:
        found["plan MB"] = (tracemalloc.get_traced_memory()[0] - before) / 1e6
        tracemalloc.stop()
    found["tasks"] = len(plan.every_task())
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="also trace memory (slower; one run)")
    args = parser.parse_args()
    paths = SitePaths(args.root, args.root / "build").real()
    gc.disable()  # as a build does while it makes its records (pipeline.collector_paused)
    runs = [stages(paths, args.memory) for _ in range(1 if args.memory else args.repeat)]
    print(f"{'':12} " + " ".join(f"{f'run {n + 1}':>9}" for n in range(len(runs))))
    for name in runs[0]:
        print(f"{name:12} " + " ".join(f"{run[name]:9.3f}" for run in runs))


if __name__ == "__main__":
    main()
