"""Pieces of pages kept between builds (cache/pieces.py): a piece comes back only for what it was made from, a
damaged file loses what follows the damage and nothing else, and what workers make reaches the file."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import lz4.block  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cseas_site.cache import pieces as pieces_module
from cseas_site.cache.pieces import Pieces
from cseas_site.workers import parallel_map

PAGES = frozenset({"a/", "b/", "c/"})


def slot(page: str, lang: str = "en") -> str:
    return "\0".join((page, "list.html", lang, "teaser", repr((("show_source", True),))))


def text(page: str, version: str) -> bytes:
    words = " ".join(hashlib.sha256(f"{page} {version} {n}".encode()).hexdigest() for n in range(8))
    return lz4.block.compress(f"<article>{words}</article>".encode())  # type: ignore[no-any-return]


class Made:
    """Makes pieces and records which were made."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __call__(self, page: str, version: str) -> bytes:
        self.calls.append((page, version))
        return text(page, version)


def store(file: Path, budget: int = 1 << 20) -> Pieces:
    """The pieces of a build with many pages to make: it reads the file."""
    pieces = Pieces(file, budget)
    pieces.site(lambda: PAGES)
    pieces.ready()
    return pieces


def use(pieces: Pieces, made: Made, page: str, version: str) -> bytes:
    return pieces.recall(slot(page), f"digest {version}", lambda: made(page, version))


def test_a_piece_is_reused_by_the_next_build_only_while_its_digest_is_the_same(tmp_path: Path) -> None:
    file, made = tmp_path / "pieces", Made()
    first = store(file)
    assert use(first, made, "a/", "1") == text("a/", "1")
    use(first, made, "b/", "1")
    first.save()
    second = store(file)
    assert use(second, made, "a/", "1") == text("a/", "1")  # kept
    assert use(second, made, "b/", "2") == text("b/", "2")  # its article changed: made again
    second.save()
    third = store(file)
    assert use(third, made, "b/", "2") == text("b/", "2")
    assert use(third, made, "b/", "1") == text("b/", "1")  # the slot holds the newest piece only
    assert made.calls == [("a/", "1"), ("b/", "1"), ("b/", "2"), ("b/", "1")]


def test_the_file_is_written_whole_once_most_of_it_is_out_of_date(tmp_path: Path) -> None:
    file, made = tmp_path / "pieces", Made()
    sizes = []
    for version in range(12):  # every build makes the same slots again: the file would grow without end
        pieces = store(file)
        for page in sorted(PAGES):
            use(pieces, made, page, str(version))
        pieces.save()
        sizes.append(file.stat().st_size)
    assert max(sizes) <= 2.2 * sizes[0]
    last = store(file)
    for page in sorted(PAGES):
        use(last, made, page, "11")
    assert made.calls[-1] == ("c/", "11") and len(made.calls) == 36  # nothing made again: all were kept


