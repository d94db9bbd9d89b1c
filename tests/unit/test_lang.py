from cseas_site.load.lang import detect_language

EN = "The prospects for the cooperation between the two sides were the focus of a workshop that was held in Jakarta."
ID = "Para peneliti dari berbagai negara telah hadir dalam diskusi yang diadakan di Jakarta untuk membahas kerja sama."


def test_english_and_indonesian_are_told_apart() -> None:
    assert detect_language(EN, "id") == "en"
    assert detect_language(ID, "en") == "id"


def test_too_little_text_falls_back_to_the_default() -> None:
    assert detect_language("ASEAN Japan", "id") == "id"
    assert detect_language("", "en") == "en"
