import os
from pathlib import Path

import pytest

from cseas_site.digests import digest, output_digest
from cseas_site.errors import SiteError
from cseas_site.models import OutputFile, Task
from cseas_site.write import writer
from cseas_site.write.publish import publish as publish_site
from cseas_site.write.trees import MARKER
from cseas_site.write.writer import OutputError, safe_join


def files(*pairs: tuple[str, bytes]) -> list[OutputFile]:
    return [OutputFile(p, d, f"test {p}") for p, d in pairs]


def publish(output: Path, items, protected: list[Path], force: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    """Publish OutputFiles the way a first build does; return the paths written."""
    tasks = [Task.ready(item, digest(item.data)) for item in items]
    return list(publish_site(output, tasks, None, None, protected=protected, force=force).changed)


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd", "a/../../x", "a\\..\\x", "a\x00b", "", "a//b", "x" * 256])
def test_safe_join_refuses_escapes(tmp_path: Path, bad: str) -> None:
    with pytest.raises(OutputError):
        safe_join(tmp_path, bad)


def test_publish_writes_marker_and_files(tmp_path: Path) -> None:
    out = tmp_path / "site" / "build"
    written = publish(
        out, files(("index.html", b"home"), ("a/index.html", b"a")), protected=[tmp_path / "site" / "content"]
    )
    assert written == ["a/index.html", "index.html"]
    assert (out / "index.html").read_bytes() == b"home"
    assert (out / MARKER).is_file()
    assert sorted(p.name for p in out.parent.iterdir()) == ["build"]  # no staging folder left


def test_second_publish_replaces_the_whole_tree(tmp_path: Path) -> None:
    out = tmp_path / "build"
    publish(out, files(("old.html", b"old"), ("keep.html", b"1")), protected=[])
    publish(out, files(("keep.html", b"2")), protected=[])
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "keep.html"]
    assert (out / "keep.html").read_bytes() == b"2"


def test_failure_midway_leaves_previous_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "build"
    publish(out, files(("index.html", b"v1")), protected=[])

    def broken() -> OutputFile:
        raise SiteError([])

    tasks = [Task.ready(OutputFile("index.html", b"v2", "x"), "v2"), Task("b.html", "broken", broken, "b")]
    with pytest.raises(SiteError):
        publish_site(out, tasks, None, None, protected=[])
    assert (out / "index.html").read_bytes() == b"v1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_two_files_for_one_path_name_both_origins(tmp_path: Path) -> None:
    with pytest.raises(SiteError) as caught:
        publish(tmp_path / "build", files(("a.html", b"1"), ("a.html", b"2")), protected=[])
    assert "test a.html:1: a.html is also written by test a.html" in str(caught.value)


def test_refuses_a_foreign_non_empty_folder_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "precious.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="not written by cseas-build"):
        publish(out, files(("index.html", b"x")), protected=[])
    assert (out / "precious.txt").read_text(encoding="utf-8") == "mine"
    publish(out, files(("index.html", b"x")), protected=[], force=True)
    assert not (out / "precious.txt").exists()


def test_refuses_folders_that_hold_the_sources(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for target in (tmp_path, content, Path("/"), Path.home()):
        with pytest.raises(OutputError, match="refusing"):
            publish(target, files(("index.html", b"x")), protected=[tmp_path, content])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


def test_stale_staging_folders_are_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "build"
    stale = tmp_path / ".build.tmp-99999"
    stale.mkdir()
    (stale / MARKER).write_text("x", encoding="utf-8")
    (stale / "half.html").write_text("x", encoding="utf-8")
    publish(out, files(("index.html", b"x")), protected=[])
    assert not stale.exists()


def test_output_folder_is_world_readable(tmp_path: Path) -> None:
    out = tmp_path / "build"
    old = os.umask(0o022)
    try:
        publish(out, files(("index.html", b"x")), protected=[])
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o755 == 0o755


def test_link_tree_copies_a_nested_tree_as_hard_links(tmp_path: Path) -> None:
    source = tmp_path / "site"
    (source / "a/b").mkdir(parents=True)
    (source / "index.html").write_bytes(b"home")
    (source / "a/b/page.html").write_bytes(b"page")
    (source / "empty").mkdir()
    writer.link_tree(source, tmp_path / "copy")
    copy = tmp_path / "copy"
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*")) == [
        "a", "a/b", "a/b/page.html", "empty", "index.html",
    ]  # fmt: skip
    for name in ("index.html", "a/b/page.html"):
        assert (copy / name).stat().st_ino == (source / name).stat().st_ino  # shared bytes and mtime
    with pytest.raises(FileExistsError):  # never into an existing folder
        writer.link_tree(source, copy)


def test_link_tree_leaves_out_the_named_top_level_entry_only(tmp_path: Path) -> None:
    """A standby tree being copied must not carry the live tree's marker: a reader (or a build after a crash)
    would take a half-made copy for a finished tree."""
    source = tmp_path / "site"
    (source / "a").mkdir(parents=True)
    (source / ".cseas-build").write_bytes(b"marker")
    (source / "a/.cseas-build").write_bytes(b"not the marker")
    (source / "index.html").write_bytes(b"home")
    copy = tmp_path / "copy"
    writer.link_tree(source, copy, leave=".cseas-build")
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*")) == ["a", "a/.cseas-build", "index.html"]


