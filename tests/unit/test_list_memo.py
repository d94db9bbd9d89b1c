"""What a long-running process keeps of the per-article work of one build for the next
(archive/collate.ListMemo.column and picked): whatever changed between builds, it gives what a build
without memory makes, and it gives the very same list when nothing it holds changed."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from cseas_site.archive.collate import ListMemo, _in, changed_places
from cseas_site.digests import digest
from cseas_site.models import Article
from cseas_site.output.pages import _TAIL, ARTICLE_GROUP, _run_ends

TZ = ZoneInfo("Asia/Jakarta")
START = datetime(2016, 2, 1, tzinfo=TZ)

# An article: its language and its WordPress id (None, an int, or a bool: True equals 1 but is no id).
specs = st.tuples(st.sampled_from(["en", "id", "vi"]), st.sampled_from([None, 1, 2, True, False, "1"]))


def make(number: int, lang: str, wordpress_id: object) -> Article:
    extra = {} if wordpress_id is None else {"wordpress_id": wordpress_id}
    return Article(
        path=f"content/a{number}.md", title=f"A {number}", slug=f"a{number}", date=START + timedelta(hours=number),
        body=b"", summary="", lang=lang, extra=extra,
    )  # fmt: skip


def wordpress_id(article: Article) -> object:
    return article.extra.get("wordpress_id")


@given(
    first=st.lists(specs, max_size=30),
    builds=st.lists(
        st.lists(st.tuples(st.sampled_from(["swap", "drop", "add", "move"]), st.integers(0, 99), specs), max_size=5),
        min_size=1,
        max_size=6,
    ),
)
def test_kept_columns_and_picks_are_what_a_build_without_memory_makes(
    first: list[tuple[str, object]], builds: list[list[tuple[str, int, tuple[str, object]]]]
) -> None:
    serial = len(first)
    articles = [make(n, *spec) for n, spec in enumerate(first)]
    memo = ListMemo()
    for changes in [[], *builds]:
        for what, where, spec in changes:
            at = where % (len(articles) + 1)
            if what == "swap" and at < len(articles):  # another record in the same place (an edit)
                articles[at] = make(serial, *spec)
            elif what == "drop" and at < len(articles):
                del articles[at]
            elif what == "add":
                articles.insert(at, make(serial, *spec))
            elif what == "move" and at < len(articles):
                articles.append(articles.pop(at))
            serial += 1
        shown = tuple(articles)
        memo.next_build()
        for code in ("en", "id"):
            assert memo.picked(("index", code), shown, code) == _in(shown, code)
        ids = memo.column("wordpress ids", None, shown, wordpress_id)
        assert ids == [wordpress_id(a) for a in shown]
        assert [type(n) for n in ids] == [type(wordpress_id(a)) for a in shown]  # True is not taken for 1
        assert memo.column("langs", "basis", shown, lambda a: a.lang) == [a.lang for a in shown]


def test_a_column_whose_values_did_not_change_is_the_very_same_list() -> None:
    articles = [make(n, "en", n) for n in range(6)]
    memo = ListMemo()
    first = memo.column("langs", None, tuple(articles), lambda a: a.lang)
    memo.next_build()
    articles[2] = make(2, "en", 7)  # an edit that leaves the language as it was
    assert memo.column("langs", None, tuple(articles), lambda a: a.lang) is first
    memo.next_build()
    articles[3] = make(3, "id", 3)
    again = memo.column("langs", None, tuple(articles), lambda a: a.lang)
    assert again is not first and again[3] == "id" and first[3] == "en"  # the list given before is left alone
    memo.next_build()
    assert memo.column("langs", "another basis", tuple(articles), lambda a: a.lang + "!")[0] == "en!"


def test_changed_places_compares_references_and_gives_up_past_a_few() -> None:
    articles = tuple(make(n, "en", None) for n in range(200))
    same = make(5, "en", None)  # equal to articles[5], another record
    assert changed_places(articles, articles) == []
    assert changed_places(articles, (*articles[:5], same, *articles[6:])) == [5]
    assert changed_places(articles, articles[:-1]) is None
    assert changed_places(articles, tuple(make(n, "en", None) for n in range(200))) is None


@given(st.binary(min_size=1, max_size=64), st.integers(1, 256))
def test_a_run_of_article_pages_ends_where_two_digits_of_the_digest_are_0_modulo_the_group(
    data: bytes, group: int
) -> None:
    """output/pages.article_pages ends a run before an article whose digest's seventh and eighth digits are a
    number that is 0 modulo the group (ARTICLE_GROUP: 64, the whole first 32 bits then are)."""
    found = digest(data)
    assert (_TAIL(found) in _run_ends(group)) == (int(found[6:8], 16) % group == 0)
    assert (_TAIL(found) in _run_ends(ARTICLE_GROUP)) == (int(found[:8], 16) % ARTICLE_GROUP == 0)
    assert len(_run_ends(group)) == len(range(0, 256, group))
