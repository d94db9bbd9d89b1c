"""Python-Markdown's inline and block passes, minus the tests that cannot match: the same HTML, sooner.

Python-Markdown tries each of its fifteen inline patterns (links, emphasis, code, HTML, entities ...) on every
run of text, one regular-expression search per pattern and run, each through several Python calls: on news copy
that is most of the time a Markdown conversion takes, and Markdown is most of a cold build (docs/incremental.md,
benchmarks/RESULTS.md). Most patterns need a character most text lacks: no link without "[", no code without a
backtick, no HTML without "<". This processor skips a pattern when the text it would search holds none of the
strings every match of that pattern contains, exactly as if its search had found nothing.

A pattern is skipped only when its regular expression is one of those read here (``NEEDS``, by the expression's
exact text): a Python-Markdown release that changes a pattern leaves it tried on every run, as before. When the
processor's private methods are not there, ``install`` leaves the converter as it is.

Links and images are read by two loops in Python, a character at a time, that allow nested brackets,
parentheses and quoted titles (``getText`` and ``getLink``). Most links of news copy have none of these:
``quick_text`` and ``quick_link`` find the closing bracket in C and give what the loops give, and hand every
other link to them. They are installed only when the loops are those read here (``LOOPS``, by their source).

A text with links went through two patterns that search for "[": references, which news copy seldom has, then
links, applied once per link, each time splicing a placeholder into the whole text. ``_links`` reads a text's
links in one pass when no reference matches, with the same patterns' own methods; a text that no pattern left
needs anything of (a link's words, most headings) is left as it is at once. When every '[' of the text starts a
plain link (no brackets in its words; no parentheses, quotes, '<' or backslash in its address), ``_plain_links``
reads them all with one regular expression and makes each link as the pattern's methods make it (Python-Markdown
took 2.4 ms an article of the news corpus, 2.05 ms with it). Emphasis likewise: when every '*' of a text is in
a plain pair (``*word*`` or ``**words**``, opened at the start or after white space) and no '_' is in it,
``_plain_emphasis`` makes each em or strong at once, as Python-Markdown's delimiter runs pair them.

The block pass asks each block processor, block by block, whether it applies: most search the block with a
regular expression that has no literal to start from (``(^|\n)[ ]{0,3}>``), a scan of every character of every
paragraph. ``BLOCKS`` names the processors whose answer is "no" when the block lacks every string of a set (no
quote without ">", no heading without "#"); the check for those strings runs first, in C. Each is installed
only when its method and expression are the ones read here (by their source's digest).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import itertools
import linecache
import re
import types
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

import markdown
from markdown import treeprocessors, util
from markdown.inlinepatterns import Delimiter, DelimiterProcessor, LinkInlineProcessor, ReferenceInlineProcessor

# The text of each pattern's regular expression (Python-Markdown 3.11, with extra), and the strings of which
# every match contains at least one.
NEEDS: dict[str, tuple[str, ...]] = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),  # code spans: both branches need a backtick
    r"\\(.)": ("\\",),  # backslash escapes
    r"\[\^([^\]]*)\]": ("[^",),  # footnote references
    r"(?<!\!)\[": ("[",),  # links and references
    r"\!\[": ("![",),  # images
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),  # <https://...>
    r"<([^<> !]+@[^@<> ]+)>": ("<",),  # <name@example.org>
    r"  \n": ("  \n",),  # a line break: two spaces before a newline
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # entities
    r"\*|_": ("*", "_"),  # emphasis
    # inline HTML: every branch of the group after the first "<"
    r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>]++))?+)*+\s*+/?|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]|!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)""": (  # noqa: E501
        "<",
    ),
}

# The digests of the code a shortcut stands in front of: one for each Python-Markdown release read where it changed.
Known = frozenset[str]


def known(*digests: str) -> Known:
    """The digests a shortcut is installed for (the code of each release read, and checked to give what it gives)."""
    return frozenset(digests)


def need_of(expression: str) -> tuple[str, ...] | None:
    """What a pattern's every match contains (one of the strings), or None: it is always tried."""
    return NEEDS.get(expression)


