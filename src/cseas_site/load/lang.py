"""Tell English from Indonesian by counting common function words."""

from __future__ import annotations

import re

_WORDS = re.compile(r"[a-z]+")
STOPWORDS = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "that",
            "for",
            "on",
            "with",
            "as",
            "was",
            "were",
            "are",
            "by",
            "be",
            "this",
            "from",
            "at",
            "it",
            "an",
            "has",
            "have",
            "will",
            "which",
            "their",
            "its",
            "been",
            "between",
            "also",
            "said",
            "would",
            "not",
            "but",
            "or",
            "they",
        ]
    ),
    "id": frozenset(
        [
            "yang",
            "dan",
            "di",
            "ke",
            "dari",
            "untuk",
            "dengan",
            "ini",
            "itu",
            "dalam",
            "tidak",
            "pada",
            "adalah",
            "akan",
            "juga",
            "oleh",
            "sebagai",
            "bahwa",
            "para",
            "telah",
            "karena",
            "antara",
            "kata",
            "dapat",
            "lebih",
            "mereka",
            "atau",
            "sudah",
            "bagi",
            "serta",
        ]
    ),
}
MIN_EVIDENCE = 5  # fewer matched words than this is not enough to decide


def detect_language(text: str, default: str) -> str:
    """Return 'en' or 'id' when the text clearly is one of them, else ``default``."""
    counts = {lang: 0 for lang in STOPWORDS}
    for word in _WORDS.findall(text[:3000].lower()):
        for lang, words in STOPWORDS.items():
            if word in words:
                counts[lang] += 1
    best = max(counts, key=lambda lang: (counts[lang], lang == default))
    if counts[best] < MIN_EVIDENCE or counts[best] < 2 * min(counts.values()):
        return default
    return best
