"""How article pages are grouped into search index shards (pure planning; indexing is tested end to end)."""

from __future__ import annotations

from cseas_site.output.search_plan import SHARD_PAGES_CAP, plan, shard_size
from cseas_site.write.search_index import shard_keys


def pages(*months: tuple[int, int, int]) -> list[tuple[int, int, str]]:
    """(year, month, count) -> that many pages in that month."""
    return [(y, m, f"{y}-{m}-{i}/index.html") for y, m, n in months for i in range(n)]


def test_months_are_never_split_and_shards_fill_up_oldest_first() -> None:
    shards = plan(pages((2016, 1, 2), (2016, 2, 2), (2016, 3, 3), (2017, 5, 1)), "en", size=4).shards
    assert [s.name for s in shards] == ["en-2016-01", "en-2016-03"]
    assert [len(s.pages) for s in shards] == [4, 4]
    assert all(p.startswith("2016-1-") or p.startswith("2016-2-") for p in shards[0].pages)


def test_a_month_bigger_than_a_shard_is_a_shard_of_its_own() -> None:
    shards = plan(pages((2020, 1, 1), (2020, 2, 9), (2020, 3, 1)), "en", size=4).shards
    assert [(s.name, len(s.pages)) for s in shards] == [("en-2020-01", 1), ("en-2020-02", 9), ("en-2020-03", 1)]


def test_a_new_article_in_the_newest_month_leaves_older_shards_alone() -> None:
    before = plan(pages((2015, 6, 3), (2016, 1, 2)), "en", size=4)
    after = plan(pages((2015, 6, 3), (2016, 1, 3)), "en", size=4)
    assert [s.name for s in before.shards] == [s.name for s in after.shards] == ["en-2015-06", "en-2016-01"]
    assert before.shards[0] == after.shards[0]
    old, new = shard_keys(before, {}), shard_keys(after, {})
    assert old["en-2015-06"] == new["en-2015-06"] and old["en-2016-01"] != new["en-2016-01"]


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
    assert len(plan(pages(*[(2000 + y, m, 30) for y in range(27) for m in range(1, 13)]), "en").shards) == 10
