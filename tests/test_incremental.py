"""Incremental builds: exactly the bytes of a clean build, only changed files rewritten, unchanged mtimes kept."""

from __future__ import annotations

import gc
import gzip
import io
import json
import os
import pickle
import re
import shutil
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cseas_site import pipeline
from cseas_site.cache import inputs
from cseas_site.cache.build_cache import Saved
from cseas_site.cache.pieces import article_of
from cseas_site.cli import main
from cseas_site.config import Config, SitePaths
from cseas_site.errors import SiteError
from cseas_site.load import loader
from cseas_site.load.parsed import Parsed
from cseas_site.models import Article
from cseas_site.output import pages
from helpers import REPO, SITE_YAML, article, copy_demo, make_site, plan_site, run_process, tree_bytes

EXAMPLES = int(os.environ.get("CSEAS_INCREMENTAL_EXAMPLES", "25"))


def build(*args: str | Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue() + err.getvalue()


TAGS = ["Japan", "ASEAN", "Trade", "Security"]
# Front matter lines an edit sets (replacing the field's line): what a page shows besides the body and title
FRONT_MATTER = ["featured: true", "featured: false", "lang: id", "lang: en", "aliases: [/old/path/]", "aliases: []",
                "wordpress_id: 12", "wordpress_id: 13", "wordpress_id: true"]  # fmt: skip
operation = st.one_of(
    st.tuples(st.just("edit-body"), st.integers(0, 30), st.text("abc xyz", min_size=1, max_size=20)),
    st.tuples(st.just("edit-tags"), st.integers(0, 30), st.lists(st.sampled_from(TAGS), max_size=3, unique=True)),
    st.tuples(st.just("edit-title"), st.integers(0, 30), st.sampled_from(["Alpha", "Beta", "Gamma"])),
    st.tuples(st.just("add"), st.integers(0, 30), st.integers(1, 28)),
    st.tuples(st.just("delete"), st.integers(0, 30), st.none()),
    st.tuples(st.just("rename"), st.integers(0, 30), st.none()),
    st.tuples(st.just("template"), st.integers(0, 5), st.none()),
    st.tuples(st.just("static"), st.integers(0, 2), st.text("abc", min_size=0, max_size=3)),
    st.tuples(st.just("page"), st.integers(0, 1), st.sampled_from(["About", "Contact"])),
    st.tuples(st.just("front"), st.integers(0, 30), st.sampled_from(FRONT_MATTER)),
)


def apply(root: Path, op: tuple[str, int, object], counter: list[int]) -> None:
    files = sorted((root / "content").glob("*.md"))
    kind, index, value = op
    if kind == "static":  # a static file added, changed (same size or not), or removed
        static = root / "static" / ("robots.txt", "docs/a.txt", "uploads/2020/b.txt")[index]
        static.parent.mkdir(parents=True, exist_ok=True)
        if value:
            static.write_text(str(value), encoding="utf-8")
        else:
            static.unlink(missing_ok=True)
        return
    if kind == "page":  # a standalone page: linked from every page's footer
        make_site(root, {f"content/pages/p{index}.md": article(f"{value} {index}", "2020-01-01")}, None)
        return
    if kind == "add" or not files:
        counter[0] += 1
        name = f"n{counter[0]}"
        make_site(
            root,
            {
                f"content/{name}.md": article(
                    f"New {name}", f"2020-02-{int(value) if isinstance(value, int) else 1:02d}", tags="[Japan]"
                )
            },
            None,
        )
        return
    file = files[index % len(files)]
    text = file.read_text(encoding="utf-8")
    if kind == "edit-body":
        file.write_text(text + f"\n{value}\n", encoding="utf-8")
    elif kind == "edit-tags":
        head, body = text.split("\n---\n", 1)
        head = "\n".join(line for line in head.splitlines() if not line.startswith("tags:"))
        file.write_text(f"{head}\ntags: [{', '.join(value)}]\n---\n{body}", encoding="utf-8")  # type: ignore[arg-type]
    elif kind == "front":  # a field set, in place of its line if there is one
        head, body = text.split("\n---\n", 1)
        value = str(value).replace("/old/path/", f"/old/{file.stem}/")  # (two files with one alias: an error)
        field = value.split(":", 1)[0]
        head = "\n".join(line for line in head.splitlines() if not line.startswith(f"{field}:"))
        file.write_text(f"{head}\n{value}\n---\n{body}", encoding="utf-8")
    elif kind == "edit-title":
        file.write_text(text.replace("title: ", f"title: {value} ", 1), encoding="utf-8")
    elif kind == "delete":
        file.unlink()
    elif kind == "rename":
        file.rename(file.with_name(f"r-{file.name}"))
    elif kind == "template":
        edit_template(root, index, counter)


def edit_template(root: Path, index: int, counter: list[int]) -> None:
    """A template edit: 404.html (0, 1), article.html (2), _head.html made to include extra.html (3), extra.html
    alone (4: read by every page once 3 has run, by none before), the teaser in _macros.html (5: teasers are kept
    between builds). Each edit writes new text."""
    counter[0] += 1
    folder = root / "templates"
    folder.mkdir(exist_ok=True)
    if index == 5:
        macros = (REPO / "templates/_macros.html").read_text(encoding="utf-8")
        edited = macros.replace('<div class="teaser-text">', f'<div class="teaser-text" data-edit="{counter[0]}">', 1)
        assert edited != macros
        (folder / "_macros.html").write_text(edited, encoding="utf-8")
    elif index < 2:
        text = "{% extends 'base.html' %}{% block main %}<p>Lost " + f"{index} {counter[0]}</p>" + "{% endblock %}\n"
        (folder / "404.html").write_text(text, encoding="utf-8")
    elif index == 2:
        original = (REPO / "templates/article.html").read_text(encoding="utf-8")
        edited = original.replace("</article>", f"<p>Edited {counter[0]}</p></article>", 1)
        (folder / "article.html").write_text(edited, encoding="utf-8")
    elif index == 3:
        head = (REPO / "templates/_head.html").read_text(encoding="utf-8")
        (folder / "_head.html").write_text(head + '{% include "extra.html" %}\n', encoding="utf-8")
    (folder / "extra.html").write_text(f'<meta name="edit" content="{counter[0]}">\n', encoding="utf-8")


@pytest.mark.slow
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(operation, min_size=1, max_size=5), fixed=st.booleans())
def test_incremental_output_equals_a_clean_build(
    tmp_path_factory, monkeypatch, steps: list[tuple[str, int, object]], fixed: bool
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pages, "ARTICLE_GROUP", 3)  # article pages planned in runs of about 3: a dozen make several
    monkeypatch.setattr(pages, "LIST_GROUP", 2)  # the home lists' 6 pages planned in groups of 2, a tag's 2 as one
    root = tmp_path_factory.mktemp("inc")
    files = {
        f"content/a{i}.md": article(f"Article {i}", f"2020-01-{i + 1:02d}", tags=f"[{TAGS[i % 4]}]") for i in range(12)
    }
    make_site(root, files, SITE_YAML + ("pagination: fixed\n" if fixed else ""))  # pages from the oldest, or newest
    assert build("--root", root, "--no-search", "--quiet")[0] == 0
    counter = [0]
    for step in steps:
        apply(root, step, counter)
        code, output = build("--root", root, "--no-search", "--quiet")
        assert code == 0, output
        clean = root / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        assert build("--root", root, "--no-search", "--quiet", "--no-cache", "--output", clean)[0] == 0
        assert tree_bytes(root / "build") == tree_bytes(clean), step


def test_only_changed_files_are_rewritten_and_mtimes_stay(tmp_path: Path) -> None:
    copy_demo(tmp_path)
    assert run_process("--root", tmp_path).code == 0
    build_dir = tmp_path / "build"
    stamps = {p: p.stat().st_mtime_ns for p in build_dir.rglob("*") if p.is_file()}
    again = run_process("--root", tmp_path)
    assert again.code == 0 and "Nothing changed since the last build" in again.out
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    workshop = tmp_path / "content/2016/asean-japan-workshop.txt"
    workshop.write_text(workshop.read_text(encoding="utf-8").replace("Close to 150", "Close to 160"), encoding="utf-8")
    result = run_process("--root", tmp_path)
    assert result.code == 0, result.err
    assert re.match(r"Updated \d+ files \(1 page\) of 20 articles in ", result.out), result.out
    changed = {p.relative_to(build_dir).as_posix() for p in stamps if p.exists() and p.stat().st_mtime_ns != stamps[p]}
    assert "prospects-of-asean-japan-cooperation-under-spotlight/index.html" in changed
    assert "feed.xml" in changed and "sources/vietnam-news-agency/feed.xml" in changed
    assert "briefing-on-the-rcep-negotiations/index.html" not in changed and "tags/index.html" not in changed
    assert (
        len([c for c in changed if not c.startswith("pagefind/")]) < 16
    )  # the page, its lists and feeds, in both views
    assert "Close to 160" in (build_dir / "prospects-of-asean-japan-cooperation-under-spotlight/index.html").read_text(
        encoding="utf-8"
    )
    reference = tmp_path / "reference"
    assert run_process("--root", tmp_path, "--no-cache", "--output", reference).code == 0
    assert tree_bytes(build_dir) == tree_bytes(reference)


