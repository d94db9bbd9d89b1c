from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cseas_site.archive.collate import collate, collated, shifted
from cseas_site.archive.urls import Urls
from cseas_site.config import Config
from cseas_site.errors import SiteError
from cseas_site.models import Article

TZ = ZoneInfo("Asia/Jakarta")


def make(slug: str, day: int, year: int = 2016, **kw: object) -> Article:
    values: dict[str, object] = dict(
        path=f"content/{slug}.md", title=slug, slug=slug, date=datetime(year, 2, day, tzinfo=TZ),
        body=b"", summary="", lang="en",
    )  # fmt: skip
    values.update(kw)
    return Article(**values)  # type: ignore[arg-type]


def test_newest_first_then_by_slug() -> None:
    archive = collate([make("b", 1), make("c", 2), make("a", 1)], Urls(Config()))
    assert [a.slug for a in archive.articles] == ["c", "a", "b"]


def test_tags_differing_in_case_or_spacing_are_one_tag() -> None:
    articles = [
        make("a", 1, tags=("South China Sea",)),
        make("b", 2, tags=("south  china sea", "Japan")),
        make("c", 3, tags=("South China Sea", "japan", "JAPAN")),
    ]
    archive = collate(articles, Urls(Config()))
    assert [(t.name, t.slug, t.count) for t in archive.tags] == [
        ("Japan", "japan", 2), ("South China Sea", "south-china-sea", 3),
    ]  # fmt: skip
    assert archive.articles[0].tags == ("South China Sea", "Japan")


def test_years_sources_categories_are_grouped() -> None:
    archive = collate(
        [make("a", 1, 2015, sources=("Antara",), categories=("Economy", "Events")), make("b", 2, sources=("Antara",))],
        Urls(Config()),
    )
    assert [(y.year, y.count) for y in archive.years] == [(2016, 1), (2015, 1)]
    assert [(s.name, s.count) for s in archive.sources] == [("Antara", 2)]
    assert [c.name for c in archive.categories] == ["Economy", "Events"]


def test_two_articles_with_one_url_name_both_files() -> None:
    with pytest.raises(SiteError) as caught:
        collate([make("same", 1, path="content/one.md"), make("same", 2, path="content/two.md")], Urls(Config()))
    text = str(caught.value)
    assert "content/one.md:1:" in text and "content/two.md:1:" in text
    assert "also the URL of content/two.md" in text


def test_slugs_that_take_site_urls_are_refused() -> None:
    with pytest.raises(SiteError) as caught:
        collate([make("tags", 1)], Urls(Config()))
    assert "reserved" in str(caught.value)


# An archive changed by a few articles is made from the last one (archive/collate.shifted: a long-running build
# adds, deletes or moves an article without collating the whole archive again). It must be the very archive a
# full collate makes, and it must be made so for an ordinary change, not only refused.

TAG_SPELLINGS = ["Japan", "japan", "JAPAN", "ASEAN", "Asean", "South China Sea", "south china sea", "Trade"]


def pool_article(number: int, tags: tuple[str, ...], day: int, lang: str, variant: int = 9) -> Article:
    """An article of the pool; ``variant`` 0: it has an alias, 1: it takes article 0's URL, 2: a URL the site
    needs (/tags/), else its own: each of the first three is refused by shifted, or by collate itself."""
    slug = {1: "s0", 2: "tags"}.get(variant, f"s{number}")
    return make(
        slug, 1 + day % 28, 2015 + day % 3, tags=tags, lang=lang, sources=(("Antara", "Tempo")[number % 2],),
        aliases=(f"/old/s{number}/",) if variant == 0 else (), path=f"content/s{number}-{day}.md",
    )  # fmt: skip


article_specs = st.tuples(
    st.lists(st.sampled_from(TAG_SPELLINGS), max_size=3).map(tuple),
    st.integers(0, 80),
    st.sampled_from(["en", "en", "id", "fr"]),
    st.integers(0, 19),  # now and then an alias or a URL taken: see pool_article
)


@settings(max_examples=200, deadline=None)
@given(
    first=st.lists(article_specs, min_size=1, max_size=12),
    changes=st.lists(
        st.tuples(st.sampled_from(["add", "delete", "move"]), st.integers(0, 50), article_specs), min_size=1, max_size=4
    ),
)
def test_an_archive_shifted_by_a_few_articles_is_the_one_collate_makes(
    first: list[tuple[tuple[str, ...], int, str, int]],
    changes: list[tuple[str, int, tuple[tuple[str, ...], int, str, int]]],
) -> None:
    urls = Urls(Config())
    articles = [pool_article(n, *spec) for n, spec in enumerate(first)]
    try:
        archive, basis = collated(articles, urls)
    except SiteError:
        return
    now, serial = list(articles), len(articles)
    for what, which, spec in changes:
        if what != "add" and now:
            del now[which % len(now)]
        if what != "delete":
            now.append(pool_article(serial, *spec))
            serial += 1
    removed = [a for a in articles if not any(a is b for b in now)]
    added = [a for a in now if not any(a is b for b in articles)]
    try:
        full = collated(now, urls)
    except SiteError:
        full = None
    made = shifted(archive, basis, removed, added, urls, ("en", "id"))
    if made is not None:
        assert full is not None
        assert made[0] == full[0]
        assert made[1] == full[1]


def test_an_added_or_deleted_article_shifts_the_archive_without_collating_it_again() -> None:
    urls = Urls(Config())
    articles = [make(f"a{i}", 1 + i, tags=("Japan", "ASEAN")[: 1 + i % 2], sources=("Antara",)) for i in range(20)]
    archive, basis = collated(articles, urls)
    new = make("late", 25, 2017, tags=("japan", "Energy"), sources=("Tempo",))
    made = shifted(archive, basis, [], [new], urls, ("en", "id"))
    assert made is not None
    assert made == collated([*articles, new], urls)
    assert made[0].articles[0].tags == ("Japan", "Energy")  # written "japan": filed under the term's own name
    untouched = {t.slug: t for t in archive.sources}["antara"]
    assert {t.slug: t for t in made[0].sources}["antara"] is untouched  # a term it left alone: the same object
    back = shifted(made[0], made[1], [new], [], urls, ("en", "id"))
    assert back is not None and back == collated(articles, urls)
    assert [t.name for t in back[0].tags] == ["ASEAN", "Japan"]  # Energy's only article is gone: so is Energy
    # a change that renames a term (most of its articles now spell it otherwise) is collated from nothing
    shouting = [make(f"z{i}", 1 + i, 2018, tags=("JAPAN",)) for i in range(25)]
    assert shifted(archive, basis, [], shouting, urls, ("en", "id")) is None
