"""The whole command line under random file trees, names, bytes, YAML values and flags: it never shows a
traceback, exits 0, 1 or 2, and never writes outside what the command may write (docs/reliability.md).

CSEAS_FUZZ_EXAMPLES (default 300) sets the budget: this test takes a fifth of it, since each example runs a
whole command."""

from __future__ import annotations

import io
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cseas_site.cli import main

EXAMPLES = max(20, int(os.environ.get("CSEAS_FUZZ_EXAMPLES", "300")) // 5)

names = st.one_of(
    st.sampled_from(["a.md", "b.txt", "site.yaml", "pages/p.md", "2016/r.txt", ".hidden.md", "x.markdown"]),
    st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=12).map(lambda s: s + ".md"),
    st.binary(min_size=1, max_size=8).filter(lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")),
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=30), st.dates(), st.datetimes(),
    st.sampled_from(["2016-02-30", "24:00:00", "0000-01-01", "9" * 5000, "/*", "/:x/", "../x", "\x1b[2J", "/feed.xml"]),
)  # fmt: skip
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=6)
keys = st.sampled_from(["title", "date", "updated", "tags", "aliases", "slug", "source", "lang", "draft", "summary"])
front = st.dictionaries(keys, values, max_size=6).map(
    lambda meta: "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\nBody [x](y) *z*.\n"
)
contents = st.one_of(front.map(str.encode), st.binary(max_size=300))
site_yaml = st.one_of(
    st.none(),
    st.dictionaries(
        st.sampled_from(["title", "per_page", "base_url", "leftovers", "timezone", "permalink"]), values, max_size=3
    ).map(lambda d: yaml.safe_dump(d).encode()),
)
commands = st.sampled_from(
    [["build"], ["build", "--no-cache"], ["build", "--drafts", "--force"], ["check"], ["inspect", "FILE"],
     ["import", "text", "CONTENT"], ["new", "A title"], ["build", "--output", "OUT"], ["--jobs", "x"], ["nonsense"]]
)  # fmt: skip
outputs = st.sampled_from(["build", "content", "static", "..", "content/sub", "elsewhere", "/"])


def snapshot(folder: Path) -> dict[str, bytes]:
    found = {}
    for current, _, files in os.walk(folder):
        for name in files:
            path = Path(current, name)
            found[os.fsdecode(path.relative_to(folder))] = path.read_bytes() if not path.is_symlink() else b"link"
    return found


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])  # fmt: skip
@given(files=st.lists(st.tuples(names, contents), max_size=5), config=site_yaml, command=commands, output=outputs)
def test_the_command_line_never_shows_a_traceback_nor_writes_where_it_may_not(
    tmp_path_factory: pytest.TempPathFactory,
    files: list[tuple[str | bytes, bytes]],
    config: bytes | None,
    command: list[str],
    output: str,
) -> None:
    home = tmp_path_factory.mktemp("cli")
    root = home / "site"
    (root / "content").mkdir(parents=True)
    (home / "outside.txt").write_text("not the site's", encoding="utf-8")
    if config is not None:
        (root / "content/site.yaml").write_bytes(config)
    for name, data in files:
        relative = os.fsencode(name)
        target = os.path.join(os.fsencode(root / "content"), relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
    first = sorted((root / "content").rglob("*"))
    args = [
        str(root / output) if word == "OUT" else str(first[0] if first else root / "content") if word == "FILE"
        else str(root / "content") if word == "CONTENT" else word
        for word in command
    ]  # fmt: skip
    args += ["--root", str(root)] if args[0] not in ("--jobs", "nonsense") else []
    if args[0] in ("build", "check") or "--output" in args:
        args.append("--no-search")
    before = snapshot(home)
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()) as err:
            code = main(args)
    except SystemExit as exc:  # argparse: usage errors and --help
        code = int(exc.code or 0)
        err = io.StringIO()
    assert code in (0, 1, 2), (args, code)
    assert "Traceback" not in err.getvalue()
    after = snapshot(home)
    built = output if "--output" in args else "build"
    may_change = [f"site/{built}/", f"site/.{built}.standby/", "site/.cseas-cache/"]  # the output and the cache
    if args[0] in ("new", "import"):
        may_change += ["site/content/", "site/static/"]  # what these commands are for
    changed = {path for path in set(before) | set(after) if before.get(path) != after.get(path)}
    assert all(path.startswith(tuple(may_change)) for path in changed), (args, sorted(changed)[:5])
    shutil.rmtree(home, ignore_errors=True)
