"""Values and files that used to crash, hang, blow up or mislead: each is a `path:line` message now, or is made
safe (docs/reliability.md, promises 15 to 24)."""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest

from helpers import Server, article, interruptible, make_site, run_process, tree_bytes

# 8. Values PyYAML cannot build, dates at the edges, deep Markdown, odd files: messages, never a traceback.


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("date: 2016-02-30", "content/a.md:3: date: '2016-02-30' is not a date: February 2016 has 29 days"),
        ("date: 2016-13-01", "content/a.md:3: date: '2016-13-01' is not a date: there is no month 13 (months are 1 to 12)"),
        ("date: 0000-01-01", "content/a.md:3: date: '0000-01-01' is not a date: the year 0 is outside 1000 to 9998"),
        ("date: 2016-02-17 24:00:00", "content/a.md:3: date: '2016-02-17 24:00:00' is not a date: 24:00:00 is not a time of day (hours are 00 to 23)"),
        ("date: 0001-01-01T00:00:00+07:00", "content/a.md:3: date: '0001-01-01 00:00:00+07:00' is not a date: the year 1 is outside 1000 to 9998"),
        ("date: 9999-12-31T23:59:59-12:00", "content/a.md:3: date: '9999-12-31 23:59:59-12:00' is not a date: the year 9999 is outside 1000 to 9998"),
        ("date: 2016-02-17\ntags: [" + "9" * 5000 + "]", None),
        ("date: 2016-02-17\nwordpress_id: " + "9" * 5000, None),
    ],
)  # fmt: skip
def test_values_yaml_cannot_build_are_explained_with_their_line(
    tmp_path: Path, front: str, message: str | None
) -> None:
    root = make_site(tmp_path, {"content/a.md": f"---\ntitle: A\n{front}\n---\nBody.\n"})
    result = run_process("--root", root, "--no-search")
    assert "Traceback" not in result.err, result.err
    if message is None:
        assert result.code == 0, result.err
    else:
        assert result.code == 1 and message in result.err, result.err


def test_huge_numbers_in_site_yaml_are_explained(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")}, "per_page: " + "9" * 5000 + "\n")
    result = run_process("--root", root, "--no-search")
    assert result.code == 1 and "content/site.yaml:1: per_page:" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("\n".join("    " * depth + "- item" for depth in range(500)), "lists nested too deep"),
        ("*" * 5000 + "x" + "*" * 5000, "'*' or '_' in a row"),
        ('<div markdown="1">\n' * 600 + "x\n" + "</div>\n" * 600, "<div> nested more than 32 deep"),
        ("[" * 20000 + "x" + "]" * 20000, "brackets nested more than 32 deep"),
        ("(" * 20000 + "x", "brackets nested more than 32 deep"),
        ("> " * 600 + "quote", "block quotes nested more than 32 deep"),
    ],
)
def test_markdown_past_the_documented_limits_is_refused_quickly_with_its_line(
    tmp_path: Path, body: str, message: str
) -> None:
    root = make_site(tmp_path, {"content/a.md": f"---\ntitle: A\ndate: 2020-01-01\n---\n{body}\n"})
    started = time.monotonic()
    result = run_process("--root", root, "--no-search")
    assert time.monotonic() - started < 30  # it took 42 s or a RecursionError before
    assert result.code == 1 and "Traceback" not in result.err and message in result.err, result.err
    assert re.search(r"content/a\.md:\d+: ", result.err)


def test_thousands_of_tags_are_refused_not_written_as_gigabytes(tmp_path: Path) -> None:
    tags = json.dumps([f"t{i}" for i in range(8000)])
    root = make_site(tmp_path, {"content/a.md": f"---\ntitle: A\ndate: 2020-01-01\ntags: {tags}\n---\nx\n"})
    result = run_process("--root", root, "--no-search")
    assert result.code == 1 and "content/a.md:4: tags: 8000 names; an article may have at most 50" in result.err


