"""The collated archive -> every output file of the site as a task, page kind by page kind; and the search plan."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from ..archive.urls import ROBOTS, Urls
from ..config import Config
from ..digests import key_of
from ..load.loader import SiteFiles
from ..models import Archive, Task
from . import assets, feeds, pages, redirects, sitemap
from .keys import TaskKeys, chrome_key
from .render import Renderer
from .search_plan import SearchPlan, search_plan


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything a build will publish: the files, and how the search index is split (None: no search)."""

    tasks: list[Task]
    search: SearchPlan | None


def plan_outputs(
    archive: Archive,
    config: Config,
    urls: Urls,
    files: SiteFiles,
    render_key: str,
    search: bool = True,
    compiled: Path | None = None,
) -> Plan:
    """List every output file as a task keyed by what it shows and ``render_key`` (this program, site.yaml, the
    theme and the flags); ``compiled``: a folder to keep compiled templates in (see Renderer)."""
    theme, static = files.theme, files.static
    renderer = Renderer(config, urls, theme, compiled)
    renderer.env.globals["site_pages"] = archive.pages  # linked from the footer
    keys = TaskKeys(key_of(render_key, chrome_key(archive)))
    own_robots = any(file.path == ROBOTS for file in static)
    tasks = chain(
        pages.article_pages(archive, renderer, urls, keys),
        pages.standalone_pages(archive, renderer, urls, keys),
        pages.all_list_pages(archive, renderer, urls, config.per_page, keys),
        pages.overview_pages(archive, renderer, urls, keys),
        [pages.not_found_page(renderer, keys), pages.search_page(renderer, search, keys)],
        feeds.all_feeds(archive, urls, config, keys),
        sitemap.sitemap_tasks(archive, urls, config.per_page, keys),
        [] if own_robots else [sitemap.robots(urls, keys)],
        redirects.redirect_pages(archive, urls, keys),
        [redirects.redirects_file(archive, urls, keys)],
        assets.theme_assets(theme, keys),
        assets.site_static(static),
    )
    plan = search_plan(archive, urls, config.language, config.search_shard_size) if search else None
    return Plan(list(tasks), plan)
