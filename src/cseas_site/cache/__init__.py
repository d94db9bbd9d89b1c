"""What the last build knew: its inputs, the parse cache and the output trees (see docs/incremental.md)."""

from .build_cache import BuildCache, Cache, NoCache, open_cache

__all__ = ["BuildCache", "Cache", "NoCache", "open_cache"]
