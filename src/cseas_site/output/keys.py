"""Task keys: the digest of everything a task's bytes depend on. A task is made again if and only if its key
changed, so every input a page reads must be in its key (see docs/incremental.md)."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from itertools import repeat
from typing import NamedTuple, Protocol

from ..digests import digests_digest, key_of
from ..models import Archive, Article, ArticleList, Task

Group = tuple[str, tuple[str, ...]]  # a group's key, and the paths of its tasks


class Kept(NamedTuple):
    """A group of tasks kept from the live site as a whole (Groups.plan): its paths, their recorded keys, and
    what they are made from (one origin for all, or each task's, in order), for messages."""

    paths: tuple[str, ...]
    keys: list[str]
    origins: str | Sequence[str]

    def tasks(self) -> list[Task]:
        """The group as Task.kept tasks, one per path."""
        origins = repeat(self.origins) if isinstance(self.origins, str) else self.origins
        return list(map(Task.kept, self.paths, origins, self.keys))

    def origin(self, index: int) -> str:
        """What the task at ``index`` is made from."""
        return self.origins if isinstance(self.origins, str) else self.origins[index]


Recall = Callable[[Article, str, Callable[[], str]], str]  # an article, its images' digest, how to make its own


class Runs(Protocol):
    """What lists' runs of articles digested to in the last build of a long-running process (cache/resident.py):
    a list's (TaskKeys.list_run), by the very list (which it holds) and which of its articles; a bundle's
    (TaskKeys.lists_digest), by the very lists, in order."""

    def run(self, source: ArticleList, view: tuple[int, int | None], make: Callable[[], str]) -> str: ...

    def bundle(self, members: Sequence[object], view: object, make: Callable[[], str]) -> str: ...


def shown(article: Article) -> tuple[object, ...]:
    """What a page can show of an article: its file, plus term names that depend on other articles."""
    return (article.digest, article.tags, article.categories, article.sources, article.authors)


def chrome_key(archive: Archive, old_ids: bool) -> str:
    """Digest of what every page shows from the content beyond itself: links to standalone pages in the
    footer (their titles and what their URLs are made of), whether the script for old WordPress ids runs, and
    the site's languages (the language switcher)."""
    pages = [(p.slug, p.title, p.date.date(), p.lang, p.categories[:1], p.sources[:1], p.template)
             for p in archive.pages]  # fmt: skip
    return key_of(pages, old_ids, archive.languages)


ASKED_AGAIN = 1000  # articles in a run whose digests TaskKeys.articles keeps for the next question


class TaskKeys:
    """Makes the keys of page tasks: each digests the inputs every page shares (``shared``: this program,
    site.yaml, the theme, the build flags and the page chrome) with what the page itself shows.

    An article is on three article pages and a dozen list pages and feeds, so its part is worked out once
    per build, and a page's key then digests short strings instead of nested tuples."""

    def __init__(
        self, shared: str, images: Callable[[Article], str] | None = None,
        templates: Callable[[str], str] | None = None, recall: Recall | None = None,
    ) -> None:  # fmt: skip
        """``images``: the digest of what an article's pages show of its images (output/pictures.py);
        ``templates``: the digest of a page template with the templates it reads (output/template_keys.py);
        ``recall``: an article's digest as the last build of this process made it (cache/resident.py)."""
        self.shared = shared
        self._images = images
        self._templates = templates
        self._known: dict[int, str] = {}  # by id
        self._held: list[Article] = []  # the articles of those ids: held, their ids stay theirs
        self._recall = recall
        self.last_runs: Runs | None = None  # list_run's of the last build of this process (see list_run)
        self._asked: tuple[Sequence[Article] | None, list[str]] = (None, [])  # the last long run's (articles)

    def __call__(self, *parts: object) -> str:
        """Return the key of a task made without a template that shows ``parts`` (plain values and article
        digests)."""
        return key_of(self.shared, *parts)

    def page(self, template: str, *parts: object) -> str:
        """Return the key of a page rendered with ``template`` that shows ``parts``."""
        return key_of(self.shared, self.template(template), *parts)

    def template(self, name: str) -> str:
        """Return the digest of a page template and of every template it reads."""
        return self._templates(name) if self._templates is not None else ""

    def article(self, article: Article | None) -> str:
        """Return the digest of what pages show of an article ("" for none)."""
        if article is None:
            return ""
        found = self._known.get(id(article))
        if found is None:
            images = self._images(article) if self._images is not None else ""
            if self._recall is None:
                found = key_of(shown(article), images)
            else:
                found = self._recall(article, images, lambda: key_of(shown(article), images))
            self._known[id(article)] = found
            self._held.append(article)
        return found

    def adopt(self, known: Mapping[int, str]) -> None:
        """Take digests worked out before, by the id of the article (cache/resident.Resident.digests: the very
        records this build shows, whose images are what they were then)."""
        self._known.update(known)

    def known(self) -> tuple[dict[int, str], list[Article]]:
        """The digests worked out so far, by the id of the article, and the articles of those ids worked out
        here (adopted ones are held by whoever gave them)."""
        return self._known, self._held

    def run(self, articles: Sequence[Article]) -> str:
        """Return one digest of what pages show of a run of articles, in order (a whole list's: a group key).
        The same as digesting ``articles(...)``, without a Python-level step per article: a home list holds
        every article, and the lists of one build hold each article twenty times."""
        known = self._known
        try:
            joined = "".join(map(known.__getitem__, map(id, articles)))
        except KeyError:
            joined = "".join(self.articles(articles))
        return digests_digest(joined)

    def list_run(self, listing: ArticleList, start: int = 0, stop: int | None = None) -> str:
        """``run`` of a list's articles (``start`` to ``stop``), taken from the last build of this process
        (``last_runs``) when the list is the very same object: its articles then are too, and so are their
        digests as long as no article's images changed (which ``last_runs`` sees to: cache/resident.py). A
        build asks once per list and slice (pages and feeds ask for different slices), so nothing is kept
        within one."""
        make = partial(self.run, listing.articles[start:stop])
        return make() if self.last_runs is None else self.last_runs.run(listing, (start, stop), make)

    def lists_digest(self, members: Sequence[ArticleList], stop: int | None = None) -> str:
        """The digest of several lists as a bundle's key holds them (output/keys.bundle_key): each one's name,
        view and how many articles it shows (its first ``stop``; None: all), and those articles' digests in order.
        Taken from the last build of this process when the lists are the very same (a long-running process
        keeps the lists an edit did not touch: of 7,500 lists in 1,500 bundles, an edit changes a score)."""

        def make() -> str:
            shape = [(m.name, m.lang, len(m.articles) if stop is None else min(len(m.articles), stop)) for m in members]
            return key_of(shape, digests_digest("".join([self.list_run(m, 0, stop) for m in members])))

        return make() if self.last_runs is None else self.last_runs.bundle(members, stop, make)

    def articles(self, articles: Sequence[Article]) -> list[str]:
        """Return the digests of several articles (a list page's, a feed's): the same as ``article`` for
        each, looked up in one pass (a build asks for 300,000 of them at 10,000 articles); only the ones
        not known yet are worked out one by one (after an edit: the edited article, among 100,000). Do not
        change the list given: a long run's is given again when the very same run is asked for."""
        if articles is self._asked[0]:  # (a build asks for the archive's twice: plan_outputs, article_pages)
            return self._asked[1]
        found: list[str | None] = list(map(self._known.get, map(id, articles)))
        at = -1
        for _ in range(found.count(None)):
            at = found.index(None, at + 1)
            found[at] = self.article(articles[at])
        if len(found) > ASKED_AGAIN and type(articles) is tuple:  # (a tuple cannot change meanwhile)
            self._asked = (articles, found)  # type: ignore[assignment]
        return found  # type: ignore[return-value]  # every None was filled


class Groups:
    """Tasks planned as groups (a list's pages): when a group's key is the one the live site was built with,
    its tasks keep their recorded paths and keys and are not planned again, page by page. A group's key must
    digest everything its tasks' keys and paths are made from, so an equal group key means equal tasks.

    ``last``: the groups the live site was built with, and its task keys; empty when the live site is not the
    one the last build recorded (every group is then planned)."""

    def __init__(self, last: Mapping[str, Group] | None = None, last_keys: Mapping[str, str] | None = None) -> None:
        self._last = last or {}
        self._last_keys = last_keys or {}
        self.made: dict[str, Group] = {}  # this build's groups: what the next build compares with
        self.kept: list[Kept] = []  # the groups kept as a whole, in the order they were planned

    def plan(
        self, name: str, key: str, origin: str | Sequence[str], tasks: Callable[[], Iterable[Task]]
    ) -> Iterator[Task]:
        """The tasks of the group ``name`` made by ``tasks``; or none when its key is unchanged: the group is
        then kept from the live site as a whole (in ``kept``: a kept task costs nothing per path, and a build
        after an edit keeps 47,000 of them at 10,000 articles). Either way it is recorded for the next build.
        ``origin``: what every task is made from, or each task's, in order (kept tasks are named by it in
        messages)."""
        last = self._last.get(name)
        if last is not None and last[0] == key:
            keys = list(map(self._last_keys.get, last[1]))
            if None not in keys:
                self.made[name] = last
                self.kept.append(Kept(last[1], keys, origin))  # type: ignore[arg-type]
                return
        planned = list(tasks())
        self.made[name] = (key, tuple(task.path for task in planned))
        yield from planned


BUNDLES = 256  # buckets of the lists of one kind planned as one group (see bundled); 0: each list on its own


def bundled(lists: Iterable[ArticleList]) -> dict[tuple[str, int], list[ArticleList]]:
    """Lists planned together as one group (their pages, or their feeds), by kind and one of BUNDLES buckets of
    their names: every view of a term falls in the same bundle. An archive has thousands of small lists (7,500 at
    10,000 news articles: tags, months, sources ... in each language's view) and an edit changes a score of them:
    a key per bundle, of what each of its lists shows, keeps the others by the hundred instead of one by one."""
    found: dict[tuple[str, int], list[ArticleList]] = {}
    for number, listing in enumerate(lists):  # (BUNDLES 0: each list in a bundle of its own)
        bucket = zlib.crc32((listing.name or "").encode("utf-8")) % BUNDLES if BUNDLES else number
        found.setdefault((listing.kind, bucket), []).append(listing)
    return found


def bundle_key(keys: TaskKeys, what: str, members: Sequence[ArticleList], stop: int | None, *parts: object) -> str:
    """The key of a bundle of lists: their kind, each one's name, view and how many articles it shows (its first
    ``stop``; None: all), those articles' digests in order, and ``parts`` (what else its tasks are made from,
    besides what every task's key holds)."""
    return keys(what, members[0].kind, *parts, keys.lists_digest(members, stop))