def test_search_index_follows_an_incremental_edit_shard_by_shard(tmp_path: Path) -> None:
    copy_demo(tmp_path)
    with open(tmp_path / "content/site.yaml", "a", encoding="utf-8") as config:
        config.write("\nsearch_shard_size: 4\n")
    assert run_process("--root", tmp_path).code == 0
    bundle = tmp_path / "build/pagefind"
    listed = json.loads((bundle / "shards.json").read_text(encoding="utf-8"))["shards"]
    shards = listed["en"]
    assert len(shards) >= 4 and shards == sorted(shards, reverse=True)
    every = [name for names in listed.values() for name in names]  # no folder Pagefind ran over is left
    assert sorted(p.name for p in bundle.iterdir()) == sorted([*every, "shards.json"])
    urls = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
            for name in every for f in (bundle / name / "fragment").iterdir()]  # fmt: skip
    assert len(urls) == len(set(urls)) > 8  # each article page is in one shard only (Pagefind sees its shard alone)
    assert all((tmp_path / "build" / url.strip("/") / "index.html").is_file() for url in urls)
    stamps = {p: p.stat().st_mtime_ns for p in bundle.rglob("*") if p.is_file()}
    page = tmp_path / "content/2014/timor-leste-membership.md"  # filed in May 2014: the oldest shard
    page.write_text(page.read_text(encoding="utf-8") + "\nA xylophonequartz appears.\n", encoding="utf-8")
    assert run_process("--root", tmp_path).code == 0
    changed = {p.relative_to(bundle).parts[0] for p in stamps if not p.exists() or p.stat().st_mtime_ns != stamps[p]}
    assert changed == {shards[-1]}  # only the edited article's shard was indexed again
    reference = tmp_path / "reference"
    assert run_process("--root", tmp_path, "--no-cache", "--output", reference).code == 0
    assert tree_bytes(tmp_path / "build") == tree_bytes(reference)  # the Pagefind bundles too
    fragments = (bundle / shards[-1] / "fragment").iterdir()
    assert any(b"xylophonequartz" in gzip.decompress(p.read_bytes()) for p in fragments)


def _fragments(shard: Path) -> dict[str, tuple[int, str]]:
    """A shard folder's fragment files: name -> (inode, the URL of the page it is of)."""
    found = {}
    for file in (shard / "fragment").iterdir():
        data = json.loads(gzip.decompress(file.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[file.name] = (file.stat().st_ino, data["url"])
    return found


def _edit_oldest_shard(root: Path) -> tuple[str, dict[str, tuple[int, str]], dict[str, bytes]]:
    """Build the demo with shards of 4 pages, then edit an article of the oldest shard. Return that shard's name,
    its fragments and its pages' bytes before the edit."""
    copy_demo(root)
    with open(root / "content/site.yaml", "a", encoding="utf-8") as config:
        config.write("\nsearch_shard_size: 4\n")
    assert run_process("--root", root).code == 0
    oldest = json.loads((root / "build/pagefind/shards.json").read_text(encoding="utf-8"))["shards"]["en"][-1]
    fragments = _fragments(root / "build/pagefind" / oldest)
    pages = {url: (root / "build" / url.strip("/") / "index.html").read_bytes() for _, url in fragments.values()}
    page = root / "content/2014/timor-leste-membership.md"  # filed in May 2014: the oldest shard
    page.write_text(page.read_text(encoding="utf-8") + "\nA xylophonequartz appears.\n", encoding="utf-8")
    return oldest, fragments, pages


def test_an_edited_shard_keeps_the_live_fragment_files_of_its_unchanged_pages(tmp_path: Path) -> None:
    """Pagefind is given the live shard's fragments of the pages whose bytes did not change, and writes only the
    others: those files are the live ones (the same inode), and the bundle is still a clean build's."""
    oldest, before, pages = _edit_oldest_shard(tmp_path)
    assert run_process("--root", tmp_path).code == 0
    after = _fragments(tmp_path / "build/pagefind" / oldest)
    same = {
        url for url, old in pages.items() if (tmp_path / "build" / url.strip("/") / "index.html").read_bytes() == old
    }
    assert 0 < len(same) < len(after) == len(before)  # the edited page, and maybe its neighbours, changed
    for name, (inode, url) in after.items():  # an unchanged page's fragment is the live file; a changed one's new
        assert (before.get(name, (None, ""))[0] == inode) == (url in same), url
    reference = tmp_path / "reference"
    assert run_process("--root", tmp_path, "--no-cache", "--output", reference).code == 0
    assert tree_bytes(tmp_path / "build") == tree_bytes(reference)


def test_an_edited_shard_is_patched_with_its_changed_pages_indexed_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit's shard is not indexed whole again: Pagefind indexes its changed page alone, and that bundle is
    merged into the live one (write/search_merge.py), which gives the bytes of a clean build."""
    from cseas_site.write import search_index

    oldest, before, _pages = _edit_oldest_shard(tmp_path)
    alone: list[int] = []
    real = search_index.merged

    def merged(out: Path, live: Path, bundle: Path | None, *rest: Any) -> None:
        assert bundle is not None
        alone.extend(info["page_count"] for info in json.loads((bundle / "pagefind-entry.json").read_text())[
            "languages"].values())  # fmt: skip
        real(out, live, bundle, *rest)

    monkeypatch.setattr(search_index, "merged", merged)
    assert pipeline.build(SitePaths(tmp_path, tmp_path / "build"), search=True, jobs=1).incremental
    assert alone == [1]  # one shard patched, with one page indexed alone
    assert len(_fragments(tmp_path / "build/pagefind" / oldest)) == len(before)
    reference = tmp_path / "reference"
    assert run_process("--root", tmp_path, "--no-cache", "--output", reference).code == 0
    assert tree_bytes(tmp_path / "build") == tree_bytes(reference)


def test_a_shard_that_cannot_be_patched_is_indexed_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the live bundle cannot be patched (here: the theme gives sort values that are numbers, which
    Pagefind compares as numbers: search_merge leaves such a shard alone), the shard is indexed whole, and
    the site is still a clean build's."""
    copy_demo(tmp_path)
    with open(tmp_path / "content/site.yaml", "a", encoding="utf-8") as config:
        config.write("\nsearch_shard_size: 4\n")
    template = tmp_path / "templates/article.html"
    template.parent.mkdir(exist_ok=True)
    shutil.copyfile(REPO / "templates/article.html", template)
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace('data-pagefind-sort="date:{{ article | search_order }}"',
                                     'data-pagefind-sort="date:{{ article.date.year }}"'), encoding="utf-8")  # fmt: skip
    assert run_process("--root", tmp_path).code == 0
    page = tmp_path / "content/2014/timor-leste-membership.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA xylophonequartz appears.\n", encoding="utf-8")
    from cseas_site.write import search_index

    whole: list[str] = []
    real = search_index._run_pagefind
    monkeypatch.setattr(search_index, "_run_pagefind", lambda cwd, pages, out: (whole.append(pages.name),
                                                                                 real(cwd, pages, out)))  # fmt: skip
    assert pipeline.build(SitePaths(tmp_path, tmp_path / "build"), search=True, jobs=1).incremental
    assert len(whole) == 2 and whole[0] == "pages" and whole[1].startswith("en-")  # the page alone, the shard whole
    reference = tmp_path / "reference"
    assert run_process("--root", tmp_path, "--no-cache", "--output", reference).code == 0
    assert tree_bytes(tmp_path / "build") == tree_bytes(reference)


def test_a_shard_whose_run_lengthens_a_fragment_name_is_indexed_again_from_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When Pagefind lengthens a fragment's name (two pages' digests begin alike: which one gets the longer name
    depends on the order it finds them), a fragment given from the live shard could be another page's; the
    shard is then indexed again without any. The clash itself needs 28 bits of two SHA-1 digests alike, so it
    is said to have happened here."""
    from cseas_site.write import search_index

    oldest, before, _pages = _edit_oldest_shard(tmp_path)
    monkeypatch.setattr(search_index, "PATCH_SHARE", 0)  # indexed whole, not patched
    monkeypatch.setattr(search_index, "_lengthened", lambda names: True)
    assert pipeline.build(SitePaths(tmp_path, tmp_path / "build"), search=True, jobs=1).incremental
    after = _fragments(tmp_path / "build/pagefind" / oldest)
    assert not {inode for inode, _ in after.values()} & {inode for inode, _ in before.values()}
    reference = tmp_path / "reference"
    assert run_process("--root", tmp_path, "--no-cache", "--output", reference).code == 0
    assert tree_bytes(tmp_path / "build") == tree_bytes(reference)


def test_a_given_fragment_that_no_page_of_the_shard_has_now_is_not_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every fragment given to Pagefind is one of an unchanged page, so Pagefind's bundle names it; were one given
    that no page has (a Pagefind that names fragments otherwise), it would be a file of the published bundle that
    nothing reads: it is removed, and the shard is a clean build's."""
    from cseas_site.write import search_index

    _edit_oldest_shard(tmp_path)
    monkeypatch.setattr(search_index, "PATCH_SHARE", 0)  # indexed whole, not patched
    real_seed = search_index._seed
    strays: list[Path] = []

    def seed_with_a_stray(out: Path, previous: Path, shard: Any, kept: Any) -> bool:
        given = real_seed(out, previous, shard, kept)
        if given:  # a copy of a live fragment under a name of the usual length that no page has
            source = next((out / "fragment").iterdir())
            stray = source.with_name(source.name.rpartition("_")[0] + "_zzzzzzz.pf_fragment")
            shutil.copyfile(source, stray)
            strays.append(stray)
        return given

    monkeypatch.setattr(search_index, "_seed", seed_with_a_stray)
    assert pipeline.build(SitePaths(tmp_path, tmp_path / "build"), search=True, jobs=1).incremental
    assert [stray.name for stray in strays] and not any((tmp_path / "build").rglob("*_zzzzzzz.pf_fragment"))
    reference = tmp_path / "reference"
    assert run_process("--root", tmp_path, "--no-cache", "--output", reference).code == 0
    assert tree_bytes(tmp_path / "build") == tree_bytes(reference)