class QuickInline(treeprocessors.InlineProcessor):
    """Python-Markdown's InlineProcessor, skipping the patterns whose needed strings the text lacks, and reading
    the links of a text in one pass (``_links``)."""

    _made_for: tuple[int, ...] = ()
    _plain_links_known = False
    _emphasis_at = -1

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        patterns: Any = self.inlinePatterns
        made_for = tuple(map(id, patterns))
        if made_for != self._made_for:  # the patterns of this converter, read once
            self._needs = [need_of(pattern.getCompiledRegExp().pattern) for pattern in patterns]
            self._rest = rest_checks(self._needs)
            self._links_at = links_at(list(patterns))
            self._plain_links_known = self._links_at >= 0 and plain_links_known()
            self._emphasis_at = emphasis_at(list(patterns))
            self._made_for = made_for
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        # Python-Markdown's loop (treeprocessors.InlineProcessor.__handleInline), with the skips added.
        if not isinstance(data, util.AtomicString):
            rest = self._rest[patternIndex]
            if rest is not None and rest(data) is None:
                return data  # no pattern from here on can match: each would be skipped below
            start = 0
            count = len(self.inlinePatterns)
            needs = self._needs
            apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
            while patternIndex < count:
                need = needs[patternIndex]
                if need is not None:
                    for text in need:  # a loop, not any() over a generator: this runs 600 times per article
                        if text in data:
                            break
                    else:
                        patternIndex, start = patternIndex + 1, 0  # what a search that found nothing returns
                        continue
                if patternIndex == self._links_at and start == 0:
                    linked = self._links(data, patternIndex)
                    if linked is not None:
                        data, patternIndex = linked, patternIndex + 2
                        continue
                if patternIndex == self._emphasis_at and start == 0:
                    emphasised = self._plain_emphasis(data, patternIndex)
                    if emphasised is not None:
                        data, patternIndex = emphasised, patternIndex + 1
                        continue
                data, matched, start = apply(self.inlinePatterns[patternIndex], data, patternIndex, start)
                if not matched:
                    patternIndex += 1
        return data

    def _links(self, data: str, at: int) -> str | None:
        """What the reference pattern (at ``at``) and then the link pattern (after it) make of ``data``, when no
        reference matches: the links of the text read in one pass, each in its place at once, where the loop
        above applies the link pattern once per link and splices the text each time. None: a reference
        matched (or a pattern is excluded here), and the loop above is left to it.

        Equal to the loop: the reference pattern leaves a text it finds nothing in as it is; the link pattern
        then reads each '[' after the end of the last link made (the loop searches the spliced text from just
        after that link's placeholder: what follows is the same text, and what precedes the '[' is not '!'
        either way, as a link ends with ')'), and each link is made, its text read on and stashed as
        __applyPattern does. The links are all read before the first is stashed, so a text left to the loop has
        nothing of it stashed here: what a link reads (its words, its address with the placeholders stashed
        before this pass) does not depend on the links before it being stashed."""
        patterns: Any = self.inlinePatterns
        reference, link = patterns[at], patterns[at + 1]
        if any(tag.lower() in self.ancestors for tag in (*reference.ANCESTOR_EXCLUDES, *link.ANCESTOR_EXCLUDES)):
            return None
        if self._plain_links_known:
            plain = self._plain_links(data, at + 1)
            if plain is not None:
                return plain
        expression = link.getCompiledRegExp()
        for match in reference.getCompiledRegExp().finditer(data):
            _, start, end = reference.handleMatch(match, data)
            if start is not None and end is not None:
                return None
        links: list[tuple[etree.Element, int, int]] = []
        match = expression.search(data)
        while match is not None:
            node, start, end = link.handleMatch(match, data)
            if start is None or end is None:
                match = expression.search(data, match.end(0))
                continue
            if node is None or isinstance(node, str) or end < match.end(0) or data[end - 1] == "!":
                # not what the link pattern of this release makes, or a link said to end before its text (the
                # loop of Python-Markdown 3.11's getLink gives index -1 for an unclosed title with a '(' after
                # it, "[a](/b '(": the text after it would be read again from its start, for ever): the loop
                # above, with nothing stashed here (its placeholders' numbers show where that -1 lets one
                # through to the page)
                return None
            links.append((node, start, end))
            match = expression.search(data, end)
        if not links:
            return data
        pieces: list[str] = []
        done = 0
        for node, start, end in links:
            self._read_on(node, at + 1)
            pieces += (data[done:start], self._InlineProcessor__stashNode(node, link.type()))  # type: ignore[attr-defined]
            done = end
        pieces.append(data[done:])
        return "".join(pieces)

    def _plain_links(self, data: str, at: int) -> str | None:
        """``_links`` for a text whose every '[' starts a plain link (``PLAIN_LINK``: text without brackets, an
        address without parentheses, quotes, '<', a backslash or a placeholder), with no image: what the link
        pattern (at ``at``) makes of each, made here at once. None: another text (``_links`` reads it).

        Equal to the patterns: no reference can match (each '[' is followed by its text, ']' and '(', where a
        reference needs ']' and '['); the link pattern finds each '[' (none follows a '!'); getText reads up to
        the ']', getLink (no '<', no title) up to the ')', and the address, with no placeholder to put back,
        is the text between the parentheses stripped; handleMatch makes an 'a' of them. What follows is as in
        ``_links``: the link's text read on, the element stashed."""
        if "![" in data:
            return None
        matches = list(PLAIN_LINK.finditer(data))
        if len(matches) != data.count("["):
            return None
        return self._spliced(data, matches, at, lambda match: _element("a", match.group(1), match.group(2).strip()))

    def _plain_emphasis(self, data: str, at: int) -> str | None:
        """What the emphasis pattern (at ``at``) makes of a text whose every '*' is in a plain pair
        (``PLAIN_EMPHASIS``) and that has no '_': each pair's em or strong, made at once. None: another text,
        or the pattern holds a run, a pair or the rest of a run left from another text (the loop above is left to
        it: each would change what the pattern's next match makes).

        Equal to the pattern (Python-Markdown 3.11's delimiter runs): a plain pair's opening run starts the text
        or follows white space, and is followed by neither; so it is an opener, never a closer or ambiguous.
        Its closing run is the next '*' of the text, of the same length, after a character that is not white
        space: it closes the opener (equal lengths pair, whatever follows). Every pair is then matched on its own,
        from its opener, and leaves nothing open: an em (one '*') or strong (two) holding the text between. What
        follows is as in __applyPattern: its text read on with the patterns after, the element stashed. In 3.11.4
        too: its pattern keeps the elements of every pair one match found, to give at its next matches, but the
        pairing stops when nothing is open, so a plain pair's match finds that pair alone; and it keeps the rest of
        a closing run only when a '*' follows the pair, which a plain pair's never is."""
        if "_" in data:
            return None
        pattern: Any = self.inlinePatterns[at]
        if (
            pattern.regions
            or pattern.stack
            or any(delimiter.stack for delimiter in pattern.delimiters.values())
            or getattr(pattern, "cache", None)  # 3.11.4: elements made from another text, not yet given
            or getattr(pattern, "remainder", None) is not None  # 3.11.4: the rest of a run, for the next match
        ):
            return None
        matches = list(PLAIN_EMPHASIS.finditer(data))
        if sum(len(match.group(1)) for match in matches) * 2 != data.count("*"):
            return None
        for match in matches:  # an opening run at the start or after white space (not in the expression: a
            start = match.start()  # look-behind first makes the search try every character of the text)
            if start and not data[start - 1].isspace():
                return None
        return self._spliced(
            data, matches, at, lambda m: _element("strong" if len(m.group(1)) == 2 else "em", m.group(2))
        )

    def _spliced(
        self, data: str, matches: list[re.Match[str]], at: int, make: Callable[[re.Match[str]], etree.Element]
    ) -> str:
        """``data`` with each match replaced by the placeholder of the element ``make`` gives for it, read on as
        the pattern at ``at`` has its elements read on (``_read_on``) and stashed as __applyPattern stashes them."""
        stash = self._InlineProcessor__stashNode  # type: ignore[attr-defined]
        pieces: list[str] = []
        done = 0
        for match in matches:
            node = make(match)
            self._read_on(node, at)
            pieces += (data[done : match.start()], stash(node, ""))
            done = match.end()
        pieces.append(data[done:])
        return "".join(pieces)

    def _read_on(self, node: etree.Element, index: int) -> None:
        """What __applyPattern does with the element a pattern (at ``index``) made: its text read with the
        patterns after it, the tails of its children with it and those after."""
        if isinstance(node.text, util.AtomicString):
            return
        handle = self._InlineProcessor__handleInline
        for child in [node, *node]:
            if child.text:
                self.ancestors.append(child.tag.lower())
                child.text = handle(child.text, index + 1)
                self.ancestors.pop()
            if child.tail:
                child.tail = handle(child.tail, index)


