from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cseas_site.archive.collate import collate
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
