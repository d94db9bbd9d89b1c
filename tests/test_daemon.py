"""The build daemon (daemon.py): after a build at a terminal a process stays with the site loaded, and the next
build of that site is made there, with the output, messages and exit status of a build made from nothing."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cseas_site import cli, daemon
from helpers import KEPT, SITE_YAML, Result, article, make_site, run_process, tree_bytes, wait_for

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the daemon is Linux's (abstract sockets)")

FLAGS = ("--no-search",)
BY_DAEMON = "Built by the build daemon"


def listening(root: Path, *flags: str) -> bool:
    """Whether the site's daemon for these flags is listening (the kernel's table of Unix sockets)."""
    name = daemon.address(cli.parse(["build", "--root", str(root), *flags]))[1:]
    with open("/proc/net/unix", encoding="utf-8", errors="replace") as table:
        return any(line.rstrip().endswith("@" + name) for line in table)


def daemon_pid(result: Result) -> int:
    line = next(line for line in result.out.splitlines() if line.startswith(BY_DAEMON))
    return int(line.rsplit(" ", 1)[1].rstrip(").").strip())


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    """A small site, and no daemon of it left behind by the test."""
    root = make_site(
        tmp_path / "site",
        {
            f"content/a{n}.md": article(f"Article {n}", f"2024-03-0{n} 10:00", tags="[Trade, Asean]")
            for n in range(1, 7)
        },
    )
    yield root
    for flags in (FLAGS, (*FLAGS, "--drafts")):
        if listening(root, *flags):
            request = cli.parse(["build", "--root", str(root), *flags])
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                probe.connect(daemon.address(request))
                pid = probe.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
            os.kill(int.from_bytes(pid[:4], sys.byteorder), signal.SIGTERM)


def build(root: Path, *extra: str, idle: str = "120") -> Result:
    return run_process(
        "build", "--root", root, "--daemon", "--verbose", *FLAGS, *extra, env={"CSEAS_DAEMON_IDLE": idle}
    )


def clean_build(root: Path, output: Path) -> dict[str, bytes]:
    result = run_process("build", "--root", root, "--output", output, "--no-daemon", "--no-cache", *FLAGS)
    assert result.code == 0, result.err
    return tree_bytes(output)


def published(root: Path) -> dict[str, bytes]:
    return {path: data for path, data in tree_bytes(root / "build").items() if path.split("/")[0] not in KEPT}


def test_the_next_build_is_made_by_the_daemon_and_equals_a_clean_build(site: Path, tmp_path: Path) -> None:
    first = build(site)
    assert first.code == 0, first.err
    assert BY_DAEMON not in first.out  # the first is the command's own; it starts the daemon, and says so
    assert "a build daemon keeps this site loaded for the next build (2 minutes idle at most" in first.err
    wait_for(lambda: listening(site, *FLAGS), timeout=30)
    changes = [
        lambda: (site / "content/a2.md").write_text(article("Article Two", "2024-03-02 10:00", tags="[Trade]")),
        lambda: (site / "content/a9.md").write_text(article("Added", "2024-03-09 10:00", tags="[Asean, New]")),
        lambda: (site / "content/a1.md").unlink(),
        lambda: (site / "content/a3.md").write_text(article("Three", "2023-01-01 10:00", body="Moved *back*.")),
        lambda: (site / "content/site.yaml").write_text(SITE_YAML.replace("per_page: 2", "per_page: 3")),
        lambda: make_site(site, {"static/note.txt": "A static file.\n"}, site_yaml=None),
    ]
    pids = set()
    for number, change in enumerate(changes):
        change()
        result = build(site)
        assert result.code == 0, result.err
        assert BY_DAEMON in result.out and "Updated" in result.out
        pids.add(daemon_pid(result))
        assert published(site) == clean_build(site, tmp_path / f"clean{number}")
    assert len(pids) == 1  # one daemon made them all
    again = build(site)
    assert "Nothing changed since the last build of 6 articles" in again.out and BY_DAEMON in again.out


def test_bad_content_sent_to_the_daemon_is_reported_and_publishes_nothing(site: Path, tmp_path: Path) -> None:
    assert build(site).code == 0
    wait_for(lambda: listening(site, *FLAGS), timeout=30)
    before = published(site)
    (site / "content/a4.md").write_text("---\ntitle: Broken\ndate: 2024-13-45\n---\nBody.\n", encoding="utf-8")
    (site / "content/a5.md").write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    failed = build(site)
    assert failed.code == 1
    assert "content/a4.md:3: " in failed.err and "content/a5.md:2: " in failed.err
    assert "2 problems found; nothing was published." in failed.err and "Traceback" not in failed.err
    assert published(site) == before
    (site / "content/a4.md").write_text(article("Mended", "2024-03-04 10:00"), encoding="utf-8")
    (site / "content/a5.md").unlink()
    mended = build(site)
    assert mended.code == 0 and BY_DAEMON in mended.out  # the daemon outlived the mistake
    assert published(site) == clean_build(site, tmp_path / "clean")


def test_other_flags_and_no_cache_are_built_by_the_command_itself(site: Path) -> None:
    assert build(site).code == 0
    wait_for(lambda: listening(site, *FLAGS), timeout=30)
    cold = build(site, "--no-cache")
    assert cold.code == 0 and BY_DAEMON not in cold.out
    drafts = build(site, "--drafts")  # another daemon's name: none is there yet
    assert drafts.code == 0 and BY_DAEMON not in drafts.out


def test_an_idle_daemon_leaves(site: Path) -> None:
    assert build(site, idle="1").code == 0
    wait_for(lambda: listening(site, *FLAGS), timeout=30)
    wait_for(lambda: not listening(site, *FLAGS), timeout=30)


def test_without_a_terminal_or_in_ci_no_daemon_is_used_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    def args(*extra: str) -> argparse.Namespace:
        return cli.parse(["build", *extra])

    monkeypatch.delenv(daemon.ENV_SWITCH, raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert daemon.wanted(args())  # at a terminal
    assert not daemon.wanted(args("--no-daemon")) and not daemon.wanted(args("--no-cache"))
    monkeypatch.setenv("CI", "true")
    assert not daemon.wanted(args()) and daemon.wanted(args("--daemon"))
    monkeypatch.delenv("CI")
    monkeypatch.setenv(daemon.ENV_SWITCH, "0")
    assert not daemon.wanted(args()) and daemon.wanted(args("--daemon"))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    monkeypatch.setenv(daemon.ENV_SWITCH, "1")
    assert daemon.wanted(args()) and not daemon.wanted(args("--daemon", "--no-cache"))
    monkeypatch.delenv(daemon.ENV_SWITCH)
    assert not daemon.wanted(args())  # piped, as in scripts and these tests


def test_a_build_without_a_terminal_starts_no_daemon(site: Path) -> None:
    result = run_process("build", "--root", site, *FLAGS, env={daemon.ENV_SWITCH: ""})
    assert result.code == 0, result.err
    time.sleep(1.5)  # a daemon binds its name within half a second of its start
    assert not listening(site, *FLAGS)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as another user (CI runs as root)")
def test_the_daemon_builds_for_its_own_user_only(site: Path) -> None:
    assert build(site).code == 0
    wait_for(lambda: listening(site, *FLAGS), timeout=30)
    before = published(site)
    (site / "content/a2.md").write_text(article("Changed by a stranger?", "2024-03-02 10:00"), encoding="utf-8")
    name = daemon.address(cli.parse(["build", "--root", str(site), *FLAGS]))
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # another user sends a well-formed request
        os.close(reader)
        answer = b"?"
        try:
            os.setuid(65534)
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                connection.connect(name)
                connection.sendall(b'{"argv": ["build", "--root", "%s"], "cwd": "/"}\n' % str(site).encode())
                connection.settimeout(20)
                answer = connection.recv(1024)
        except ConnectionResetError:  # closed with the request unread
            answer = b""
        except BaseException as exc:
            answer = repr(exc).encode()
        finally:
            os.write(writer, b"answer:" + answer)
            os._exit(0)
    os.close(writer)
    os.waitpid(child, 0)
    assert os.read(reader, 4096) == b"answer:"  # closed without a word
    assert published(site) == before  # and nothing was built


@pytest.mark.parametrize(
    "answer", [b"", b'["out", "half a line"]\n', b"not json\n", b"7\n", b'["exit", "0"]\n', b'["out", 3]\n']
)
def test_a_daemon_that_stops_half_way_leaves_the_command_to_build_itself(site: Path, answer: bytes) -> None:
    """Whatever is listening at the daemon's name and stops before the end of its answer (killed, or not a
    daemon of ours), the command builds itself: the site is built and the exit status is the build's."""
    name = daemon.address(cli.parse(["build", "--root", str(site), *FLAGS]))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(name)  # (the daemon the command starts afterwards finds the name taken, and leaves)
        listener.listen(1)

        def answer_and_stop() -> None:
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(answer)

        thread = threading.Thread(target=answer_and_stop, daemon=True)
        thread.start()
        result = build(site)
        thread.join(timeout=30)
    assert result.code == 0, result.err
    assert "the build daemon stopped during the build; building here" in result.err
    assert BY_DAEMON not in result.out and "Built 6 articles" in result.out
    assert (site / "build/index.html").is_file()