def test_the_search_index_s_pages_are_kept_linked_between_builds_and_an_edit_links_only_its_page(
    tmp_path: Path,
) -> None:
    """Pagefind reads each shard's pages from a folder of the build cache (search-pages/OUTPUT/SHARD), hard links
    to the pages at their own paths. It is kept between builds: an edit links its changed page again and leaves
    every other entry (and folder) as it was; a build without search removes it."""
    oldest, before, _pages = _edit_oldest_shard(tmp_path)
    [kept] = (tmp_path / ".cseas-cache/search-pages").glob(f"*/{oldest}")
    folders = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in kept.iterdir()}
    assert sorted(f"/{name}/" for name in folders) == sorted(url for _, url in before.values())  # nothing else
    for name in folders:  # each the live page itself
        assert (kept / name / "index.html").stat().st_ino == (tmp_path / "build" / name / "index.html").stat().st_ino
    assert run_process("--root", tmp_path).code == 0
    [edited] = [name for name in folders if b"xylophonequartz" in (kept / name / "index.html").read_bytes()]
    for name, stamp in folders.items():  # only the edited page's folder changed (its link was made again)
        assert ((kept / name).stat().st_ino, (kept / name).stat().st_mtime_ns) == stamp or name == edited, name
        assert (kept / name / "index.html").stat().st_ino == (tmp_path / "build" / name / "index.html").stat().st_ino
    assert (kept / edited).stat().st_mtime_ns != folders[edited][1]
    assert run_process("--root", tmp_path, "--no-search").code == 0
    assert not kept.parent.exists()


def test_search_pages_are_kept_only_on_the_file_system_of_the_site(tmp_path: Path) -> None:
    """A kept folder of copies (no hard links across file systems) would be copied again whole at each build, as
    each copy is a file of its own: on another file system than the site's, the pages go in a scratch folder."""
    from cseas_site.write.search_index import _linkable

    (tmp_path / "cache/search-pages").mkdir(parents=True)  # as the build cache makes it
    assert _linkable(tmp_path / "cache/search-pages/output", tmp_path)
    assert not _linkable(Path("/proc/search-pages/output"), tmp_path)  # /proc: another file system, always
    assert not _linkable(tmp_path / "missing/search-pages/output", tmp_path)


def test_a_build_with_nothing_to_do_says_how_many_articles_the_site_has(tmp_path: Path) -> None:
    make_site(tmp_path, {f"content/a{i}.md": article(f"A {i}", f"2020-01-0{i + 1}") for i in range(3)})
    assert run_process("--root", tmp_path).code == 0
    again = run_process("--root", tmp_path)
    assert again.code == 0 and again.out.startswith("Nothing changed since the last build of 3 articles;"), again.out


def test_an_unchanged_static_folder_is_not_read_by_an_incremental_build(
    built_demo: tuple[SitePaths, list[str]],
) -> None:
    """Static files are keyed by their names, times and sizes: an edit elsewhere opens none of them."""
    paths, _ = built_demo
    uploads = paths.static / "uploads" / "2016"
    uploads.mkdir(parents=True)
    for number in range(5):
        (uploads / f"photo-{number}.jpg").write_bytes(bytes([number]) * 1000)
    pipeline.build(paths, search=False)
    opened: list[str] = []

    def audit(event: str, args: tuple[object, ...]) -> None:
        if event == "open" and isinstance(args[0], (str, Path)) and str(paths.static) in str(args[0]):
            opened.append(str(args[0]))

    sys.addaudithook(audit)  # sees every file this process opens (jobs=1: no worker processes); it stays, harmless
    edit_article(paths, "One more line.")
    report = pipeline.build(paths, search=False, jobs=1)
    assert report.incremental and report.pages == 1 and opened == []
    (uploads / "photo-1.jpg").write_bytes(b"a new photo")
    opened.clear()  # the line above opened it too
    report = pipeline.build(paths, search=False, jobs=1)
    assert report.files == 1 and opened == [str(uploads / "photo-1.jpg")]  # the changed file only
    assert (paths.output / "uploads/2016/photo-1.jpg").read_bytes() == b"a new photo"
    assert_same_as_a_clean_build(paths)


def test_no_cache_forces_a_cold_build(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")})
    assert run_process("--root", tmp_path).code == 0
    first = tree_bytes(tmp_path / "build")
    result = run_process("--root", tmp_path, "--no-cache")
    assert result.code == 0 and result.out.startswith("Built 1 article and")
    assert tree_bytes(tmp_path / ".build.standby") == first  # the site it replaced: the next build's standby


def folders(tree: Path) -> list[str]:
    return sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_dir())


def test_a_build_without_a_record_reads_the_trees_it_finds_keeps_equal_files_and_removes_the_rest(
    tmp_path: Path,
) -> None:
    """A build that trusts no record (--no-cache, a lost cache) does not delete the standby tree and the site it
    replaces: it reads them. Files whose bytes it would write are kept as they are (the same file), the others
    replaced, and whatever no clean build holds is removed, symbolic links without being followed."""
    make_site(tmp_path, {f"content/{n}.md": article(f"Story {n}", f"2020-01-{n + 1:02d}") for n in range(4)})
    paths = SitePaths(tmp_path, tmp_path / "build")
    pipeline.build(paths, search=False)
    pipeline.build(paths, search=False, cache=False)  # the first site is the standby now, with no record of it
    second = tree_bytes(paths.output)
    standby = tmp_path / ".build.standby"
    outside = tmp_path / "outside.txt"
    outside.write_text("not the site's", encoding="utf-8")
    (standby / "stale/deeper").mkdir(parents=True)
    (standby / "stale/deeper/old.html").write_text("a page the site no longer has", encoding="utf-8")
    (standby / "empty/folders").mkdir(parents=True)
    (standby / "tags/index.html").unlink()
    (standby / "tags/index.html").write_text("half-written", encoding="utf-8")
    (standby / "link.html").symlink_to(outside)
    (standby / "feed.xml").unlink()
    (standby / "feed.xml").symlink_to(outside)  # a link where the site has a file: replaced, never written through
    old = {path: (standby / path).stat().st_ino for path in tree_bytes(standby) if not (standby / path).is_symlink()}
    links = {path: (standby / path).stat().st_nlink for path in old}
    old_bytes = tree_bytes(standby)
    (tmp_path / "content/3.md").write_text(article("Story 3", "2020-01-04") + "\nEdited.\n", encoding="utf-8")
    report = pipeline.build(paths, search=False, cache=False)
    assert not report.incremental
    assert_same_as_a_clean_build(paths)
    assert folders(paths.output) == folders(paths.root / "reference")  # no folder a clean build lacks
    assert outside.read_text(encoding="utf-8") == "not the site's"
    new = tree_bytes(paths.output)
    same = [path for path in old if path != ".cseas-build" and old_bytes[path] == new.get(path)]
    changed = [path for path in old if path in new and old_bytes[path] != new[path]]
    assert len(same) > 10 and "tags/index.html" in changed
    assert all((paths.output / path).stat().st_ino == old[path] for path in same)  # kept, not written again
    for path in changed:  # written into where the file was the standby's alone (writer._rewrite), else replaced
        assert ((paths.output / path).stat().st_ino == old[path]) == (links[path] == 1)
    assert links["tags/index.html"] == 1  # (a file the live site shares: tests/unit/test_writer.py)
    # and the site it replaced is the next build's standby, read as it is
    assert tree_bytes(standby) == second


def test_a_static_file_that_becomes_a_folder_and_back_is_published_by_every_build(tmp_path: Path) -> None:
    """The stage a build writes into holds the site of an earlier build, a file where this one has a folder
    (static/docs, then static/docs/a.txt) or the reverse: each build still equals a clean one, with or without
    a record of the trees."""
    make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")})
    paths = SitePaths(tmp_path, tmp_path / "build")
    shapes = [{"docs": "a file"}, {"docs/a.txt": "a folder"}, {"docs": "a file again"}, {"docs/a/b.txt": "deeper"}]
    for number, shape in enumerate(shapes * 2):
        shutil.rmtree(tmp_path / "static", ignore_errors=True)
        for name, text in shape.items():
            (tmp_path / "static" / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "static" / name).write_text(text, encoding="utf-8")
        pipeline.build(paths, search=False, cache=number < len(shapes))
        assert_same_as_a_clean_build(paths)
        assert folders(paths.output) == folders(paths.root / "reference")


@pytest.fixture
def built_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[SitePaths, list[str]]:
    """The demo site built once (without search), and a list that then names every file the parser reads."""
    copy_demo(tmp_path)
    paths = SitePaths(tmp_path, tmp_path / "build")
    pipeline.build(paths, search=False)
    parsed: list[str] = []
    real_load = loader.load_file

    def counting_load(source: loader.ContentFile, config: Config) -> Parsed:  # the real parser, counted
        parsed.append(source.file.name)
        return real_load(source, config)

    monkeypatch.setattr(loader, "load_file", counting_load)
    return paths, parsed


EDITED = "timor-leste-membership.md"  # a demo article, in content/2014/


