from cseas_site.archive.paginate import paginate
from cseas_site.models import Article


def test_pages_split_and_link_each_other() -> None:
    items = tuple(range(5))
    pages = paginate(items, 2, lambda n: "/" if n == 1 else f"/page/{n}/")  # type: ignore[arg-type]
    assert [list(chunk) for chunk, _ in pages] == [[0, 1], [2, 3], [4]]
    first, middle, last = (pager for _, pager in pages)
    assert (first.prev_url, first.next_url, first.url) == (None, "/page/2/", "/")
    assert (middle.prev_url, middle.next_url) == ("/", "/page/3/")
    assert (last.next_url, last.total, last.number) == (None, 3, 3)


def test_empty_list_still_has_one_page() -> None:
    empty: tuple[Article, ...] = ()
    [(chunk, pager)] = paginate(empty, 10, lambda n: f"/{n}/")
    assert chunk == () and pager.total == 1 and pager.next_url is None


def test_long_lists_show_a_window_of_page_numbers() -> None:
    items = tuple(range(100))
    pages = paginate(items, 2, lambda n: f"/p{n}/")  # type: ignore[arg-type]
    middle = pages[24][1]  # page 25 of 50
    assert [link[0] if link else None for link in middle.window()] == [1, None, 23, 24, 25, 26, 27, None, 50]
    assert [link[0] if link else None for link in pages[0][1].window()] == [1, 2, 3, None, 50]
    assert pages[1][1].window()[0] == (1, "/p1/")


def fixed_pages(count: int, per_page: int) -> list[tuple[list[int], int]]:
    """The pages of a list of articles numbered count (the newest) down to 1, as (articles, page number)."""
    items = tuple(range(count, 0, -1))  # newest first
    pages = paginate(items, per_page, lambda n: f"/p{n}/", fixed=True)  # type: ignore[arg-type]
    return [(list(chunk), pager.number) for chunk, pager in pages]


def test_fixed_pages_keep_their_articles_as_the_list_grows() -> None:
    """With fixed pages, page n holds the n-th run of per_page articles from the oldest, whatever comes after;
    the front page (numbered last) holds the newest rest: per_page to 2 * per_page - 1 of them."""
    assert fixed_pages(7, 2) == [([7, 6, 5], 3), ([4, 3], 2), ([2, 1], 1)]
    assert fixed_pages(8, 2) == [([8, 7], 4), ([6, 5], 3), ([4, 3], 2), ([2, 1], 1)]
    assert fixed_pages(9, 2) == [([9, 8, 7], 4), ([6, 5], 3), ([4, 3], 2), ([2, 1], 1)]
    assert fixed_pages(1, 2) == [([1], 1)] and fixed_pages(3, 2) == [([3, 2, 1], 1)]
    assert fixed_pages(0, 2) == [([], 1)]
    for count in range(1, 60):  # every article on exactly one page; a numbered page's articles never change
        pages = fixed_pages(count, 3)
        assert sorted(a for chunk, _ in pages for a in chunk) == list(range(1, count + 1))
        for chunk, number in pages[1:]:
            assert chunk == list(range(number * 3, number * 3 - 3, -1))
        assert 3 <= len(pages[0][0]) <= 5 or count < 3


def test_fixed_pages_link_newer_to_the_front_and_older_down_to_page_one() -> None:
    items = tuple(range(40))
    pages = paginate(items, 2, lambda n: f"/p{n}/", fixed=True)  # type: ignore[arg-type]
    front, below, *_, middle = (pager for _, pager in pages[:11])
    assert (front.number, front.total, front.front, front.stable) == (20, 20, True, False)
    assert (front.prev_url, front.next_url) == (None, "/p19/")
    assert (below.prev_url, below.next_url, below.stable) == ("/p20/", "/p18/", True)
    assert middle.number == 10 and (middle.prev_url, middle.next_url) == ("/p11/", "/p9/")
    # newest first; a page that keeps its articles leaves out the front page's number, which grows
    assert [link[0] if link else None for link in middle.window()] == [12, 11, 10, 9, 8, None, 1]
    assert [link[0] if link else None for link in below.window()] == [19, 18, 17, None, 1]
    assert [link[0] if link else None for link in front.window()] == [20, 19, 18, None, 1]
    last = pages[-1][1]
    assert (last.number, last.next_url, last.prev_url) == (1, None, "/p2/")


def test_some_pages_of_a_list_are_the_same_as_those_pages_of_all_of_it() -> None:
    """An edit plans again a group of pages of a long list: each of them, worked out alone, is what it is among
    all the list's pages (articles, number, total, links), in both numberings, at every cut."""
    for fixed in (False, True):
        for count in (0, 1, 2, 3, 7, 8, 9, 40):
            items = tuple(range(count))
            whole = paginate(items, 3, lambda n: f"/p{n}/", fixed=fixed)  # type: ignore[arg-type]
            for first in range(len(whole) + 1):
                for last in (None, *range(first, len(whole) + 2)):
                    part = paginate(items, 3, lambda n: f"/p{n}/", fixed=fixed, first=first, last=last)  # type: ignore[arg-type]
                    assert [(chunk, pager.number, pager.total) for chunk, pager in part] == [
                        (chunk, pager.number, pager.total) for chunk, pager in whole[first:last]
                    ]
                    for (_, mine), (_, theirs) in zip(part, whole[first:last], strict=True):
                        assert (mine.prev_url, mine.next_url, mine.url, mine.window()) == (
                            theirs.prev_url, theirs.next_url, theirs.url, theirs.window()
                        )  # fmt: skip


def test_a_page_works_out_only_the_links_it_shows() -> None:
    asked: list[int] = []

    def url_of(n: int) -> str:
        asked.append(n)
        return f"/p{n}/"

    [(chunk, pager)] = paginate(tuple(range(10_000)), 10, url_of, first=499, last=500)  # type: ignore[arg-type]
    assert chunk == tuple(range(4990, 5000)) and (pager.number, pager.total) == (500, 1000)
    assert [link[0] if link else None for link in pager.window()] == [1, None, 498, 499, 500, 501, 502, None, 1000]
    assert (pager.prev_url, pager.next_url) == ("/p499/", "/p501/")
    assert sorted(set(asked)) == [1, 498, 499, 500, 501, 502, 1000]
    assert len(pager.urls) == 1000 and pager.urls[-1] == "/p1000/" and list(pager.urls[:2]) == ["/p1/", "/p2/"]