def _element(tag: str, text: str, href: str | None = None) -> etree.Element:
    """An element as a link or emphasis pattern makes it: its text, and a link's address."""
    node = etree.Element(tag)
    node.text = text
    if href is not None:
        node.set("href", href)
    return node


def rest_checks(needs: list[tuple[str, ...] | None]) -> list[Any]:
    """For each pattern index (and the end), a search for any string the patterns from there on need, or None
    when one of them is always tried: a text the search finds nothing in is left as it is."""
    checks: list[Any] = [None] * (len(needs) + 1)
    strings: set[str] = set()
    checks[len(needs)] = re.compile("(?!)").search  # no pattern left: nothing can match
    for index in range(len(needs) - 1, -1, -1):
        need = needs[index]
        if need is None:
            break
        strings.update(need)
        checks[index] = re.compile("|".join(map(re.escape, sorted(strings, key=len, reverse=True)))).search
    return checks


def links_at(patterns: list[Any]) -> int:
    """Where this release's reference pattern is, directly followed by its link pattern, both as read here and
    searching for the same '[' (``_links`` reads both): -1 when they are not so."""
    for index, (first, second) in enumerate(itertools.pairwise(patterns)):
        if (
            type(first) is ReferenceInlineProcessor
            and type(second) is LinkInlineProcessor
            and first.getCompiledRegExp().pattern == second.getCompiledRegExp().pattern == r"(?<!\!)\["
        ):
            return index
    return -1


