"""The Jinja environment: theme lookup (site templates override the packaged ones) and page rendering."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any, Protocol

import jinja2
import jinja2.runtime
import lz4.block  # type: ignore[import-untyped]
from jinja2.utils import internalcode
from markupsafe import Markup, escape

from ..archive.collate import home_sections
from ..archive.urls import Urls
from ..config import Config
from ..digests import key_of
from ..errors import Problem, SiteError, display_path
from ..media.catalog import Catalog
from ..models import Archive, Article, OutputFile
from .i18n import Interface, Language, language_name, long_date, month_name, number, short_month
from .memo import TEASERS, Memo
from .pictures import Pictures
from .seo import Seo, to_jsonld


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry of the language switcher: a language, where it leads, and whether the page is in it."""

    code: str
    url: str
    current: bool = False


def switcher(archive: Archive, urls: Urls, here: str | None, targets: Mapping[str, str]) -> tuple[Choice, ...]:
    """The language switcher of a page in language ``here`` (None: the mixed archive): each language of the
    site leads to ``targets`` (the page's translation, the same list in that language) or else to its home."""
    return tuple(
        Choice(code, targets.get(code) or urls.list("index", lang=code), code == here) for code in archive.views
    )


class PieceStore(Protocol):
    """Where parts of pages are kept between builds (cache/pieces.Pieces)."""

    def recall(self, slot: str, digest: str, make: Callable[[], bytes]) -> bytes: ...

    def wanted(self) -> bool:
        """Whether a recall can give or keep anything (else the piece is made, its slot and digest unasked)."""

    def made_under(self, page: Callable[[str], str]) -> None:
        """Tell the key the pieces of each template's macros are made under now (PieceDigest.page): every
        digest starts with it, and the pieces made under another are left unread."""


CODE_MADE = "<code>"  # in a piece's slot and digest, in place of a template: made by code (Renderer.kept)


class PieceDigest(Protocol):
    """What parts of pages are made from (output/plan.PieceDigests)."""

    def page(self, template: str) -> str: ...

    def piece(self, template: str, article: Article, made_by: str) -> str: ...


