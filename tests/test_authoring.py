"""Authoring workflow: serve with live reload, new, check, progress and output without control codes."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from helpers import Server, article, copy_demo, make_site, run_process, wait_for


@pytest.fixture
def served(tmp_path: Path):  # type: ignore[no-untyped-def]
    copy_demo(tmp_path)
    server = Server(tmp_path)
    yield tmp_path, server
    if server.process.poll() is None:
        server.process.kill()


def test_serve_rebuilds_and_reloads_within_two_seconds(served) -> None:  # type: ignore[no-untyped-def]
    root, server = served
    status, kind, body = server.get("/prospects-of-asean-japan-cooperation-under-spotlight/")
    assert status == 200 and kind == "text/html; charset=utf-8"
    assert b'new EventSource("/__cseas/events")' in body  # injected by the server
    assert not next(iter((root / ".cseas-cache/serve/site").rglob("*.html"))).read_bytes().count(b"EventSource")
    events: list[str] = []

    def listen() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.request("GET", "/__cseas/events")
        response = connection.getresponse()
        try:
            while line := response.readline():
                events.append(line.decode())
        except (OSError, http.client.HTTPException):  # the server stopped at the end of the test
            return

    threading.Thread(target=listen, daemon=True).start()
    time.sleep(0.2)  # let the event stream connect before the edit
    report = root / "content/2016/asean-japan-workshop.txt"
    report.write_text(report.read_text(encoding="utf-8").replace("Close to 150", "Close to 175"), encoding="utf-8")
    took = wait_for(lambda: b"Close to 175" in server.get("/prospects-of-asean-japan-cooperation-under-spotlight/")[2])
    wait_for(lambda: "data: reload\n" in events)
    assert took < 2.0
    assert server.stop() == 0
    assert any("Stopped." in line for line in server.lines)


def test_serve_follows_inputs_not_outputs(tmp_path: Path) -> None:
    """Only content/, templates/ and static/ are watched (a watch on build/ and the standby trees would exhaust
    the system's watches on a large site): a build/ written beside it rebuilds nothing, a templates/ folder
    made while it runs is picked up, and later edits in it too. The root is given relative, as `--root .` is."""
    root = copy_demo(tmp_path)
    server = Server(Path(os.path.relpath(root)))
    try:
        page = "/prospects-of-asean-japan-cooperation-under-spotlight/"
        builds = lambda: sum("Rebuilt" in line for line in server.lines)  # noqa: E731
        before = builds()
        assert run_process("--root", root, "--no-search").code == 0  # writes build/ and .build.standby beside it
        time.sleep(1.0)
        assert builds() == before
        original = (Path(__file__).parents[1] / "templates/article.html").read_text(encoding="utf-8")
        (root / "templates").mkdir()
        (root / "templates/article.html").write_text(
            original.replace("</article>", "<p>override one</p></article>", 1), encoding="utf-8"
        )
        wait_for(lambda: b"override one" in server.get(page)[2], timeout=10)
        (root / "templates/article.html").write_text(
            original.replace("</article>", "<p>override two</p></article>", 1), encoding="utf-8"
        )
        wait_for(lambda: b"override two" in server.get(page)[2], timeout=10)
        report = root / "content/2016/asean-japan-workshop.txt"
        report.write_text(report.read_text(encoding="utf-8").replace("Close to 150", "Close to 175"), encoding="utf-8")
        wait_for(lambda: b"Close to 175" in server.get(page)[2], timeout=10)
        assert server.stop() == 0
    finally:
        if server.process.poll() is None:
            server.process.kill()


def test_serve_readies_the_next_build_s_tree_while_it_waits_so_the_first_edit_copies_nothing(served) -> None:  # type: ignore[no-untyped-def]
    """After its first (full) build, serve copies the site beside it as the tree the next build starts from
    (a standby tree of hard links, recorded in its cache), before any edit: the first edit's build then
    changes that tree and swaps it in, and does not copy the whole site first."""
    root, server = served
    site = root / ".cseas-cache/serve/site"
    standby = site.parent / ".site.standby"
    wait_for(lambda: (standby / ".cseas-build").is_file(), timeout=10)
    prepared = standby.stat().st_ino
    article_page = site / "prospects-of-asean-japan-cooperation-under-spotlight/index.html"
    assert (standby / article_page.relative_to(site)).stat().st_ino == article_page.stat().st_ino  # a hard link
    report = root / "content/2016/asean-japan-workshop.txt"
    report.write_text(report.read_text(encoding="utf-8").replace("Close to 150", "Close to 175"), encoding="utf-8")
    wait_for(lambda: b"Close to 175" in server.get("/prospects-of-asean-japan-cooperation-under-spotlight/")[2])
    assert site.stat().st_ino == prepared  # the prepared tree, edited and swapped in

    def rebuilt() -> list[int]:
        return [int(m.group(1)) for line in server.lines if (m := re.search(r"Rebuilt (\d+) files", line))]

    # The tree is swapped in before serve says so: wait for the edit's line, not only the first build's.
    wait_for(lambda: len(rebuilt()) >= 2, timeout=10)
    assert 0 < rebuilt()[-1] < 20  # the edit's build wrote its few changed files


def test_content_error_is_shown_in_the_browser_until_fixed(served) -> None:  # type: ignore[no-untyped-def]
    root, server = served
    broken = root / "content/broken.md"
    broken.write_text("---\ntitle: Broken\ndate: 17 Smarch 2016\n---\nx\n", encoding="utf-8")
    wait_for(lambda: server.get("/")[0] == 500, timeout=10)
    _status, _, body = server.get("/")
    assert b"content/broken.md:3: date: &#x27;17 Smarch 2016&#x27; is not a date" in body
    assert server.process.poll() is None  # the server keeps running
    broken.write_text(article("Broken no more", "2016-02-17"), encoding="utf-8")
    wait_for(lambda: server.get("/")[0] == 200, timeout=10)
    assert server.get("/broken-no-more/")[0] == 200


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "//etc/passwd",
        "/theme/..%5c..%5cx",
        "/%00",
    ],
)
def test_paths_outside_the_output_are_404(served, path: str) -> None:  # type: ignore[no-untyped-def]
    _, server = served
    status, _, body = server.get(path)
    assert status == 404 and b"root:" not in body


def test_folders_types_and_missing_pages(served) -> None:  # type: ignore[no-untyped-def]
    _, server = served
    assert server.get("/tags/")[0] == 200
    assert server.get("/tags")[0] == 301
    assert server.get("/theme/style.css")[1] == "text/css; charset=utf-8"
    assert server.get("/feed.xml")[1].startswith("application/xml")
    assert server.get("/feed.json")[1] == "application/json"
    status, _, body = server.get("/no-such-page/")
    assert status == 404 and b"Page not found" in body


def test_binding_beyond_this_machine_is_announced(tmp_path: Path) -> None:
    make_site(tmp_path, {"content/a.md": article("A", "2020-01-01")})
    server = Server(tmp_path, "--bind", "0.0.0.0")
    try:
        assert any("warning: serving on 0.0.0.0" in line for line in server.lines)
        assert server.get("/a/")[0] == 200  # reached over loopback only
    finally:
        server.stop()


def test_new_writes_a_filled_article_and_never_overwrites(tmp_path: Path) -> None:
    make_site(tmp_path, {}, "title: T\ntimezone: Asia/Jakarta\n")
    result = run_process("new", "ASEAN and Japan: A New Chapter", "--root", tmp_path, "--tag", "Japan", "--tag", "ASEAN",
                         "--source", "Antara", "--category", "Diplomacy", "--lang", "en")  # fmt: skip
    assert result.code == 0
    path = tmp_path / "content/asean-and-japan-a-new-chapter.md"
    assert result.out.startswith("Wrote ") and "content/asean-and-japan-a-new-chapter.md." in result.out
    assert "It is a draft: write the article, then remove the line 'draft: true' to publish it." in result.out
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert meta["title"] == "ASEAN and Japan: A New Chapter" and meta["tags"] == ["Japan", "ASEAN"]
    assert (meta["source"], meta["category"], meta["lang"]) == ("Antara", "Diplomacy", "en")
    written = datetime.strptime(meta["date"], "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo("Asia/Jakarta"))
    assert abs((datetime.now(ZoneInfo("Asia/Jakarta")) - written).total_seconds()) < 120  # now, in the site's zone
    before = path.read_bytes()
    again = run_process("new", "ASEAN and Japan: A New Chapter", "--root", tmp_path)
    assert again.code == 1 and "already exists" in again.err and path.read_bytes() == before
    assert run_process("--root", tmp_path).code == 0  # the skeleton builds


def test_check_finds_planted_problems_and_publishes_nothing(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "content/a.md": article(
                "Japan talks",
                "2020-01-01",
                tags="[Japan]",
                body="See [the missing page](/no-such-page/) and [a site](https://example.com/x).",
            ),
            "content/b.md": article(
                "Japan talks",
                "2020-01-02",
                tags="[Japna]",
                slug="japan-talks-again",
                body='Photo: <img src="/theme/card.png">',
            ),
            "content/c.md": article("x" * 130, "2020-01-03", body="Body."),
            "content/d.md": article("Empty", "2020-01-04", body=""),
        },
    )
    result = run_process("check", "--root", tmp_path, cwd=tmp_path)
    assert result.code == 1, result.out + result.err
    err = result.err
    assert "content/a.md:1: broken link: /no-such-page/" in err
    assert "content/b.md:1: warning: tag 'Japna' looks like a typo of 'Japan'" in err
    assert "content/b.md:1: warning: same title as content/a.md" in err
    assert "content/c.md:1: warning: no tags" in err and "content/c.md:1: warning: title is 130 characters long" in err
    text = (tmp_path / "content/b.md").read_text(encoding="utf-8")
    img_line = 1 + next(i for i, line in enumerate(text.splitlines()) if "<img" in line)
    assert f"content/b.md:{img_line}: warning: image without alt text" in err  # at the line that shows it
    assert "missing image" not in err  # /theme/card.png is the theme's
    assert "content/d.md:1: warning: no summary" in err
    assert "https://example.com/x" in result.out and "external links (not fetched)" in result.out
    assert not (tmp_path / "build").exists()


def test_check_passes_the_demo_site(tmp_path: Path) -> None:
    copy_demo(tmp_path)
    result = run_process("check", "--root", tmp_path, cwd=tmp_path)
    assert result.code == 0 and result.out.strip().endswith("0 errors, 2 warnings.")


def test_piped_output_has_no_control_codes_and_verbose_timings(tmp_path: Path) -> None:
    files = {f"content/a{i}.md": article(f"Article {i}", f"2020-01-{i % 28 + 1:02d}", tags="[T]") for i in range(450)}
    make_site(tmp_path, files)
    result = run_process("--root", tmp_path, "--verbose", "--no-search")
    assert result.code == 0
    assert "\r" not in result.out + result.err and "\x1b" not in result.out + result.err
    assert re.search(
        r"Stages: load \d+\.\d\d s, collate \d+\.\d\d s, images \d+\.\d\d s, plan \d+\.\d\d s, render\+write \d+\.\d\d s",
        result.out,
    )
    assert re.search(r"Built 450 articles and \d+ pages \(\d+ files\) in .* in \d+\.\d\d s\.", result.out)
    quiet = run_process("--root", tmp_path, "--quiet", "--no-cache", "--no-search")
    assert quiet.code == 0 and quiet.out == "" and quiet.err == ""


@pytest.mark.slow
def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import fcntl
    import pty
    import select
    import struct
    import termios

    files = {
        f"content/a{i:04d}.md": article(
            f"Article {i}", f"2020-01-{i % 28 + 1:02d}", tags=f"[T{i % 50}]", body="word " * 400
        )
        for i in range(3000)
    }
    make_site(tmp_path, files)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "cseas_site", "--root", str(tmp_path), "--no-search", "--jobs", "1"],
                               stdout=slave, stderr=slave, stdin=subprocess.DEVNULL)  # fmt: skip
    os.close(slave)
    output = b""
    while True:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    assert process.wait() == 0
    assert re.search(rb"reading: +\d+%", output), output[-500:]
