"""How article pages are grouped into search index shards (pure planning; indexing is tested end to end)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cseas_site.output.search_plan import NEWEST_SHARE, SHARD_PAGES_CAP, plan, shard_size
from cseas_site.write.search_index import shard_keys


def pages(*months: tuple[int, int, int]) -> list[tuple[int, int, str]]:
    """(year, month, count) -> that many pages in that month."""
    return [(y, m, f"{y}-{m}-{i}/index.html") for y, m, n in months for i in range(n)]


def test_months_are_never_split_and_shards_fill_up_oldest_first() -> None:
    shards = plan(pages((2016, 1, 2), (2016, 2, 2), (2016, 3, 3), (2017, 5, 1)), "en", size=4).shards
    # 2016-01 and -02 fill a shard of 4; the newest one, still filling (2016-03 and 2017-05), is cut in shards of 1
    assert [(s.name, len(s.pages)) for s in shards] == [("en-2016-01", 4), ("en-2016-03", 3), ("en-2017-05", 1)]
    assert all(p.startswith("2016-1-") or p.startswith("2016-2-") for p in shards[0].pages)


def test_a_month_bigger_than_a_shard_is_a_shard_of_its_own() -> None:
    shards = plan(pages((2020, 1, 1), (2020, 2, 9), (2020, 3, 1), (2020, 4, 1)), "en", size=4).shards
    assert [(s.name, len(s.pages)) for s in shards] == [
        ("en-2020-01", 1), ("en-2020-02", 9), ("en-2020-03", 1), ("en-2020-04", 1)
    ]  # fmt: skip


def test_a_new_article_in_the_newest_month_leaves_older_shards_alone() -> None:
    before = plan(pages((2015, 6, 3), (2016, 1, 2)), "en", size=4)
    after = plan(pages((2015, 6, 3), (2016, 1, 3)), "en", size=4)
    assert [s.name for s in before.shards] == [s.name for s in after.shards] == ["en-2015-06", "en-2016-01"]
    assert before.shards[0] == after.shards[0]
    old, new = shard_keys(before, {}), shard_keys(after, {})
    assert old["en-2015-06"] == new["en-2015-06"] and old["en-2016-01"] != new["en-2016-01"]


def month_counts() -> st.SearchStrategy[list[int]]:
    """Pages per month, oldest first (a month may have none; the newest has some)."""
    older = st.lists(st.integers(min_value=0, max_value=700), max_size=40)
    return st.builds(lambda counts, last: [*counts, last], older, st.integers(min_value=1, max_value=700))


@settings(max_examples=300, deadline=None)
@given(month_counts(), st.integers(min_value=1, max_value=1200), st.integers(min_value=1, max_value=5))
def test_newest_articles_are_in_small_shards_and_an_added_one_indexes_at_most_two(
    counts: list[int], size: int, added: int
) -> None:
    """Whatever the archive, every page is in one shard of whole months; no shard holds more than the size
    unless a month alone does, and the newest (in the shard still filling) a quarter of it; an article
    published in the newest month indexes again at most two shards: the newest one, and the one it left (the
    newest month moved to a shard of its own, or the newest months filled a whole shard)."""
    months = [(2000 + i // 12, i % 12 + 1, n) for i, n in enumerate(counts)]
    before = plan(pages(*months), "en", size)
    shards = before.shards
    assert sorted(p for s in shards for p in s.pages) == sorted(p for *_, p in pages(*months))
    month_of = {p: p.rsplit("-", 1)[0] for s in shards for p in s.pages}
    owners = {month_of[p]: s.name for s in shards for p in s.pages}
    assert all(owners[month_of[p]] == s.name for s in shards for p in s.pages)  # months never split
    small = max(1, size // NEWEST_SHARE)
    assert all(len(s.pages) <= size or len({month_of[p] for p in s.pages}) == 1 for s in shards)
    assert len(shards[-1].pages) <= small or len({month_of[p] for p in shards[-1].pages}) == 1
    year, month, count = months[-1]
    after = plan(pages(*months[:-1], (year, month, count + added)), "en", size)
    old, new = {s.name: s for s in before.shards}, {s.name: s for s in after.shards}
    changed = [name for name in new if old.get(name) != new[name]]
    assert after.shards[-1].name in changed and len(changed) <= 2
    unchanged = [s for s in after.shards if s.name not in changed]
    assert unchanged == [s for s in before.shards if new.get(s.name) == s]  # the others stay, in order


def test_the_newest_months_fill_a_whole_shard_then_start_small_again() -> None:
    filling = plan(pages((2016, 1, 8), (2016, 2, 1), (2016, 3, 1), (2016, 4, 1), (2016, 5, 1)), "en", size=8)
    assert [(s.name, len(s.pages)) for s in filling.shards] == [
        ("en-2016-01", 8), ("en-2016-02", 2), ("en-2016-04", 2)
    ]  # fmt: skip
    full = plan(pages((2016, 1, 8), (2016, 2, 1), (2016, 3, 1), (2016, 4, 1), (2016, 5, 5)), "en", size=8)
    assert [(s.name, len(s.pages)) for s in full.shards] == [
        ("en-2016-01", 8),
        ("en-2016-02", 2),
        ("en-2016-04", 1),
        ("en-2016-05", 5),
    ]  # fmt: skip  (full, but filling until a month does not fit: a big month alone)
    over = plan(pages((2016, 1, 8), (2016, 2, 1), (2016, 3, 1), (2016, 4, 1), (2016, 5, 5), (2016, 6, 1)), "en", 8)
    assert [(s.name, len(s.pages)) for s in over.shards] == [("en-2016-01", 8), ("en-2016-02", 8), ("en-2016-06", 1)]


def test_shard_keys_follow_the_bytes_of_their_pages() -> None:
    search = plan(pages((2016, 1, 2), (2016, 2, 2)), "en", size=2)
    hashes = {p: "a" for s in search.shards for p in s.pages}
    first = shard_keys(search, hashes)
    hashes[search.shards[1].pages[0]] = "b"
    second = shard_keys(search, hashes)
    assert first["en-2016-01"] == second["en-2016-01"] and first["en-2016-02"] != second["en-2016-02"]
    indonesian, english = plan(pages((2016, 1, 2)), "id", size=2), plan(pages((2016, 1, 2)), "en", size=2)
    assert shard_keys(indonesian, hashes) != shard_keys(english, hashes)


def test_the_shard_size_grows_with_the_archive_in_steps_and_stays_capped() -> None:
    assert shard_size(10) == shard_size(10_000) == shard_size(16_000) == 1000  # 10,000 articles: 10 shards
    assert shard_size(16_001) == shard_size(32_000) == 2000
    assert shard_size(40_000) == 4000
    assert shard_size(64_001) == SHARD_PAGES_CAP  # 4,000 doubled, but capped
    assert shard_size(100_000) == shard_size(10_000_000) == SHARD_PAGES_CAP
    # 9,720 pages of 30 a month: nine shards of 33 months (990 pages), the 27 months still filling in shards of 8
    shards = plan(pages(*[(2000 + y, m, 30) for y in range(27) for m in range(1, 13)]), "en").shards
    assert [len(s.pages) for s in shards] == [990] * 9 + [240, 240, 240, 90]
