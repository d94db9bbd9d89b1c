"""Dates as editors and wire agencies write them, in English and Indonesian."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januari",
        "february feb februari pebruari",
        "march mar maret",
        "april apr",
        "may mei",
        "june jun juni",
        "july jul juli",
        "august aug agustus agu agt ags",
        "september sep sept",
        "october oct oktober okt",
        "november nov nopember",
        "december dec desember des",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
    "|senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad"
)
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_WEEKDAY = rf"(?:(?:{WEEKDAYS})\.?,?\s+)?"
# Each pattern matches a whole date; named groups day/month/year.
DATE_PATTERNS = tuple(
    re.compile(_WEEKDAY + p, re.IGNORECASE)
    for p in (
        r"(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})",
        r"(?P<day>\d{1,2})/(?P<mnum>\d{1,2})/(?P<year>\d{4})",
        rf"(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>\d{{4}})",
        rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})",
    )
)

ISO_DATETIME = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?)?"
)

MONTH_NAMES = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
}


def _to_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS.get(groups["month"].lower(), 0)
    try:
        return date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None


def find_date(text: str) -> tuple[date, int, int] | None:
    """Find the first valid date written in ``text``: (date, start, end) or None."""
    best: tuple[date, int, int] | None = None
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            found = _to_date(match)
            if found is not None:
                if best is None or match.start() < best[1]:
                    best = (found, match.start(), match.end())
                break
    return best


def parse_date_text(text: str) -> date | None:
    """Parse a string that is exactly one human-written date, else None."""
    stripped = text.strip()
    for pattern in DATE_PATTERNS:
        match = pattern.fullmatch(stripped)
        if match:
            return _to_date(match)
    return None


def parse_datetime_text(text: str, tz: ZoneInfo) -> datetime | None:
    """Parse ISO 8601 (with or without time and zone) or a human date, in ``tz`` when no zone is given."""
    match = ISO_DATETIME.fullmatch(text.strip())
    if match:
        iso = match["date"] + ("T" + match["time"] if match["time"] else "T00:00")
        if match["zone"]:
            iso += "+00:00" if match["zone"] == "Z" else match["zone"]
        try:
            parsed = datetime.fromisoformat(iso)
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    day = parse_date_text(text)
    return None if day is None else datetime.combine(day, time(), tzinfo=tz)


def to_datetime(value: object, tz: ZoneInfo) -> datetime | None:
    """Turn a YAML value (date, datetime or string) into an aware datetime, else None."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=tz)
    if isinstance(value, str):
        return parse_datetime_text(value, tz)
    return None


def format_date(value: datetime, lang: str) -> str:
    """Write a date as '17 February 2016' (English) or '17 Februari 2016' (Indonesian)."""
    names = MONTH_NAMES.get(lang, MONTH_NAMES["en"])
    return f"{value.day} {names[value.month - 1]} {value.year}"
