"""A resident process's listing of content/ (cache/listing.py) is always what listing it from nothing gives,
and lists from nothing only when events cannot say what changed."""

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cseas_site.cache.listing import Listing, walk_key
from cseas_site.load.loader import find_content

LINUX = sys.platform.startswith("linux")
FOLDERS = ["", "a/", "a/b/", "pages/", ".hidden/", "c/"]
NAMES = ["x.md", "y.txt", "Z.MARKDOWN", "w.html", ".x.md.swp", "v.md"]
PATHS = st.builds(lambda folder, name: folder + name, st.sampled_from(FOLDERS), st.sampled_from(NAMES))
STEPS = st.one_of(
    st.tuples(st.just("write"), PATHS, st.text("ab\n", max_size=5)),
    st.tuples(st.just("append"), PATHS, st.just("")),
    st.tuples(st.just("delete"), PATHS, st.just("")),
    st.tuples(st.just("rename"), PATHS, PATHS),
    st.tuples(st.just("touch"), PATHS, st.just("")),
    st.tuples(st.just("chmod"), PATHS, st.just("")),
    st.tuples(st.just("link"), PATHS, PATHS),
    st.tuples(st.just("symlink"), PATHS, PATHS),
    st.tuples(st.just("rmdir"), st.sampled_from(FOLDERS[1:]), st.just("")),
    st.tuples(st.just("mvdir"), st.sampled_from(FOLDERS[1:]), st.sampled_from(FOLDERS[1:])),
    st.tuples(st.just("build"), st.just(""), st.just("")),
)


def apply(content: Path, step: tuple[str, str, str]) -> None:
    """Make one change below content/, as an editor, git or a script would (a change that cannot be made here,
    such as renaming a missing file, is skipped)."""
    kind, path, other = step
    target = content / path
    try:
        if kind in ("write", "append", "link", "symlink"):
            target.parent.mkdir(parents=True, exist_ok=True)
        if kind == "write":
            target.write_text(other, encoding="utf-8")
        elif kind == "append":
            with open(target, "a", encoding="utf-8") as handle:
                handle.write("more\n")
        elif kind == "delete":
            target.unlink()
        elif kind == "rename":
            (content / other).parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, content / other)
        elif kind == "touch":
            os.utime(target, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
        elif kind == "chmod":
            target.chmod(0o600)
        elif kind == "link":
            os.link(content / other, target)
        elif kind == "symlink":
            os.symlink(content / other, target)
        elif kind == "rmdir":
            shutil.rmtree(target)
        elif kind == "mvdir" and not (content / other).is_relative_to(target):
            os.replace(target, content / (other.rstrip("/") + "-moved"))
    except OSError:
        pass


@settings(max_examples=120, deadline=None)
@given(steps=st.lists(STEPS, max_size=14))
def test_the_listing_is_always_a_full_listing(tmp_path_factory: pytest.TempPathFactory, steps: list) -> None:
    content = tmp_path_factory.mktemp("site") / "content"
    content.mkdir()
    (content / "first.md").write_text("one", encoding="utf-8")
    listing = Listing()
    try:
        assert listing.find(content) == find_content(content)
        for step in steps:
            if step[0] == "build":
                assert listing.find(content) == find_content(content)
            else:
                apply(content, step)
        assert listing.find(content) == find_content(content)
    finally:
        listing.close()


@pytest.mark.skipif(not LINUX, reason="inotify is Linux's: elsewhere every build lists content/")
def test_file_changes_are_read_from_events_and_folder_changes_list_again(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "2016").mkdir(parents=True)
    for name in ["a.md", "b.md", "2016/c.txt"]:
        (content / name).write_text(name, encoding="utf-8")
    listing = Listing()
    try:
        first, _ = listing.find(content)
        assert listing.listed == 1
        (content / "b.md").write_text("edited", encoding="utf-8")
        (content / "2016" / "d.md").write_text("new", encoding="utf-8")
        (content / "a.md").unlink()
        (content / ".b.md.swp").write_text("editor", encoding="utf-8")
        files, problems = listing.find(content)
        assert (files, problems) == find_content(content)
        assert [f.name for f in files] == ["b.md", "2016/c.txt", "2016/d.md"]
        assert files[1] is first[2]  # an unchanged file keeps its very record (the caches are keyed by it)
        assert listing.listed == 1  # from the events alone
        assert listing.find(content)[0] == files and listing.listed == 1  # nothing changed
        (content / "2017").mkdir()
        (content / "2017" / "e.md").write_text("new", encoding="utf-8")
        assert listing.find(content) == find_content(content)
        assert listing.listed == 2  # a folder came: listed again, and watched from then on
        (content / "2017" / "f.md").write_text("new", encoding="utf-8")
        assert listing.find(content) == find_content(content) and listing.listed == 2
        os.link(content / "b.md", tmp_path / "elsewhere.md")  # a change through this name raises no event here
        (content / "b.md").write_text("touched", encoding="utf-8")
        assert listing.find(content) == find_content(content) and listing.listed == 3
        (tmp_path / "elsewhere.md").write_text("changed elsewhere", encoding="utf-8")
        assert listing.find(content) == find_content(content) and listing.listed == 4
    finally:
        listing.close()


def test_walk_key_orders_as_the_walk() -> None:
    names = ["z.md", "a/b/c.md", "a.md", "a/z.md", "b/a.md", "a/b.md", "B.md"]
    assert sorted(names, key=walk_key) == ["B.md", "a.md", "z.md", "a/b.md", "a/z.md", "a/b/c.md", "b/a.md"]
