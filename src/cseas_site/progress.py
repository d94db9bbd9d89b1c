"""A progress bar on a terminal for long builds (shown after a second); nothing at all when piped or quiet."""

from __future__ import annotations

import sys
from typing import Any

from tqdm import tqdm

enabled = False  # set by the command line: a terminal, and not --quiet


def bar(label: str, total: int) -> Any:
    """A bar that appears only if the work takes longer than a second."""
    return tqdm(total=total, desc=label, unit="file", delay=1.0, leave=False, file=sys.stderr, disable=not enabled)
