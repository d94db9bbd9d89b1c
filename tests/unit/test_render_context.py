"""The template context's quicker call gives what Jinja's own gives, for every kind of callable a template calls."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest

from cseas_site.output.render import _Environment

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
