"""`cseas-build import text`: raw text reports -> Markdown with the front matter the loader read, made explicit."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..config import Config
from ..errors import Problem, display_path
from ..load import raw_report
from ..load.loader import read_text
from ..load.parsed import Parsed
from ..write.writer import move_file
from .files import ImportWriter, Outcome
from .mdtext import escape_text

MISSING_DATE = "# date: YYYY-MM-DD   <- no date was found in the report: write it here\n"
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)  # what load/raw_report.py makes of each paragraph


@dataclass
class TextReport:
    outcome: Outcome = field(default_factory=Outcome)
    problems: list[Problem] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)


def reports_in(paths: list[Path]) -> list[Path]:
    """Expand folders to the .txt files inside them, in a stable order."""
    found: list[Path] = []
    for path in paths:
        found += sorted(p for p in path.rglob("*.txt") if not p.name.startswith(".")) if path.is_dir() else [path]
    return found


def front_matter(parsed: Parsed) -> dict[str, Any]:
    """The keys an editor would write by hand for this report."""
    meta: dict[str, Any] = {"title": parsed.title}
    if parsed.date is not None:
        fmt = "%Y-%m-%d" if (parsed.date.hour, parsed.date.minute) == (0, 0) else "%Y-%m-%d %H:%M"
        meta["date"] = parsed.date.strftime(fmt)
    for key, value in (
        ("source", parsed.sources),
        ("author", parsed.authors),
        ("category", parsed.categories),
        ("tags", parsed.tags),
    ):
        if value:
            meta[key] = value[0] if len(value) == 1 and key in ("source", "author") else list(value)
    meta["lang"] = parsed.lang
    if parsed.draft:
        meta["draft"] = True
    meta.update({k: v for k, v in parsed.extra.items() if k != "city"})
    meta["imported_from"] = "text"  # the build cleans the body too, whatever an editor adds to it later
    return meta


def to_markdown(parsed: Parsed) -> str:
    """Render a parsed report as a Markdown file with front matter. The report's paragraphs are plain text, and
    stay text: every character that Markdown would read as markup, a link or HTML is escaped (see mdtext.py)."""
    meta = front_matter(parsed)
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    if "date" not in meta:
        head += MISSING_DATE
    paragraphs = [html.unescape(text) for text in _PARAGRAPH.findall(parsed.body_html)]
    body = "\n\n".join(escape_text(text) for text in paragraphs)
    return f"---\n{head}---\n{body}\n"


def import_text(paths: list[Path], root: Path, config: Config, force: bool) -> TextReport:
    """Write content/<name>.md for each report; a report inside content/ is renamed to a hidden '.<name>.imported'."""
    report = TextReport()
    writer = ImportWriter(root, force)
    content = (root / "content").resolve()
    for file in reports_in(paths):
        text, problem = read_text(file, display_path(file))
        if problem is not None:
            report.problems.append(problem)
            continue
        parsed = raw_report.parse(text, display_path(file), config)
        report.problems += parsed.problems
        inside = file.resolve().is_relative_to(content)
        folder = file.resolve().parent if inside else content
        target = (folder / f"{file.stem}.md").relative_to(root.resolve()).as_posix()
        writer.write(target, to_markdown(parsed).encode("utf-8"))
        if inside and (target in writer.outcome.written or target in writer.outcome.unchanged):
            # the .md holds what this import made (now, or in an earlier run that stopped before this step)
            hidden = file.with_name(f".{file.name}.imported")
            move_file(file, hidden)  # kept, hidden from the loader, so the report is not built twice
            report.moved.append(f"{display_path(file)} -> {display_path(hidden)}")
    report.outcome = writer.finish()
    report.problems += [Problem(display_path(writer.manifest_file), 1, w, "warning") for w in writer.warnings]
    return report
