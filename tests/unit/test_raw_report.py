from datetime import date

import pytest

from cseas_site.config import Config
from cseas_site.load.loader import read_text
from cseas_site.load.raw_report import parse, parse_dateline

CONFIG = Config(title="CSEAS Indonesia", timezone="Asia/Jakarta", leftovers=("Print this article",))

REPORT = """CSEAS Indonesia

Prospects of ASEAN-Japan Cooperation Under Spotlight


Vietnam News Agency, 17 February 2016 – The prospects for cooperation were the focus of a workshop.

Nearly 150 scholars took part in the event.

Leave a Comment

Your email address will not be published. Required fields are marked *none
none
"""


def paragraphs(html: str) -> list[str]:
    return [p.split("</p>")[0] for p in html.split("<p>")[1:]]


def test_seed_layout_gives_title_source_date_and_clean_body() -> None:
    parsed = parse(REPORT, "r.txt", CONFIG)
    assert parsed.title == "Prospects of ASEAN-Japan Cooperation Under Spotlight"
    assert parsed.sources == ("Vietnam News Agency",)
    assert parsed.date is not None and parsed.date.date() == date(2016, 2, 17)
    assert parsed.date.isoformat() == "2016-02-17T00:00:00+07:00"
    assert paragraphs(parsed.body_html) == [
        "The prospects for cooperation were the focus of a workshop.",
        "Nearly 150 scholars took part in the event.",
    ]
    assert "Leave a" not in parsed.body_html and "email" not in parsed.body_html
    assert parsed.problems == ()


@pytest.mark.parametrize(
    ("line", "source", "day", "rest"),
    [
        (
            "Vietnam News Agency, 17 February 2016 – The prospects",
            "Vietnam News Agency",
            date(2016, 2, 17),
            "The prospects",
        ),
        (
            "Vietnam News Agency, 17 February 2016 — The prospects",
            "Vietnam News Agency",
            date(2016, 2, 17),
            "The prospects",
        ),
        (
            "Vietnam News Agency, 17 February 2016—The prospects",
            "Vietnam News Agency",
            date(2016, 2, 17),
            "The prospects",
        ),
        (
            "Vietnam News Agency, 17 February 2016 - The prospects",
            "Vietnam News Agency",
            date(2016, 2, 17),
            "The prospects",
        ),
        (
            "Vietnam News Agency, 17 February 2016: The prospects",
            "Vietnam News Agency",
            date(2016, 2, 17),
            "The prospects",
        ),
        ("Reuters, February 17, 2016 – ASEAN-Japan ties", "Reuters", date(2016, 2, 17), "ASEAN-Japan ties"),
        ("Xinhua, 2016-02-17 — ASEAN-Japan ties", "Xinhua", date(2016, 2, 17), "ASEAN-Japan ties"),
        ("Kompas, 17/02/2016 - Para peneliti", "Kompas", date(2016, 2, 17), "Para peneliti"),
        (
            "The Jakarta Post, Wednesday, February 17, 2016: Officers met",
            "The Jakarta Post",
            date(2016, 2, 17),
            "Officers met",
        ),
        ("Antara, Rabu, 17 Februari 2016 - Para peneliti", "Antara", date(2016, 2, 17), "Para peneliti"),
        ("JAKARTA, 17 February 2016 (Antara) - Scholars met", "Antara", date(2016, 2, 17), "Scholars met"),
    ],
)
def test_dateline_forms(line: str, source: str, day: date, rest: str) -> None:
    dateline = parse_dateline(line)
    assert dateline is not None
    assert (dateline.source, dateline.date, dateline.rest) == (source, day, rest)


def test_city_with_agency_in_brackets() -> None:
    dateline = parse_dateline("JAKARTA (Antara) - Indonesia will host the meeting.")
    assert dateline is not None
    assert (dateline.source, dateline.city, dateline.date) == ("Antara", "JAKARTA", None)
    assert dateline.rest == "Indonesia will host the meeting."


def test_hyphenated_words_are_not_separators() -> None:
    assert parse_dateline("ASEAN-Japan cooperation is growing, said the speakers.") is None


def test_a_paragraph_without_dateline_is_not_taken_for_one() -> None:
    assert parse_dateline("The workshop: a summary of what was said.") is None


def test_bom_and_crlf_are_handled(tmp_path) -> None:  # type: ignore[no-untyped-def]
    file = tmp_path / "r.txt"
    file.write_bytes(b"\xef\xbb\xbf" + REPORT.replace("\n", "\r\n").encode("utf-8"))
    text, problem = read_text(file, "r.txt")
    assert problem is None
    parsed = parse(text, "r.txt", CONFIG)
    assert parsed.title == "Prospects of ASEAN-Japan Cooperation Under Spotlight"
    assert parsed.date is not None and parsed.date.date() == date(2016, 2, 17)
    assert len(paragraphs(parsed.body_html)) == 2


@pytest.mark.parametrize("leftover", ["Leave a Reply", "Share this:", "Related posts", "Print this article"])
def test_trailing_cms_leftovers_are_dropped(leftover: str) -> None:
    text = f"Title\n\nAntara, 2 March 2019 - First paragraph.\n\nSecond paragraph.\n\n{leftover}\n\nFacebook\n"
    parsed = parse(text, "r.txt", CONFIG)
    assert paragraphs(parsed.body_html) == ["First paragraph.", "Second paragraph."]


def test_front_matter_overrides_what_was_parsed() -> None:
    text = "---\ndate: 2016-02-18\ntags: [Japan, ASEAN]\nsource: Antara\n---\n" + REPORT
    parsed = parse(text, "r.txt", CONFIG)
    assert parsed.date is not None and parsed.date.date() == date(2016, 2, 18)
    assert parsed.sources == ("Antara",)
    assert parsed.tags == ("Japan", "ASEAN")
    assert parsed.title == "Prospects of ASEAN-Japan Cooperation Under Spotlight"


def test_missing_date_is_an_error_that_says_how_to_add_one() -> None:
    text = "CSEAS Indonesia\n\nA Title\n\nJAKARTA (Antara) - Something happened.\n"
    parsed = parse(text, "r.txt", CONFIG)
    assert parsed.article() is None
    assert parsed.sources == ("Antara",)
    [problem] = parsed.problems
    assert problem.line == 5
    assert "dateline" in problem.message and "date: YYYY-MM-DD" in problem.message


def test_html_in_raw_text_is_escaped() -> None:
    text = "T\n\nAntara, 2 March 2019 - <script>alert(1)</script> & more.\n"
    parsed = parse(text, "r.txt", CONFIG)
    assert "<script>" not in parsed.body_html
    assert "&lt;script&gt;" in parsed.body_html


def test_language_is_detected_for_indonesian_reports() -> None:
    text = (
        "Judul\n\nAntara, 2 Maret 2019 - Para peneliti dari berbagai negara telah hadir dalam diskusi yang "
        "diadakan di Jakarta untuk membahas kerja sama ekonomi dan keamanan di kawasan ini.\n"
    )
    assert parse(text, "r.txt", CONFIG).lang == "id"
