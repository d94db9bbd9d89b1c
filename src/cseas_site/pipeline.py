"""The pipeline: config -> content -> cache check -> parse -> validate -> collate -> plan outputs -> publish -> save.

Each stage lives in its own folder (load/, archive/, output/, write/) and the cache in cache/; this module
only calls them in order (see docs/architecture.md)."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from itertools import chain
from operator import attrgetter
from pathlib import Path

from .archive.collate import collate
from .archive.urls import Urls
from .cache import open_cache
from .cache.bodies import BODIES_IN_MEMORY, Bodies
from .cache.build_cache import Cache, Saved
from .cache.images import ImageStore
from .cache.listing import LISTING
from .cache.resident import RESIDENT, Resident
from .config import Config, SitePaths
from .errors import Problem, SiteError, errors_in, warnings_in
from .load.loader import SiteFiles, find_site_files, load_config
from .load.parsed import Parsed
from .media.catalog import Catalog
from .media.specs import Settings, avif_supported
from .models import Archive, Article, Body
from .output.i18n import available as catalogs
from .output.keys import Groups
from .output.pictures import image_uses
from .output.plan import plan_outputs
from .write.publish import Published, publish
from .write.publish import ready_standby as ready_standby_tree
from .write.trees import Trees, matches
from .write.writer import check_location, output_lock


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
    drafts: int = 0  # drafts left out
    scheduled: int = 0  # articles dated in the future, left out until then
    next_due: datetime | None = None  # when the first of them is due
    images: int = 0  # images the site shows
    images_made: int = 0  # of those, images whose derivatives were made (the others were in the cache)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())

    @classmethod
    def of(
        cls, chosen: Selection, archive: Archive, published: Published, timings: dict[str, float],
        images: tuple[int, int] = (0, 0),
    ) -> BuildReport:  # fmt: skip
        """Count what a publish changed (every file, after a full build) and what was left out; ``images``: the
        images shown and how many of them were made."""
        pages = sum(1 for path in published.changed if path.endswith(".html"))
        return cls(
            len(archive.articles), len(published.changed), pages, (*chosen.warnings, *archive.warnings), timings,
            incremental=published.incremental, drafts=chosen.drafts, scheduled=chosen.scheduled,
            next_due=chosen.next_due, images=images[0], images_made=images[1],
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Selection:
    """The articles a build publishes, its warnings, and when the next scheduled article becomes due."""

    articles: list[Article]
    warnings: list[Problem]
    drafts: int = 0  # drafts left out
    scheduled: int = 0  # articles dated in the future, left out until then
    next_due: datetime | None = None  # when the first of them is due


def build(
    paths: SitePaths,
    *,
    drafts: bool = False,
    force: bool = False,
    search: bool = True,
    jobs: int = 1,
    cache: bool = True,
    notify: Callable[[str], None] = print,
    resident: bool = False,
    bodies_in_memory: int = BODIES_IN_MEMORY,
    publish_site: bool = True,
) -> BuildReport:
    """Build the site at paths.root into paths.output; raise SiteError listing every content problem.
    ``resident``: the process builds again and again (serve, the build daemon): what the build read stays in
    memory for the next one; otherwise the bodies are spilled to a file past ``bodies_in_memory`` bytes
    (cache/bodies.py). ``publish_site`` False: stop once every file is planned, writing nothing (warm_up)."""
    clock, now = Stopwatch(), datetime.now(UTC)
    check_location(paths.output, paths.inputs, force)  # its messages name the folder as it was given
    paths = paths.real()
    if resident:
        finish_saving()
    with contextlib.ExitStack() as locked:
        locked.enter_context(output_lock(paths.output, notify))  # from reading the cache to saving it
        with collector_paused(resident):
            config, files = load_config(paths.content), find_site_files(paths, LISTING.find if resident else None)
            known = open_cache(paths, cache, config, files, (drafts, search, paths.output.name), resident)
            if not files.problems and publish_site and known.up_to_date(now):
                return BuildReport(known.articles, 0, 0, (), clock.lap("check"), unchanged=True)
            parsed = known.parse(files.content, config, jobs)
            spill = paths.cache if cache and paths.cache.is_dir() else None
            bodies = Bodies(map(_BODY, parsed), spill, sys.maxsize if resident else bodies_in_memory)
            memory = RESIDENT if resident else None
            if memory is not None:
                memory.next_build()
            chosen = select(parsed, files.problems, drafts, now, bodies.keep, memory)
            bodies.finish()
            # the articles hold what the rest of the build needs of the parse results and of the content files
            # (listing 10,000 files alone grew the process by 15 MB)
            del parsed
            files = dataclasses.replace(files, content=[])
            clock.lap("load")
            urls = Urls(config, memory.paths(config.permalink) if memory is not None else None)
            languages = catalogs(files.locales)
            if memory is not None:
                archive = memory.collate(chosen.articles, urls, languages)
            else:
                archive = collate(chosen.articles, urls, languages)
            clock.lap("collate")
            if known.pieces is not None:
                known.pieces.site(partial(article_pages, archive.articles, urls))
            images = prepare_images(archive, urls, config, files, known.images, jobs, memory)
            clock.lap("images")
            plan = plan_outputs(archive, config, urls, files, known.render_key, search, known.compiled_templates(),
                                (images, known.images), last_groups(paths.output, known.previous),
                                known.template_refs, memory, known.pieces)  # fmt: skip
            clock.lap("plan")
            if not publish_site:
                return BuildReport(len(archive.articles), 0, 0, (), clock.timings, unchanged=True)
        published = publish(paths.output, plan.tasks, plan.search, known.previous, protected=paths.inputs,
                            force=force, jobs=jobs, groups=plan.groups, kept=plan.kept,
                            pieces=known.pieces, search_pages=known.search_pages())  # fmt: skip
        clock.lap("render+write")
        save = partial(_save, known, images, published.trees, len(archive.articles), chosen.next_due)
        if resident:  # the site is published: the cache is saved while the browser shows it, still locked
            _save_later(save, locked.pop_all())
        else:
            save()
            clock.lap("save")
    counts = (len(images.pictures), known.images.made)
    return BuildReport.of(chosen, archive, published, clock.timings, counts)


def warm_up(paths: SitePaths, *, drafts: bool = False, search: bool = True, jobs: int = 1) -> None:
    """Read a site as its last build left it into this process, as a resident build would, publishing nothing:
    the next resident build of the same flags takes the records, archive, lists and keys from memory (the build
    daemon, after the build that started it: daemon.py). Raises what a build raises."""
    build(paths, drafts=drafts, search=search, jobs=jobs, notify=lambda _: None, resident=True, publish_site=False)


def _save(known: Cache, images: Catalog, trees: Trees, articles: int, due: datetime | None) -> None:
    known.images.save(images)
    known.save(trees, articles, due)


def article_pages(articles: Sequence[Article], urls: Urls) -> set[str]:
    """The paths of the articles' pages (what the pieces of pages kept between builds are filed by)."""
    return set(map(urls.article_path, articles))


