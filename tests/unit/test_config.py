import pytest

from cseas_site.config import Config, parse_config
from cseas_site.errors import SiteError


def test_defaults_when_empty() -> None:
    assert parse_config("", "site.yaml") == Config()


def test_every_key_is_read() -> None:
    config = parse_config(
        "title: CSEAS Indonesia\ndescription: d\nbase_url: https://example.org/news\ntimezone: Asia/Jakarta\n"
        "language: id\nper_page: 5\npermalink: /{year}/{month}/{slug}/\nauthor: A\nleftovers: [Print]\n"
        "allow_raw_html: false\nfeed_size: 7\nfooter: F\n",
        "site.yaml",
    )
    assert config.base_path == "/news/"
    assert config.origin == "https://example.org"
    assert config.tz.key == "Asia/Jakarta"
    assert (config.per_page, config.permalink, config.leftovers, config.allow_raw_html) == (
        5, "/{year}/{month}/{slug}/", ("Print",), False,
    )  # fmt: skip


def test_every_problem_is_reported_with_its_line() -> None:
    with pytest.raises(SiteError) as caught:
        parse_config(
            "title: X\ntimezone: Mars/Olympus\nper_page: 0\ntitel: Y\npermalink: /{id}/\n", "content/site.yaml"
        )
    lines = [(p.line, p.message.split(" ")[0]) for p in caught.value.problems]
    assert lines == [(2, "timezone:"), (3, "per_page:"), (4, "unknown"), (5, "permalink:")]
    assert "did you mean 'title'" in caught.value.problems[2].message
    assert str(caught.value.problems[0]).startswith("content/site.yaml:2: timezone:")


@pytest.mark.parametrize("base", ["ftp://x/", "example.org", "https://"])
def test_bad_base_url(base: str) -> None:
    with pytest.raises(SiteError):
        parse_config(f"base_url: {base}\n", "site.yaml")


def test_path_only_base_url() -> None:
    config = parse_config("base_url: /cseas\n", "site.yaml")
    assert (config.base_path, config.origin) == ("/cseas/", "")