def edit_article(paths: SitePaths, line: str) -> None:
    """Add a line to the body of one demo article."""
    edited = paths.content / "2014" / EDITED
    edited.write_text(edited.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def assert_same_as_a_clean_build(paths: SitePaths) -> None:
    reference = paths.root / "reference"
    pipeline.build(SitePaths(paths.root, reference), search=False, cache=False)
    assert tree_bytes(paths.output) == tree_bytes(reference)


def test_the_parse_cache_is_keyed_by_content_so_a_touched_file_is_not_parsed_again(
    built_demo: tuple[SitePaths, list[str]],
) -> None:
    paths, parsed = built_demo
    touched = paths.content / "2016/asean-japan-workshop.txt"
    later = touched.stat().st_mtime_ns + 60_000_000_000
    os.utime(touched, ns=(later, later))  # new times, same text (a checkout, a copy, `touch`)
    edit_article(paths, "One more line.")
    report = pipeline.build(paths, search=False)
    assert parsed == [EDITED]
    assert report.incremental and report.pages == 1
    os.utime(touched, ns=(later + 10**9, later + 10**9))
    assert pipeline.build(paths, search=False).files == 0 and parsed == [EDITED]


def test_another_release_of_python_markdown_parses_every_file_again(
    built_demo: tuple[SitePaths, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgraded Python-Markdown (or another library that shapes pages) may make other HTML of the same text: the
    parse results and pages of the last release are not kept (the build equals a clean one)."""
    paths, parsed = built_demo
    assert pipeline.build(paths, search=False).files == 0 and parsed == []
    content = sorted(p.name for p in paths.content.rglob("*") if p.suffix in (".md", ".txt"))
    monkeypatch.setattr(markdown, "__version__", "99.0")
    inputs.program_key.cache_clear()
    try:
        pipeline.build(paths, search=False)
    finally:
        monkeypatch.undo()
        inputs.program_key.cache_clear()
    assert sorted(parsed) == content
    assert_same_as_a_clean_build(paths)


def test_a_template_edit_re_renders_every_page_without_parsing_again(
    built_demo: tuple[SitePaths, list[str]],
) -> None:
    paths, parsed = built_demo
    stamps = {p: p.stat().st_mtime_ns for p in paths.output.rglob("*") if p.is_file()}
    paths.templates.mkdir()
    base = (REPO / "templates/base.html").read_text(encoding="utf-8")
    assert "</footer>" in base
    (paths.templates / "base.html").write_text(base.replace("</footer>", "<p>Edited footer</p></footer>"))
    report = pipeline.build(paths, search=False)
    assert parsed == [] and report.pages > 80 and report.incremental
    page = paths.output / "prospects-of-asean-japan-cooperation-under-spotlight/index.html"
    assert "<p>Edited footer</p>" in page.read_text(encoding="utf-8")
    kept = {p.relative_to(paths.output).as_posix() for p, mtime in stamps.items() if p.stat().st_mtime_ns == mtime}
    assert {"feed.xml", "rss.xml", "sitemap.xml", "tags/japan/feed.xml"} <= kept  # same bytes: not written again
    kept_pages = [paths.output / name for name in kept if name.endswith(".html")]
    assert all(b"</footer>" not in page.read_bytes() for page in kept_pages)  # only alias redirects stay
    assert_same_as_a_clean_build(paths)
    parsed.clear()  # the reference build parsed every file
    site_yaml = paths.content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "\nfeed_size: 5\n", encoding="utf-8")
    pipeline.build(paths, search=False)
    assert len(parsed) == 24  # site.yaml may change how files parse: every content file is parsed again


def test_a_template_edit_makes_again_only_the_pages_that_read_it(built_demo: tuple[SitePaths, list[str]]) -> None:
    """A page's key holds the digests of the templates it reads: an edit of article.html re-keys (so makes
    again) the article pages alone, not the lists, feeds or sitemap; a partial that only article.html
    includes is followed too, and a template no page reads changes no key."""
    paths, _ = built_demo

    def keys() -> dict[str, str]:
        saved = Saved.read(paths.cache)
        assert saved is not None
        return dict(saved.trees.live.keys)

    before = keys()
    paths.templates.mkdir()
    original = (REPO / "templates/article.html").read_text(encoding="utf-8")
    (paths.templates / "article.html").write_text(
        original.replace("</article>", '{% include "article_note.html" %}</article>', 1), encoding="utf-8"
    )
    (paths.templates / "article_note.html").write_text("<p>Template edit one</p>\n", encoding="utf-8")
    pipeline.build(paths, search=False)
    after = keys()
    marked = {p for p in after if p.endswith(".html") and b"Template edit one" in (paths.output / p).read_bytes()}
    assert len(marked) >= 20  # every article page of the demo
    assert {p for p in after if after[p] != before.get(p)} == marked
    (paths.templates / "article_note.html").write_text("<p>Template edit two</p>\n", encoding="utf-8")
    pipeline.build(paths, search=False)
    again = keys()
    assert {p for p in again if again[p] != after[p]} == marked
    (paths.templates / "unused.html").write_text("<p>read by no page</p>\n", encoding="utf-8")
    pipeline.build(paths, search=False)
    assert keys() == again
    assert_same_as_a_clean_build(paths)


def test_the_shard_list_is_replaced_never_written_through_a_link_the_live_site_shares(tmp_path: Path) -> None:
    copy_demo(tmp_path)
    with open(tmp_path / "content/site.yaml", "a", encoding="utf-8") as config:
        config.write("\nsearch_shard_size: 4\n")
    listing = tmp_path / "build/pagefind/shards.json"
    assert run_process("--root", tmp_path).code == 0
    page = tmp_path / "content/2014/timor-leste-membership.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert run_process("--root", tmp_path).code == 0  # now the standby tree shares files with the live one
    before = listing.read_bytes()
    for day in range(1, 5):  # a month of four articles: a new shard of its own
        (tmp_path / f"content/new-{day}.md").write_text(article(f"New {day}", f"2025-11-0{day}"), encoding="utf-8")
    assert run_process("--root", tmp_path).code == 0
    assert b'"en-2025-11"' in listing.read_bytes() and b"2025-11" not in before
    # The previous site, kept as the standby, still lists its own shards: the live file was never changed in place.
    assert (tmp_path / ".build.standby/pagefind/shards.json").read_bytes() == before


def test_a_build_killed_while_changing_the_standby_tree_leaves_it_unknown(
    built_demo: tuple[SitePaths, list[str]],
) -> None:
    paths, _ = built_demo
    edit_article(paths, "One more line.")
    pipeline.build(paths, search=False)  # the standby tree now exists, known to the cache
    standby = paths.root / ".build.standby"
    # What a build killed half-way through changing the standby leaves: a file of neither site, and no marker
    # (a build removes the standby's marker before it changes anything in it).
    spoiled = standby / "tags/index.html"
    spoiled.unlink()
    spoiled.write_text("half-written", encoding="utf-8")
    (standby / ".cseas-build").unlink()
    edit_article(paths, "And another.")
    assert pipeline.build(paths, search=False).incremental
    assert_same_as_a_clean_build(paths)


def test_a_page_made_again_build_after_build_is_written_into_the_standbys_own_file_never_into_the_live_site(
    tmp_path: Path,
) -> None:
    """Each build makes the new site in the standby tree (the site before last) and swaps it in. The home page,
    made again as each article is added, is written into the standby's own file of it (the same inode) once
    the standby has one, while the live site is never written into: after each swap, the site it replaced,
    now the standby, holds exactly the bytes readers were given; and the new site is the one a clean build
    makes."""
    make_site(tmp_path, {f"content/a{i}.md": article(f"Article {i}", f"2020-01-{i + 1:02d}") for i in range(3)})
    paths = SitePaths(tmp_path, tmp_path / "build")
    standby = tmp_path / ".build.standby"
    pipeline.build(paths, search=False)
    for number in range(4):
        make_site(tmp_path, {f"content/new-{number}.md": article(f"New {number}", f"2021-02-0{number + 1}")}, None)
        given = tree_bytes(paths.output)
        own = (standby / "index.html").stat() if standby.exists() else None
        pipeline.build(paths, search=False)
        assert tree_bytes(standby) == given
        assert f"New {number}" in (paths.output / "index.html").read_text(encoding="utf-8")
        if own is not None and own.st_nlink == 1:  # the standby's own file: written into, not replaced
            assert (paths.output / "index.html").stat().st_ino == own.st_ino
        shared = (paths.output / "index.html").stat().st_nlink
        assert shared == 1  # the page made again is the new site's alone
    assert own is not None and own.st_nlink == 1  # the last builds wrote into their standby's own file
    assert_same_as_a_clean_build(paths)


def test_a_standby_tree_changed_behind_the_builds_back_is_not_trusted(
    built_demo: tuple[SitePaths, list[str]],
) -> None:
    """The standby is trusted only while its marker is the one the last build wrote: a new marker file (a copy,
    a restore from backup) makes the next build start it again from the live tree."""
    paths, _ = built_demo
    edit_article(paths, "One more line.")
    pipeline.build(paths, search=False)
    standby = paths.root / ".build.standby"
    (standby / "tags/index.html").unlink()
    (standby / "tags/index.html").write_text("not what the cache says", encoding="utf-8")
    marker = standby / ".cseas-build"
    text = marker.read_bytes()
    marker.unlink()
    marker.write_bytes(text)  # the same bytes in a new file: another tree as far as the cache can tell
    edit_article(paths, "And another.")
    pipeline.build(paths, search=False)
    assert_same_as_a_clean_build(paths)


def test_an_edit_rewrites_one_bucket_of_the_parse_cache_and_a_bucket_of_another_parse_key_is_not_trusted(
    built_demo: tuple[SitePaths, list[str]],
) -> None:
    paths, parsed = built_demo
    buckets = paths.root / ".cseas-cache/parsed"
    stamps = {p: p.stat().st_mtime_ns for p in buckets.iterdir()}
    edit_article(paths, "One more line.")
    pipeline.build(paths, search=False)
    rewritten = [p for p in stamps if p.stat().st_mtime_ns != stamps[p]]
    assert len(rewritten) == 1 and parsed == [EDITED]
    # A bucket saved under another parse key (a build killed while saving after site.yaml changed):
    other = next(p for p in sorted(buckets.iterdir()) if p not in rewritten and pickle.loads(p.read_bytes())[1])
    key, entries = pickle.loads(other.read_bytes())
    other.write_bytes(pickle.dumps(("another parse key", entries)))
    parsed.clear()
    edit_article(paths, "And another.")
    pipeline.build(paths, search=False)
    assert sorted(parsed) == sorted({EDITED, *(Path(name).name for name in entries)})
    assert pickle.loads(other.read_bytes())[0] == key  # saved again under the right key


def test_a_long_running_process_reuses_the_buckets_it_saved_until_another_process_replaces_one(
    built_demo: tuple[SitePaths, list[str]],
) -> None:
    from cseas_site.cache.parse_cache import ParseCache
    from cseas_site.write.writer import atomic_write

    paths, _ = built_demo
    buckets = paths.root / ".cseas-cache/parsed"
    key, entries = next(found for p in sorted(buckets.iterdir()) if (found := pickle.loads(p.read_bytes()))[1])
    first = ParseCache(buckets, key, trusted=True, resident=True)
    first._read()
    again = ParseCache(buckets, key, trusted=True, resident=True)
    again._read()
    name = next(iter(entries))
    assert again.entries[name] is first.entries[name]  # from memory: the file is the one this process saved
    once = ParseCache(buckets, key, trusted=True)  # a one-off build's: read from the file
    once._read()
    assert once.entries[name] is not first.entries[name] and once.entries[name] == first.entries[name]
    file = next(p for p in buckets.iterdir() if name in pickle.loads(p.read_bytes())[1])
    edited = {n: e._replace(parsed=e.parsed._replace(title="Saved by another build")) for n, e in
              pickle.loads(file.read_bytes())[1].items()}  # fmt: skip
    atomic_write(file, pickle.dumps((key, edited)))  # another process (a second build) saves that bucket
    later = ParseCache(buckets, key, trusted=True, resident=True)
    later._read()
    assert later.entries[name].parsed.title == "Saved by another build"


def test_the_cache_of_an_earlier_version_is_replaced_and_its_files_removed(
    built_demo: tuple[SitePaths, list[str]],
) -> None:
    paths, parsed = built_demo
    cache = paths.root / ".cseas-cache"
    (cache / "state.pickle").write_bytes(b"an earlier version's state")
    (cache / "sources.pickle").write_bytes(b"where an earlier version kept every parse result")
    (cache / "sources").mkdir()
    (cache / "sources" / "00.pickle").write_bytes(b"its buckets")
    report = pipeline.build(paths, search=False)
    assert not report.unchanged and len(parsed) == 24  # nothing of the old cache is trusted
    assert not (cache / "sources.pickle").exists() and not (cache / "sources").exists()
    assert pipeline.build(paths, search=False).unchanged


def test_a_template_mistake_publishes_nothing_and_leaves_the_standby_tree_unknown(
    built_demo: tuple[SitePaths, list[str]],
) -> None:
    paths, _ = built_demo
    edit_article(paths, "One more line.")
    pipeline.build(paths, search=False)  # the standby tree now exists, known to the cache
    before = tree_bytes(paths.output)
    probe = paths.root / ".build.standby/probe.txt"  # a file no build knows of: it stays while the standby does
    probe.write_text("the standby before the failed build", encoding="utf-8")
    paths.templates.mkdir()
    base = (REPO / "templates/base.html").read_text(encoding="utf-8")
    (paths.templates / "base.html").write_text(base.replace("</footer>", "{{ no_such_thing }}</footer>"))
    with pytest.raises(SiteError):  # every page is made again, into the standby, until the mistake
        pipeline.build(paths, search=False)
    assert tree_bytes(paths.output) == before
    (paths.templates / "base.html").write_text(base.replace("</footer>", "<p>Fixed</p></footer>"))
    assert pipeline.build(paths, search=False).incremental
    assert not (paths.output / "probe.txt").exists()  # the half-changed standby was made again, not swapped in
    assert_same_as_a_clean_build(paths)


def test_builds_in_one_process_do_not_pile_up_what_the_collector_cannot_reach(
    built_demo: tuple[SitePaths, list[str]],
) -> None:
    """`serve` builds again and again in one process: each build's frozen records must not outlive the next."""
    paths, _ = built_demo
    frozen = []
    for round_ in range(6):
        edit_article(paths, f"Line {round_}.")
        paths.templates.mkdir(exist_ok=True)  # a theme change too: every page is made again, in this process
        (paths.templates / "404.html").write_text(
            "{% extends 'base.html' %}{% block main %}<p>Lost " + str(round_) + "</p>{% endblock %}\n"
        )
        pipeline.build(paths, search=False, jobs=1)
        frozen.append(gc.get_freeze_count())
    assert frozen[-1] - frozen[1] < 100, frozen  # without collecting first: about 400 more each build


def test_resident_builds_in_a_row_leave_their_collection_to_a_quiet_moment_but_not_for_long(
    built_demo: tuple[SitePaths, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve and the build daemon collect the last build's records when quiet, so an edit saved right after
    another does not wait for it; of builds that come in a row with no quiet moment, one in OWED_BUILDS
    collects what the ones before it left. A build that is not resident collects first, every time."""
    paths, _ = built_demo
    pipeline.release_last_build()
    collections = []
    real_collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda *args: collections.append(1) or real_collect(*args))
    rounds = 2 * pipeline.OWED_BUILDS + 1
    for round_ in range(rounds):
        edit_article(paths, f"Line {round_}.")
        pipeline.build(paths, search=False, jobs=1, resident=True, notify=lambda _: None)
        pipeline.finish_saving()
    assert len(collections) == (rounds - 1) // pipeline.OWED_BUILDS == 2
    assert gc.get_freeze_count() > 0
    pipeline.release_last_build()  # the quiet moment
    assert gc.get_freeze_count() == 0 and len(collections) == 3
    for round_ in range(2):
        edit_article(paths, f"Again {round_}.")
        pipeline.build(paths, search=False, jobs=1, notify=lambda _: None)
    assert len(collections) == 4  # the second build collected what the first froze


def teasers_made(pieces: Path, since: int = 0) -> dict[str, bytes]:
    """The teasers kept in the pieces file from byte ``since`` (the records a build appended), by slot, with the
    digest each was made from (not the parts made by code: pieces_made)."""
    return {slot: made for slot, made in pieces_made(pieces, since).items() if slot.split("\0")[1] != "<code>"}


def pieces_made(pieces: Path, since: int = 0) -> dict[str, bytes]:
    """Every piece kept in the pieces file from byte ``since``, by slot, with the digest each was made from
    (cache/pieces.py: each record is its length, then a marshal of (version, {slot: digest + NUL + packed}))."""
    import marshal

    from cseas_site.cache.pieces import LENGTH

    data, slots = pieces.read_bytes(), {}
    while since < len(data):
        length = LENGTH.unpack_from(data, since)[0]
        record = marshal.loads(data[since + LENGTH.size : since + LENGTH.size + length])[1]
        slots.update({slot: piece.partition(b"\0")[0] for slot, piece in record.items()})
        since += LENGTH.size + length
    return slots


def built_with_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[SitePaths, Path]:
    """A site of 12 tagged articles built once, its pages made by 2 forked workers (as a large site's are), and
    the pieces file of its cache."""
    from cseas_site.write import executor

    monkeypatch.setattr(executor, "PARALLEL_FROM", 1)
    files = {
        f"content/a{i}.md": article(f"Article {i}", f"2020-01-{i + 1:02d}", tags=f"[{TAGS[i % 4]}]") for i in range(12)
    }
    make_site(tmp_path, files)
    paths = SitePaths(tmp_path, tmp_path / "build")
    pipeline.build(paths, search=False, jobs=2)
    return paths, paths.cache / "pieces.marshal"


def test_each_articles_feed_entry_is_made_once_a_build_though_forked_workers_make_the_feeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every feed that shows an article (the site's, its language's, its tag's, its year's...) reuses one entry
    body, made once a build: the feeds are made by one worker, not spread over the workers that make pages."""
    from cseas_site.output import feeds

    made = tmp_path / "made.txt"
    original = feeds.Entries.escaped

    def counting(self: feeds.Entries, item: Article) -> bytes:  # made as before; each making written down
        with made.open("a", encoding="utf-8") as file:
            file.write(f"{item.slug}\n")
        return original(self, item)

    monkeypatch.setattr(feeds.Entries, "escaped", counting)
    paths, _ = built_with_workers(tmp_path / "site", monkeypatch)
    bodies = made.read_text(encoding="utf-8").splitlines()
    assert sorted(bodies) == sorted(f"article-{i}" for i in range(12))  # each once, none left out
    assert (paths.output / "tags/japan/feed.xml").read_bytes().count(b"<entry") == 3
    assert_same_as_a_clean_build(paths)


def test_teasers_are_kept_between_builds_so_an_added_article_makes_only_its_own_even_in_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An added article shifts every page of the lists it is on; those pages are made again by forked workers,
    with the teasers the last build kept (each is made again only when what it is made from changed), and the
    site is the one a clean build makes. A teaser template edit makes every teaser again."""
    paths, pieces = built_with_workers(tmp_path, monkeypatch)
    first = teasers_made(pieces, 0)
    assert {article_of(slot) for slot in first} == {f"article-{i}/" for i in range(12)}  # two workers may make one
    size = pieces.stat().st_size
    make_site(tmp_path, {"content/new.md": article("New", "2020-02-01", tags="[Japan]")}, None)
    report = pipeline.build(paths, search=False, jobs=2)
    assert report.pages > 10  # every page of the home list, the Japan tag and 2020 shifted
    assert {article_of(slot) for slot in teasers_made(pieces, size)} == {"new/"}
    assert_same_as_a_clean_build(paths)
    shutil.rmtree(paths.root / "reference")
    macros = (REPO / "templates/_macros.html").read_text(encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/_macros.html").write_text(
        macros.replace('<div class="teaser-text">', '<div class="teaser-text" data-edited>', 1), encoding="utf-8"
    )
    before = teasers_made(pieces)
    pipeline.build(paths, search=False, jobs=2)
    after = teasers_made(pieces)
    assert {article_of(slot) for slot in after} == {"new/", *(f"article-{i}/" for i in range(12))}
    assert set(after) == set(before) and not set(before.items()) & set(after.items())  # each made again, in its slot
    assert (paths.output / "tags/japan/index.html").read_text(encoding="utf-8").count("data-edited") == 2  # per_page
    assert_same_as_a_clean_build(paths)
    shutil.rmtree(paths.root / "reference")
    edited = (tmp_path / "templates/_macros.html").read_text(encoding="utf-8").replace("data-edited", "data-again")
    (tmp_path / "templates/_macros.html").write_text(edited, encoding="utf-8")  # same file, same lines
    pipeline.build(paths, search=False, jobs=2)
    again = teasers_made(pieces)
    assert set(again) == set(after) and not set(again.items()) & set(after.items())  # each made from the new text
    assert (paths.output / "tags/japan/index.html").read_text(encoding="utf-8").count("data-again") == 2
    assert_same_as_a_clean_build(paths)


def test_an_edit_of_the_page_frame_makes_every_page_again_with_the_teasers_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A teaser macro is called without the page's context: an edit of base.html or list.html, which makes every
    page again, makes no teaser again (the file gains none), and the site is the one a clean build makes. The
    home page and a tag's pages share one piece per article."""
    paths, pieces = built_with_workers(tmp_path, monkeypatch)
    first = teasers_made(pieces)
    assert len({article_of(slot) for slot in first}) == 12
    assert all(slot.split("\0")[1] == "_macros.html" for slot in first)  # the macro's template, not the page's
    (tmp_path / "templates").mkdir()
    for name, marker in (("base.html", "\n<body"), ("list.html", "\n<h1")):
        theme = (REPO / "templates" / name).read_text(encoding="utf-8")
        assert theme.count(marker) == 1
        (tmp_path / "templates" / name).write_text(theme.replace(marker, f"{marker} data-frame-{len(name)}", 1))
        size = pieces.stat().st_size
        report = pipeline.build(paths, search=False, jobs=2)
        assert report.pages > 20  # every page that extends it
        assert pieces_made(pieces, size) == {}  # not one teaser made again, nor the articles' citations
        japan = (paths.output / "tags/japan/index.html").read_text(encoding="utf-8")
        assert f"data-frame-{len(name)}" in japan and japan.count('class="teaser') >= 2
        assert_same_as_a_clean_build(paths)
        shutil.rmtree(paths.root / "reference")


def test_citations_are_kept_between_builds_until_their_article_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit of article.html makes every article page again, each with the citations (BibTeX, RIS, CSL-JSON)
    the last build made; an edited article's are made again, with what changed. Either way the site is the one
    a clean build makes."""
    import base64
    import re

    from cseas_site.write import executor

    monkeypatch.setattr(executor, "PARALLEL_FROM", 1)  # the pieces are read even by this small build
    files = {f"content/a{i}.md": article(f"Article {i}", f"2020-01-{i + 1:02d}") for i in range(6)}
    make_site(tmp_path, files)
    paths = SitePaths(tmp_path, tmp_path / "build")
    pipeline.build(paths, search=False, jobs=2)
    pieces = paths.cache / "pieces.marshal"
    cites = {slot for slot in pieces_made(pieces) if slot.split("\0")[1:4] == ["<code>", "", "cite"]}
    assert {article_of(slot) for slot in cites} == {f"article-{i}/" for i in range(6)}
    (tmp_path / "templates").mkdir()
    theme = (REPO / "templates/article.html").read_text(encoding="utf-8")
    (tmp_path / "templates/article.html").write_text(theme.replace("{% block main %}", "{% block main %}<hr>", 1))
    size = pieces.stat().st_size
    assert pipeline.build(paths, search=False, jobs=2).pages >= 6
    assert pieces_made(pieces, size) == {}
    assert_same_as_a_clean_build(paths)
    shutil.rmtree(paths.root / "reference")
    make_site(tmp_path, {"content/a2.md": article("Article 2", "2020-01-03", tags="[Maritime Trade]")}, None)
    size = pieces.stat().st_size
    pipeline.build(paths, search=False, jobs=2)
    assert {slot for slot in pieces_made(pieces, size) if "<code>" in slot} == {
        slot for slot in cites if article_of(slot) == "article-2/"
    }
    page = (paths.output / "article-2/index.html").read_text(encoding="utf-8")
    bibtex = re.search(r"data:application/x-bibtex;charset=utf-8;base64,([A-Za-z0-9+/=]+)", page)
    assert bibtex is not None and "keywords = {Maritime Trade}" in base64.b64decode(bibtex.group(1)).decode("utf-8")
    assert_same_as_a_clean_build(paths)
    shutil.rmtree(paths.root / "reference")
    # an edit of the body alone keeps the citations: they read none of it (citations.cited)
    edited = article("Article 2", "2020-01-03", tags="[Maritime Trade]").replace("Body", "Body, rewritten")
    make_site(tmp_path, {"content/a2.md": edited}, None)
    size = pieces.stat().st_size
    assert pipeline.build(paths, search=False, jobs=2).pages >= 1
    assert "Body, rewritten" in (paths.output / "article-2/index.html").read_text(encoding="utf-8")
    assert not {slot for slot in pieces_made(pieces, size) if "<code>" in slot}
    assert_same_as_a_clean_build(paths)


def test_two_macros_of_one_name_from_different_templates_keep_teasers_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site's list template shows each article with two macros named "teaser", imported from two templates:
    each keeps its own pieces, so the build after an added article shows each macro's output, as a clean build
    does."""
    from cseas_site.write import executor

    monkeypatch.setattr(executor, "PARALLEL_FROM", 1)  # the pieces are read even by this small build
    files = {f"content/a{i}.md": article(f"Article {i}", f"2020-01-{i + 1:02d}") for i in range(5)}
    make_site(tmp_path, files)
    folder = tmp_path / "templates"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"_{name}.html").write_text(
            f'{{% macro teaser(article, show_source=true) %}}<p class="{name}">{{{{ article.title }}}}</p>'
            "{% endmacro %}\n",
            encoding="utf-8",
        )
    listing = (REPO / "templates/list.html").read_text(encoding="utf-8")
    line = '{{ teaser | once(article, show_source=page.kind != "source") }}'
    assert line in listing
    listing = listing.replace(line, line.replace("teaser", "teaser_a") + line.replace("teaser", "teaser_b"))
    listing = listing.replace('{% extends "layout.html" %}', '{% extends "layout.html" %}{% from "_a.html" import '
                              'teaser as teaser_a %}{% from "_b.html" import teaser as teaser_b %}', 1)  # fmt: skip
    (folder / "list.html").write_text(listing, encoding="utf-8")
    paths = SitePaths(tmp_path, tmp_path / "build")
    pipeline.build(paths, search=False, jobs=1)
    make_site(tmp_path, {"content/new.md": article("New", "2020-02-01")}, None)
    pipeline.build(paths, search=False, jobs=1)
    page = (paths.output / "page/2/index.html").read_text(encoding="utf-8")
    assert page.count('<p class="a">') == page.count('<p class="b">') == 2
    assert_same_as_a_clean_build(paths)


def test_a_plan_on_top_of_the_last_one_keeps_untouched_lists_and_equals_a_fullplan_site(tmp_path: Path) -> None:
    """A list whose articles (and everything else its pages show) did not change keeps its pages' and feeds'
    recorded keys instead of being planned page by page; the lists that show an edited article are planned again. Either
    way the tasks are exactly those of a plan made from nothing: same paths, same keys."""
    from cseas_site.output.keys import Groups

    files = {
        f"content/a{i}.md": article(f"Article {i}", f"2020-01-{i + 1:02d}", tags=f"[{TAGS[i % 4]}]") for i in range(12)
    }
    make_site(tmp_path, files)
    first = plan_site(tmp_path)
    assert not first.kept and not any(task.is_kept for task in first.tasks)
    edited = tmp_path / "content/a0.md"  # tagged Japan: the ASEAN, Trade and Security lists do not show it
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA new last line.\n", encoding="utf-8")
    full = plan_site(tmp_path)
    again = plan_site(tmp_path, Groups(first.groups, {task.path: task.key for task in first.tasks}))
    assert sorted((t.path, t.key) for t in again.every_task()) == sorted((t.path, t.key) for t in full.tasks)
    assert again.groups == full.groups
    kept = {task.path for task in again.every_task() if task.is_kept}
    assert kept == {path for group in again.kept for path in group.paths}  # kept as groups, not planned
    assert "tags/asean/index.html" in kept and "tags/trade/index.html" in kept
    assert "tags/japan/index.html" not in kept and "index.html" not in kept  # they show the edited article
    assert {"tags/asean/feed.xml", "tags/asean/rss.xml"} <= kept  # a list's feeds are kept with it
    assert not {"tags/japan/feed.xml", "tags/japan/rss.xml", "feed.xml", "feed.json"} & kept
    changed = {t.path for t, before in zip(full.tasks, first.tasks, strict=False) if t.key != before.key}
    assert not changed & kept


def test_article_pages_are_kept_in_runs_and_an_edit_plans_again_only_the_runs_that_show_the_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Article pages are planned in runs cut where an article's digest says: a run none of whose pages shows
    an edited article (as itself or as a neighbour) keeps its recorded keys; the plan equals one made from
    nothing; an added article changes the runs around it, not every run after it."""
    from cseas_site.output.keys import Groups

    monkeypatch.setattr(pages, "ARTICLE_GROUP", 3)
    files = {f"content/a{i:02d}.md": article(f"Article {i}", f"2020-01-{i + 1:02d}", tags="[Japan]") for i in range(24)}
    make_site(tmp_path, files)
    first = plan_site(tmp_path)

    def on_top(last):  # type: ignore[no-untyped-def]
        return plan_site(tmp_path, Groups(last.groups, {task.path: task.key for task in last.every_task()}))

    def article_tasks(plan):  # type: ignore[no-untyped-def]
        return [t for t in plan.every_task() if t.path.startswith("article-")]  # the permalink is the slug

    runs = [name for name in first.groups if name.startswith("articles")]
    assert 2 < len(runs) < 24  # several runs, of more than one article
    edited = tmp_path / "content/a10.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA new last line.\n", encoding="utf-8")
    full, again = plan_site(tmp_path), on_top(first)
    assert sorted((t.path, t.key) for t in again.every_task()) == sorted((t.path, t.key) for t in full.tasks)
    assert again.groups == full.groups
    shown_by = {"article-9/", "article-10/", "article-11/"}  # the article, its neighbours
    planned = {t.path for t in article_tasks(again) if not t.is_kept}
    kept = {t.path for t in article_tasks(again) if t.is_kept}
    assert {f"{p}index.html" for p in shown_by} <= planned
    assert len(kept) >= 12, sorted(planned)  # most runs untouched
    assert all(t.origin.endswith(".md") for t in article_tasks(again) if t.is_kept)  # named by their files
    make_site(tmp_path, {"content/new.md": article("Article new", "2020-01-05T12:00", tags="[Japan]")}, None)
    added = on_top(again)
    assert sorted((t.path, t.key) for t in added.every_task()) == sorted(
        (t.path, t.key) for t in plan_site(tmp_path).tasks
    )
    replanned = {t.path for t in article_tasks(added) if not t.is_kept}
    assert "article-new/index.html" in replanned and "article-20/index.html" not in replanned


def test_a_long_list_is_planned_in_groups_of_pages_and_an_edit_plans_again_only_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list of more than LIST_GROUP pages is planned in groups of them: an edited article's body plans again
    only the group of the page that shows it (and the front page's, when the home page shows it as the lead);
    an added article shifts every page after it, so every group after it is planned again. Either way the
    plan equals one made from nothing."""
    from cseas_site.output.keys import Groups

    monkeypatch.setattr(pages, "LIST_GROUP", 2)
    files = {f"content/a{i:02d}.md": article(f"Article {i}", f"2020-01-{i + 1:02d}", tags="[Japan]") for i in range(16)}
    make_site(tmp_path, files)  # two a page: the home list and the tag's have 8 pages, 4 groups each
    first = plan_site(tmp_path)

    def on_top(last):  # type: ignore[no-untyped-def]
        return plan_site(tmp_path, Groups(last.groups, {task.path: task.key for task in last.every_task()}))

    def planned_pages(plan, prefix):  # type: ignore[no-untyped-def]
        return {t.path for t in plan.tasks if re.fullmatch(prefix + r"(page/\d+/)?index\.html", t.path)}

    assert len([name for name in first.groups if name.startswith("('index', None, None) from page")]) == 4
    edited = tmp_path / "content/a10.md"  # the 6th newest: on page 3, in the second group (pages 3 and 4)
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA new last line.\n", encoding="utf-8")
    full, again = plan_site(tmp_path), on_top(first)
    assert sorted((t.path, t.key) for t in again.every_task()) == sorted((t.path, t.key) for t in full.tasks)
    assert again.groups == full.groups
    assert planned_pages(again, "") == {"page/3/index.html", "page/4/index.html"}
    assert planned_pages(again, "tags/japan/") == {"tags/japan/page/3/index.html", "tags/japan/page/4/index.html"}
    changed = {t.path for t, before in zip(full.tasks, first.tasks, strict=False) if t.key != before.key}
    assert "page/3/index.html" in changed and "page/4/index.html" not in changed
    lead = tmp_path / "content/a03.md"  # featured: the front page leads with it, from the list's last group
    lead.write_text(lead.read_text(encoding="utf-8").replace("tags: [Japan]", "tags: [Japan]\nfeatured: true"), "utf-8")
    featured = on_top(again)
    assert sorted((t.path, t.key) for t in featured.every_task()) == sorted(
        (t.path, t.key) for t in plan_site(tmp_path).tasks
    )
    assert "index.html" in planned_pages(featured, "") and "page/7/index.html" in planned_pages(featured, "")
    make_site(tmp_path, {"content/new.md": article("Article new", "2020-01-05T12:00", tags="[Japan]")}, None)
    added = on_top(featured)
    assert sorted((t.path, t.key) for t in added.every_task()) == sorted(
        (t.path, t.key) for t in plan_site(tmp_path).tasks
    )
    assert "page/9/index.html" in planned_pages(added, "")  # a new last page


def test_fixed_pages_keep_their_articles_so_an_added_article_plans_again_only_the_front_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """site.yaml pagination: fixed: page n of a list holds the n-th run of per_page articles from the oldest for
    good, so an added article plans again only the front page of each list it is in (not one page of theirs
    is made again, even in a long list planned in groups), until it starts a new page: then the front page's
    oldest articles move to it. Every plan equals one made from nothing, and the site a clean build."""
    from cseas_site.output.keys import Groups

    monkeypatch.setattr(pages, "LIST_GROUP", 2)
    files = {f"content/a{i:02d}.md": article(f"Article {i}", f"2020-01-{i + 1:02d}", tags="[Japan]") for i in range(16)}
    make_site(tmp_path, files, SITE_YAML + "pagination: fixed\n")  # two a page: 8 pages, page 1 the oldest
    first = plan_site(tmp_path)

    def on_top(last):  # type: ignore[no-untyped-def]
        return plan_site(tmp_path, Groups(last.groups, {task.path: task.key for task in last.every_task()}))

    def planned_pages(plan, prefix):  # type: ignore[no-untyped-def]
        return {t.path for t in plan.tasks if re.fullmatch(prefix + r"(page/\d+/)?index\.html", t.path)}

    def titles(path: str) -> list[str]:
        return re.findall(r'href="/article-\d+/">(Article [^<]+)</a>', (tmp_path / "build" / path).read_text("utf-8"))

    paths = SitePaths(tmp_path, tmp_path / "build")
    pipeline.build(paths, search=False)
    assert titles("page/1/index.html") == ["Article 1", "Article 0"]
    assert titles("tags/japan/page/7/index.html") == ["Article 13", "Article 12"]
    assert not (tmp_path / "build/page/8").exists()
    sitemap = (tmp_path / "build/sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>https://example\.org/((?:tags/japan/)?page/\d+/)</loc>", sitemap))
    assert listed == {f"{at}page/{n}/" for at in ("", "tags/japan/") for n in range(1, 8)}
    kept = {p: (tmp_path / "build" / p).read_bytes() for p in ("page/1/index.html", "page/7/index.html")}
    make_site(tmp_path, {"content/n1.md": article("Article n1", "2020-01-20", tags="[Japan]")}, None)
    added = on_top(first)
    assert sorted((t.path, t.key) for t in added.every_task()) == sorted(
        (t.path, t.key) for t in plan_site(tmp_path).tasks
    )
    assert planned_pages(added, "") == {"index.html"}
    assert planned_pages(added, "tags/japan/") == {"tags/japan/index.html"}
    pipeline.build(paths, search=False)
    assert {p: (tmp_path / "build" / p).read_bytes() for p in kept} == kept
    assert "Article n1" in (tmp_path / "build/index.html").read_text(encoding="utf-8")
    assert_same_as_a_clean_build(paths)
    shutil.rmtree(paths.root / "reference")
    make_site(tmp_path, {"content/n2.md": article("Article n2", "2020-01-21", tags="[Japan]")}, None)
    again = on_top(added)  # 18 articles: a ninth page, with the two the front page held as its oldest
    assert sorted((t.path, t.key) for t in again.every_task()) == sorted(
        (t.path, t.key) for t in plan_site(tmp_path).tasks
    )
    pipeline.build(paths, search=False)
    assert titles("tags/japan/page/8/index.html") == ["Article 15", "Article 14"]
    assert titles("page/1/index.html") == ["Article 1", "Article 0"]
    assert_same_as_a_clean_build(paths)


@pytest.mark.parametrize("pagination", ["newest", "fixed"])
def test_resident_builds_reuse_their_records_and_equal_a_clean_build(tmp_path: Path, pagination: str) -> None:
    """`serve` builds in one process and takes from its last build what did not change (cache/resident.py):
    article records, their paths and digests, the archive with only the terms and years of an edited article
    made again, the lists of the others and their group keys. After every kind of edit, a picture's bytes
    included, its site is byte for byte a clean build's."""
    from cseas_site.cache.resident import RESIDENT
    from imagedata import transparent_png

    files = {
        f"content/a{i}.md": article(f"Article {i}", f"2020-01-{i + 1:02d}", tags=f"[{TAGS[i % 4]}]") for i in range(8)
    }
    files["content/pic.md"] = article("Pictured", "2020-01-20", tags="[ASEAN]", image="/uploads/pic.png")
    files["content/a7.md"] = article("Artikel 7", "2020-01-08", tags="[Japan]", lang="id")  # views of each language
    make_site(tmp_path, files, SITE_YAML + f"pagination: {pagination}\nlanguages: [en, id]\n")
    (tmp_path / "static/uploads").mkdir(parents=True)
    (tmp_path / "static/uploads/pic.png").write_bytes(transparent_png(400, 300))
    paths = SitePaths(tmp_path, tmp_path / "build")
    pipeline.build(paths, search=False, resident=True, notify=lambda _: None)
    counter = [0]
    steps = [("edit-body", 1, "more"), ("edit-tags", 2, ["Japan", "Security"]), ("edit-title", 3, "Beta"), ("picture", 0, None),
             ("add", 0, 9), ("delete", 4, None), ("rename", 5, None), ("static", 0, "ab"), ("template", 2, None),
             ("edit-body", 1, "again"), ("front", 2, "featured: true"), ("front", 6, "lang: id"),
             ("front", 3, "aliases: [/old/path/]"), ("front", 1, "wordpress_id: 12"), ("front", 1, "wordpress_id: true"),
             ("front", 2, "featured: false"), ("front", 6, "lang: en"), ("front", 3, "aliases: []")]  # fmt: skip
    for step in steps:
        before = RESIDENT.archive
        if step[0] == "picture":  # the same file name, other bytes: every page showing it changes
            (tmp_path / "static/uploads/pic.png").write_bytes(transparent_png(600, 300))
        else:
            apply(tmp_path, step, counter)
        pipeline.build(paths, search=False, resident=True, notify=lambda _: None)
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        assert build("--root", tmp_path, "--no-search", "--quiet", "--no-cache", "--output", clean)[0] == 0
        assert tree_bytes(tmp_path / "build") == tree_bytes(clean), step
        after = RESIDENT.archive
        assert before is not None and after is not None
        if step[0] == "edit-body":  # the archive made from the last one: the other terms kept as they were
            edited = {a.path for a in after.articles if not any(a is b for b in before.articles)}
            assert len(edited) == 1, step
            kept = [t for t in after.tags if not edited & {a.path for a in t.articles}]
            assert kept and all(any(t is old for old in before.tags) for t in kept), step
        if step[0] in ("edit-tags", "add", "delete"):  # collated from nothing, keeping the tags it left alone
            fresh = {a.path for a in after.articles if not any(a is b for b in before.articles)}
            gone = {a.path for a in before.articles} - {a.path for a in after.articles}
            last_tags = {t.slug: t for t in before.tags}
            for tag in after.tags:
                old = last_tags.get(tag.slug)
                held = {a.path for a in tag.articles} | ({a.path for a in old.articles} if old else set())
                assert (tag is old) == (old is not None and not held & (fresh | gone)), (step, tag.name)
            assert any(tag is last_tags.get(tag.slug) for tag in after.tags), step


def test_a_resident_build_saves_its_cache_after_publishing_and_the_next_build_says_if_that_failed(
    tmp_path: Path,
) -> None:
    """serve's build publishes, then saves the cache in a thread that holds the output lock until it is done; a
    save that failed is raised by the next resident build, and the lock is let go of either way."""
    make_site(tmp_path, {f"content/a{i}.md": article(f"Article {i}", f"2020-01-0{i + 1}") for i in range(3)})
    paths = SitePaths(tmp_path, tmp_path / "build")
    pipeline.build(paths, search=False, resident=True, notify=lambda _: None)
    pipeline.finish_saving()
    state = tmp_path / ".cseas-cache" / "state.pickle"
    assert Saved.read(state.parent) is not None
    state.unlink()
    (state / "in-the-way").mkdir(parents=True)  # the state cannot be replaced: its save fails
    (tmp_path / "content/a0.md").write_text(article("Article 0", "2020-01-01", body="Edited."), encoding="utf-8")
    pipeline.build(paths, search=False, resident=True, notify=lambda _: None)  # published; its save fails later
    assert "Edited." in (tmp_path / "build/article-0/index.html").read_text(encoding="utf-8")
    with pytest.raises(OSError):
        pipeline.build(paths, search=False, resident=True, notify=lambda _: None)
    shutil.rmtree(state)
    pipeline.build(paths, search=False, resident=True, notify=lambda _: None)  # the lock was let go of
    pipeline.finish_saving()
    assert Saved.read(state.parent) is not None


def test_tasks_kept_from_a_live_site_that_is_gone_are_refused_and_nothing_is_published(tmp_path: Path) -> None:
    """Kept tasks have no bytes of their own: planned on top of a site that disappeared before the publish
    (someone removed build/ meanwhile), they stop the build with a clear message instead of a broken site."""
    from cseas_site.models import OutputFile, Task
    from cseas_site.write.publish import publish
    from cseas_site.write.writer import OutputError

    output = tmp_path / "site" / "build"
    made = Task.ready(OutputFile("index.html", b"<p>home</p>", "home"), "k1")
    kept = Task.kept("tags/a/index.html", "tag list", "k2")
    with pytest.raises(OutputError, match="changed while the site was being built; build again"):
        publish(output, [made, kept], None, None, protected=[tmp_path / "site" / "content"])
    assert not output.exists()


def test_a_task_for_a_path_a_kept_group_holds_is_refused_naming_both(tmp_path: Path) -> None:
    """Groups kept from the live site as a whole are checked with the tasks planned: one path written twice
    is a problem naming what each is made from, and nothing is published."""
    from cseas_site.errors import SiteError
    from cseas_site.models import OutputFile, Task
    from cseas_site.output.keys import Kept
    from cseas_site.write.publish import publish
    from cseas_site.write.writer import OutputError

    output = tmp_path / "site" / "build"
    made = Task.ready(OutputFile("tags/b/index.html", b"<p>b</p>", "content/new.md"), "k1")
    kept = Kept(("tags/a/index.html", "tags/b/index.html"), ["k2", "k3"], ["content/a.md", "content/b.md"])
    with pytest.raises(SiteError) as raised:
        publish(output, [made], None, None, protected=[tmp_path / "site" / "content"], kept=[kept])
    assert str(raised.value.problems[0]) == "content/new.md:1: tags/b/index.html is also written by content/b.md"
    assert not output.exists()
    with pytest.raises(OutputError, match="changed while the site was being built"):  # no live site to keep from
        publish(output, [], None, None, protected=[tmp_path / "site" / "content"], kept=[kept])


def test_a_record_that_lacks_a_file_the_plan_keeps_stops_the_build_and_the_site_stays(tmp_path: Path) -> None:
    """The publisher takes a kept file's digest from the last build's record: a record without it (a damaged
    cache) stops the build with a message saying how to go on, instead of a site without that file."""
    make_site(tmp_path, {f"content/a{i}.md": article(f"Article {i}", f"2020-01-0{i + 1}") for i in range(3)})
    assert build("--root", tmp_path, "--no-search", "--quiet")[0] == 0
    before = tree_bytes(tmp_path / "build")
    cache = tmp_path / ".cseas-cache"
    saved = Saved.read(cache)
    assert saved is not None
    del saved.trees.live.hashes["tags/index.html"]  # kept by the next build: no tag changes
    saved.write(cache)
    (tmp_path / "content/a0.md").write_text(article("Article 0", "2020-01-01", body="Edited."), encoding="utf-8")
    code, output = build("--root", tmp_path, "--no-search", "--quiet")
    assert code == 1 and "the last build's record lacks tags/index.html; build again with --no-cache" in output
    assert "Traceback" not in output and tree_bytes(tmp_path / "build") == before
    assert build("--root", tmp_path, "--no-search", "--quiet", "--no-cache")[0] == 0
    assert "Edited." in (tmp_path / "build/article-0/index.html").read_text(encoding="utf-8")


def test_a_build_from_another_working_folder_reuses_the_cache_and_names_files_as_seen_from_there(
    tmp_path: Path,
) -> None:
    """Messages name files relative to the working folder, but the cache knows them by their place in content/:
    running cseas-build in the site's folder, then from its parent with --root, is not a full rebuild, and a
    warning kept in the cache names the file as seen from where the build runs now."""
    root = tmp_path / "work" / "site"
    files = {f"content/a{i}.md": article(f"Article {i}", f"2020-01-{i + 1:02d}") for i in range(6)}
    files["content/pasted.md"] = article("Pasted", "2020-02-01").replace("Body", "Body\ufeff and more")
    make_site(root, files)
    first = run_process("--root", ".", cwd=root)
    assert first.code == 0, first.err
    assert "content/pasted.md:" in first.out + first.err
    again = run_process("--root", "site", cwd=root.parent)
    assert again.code == 0 and "Nothing changed since the last build" in again.out, again.out + again.err
    edited = root / "content/a2.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    third = run_process("--root", "work/site", cwd=tmp_path)
    assert third.code == 0, third.err
    assert re.match(r"Updated \d+ files \(1 page\) of 7 articles", third.out), third.out
    said = third.out + third.err
    assert "work/site/content/pasted.md:" in said and "byte-order mark" in said


def test_a_teaser_imported_with_context_is_not_kept_between_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site's list.html that imports the teaser macro with context lets it read the page's own variables: an
    edit of such a variable in list.html changes every teaser, which the next build must show (a piece kept by
    the macro's template alone would bring back the old one)."""
    paths, _ = built_with_workers(tmp_path, monkeypatch)
    (tmp_path / "templates").mkdir()
    macros = (REPO / "templates" / "_macros.html").read_text(encoding="utf-8")
    opening = '{% macro teaser(article, show_source=true, heading="h2", image=true, summary=true) %}'
    assert macros.count(opening) == 1
    (tmp_path / "templates" / "_macros.html").write_text(
        macros.replace(opening, opening + '<span class="flavour">{{ flavour | default("none") }}</span>', 1)
    )
    theme = (REPO / "templates" / "list.html").read_text(encoding="utf-8")
    importing = '{% from "_macros.html" import teaser, pagination %}'
    assert theme.count(importing) == 1
    for flavour in ("salty", "sweet"):
        (tmp_path / "templates" / "list.html").write_text(
            theme.replace(
                importing, f'{{% set flavour = "{flavour}" %}}\n' + importing.replace(" %}", " with context %}")
            )
        )
        pipeline.build(paths, search=False, jobs=2)
        japan = (paths.output / "tags/japan/index.html").read_text(encoding="utf-8")
        assert japan.count(f'<span class="flavour">{flavour}</span>') >= 2
        assert_same_as_a_clean_build(paths)
        shutil.rmtree(paths.root / "reference")