# The SHA-256 of the source of LinkInlineProcessor.getText and .getLink (3.11 to 3.11.3; 3.11.4, whose getText
# finds every bracket's closing one in one pass over the text, and gives what the loop gave): another release's
# loops may read links otherwise, and are then left as they are.
LOOPS = known(
    "c584b5acf2e20d612c7f0b3f73389673bc7f431e215a6a9e416c3878d105463a",
    "b511e36a08fa144e4a555d602f7ebf2e4ec169a13c1b8948a72f5a47a06e02a6",
)
_OPENS = re.compile(r"""[('"]""")  # what makes getLink's loop count: nesting, or a title


def quick_text(link: LinkInlineProcessor, data: str, index: int) -> tuple[str, int, bool]:
    """getText for link text without '[' in it: up to the first ']'."""
    end = data.find("]", index)
    if end >= 0 and data.find("[", index, end) < 0:
        return data[index:end], end + 1, True
    return LinkInlineProcessor.getText(link, data, index)


def quick_link(link: LinkInlineProcessor, data: str, index: int) -> tuple[str, str | None, int, bool]:
    """getLink for an address without parentheses, quotes or a title in it: up to the first ')'."""
    match = link.RE_LINK.match(data, index)
    if match and not match.group(1):
        start = match.end()
        end = data.find(")", start)
        if end >= 0 and not _OPENS.search(data, start, end):
            return link.unescape(data[start:end]).strip(), None, end + 1, True
    return LinkInlineProcessor.getLink(link, data, index)


