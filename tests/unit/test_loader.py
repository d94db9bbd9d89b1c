import os
from pathlib import Path

from cseas_site.load.loader import find_content, read_text


def test_sources_are_sorted_and_skip_hidden_and_other_files(tmp_path: Path) -> None:
    for name in ["b.md", "a/c.txt", "a/z.markdown", ".hidden.md", ".git/x.md", "site.yaml", "img.png", "A.MD"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    sources, problems = find_content(tmp_path)
    assert [s.file.relative_to(tmp_path).as_posix() for s in sources] == ["A.MD", "b.md", "a/c.txt", "a/z.markdown"]
    assert problems == []


def test_symlink_out_of_content_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("x", encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    os.symlink(outside, content / "link.md")
    (content / "ok.md").write_text("x", encoding="utf-8")
    os.symlink(content / "ok.md", content / "inside.md")
    sources, problems = find_content(content)
    assert [s.file.name for s in sources] == ["inside.md", "ok.md"]
    assert "symbolic link points outside content/" in problems[0].message


def test_read_text_normalises_and_explains(tmp_path: Path) -> None:
    file = tmp_path / "a.md"
    file.write_bytes(b"\xef\xbb\xbfa\r\nb\rc\n")
    assert read_text(file, "a.md") == ("a\nb\nc\n", None)
    file.write_bytes("ab".encode("utf-16"))
    assert "UTF-16" in read_text(file, "a.md")[1].message  # type: ignore[union-attr]
    file.write_bytes(b"ok\nok\n\xc3(")
    problem = read_text(file, "a.md")[1]
    assert problem is not None and problem.line == 3 and "not valid UTF-8" in problem.message
    file.write_bytes(b"a\n\x00")
    assert "NUL" in read_text(file, "a.md")[1].message  # type: ignore[union-attr]


def test_unreadable_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    problem = read_text(tmp_path / "gone.md", "gone.md")[1]
    assert problem is not None and problem.message.startswith("cannot read file")


def test_a_file_of_the_size_limit_is_read_whole_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    """The read is sized by the file, not by the limit: the limit itself still holds, to the byte."""
    from cseas_site.load.limits import MAX_FILE_BYTES

    at_limit, over = tmp_path / "at.md", tmp_path / "over.md"
    at_limit.write_bytes(b"a" * (MAX_FILE_BYTES - 1) + b"\n")
    over.write_bytes(b"a" * MAX_FILE_BYTES + b"\n")
    text, problem = read_text(at_limit, "at.md")
    assert problem is None and len(text) == MAX_FILE_BYTES
    text, problem = read_text(over, "over.md")
    assert text == "" and problem is not None and "larger than 5 MiB" in problem.message


def test_a_link_that_cannot_be_followed_is_refused_with_a_message(tmp_path: Path) -> None:
    """A link to itself, a loop of two links and a dangling link are named, each with why (never a traceback);
    the other files are listed."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "ok.md").write_text("x", encoding="utf-8")
    os.symlink(content / "self.md", content / "self.md")
    os.symlink(content / "b.md", content / "a.md")
    os.symlink(content / "a.md", content / "b.md")
    os.symlink(content / "missing.md", content / "dangling.md")
    sources, problems = find_content(content)
    assert [s.file.name for s in sources] == ["ok.md"]
    assert sorted((Path(p.path).name, p.line) for p in problems) == [
        ("a.md", 1), ("b.md", 1), ("dangling.md", 1), ("self.md", 1)
    ]  # fmt: skip
    assert all(p.message.startswith("cannot read file") for p in problems)
