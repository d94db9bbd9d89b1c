"""A progress bar on a terminal for long builds (shown after a second); nothing at all when piped or quiet."""

from __future__ import annotations

import sys
from typing import Any

enabled = False  # set by the command line: a terminal, and not --quiet


class _Silent:
    """What a build counts its work with when no bar is shown (piped, quiet, serve, tests)."""

    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def update(self, count: int = 1) -> None:
        return None


def bar(label: str, total: int) -> Any:
    """A bar that appears only if the work takes longer than a second; none when bars are off (then tqdm is
    not even imported: 18 ms of each build's start, and a monitor thread)."""
    if not enabled:
        return _Silent()
    from tqdm import tqdm  # imported when needed: a small build should not pay for it

    return tqdm(total=total, desc=label, unit="file", delay=1.0, leave=False, file=sys.stderr)
