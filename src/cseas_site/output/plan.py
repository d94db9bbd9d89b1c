"""The collated archive -> every output file of the site as a task, page kind by page kind; and the search plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Protocol

from ..archive.collate import ListMemo, article_lists
from ..archive.urls import OLD_IDS, ROBOTS, Urls
from ..config import Config, NavLink
from ..digests import digests_digest, key_of
from ..errors import Problem, SiteError
from ..load.loader import SiteFiles
from ..media.catalog import Catalog
from ..models import Archive, Article, Task
from . import assets, feeds, pages, redirects, sitemap
from .i18n import Interface, load_interface, long_date
from .keys import Group, Groups, Kept, Runs, TaskKeys, chrome_key
from .pictures import CardDrawer, ImageStore, Pictures, card_tasks, image_tasks
from .render import CODE_MADE, PieceStore, Renderer
from .search_plan import SearchPlan, search_plan
from .template_keys import Refs, TemplateKeys
from .theme import manifest, site_theme


class Memory(Runs, Protocol):
    """What a long-running process keeps from one build to the next (cache/resident.Resident): its lists, its
    articles' digests and its lists' (Runs)."""

    lists: ListMemo

    def shown(self, article: Article, images: str, make: Callable[[], str]) -> str: ...

    def digests(self, keys: TaskKeys, articles: tuple[Article, ...], basis: tuple[object, ...]) -> None: ...


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything a build will publish: the files, and how the search index is split (None: no search)."""

    tasks: list[Task]  # the tasks planned one by one
    search: SearchPlan | None
    groups: dict[str, Group]  # the groups of tasks planned (output/keys.Groups): for the next build
    kept: list[Kept] = field(default_factory=list)  # the groups kept from the live site as a whole

    def every_task(self) -> list[Task]:
        """Every output file as a task: those planned, then those of the groups kept (as Task.kept)."""
        return [*self.tasks, *(task for group in self.kept for task in group.tasks())]


FOOTER_PAGES = 6  # standalone pages the footer lists when site.yaml sets no footer_links: a short list or none


def footer_links(archive: Archive, config: Config, urls: Urls) -> tuple[NavLink, ...]:
    """The footer's links: site.yaml's footer_links, else the standalone pages when there are only a few
    (a site with more gives them a menu: a footer of twenty pages helps nobody)."""
    if config.footer_links is not None:
        return config.footer_links
    if len(archive.pages) > FOOTER_PAGES:
        return ()
    return tuple(NavLink(page.title, "/" + urls.article_path(page)) for page in archive.pages if not page.template)