def source_digest(*functions: object, tail: str = "") -> str | None:
    """The SHA-256 of some functions' source (and ``tail``): what a shortcut was checked against (None: the
    source cannot be read, so no shortcut is installed)."""
    try:
        source = "".join(map(source_of, functions))
    except (OSError, TypeError):
        return None
    return hashlib.sha256((source + tail).encode()).hexdigest()


_DEF = re.compile(r"^(\s*def\s)|(\s*async\s+def\s)|^(\s*@)")


def source_of(function: object) -> str:
    """A function's source, as inspect.getsource gives it: from its first line (its first decorator's) to the
    last line its code is on. inspect.getsource finds that end with Python's tokenizer, which took 24 ms a
    process for the 29 methods the shortcuts check (3.5 ms this way); the code's own positions give
    the same lines (tests/unit/test_quick_inline.py compares the two for every method checked here). OSError
    or TypeError when it cannot be read, as inspect.getsource."""
    code = getattr(function, "__code__", None)
    if not isinstance(code, types.CodeType):
        raise TypeError(f"not a Python function: {function!r}")
    lines = linecache.getlines(code.co_filename)
    first = code.co_firstlineno - 1
    while first > 0 and first < len(lines) and not _DEF.match(lines[first]):
        first -= 1  # (as inspect.findsource: a def's first line, or a decorator's)
    spans = [(start, end) for inner in _codes(code) for start, end, _, _ in inner.co_positions() if start and end]
    last = max((end for _, end in spans), default=0)
    if not lines or first >= len(lines) or last <= first or last > len(lines):
        raise OSError(f"no source for {function!r}")
    body = min((start for start, _ in spans if start > first + 1), default=0)  # its first statement's line
    indent = len(lines[body - 1]) - len(lines[body - 1].lstrip()) if body else 0
    for number in range(last if body else len(lines), len(lines)):  # comments indented as the body, after its
        text = lines[number].lstrip()  # last code, are the function's (as inspect reads it; not a one-line def's)
        if text.startswith("#"):
            if len(lines[number]) - len(text) >= indent:
                last = number + 1
        elif text:
            break
    return "".join(lines[first:last])


def _codes(code: types.CodeType) -> list[types.CodeType]:
    """A code object and every one defined in it (a nested function's, a comprehension's)."""
    found = [code]
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            found += _codes(constant)
    return found


# A plain pair of emphasis: one or two '*' (at the start or after white space: _plain_emphasis checks it),
# followed by a character that is neither; a text without '*' that ends in a character that is not white space;
# as many '*' again, not followed by another.
PLAIN_EMPHASIS = re.compile(r"(\*\*?)(?=[^\s*])([^*]*[^\s*])\1(?!\*)")
# The SHA-256 of the source of every method of Python-Markdown's delimiter classes, with their other attributes
# and the tokens and tags of the emphasis pattern (3.11 to 3.11.3; 3.11.4, which builds the elements of all the
# pairs it found at once and keeps them, and keeps the rest of a closing run for the next match):
# _plain_emphasis stands in for it only when they are these.
PLAIN_EMPHASIS_CODE = known(
    "83ac60c5a2a7c5980c98d54defa41c43163006b6b45d72480ecb384f4b0ac09e",
    "7e022cbeaecf96d22f3de21329ae5eb0857c0050cd04657038baa19559ad3509",
)


def emphasis_digest(pattern: object) -> str | None:
    """The digest PLAIN_EMPHASIS_CODE is checked against, of an emphasis pattern (None: another kind)."""
    if type(pattern) is not DelimiterProcessor or pattern.ANCESTOR_EXCLUDES:
        return None
    delimiters = [(token, d.tags, d.smart, d.double) for token, d in pattern.delimiters.items()]
    methods, values = class_parts(DelimiterProcessor, Delimiter)
    return source_digest(*methods, tail=f"{values}{pattern.getCompiledRegExp().pattern}{delimiters}")


