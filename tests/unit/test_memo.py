"""The memo of made text: what it gives back equals what was made, and it stays within its budget."""

from __future__ import annotations

from functools import partial

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from cseas_site.output.memo import Memo


def text_of(key: str) -> str:
    return f"<p>{key} é " + key * 50 + "</p>"


class Maker:
    """Makes text on demand and records what it was asked for."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, key: str) -> str:
        self.calls.append(key)
        return text_of(key)


@given(st.lists(st.sampled_from("abcdefgh"), max_size=60), st.integers(0, 2000), st.booleans())
def test_a_memo_gives_what_was_made_and_keeps_within_its_budget(keys: list[str], budget: int, packed: bool) -> None:
    memo: Memo[str] = Memo(budget, packed)
    maker = Maker()
    for key in keys:
        assert memo.get(key, None, partial(maker, key), str) == text_of(key)
        assert memo.used <= budget
    if budget >= 8 * len(text_of("a").encode()):  # room for every text: each is made once
        assert sorted(maker.calls) == sorted(set(keys))


def test_the_least_recently_used_text_is_dropped_first_and_made_again() -> None:
    maker = Maker()
    memo: Memo[str] = Memo(2 * len(text_of("x")))
    for key in ["a", "b", "a", "c", "a", "b"]:  # c drops b (a was used since); b then drops c
        memo.get(key, None, partial(maker, key), str)
    assert maker.calls == ["a", "b", "c", "b"]


def test_a_kept_markup_comes_back_as_markup_and_packed_text_is_smaller() -> None:
    memo: Memo[Markup] = Memo(10_000, packed=True)
    made = Markup("<b>" + "teaser " * 200 + "</b>")
    assert memo.get(1, None, lambda: made, Markup) is made
    again = memo.get(1, None, lambda: Markup("never made"), Markup)
    assert again == made and isinstance(again, Markup)
    assert memo.used < len(made) / 5


def test_an_entry_holds_the_objects_whose_ids_its_key_uses() -> None:
    memo: Memo[str] = Memo(10_000)
    article = object()
    memo.get(id(article), article, lambda: "made", str)
    key = id(article)
    del article  # the memo still holds it: no new object can take its id while the entry is kept
    assert memo.get(key, None, lambda: "other", str) == "made"