def plan_outputs(
    archive: Archive,
    config: Config,
    urls: Urls,
    files: SiteFiles,
    render_key: str,
    search: bool = True,
    compiled: Path | None = None,
    images: tuple[Catalog, ImageStore] | None = None,
    groups: Groups | None = None,
    template_refs: Refs | None = None,
    memory: Memory | None = None,
    pieces: PieceStore | None = None,
) -> Plan:
    """List every output file as a task keyed by what it shows, its templates and ``render_key`` (this program,
    site.yaml, the theme's static files, the site's catalogs and the flags); ``compiled``: a folder to keep
    compiled templates in (see Renderer); ``images``: the catalog of the site's images and the store holding
    their derivatives (None: images shown as written); ``groups``: the task groups the live site was built with
    (None: plan every task); ``template_refs``: what each template source reads (output/template_keys.py),
    filled in here for the cache to keep; ``memory``: what the last build of this process made (its articles'
    digests, lists and group keys: cache/resident.py); ``pieces``: where parts of pages (teasers) are kept
    between builds (cache/pieces.py)."""
    groups = groups if groups is not None else Groups()
    theme, static = files.theme, files.static
    interface = load_interface(config, archive.languages, files.locales, theme)
    catalog = images[0] if images is not None else Catalog()
    pictures = Pictures(catalog, urls, config)
    renderer = Renderer(config, urls, theme, interface, archive, compiled, pictures)
    memo = memory.lists if memory is not None else None  # what the last build of this process made of the archive
    wordpress_ids = redirects.wordpress_ids(archive, memo)
    old_ids = bool(wordpress_ids)
    old_ids_url = urls.url(OLD_IDS) if old_ids else ""  # base.html's script looks '?p=123' up there
    identity = site_theme(config, urls, static, files.theme, str(files.locales.parent / "site.yaml"))
    editorial = tuple(p for p in archive.pages if p.template)  # linked from every page's footer
    renderer.globals.update(footer_links=footer_links(archive, config, urls), wordpress_ids=old_ids_url,
                            theme=identity, editorial_pages=editorial)  # fmt: skip
    templates = TemplateKeys(theme, template_refs)
    shared = key_of(render_key, chrome_key(archive, old_ids), identity)
    if memory is None:
        keys = TaskKeys(shared, pictures.key, templates)
    else:
        keys = TaskKeys(shared, pictures.key, templates, memory.shown)
        memory.digests(keys, archive.articles, pictures.basis())
    keys.articles(archive.articles)  # every digest first: a group key kept from the last build relies on them
    if memory is not None:  # and so do the lists' digests kept from it (Memory.run)
        keys.last_runs = memory
    if pieces is not None:
        renderer.keep_pieces(pieces, PieceDigests(keys))
    lists = article_lists(archive, memo)  # home, terms, years, months
    own_robots = any(file.path == ROBOTS for file in static)
    tasks = chain(
        pages.article_pages(archive, renderer, urls, keys, groups, memo),
        pages.standalone_pages(archive, renderer, urls, keys),
        pages.all_list_pages(lists, archive, renderer, urls, config.per_page, keys, groups, memo),
        pages.overview_pages(archive, renderer, urls, keys),
        [pages.not_found_page(archive, renderer, keys)],
        pages.search_pages(archive, renderer, search, keys),
        feeds.all_feeds(lists, urls, config, interface, keys, pictures.feed_body, groups, len(archive.articles)),
        [manifest(config, urls, identity, keys)],
        sitemap.sitemap_tasks(archive, lists, urls, config.per_page, keys, fixed=config.fixed_pages, memo=memo),
        [] if own_robots else [sitemap.robots(urls, keys)],
        redirects.redirect_pages(archive, urls, keys, memo),
        [redirects.redirects_file(archive, urls, keys, memo)],
        redirects.wordpress_ids_file(wordpress_ids, urls, keys),
        assets.theme_assets(theme, keys),
        assets.site_static(static),
        [] if images is None else image_tasks(catalog, images[1]),
        [] if images is None else card_tasks(archive, pictures, images[1], card_drawer(config, files, interface)),
    )
    plan = search_plan(archive, urls, config.search_shard_size) if search else None
    planned = list(tasks)
    return Plan(planned, plan, groups.made, groups.kept)


class PieceDigests:
    """The digests of what parts of pages (teasers) are made from, for the pieces kept between builds: what every
    page shares and the template the macro making them is in, with every template it reads (``page``), then
    what pages show of the article and the macro's code, as a list page's key digests them (the part reads no
    more than the page does). The macro is called without the page's context, so the page template is not in
    it: after an edit of base.html every page is made again, with the teasers of the last build."""

    def __init__(self, keys: TaskKeys) -> None:
        self._keys = keys
        self._pages: dict[str, str] = {}

    def page(self, template: str) -> str:
        """What every piece made by a macro of ``template`` is made under now (by code: render.CODE_MADE)."""
        found = self._pages.get(template)
        if found is None:
            made_by = template if template == CODE_MADE else self._keys.template(template)
            found = self._pages[template] = key_of(self._keys.shared, made_by)
        return found

    def piece(self, template: str, article: Article, made_by: str) -> str:
        """The key of the macro's template, followed by the digest of the article as pages show it and of the
        macro's code: a piece made under another key is not even read by the next build (cache/pieces.py)."""
        return self.page(template) + digests_digest(f"{self._keys.article(article)} {made_by}")


CARD_LOGO = "icon-192.png"  # the theme's mark drawn on share cards when the site's logo is not a PNG


def card_drawer(config: Config, files: SiteFiles, interface: Interface) -> CardDrawer:
    """What share cards are drawn with: the site's PNG logo (else the theme's mark), its template picture, and
    a line with the date in the article's language and its first source."""
    static = {file.path: file.file for file in files.static}
    logo_file = static.get(config.logo.lstrip("/")) if config.logo.lower().endswith(".png") else None
    if logo_file is None:
        logo_file = next((d / "static" / CARD_LOGO for d in files.theme if (d / "static" / CARD_LOGO).is_file()), None)
    template = None
    if config.share_card_template:
        found = static.get(config.share_card_template.lstrip("/"))
        if found is None:
            where = str(files.locales.parent / "site.yaml")
            message = f"share_card_template: static{config.share_card_template} is not in the site's static/ folder"
            raise SiteError([Problem(where, config.line("share_card_template"), message)])
        template = found.read_bytes()

    def meta_line(article: Article) -> str:
        return " · ".join([long_date(article.date, interface.chrome(article.lang)), *article.sources[:1]])

    return CardDrawer(config, meta_line, logo_file.read_bytes() if logo_file else None, template)