def test_a_file_name_that_is_not_utf8_is_named_and_refused(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")})
    with open(os.path.join(os.fsencode(root / "content"), b"caf\xe9.md"), "w", encoding="utf-8") as handle:
        handle.write(article("B", "2020-01-02"))
    result = run_process("--root", root, "--no-search")
    assert result.code == 1 and "Traceback" not in result.err
    assert "content/caf\\xe9.md:1: the file name is not valid UTF-8; rename it" in result.err, result.err


@pytest.mark.parametrize("what", ["unknown extension", "folder", "device", "missing"])
def test_inspect_on_what_is_not_an_article_says_so(tmp_path: Path, what: str) -> None:
    make_site(tmp_path, {"notes.odt": b"PK\x03\x04", "content/sub/a.md": article("A", "2020-01-01")})
    target = {"unknown extension": tmp_path / "notes.odt", "folder": tmp_path / "content/sub",
              "device": Path("/dev/zero"), "missing": tmp_path / "nothing.md"}[what]  # fmt: skip
    result = run_process("inspect", target, "--root", tmp_path)
    assert result.code == 1 and "Traceback" not in result.err and ":1: " in result.err, result.err


def test_a_damaged_import_manifest_keeps_every_existing_file(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/2016/report.md": "hand-made\n", "content/.import-manifest.json": "{bad"})
    (root / "content/2016/report.txt").write_text("Title\n\nAntara, 17 February 2016 - Text.\n", encoding="utf-8")
    result = run_process("import", "text", root / "content/2016/report.txt", "--root", root)
    assert "Traceback" not in result.err
    assert (root / "content/2016/report.md").read_text(encoding="utf-8") == "hand-made\n"
    assert "kept content/2016/report.md" in result.out


# Medium and low.


def test_rss_titles_and_descriptions_reach_readers_as_text(tmp_path: Path) -> None:
    title = "Trade <script>alert(1)</script> & tariffs"
    root = make_site(tmp_path, {"content/a.md": article(title, "2020-01-01", summary=json.dumps("Sum <b>x</b> & y"))})
    assert run_process("--root", root, "--no-search").code == 0
    feed = feedparser.parse((root / "build/rss.xml").read_bytes())
    entry = feed.entries[0]  # both are HTML to feedparser, as to most readers: what they show is the unescaped text
    assert feed.bozo == 0 and entry.title_detail.type == entry.summary_detail.type == "text/html"
    assert html.unescape(entry.title) == title and html.unescape(entry.summary) == "Sum <b>x</b> & y"
    assert "<" not in entry.title + entry.summary  # no markup: the reader shows the words


@pytest.mark.parametrize("inside", ["static/site", "templates/out", "content/2016", "content/2016/sub"])
def test_an_output_folder_inside_an_input_folder_is_refused_even_with_force(tmp_path: Path, inside: str) -> None:
    root = make_site(tmp_path, {"content/2016/a.md": article("A", "2020-01-01"), "static/x.txt": "x",
                                "templates/404.html": "{% extends 'base.html' %}"})  # fmt: skip
    before = tree_bytes(root)
    result = run_process("--root", root, "--output", root / inside, "--force", "--no-search")
    assert result.code == 1 and "which the build reads" in result.err and "Traceback" not in result.err
    assert "--force" not in result.err.split("refusing", 1)[1]
    assert tree_bytes(root) == before


def test_an_output_folder_that_is_a_symbolic_link_is_built_through_it_and_stays_current(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")})
    real = tmp_path / "www"
    real.mkdir()
    (root / "build").symlink_to(real)
    for number in range(4):
        (root / "content/a.md").write_text(article("A", "2020-01-01", body=f"Version {number}."), encoding="utf-8")
        assert run_process("--root", root, "--no-search").code == 0
        assert (root / "build").is_symlink()
        assert f"Version {number}." in (real / "a/index.html").read_text(encoding="utf-8")


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Old blog</title><link>https://old.example.org</link><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Escaping</title><link>https://old.example.org/../../etc/a/</link>
<content:encoded><![CDATA[<p>Text</p>]]></content:encoded><wp:post_id>7</wp:post_id>
<wp:post_date>2013-01-10 10:00:00</wp:post_date><wp:post_date_gmt>2013-01-10 03:00:00</wp:post_date_gmt>
<wp:post_name>escaping</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
<item><title>Ancient</title><link>https://old.example.org/?p=8</link>
<content:encoded><![CDATA[<p>Old</p>]]></content:encoded><wp:post_id>8</wp:post_id>
<wp:post_date>1-01-01 00:00:00</wp:post_date><wp:post_date_gmt>1-01-01 00:00:00</wp:post_date_gmt>
<wp:post_name>ancient</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
<item><title>Far zone</title><link>https://old.example.org/far/</link>
<content:encoded><![CDATA[<p>Far</p>]]></content:encoded><wp:post_id>9</wp:post_id>
<wp:post_date>2013-01-10 10:00:00</wp:post_date><wp:post_date_gmt>2012-01-10 03:00:00</wp:post_date_gmt>
<wp:post_name>far</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>
"""


def test_an_imported_post_the_build_would_refuse_is_imported_safely(tmp_path: Path) -> None:
    wxr = WXR
    root = make_site(tmp_path / "site", {})
    (tmp_path / "export.xml").write_text(wxr, encoding="utf-8")
    result = run_process("import", "wordpress", tmp_path / "export.xml", "--root", root)
    assert result.code == 0, result.err
    build = run_process("--root", root, "--no-search")
    assert build.code == 0, build.err


def test_an_interrupted_import_text_is_finished_by_running_it_again(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/2016/report.txt": "Title\n\nAntara, 17 February 2016 - Text.\n"})
    assert run_process("import", "text", root / "content/2016/report.txt", "--root", root).code == 0
    # What a run killed between writing the .md and moving the .txt away leaves:
    (root / "content/2016/.report.txt.imported").rename(root / "content/2016/report.txt")
    (root / "content/.import-manifest.json").unlink()
    again = run_process("import", "text", root / "content/2016/report.txt", "--root", root)
    assert again.code == 0 and "moved" in again.out
    assert run_process("--root", root, "--no-search").code == 0


def test_an_empty_leftover_phrase_is_refused(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/a.txt": "T\n\nAntara, 17 February 2016 - One.\n\nTwo.\n"}, "leftovers: ['']\n")
    result = run_process("--root", root, "--no-search")
    assert result.code == 1 and "content/site.yaml:1: leftovers:" in result.err and "none of them empty" in result.err


def test_escape_codes_in_file_names_are_shown_not_played(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/\x1b[2Jclear.md": "---\ntitle: A\n---\nno date\n"})
    result = run_process("--root", root, "--no-search")
    assert result.code == 1 and "\x1b" not in result.err and "content/\\x1b[2Jclear.md:" in result.err


def test_a_utf32_file_is_called_utf32(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/a.md": article("A", "2020-01-01").encode("utf-32")})
    result = run_process("--root", root, "--no-search")
    assert result.code == 1 and "content/a.md:1: file is UTF-32; save it as UTF-8" in result.err


def test_ctrl_c_says_nothing_was_published_and_exits_130(tmp_path: Path) -> None:
    root = make_site(tmp_path, {f"content/a{i:04d}.md": article(f"A {i}", "2020-01-01") for i in range(3000)})
    process = subprocess.Popen([sys.executable, "-m", "cseas_site", "--root", str(root), "--no-search", "--jobs", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=interruptible)  # fmt: skip
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "Traceback" not in err, err
    assert "interrupted; nothing was published" in err and not (root / "build").exists()


def test_serve_refuses_other_hosts_and_answers_long_paths(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")})
    server = Server(root)
    try:
        assert server.get("/")[0] == 200
        assert server.get("/", {"Host": f"localhost:{server.port}"})[0] == 200
        assert server.get("/", {"Host": "evil.example"})[0] == 421
        assert server.get("/" + "x" * 5000 + "/")[0] == 404
    finally:
        server.stop()


def test_an_alias_one_capital_away_from_a_page_is_warned_about(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/a.md": article("Japan talks", "2020-01-01"),
                                "content/b.md": article("B", "2020-01-02", aliases="[/Japan-Talks/]")})  # fmt: skip
    result = run_process("--root", root, "--no-search")
    assert result.code == 0 and "content/b.md:4: warning: aliases: /Japan-Talks/ differs from the URL" in result.err
