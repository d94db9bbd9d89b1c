import pytest

from cseas_site.config import Config, NavLink, parse_config
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


def test_menu_and_footer_links() -> None:
    config = parse_config(
        "menu:\n  - {title: About, url: /about/}\n  - title: Topics\n    children:\n"
        "      - {title: Economy, url: /categories/economy/}\n      - {title: Elsewhere, url: 'https://example.net/'}\n"
        "footer_links:\n  - {title: Contact, url: 'mailto:info@example.org'}\n",
        "site.yaml",
    )
    assert config.menu is not None and [entry.title for entry in config.menu] == ["About", "Topics"]
    assert config.menu[1].url == "" and [child.url for child in config.menu[1].children] == [
        "/categories/economy/", "https://example.net/",
    ]  # fmt: skip
    assert config.footer_links == (NavLink("Contact", "mailto:info@example.org"),)
    assert parse_config("", "site.yaml").menu is None  # the theme's own navigation


@pytest.mark.parametrize(
    "text",
    [
        "menu: /about/\n",
        "menu:\n  - {title: About}\n",  # no url and nothing below it
        "menu:\n  - {title: About, url: about}\n",  # neither a path nor an address
        "menu:\n  - {title: X, url: 'javascript:alert(1)'}\n",
        "menu:\n  - {title: X, url: //evil.example/}\n",
        "menu:\n  - {title: '', url: /}\n",
        "menu:\n  - {title: A, url: /, colour: red}\n",
        "menu:\n  - title: A\n    children:\n      - title: B\n        children:\n          - title: C\n"
        "            children: [{title: D, url: /d/}]\n",  # four levels
        "footer_links:\n  - title: A\n    children: [{title: B, url: /b/}]\n",  # footer links are flat
    ],
)
def test_bad_menus_are_reported_on_their_line(text: str) -> None:
    with pytest.raises(SiteError) as caught:
        parse_config("title: X\n" + text, "content/site.yaml")
    (problem,) = caught.value.problems
    assert problem.line == 2 and "is not valid (expected a list of entries like" in problem.message
    assert len(problem.message) < 400  # a long value is shortened in the message
