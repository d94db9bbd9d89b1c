"""Digests that tell whether something changed: of bytes, and of plain values. The one place they are made."""

from __future__ import annotations

import hashlib


def digest(data: bytes) -> str:
    """Return a short, collision-safe digest of some bytes (BLAKE2b, 128 bits, hexadecimal)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def key_of(*parts: object) -> str:
    """Digest a tuple of plain values (strings, numbers, tuples): equal inputs, equal key, on any machine."""
    return digest(repr(parts).encode("utf-8"))
