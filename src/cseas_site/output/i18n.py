"""The interface's words and formats in each language: gettext catalogs and Babel's locale data (CLDR).

Every string of the interface is an English message id, in the templates (``{{ _("Search") }}``) and in
Python (``N_("Latest news")``, translated where it is shown). The package's catalogs are ``locales/<code>.po``
beside this package's modules; a site's own ``content/locales/<code>.po`` overrides their strings or adds a
language. The catalogs are compiled with Babel when a build starts (no compiled file is kept in the
repository), and a language a site publishes in must have every string: ``locales/messages.pot`` lists the
package's (``pybabel extract``, see docs/languages.md), and a site's own templates add theirs.

Dates and numbers come from Babel, never from the machine's locale, so a build gives the same bytes under
any ``LANG``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

import babel
import jinja2.ext
from babel.dates import DateTimePattern, format_skeleton, get_date_format
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import Translations

from ..archive.termnames import TermNames
from ..config import Config
from ..errors import Problem, SiteError, display_path
from ..models import N_, TERM_KIND, ArticleList

PACKAGED = Path(__file__).resolve().parent.parent / "locales"
TEMPLATE = "messages.pot"  # every message id of the package: what each language's catalog must translate
DATE_FORMAT: Literal["long"] = "long"  # CLDR's long date of each locale: 17 Februari 2016, February 17, 2016
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}  # what extraction looks for
HOME_TITLE = N_("Latest news")
YEAR_TITLE = N_("Published in %(year)s")
MONTH_TITLE = N_("Published in %(month)s")


@lru_cache(maxsize=64)
def locale_of(code: str) -> babel.Locale:
    """Babel's locale for a language code (en, id, pt-BR); English when CLDR does not know it."""
    try:
        return babel.Locale.parse(code.replace("-", "_"))
    except (ValueError, babel.UnknownLocaleError):
        return babel.Locale("en")


def long_date(value: date, code: str) -> str:
    """A date as the language writes it: '17 Februari 2016' (id), 'February 17, 2016' (en). What Babel's
    format_date does, with the language's pattern looked up once (not once per date: a build has thousands),
    and each day written once per language: articles of one day differ in their time, not in what is shown."""
    return _long_day(value.date() if isinstance(value, datetime) else value, code)


@lru_cache(maxsize=65536)
def _long_day(day: date, code: str) -> str:
    pattern, locale = _long_date_pattern(code)
    return str(pattern.apply(day, locale))


@lru_cache(maxsize=64)
def _long_date_pattern(code: str) -> tuple[DateTimePattern, babel.Locale]:
    locale = locale_of(code)
    return get_date_format(DATE_FORMAT, locale=locale), locale


@lru_cache(maxsize=4096)
def month_name(name: str, code: str) -> str:
    """A month ('2016-02') as the language names it with its year: 'February 2016', 'Februari 2016'."""
    year, month = name.split("-")
    return format_skeleton("yMMMM", date(int(year), int(month), 1), locale=locale_of(code))


@lru_cache(maxsize=4096)
def short_month(month: int, code: str) -> str:
    """A month's short name in a language, standing alone (a timeline's column): 'Feb', 'Feb'."""
    return str(locale_of(code).months["stand-alone"]["abbreviated"][month])


@lru_cache(maxsize=4096)
def number(value: int | float, code: str) -> str:
    """A number as the language writes it: 12.345,6 (id), 12,345.6 (en)."""
    return format_decimal(value, locale=locale_of(code))


@lru_cache(maxsize=64)
def language_name(code: str) -> str:
    """A language's name in itself, as CLDR writes it: 'English', 'Indonesia'."""
    name = locale_of(code).get_display_name(locale_of(code)) or code
    return name[:1].upper() + name[1:]


@dataclass(frozen=True, slots=True)
class Language:
    """One language of the interface: its compiled catalog, for Python's strings (list and feed titles; the
    templates get theirs from render.py) and its numbers."""

    code: str
    translations: Translations

    def gettext(self, message: str, **values: object) -> str:
        text: str = self.translations.gettext(message)
        return text % values if values else text

    def number(self, value: int | float) -> str:
        return number(value, self.code)


class Interface:
    """The languages of a site's interface, the site's first: the chrome of a page in one of them is in that
    language, and of any other page in the site's."""

    def __init__(self, site: str, languages: Mapping[str, Language], terms: TermNames) -> None:
        self.site = site
        self.languages = dict(languages)
        self.terms = terms

    def chrome(self, code: str | None) -> str:
        """The language a page's interface is in: its own, when the site has a catalog for it."""
        return code if code in self.languages else self.site

    def of(self, code: str | None) -> Language:
        return self.languages[self.chrome(code)]

    def list_title(self, listing: ArticleList, code: str) -> str:
        """A list's title in a language: 'Latest news', 'Tag: Japan', 'Published in 2016'."""
        words = self.of(code)
        if listing.kind == "index":
            return words.gettext(HOME_TITLE)
        if listing.kind == "year":
            return words.gettext(YEAR_TITLE, year=listing.name)
        if listing.kind == "month":
            return words.gettext(MONTH_TITLE, month=month_name(listing.name or "", code))
        return words.gettext(TERM_KIND[listing.kind].list_title, name=self.terms.shown(listing.name or "", code))