def test_read_tree_digests_files_and_removes_what_no_site_holds_without_following_links(tmp_path: Path) -> None:
    """A tree no record describes is read, not deleted: each file's digest (the one a build records for the
    bytes it writes), and whatever the writer would never have made is removed, links without being followed."""
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_bytes(b"keep me")
    (outside / "folder/inner.txt").write_bytes(b"keep me too")
    tree = tmp_path / "tree"
    (tree / "a/b").mkdir(parents=True)
    (tree / "index.html").write_bytes(b"home")
    (tree / "a/b/page.html").write_bytes(b"page" * 300_000)  # more than one read
    (tree / "empty/deeper").mkdir(parents=True)
    (tree / "a/link.html").symlink_to(outside / "secret.txt")
    (tree / "linked").symlink_to(outside / "folder")
    (tree / "back\\slash").mkdir()
    (tree / "back\\slash/x.html").write_bytes(b"x")
    (tree / "pagefind/en").mkdir(parents=True)
    (tree / "pagefind/en/index.pf").write_bytes(b"left to the search sync")
    os.mkfifo(tree / "a/pipe")
    found = writer.read_tree(tree, leave="pagefind")
    assert found == {"index.html": output_digest(b"home"), "a/b/page.html": output_digest(b"page" * 300_000)}
    assert sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*")) == [
        "a", "a/b", "a/b/page.html", "index.html", "pagefind", "pagefind/en", "pagefind/en/index.pf",
    ]  # fmt: skip
    assert (outside / "secret.txt").read_bytes() == b"keep me"
    assert (outside / "folder/inner.txt").read_bytes() == b"keep me too"


def test_put_file_replaces_a_file_where_a_folder_goes_and_a_folder_where_a_file_goes(tmp_path: Path) -> None:
    """A stage holds the site of an earlier build, whose files and folders may have other shapes: static/docs a
    file then, a folder now (or the reverse). The tree ends up with the new shape, never with an error."""
    tree = tmp_path / "stage"
    (tree / "page").mkdir(parents=True)
    (tree / "page/index.html").write_bytes(b"a folder then")
    (tree / "docs").write_bytes(b"a file then")
    (tree / "deep").write_bytes(b"a file then")
    writer.put_file(tree, "docs/a.txt", b"a file in a folder now")
    writer.put_file(tree, "page", b"a file now")
    writer.put_file(tree, "deep/er/b.txt", b"two folders now")
    assert tree_files(tree) == {"docs/a.txt": b"a file in a folder now", "page": b"a file now",
                                "deep/er/b.txt": b"two folders now"}  # fmt: skip


def tree_files(tree: Path) -> dict[str, bytes]:
    return {p.relative_to(tree).as_posix(): p.read_bytes() for p in tree.rglob("*") if p.is_file()}


def test_a_staged_write_goes_into_a_file_no_other_name_shares_and_replaces_every_other(tmp_path: Path) -> None:
    """In the stage, a file that is the stage's alone gets its new bytes written into it (longer or shorter than
    before); a file the live site shares (a hard link), a link to elsewhere, a FIFO and a folder are replaced,
    and what they pointed to or shared is left as it was. Outside the stage, a file is always replaced."""
    tree, live = tmp_path / "stage", tmp_path / "live"
    tree.mkdir()
    live.mkdir()
    (tree / "own.html").write_bytes(b"the page two builds ago, longer than the new one")
    (live / "shared.html").write_bytes(b"the live site's page")
    os.link(live / "shared.html", tree / "shared.html")
    (tmp_path / "elsewhere.txt").write_bytes(b"not the site's")
    (tree / "link.html").symlink_to(tmp_path / "elsewhere.txt")
    os.mkfifo(tree / "fifo.html")  # opened for writing without a reader, it would wait for ever
    own = (tree / "own.html").stat().st_ino
    writer.put_file(tree, "own.html", b"shorter", staged=True)
    assert (tree / "own.html").read_bytes() == b"shorter" and (tree / "own.html").stat().st_ino == own
    writer.put_file(tree, "own.html", b"now longer than it was before", staged=True)
    assert (tree / "own.html").read_bytes() == b"now longer than it was before"
    assert (tree / "own.html").stat().st_ino == own
    for name in ("shared.html", "link.html", "fifo.html"):
        writer.put_file(tree, name, b"new " + name.encode(), staged=True)
        assert (tree / name).read_bytes() == b"new " + name.encode()
        assert not (tree / name).is_symlink() and (tree / name).stat().st_nlink == 1
    assert (live / "shared.html").read_bytes() == b"the live site's page"
    assert (tmp_path / "elsewhere.txt").read_bytes() == b"not the site's"
    writer.put_file(tree, "own.html", b"replaced", staged=False)
    assert (tree / "own.html").read_bytes() == b"replaced" and (tree / "own.html").stat().st_ino != own
    assert sorted(p.name for p in tree.iterdir()) == ["fifo.html", "link.html", "own.html", "shared.html"]
