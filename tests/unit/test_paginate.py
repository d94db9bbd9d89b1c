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