def catalog_files(folder: Path) -> dict[str, Path]:
    """The catalogs in a folder, by language code (``id.po`` -> ``id``)."""
    if not folder.is_dir():
        return {}
    return {file.stem: file for file in sorted(folder.glob("*.po")) if file.is_file()}


def available(site_locales: Path) -> set[str]:
    """The languages the package or the site has a catalog for."""
    return {*catalog_files(PACKAGED), *catalog_files(site_locales)}


def message_ids(template_dirs: Iterable[Path]) -> dict[str, tuple[str, int]]:
    """Every message id the interface uses, with where it is used: the package's (messages.pot) and those of
    a site's own templates (found with Jinja's extractor, as pybabel does)."""
    wanted: dict[str, tuple[str, int]] = {}
    with (PACKAGED / TEMPLATE).open("rb") as file:
        for message in read_po(file):
            if message.id:
                wanted[_key(message.id)] = (TEMPLATE, message.lineno or 1)
    for folder in template_dirs:
        if folder.resolve() == _packaged_templates():
            continue
        for path in sorted(folder.rglob("*.html")):
            with path.open("rb") as file:
                try:
                    found = list(jinja2.ext.babel_extract(file, list(KEYWORDS), [], {}))
                except jinja2.TemplateSyntaxError:
                    continue  # the render reports it with its line
            for line, _function, found_id, _comments in found:
                key = found_id[0] if isinstance(found_id, tuple) else found_id  # ngettext: the singular
                if isinstance(key, str) and key and key not in wanted:
                    wanted[key] = (display_path(path), line)
    return wanted


def _packaged_templates() -> Path:
    from ..load.loader import packaged_templates

    return packaged_templates().resolve()


def _key(message_id: object) -> str:
    found = message_id if isinstance(message_id, str) else message_id[0] if isinstance(message_id, tuple) else ""
    return found if isinstance(found, str) else ""


def load_interface(
    config: Config, languages: tuple[str, ...], site_locales: Path, template_dirs: Iterable[Path]
) -> Interface:
    """Compile the catalog of each of ``languages`` (the package's, with the site's strings over it); raise
    SiteError naming every string a language lacks, or a language without any catalog."""
    packaged, own = catalog_files(PACKAGED), catalog_files(site_locales)
    wanted = message_ids(template_dirs)
    problems: list[Problem] = []
    compiled: dict[str, Language] = {}
    for code in languages:
        if code not in packaged and code not in own:
            where = display_path(site_locales / f"{code}.po")
            missing = (f"languages: there is no catalog for '{code}': add {where} (start from a copy of the "
                       "package's en.po, see docs/languages.md)")  # fmt: skip
            problems.append(Problem(display_path(site_locales.parent / "site.yaml"), config.line("languages"), missing))
            continue
        catalog, file_problems, lines = _merged(code, [packaged.get(code), own.get(code)])
        problems += file_problems
        last = own.get(code) or packaged[code]
        for message_id, (used_in, line) in wanted.items():
            message = catalog.get(message_id)
            if message is None or not _translated(message.string):
                shown = display_path(last)
                problems.append(Problem(shown, lines.get(message_id, 1), f"no {code} translation of {message_id!r} "
                                        f"(used in {used_in}{'' if used_in == TEMPLATE else f':{line}'})"))  # fmt: skip
        compiled[code] = Language(code, _compile(catalog))
    if problems:
        raise SiteError(problems)
    return Interface(config.language, compiled, TermNames(config.term_names))


def _translated(string: object) -> bool:
    return bool(string) and all(string) if isinstance(string, (tuple, list)) else bool(string)


def _merged(code: str, files: list[Path | None]) -> tuple[Catalog, list[Problem], dict[str, int]]:
    """The package's catalog of a language with the site's strings over it (an empty string keeps the
    package's). Its plural rule is the locale's, from Babel's data, whatever a file's header says. Also the
    line of each message id in the last file (for messages about it)."""
    merged = Catalog(locale=locale_of(code), domain="messages")
    problems = []
    lines: dict[str, int] = {}
    for file in files:
        if file is None:
            continue
        try:
            with file.open("rb") as handle:
                catalog = read_po(handle, locale=locale_of(code), abort_invalid=True)
        except (PoFileError, OSError, UnicodeDecodeError, ValueError) as exc:
            problems.append(Problem(display_path(file), _error_line(exc), f"not a readable catalog: {exc}"))
            continue
        lines = {_key(message.id): message.lineno for message in catalog if message.id and message.lineno}
        for message in catalog:
            if message.id and _translated(message.string):
                if message.id in merged:  # Catalog keeps an entry's string when one is set over it
                    del merged[message.id]
                merged[message.id] = message
    return merged, problems, lines


def _error_line(exc: Exception) -> int:
    line = getattr(exc, "lineno", None)
    return line if isinstance(line, int) and line > 0 else 1


def _compile(catalog: Catalog) -> Translations:
    """Compile a catalog to .mo bytes in memory and load them as gettext translations."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain="messages")
