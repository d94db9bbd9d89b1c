"""What a long-running process (serve) keeps of one build for the next, beyond the parse results
(cache/parse_cache.py), so that an edit's rebuild does the work of the edit and not of the whole archive.

The parse cache gives a resident process the very same parse result for a file that did not change, so the
article made of it can be the very same record too: its path (archive/urls.Urls) and its digest
(output/keys.TaskKeys) need not be worked out again. When only a few records changed, each keeping its place
in the archive, the archive is the last one with them swapped in (archive/collate.swapped): every other term
and year is the very same object, and so are the lists made of them (archive/collate.ListMemo) and what their
articles digest to (output/keys.TaskKeys.list_run and lists_digest: ``run``, ``bundle``). Everything
here is keyed by object identity and holds the object, so an id is never another object's; each build keeps
only what it used. See docs/incremental.md."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import is_
from typing import NamedTuple, Protocol

from ..archive.collate import SWAPS, Basis, ListMemo, collated, kept_groups, shifted, skeleton, swapped
from ..archive.urls import Urls
from ..config import Config
from ..load.parsed import Parsed
from ..media.catalog import Use
from ..models import Archive, Article, ArticleList, Body


class Collated(NamedTuple):
    """The last archive collated, with what it was made from."""

    articles: list[Article]
    config: Config
    catalogs: tuple[str, ...]
    archive: Archive
    basis: Basis


class Digests(Protocol):
    """Where a build's article digests are worked out (output/keys.TaskKeys)."""

    def adopt(self, known: Mapping[int, str]) -> None: ...

    def known(self) -> tuple[dict[int, str], list[Article]]: ...


