"""The pipeline: config -> content -> cache check -> parse -> validate -> collate -> plan outputs -> publish -> save.

Each stage lives in its own folder (load/, archive/, output/, write/) and the cache in cache/; this module
only calls them in order (see docs/architecture.md)."""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .archive.collate import collate
from .archive.urls import Urls
from .cache import open_cache
from .config import SitePaths
from .errors import Problem, SiteError, errors_in, warnings_in
from .load.loader import find_content, find_static, load_config
from .load.parsed import Parsed
from .models import Article
from .output.plan import plan_outputs
from .output.render import theme_dirs
from .write.publish import Published, publish


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: counts, warnings and seconds per stage."""

    articles: int
    files: int
    pages: int
    warnings: tuple[Problem, ...]
    timings: dict[str, float] = field(default_factory=dict)
    unchanged: bool = False  # nothing changed since the last build: the output was left as it was
    incremental: bool = False  # only changed files were written: files and pages count those

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())

    @classmethod
    def of(
        cls, articles: int, published: Published, warnings: Sequence[Problem], timings: dict[str, float]
    ) -> BuildReport:
        """Count what a publish changed (every file, after a full build)."""
        pages = sum(1 for path in published.changed if path.endswith(".html"))
        changed = len(published.changed)
        return cls(articles, changed, pages, tuple(warnings), timings, incremental=published.incremental)


@dataclass(frozen=True, slots=True)
class Selection:
    """The articles a build publishes, its warnings, and when the next scheduled article becomes due."""

    articles: list[Article]
    warnings: list[Problem]
    next_due: float | None  # epoch seconds; None when nothing is scheduled (or drafts are built anyway)


def build(
    paths: SitePaths,
    *,
    drafts: bool = False,
    force: bool = False,
    search: bool = True,
    jobs: int = 1,
    cache: bool = True,
    notify: Callable[[str], None] = print,
) -> BuildReport:
    """Build the site at paths.root into paths.output; raise SiteError listing every content problem."""
    clock, now = Stopwatch(), datetime.now(UTC)
    with collector_paused():
        config = load_config(paths.content)
        files, problems = find_content(paths.content)
        static, theme = find_static(paths.static), theme_dirs(paths.templates)
        known = open_cache(paths, cache, config, files, static, theme, (drafts, search, paths.output.name))
        if not problems and known.up_to_date(now):
            return BuildReport(known.articles, 0, 0, (), clock.lap("check"), unchanged=True)
        chosen = select(known.parse(files, config, jobs), problems, drafts, now)
        clock.lap("load")
        urls = Urls(config)
        archive = collate(chosen.articles, urls)
        clock.lap("collate")
        plan = plan_outputs(archive, config, urls, theme, static, known.render_key, search, known.compiled_templates())
    published = publish(paths.output, plan.tasks, plan.search, known.previous, protected=paths.inputs, force=force,
                        jobs=jobs, notify=notify)  # fmt: skip
    clock.lap("render+write")
    known.save(published.trees, len(archive.articles), chosen.next_due)
    return BuildReport.of(len(archive.articles), published, chosen.warnings, clock.lap("save"))


def select(parsed: list[Parsed], problems: list[Problem], drafts: bool, now: datetime) -> Selection:
    """Keep the articles that are neither drafts nor dated in the future, unless drafts are wanted; raise
    SiteError when any file (or the listing of content/) has an error."""
    problems = [*problems, *(p for item in parsed for p in item.problems)]
    if errors_in(problems):
        raise SiteError(problems)
    articles = [a for a in (p.article() for p in parsed) if a is not None]
    if drafts:
        return Selection(articles, warnings_in(problems), None)
    scheduled = [a.date.timestamp() for a in articles if not a.draft and a.date > now]
    kept = [a for a in articles if not a.draft and a.date <= now]
    return Selection(kept, warnings_in(problems), min(scheduled, default=None))


class Stopwatch:
    """Seconds per stage, for --verbose."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.clock = time.perf_counter()

    def lap(self, stage: str) -> dict[str, float]:
        """Record the seconds since the last lap as ``stage``; return every stage so far."""
        now = time.perf_counter()
        self.timings[stage] = now - self.clock
        self.clock = now
        return self.timings


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a build makes its records, which hold no cycles: on 10,000 articles
    its passes over the loaded cache cost a tenth of an incremental build. Then the records are frozen (left
    out of later passes, still freed as usual) so they are not all scanned at the first pass after. The last
    build's frozen objects are unfrozen and collected first, so a long-running `serve` collects their cycles
    (a Jinja environment has some). Workers turn the collector back on (workers.fork_pool)."""
    was_on = gc.isenabled()
    if gc.get_freeze_count():  # a long-running `serve`: what the last build froze may be garbage by now
        gc.unfreeze()
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()
