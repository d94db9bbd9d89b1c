"""The limits of one content file are found wherever the text passes them: the quick counts that decide whether a
scan runs never hide a place a scan would find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cseas_site.load import limits
from cseas_site.load.limits import HINT, MAX_NESTING, markdown_limits


def scanned(text: str, first_line: int) -> list[tuple[int, str]]:
    """Every scan run on the whole text, whatever the counts say: what markdown_limits must find."""
    found = []
    for pattern, message in (
        (limits._QUOTES, f"block quotes nested more than {MAX_NESTING} deep"),
        (limits._INDENT, f"a line indented more than {limits.MAX_INDENT} columns (lists nested too deep?)"),
        (limits._RUN, f"more than {limits.MAX_MARKER_RUN} '*' or '_' in a row"),
    ):
        match = pattern.search(text)
        if match:
            found.append((first_line + text.count("\n", 0, match.start()), f"{message}: {HINT}"))
    deep = limits._brackets(text)
    if deep is not None:
        found.append((first_line + text.count("\n", 0, deep), f"brackets nested more than {MAX_NESTING} deep: {HINT}"))
    deep = limits._divs(text)
    if deep is not None:
        found.append((first_line + text.count("\n", 0, deep), f"<div> nested more than {MAX_NESTING} deep: {HINT}"))
    return found


PIECES = st.sampled_from(
    ["word ", "\n", "\n\n", "> " * 11, ">", " " * 60, "\t" * 50, " \t", "*" * 22, "_" * 21, "*", "[" * 11, "(" * 12,
     "]", ")", "<div>" * 11, "<DIV markdown='1'>", "</div>", "<", "x"]
)  # fmt: skip


@given(st.lists(PIECES, max_size=30).map("".join), st.integers(1, 40))
@settings(max_examples=500, deadline=None)
def test_the_quick_counts_never_hide_a_limit(text: str, first_line: int) -> None:
    assert markdown_limits(text, first_line) == scanned(text, first_line)


def test_each_limit_is_reported_at_its_line() -> None:
    text = "Intro\n\n" + "> " * 40 + "deep\n\n" + "\t" * 170 + "indented\n\n" + "_*" * 40 + "\n"
    assert [(line, message.split(":")[0]) for line, message in markdown_limits(text, 5)] == [
        (7, "block quotes nested more than 32 deep"),
        (9, "a line indented more than 160 columns (lists nested too deep?)"),
        (11, "more than 64 '*' or '_' in a row"),
    ]
    assert markdown_limits("An *ordinary* report with [a link](/x/) and <div>a box</div>.\n" * 50, 1) == []
