"""Split a '---' fenced YAML front matter block from the text after it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import Problem
from ..yamltools import YamlMapping, load_mapping

FENCE = "---"


@dataclass(frozen=True, slots=True)
class Split:
    """Front matter (loaded) and the body that follows it."""

    meta: YamlMapping
    body: str
    body_line: int  # file line on which the body starts
    has_front_matter: bool


def split_front_matter(text: str, path: str) -> Split:
    """Split text that may start with a '---' fenced YAML block; text uses LF line endings."""
    if not text.startswith(FENCE) or text[3:4] not in ("\n", ""):
        return Split(YamlMapping(), text, 1, False)
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            meta = load_mapping("\n".join(lines[1:index]), path, first_line=2)
            return Split(meta, "\n".join(lines[index + 1 :]), index + 2, True)
    last = 1  # the last line of what looks like front matter: 'key: value' lines and their indented parts
    for index in range(1, len(lines)):
        if not re.match(r"[\w-]+:(\s|$)|[ \t]+\S|\s*#", lines[index]):
            break
        last = index + 1
    message = f"the front matter that starts with '---' is never closed: add a line '---' after line {last}"
    return Split(YamlMapping(problems=[Problem(path, last, message)]), "", len(lines), True)