def class_parts(*classes: type) -> tuple[list[object], list[str]]:
    """The functions defined in some classes, and their other attributes (name and value), in order of name: what
    their code is, read function by function (reading a whole class's source parses its module: 40 ms a
    process, where an edit's build takes 1.6 s)."""
    methods: list[object] = []
    values: list[str] = []
    for cls in classes:
        for name, value in sorted(vars(cls).items()):
            function = getattr(value, "__func__", value)  # a staticmethod's or classmethod's function
            if inspect.isfunction(function):
                methods.append(function)
            elif not name.startswith("__"):
                values.append(f"{cls.__name__}.{name}={value!r}")
    return methods, values


def emphasis_at(patterns: list[Any]) -> int:
    """Where this release's emphasis pattern is, when it is the one _plain_emphasis stands in for: -1 if not."""
    for index, pattern in enumerate(patterns):
        if type(pattern) is DelimiterProcessor:
            return index if emphasis_digest(pattern) in PLAIN_EMPHASIS_CODE else -1
    return -1


# A plain link: '[', a text without brackets, '](', an address without parentheses, quotes, '<', brackets, a
# backslash or an inline placeholder (STX), ')'. Each holds one '['.
PLAIN_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()'\"<\[\]\\\x02]*)\)")
# The SHA-256 of the source of what reads a link and a reference in this Python-Markdown (3.11 to 3.11.4), with
# their expressions: _plain_links stands in for them only when they are these.
PLAIN_LINKS = known("3546c034227884c07ef74b6557915d5ea58a5e0550f613d3d166016d8b6d0633")


def plain_links_digest() -> str | None:
    """The digest PLAIN_LINKS is checked against."""
    return source_digest(
        LinkInlineProcessor.handleMatch,
        LinkInlineProcessor.unescape,
        ReferenceInlineProcessor.handleMatch,
        ReferenceInlineProcessor.evalId,
        tail=f"{LinkInlineProcessor.RE_LINK.pattern}{ReferenceInlineProcessor.RE_LINK.pattern}",
    )


@functools.cache
def plain_links_known() -> bool:
    """Whether this Python-Markdown reads links as _plain_links does (and its loops are those quick_text and
    quick_link stand in for)."""
    return loops_known() and plain_links_digest() in PLAIN_LINKS


@functools.cache
def loops_known() -> bool:
    """Whether this Python-Markdown's link loops are the ones quick_text and quick_link stand in for."""
    return source_digest(LinkInlineProcessor.getText, LinkInlineProcessor.getLink) in LOOPS


_GAPS = ("", " ", "  ")
# "---", "- --", "*  * *" ... (not "**", which every bold word has)
HR_TRIPLES = tuple(f"{marker}{one}{marker}{two}{marker}" for marker in "-_*" for one in _GAPS for two in _GAPS)

# Block processors by class: the method that searches each block ("test", or "run" for those whose test is always
# true and whose run puts the block back and returns False when its expression finds nothing), the strings of
# which every match contains one, and the SHA-256 of the method's source and the expression in each release read
# (3.11 to 3.11.3, then 3.11.4, where one changed: 3.11.4's heading test looks for '#' itself before its
# expression, its definition test and nesting stop short of the recursion limit, and its abbreviation expression
# no longer spans lines; each still needs the same strings).
BLOCKS: dict[str, tuple[str, tuple[str, ...], Known]] = {
    "HashHeaderProcessor": (
        "test",
        ("#",),
        known(
            "e1f087c4408d3b9dffca49e1bfb32d81f4595eb20e0c10ec3c0a2a8ea54b63d6",
            "53424815d88344b379a2419bf53cd7f6a5a16e541c69fc3086817492a55552db",
        ),
    ),
    "BlockQuoteProcessor": ("test", (">",), known("415fec9abfbcd3f3b01bba91c56a1a5135c6da2011710300222bd123fe060b69")),
    "SetextHeaderProcessor": (
        "test",
        ("\n=", "\n-"),
        known("74755f4897890ad7afd2292aa97330dfdfb6dcb60f18e9495491b9d05d32550d"),
    ),
    # a rule is three markers (or more) with up to two spaces between each: its first three are one of these
    "HRProcessor": ("test", HR_TRIPLES, known("1b78201634fe5b2fabde5fb5eff97108cbb29e690299e67bd77530b7e4e237d4")),
    # a definition starts with ':' and one to three spaces: not the ':' of every link's 'https:'
    "DefListProcessor": (
        "test",
        (": ",),
        known(
            "4009e741de26298c95ecdfa19e1e73be8e7a0b9a542ecbffa1d38dc8741add74",
            "fdd16c0420aec1be37ce025724b0082bf9c8ed02c43d20bd26162bf3c0575a32",
        ),
    ),
    "ReferenceProcessor": ("run", ("]:",), known("cd4cafc69c30e87cb1e0da3cc730972db7eacb9af6373605db98141a09e3603a")),
    "AbbrBlockprocessor": (
        "run",
        ("*[",),
        known(
            "4824a9c2b8b1f6a3a158e42946dbfe49d5b9dbbbd97cbe439cbbce80a4ec3000",
            "f2fdb13849c463ab427ca7ec148faee092e423276e14df6addb54a322078c822",
        ),
    ),
    "FootnoteBlockProcessor": (
        "run",
        ("[^",),
        known("86ea94b939193d18a25dee599af0c08cb9532c8b6968d3c6e9aa23715c3215eb"),
    ),
}