# A resident build (serve) saves its cache in a thread of its own once the site is published, and that thread
# releases the output lock when the cache is saved: the browser is told at once (the save took 0.05 s of an
# edit's 0.5 s at 10,000 articles), and no build, in this process or another, starts before the cache is saved.
_saving: list[tuple[threading.Thread, list[BaseException]]] = []


def _save_later(save: Callable[[], None], lock: contextlib.ExitStack) -> None:
    failed: list[BaseException] = []

    def run() -> None:
        with lock:
            try:
                save()
            except BaseException as exc:  # said by the next build (finish_saving)
                failed.append(exc)

    thread = threading.Thread(target=run, name="cseas-save")  # not a daemon: the process waits for it at exit
    _saving.append((thread, failed))
    thread.start()


def finish_saving() -> None:
    """Wait until the cache of the last resident build is saved; raise what saving it raised."""
    while _saving:
        thread, failed = _saving.pop()
        thread.join()
        if failed:
            raise failed[0]


def last_groups(output: Path, previous: Trees | None) -> Groups:
    """The task groups the live site was built with, when it is still the one the last build recorded (else
    none: every task is planned)."""
    if previous is None or not matches(output, previous.live):
        return Groups()
    return Groups(previous.live.groups, previous.live.keys)


def ready_standby(paths: SitePaths, notify: Callable[[str], None] = print) -> None:
    """After a full build, make the standby tree the next build starts from (write/publish.ready_standby), and
    record it in the cache. For ``serve``, while it waits for an edit: the first edit then costs what the
    others do. Nothing to do when the cache knows no build, or the standby is already there."""
    paths = paths.real()
    with output_lock(paths.output, notify):
        saved = Saved.read(paths.cache)
        if saved is not None:
            trees = ready_standby_tree(paths.output, saved.trees)
            if trees is not saved.trees:
                dataclasses.replace(saved, trees=trees).write(paths.cache)


