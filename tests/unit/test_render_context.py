"""The template context's quicker call gives what Jinja's own gives, for every kind of callable a template calls,
and its quicker escape writes every kind of value as Jinja's own writes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from cseas_site.output.render import _Environment, _Template

TEMPLATE = """\
{%- set outer = "set in the template" -%}
{{ plain("a", key="b") }}|{{ method(1) }}|{{ builtin("x") }}|{{ ctx() }}|{{ env_fn() }}|{{ eval_fn() }}|\
{{ callable_object() }}|{{ plain_object(2) }}|{{ stops() is undefined }}
{% for item in [1, 2] %}{% set inner = item * 10 %}{{ ctx_loop() }},{{ plain(item) }};{% endfor %}
{% block body %}{% set in_block = "block value" %}{{ ctx_block() }}{% endblock %}"""


class Counter:
    def __init__(self) -> None:
        self.base = 40

    def add(self, n: int) -> int:
        return self.base + n


class WithContext:
    @jinja2.pass_context
    def __call__(self, context: jinja2.runtime.Context) -> str:
        return f"object sees {context.get('outer')}"


class Plain:
    def __call__(self, n: int) -> str:
        return f"plain object {n}"


def stops() -> None:
    raise StopIteration


def globals_() -> dict[str, Any]:
    return {
        "plain": lambda *args, **kwargs: f"plain {args} {sorted(kwargs.items())}",
        "method": Counter().add,
        "builtin": "{}!".format,
        "ctx": jinja2.pass_context(lambda context: f"sees {context.get('outer')}"),
        "env_fn": jinja2.pass_environment(lambda environment: type(environment).__name__ != ""),
        "eval_fn": jinja2.pass_eval_context(lambda eval_ctx: eval_ctx.autoescape),
        "callable_object": WithContext(),
        "plain_object": Plain(),
        "stops": stops,
        "ctx_loop": jinja2.pass_context(lambda context: f"loop {context.get('inner')}"),
        "ctx_block": jinja2.pass_context(lambda context: f"block {context.get('in_block')}"),
    }


def render(environment_class: type[jinja2.Environment]) -> str:
    environment = environment_class(autoescape=True, undefined=jinja2.StrictUndefined)
    environment.globals.update(globals_())
    return environment.from_string(TEMPLATE).render()


def test_every_kind_of_callable_is_called_as_jinja_calls_it() -> None:
    ours, jinjas = render(_Environment), render(jinja2.Environment)
    assert ours == jinjas
    assert "sees set in the template" in ours and "loop 10" in ours and "loop 20" in ours
    assert "block block value" in ours and "object sees set in the template" in ours and "|True" in ours


def test_a_template_error_in_a_called_function_still_surfaces() -> None:
    environment = _Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    environment.globals["broken"] = lambda: {}["missing"]
    with pytest.raises(KeyError):
        environment.from_string("{{ broken() }}").render()


class Html:
    def __init__(self, made: object) -> None:
        self.made = made

    def __html__(self) -> object:
        return self.made


ESCAPED = """\
{{ text }}|{{ markup }}|{{ number }}|{{ fraction }}|{{ nothing }}|{{ html }}|{{ odd_html }}|{{ text ~ markup }}|\
{{ text | upper }}|{{ text | e }}|{{ text | safe }}
{% macro shown(value) %}<b>{{ value }}</b>{% endmacro %}{{ shown(text) }}|{{ shown(markup) }}
{% set block %}<i>{{ text }}</i>{% endset %}{{ block }}|{% filter upper %}{{ text }}{% endfilter %}
{% macro wrap() %}[{{ caller() }}]{% endmacro %}{% call wrap() %}{{ text }}{% endcall %}|{% autoescape false %}{{ text }}{% endautoescape %}|\
{% for item in [text, markup, number] %}{{ item }};{% endfor %}"""


@given(text=st.text(alphabet=st.sampled_from("<>&'\"ab é\n{}%#"), max_size=20))
@settings(max_examples=60, deadline=None)
def test_values_are_written_escaped_as_jinja_writes_them(text: str) -> None:
    values = {
        "text": text, "markup": Markup(f"<em>{text}</em>"), "number": 3, "fraction": 0.5, "nothing": None,
        "html": Html(f"<span>{text}</span>"), "odd_html": Html(7),
    }  # fmt: skip
    rendered = [
        environment_class(autoescape=True).from_string(ESCAPED).render(values)
        for environment_class in (_Environment, jinja2.Environment)
    ]
    assert rendered[0] == rendered[1]
    if "<" in text:
        assert "&lt;" in rendered[0].split("|")[0]


def test_a_template_read_from_the_bytecode_cache_writes_values_escaped(tmp_path: Path) -> None:
    """A template loaded again from Jinja's bytecode cache (a later build's) is made by the same class, and
    escapes what it writes."""
    (tmp_path / "page.html").write_text("<p>{{ text }}</p>{{ markup }}", encoding="utf-8")
    cache = tmp_path / "compiled"
    cache.mkdir()
    made = []
    for _ in range(2):
        environment = _Environment(
            loader=jinja2.FileSystemLoader(str(tmp_path)), bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache)),
            autoescape=True,
        )  # fmt: skip
        template = environment.get_template("page.html")
        assert isinstance(template, _Template)
        made.append(template.render(text="a < b & 'c'", markup=Markup("<br>")))
    assert list(cache.iterdir())  # the second was read from the cache
    assert made == ["<p>a &lt; b &amp; &#39;c&#39;</p><br>"] * 2
