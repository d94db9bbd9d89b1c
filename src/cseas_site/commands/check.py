"""`cseas-build check`: lint the content and check every link of a trial build; publish nothing."""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..archive.urls import THEME, Urls, output_path, resolve
from ..config import Config, SitePaths
from ..errors import Problem, SiteError, errors_in
from ..load.loader import find_content, find_static, load_all, load_config, theme_dirs
from ..load.parsed import Parsed
from ..load.pictures import IMG_TAG, attributes, best_source
from ..pipeline import build
from ..slugs import safe_slug
from ..write.writer import scratch_folder
from .common import print_problems

MISSING_IMAGE = "missing image: "
LONG_TITLE = 110  # Google shows at most about this many characters of a headline


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


def lint(parsed: list[Parsed]) -> Iterator[Problem]:
    """Content that builds but reads badly: no summary, no tags, near-duplicate tags, duplicate or long titles,
    images without alt text."""
    titles: dict[str, str] = {}
    tag_names: dict[str, set[str]] = {}
    for item in parsed:
        if item.title is None:
            continue
        if not item.summary.strip():
            yield Problem(item.path, 1, "no summary (add 'summary:' or a first paragraph)", "warning")
        if not item.tags and not item.page:
            yield Problem(item.path, 1, "no tags: readers will not find it from a tag page", "warning")
        if len(item.title) > LONG_TITLE:
            message = f"title is {len(item.title)} characters long (search engines show about {LONG_TITLE})"
            yield Problem(item.path, 1, message, "warning")
        key = item.title.casefold()
        if key in titles:
            yield Problem(item.path, 1, f"same title as {titles[key]}", "warning")
        titles.setdefault(key, item.path)
        for tag in item.tags:
            tag_names.setdefault(tag, set()).add(item.path)
        lines = dict(item.pictures)
        for img in IMG_TAG.findall(item.body_html):
            found = attributes(img)
            if not found.get("alt", "").strip():
                line = lines.get(best_source(found), 1)
                yield Problem(item.path, line, f"image without alt text: {img[:80]}", "warning")
    yield from _tag_typos(tag_names)


