"""Problems found in content or configuration, reported as ``path:line: message``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One problem with a position in a file; sorts by path, then line."""

    path: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return printable(f"{self.path}:{self.line}: {prefix}{self.message}")


class SiteError(Exception):
    """Raised when content or configuration is bad; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[SiteError], tuple[tuple[Problem, ...]]]:
        return (SiteError, (self.problems,))  # so that worker processes can report problems


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters (an escape sequence in a file name could move the
    cursor or rewrite the screen) and undecodable bytes of file names are shown as \\x.. codes."""
    return _UNPRINTABLE.sub(lambda match: f"\\x{ord(match.group()) & 0xFF:02x}", text)


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    """Return only the problems that are errors (not warnings)."""
    return [p for p in problems if p.severity == "error"]


def warnings_in(problems: Iterable[Problem]) -> list[Problem]:
    """Return only the problems that are warnings."""
    return [p for p in problems if p.severity == "warning"]


def display_path(file: Path | str) -> str:
    """Name a file relative to the working folder when it lies inside it (as editors typed it)."""
    absolute = Path(file).absolute()
    here = Path.cwd()
    return str(absolute.relative_to(here)) if absolute.is_relative_to(here) else str(absolute)
