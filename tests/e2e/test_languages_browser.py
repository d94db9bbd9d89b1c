"""The bilingual demo in Chromium: every word of the interface in the page's language, the switcher, and search
that stems each language with its own rules."""

from __future__ import annotations

import re

import polib
import pytest

from e2e.conftest import Watched
from e2e.test_browser import PAGE_TYPES, result_titles, run_search
from helpers import REPO

PAGES = {
    **PAGE_TYPES,
    "home-id": "/id/",
    "home-en": "/en/",
    "tag-mixed": "/tags/asean/",
    "tag-view-id": "/id/tags/asean/",
    "category-view-id": "/id/categories/economy/",
    "translated-id": "/pengarahan-tentang-perundingan-rcep/",
    "translated-en": "/briefing-on-the-rcep-negotiations/",
    "search-id": "/id/search/",
}
# Text nodes of the page, each with the language of its nearest element carrying lang (as a screen reader has it).
TEXTS = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    if (!text || node.parentElement.closest('script, style, [hidden]')) continue;
    found.push([node.parentElement.closest('[lang]').getAttribute('lang'), text]);
  }
  for (const el of document.querySelectorAll('[aria-label]')) found.push([el.closest('[lang]').getAttribute('lang'), el.getAttribute('aria-label')]);
  return found;
}"""


def catalog_words() -> dict[str, set[str]]:
    """The interface's words of each language that the other language writes differently (placeholders left
    out: they are never shown as they are)."""
    words: dict[str, set[str]] = {"en": set(), "id": set()}
    for entry in polib.pofile(str(REPO / "src/cseas_site/locales/id.po")):
        pairs = [(entry.msgid, entry.msgstr)] if not entry.msgid_plural else []
        for english, indonesian in pairs:
            if english != indonesian and not re.search(r"%\(|\{|<", english + indonesian):
                words["en"].add(english)
                words["id"].add(indonesian)
    return words


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_word_of_the_interface_is_in_another_language_than_its_element(
    page: Watched, base_url: str, name: str
) -> None:
    p = page.page
    p.goto(base_url + PAGES[name])  # type: ignore[attr-defined]
    words = catalog_words()
    texts = p.evaluate(TEXTS)  # type: ignore[attr-defined]
    assert texts
    wrong = []
    for lang, text in texts:
        for other in ("en", "id"):
            if other == lang:
                continue
            for word in words[other]:
                if word in words[lang]:
                    continue  # the same word in both (Kategori/Category differ, but "Tag" is both)
                if text == word or (len(word) > 12 and word in text):
                    wrong.append((lang, text, word))
    assert wrong == [], wrong
    html_lang = p.evaluate("document.documentElement.lang")  # type: ignore[attr-defined]
    if name.endswith("-id") or name == "article-indonesian":
        assert html_lang == "id"


def test_the_switcher_leads_to_the_translation_and_back(page: Watched, base_url: str) -> None:
    p = page.page
    p.goto(base_url + "/briefing-on-the-rcep-negotiations/")  # type: ignore[attr-defined]
    p.locator("nav.languages a[hreflang=id]").click()  # type: ignore[attr-defined]
    p.wait_for_url(re.compile(r"/pengarahan-tentang-perundingan-rcep/$"))  # type: ignore[attr-defined]
    assert p.locator("h1").first.inner_text() == "Pengarahan tentang Perundingan RCEP"  # type: ignore[attr-defined]
    assert p.locator("nav.languages a[aria-current]").inner_text() == "Indonesia"  # type: ignore[attr-defined]
    p.locator("nav.languages a[hreflang=en]").click()  # type: ignore[attr-defined]
    p.wait_for_url(re.compile(r"/briefing-on-the-rcep-negotiations/$"))  # type: ignore[attr-defined]
    p.goto(base_url + "/id/")  # type: ignore[attr-defined]
    p.locator("nav.languages a[hreflang=en]").click()  # type: ignore[attr-defined]
    p.wait_for_url(re.compile(r"/en/$"))  # type: ignore[attr-defined]
    assert page.problems == []


def test_indonesian_search_stems_indonesian_words(page: Watched, base_url: str) -> None:
    run_search(page, base_url, "bahas", "/id/search/")
    titles = result_titles(page)
    # "Pengarahan ..." says only "membahas", "Presidensi ..." only "dibahas": both share the stem "bahas".
    assert "Pengarahan tentang Perundingan RCEP" in titles
    assert "Presidensi G20 Indonesia dan Asia Tenggara" in titles
    assert "Briefing on the RCEP Negotiations" not in titles  # only Indonesian articles
    status = page.page.locator("#search-status").inner_text()  # type: ignore[attr-defined]
    assert "artikel ditemukan" in status
    assert page.problems == []


def test_english_search_still_stems_english_and_facets_still_work(page: Watched, base_url: str) -> None:
    run_search(page, base_url, "negotiation")
    before = result_titles(page)
    assert "Briefing on the RCEP Negotiations" in before
    p = page.page
    p.evaluate("document.getElementById('search-status').textContent = ''")  # type: ignore[attr-defined]
    labels = p.locator("#search-facets input[name=source] + label").all_inner_texts()  # type: ignore[attr-defined]
    counts = {re.sub(r" \(\d+\)$", "", text): int(re.findall(r"\d+", text)[-1]) for text in labels}
    counts = {name: count for name, count in counts.items() if count}  # sources with matching articles
    assert len(counts) > 1
    source = min(counts, key=lambda name: (counts[name], name))
    p.get_by_label(f"{source} ({counts[source]})", exact=True).check()  # type: ignore[attr-defined]
    p.wait_for_function("document.getElementById('search-status').textContent.includes('found')")  # type: ignore[attr-defined]
    after = result_titles(page)
    assert len(after) == counts[source] and set(after) < set(before)
    assert page.problems == []


def test_searching_every_language_finds_both_versions(page: Watched, base_url: str) -> None:
    p = page.page
    p.goto(base_url + "/search/?q=RCEP&lang=all")  # type: ignore[attr-defined]
    p.wait_for_function("document.getElementById('search-status').textContent.includes('found')")  # type: ignore[attr-defined]
    titles = result_titles(page)
    assert "Briefing on the RCEP Negotiations" in titles and "Pengarahan tentang Perundingan RCEP" in titles
    assert page.problems == []
