"""Safe YAML loading that remembers the file line of every top-level key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem

# libyaml's parser is several times faster; both are safe loaders (no arbitrary objects).
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        line = (mark.line if mark else 0) + first_line
        out.problems.append(Problem(path, line, f"invalid YAML in {what}: {exc.problem or exc.context}"))
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
