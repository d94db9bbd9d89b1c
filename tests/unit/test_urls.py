from datetime import datetime
from zoneinfo import ZoneInfo

from cseas_site.archive.urls import Urls, output_path, term_slug
from cseas_site.config import Config
from cseas_site.models import Article


def make(slug: str = "asean-japan", **kw: object) -> Article:
    values: dict[str, object] = dict(
        path="a.md", title="T", slug=slug, date=datetime(2016, 2, 7, tzinfo=ZoneInfo("Asia/Jakarta")),
        body=b"", summary="", lang="en",
    )  # fmt: skip
    values.update(kw)
    return Article(**values)  # type: ignore[arg-type]


def test_default_permalink_is_the_slug_folder() -> None:
    urls = Urls(Config())
    assert urls.article(make()) == "/asean-japan/"
    assert output_path(urls.article_path(make())) == "asean-japan/index.html"


def test_date_patterns_and_html_files() -> None:
    assert Urls(Config(permalink="/{year}/{month}/{slug}/")).article(make()) == "/2016/02/asean-japan/"
    assert Urls(Config(permalink="/{year}/{month}/{day}/{slug}.html")).article(make()) == "/2016/02/07/asean-japan.html"
    urls = Urls(Config(permalink="/{category}/{slug}/"))
    assert urls.article(make(categories=("Economy & Trade",))) == "/economy-trade/asean-japan/"


def test_every_permalink_field_site_yaml_allows_is_filled_in() -> None:
    from cseas_site.config import PERMALINK_FIELDS

    pattern = "/" + "/".join("{" + name + "}" for name in reversed(PERMALINK_FIELDS)) + "/"
    article = make(lang="id", categories=("Economy & Trade",), sources=("Antara News",))
    assert Urls(Config(permalink=pattern)).article(article) == "/antara-news/economy-trade/id/07/02/2016/asean-japan/"
    assert Urls(Config(permalink="/{source}/{category}/{slug}/")).article(make()) == "/cseas/uncategorized/asean-japan/"


def test_sub_path_base_url_prefixes_every_link() -> None:
    urls = Urls(Config(base_url="https://example.org/cseas/"))
    assert urls.article(make()) == "/cseas/asean-japan/"
    assert urls.list("tag", "South China Sea", 2) == "/cseas/tags/south-china-sea/page/2/"
    assert urls.list("index") == "/cseas/"
    assert urls.list("year", "2016") == "/cseas/archive/2016/"
    assert urls.full(urls.article(make())) == "https://example.org/cseas/asean-japan/"
    assert urls.asset("style.css") == "/cseas/theme/style.css"


def test_term_slugs_never_escape_and_never_vanish() -> None:
    for name in ["../../x", "/etc/passwd", "..\\..\\x", "a\x00b", "con", "日本", "!!!", "x" * 400]:
        slug = term_slug(name)
        assert slug and "/" not in slug and "\\" not in slug and ".." not in slug and "\x00" not in slug
        assert len(slug.encode()) <= 255 and slug != "con"
    assert term_slug("!!!") != term_slug("???")
