"""Tags and categories named in several languages (site.yaml ``term_names``)."""

from __future__ import annotations

from collections.abc import Mapping

from .urls import term_slug


class TermNames:
    """The names of tags and categories in each language (site.yaml ``term_names``): one term, one slug,
    one page, shown as 'ASEAN Economic Community' on English pages and 'Masyarakat Ekonomi ASEAN' on
    Indonesian ones."""

    def __init__(self, names: Mapping[str, Mapping[str, str]]) -> None:
        self._shown = {term_slug(term): dict(by_language) for term, by_language in names.items()}
        self._canonical = {
            term_slug(other): term for term, by_language in names.items() for other in by_language.values()
        }

    def canonical(self, name: str) -> str:
        """The term a name stands for (a name in another language -> the term's own name)."""
        return self._canonical.get(term_slug(name), name)

    def shown(self, name: str, code: str) -> str:
        """The term's name in a language (its own name when none is given)."""
        found = self._shown.get(term_slug(name))
        return found.get(code, name) if found else name
