"""Dates as editors and wire agencies write them, in English and Indonesian."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import get_month_names

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


def month_name(month: int) -> str:
    """An English month name for messages (the parser's words are above; pages write dates with Babel)."""
    return str(get_month_names("wide", locale="en")[month])


FIRST_YEAR, LAST_YEAR = 1000, 9998  # outside these, a date is a typo (and some cannot be converted between zones)


def days_in(year: int, month: int) -> int:
    """How many days a month has."""
    return calendar.monthrange(year, month)[1]


def why_not(year: int, month: int, day: int) -> str | None:
    """Why year-month-day is not a date an article can have (None when it is one)."""
    if not 1 <= month <= 12:
        return f"there is no month {month} (months are 1 to 12)"
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return f"the year {year} is outside {FIRST_YEAR} to {LAST_YEAR}"
    if not 1 <= day <= days_in(year, month):
        return f"{month_name(month)} {year} has {days_in(year, month)} days"
    return None


def _to_date(match: re.Match[str]) -> date | str | None:
    """The date a pattern matched; the reason it is impossible; None when a month name is not one."""
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS.get(groups["month"].lower(), 0)
    if month == 0:
        return None
    year, day = int(groups["year"]), int(groups["day"])
    reason = why_not(year, month, day)
    if reason is not None:
        if groups.get("mnum") and "/" in match.group(0) and 1 <= day <= 12 < month:
            reason += f"; slash dates are read day first (DD/MM/YYYY): did you mean {month:02d}/{day:02d}/{year}?"
        return reason
    return date(year, month, day)


@dataclass(frozen=True, slots=True)
class Found:
    """A date written in a text: the date, or the reason it is impossible; where it stands."""

    value: date | None
    problem: str | None
    start: int
    end: int


def find_date(text: str) -> Found | None:
    """Find the first date written in ``text``, possible or not (31 February 2016 is found, and explained)."""
    best: Found | None = None
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            found = _to_date(match)
            if found is not None:
                if best is None or match.start() < best.start:
                    value, problem = (found, None) if isinstance(found, date) else (None, found)
                    best = Found(value, problem, match.start(), match.end())
                break
    return best


def parse_date_text(text: str) -> date | None:
    """Parse a string that is exactly one human-written date, else None."""
    stripped = text.strip()
    for pattern in DATE_PATTERNS:
        match = pattern.fullmatch(stripped)
        if match:
            found = _to_date(match)
            return found if isinstance(found, date) else None
    return None


def _clock(text: str) -> str | None:
    """Why a written time of day is not one."""
    parts = [int(p) for p in re.findall(r"\d+", text.split(".")[0])]
    if parts[0] > 23:
        return f"{text} is not a time of day (hours are 00 to 23)"
    if any(p > 59 for p in parts[1:]):
        return f"{text} is not a time of day (minutes and seconds are 00 to 59)"
    return None


def date_problem(text: str) -> str:
    """Say why a written date was not understood, and how to write it."""
    stripped = text.strip()
    iso = ISO_DATETIME.fullmatch(stripped)
    if iso:
        year, month, day = (int(n) for n in iso["date"].split("-"))
        reason = why_not(year, month, day) or (_clock(iso["time"]) if iso["time"] else None)
        if reason:
            return reason
    for pattern in DATE_PATTERNS:
        match = pattern.fullmatch(stripped)
        if match:
            found = _to_date(match)
            if isinstance(found, str):
                return found
            if found is None:
                return f"'{match['month']}' is not a month name (write it like 17 February 2016 or 2016-02-17)"
    return "write it like 2016-02-17, 2016-02-17 09:30 or 17 February 2016"


def date_note(text: str) -> str | None:
    """A warning for a date that was understood but could be read two ways (03/04/2016)."""
    match = DATE_PATTERNS[1].fullmatch(text.strip())
    if match is None or int(match["day"]) > 12 or match["day"].lstrip("0") == match["mnum"].lstrip("0"):
        return None
    found = _to_date(match)
    if not isinstance(found, date):
        return None
    return (
        f"'{text.strip()}' is read day first, as {found.day} {month_name(found.month)} {found.year}; "
        f"write {found.isoformat()} to say it without doubt"
    )


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
    """Turn a YAML value (date, datetime or string) into an aware datetime in a year the site can use (and
    convert between zones), else None."""
    if isinstance(value, datetime):
        found: datetime | None = value if value.tzinfo else value.replace(tzinfo=tz)
    elif isinstance(value, date):
        found = datetime.combine(value, time(), tzinfo=tz)
    elif isinstance(value, str):
        found = parse_datetime_text(value, tz)
    else:
        return None
    if found is None or not FIRST_YEAR <= found.year <= LAST_YEAR:
        return None
    return found
