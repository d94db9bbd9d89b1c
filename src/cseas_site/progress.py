"""A progress bar on a terminal for long builds (shown after a second); nothing at all when piped or quiet."""

from __future__ import annotations

import sys
from typing import Any

enabled = False  # set by the command line: a terminal, and not --quiet


def bar(label: str, total: int) -> Any:
    """A bar that appears only if the work takes longer than a second."""
    from tqdm import tqdm  # imported when needed: a small build should not pay for it

    return tqdm(total=total, desc=label, unit="file", delay=1.0, leave=False, file=sys.stderr, disable=not enabled)