def edit_distance(a: str, b: str) -> int:
    """Letters to insert, delete, change or swap (adjacent) to turn a into b."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def looks_alike(a: str, b: str) -> bool:
    """One slip of the keyboard apart (for names of 4 letters or more), or nearly the same longer name."""
    x, y = a.casefold(), b.casefold()
    if min(len(x), len(y)) >= 4 and edit_distance(x, y) <= 1:
        return True
    return min(len(x), len(y)) >= 8 and difflib.SequenceMatcher(None, x, y).ratio() >= 0.9


def _tag_typos(tag_names: dict[str, set[str]]) -> Iterator[Problem]:
    names = sorted(tag_names, key=lambda n: (-len(tag_names[n]), n))
    for index, name in enumerate(names):
        for other in names[:index]:
            if looks_alike(name, other) and safe_slug(name) != safe_slug(other):
                for path in sorted(tag_names[name]):
                    yield Problem(path, 1, f"tag '{name}' looks like a typo of '{other}'", "warning")
                break


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "srcset" and value:  # every candidate of a responsive image must be there too
                self.links += [words.split()[0] for words in value.split(",") if words.strip()]
            if name == "id" and value:
                self.ids.add(value)


def check_links(site: Path, base_path: str, origin: str, sources: dict[str, str]) -> tuple[list[Problem], list[str]]:
    """Every internal href/src of the built site must lead to a file (and anchor); external ones are listed.
    A problem names the content file a page came from (``sources``: page path -> file), else the page."""
    pages: dict[Path, _Links] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        pages[page] = parser
    problems, external = [], set()
    for page, parser in pages.items():
        relative = page.relative_to(site).as_posix()
        where = sources.get(relative, f"(built page) {relative}")
        for link in parser.links:
            parts = urlsplit(link)
            if link.startswith(("mailto:", "data:", "javascript:", "tel:")):
                continue
            if parts.scheme in ("http", "https") and not (origin and link.startswith(origin + base_path)):
                external.add(link)
                continue
            path = unquote(parts.path)
            if not path:
                target = page
            elif path.startswith("/"):
                if not path.startswith(base_path):
                    problems.append(Problem(where, 1, f"link {link} leaves the site's base path"))
                    continue
                target = site / path[len(base_path) :]
            else:
                target = page.parent / path
            if target.is_dir() or str(target).endswith("/"):
                target = target / "index.html"
            if not target.exists():
                problems.append(Problem(where, 1, f"broken link: {link}"))
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if parts.fragment not in ids:
                    problems.append(Problem(where, 1, f"link {link}: no element with id '{parts.fragment}'"))
    return problems, sorted(external)


def image_problems(parsed: list[Parsed], config: Config, static: dict[str, int]) -> Iterator[Problem]:
    """An error where an article shows an image of the site that static/ does not hold; a warning where it
    shows an upload larger than site.yaml's image_limit_kb (``static``: the size of each file of static/ by its
    path below the site root), and where its featured image has no alt text."""
    urls = Urls(config)
    for item in parsed:
        article = item.article()
        if article is None:
            continue
        page = urls.article_path(article)
        refs = ((article.image, article.line("image")),) if article.image else ()
        for written, line in (*refs, *article.pictures):
            source = resolve(written, page, config.base_path, config.origin)
            if source is not None and source not in static:
                yield Problem(item.path, line, f"{MISSING_IMAGE}{written} (no such file in static/)")
            size = static.get(source or "", 0)
            if size > config.image_limit_kb * 1024:
                message = f"image {written} is {size // 1024:,} KB (over image_limit_kb, {config.image_limit_kb:,} KB)"
                yield Problem(
                    item.path, line, message + ": readers download its resized copies, but it is kept", "warning"
                )
        if article.image and not article.image_alt:
            yield Problem(
                item.path, article.line("image"), "featured image without alt text (add image_alt:)", "warning"
            )


def check_site(root: Path, drafts: bool = False) -> CheckReport:
    """Lint every content file, build the site into a temporary folder and check its links; publish nothing."""
    config: Config = load_config(root / "content")
    files, problems = find_content(root / "content")
    parsed = load_all(files, config, 1)
    static = {file.path: file.stat[2] for file in find_static(root / "static")[0]}
    for folder in theme_dirs(root / "templates"):  # the theme's files are published below /theme/ too
        static.update({f"{THEME}/{file.path}": file.stat[2] for file in find_static(folder / "static")[0]})
    report = CheckReport(problems=[*problems, *(p for item in parsed for p in item.problems), *lint(parsed)])
    report.problems += image_problems(parsed, config, static)
    missing = {(p.path, p.message.removeprefix(MISSING_IMAGE).split(" (")[0]) for p in report.problems
               if p.message.startswith(MISSING_IMAGE)}  # fmt: skip
    with scratch_folder("cseas-check-") as temp:
        output = temp / "site"
        try:
            build(SitePaths(root, output), drafts=drafts, search=False, cache=False, notify=lambda message: None)
        except SiteError as exc:
            report.problems += exc.problems
            return report
        urls = Urls(config)
        pages = {output_path(urls.article_path(a)): a.path for a in (p.article() for p in parsed) if a is not None}
        broken, report.external = check_links(output, config.base_path, config.origin, pages)
        report.problems += [p for p in broken if (p.path, p.message.removeprefix("broken link: ")) not in missing]
    return report


def run(args: argparse.Namespace) -> int:
    """Print the problems and the external links; exit 1 on an error."""
    report = check_site(args.root, args.drafts)
    report.problems = list(dict.fromkeys(report.problems))  # the same problem found twice is said once
    print_problems(report.problems)
    if report.external:
        print(f"{len(report.external)} external links (not fetched):")
        for link in report.external:
            print(f"  {link}")
    errors = len(errors_in(report.problems))
    print(f"{errors} errors, {len(report.problems) - errors} warnings.")
    return 1 if errors else 0