class Resident:
    """Article records, their paths and digests, the archive, its lists and their group keys, from one build
    of this process to the next."""

    def __init__(self) -> None:
        self._articles: dict[int, tuple[Parsed, Article | None]] = {}
        self._parsed: list[Parsed] = []  # the last build's parse results, in order ...
        self._made: list[Article | None] = []  # ... and the articles made of them
        self._shown: dict[int, tuple[Article, str, str]] = {}
        self._shown_now: dict[int, tuple[Article, str, str]] = {}
        self._paths: dict[int, tuple[Article, str]] = {}  # archive/urls.Urls: each article's path
        self._permalink = ""  # the pattern those paths were made with
        self._collated: Collated | None = None
        self.lists = ListMemo()  # archive/collate.article_lists
        self._runs = ListMemo()  # output/keys.TaskKeys.lists_digest
        self._run_last: dict[tuple[object, ...], tuple[ArticleList, tuple[Article, ...], str]] = {}
        self._run_now: dict[tuple[object, ...], tuple[ArticleList, tuple[Article, ...], str]] = {}  # list_run
        self._uses = ListMemo()  # output/pictures.image_uses
        self._uses_config: Config | None = None
        self._digests: tuple[tuple[object, ...], Digests, tuple[Article, ...]] | None = None  # see digests
        self._images_seen = 0  # times an article, the very same record, was shown with other images (see runs)

    def next_build(self) -> None:
        """Start a build: what the last one worked out is what this one can take."""
        if self._shown_now:
            self._shown, self._shown_now = self._shown_now, {}
        self.lists.next_build()
        self._runs.next_build()
        self._uses.next_build()
        if self._run_now:
            self._run_last, self._run_now = self._run_now, {}

    def articles(self, parsed: list[Parsed], keep: Callable[[bytes], Body] | None) -> list[Article | None]:
        """The article of each parse result (None for one with errors): the last build's record when the
        parse result is the same object, else made now. ``keep``: as for Parsed.article; it must give the same
        body for the same bytes from one build to the next (a resident build keeps every body in memory)."""
        if len(parsed) == len(self._parsed):  # the same files: only those whose result is another changed
            changed = [at for at, (item, was) in enumerate(zip(parsed, self._parsed, strict=True)) if item is not was]
            if len(changed) <= SWAPS:
                return self._patched(parsed, changed, keep)
        last, made = self._articles, {}
        for item in parsed:
            found = last.get(id(item))
            if found is None or found[0] is not item:
                found = (item, item.article(keep))
            made[id(item)] = found
        self._articles = made
        articles = [made[id(item)][1] for item in parsed]
        paths = self._paths
        self._paths = {
            id(a): place for a in articles if a is not None and (place := paths.get(id(a))) and place[0] is a
        }
        self._parsed, self._made = parsed, articles
        return list(articles)

    def _patched(
        self, parsed: list[Parsed], changed: list[int], keep: Callable[[bytes], Body] | None
    ) -> list[Article | None]:
        """``articles`` when the parse results are the last build's but for those at ``changed``: the last
        build's records with those made again (0.1 s less at 100,000 articles than looking each up)."""
        articles, made = list(self._made), {}
        for at in changed:  # (a result may have moved: a file deleted and another added, the count the same)
            item = parsed[at]
            found = self._articles.get(id(item))
            if found is None or found[0] is not item:
                found = (item, item.article(keep))
            made[id(item)] = found
            articles[at] = found[1]
        for at in changed:
            old = self._parsed[at]
            if id(old) not in made:
                gone = self._articles.pop(id(old), (old, None))[1]
                if gone is not None:
                    self._paths.pop(id(gone), None)
        self._articles.update(made)
        self._parsed, self._made = parsed, articles
        return list(articles)

    def paths(self, permalink: str) -> dict[int, tuple[Article, str]]:
        """The article paths the last build worked out (archive/urls.Urls), when they were made with the same
        permalink pattern; this build's Urls adds its own. Call it after ``articles``, which leaves out those of
        articles that are gone."""
        if permalink != self._permalink:
            self._paths, self._permalink = {}, permalink
        return self._paths

    @property
    def archive(self) -> Archive | None:
        """The archive the last build collated."""
        return self._collated.archive if self._collated is not None else None

    def collate(self, articles: list[Article], urls: Urls, catalogs: Iterable[str]) -> Archive:
        """archive/collate.collate, made from the last build's archive when only a few articles changed: those
        keeping their place in it swapped in (the same skeleton: an edit of a body, or of a title when the slug
        is set; archive/collate.swapped), else those added, deleted or moved taken out and put in
        (archive/collate.shifted); from nothing otherwise, keeping the last build's terms and years that hold
        the very same articles (archive/collate.kept_groups)."""
        languages, last = tuple(sorted(catalogs)), self._collated
        made = self._from_last(articles, urls, languages) if last is not None else None
        if made is None:
            made = collated(articles, urls, languages)
            if last is not None:
                made = (kept_groups(made[0], last.archive), made[1])
        self._collated = Collated(articles, urls.config, languages, *made)
        return made[0]

    def _from_last(
        self, articles: list[Article], urls: Urls, languages: tuple[str, ...]
    ) -> tuple[Archive, Basis] | None:
        """The archive and its basis made from the last build's, when few articles changed (see collate)."""
        last = self._collated
        if last is None or last.catalogs != languages or last.config != urls.config:
            return None
        if len(last.articles) == len(articles):
            swaps = {id(old): (old, new) for old, new in zip(last.articles, articles, strict=True) if old is not new}
            if not swaps:
                return last.archive, last.basis
            if len(swaps) <= SWAPS and all(skeleton(old) == skeleton(new) for old, new in swaps.values()):
                archive = swapped(last.archive, last.basis.names, swaps)
                if archive is not None:
                    return archive, last.basis
        before, now = {id(a) for a in last.articles}, {id(a) for a in articles}
        removed = [a for a in last.articles if id(a) not in now]
        added = [a for a in articles if id(a) not in before]
        if len(removed) + len(added) > SWAPS:
            return None
        return shifted(last.archive, last.basis, removed, added, urls, languages)

    def uses(self, config: Config) -> Callable[[Article, Callable[[], list[tuple[str, Use]]]], list[tuple[str, Use]]]:
        """The images each article shows (output/pictures.image_uses), as the last build found them for the very
        record under the same site.yaml (its addresses and permalink decide where they lead)."""
        if config != self._uses_config:
            self._uses, self._uses_config = ListMemo(), config
        uses = self._uses
        return lambda article, make: uses.get(article, None, make)

    def digests(self, keys: Digests, articles: tuple[Article, ...], basis: tuple[object, ...]) -> None:
        """Give ``keys`` the digests the last build worked out for the very records it shows now, when what
        decides what their pages show of their images (``basis``: site.yaml and the images' keys) is the same as
        then; and keep this build's for the next (a build asks for every article's: 0.1 s at 100,000, one by
        one through ``shown``). When it is not the same, every article goes through ``shown``, which may not
        have seen them all (a digest given here is not kept there): digests of runs made before are not taken."""
        last, self._digests = self._digests, (basis, keys, articles)
        if last is None or last[0] != basis:
            if last is not None:
                self._images_seen += 1
            return
        known, _held = last[1].known()  # (last holds the records of those ids: an id is not another's yet)
        gone = known.keys() - set(map(id, articles))
        kept = dict(known)
        for number in gone:
            del kept[number]
        keys.adopt(kept)

    def shown(self, article: Article, images: str, make: Callable[[], str]) -> str:
        """The digest of what pages show of ``article`` whose images digest to ``images``: the last build's
        when it was made for this very record and images, else ``make()``."""
        found = self._shown.get(id(article))
        if found is None or found[0] is not article or found[1] != images:
            if found is not None and found[0] is article:
                self._images_seen += 1
            found = (article, images, make())
        self._shown_now[id(article)] = found
        return found[2]

    def run(self, source: ArticleList, view: tuple[int, int | None], make: Callable[[], str]) -> str:
        """The digest of a run of a list's articles (output/keys.TaskKeys.list_run: ``view`` is its start and
        stop), kept for the very list object, or for the same run of the list of that name if it holds the
        very same records (an edit makes the lists that hold the edited article again: the runs of a long
        one that do not hold it are taken, compared record by record). The same records digest the same
        unless an article's images changed: ask once every article's digest was asked for (``shown``, which
        counts those changes), and a digest made before the last change is not taken."""
        key = (source.kind, source.name, source.lang, view, self._images_seen)
        found = self._run_last.get(key)
        if found is None or found[0] is not source:
            run = source.articles[view[0] : view[1]]
            if found is None or len(found[1]) != len(run) or not all(map(is_, found[1], run)):
                found = (source, run, make())
            else:
                found = (source, found[1], found[2])
        self._run_now[key] = found
        return found[2]

    def bundle(self, members: Sequence[object], view: object, make: Callable[[], str]) -> str:
        """The digest of a bundle of lists (output/keys.TaskKeys.lists_digest): the last build's when it was made
        of the very same lists, in order, with ``view``, as ``run`` for one list."""
        return self._runs.get_many(members, (view, self._images_seen), make)


RESIDENT = Resident()  # the one a resident build uses (pipeline.build)