def prepare_images(
    archive: Archive, urls: Urls, config: Config, files: SiteFiles, store: ImageStore, jobs: int,
    memory: Resident | None = None,
) -> Catalog:  # fmt: skip
    """Find every raster image a page shows and make the derivatives the store lacks (on ``jobs`` processes);
    raise SiteError naming each page line that shows an image that cannot be read. ``memory``: what the last
    build of this process found (cache/resident.py)."""
    settings = Settings(config.image_widths, config.image_quality, config.image_avif)
    uses = image_uses(archive, urls, config, memory.uses(config) if memory is not None else None)
    static = {file.path: file for file in files.static}
    catalog, problems = store.survey(uses, static, settings)
    if settings.avif and catalog.pictures and not avif_supported():
        where = str(files.locales.parent / "site.yaml")
        raise SiteError([Problem(where, config.line("image_avif"), "image_avif: this Pillow cannot write AVIF")])
    problems += store.fill(catalog, static, uses, jobs)
    if problems:
        raise SiteError(problems)
    return catalog


def select(
    parsed: list[Parsed], problems: list[Problem], drafts: bool, now: datetime,
    keep: Callable[[bytes], Body] | None = None, memory: Resident | None = None,
) -> Selection:  # fmt: skip
    """Keep the articles that are neither drafts nor dated in the future, unless drafts are wanted; raise
    SiteError when any file (or the listing of content/) has an error. ``keep``: what an article holds of its
    packed body (cache/bodies.py); ``memory``: the records the last build of this process made
    (cache/resident.py)."""
    problems = [*problems, *chain.from_iterable(map(_PROBLEMS, parsed))]
    if errors_in(problems):
        raise SiteError(problems)
    made = memory.articles(parsed, keep) if memory is not None else [p.article(keep) for p in parsed]
    articles = [a for a in made if a is not None]
    if drafts:
        return Selection(articles, warnings_in(problems))
    kept: list[Article] = []
    scheduled: list[datetime] = []
    left = 0
    for article in articles:  # one pass: comparing 10,000 dates with a time zone takes 5 ms
        if article.draft:
            left += 1
        elif article.date > now:
            scheduled.append(article.date)
        else:
            kept.append(article)
    return Selection(kept, warnings_in(problems), left, len(scheduled), min(scheduled, default=None))


_BODY, _PROBLEMS = attrgetter("body"), attrgetter("problems")  # of each parse result, at C speed


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


def release_last_build() -> None:
    """Collect what the last builds froze and no longer use. A long-running process calls it once it has been
    quiet for a moment (`serve`: its watcher; the build daemon: no command came), after the browser or the
    command has the new site, so that neither the pages the browser asks for nor the next edit's build wait
    for it: 0.05-0.17 s at 10,000 articles."""
    global _frozen_builds
    _frozen_builds = 0
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()


OWED_BUILDS = 4  # resident builds in a row whose records a build leaves uncollected (no quiet moment between)
_frozen_builds = 0  # builds whose records are frozen and not collected since


@contextlib.contextmanager
def collector_paused(resident: bool = False) -> Iterator[None]:
    """Pause Python's cycle collector while a build makes its records, which hold no cycles: on 10,000 articles
    its passes over the loaded cache cost a tenth of an incremental build. Then the records are frozen (left
    out of later passes, still freed as usual) so they are not all scanned at the first pass after. The last
    build's frozen objects are unfrozen and collected first, so a long-running process collects their cycles
    (a Jinja environment has some); a ``resident`` build leaves that to its process's next quiet moment
    (release_last_build) unless OWED_BUILDS builds came without one, so that an edit saved right after
    another does not wait for it. Workers turn the collector back on (workers.fork_pool)."""
    global _frozen_builds
    was_on = gc.isenabled()
    if not resident or _frozen_builds >= OWED_BUILDS:
        release_last_build()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        _frozen_builds += 1
        if was_on:
            gc.enable()
