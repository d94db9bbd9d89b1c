"""The pipeline: load config -> load articles -> collate -> render -> write atomically."""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from itertools import chain
from pathlib import Path

from . import incremental
from .archive.collate import collate
from .archive.urls import Urls, output_path
from .config import Config
from .errors import Problem, SiteError, errors_in, warnings_in
from .load.fields import Parsed
from .load.loader import find_sources, load_config
from .models import Archive, Article, Task
from .output import assets, feeds, pages, redirects, sitemap
from .output.keys import Marks
from .output.render import Renderer, theme_dirs
from .workers import collector_paused
from .write import executor, search_index, writer
from .write.incremental import publish_changes
from .write.state import CACHE_DIR, COMPILED_DIR, BuildState, Store, Tree, load_sources, load_state, save_sources


@dataclass(frozen=True, slots=True)
class SitePaths:
    """Where a site's inputs and output live."""

    root: Path
    output: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def static(self) -> Path:
        return self.root / "static"


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


def publishable(parsed: list[Parsed], drafts: bool, now: datetime) -> list[Article]:
    """Keep articles that are neither drafts nor dated in the future, unless drafts are wanted."""
    articles = [a for a in (p.article() for p in parsed) if a is not None]
    return articles if drafts else [a for a in articles if not a.draft and a.date <= now]


def render_site(
    archive: Archive,
    config: Config,
    paths: SitePaths,
    search: bool = True,
    urls: Urls | None = None,
    compiled: Path | None = None,
) -> list[Task]:
    """List every output file of the site as a task, page kind by page kind (compiled: see Renderer)."""
    urls = urls or Urls(config)
    dirs = theme_dirs(paths.templates)
    renderer = Renderer(config, urls, dirs, compiled)
    renderer.env.globals["site_pages"] = archive.pages  # linked from the footer
    marks = Marks()
    own_robots = (paths.static / "robots.txt").is_file()
    made_now = chain(
        [] if own_robots else [sitemap.robots(urls)],
        redirects.redirect_pages(archive, urls),
        [redirects.redirects_file(archive, urls)],
        assets.theme_assets(dirs),
        assets.site_static(paths.static),
    )
    return list(
        chain(
            pages.article_pages(archive, renderer, urls, marks),
            pages.standalone_pages(archive, renderer, urls),
            pages.all_list_pages(archive, renderer, urls, config.per_page, marks),
            pages.overview_pages(archive, renderer, urls),
            [pages.not_found_page(renderer), pages.search_page(renderer, search)],
            feeds.all_feeds(archive, urls, config, marks),
            sitemap.sitemap_tasks(archive, urls, config.per_page),
            map(Task.ready, made_now),
        )
    )


def search_pages(archive: Archive, urls: Urls) -> list[tuple[int, int, str]]:
    """Every article page with the year and month it is filed under, for the search index's shards."""
    return [(a.date.year, a.date.month, output_path(urls.article_path(a))) for a in archive.articles]


def build(
    paths: SitePaths,
    *,
    drafts: bool = False,
    force: bool = False,
    search: bool = True,
    jobs: int = 1,
    cache: bool = True,
    cache_folder: Path | None = None,
    notify: Callable[[str], None] = print,
) -> BuildReport:
    """Build the site at paths.root into paths.output; raise SiteError listing every content problem."""
    clock = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = now - clock
        clock = now

    with collector_paused():  # see workers.collector_paused: loading and planning make no cycles
        config = load_config(paths.content)
        if not paths.content.is_dir():
            raise SiteError([Problem(str(paths.content), 1, "content folder not found (is --root right?)")])
        folder = cache_folder or paths.root / CACHE_DIR
        state = load_state(folder) if cache else BuildState()
        sources, problems = find_sources(paths.content)
        stats = incremental.stat_sources(sources)
        fingerprint = incremental.fingerprint(stats)
        parsing = incremental.parse_key(config)
        options = incremental.options_key(
            parsing, theme_dirs(paths.templates), paths.static, (drafts, search, paths.output.name)
        )
        live = state.live_tree(_inode(paths.output))
        reuse = state.parse == parsing  # a theme or option change re-renders every page but parses only edits
        now = datetime.now(UTC)
        due = state.next_due is not None and now.timestamp() >= state.next_due
        if live is not None and state.options == options and state.fingerprint == fingerprint and not due:
            lap("check")
            return BuildReport(len(state.sources), 0, 0, (), timings, unchanged=True)
        if reuse:
            state.sources = load_sources(folder, parsing)
        previous = state.sources
        parsed = incremental.load_changed(sources, stats, state if reuse else BuildState(), config, jobs)
        problems += [p for item in parsed for p in item.problems]
        if errors_in(problems):
            raise SiteError(problems)
        articles = publishable(parsed, drafts, now)
        lap("load")
        urls = Urls(config)
        archive = collate(articles, urls)
        lap("collate")
        tasks = render_site(archive, config, paths, search, urls, _compiled(folder) if cache else None)
        search_plan = (
            search_index.plan(search_pages(archive, urls), config.language, config.search_shard_size)
            if search
            else None
        )
    chrome = incremental.chrome_key(archive)
    store = Store(folder if cache else None)
    if live is not None:  # a theme, option or header change makes every page again, but writes only changes
        everything = state.options != options or state.chrome != chrome
        written = publish_changes(paths.output, tasks, state, store, jobs, search_plan, notify, everything)
        incremental_build = True
    else:
        protected = [paths.root, paths.content, paths.templates, paths.static]
        produce = partial(executor.run_tasks, tasks=tasks, jobs=jobs)
        shards: dict[str, str] = {}

        def index(stage: Path, hashes: dict[str, str]) -> None:
            if search_plan is not None:
                shards.update(search_index.sync(stage, search_plan, {}, hashes, lambda name, key: None, jobs))

        hashes = writer.publish(paths.output, produce, protected, force, notify, index)
        keys = {t.path: t.key for t in tasks}
        state = BuildState(live=Tree(os.stat(paths.output).st_ino, hashes, keys, shards))
        written = list(hashes)
        incremental_build = False
    lap("render+write")
    state.options, state.parse, state.chrome, state.fingerprint = options, parsing, chrome, fingerprint
    state.next_due = None if drafts else incremental.next_due(parsed, now)
    incremental.remember_sources(state, parsed, stats)
    store.save(state)
    if cache:
        save_sources(folder, parsing, state.sources, previous)
    lap("save")
    pages = sum(1 for path in written if path.endswith(".html"))
    warnings = tuple(warnings_in(problems))
    return BuildReport(len(archive.articles), len(written), pages, warnings, timings, incremental=incremental_build)


def _compiled(cache: Path) -> Path:
    """The folder of compiled templates for this program (Jinja checks each template's source, not the options
    this program compiles with); those of other versions are removed."""
    folder = cache / COMPILED_DIR / incremental.program_key()[:16]
    with contextlib.suppress(OSError):
        for other in (cache / COMPILED_DIR).iterdir():
            if other != folder:
                shutil.rmtree(other)
    return folder


def _inode(folder: Path) -> int | None:
    try:
        return os.stat(folder).st_ino
    except OSError:
        return None
