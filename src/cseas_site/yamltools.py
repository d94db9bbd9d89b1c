"""Safe YAML loading that remembers the file line of every top-level key."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem

# libyaml's parser is several times faster; both are safe loaders (no arbitrary objects).
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """The safe loader, but a value YAML cannot build (2016-02-30, a 5,000-digit number, year 0) stays the text
    it was written as, so that validation explains it with its line instead of a traceback."""


def _as_written(construct: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def build(loader: Any, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError):
            return loader.construct_scalar(node)

    return build


for _tag, _construct in (
    ("tag:yaml.org,2002:timestamp", yaml.constructor.SafeConstructor.construct_yaml_timestamp),
    ("tag:yaml.org,2002:int", yaml.constructor.SafeConstructor.construct_yaml_int),
    ("tag:yaml.org,2002:float", yaml.constructor.SafeConstructor.construct_yaml_float),
):
    _Loader.add_constructor(_tag, _as_written(_construct))


@dataclass(slots=True)
class YamlMapping:
    """A loaded top-level mapping with the 1-based file line of each key."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def load_mapping(text: str, path: str, first_line: int, what: str = "front matter") -> YamlMapping:
    """Parse ``text`` (which starts at file line ``first_line``) as a YAML mapping."""
    out = YamlMapping()
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return out
        if not isinstance(node, yaml.MappingNode):
            out.problems.append(
                Problem(path, node.start_mark.line + first_line, f"{what} must be a mapping of 'key: value' lines")
            )
            return out
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        index, message = explain(text, mark.line if mark else 0, str(exc.problem or exc.context), what)
        out.problems.append(Problem(path, index + first_line, message))
        return out
    except yaml.YAMLError as exc:
        out.problems.append(Problem(path, first_line, f"invalid YAML in {what}: {exc}"))
        return out
    except RecursionError:
        out.problems.append(Problem(path, first_line, f"{what} is nested too deeply"))
        return out
    finally:
        loader.dispose()
    _record_keys(node, data, path, first_line, what, out)
    return out


_KEY_LINE = re.compile(r"^(?P<key>[\w-]+):[ \t]+(?P<value>.*)$")


def explain(text: str, index: int, problem: str, what: str) -> tuple[int, str]:
    """Say what a YAML error means for an editor and how to fix it: (0-based line, message). PyYAML's own words
    ("mapping values are not allowed in this context") name the parser's state, not the editor's mistake."""
    lines = text.split("\n")
    for number, line in enumerate(lines[: index + 1]):
        if line[: len(line) - len(line.lstrip(" \t"))].count("\t"):
            return number, "YAML indents with spaces, and this line starts with a tab: replace the tab with spaces"
    here = lines[index] if index < len(lines) else ""
    found = _KEY_LINE.match(here)
    if "mapping values are not allowed" in problem and found and ": " in found["value"]:
        quoted = found["value"].replace("\\", "\\\\").replace('"', '\\"')
        return index, f"the value of '{found['key']}' holds ': '; put it in quotes: {found['key']}: \"{quoted}\""
    if "mapping values are not allowed" in problem and here[:1] in (" ", "\t"):
        return (
            index,
            "this line is indented as if it belonged to the line above; start each 'key: value' at the margin",
        )
    for opener, closer, name in (
        ('"', '"', "a quoted value"),
        ("'", "'", "a quoted value"),
        ("[", "]", "a list in brackets"),
    ):
        for number, line in enumerate(lines[: index + 1]):
            value = _KEY_LINE.match(line)
            if value and value["value"].startswith(opener) and not value["value"].rstrip().endswith(closer):
                return number, f"{name} on this line is never closed: end it with {closer} on the same line"
    return index, f"invalid YAML in {what}: {problem}"


def _record_keys(node: yaml.MappingNode, data: Any, path: str, first_line: int, what: str, out: YamlMapping) -> None:
    """Keep string keys with their lines; report other keys and duplicates."""
    for key_node, _ in node.value:
        line = key_node.start_mark.line + first_line
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str) or key_node.tag != "tag:yaml.org,2002:str":
            out.problems.append(Problem(path, line, f"{what} keys must be names, not {key_node.value!r}"))
            continue
        if key in out.lines:
            out.problems.append(Problem(path, line, f"{key}: given twice (first on line {out.lines[key]})"))
            continue
        out.lines[key] = line
        out.data[key] = data[key]
