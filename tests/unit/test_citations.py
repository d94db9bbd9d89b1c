"""An article's citations are kept between builds under the digest of ``cited`` (output/citations.py): it must
hold everything of the article the citations read, or an edit would leave a stale citation on the page."""

import dataclasses
from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cseas_site.archive.urls import Urls
from cseas_site.config import Config
from cseas_site.models import Article, Comment, pack
from cseas_site.output.citations import _cite_texts, cited

CONFIG = Config(base_url="https://cseas.example.org/", permalink="/{year}/{category}/{slug}/")
URLS = Urls(CONFIG)


def make(**kw: object) -> Article:
    values: dict[str, object] = dict(
        path="content/a.md", title="Prospects of ASEAN & Japan", slug="asean-japan",
        date=datetime(2016, 2, 17, 23, 30, tzinfo=ZoneInfo("Asia/Jakarta")), body=pack("<p>Body.</p>"),
        summary="Summary.", lang="en", sources=("Vietnam News Agency",), categories=("Economy",), tags=("ASEAN",),
    )  # fmt: skip
    values.update(kw)
    return Article(**values)  # type: ignore[arg-type]


def changed(value: object) -> object:
    """Another value of the same kind."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 7
    if isinstance(value, str):
        return value + "-other"
    if isinstance(value, bytes):
        return pack("<p>Another body, much longer than the first.</p>")
    if isinstance(value, datetime):
        return value + timedelta(days=40, hours=3)
    if value is None:
        return datetime(2017, 1, 1, tzinfo=ZoneInfo("UTC"))
    if isinstance(value, tuple):
        return (*value, Comment("Reader", datetime(2016, 3, 1, tzinfo=ZoneInfo("UTC")), "Hi")) if not value else ()
    if isinstance(value, Mapping):
        return {"other": 1}
    raise AssertionError(f"no other value for {value!r}")


BASES = [make(), make(authors=("Jane Doe", "Budi Santoso"), lang="id", tags=())]
FIELDS = [f.name for f in dataclasses.fields(Article)]


@pytest.mark.parametrize("base", BASES, ids=["agency", "authors"])
@pytest.mark.parametrize("name", FIELDS)
def test_a_citation_changes_only_with_what_its_digest_holds(base: Article, name: str) -> None:
    """Whatever field of an article changes, its citations stay the same while ``cited`` does (the pieces
    store gives the last build's then)."""
    other = dataclasses.replace(base, **{name: changed(getattr(base, name))})
    if cited(other, URLS) == cited(base, URLS):
        assert _cite_texts(other, URLS, CONFIG) == _cite_texts(base, URLS, CONFIG)
    else:
        assert name in {"title", "slug", "date", "lang", "sources", "authors", "tags", "categories"}


def test_what_the_citation_shows_is_in_its_digest() -> None:
    """The digest is not empty-handed: the fields a citation shows change it, the body does not."""
    base = make()
    for name in ("title", "slug", "date", "lang", "sources", "authors", "tags", "categories"):
        assert cited(dataclasses.replace(base, **{name: changed(getattr(base, name))}), URLS) != cited(base, URLS)
    for name in ("body", "summary", "image", "words", "updated", "comments", "featured"):
        assert cited(dataclasses.replace(base, **{name: changed(getattr(base, name))}), URLS) == cited(base, URLS)
