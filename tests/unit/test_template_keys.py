"""A page's template digest: its template and every template it reads, as Jinja looks them up."""

from __future__ import annotations

from pathlib import Path

import pytest

from cseas_site.output.template_keys import TemplateKeys


def folders(tmp_path: Path, site: dict[str, str], theme: dict[str, str]) -> list[Path]:
    made = []
    for name, files in (("site", site), ("theme", theme)):
        folder = tmp_path / name
        for path, text in files.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
        folder.mkdir(exist_ok=True)
        made.append(folder)
    return made


THEME = {
    "base.html": '<html>{% include "_head.html" %}{% block main %}{% endblock %}</html>',
    "_head.html": "<title>{{ title }}</title>",
    "_macros.html": "{% macro teaser(a) %}<p>{{ a }}</p>{% endmacro %}",
    "article.html": '{% extends "base.html" %}{% from "_macros.html" import teaser %}{% block main %}A{% endblock %}',
    "list.html": '{% extends "base.html" %}{% block main %}L{% endblock %}',
    "unused.html": "nobody reads me",
    "static/style.css": "body {}",
}


def keys(dirs: list[Path]) -> dict[str, str]:
    found = TemplateKeys(dirs)
    return {name: found(name) for name in ("article.html", "list.html")}


def test_an_edit_changes_the_digest_of_the_templates_that_read_the_file_and_no_other(tmp_path: Path) -> None:
    dirs = folders(tmp_path, {}, THEME)
    before = keys(dirs)
    assert before["article.html"] != before["list.html"]
    (dirs[1] / "_macros.html").write_text("{% macro teaser(a) %}<li>{{ a }}</li>{% endmacro %}", encoding="utf-8")
    after = keys(dirs)
    assert after["article.html"] != before["article.html"] and after["list.html"] == before["list.html"]
    (dirs[1] / "_head.html").write_text("<title>{{ title }} | Site</title>", encoding="utf-8")
    last = keys(dirs)
    assert last["article.html"] != after["article.html"] and last["list.html"] != after["list.html"]
    (dirs[1] / "unused.html").write_text("still nobody", encoding="utf-8")
    (dirs[1] / "static/style.css").write_text("body { margin: 0 }", encoding="utf-8")
    assert keys(dirs) == last


def test_the_site_s_own_template_is_the_one_read_and_the_same_bytes_give_the_same_digest(tmp_path: Path) -> None:
    dirs = folders(tmp_path, {}, THEME)
    before = keys(dirs)
    (dirs[0] / "_head.html").write_text(THEME["_head.html"], encoding="utf-8")  # the same bytes, site's folder
    assert keys(dirs) == before
    (dirs[0] / "_head.html").write_text("<title>Own</title>", encoding="utf-8")
    after = keys(dirs)
    assert after["article.html"] != before["article.html"] and after["list.html"] != before["list.html"]


@pytest.mark.parametrize(
    "source",
    [
        '{% extends "base.html" %}{% block main %}{% include name %}{% endblock %}',  # a name in a variable
        '{% extends "base.html" %}{% block main %}{% include "x" ~ n %}{% endblock %}',  # an expression
        '{% extends "base.html" %}{% block main %}{% if %}{% endblock %}',  # does not parse
    ],
)
def test_a_template_whose_reads_cannot_be_followed_depends_on_every_template(tmp_path: Path, source: str) -> None:
    dirs = folders(tmp_path, {"article.html": source}, THEME)
    before = keys(dirs)
    (dirs[1] / "unused.html").write_text("now perhaps read", encoding="utf-8")
    after = keys(dirs)
    assert after["article.html"] != before["article.html"] and after["list.html"] == before["list.html"]
    (dirs[1] / "static/style.css").write_text("body { margin: 0 }", encoding="utf-8")
    assert keys(dirs) == after  # published files are never templates


def test_what_a_source_reads_is_kept_by_digest_so_an_unchanged_theme_is_not_parsed_again(tmp_path: Path) -> None:
    dirs = folders(tmp_path, {}, THEME)
    first = TemplateKeys(dirs)
    wanted = first("article.html")
    assert len(first.refs) == 4  # article, base, _head, _macros
    again = TemplateKeys(dirs, dict(first.refs))
    again._parser = None  # type: ignore[assignment]  # any parse would fail now
    assert again("article.html") == wanted
    (dirs[1] / "_head.html").write_text('<title>{{ title }}</title>{% include "more.html" %}', encoding="utf-8")
    (dirs[1] / "more.html").write_text("<meta>", encoding="utf-8")
    edited = TemplateKeys(dirs, dict(first.refs))
    assert edited("article.html") != wanted and len(edited.refs) == 6  # the new _head.html and more.html parsed
    (dirs[1] / "more.html").write_text("<meta name=x>", encoding="utf-8")
    assert TemplateKeys(dirs, dict(edited.refs))("article.html") != edited("article.html")
