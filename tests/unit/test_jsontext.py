"""The CSL-JSON, JSON Feed and web app manifest are written as json.dumps writes them, for any value."""

from __future__ import annotations

import json
from collections import OrderedDict

from hypothesis import given
from hypothesis import strategies as st

from cseas_site.output.jsontext import indented

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=30,
)


def stock(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)


@given(values)
def test_any_json_value_is_written_as_json_writes_it(value: object) -> None:
    assert indented(value) == stock(value)


def test_what_json_converts_its_own_way_is_left_to_it() -> None:
    odd = {2: "two", 1: [True, None], 3: {"b": float("nan"), "a": -float("inf")}}  # keys json makes strings
    assert indented(odd) == stock(odd)
    assert indented([OrderedDict(z=1, a=2), 'é\u2028\x00"\\']) == stock([OrderedDict(z=1, a=2), 'é\u2028\x00"\\'])


def test_a_citation_reads_as_indented_json() -> None:
    item = [{"title": 'Laut "Cina" Selatan', "issued": {"date-parts": [[2016, 2, 17]]}, "author": []}]
    assert indented(item) == (
        '[\n {\n  "author": [],\n  "issued": {\n   "date-parts": [\n    [\n     2016,\n     2,\n     17\n'
        '    ]\n   ]\n  },\n  "title": "Laut \\"Cina\\" Selatan"\n }\n]'
    )
