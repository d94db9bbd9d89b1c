"""The memo of made text: what it gives back equals what was made, and it stays within its budget."""

from __future__ import annotations

import gc
import weakref
from functools import partial

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from cseas_site.output.memo import Memo, held


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
    if budget >= 8 * held(text_of("a")):  # room for every text (held as a string, or less packed): each made once
        assert sorted(maker.calls) == sorted(set(keys))


def test_the_least_recently_used_text_is_dropped_first_and_made_again() -> None:
    maker = Maker()
    memo: Memo[str] = Memo(2 * held(text_of("x")))
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


class Article:
    """Stands for an article: an object whose id a key holds (weakly referable, to see when it is freed)."""


def test_an_entry_holds_the_objects_whose_ids_its_key_uses_until_it_is_dropped() -> None:
    memo: Memo[str] = Memo(held("made") + held("next"))
    article = Article()
    alive = weakref.ref(article)
    memo.get(id(article), article, lambda: "made", str)
    del article
    gc.collect()
    assert alive() is not None  # held by its entry: no other object can take its id while the entry is kept
    memo.get("other", None, lambda: "next", str)
    memo.get("third", None, lambda: "more", str)  # over the budget: the entry of the article is dropped
    gc.collect()
    assert alive() is None


def test_the_budget_counts_the_bytes_a_text_is_held_in_not_its_characters() -> None:
    """A dash makes every character of a string two bytes: a budget in characters kept twice its size."""
    plain, dashed = "x" * 1000, "x" * 999 + "\u2013"
    assert held(dashed) > held(plain) + 900
    made: list[str] = []
    memo: Memo[str] = Memo(held(plain) * 2)  # room for two plain texts, not for two dashed ones
    for key in ["a", "b", "a"]:
        memo.get(key, None, lambda key=key: made.append(key) or dashed, str)  # type: ignore[misc]
        assert memo.used <= memo.budget
    assert made == ["a", "b", "a"]  # b dropped a: it was made again


def test_packed_text_is_kept_as_it_is_made_and_given_back_the_same() -> None:
    """get_packed keeps what it is given already packed (a teaser the last build kept) without packing it
    again, gives back those very bytes, and makes it again only once it was dropped for room."""
    import lz4.block  # type: ignore[import-untyped]

    maker = Maker()
    packed = {key: lz4.block.compress(text_of(key).encode()) for key in "abc"}
    memo: Memo[str] = Memo(len(packed["a"]) * 2, packed=True)

    def make(key: str) -> bytes:
        maker(key)
        return packed[key]

    for key in "abab":
        assert memo.get_packed(key, None, partial(make, key)) is packed[key]
    assert maker.calls == ["a", "b"] and memo.used == len(packed["a"]) + len(packed["b"])
    memo.get_packed("c", None, partial(make, "c"))  # over budget: "a", the least recently used, goes
    assert memo.get_packed("a", None, partial(make, "a")) is packed["a"] and maker.calls == ["a", "b", "c", "a"]
