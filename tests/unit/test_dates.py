from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from cseas_site.load.dates import find_date, parse_date_text, to_datetime
from cseas_site.output.i18n import long_date, number

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    "text",
    [
        "17 February 2016",
        "February 17, 2016",
        "Feb. 17, 2016",
        "17 Feb 2016",
        "2016-02-17",
        "17/02/2016",
        "Wednesday, 17 February 2016",
        "Wednesday, February 17, 2016",
        "Wed, 17 Feb 2016",
        "17 Februari 2016",
        "Rabu, 17 Februari 2016",
        "February 17th, 2016",
    ],
)
def test_every_written_form_gives_the_same_day(text: str) -> None:
    assert parse_date_text(text) == date(2016, 2, 17)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 Agustus 2017", date(2017, 8, 3)),
        ("1 Mei 2019", date(2019, 5, 1)),
        ("25 Desember 2020", date(2020, 12, 25)),
        ("9 Okt 2021", date(2021, 10, 9)),
        ("Senin, 7 Maret 2022", date(2022, 3, 7)),
    ],
)
def test_indonesian_month_names(text: str, expected: date) -> None:
    assert parse_date_text(text) == expected


def test_slash_dates_are_day_first() -> None:
    assert parse_date_text("03/04/2016") == date(2016, 4, 3)


@pytest.mark.parametrize("text", ["31 February 2016", "17 Smarch 2016", "2016-13-01", "32/01/2016", "yesterday"])
def test_impossible_dates_are_refused(text: str) -> None:
    assert parse_date_text(text) is None


def test_find_date_reports_its_position() -> None:
    found = find_date("Vietnam News Agency, 17 February 2016")
    assert found is not None
    assert found.value == date(2016, 2, 17) and found.problem is None
    assert "Vietnam News Agency, 17 February 2016"[found.start : found.end] == "17 February 2016"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Antara, 31 February 2016", "February 2016 has 29 days"),
        ("Antara, 29 Feb 2015", "February 2015 has 28 days"),
        ("Antara, 31/04/2016", "April 2016 has 30 days"),
        (
            "Antara, 12/13/2016",
            "there is no month 13 (months are 1 to 12); slash dates are read day first (DD/MM/YYYY): did you mean 13/12/2016?",
        ),
    ],
)
def test_an_impossible_date_is_found_and_explained(text: str, problem: str) -> None:
    found = find_date(text)
    assert found is not None and found.value is None and found.problem == problem


def test_naive_values_are_in_the_site_timezone() -> None:
    assert to_datetime(date(2016, 2, 17), JAKARTA) == datetime(2016, 2, 17, tzinfo=JAKARTA)
    assert to_datetime("2016-02-17 10:30", JAKARTA) == datetime(2016, 2, 17, 10, 30, tzinfo=JAKARTA)
    assert to_datetime(datetime(2016, 2, 17, 10, 30), JAKARTA) == datetime(2016, 2, 17, 10, 30, tzinfo=JAKARTA)


def test_explicit_offsets_are_kept() -> None:
    value = to_datetime("2016-02-17T10:30:00+09:00", JAKARTA)
    assert value is not None and value.utcoffset() is not None
    assert value.isoformat() == "2016-02-17T10:30:00+09:00"
    assert to_datetime("2016-02-17T03:30Z", JAKARTA) == datetime(2016, 2, 17, 10, 30, tzinfo=JAKARTA)


@pytest.mark.parametrize("value", [5, "17 Feb", "2016-02-30", None, [2016]])
def test_non_dates_give_none(value: object) -> None:
    assert to_datetime(value, JAKARTA) is None


def test_dates_on_pages_come_from_babel_in_the_page_language() -> None:
    when = datetime(2016, 2, 17, tzinfo=JAKARTA)
    assert long_date(when.date(), "en") == "February 17, 2016"
    assert long_date(when.date(), "id") == "17 Februari 2016"
    assert long_date(when.date(), "zz") == "February 17, 2016"  # a language CLDR does not know: English
    assert number(12345.6, "id") == "12.345,6" and number(12345.6, "en") == "12,345.6"


def test_each_date_is_written_as_its_own_offset_reads_it_even_after_the_same_instant_elsewhere() -> None:
    # Aware datetimes of one instant are equal in Python (and hash alike): a cache keyed by them gave the second
    # the day of the first, so the page showed whichever was rendered first.
    jakarta = datetime(2016, 2, 17, 3, 0, tzinfo=JAKARTA)
    utc = jakarta.astimezone(UTC)
    assert utc == jakarta
    assert long_date(jakarta, "en") == "February 17, 2016"
    assert long_date(utc, "en") == "February 16, 2016"
    assert long_date(jakarta, "id") == "17 Februari 2016"
