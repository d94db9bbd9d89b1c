"""XML escaping of feeds and the sitemap: any text stays text, whatever it holds."""

from __future__ import annotations

from xml.dom import minidom

from hypothesis import given
from hypothesis import strategies as st

from cseas_site.output.xmltext import attr, html_text, text


@given(st.text())
def test_text_and_attributes_read_back_as_written(value: str) -> None:
    document = minidom.parseString(f"<a b={attr(value)}>{text(value)}</a>")
    kept = "".join(c for c in value if c in "\t\n\r" or (c >= " " and c not in "\ufffe\uffff"))
    read = document.documentElement.firstChild.data if document.documentElement.firstChild else ""
    assert read == kept.replace("\r\n", "\n").replace("\r", "\n")  # an XML parser reads a CR in text as LF
    assert document.documentElement.getAttribute("b") == kept


def test_markup_never_escapes_its_element() -> None:
    assert text('</content><x>"&amp;]]>') == "&lt;/content&gt;&lt;x&gt;&quot;&amp;amp;]]&gt;"
    assert attr('a"b\nc') == '"a&quot;b&#10;c"'
    assert html_text("<script>") == "&amp;lt;script&amp;gt;"
    assert text("bell\x07 and \ufffe gone") == "bell and  gone"
