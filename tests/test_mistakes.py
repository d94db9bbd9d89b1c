"""The mistakes editors make every week, each with its exact message and exit status, and the proof that it
costs nothing: content/ is unchanged, and build/ too when the build stops (docs/messages.md lists them all).

Each case starts from a small site that has been built once, makes one mistake, runs one command and
compares its whole output with the expected lines (a message that gets worse shows as a failing test)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from helpers import REPO, article, make_site, run_process, tree_bytes

GOOD = {"content/2016/good.md": article("Good article", "2016-02-17", tags="[ASEAN]")}


@dataclass(frozen=True)
class Mistake:
    name: str
    files: dict[str, str | bytes]  # written into the site after its first build
    expected: list[str]  # every line the command prints on stderr (and stdout, for warnings), in order
    code: int = 1
    args: tuple[str, ...] = ("--no-search",)  # the command, after cseas-build (ROOT stands for the site root)
    cwd: str = "."  # where the command runs, below the site root
    site_yaml: str | None = None  # replaces site.yaml
    published: list[str] = field(default_factory=list)  # pages the build must have made (exit 0)
    said: str = ""  # a part of what the command prints on stdout


def md(front: str, body: str = "Body text for the article.") -> str:
    return f"---\n{front}\n---\n{body}\n"


MISTAKES = [
    Mistake(
        "output inside content",
        {},
        [
            "cseas-build: refusing to use content/2016 as the output folder: it is inside content, which the build "
            "reads (the site would be read back as input); use --output build or a new folder beside the site",
        ],
        args=("--output", "content/2016", "--no-search"),
    ),
    Mistake(
        "output inside content, forced",
        {},
        [
            "cseas-build: refusing to use content/2016 as the output folder: it is inside content, which the build "
            "reads (the site would be read back as input); use --output build or a new folder beside the site",
        ],
        args=("--output", "content/2016", "--force", "--no-search"),
    ),
    Mistake(
        "output below a content folder",
        {},
        [
            "cseas-build: refusing to use content/2016/sub as the output folder: it is inside content, which the "
            "build reads (the site would be read back as input); use --output build or a new folder beside the site",
        ],
        args=("--output", "content/2016/sub", "--no-search"),
    ),
    Mistake(
        "output above the site",
        {},
        [
            "cseas-build: refusing to use .. as the output folder: the site ({root}) is inside it; use --output "
            "build or a new folder beside the site",
        ],
        args=("--output", "..", "--no-search"),
    ),
    Mistake(
        "the placeholder of new left in",
        {"content/2016/fresh.md": md("title: Fresh\ndate: 2016-03-01", "Write the article here.")},
        [
            "content/2016/fresh.md:5: the body still says 'Write the article here.' (from `cseas-build new`): write the "
            "article first, or keep 'draft: true'",
        ],
    ),
    Mistake(
        "an empty summary",
        {"content/2016/b.md": md("title: B\ndate: 2016-03-01\nsummary: ''")},
        [
            "content/2016/b.md:4: summary: empty; write one or two sentences, or remove the line (the first paragraph "
            "is used)",
        ],
    ),
    Mistake(
        "31 February",
        {"content/2016/b.md": md("title: B\ndate: 31 Feb 2016")},
        [
            "content/2016/b.md:3: date: '31 Feb 2016' is not a date: February 2016 has 29 days",
        ],
    ),
    Mistake(
        "an impossible date in a dateline",
        {"content/2016/r.txt": "A Report\n\nAntara, 31 February 2016 – Text.\n"},
        [
            "content/2016/r.txt:3: date: '31 February 2016' is not a date: February 2016 has 29 days",
        ],
    ),
    Mistake(
        "a month-first slash date",
        {"content/2016/b.md": md("title: B\ndate: 02/17/2016")},
        [
            "content/2016/b.md:3: date: '02/17/2016' is not a date: there is no month 17 (months are 1 to 12); slash "
            "dates are read day first (DD/MM/YYYY): did you mean 17/02/2016?",
        ],
    ),
    Mistake(
        "an ambiguous slash date",
        {"content/2016/b.md": md("title: B\ndate: 03/04/2016")},
        [
            "content/2016/b.md:3: warning: date: '03/04/2016' is read day first, as 3 April 2016; write 2016-04-03 to "
            "say it without doubt",
        ],
        code=0,
        published=["b/index.html"],
    ),
    Mistake(
        "a tab in the front matter",
        {"content/2016/b.md": md("title: B\n\tdate: 2016-03-01")},
        [
            "content/2016/b.md:3: YAML indents with spaces, and this line starts with a tab: replace the tab with spaces",
        ],
    ),
    Mistake(
        "an unquoted colon in a title",
        {"content/2016/b.md": md("title: ASEAN Matters: Growth\ndate: 2016-03-01")},
        [
            "content/2016/b.md:2: the value of 'title' holds ': '; put it in quotes: title: \"ASEAN Matters: Growth\"",
        ],
    ),
    Mistake(
        "no closing ---",
        {"content/2016/b.md": "---\ntitle: B\ndate: 2016-03-01\n\nBody.\n"},
        [
            "content/2016/b.md:3: the front matter that starts with '---' is never closed: add a line '---' after line 3",
        ],
    ),
    Mistake(
        "a byte-order mark in the middle",
        {"content/2016/b.md": md("title: B\ndate: 2016-03-01", "One.\n\n\ufeffTwo.")},
        [
            "content/2016/b.md:7: warning: an invisible byte-order mark (U+FEFF) is in the text, left by pasting files "
            "together; it was removed",
        ],
        code=0,
        published=["b/index.html"],
    ),
    Mistake(
        "a report without blank lines",
        {"content/2016/r.txt": "A Pasted Report\nAntara, 1 March 2016 - First.\nSecond.\nThird.\n"},
        [
            "content/2016/r.txt:1: warning: no blank lines between paragraphs: each line was read as a paragraph (put a "
            "blank line between them)",
        ],
        code=0,
        published=["a-pasted-report/index.html"],
    ),
    Mistake(
        "a masthead above the title",
        {
            "content/2016/r.txt": "Pusat Kajian Asia Tenggara – Jakarta\n\nThe Real Title\n\nAntara, 1 March 2016 – Text.\n"
        },
        [
            "content/2016/r.txt:1: warning: 'Pusat Kajian Asia Tenggara – Jakarta' above the title was dropped (the "
            "title is the line just before the dateline)",
        ],
        code=0,
        published=["the-real-title/index.html"],
    ),
    Mistake(
        "a Windows-1252 file",
        {"content/2016/b.md": md("title: B\ndate: 2016-03-01", "It\u2019s here.").encode("cp1252")},
        [
            "content/2016/b.md:5: not valid UTF-8 (byte 0x92): it looks like Windows-1252; save it as UTF-8 in your "
            "editor, or run iconv -f WINDOWS-1252 -t UTF-8 OLD > NEW",
        ],
    ),
    Mistake(
        "a Latin-1 file",
        {"content/2016/b.md": md("title: B\ndate: 2016-03-01", "Café.").encode("latin-1")},
        [
            "content/2016/b.md:5: not valid UTF-8 (byte 0xe9): it looks like Latin-1 (ISO-8859-1); save it as UTF-8 "
            "in your editor, or run iconv -f ISO-8859-1 -t UTF-8 OLD > NEW",
        ],
    ),
    Mistake(
        "a UTF-16 file",
        {"content/2016/b.md": md("title: B\ndate: 2016-03-01").encode("utf-16")},
        [
            "content/2016/b.md:1: file is UTF-16; save it as UTF-8",
        ],
    ),
    Mistake(
        "two files with one title",
        {"content/2016/copy.md": article("Good article", "2016-03-01")},
        [
            "content/2016/copy.md:2: URL /good-article/ is also the URL of content/2016/good.md; set another slug",
            "content/2016/good.md:2: URL /good-article/ is also the URL of content/2016/copy.md; set another slug",
        ],
    ),
    Mistake(
        "tags as one line with commas",
        {"content/2016/b.md": md("title: B\ndate: 2016-03-01\ntags: ASEAN, Japan")},
        [],
        code=0,
        published=["tags/asean/index.html", "tags/japan/index.html"],
    ),
    Mistake(
        "a date in the future",
        {"content/2016/b.md": md("title: B\ndate: 2099-01-01 09:00")},
        [],
        code=0,
        said="Left out: 1 article scheduled for later (the next is due 2099-01-01 09:00 +0700; a build after "
        "that publishes it).",
    ),
    Mistake(
        "draft: yes please",
        {"content/2016/b.md": md("title: B\ndate: 2016-03-01\ndraft: yes please")},
        [
            "content/2016/b.md:4: draft: expected true or false, got 'yes please'",
        ],
    ),
    Mistake(
        "draft: yes",
        {"content/2016/b.md": md("title: B\ndate: 2016-03-01\ndraft: yes")},
        [],
        code=0,
        said="Left out: 1 draft (publish one by removing 'draft: true'; --drafts previews all).",
    ),
    Mistake(
        "a slug with spaces",
        {"content/2016/b.md": md("title: B\ndate: 2016-03-01\nslug: my new slug")},
        [],
        code=0,
        published=["my-new-slug/index.html"],
    ),
    Mistake(
        "an alias without a leading slash",
        {"content/2016/b.md": md("title: B\ndate: 2016-03-01\naliases: [2016/03/b/]")},
        [],
        code=0,
        published=["2016/03/b/index.html"],
    ),
    Mistake(
        "a misspelt key",
        {"content/2016/b.md": md("tittle: B\ndate: 2016-03-01")},
        [
            "content/2016/b.md:1: title: missing or empty (add 'title: ...' to the front matter)",
            "content/2016/b.md:2: warning: unknown key 'tittle': did you mean 'title'?",
        ],
    ),
    Mistake(
        "no date",
        {"content/2016/b.md": md("title: B")},
        [
            "content/2016/b.md:1: date: missing (add 'date: YYYY-MM-DD' to the front matter)",
        ],
    ),
    Mistake(
        "a language name for a code",
        {"content/2016/b.md": md("title: B\ndate: 2016-03-01\nlang: english")},
        [
            "content/2016/b.md:4: lang: 'english' is not a language code (use en, id, ...)",
        ],
    ),
    Mistake(
        "a misspelt site.yaml key",
        {},
        [
            "content/site.yaml:1: unknown key 'titel' (did you mean 'title'?)",
        ],
        site_yaml="titel: Site\n",
    ),
    Mistake(
        "a word for a number in site.yaml",
        {},
        [
            "content/site.yaml:1: per_page: 'ten' is not valid (expected a positive whole number)",
        ],
        site_yaml="per_page: ten\n",
    ),
    Mistake(
        "a city for a timezone",
        {},
        [
            "content/site.yaml:1: timezone: 'Jakarta' is not valid (expected an IANA timezone name such as Asia/Jakarta)",
        ],
        site_yaml="timezone: Jakarta\n",
    ),
    Mistake(
        "the wrong --root",
        {},
        [
            "elsewhere/content:1: no content folder at {root}/elsewhere/content: is --root right? (it names the folder "
            "holding content/)",
        ],
        args=("--root", "elsewhere", "--no-search"),
    ),
    Mistake(
        "new in a folder that is not a site",
        {},
        [
            "cseas-build: no site here: there is no content/ folder in {outside} or a folder above it; run it inside "
            "a site, or pass --root SITE",
        ],
        args=("new", "A title"),
        cwd="OUTSIDE",
    ),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_an_ordinary_mistake_gets_its_message_and_costs_nothing(tmp_path: Path, mistake: Mistake) -> None:
    root = tmp_path / "site"
    make_site(root, GOOD, "title: Mistakes\ntimezone: Asia/Jakarta\nbase_url: https://example.org/\n")
    assert run_process("--root", root, "--no-search").code == 0
    if mistake.site_yaml is not None:
        (root / "content/site.yaml").write_text(mistake.site_yaml, encoding="utf-8")
    make_site(root, mistake.files, None)
    outside = tmp_path / "not-a-site"
    outside.mkdir()
    content, built = tree_bytes(root / "content"), tree_bytes(root / "build")
    cwd = outside if mistake.cwd == "OUTSIDE" else root
    args = [*mistake.args, *([] if "--root" in mistake.args or mistake.args[0] == "new" else ["--root", root])]
    result = run_process(*args, cwd=cwd)
    lines = [line for line in result.err.splitlines() if not line.endswith("; nothing was published.")]
    expected = [line.format(root=root, outside=outside) for line in mistake.expected]
    assert (result.code, lines) == (mistake.code, expected), result.out
    assert "Traceback" not in result.err
    assert tree_bytes(root / "content") == content  # no mistake costs an article
    if result.code != 0:
        assert tree_bytes(root / "build") == built  # the published site stays as it was
    for page in mistake.published:
        assert (root / "build" / page).is_file(), page
    if mistake.said:
        assert mistake.said in result.out, result.out


def test_every_message_of_the_suite_is_in_the_table_of_the_docs() -> None:
    table = (REPO / "docs/messages.md").read_text(encoding="utf-8").replace("\\", "")
    for mistake in MISTAKES:
        for line in mistake.expected[:1] or [mistake.said]:
            text = line.format(root="/home/editor/site", outside="/home/editor")
            assert (
                text.split(": ", 1)[1] if ".md:" in text or ".txt:" in text or ".yaml:" in text else text
            ) in table, text