def test_the_program_stamp_changes_with_the_program_and_its_libraries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A daemon's name digests the program as its files stand, and the libraries it builds with: an upgrade of
    either gives the next command another name (and the old daemon leaves)."""
    package, library = tmp_path / "package", tmp_path / "libs/fakelib"
    make_site(package, {"a.py": "A = 1\n", "sub/b.py": "B = 2\n"}, site_yaml=None)
    make_site(library, {"__init__.py": "VERSION = '1.0'\n"}, site_yaml=None)
    monkeypatch.syspath_prepend(str(tmp_path / "libs"))
    monkeypatch.setattr(daemon, "PACKAGE", package)
    monkeypatch.setattr(daemon, "LIBRARIES", ("fakelib",))
    first = daemon.program_stamp()
    assert daemon.program_stamp() == first
    (package / "sub/b.py").write_text("B = 3\n# changed\n")
    second = daemon.program_stamp()
    assert second != first
    (library / "__init__.py").write_text("VERSION = '1.10'\n")  # (a new size: file times can be coarse)
    assert daemon.program_stamp() != second


def test_stop_daemon_stops_every_daemon_of_the_site(site: Path) -> None:
    assert build(site).code == 0
    assert build(site, "--drafts").code == 0  # a second daemon: other flags
    wait_for(lambda: listening(site, *FLAGS) and listening(site, *FLAGS, "--drafts"), timeout=30)
    before = published(site)
    stopped = run_process("build", "--root", site, "--stop-daemon")
    assert stopped.code == 0, stopped.err
    assert stopped.out.strip() == f"Stopped 2 build daemons of {(site / 'build').resolve()}."
    wait_for(lambda: not listening(site, *FLAGS) and not listening(site, *FLAGS, "--drafts"), timeout=30)
    again = run_process("build", "--root", site, "--stop-daemon")
    assert again.out.strip() == f"No build daemon of {(site / 'build').resolve()} is running."
    assert published(site) == before  # nothing was built


def test_with_its_build_cache_deleted_the_next_build_is_a_cold_one_of_the_command(site: Path, tmp_path: Path) -> None:
    """Deleting .cseas-cache asks for a build from nothing: the daemon declines it and leaves (what it holds is
    of the old cache), the command builds in a fresh process, as without a daemon, and starts a new one."""
    assert build(site).code == 0
    wait_for(lambda: listening(site, *FLAGS), timeout=30)
    (site / "content/a2.md").write_text(article("Article Two", "2024-03-02 10:00", tags="[Trade]"), encoding="utf-8")
    assert BY_DAEMON in build(site).out
    # (a daemon saves the cache once the command has its answer: a build with nothing to do waits for that)
    assert "Nothing changed" in build(site).out
    shutil.rmtree(site / ".cseas-cache")
    cold = build(site)
    assert cold.code == 0, cold.err
    assert BY_DAEMON not in cold.out and "stopped" not in cold.err and "Built 6 articles" in cold.out
    assert "a build daemon keeps this site loaded" in cold.err  # a new one
    assert published(site) == clean_build(site, tmp_path / "clean")
    wait_for(lambda: listening(site, *FLAGS), timeout=30)
    (site / "content/a3.md").write_text(article("Article Three", "2024-03-03 10:00"), encoding="utf-8")
    again = build(site)
    assert again.code == 0 and BY_DAEMON in again.out