class Renderer:
    """Renders named templates to OutputFiles with the site's globals, in the language of each page: one Jinja
    environment per language of the interface, with that language's catalog installed (gettext in the
    templates and in the macros they import) and its dates, numbers and term names."""

    def __init__(
        self, config: Config, urls: Urls, dirs: list[Path], interface: Interface, archive: Archive,
        compiled: Path | None = None, pictures: Pictures | None = None,
    ) -> None:  # fmt: skip
        """``compiled``: a folder where compiled templates are kept between builds (Jinja checks their source;
        the cache makes the folder: see cache.BuildCache.compiled_templates); ``pictures``: the site's images
        (none: every image is shown as written)."""
        self.pictures = pictures or Pictures(Catalog(), urls, config)
        self.seo = Seo(config, urls, interface, self.pictures)
        self.dirs = dirs
        self.interface = interface
        self.globals: dict[str, Any] = {
            "site": config, "urls": urls, "language_name": language_name, "views": archive.views,
            "versions": archive.versions, "pictures": self.pictures,
        }  # fmt: skip
        self._loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d)) for d in dirs])
        self._bytecode = None if compiled is None else jinja2.FileSystemBytecodeCache(str(compiled))
        self._envs: dict[str, jinja2.Environment] = {}
        self._templates: dict[tuple[str, str], jinja2.Template] = {}  # by language and name, once loaded
        self.views = archive.views
        self._archive, self._urls = archive, urls
        self._pieces: tuple[PieceStore, PieceDigest] | None = None

    def keep_pieces(self, store: PieceStore, digest: PieceDigest) -> None:
        """Keep what ``once`` makes (teasers) between builds in ``store``, each with the digest of what it is
        made from: ``digest.piece(the macro's template, article, macro)`` (output/plan.py makes it as the list
        pages' keys)."""
        self._pieces = (store, digest)
        store.made_under(digest.page)

    def kept(self, article: Article, name: str, make: Callable[[], bytes], made_of: tuple[object, ...]) -> bytes:
        """Bytes made by code (not a template) from what every page shares and ``made_of`` alone (plain values:
        what the code reads of the article), such as its citations: ``make()``, or what the last build made
        when neither changed (kept in the pieces store, in a slot of their own). A template edit makes every
        article page again, but not this. ``name`` tells such parts apart; the same name must always be made by
        the same code."""
        if self._pieces is None or not self._pieces[0].wanted():
            return make()
        store, digest = self._pieces
        slot = "\0".join((self._urls.article_path(article), CODE_MADE, "", name, ""))  # cache/pieces.Slot
        return store.recall(slot, digest.page(CODE_MADE) + key_of(name, made_of), make)

    def switcher(self, here: str | None, targets: Mapping[str, str]) -> tuple[Choice, ...]:
        """The language switcher of a page; none on a site in one language."""
        return switcher(self._archive, self._urls, here, targets) if self.views else ()

    def view_of(self, code: str) -> str | None:
        """The view a page in a language belongs to: that language's (/id/), or the mixed archive's for the
        site's language and for languages without a view."""
        return code if code in self.views and code != self.interface.site else None

    def _sections(self, view: str | None) -> tuple[str, ...]:
        """site.yaml's home_sections that have a page in a view: the header menu's section links."""
        return tuple(name for name, _ in home_sections(self._archive, self.globals["site"].home_sections, view))

    def env(self, code: str) -> jinja2.Environment:
        """The environment of one language of the interface (made when first needed)."""
        found = self._envs.get(code)
        if found is None:
            found = self._envs[code] = self._make_env(code)
        return found

    def _make_env(self, code: str) -> jinja2.Environment:
        env = _Environment(
            loader=self._loader,
            bytecode_cache=self._bytecode,
            autoescape=True,
            auto_reload=False,  # a build's templates do not change while it runs: no stat per page
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            extensions=["jinja2.ext.i18n"],
        )
        words, terms, urls = self.interface.of(code), self.interface.terms, self.globals["urls"]
        env.install_gettext_translations(words.translations, newstyle=True)  # type: ignore[attr-defined]
        gettext, ngettext = _fast_gettext(words)
        once = _once(lambda: self._pieces, code, urls.article_path)
        env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext, once=once, shared=_shared())
        view = self.view_of(code)
        env.globals.update(nav_sections=self._sections(view))
        env.globals.update(
            self.globals, lang=code, view=view, list_title=lambda listing: self.interface.list_title(listing, code),
            home_url=urls.list("index", lang=view), search_url=urls.search(view),
            feed_url=lambda fmt: urls.feed(fmt, lang=view), switch=(),
            other_language=lambda other: Markup(f' lang="{escape(other)}"') if other != code else "",
        )  # fmt: skip
        env.filters["date"] = lambda value, lang=code: long_date(value, lang)
        env.filters["month"] = lambda name: month_name(name, code)
        env.filters["short_month"] = lambda month: short_month(month, code)
        env.filters["number"] = lambda value: number(value, code)
        env.filters["term"] = lambda name, lang=code: terms.shown(name, lang)
        # Filters are called directly; a call of a global goes through Jinja's Context.call, which asks the
        # function how it wants to be called, after an attribute lookup for ``urls.asset``: with the globals, a
        # tag's list page took 0.137-0.139 ms, with these filters 0.121-0.123 ms (2,000 news articles, one
        # process). The theme uses these filter forms; the globals stay for sites' own templates.
        env.filters["asset"] = urls.asset  # a theme file's link: {{ "style.css" | asset }}
        env.filters["once"] = once  # {{ teaser | once(article, show_source=true) }}
        env.filters["language_name"] = language_name  # {{ "id" | language_name }}: Bahasa Indonesia
        env.filters["iso"] = datetime.isoformat
        env.filters["jsonld"] = to_jsonld
        env.filters["search_order"] = lambda article: search_order(article, urls)
        return env

    def render(self, template: str, path: str, origin: str, lang: str | None = None, **context: Any) -> OutputFile:
        """Render one page with its interface in ``lang`` (None or a language without a catalog: the site's);
        a template mistake becomes a SiteError naming the template file and line."""
        code = self.interface.chrome(lang)
        try:
            found = self._templates.get((code, template))
            if found is None:  # Jinja's own cache is an LRU behind a lock: a Python step or ten a page
                found = self._templates[code, template] = self.env(code).get_template(template)
            text = found.render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise SiteError(
                [Problem(self._where(exc.filename, exc.name), exc.lineno, f"template error: {exc.message}")]
            ) from None
        except jinja2.TemplateError as exc:
            line, filename = _template_position(exc, self.dirs)
            raise SiteError([Problem(self._where(filename, template), line, f"template error: {exc}")]) from None
        return OutputFile(path, text.encode("utf-8"), origin)

    def _where(self, filename: str | None, name: str | None) -> str:
        if filename:
            return display_path(filename)
        for folder in self.dirs:
            if name and (folder / name).is_file():
                return display_path(folder / name)
        return name or "templates"


_PLAIN = (FunctionType, MethodType, BuiltinFunctionType)  # the last is also the type of builtins' bound methods