def test_a_file_written_whole_is_written_a_record_at_a_time_and_read_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file written whole is several records of about RECORD bytes each (never one record of every piece in
    memory at once), and the next build reads every piece from them."""
    monkeypatch.setattr(pieces_module, "RECORD", 300)  # about one piece a record
    file, made = tmp_path / "pieces", Made()
    for version in ("1", "2", "3"):  # the third build finds the file two-thirds out of date and writes it whole
        pieces = store(file)
        for page in sorted(PAGES):
            use(pieces, made, page, version)
        pieces.save()
    data, records, at = file.read_bytes(), 0, 0
    while at < len(data):
        at += pieces_module.LENGTH.size + pieces_module.LENGTH.unpack_from(data, at)[0]
        records += 1
    assert at == len(data) and records == len(PAGES)  # whole: three records of one piece, not nine appended
    last = store(file)
    for page in sorted(PAGES):
        use(last, made, page, "3")
    assert len(made.calls) == 3 * len(PAGES)  # every piece read back: none made again


def test_the_slots_of_articles_the_site_no_longer_has_are_not_read_and_go_when_the_file_is_rewritten(
    tmp_path: Path,
) -> None:
    file, made = tmp_path / "pieces", Made()
    first = store(file)
    for page in sorted(PAGES):
        use(first, made, page, "1")
    first.save()
    gone = Pieces(file)
    gone.site(lambda: {"a/"})  # b/ and c/ were deleted
    gone.ready()
    use(gone, made, "a/", "1")
    gone.save()  # two thirds of the file are of articles gone
    again = store(file)  # they are back, at the same addresses: their pieces were left out
    for page in sorted(PAGES):
        use(again, made, page, "1")
    assert made.calls[3:] == [("b/", "1"), ("c/", "1")]


def test_a_file_cut_short_keeps_the_pieces_before_the_cut_and_is_whole_after_the_next_save(tmp_path: Path) -> None:
    file, made = tmp_path / "pieces", Made()
    first = store(file)
    use(first, made, "a/", "1")
    first.save()
    cut = file.stat().st_size
    second = store(file)
    use(second, made, "b/", "1")
    second.save()
    with open(file, "r+b") as handle:  # a build killed while appending b/'s record
        handle.truncate(cut + (file.stat().st_size - cut) // 2)
    third = store(file)
    use(third, made, "a/", "1")
    use(third, made, "b/", "1")  # lost with the cut: made again
    use(third, made, "c/", "1")
    third.save()
    fourth = store(file)
    for page in sorted(PAGES):
        use(fourth, made, page, "1")
    assert made.calls == [("a/", "1"), ("b/", "1"), ("b/", "1"), ("c/", "1")]


@settings(max_examples=50)
@given(st.binary(max_size=300))
def test_a_foreign_or_damaged_file_is_read_as_no_pieces_and_replaced(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        file, made = Path(folder) / "pieces", Made()
        file.write_bytes(data)
        pieces = store(file)
        use(pieces, made, "a/", "1")
        pieces.save()
        again = store(file)
        use(again, made, "a/", "1")
        assert made.calls == [("a/", "1")]


def test_pieces_past_the_budget_are_made_but_not_kept(tmp_path: Path) -> None:
    file, made = tmp_path / "pieces", Made()
    size = len(text("a/", "1"))
    budget = 2 * (size + 100)  # room for two pieces with their slots and digests, not three
    first = store(file, budget)
    for page in sorted(PAGES):
        assert use(first, made, page, "1") == text(page, "1")
    first.save()
    assert size * 2 < file.stat().st_size < size * 3
    second = store(file, budget)
    for page in sorted(PAGES):
        use(second, made, page, "1")
    assert made.calls == [("a/", "1"), ("b/", "1"), ("c/", "1"), ("c/", "1")]


def test_a_build_that_does_not_read_the_file_still_adds_what_it_makes(tmp_path: Path) -> None:
    file, made = tmp_path / "pieces", Made()
    first = store(file)
    use(first, made, "a/", "1")
    first.save()
    edit = Pieces(file)  # an edit: a few pages, the file not read
    edit.site(lambda: PAGES)
    use(edit, made, "a/", "1")  # made, not looked up
    use(edit, made, "b/", "1")
    edit.save()
    last = store(file)
    use(last, made, "a/", "1")
    use(last, made, "b/", "1")
    assert made.calls == [("a/", "1"), ("a/", "1"), ("b/", "1")]


def test_without_a_file_nothing_is_kept(tmp_path: Path) -> None:
    made = Made()
    for _ in range(2):
        pieces = Pieces(None)
        use(pieces, made, "a/", "1")
        pieces.save()
    assert made.calls == [("a/", "1"), ("a/", "1")]
    assert list(tmp_path.iterdir()) == []


def test_what_forked_workers_make_reaches_the_file_and_what_the_build_read_reaches_them(tmp_path: Path) -> None:
    file, made = tmp_path / "pieces", Made()
    first = store(file)
    use(first, made, "a/", "1")
    first.save()
    pages = [f"p{number}/" for number in range(40)]
    second = Pieces(file)
    second.site(lambda: {"a/", *pages})
    second.ready()  # before the workers are forked

    def work(index: int) -> tuple[int, bool]:
        calls = len(made.calls)  # a worker's own copy of the maker: what it made in this process
        use(second, made, "a/" if index % 2 else pages[index], "1")
        return os.getpid(), len(made.calls) > calls

    results = parallel_map(work, len(pages), 2, "pieces", 1, second)
    assert {pid for pid, _ in results} != {os.getpid()}  # made in workers
    assert [fresh for _, fresh in results] == [index % 2 == 0 for index in range(len(pages))]  # a/ came from the file
    second.save()
    third = Pieces(file)
    third.site(lambda: {"a/", *pages})
    third.ready()
    for page in ["a/", *pages[::2]]:
        use(third, made, page, "1")
    assert made.calls == [("a/", "1")]  # this process made only the first; the workers' pieces were all kept


def test_pieces_made_under_another_page_key_are_left_unread_and_go_when_the_file_is_written_whole(
    tmp_path: Path,
) -> None:
    """A piece's digest starts with its page template's key (what every page shares, the template and what it
    reads). A build whose key for that template is another (the template was edited) leaves those pieces
    unread, and writes the file whole without them; a build under the same key reuses them."""
    file, made = tmp_path / "pieces", Made()

    def build(key: str) -> Pieces:
        pieces = Pieces(file)
        pieces.site(lambda: PAGES)
        pieces.made_under(lambda template: key if template == "list.html" else "other")
        pieces.ready()
        return pieces

    def recall(pieces: Pieces, page: str, key: str) -> bytes:
        return pieces.recall(slot(page), f"{key}1", lambda: made(page, key))

    first = build("K1")
    for page in sorted(PAGES):
        recall(first, page, "K1")
    first.save()
    full = file.stat().st_size
    again = build("K1")
    assert recall(again, "a/", "K1") == text("a/", "K1") and len(made.calls) == 3  # the same key: reused
    again.save()
    edited = build("K2")  # list.html edited: its pieces are left unread, even asked for with their old digest
    assert recall(edited, "a/", "K1") == text("a/", "K1") and len(made.calls) == 4
    edited.save()
    assert file.stat().st_size < full / 2  # written whole without what no build under K2 can use
    last = build("K1")
    recall(last, "b/", "K1")
    assert made.calls[-1] == ("b/", "K1") and len(made.calls) == 5  # gone from the file


def piece_size(page: str) -> int:
    """What one piece of ``use`` takes of the budget (cache/pieces._size)."""
    return len(slot(page)) + len(b"digest 1\0") + len(text(page, "1")) + 10


def test_the_builds_own_process_adds_its_pieces_to_the_file_a_third_of_the_budget_at_a_time(tmp_path: Path) -> None:
    """A build made in one process does not hold every piece it makes until it saves: past a third of the
    budget, what it holds goes into the file; every piece that fits in the budget is kept all the same."""
    file, made = tmp_path / "pieces", Made()
    pages = [f"p{number:02d}/" for number in range(9)]
    first = Pieces(file, budget=10 * piece_size("p00/"))
    first.site(lambda: pages)
    first.ready()
    for page in pages:
        use(first, made, page, "1")
    assert file.stat().st_size > 0  # added before the build saved
    first.save()
    second = Pieces(file, budget=10 * piece_size("p00/"))
    second.site(lambda: pages)
    second.ready()
    for page in pages:
        use(second, made, page, "1")
    assert len(made.calls) == len(pages)  # every one kept


def test_workers_hand_over_a_third_of_the_budget_a_run_and_no_more_than_the_file_has_room_for(tmp_path: Path) -> None:
    """Each forked worker hands its pieces over after each run of tasks: it holds no more than a third of the
    budget meanwhile, and stops keeping any once it has made what the file had room for when it was forked (a
    100,000-article site's teasers are many times the budget: they are made, not all handed over)."""
    handed: list[int] = []

    class Counting(Pieces):
        def give(self, taken: dict[str, bytes]) -> None:
            handed.append(len(taken))
            super().give(taken)

    file, made = tmp_path / "pieces", Made()
    pages = [f"p{number:03d}/" for number in range(256)]  # 4 to a run: 2 workers, 32 runs each
    pieces = Counting(file, budget=3 * piece_size("p000/") + 10)  # a third: one piece
    pieces.site(lambda: pages)
    pieces.ready()
    results = parallel_map(lambda index: use(pieces, made, pages[index], "1"), len(pages), 2, "pieces", 1, pieces)
    assert results == [text(page, "1") for page in pages]
    assert max(handed) == 1 and sum(handed) <= 2 * 3  # one a run, three a worker at most
    pieces.save()
    kept = Pieces(file)
    kept.site(lambda: pages)
    kept.ready()
    assert sum(use(kept, made, page, "1") == text(page, "1") for page in pages) == len(pages)
    assert len(made.calls) == len(pages) - 3  # the file's three were reused (this process made the rest again)


def test_a_store_that_can_neither_give_nor_keep_is_not_asked(tmp_path: Path) -> None:
    """Once a process has made what the file had room for, and read nothing from it, no recall can help: the
    teasers of a site many times the budget are made without their slots and digests being worked out."""
    file, made = tmp_path / "pieces", Made()
    first = Pieces(file, budget=piece_size("a/") + 5)  # room for one
    first.site(lambda: PAGES)
    first.ready()
    assert first.wanted()
    use(first, made, "a/", "1")
    assert first.wanted()
    use(first, made, "b/", "1")  # made, and past the room
    assert not first.wanted()  # its room is used, and it read nothing
    first.save()
    second = Pieces(file, budget=piece_size("a/") + 5)
    second.site(lambda: PAGES)
    second.ready()
    assert second.wanted()  # the file is full, but it holds a piece to give
    assert use(second, made, "a/", "1") == text("a/", "1") and made.calls == [("a/", "1"), ("b/", "1")]


def test_a_resident_process_holds_what_its_last_build_left_in_the_file_unless_another_wrote_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve` and the build daemon build again and again: what a build read and added is held for the next,
    which reads the file again only when another process wrote to it or a template's key changed. What is
    held is what the file would give: the same pieces come back, and a piece another build added is seen."""
    file, made = tmp_path / "pieces", Made()
    reads: list[int] = []
    real_read = Pieces._read

    def counted(self: Pieces) -> dict[str, bytes]:
        reads.append(1)
        return real_read(self)

    monkeypatch.setattr(Pieces, "_read", counted)

    def build(key: str = "K") -> Pieces:
        pieces = Pieces(file, held=True)
        pieces.site(lambda: PAGES)
        pieces.made_under(lambda template: key)
        return pieces

    def recall(pieces: Pieces, page: str, key: str = "K") -> bytes:
        return pieces.recall(slot(page), f"{key}1", lambda: made(page, key))

    first = build()
    first.ready()
    recall(first, "a/")
    first.save()
    assert len(reads) == 1
    edit = build()  # an edit: few pages, the file not read; what it makes is added to what is held
    recall(edit, "b/")
    edit.save()
    second = build()
    second.ready()
    assert recall(second, "a/") == text("a/", "K") and recall(second, "b/") == text("b/", "K")
    assert len(reads) == 1 and len(made.calls) == 2  # both held: the file was not read again
    second.save()
    other = Pieces(file)  # another process's build adds a piece to the file
    other.site(lambda: PAGES)
    other.made_under(lambda template: "K")
    other.ready()
    recall(other, "c/")
    other.save()
    third = build()
    third.ready()
    assert len(reads) == 3  # (the other build read it once) the file changed: read again
    assert recall(third, "c/") == text("c/", "K") and len(made.calls) == 3  # what the other build added
    third.save()
    edited = build("K2")  # a template edited: what is held was made under another key
    edited.ready()
    assert len(reads) == 4
    recall(edited, "a/", "K2")
    assert made.calls[-1] == ("a/", "K2")
