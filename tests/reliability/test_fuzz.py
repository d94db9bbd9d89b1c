"""Promise 4: no input crashes the loader or the build; every problem is 'path:line: message'.

The default budget keeps the suite fast; set CSEAS_FUZZ_EXAMPLES (e.g. 5000) for a longer run.
"""

from __future__ import annotations

import io
import os
import re
import resource
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cseas_site.cli import main
from cseas_site.config import Config
from cseas_site.load.loader import ContentFile, load_file
from cseas_site.load.validate import KNOWN_KEYS
from helpers import make_site

EXAMPLES = int(os.environ.get("CSEAS_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=5000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROBLEM = re.compile(r"^[^\n]+:\d+: \S")
CONFIG = Config(title="CSEAS Indonesia", timezone="Asia/Jakarta")

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40), st.dates(), st.datetimes()
)
yaml_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
line_endings = st.sampled_from(["\n", "\r\n", "\r"])
words = st.sampled_from(
    ["Jakarta", "(Antara)", "-", "–", "—", ":", ",", "17", "February", "Februari", "2016", "2016-02-17", "17/02/2016",
     "Leave", "a", "Comment", "CSEAS", "Indonesia", "the", "yang", "---", "title:", "date:", "\t", "<b>", "&amp;", "[", "*"]
)  # fmt: skip
raw_lines = st.lists(st.lists(words, max_size=12).map(" ".join), max_size=25)


def check_file(tmp: Path, name: str, data: bytes) -> None:
    """Load one file: never raises, every problem has a position."""
    file = tmp / name
    file.write_bytes(data)
    parsed = load_file(ContentFile(str(file), name), CONFIG)
    for problem in parsed.problems:
        assert PROBLEM.match(str(problem)), str(problem)
        assert problem.path == name and problem.line >= 1


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".md", ".txt"]))
def test_random_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    check_file(tmp_path, "f" + suffix, data)


@pytest.mark.slow
@pytest.mark.slow
@FUZZ
@given(
    meta=st.dictionaries(st.text(max_size=10), yaml_values, max_size=6), body=st.text(max_size=300), eol=line_endings
)
def test_random_yaml_front_matter(tmp_path: Path, meta: dict[str, object], body: str, eol: str) -> None:
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    check_file(tmp_path, "f.md", text.replace("\n", eol).encode("utf-8", "surrogatepass"))


@FUZZ
@given(key=st.sampled_from(KNOWN_KEYS), value=yaml_values)
def test_wrong_types_in_every_key(tmp_path: Path, key: str, value: object) -> None:
    meta = {"title": "T", "date": "2020-01-01", key: value}
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\nBody.\n"
    check_file(tmp_path, "f.md", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(lines=raw_lines, eol=line_endings, bom=st.booleans())
def test_random_raw_reports(tmp_path: Path, lines: list[str], eol: str, bom: bool) -> None:
    data = ("\ufeff" if bom else "") + eol.join(lines)
    check_file(tmp_path, "r.txt", data.encode("utf-8"))


def run_build(root: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--root", str(root), "--quiet"])
    return code, err.getvalue()


@pytest.mark.slow
@settings(
    max_examples=max(10, EXAMPLES // 5),
    deadline=20000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    files=st.lists(
        st.tuples(st.sampled_from([".md", ".txt"]), st.binary(max_size=600) | raw_lines.map("\n".join).map(str.encode)),
        min_size=1,
        max_size=4,
    )
)
def test_whole_builds_end_in_exit_0_or_1_with_positions(tmp_path_factory, files: list[tuple[str, bytes]]) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("fuzz")
    make_site(root, {f"content/f{i}{suffix}": data for i, (suffix, data) in enumerate(files)})
    code, err = run_build(root)
    assert code in (0, 1)
    for line in err.splitlines():
        assert PROBLEM.match(line) or line.startswith("cseas-build: "), line
    if code == 1:
        assert err.rstrip().splitlines()[-1].startswith("cseas-build: ")


def limited_build(root: Path, seconds: int = 60) -> subprocess.CompletedProcess[str]:
    """Build in a child with 1 GiB of address space and a time limit: bounded time and memory."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "cseas_site", "--root", str(root)],
        capture_output=True, text=True, timeout=seconds, preexec_fn=limit,
    )  # fmt: skip


BOMB = (
    "---\ntitle: Bomb\ndate: 2020-01-01\n"
    + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    + "tags: *a9\n---\nBody\n"
)


def test_hostile_files_in_bounded_time_and_memory(tmp_path: Path) -> None:
    big = b"---\ntitle: Big\ndate: 2020-01-01\n---\n" + b"word " * (10 * 1024 * 1024)  # 50 MB
    make_site(
        tmp_path,
        {
            "content/big.md": big,
            "content/bomb.md": BOMB,
            "content/deep.md": "---\ntitle: Deep\ndate: 2020-01-01\nx: " + "[" * 100000 + "]" * 100000 + "\n---\n",
            "content/deep-md.md": "---\ntitle: Deep md\ndate: 2020-01-01\n---\n" + "> " * 20000 + "x\n",
            "content/latin1.md": "---\ntitle: Café\ndate: 2020-01-01\n---\nCafé\n".encode("latin-1"),
            "content/utf16.md": "---\ntitle: T\ndate: 2020-01-01\n---\nx\n".encode("utf-16"),
            "content/mixed.txt": b"Test Site\r\n\r\nTitle\r\rAntara, 17 February 2016 - Text.\n\nMore.\r\n",
        },
    )
    started = time.monotonic()
    result = limited_build(tmp_path)
    assert time.monotonic() - started < 60
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    messages = result.stderr
    assert "content/big.md:1: file is larger than 5 MiB" in messages
    assert "content/bomb.md:" in messages  # tags: a list of lists, refused without expanding 9**9 items
    assert "content/deep.md:4: invalid YAML in front matter" in messages
    assert "content/latin1.md:2: not valid UTF-8" in messages
    assert "content/utf16.md:1: file is UTF-16; save it as UTF-8" in messages
    assert "content/deep-md.md:5: block quotes nested more than 32 deep" in messages  # a documented limit
    assert "mixed.txt" not in messages  # mixed line endings are fine


def test_links_whose_title_never_closes_build_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """A link or image whose title quote is never closed, with a '(' after it (a typo, or a hostile file), is read
    as Python-Markdown reads it; the one-pass link reader once read such a text again from its start, for ever,
    until memory ran out."""
    texts = ["See [the report](/r/ '( here.", '[a](/b "( and [c](/d/).', "![chart](/c.png '(", "[x]('(", "[y](/z '(("]
    make_site(
        tmp_path,
        {
            f"content/2020/unclosed-{number}.md": f"---\ntitle: Unclosed {number}\ndate: 2020-01-0{number + 1}\n---\n"
            f"Before.\n\n{text}\n\nAfter.\n"
            for number, text in enumerate(texts)
        },
    )
    result = limited_build(tmp_path)
    assert result.returncode == 0, result.stderr
    page = next((tmp_path / "build").rglob("unclosed-0/index.html")).read_text(encoding="utf-8")
    # as Python-Markdown reads it: the link runs to the text's last character, which stays after it
    assert '<p>See <a href="/r/ \'( her">the report</a>.</p>' in page and "<p>After.</p>" in page