class _Context(jinja2.runtime.Context):
    """Jinja's context, whose ``call`` (every call a template makes: ``_("Home")``, ``urls.list(...)``) calls a
    plain function or method at once. Jinja's own asks each callable three times how it wants to be called (its
    ``__call__``, then itself: Python attribute lookups) before it calls it: every page of a 2,000-article news
    site took 3.04-3.14 s with Jinja's context, 2.96-2.98 s with this one, in one process. A function
    marked with ``pass_context`` and the like, a macro or any other callable object goes the way Jinja's goes;
    for the others the call is the same as Jinja's (no argument put first, its loop and block variables left out,
    a StopIteration made an undefined value)."""

    @internalcode
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if type(__obj) not in _PLAIN or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


def _escape_output(value: Any) -> str:
    """What ``{{ value }}`` writes in an autoescaped template: markupsafe.escape's text, without making it a
    Markup object. Jinja's compiled templates call ``escape`` on every value they write and then join the
    results into the page, a macro's or a block's Markup; none of them keeps the Markup of one value.
    markupsafe.escape is a Python function that makes a Markup (another Python call) around the C escape:
    0.71 µs a URL against 0.11 µs, and 1.13 µs against 0.27 µs for a Markup (python -m timeit, 2-core AMD
    EPYC), for 80 to 90 values a page: 744,495 in a build of 2,000 news articles."""
    if value.__class__ is str:
        return _escape_text(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        made = html()
        return made if isinstance(made, str) else str(made)
    return _escape_text(str(value))


def _escape_markupsafe(text: str) -> str:
    return str(escape(text))


try:  # markupsafe's C escape of a str (the function markupsafe.escape calls); its own, if a release moves it
    from markupsafe._speedups import _escape_inner as _escape_text
except ImportError:  # pragma: no cover - markupsafe without its C speedups, or another layout
    _escape_text = _escape_markupsafe


class _Template(jinja2.Template):
    """A template whose ``{{ value }}`` outputs are escaped by ``_escape_output``: the one name Jinja's compiled
    code looks up for it is set in the template's own namespace, as it is made (from source or from the
    bytecode cache)."""

    @classmethod
    def _from_namespace(
        cls, environment: jinja2.Environment, namespace: MutableMapping[str, Any], globals: MutableMapping[str, Any]
    ) -> jinja2.Template:
        namespace["escape"] = _escape_output
        return super()._from_namespace(environment, namespace, globals)


class _Environment(jinja2.Environment):
    """A Jinja environment whose templates see its globals as one plain dict, made when the template is
    loaded (the environment's globals are complete by then: Renderer._make_env sets them all first), instead
    of a ChainMap over them. Every ``{% import %}`` compares the page's globals with the imported template's
    (Template._get_default_module): against a ChainMap that is a Python loop over sixty names (list pages took
    a quarter to a third longer, side by side); against a dict, one set operation in C. What templates see is
    the same."""

    context_class = _Context  # see _Context
    template_class = _Template  # see _Template

    def make_globals(self, d: Mapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def _once(
    pieces: Callable[[], tuple[PieceStore, PieceDigest] | None], code: str, where: Callable[[Article], str]
) -> Callable[..., Any]:
    """``once(macro, article, **options)`` for templates: the macro's output for that article and those options,
    made the first time a page of this language (``code``) asks and reused by every other (an article's teaser
    is on a dozen list pages). For macros imported without context (``{% from "_macros.html" import teaser %}``),
    whose output depends on their arguments and the language's globals alone, never on the page that calls
    them. With ``pieces`` (Renderer.keep_pieces), what it makes is also kept for the next build, in a slot of
    its own (the article's page, as ``where`` gives it: the same from any working folder; the template the
    macro is in, the language, the macro and its options) with the digest of what it is made from: what every
    page shares, the macro's template with the templates it reads, the article and the macro's code. Not the
    page template: an edit of base.html or list.html makes every page again, but no teaser."""
    made: Memo[Markup] = Memo(TEASERS, packed=True)
    # the identity of each macro found to be its template module's own (imported without context): one per
    # macro, so that each teaser made does not look its template up again (a macro imported with context is a
    # new object on every page: never held here)
    modules: dict[int, tuple[object, tuple[str, str, str]]] = {}

    def module_macro(context: jinja2.runtime.Context, macro: object) -> tuple[str, str, str] | None:
        found = modules.get(id(macro))
        if found is not None and found[0] is macro:
            return found[1]
        identity = macro_identity(macro)
        if identity is None:
            return None
        name, origin, _ = identity
        if getattr(context.environment.get_template(origin).module, name, None) is not macro:
            return None  # imported with context: a module made for this page, whose output may read it
        modules[id(macro)] = (macro, identity)
        return identity

    @jinja2.pass_context
    def once(context: jinja2.runtime.Context, macro: Callable[..., Any], article: object, **options: object) -> Markup:
        chosen = tuple(sorted(options.items()))

        def pack() -> bytes:
            return lz4.block.compress(macro(article, **options).encode())  # type: ignore[no-any-return]

        def make() -> bytes:  # packed: as the memo keeps it and the pieces store keeps and gives it
            kept = pieces()
            if kept is None or not kept[0].wanted() or not isinstance(article, Article):
                return pack()
            if not all(type(value) in _PLAIN_VALUES for _, value in chosen):
                return pack()
            identity = module_macro(context, macro)
            if identity is None:
                return pack()
            store, digest = kept
            name, origin, made_by = identity
            slot = "\0".join((where(article), origin, code, name, repr(chosen)))  # cache/pieces.Slot
            return store.recall(slot, digest.piece(origin, article, made_by), pack)

        packed = made.get_packed((id(macro), id(article), chosen), (macro, article), make)
        return Markup(lz4.block.decompress(packed).decode())

    return once


_PLAIN_VALUES = (str, int, float, bool, type(None))  # options a piece's slot can hold (cache/pieces.py: marshal)


def macro_identity(macro: object) -> tuple[str, str, str] | None:
    """A Jinja macro's name, the name of the template it is in, and the digest of which file that is and where
    the macro's code starts: a piece's slot holds the names, and it is reused only while it is made by the same
    code (a macro of that name imported from another file, such as a site's own _macros.html overriding the
    theme's, makes it again into the same slot, so that the file does not keep pieces no template makes any
    more). None for what is not a Jinja macro of a template loaded by name (its output is not kept between
    builds)."""
    function = getattr(macro, "_func", None)
    code = getattr(function, "__code__", None)
    name = getattr(macro, "name", None)
    origin = getattr(function, "__globals__", {}).get("name")  # what Jinja's compiled module calls its template
    if not isinstance(name, str) or not isinstance(origin, str) or code is None:
        return None
    where = f"{code.co_filename}:{code.co_firstlineno}"
    found = _MADE_BY.get(where)
    if found is None:
        found = _MADE_BY[where] = key_of(where)
    return name, origin, found


_MADE_BY: dict[str, str] = {}  # digests of macros' code places (a few per site)


def _shared() -> Callable[..., Any]:
    """``{% call shared("name", "block", ...) %}…{% endcall %}`` for templates: a part of the page frame that
    reads the language's globals alone (the menu, the footer), rendered once per page template and language
    and reused by every page made with them (a list page took a fifth less time, an article page a seventh).
    The blocks named after "name" are those inside the part: when a template a page extends overrides one of
    them, that part is rendered for each page (the override may read the page's own values)."""
    made: dict[tuple[str, str], Markup] = {}

    @jinja2.pass_context
    def shared(context: jinja2.runtime.Context, name: str, *blocks: str, caller: Callable[[], str]) -> Markup:
        if any(len(context.blocks.get(block, ())) != 1 for block in blocks):
            return Markup(caller())
        key = (context.name or "", name)
        found = made.get(key)
        if found is None:
            found = made[key] = Markup(caller())
        return found

    return shared


def _fast_gettext(words: Language) -> tuple[Callable[..., str], Callable[..., str]]:
    """gettext and ngettext for templates, as Jinja's new style has them (the message is formatted with its
    keyword values, which are escaped: the message itself is the theme's, so it is markup), with each message
    that has no values translated once: a page asks for thirty of them, a large site's build for millions."""
    ready: dict[str, Markup] = {}

    def gettext(message: str, **values: object) -> str:
        if not values:
            found = ready.get(message)
            if found is None:
                found = ready[message] = Markup(words.translations.gettext(message)) % {}
            return found
        return Markup(words.translations.gettext(message)) % values

    def ngettext(singular: str, plural: str, count: int, **values: object) -> str:
        values.setdefault("num", count)
        return Markup(words.translations.ngettext(singular, plural, count)) % values

    return gettext, ngettext


def search_order(article: Article, urls: Urls) -> str:
    """The search index's sort key of an article: its time in UTC (so that offsets sort right), then its path,
    so that no two articles tie (the order of ties would follow the file system's directory order)."""
    return f"{article.date.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')} {urls.article_path(article)}"


def _template_position(exc: BaseException, dirs: list[Path]) -> tuple[int, str | None]:
    """Find the template file and line an error happened on, from the traceback Jinja rewrites."""
    tb = exc.__traceback__
    found: tuple[int, str | None] = (1, None)
    roots = [str(d) for d in dirs]
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(root) for root in roots):
            found = (tb.tb_lineno, filename)
        tb = tb.tb_next
    return found