def block_digest(processor: object, method: str) -> str | None:
    """The SHA-256 of a block processor's method source and its expression's text (None: not readable)."""
    expression = getattr(processor, "SEARCH_RE", None) or getattr(processor, "RE", None)
    text = getattr(expression, "pattern", expression)
    return source_digest(getattr(type(processor), method, None), tail=str(text))


def _search_for(needs: tuple[str, ...]) -> Any:
    """A search for any of ``needs`` (one call in C, where a loop over them was a call per string)."""
    return re.compile("|".join(map(re.escape, needs))).search


def _quick_test(original: Any, needs: tuple[str, ...]) -> Any:
    search = _search_for(needs)

    def test(parent: etree.Element, block: str) -> bool:
        return search(block) is not None and bool(original(parent, block))

    return test


def _quick_run(original: Any, needs: tuple[str, ...]) -> Any:
    search = _search_for(needs)

    def run(parent: etree.Element, blocks: list[str]) -> Any:
        if search(blocks[0]) is None:
            return False  # what the method returns when its expression finds nothing, the block left in place
        return original(parent, blocks)

    return run


def install_blocks(converter: markdown.Markdown) -> list[str]:
    """Put the quick checks before the block processors read here; return the classes they were put on."""
    done = []
    for processor in converter.parser.blockprocessors:
        read = BLOCKS.get(type(processor).__name__)
        if read is None or block_digest(processor, read[0]) not in read[2]:
            continue
        method, needs, _ = read
        quick = _quick_test if method == "test" else _quick_run
        setattr(processor, method, quick(getattr(processor, method), needs))
        done.append(type(processor).__name__)
    return done


def supported() -> bool:
    """Whether this Python-Markdown's inline processor has the private methods QuickInline builds on."""
    base: Any = treeprocessors.InlineProcessor
    return all(hasattr(base, name) for name in ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern"))


def install(converter: markdown.Markdown) -> None:
    """Put QuickInline in the place of the converter's inline processor (if this release allows it)."""
    processors: Any = converter.treeprocessors
    if (
        not supported()
        or "inline" not in processors
        or type(processors["inline"]) is not treeprocessors.InlineProcessor
    ):
        return
    priority = next(item.priority for item in processors._priority if item.name == "inline")
    processors.register(QuickInline(converter), "inline", priority)
    install_blocks(converter)
    if loops_known():
        for pattern in converter.inlinePatterns:
            if isinstance(pattern, LinkInlineProcessor) and type(pattern).getText is LinkInlineProcessor.getText:
                pattern.getText = types.MethodType(quick_text, pattern)  # type: ignore[method-assign]
            if isinstance(pattern, LinkInlineProcessor) and type(pattern).getLink is LinkInlineProcessor.getLink:
                pattern.getLink = types.MethodType(quick_link, pattern)  # type: ignore[method-assign]
