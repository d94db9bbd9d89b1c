"""What every command prints the same way: problems, notices, counts."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..errors import Problem, printable


def print_problems(problems: Sequence[Problem]) -> None:
    """Print each problem on stderr as path:line: message, sorted."""
    for problem in sorted(problems):
        print(problem, file=sys.stderr)


def say(message: str) -> None:
    """Print a notice on stderr, named after the program."""
    print(printable(f"cseas-build: {message}"), file=sys.stderr)


def count(number: int, noun: str) -> str:
    """'1 article', '2 articles'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
