"""What a long-running process keeps of its lists' digests (cache/resident.Resident.run and bundle, used by
output/keys.TaskKeys.list_run and lists_digest): a kept digest is always the one a build without memory
makes, whatever changed between builds."""

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from cseas_site.cache.resident import Resident
from cseas_site.models import Article, ArticleList
from cseas_site.output.keys import TaskKeys, bundle_key

TZ = ZoneInfo("Asia/Jakarta")


def make(slug: str, day: int, **kw: object) -> Article:
    values: dict[str, object] = dict(
        path=f"content/{slug}.md", title=slug, slug=slug, date=datetime(2016, 2, day, tzinfo=TZ),
        body=b"", summary="", lang="en",
    )  # fmt: skip
    values.update(kw)
    return Article(**values)  # type: ignore[arg-type]


def build_keys(memory: Resident, articles: list[Article], images: Callable[[Article], str]) -> TaskKeys:
    """A build's keys as plan_outputs makes them: every article's digest first, then the lists'."""
    memory.next_build()
    keys = TaskKeys("shared", images, None, memory.shown)
    keys.articles(articles)
    keys.last_runs = memory
    return keys


def fresh(articles: list[Article], images: Callable[[Article], str]) -> TaskKeys:
    keys = TaskKeys("shared", images)
    keys.articles(articles)
    return keys


def test_kept_list_and_bundle_digests_are_those_of_a_build_without_memory() -> None:
    a, b, c, d = make("a", 1), make("b", 2), make("c", 3), make("d", 4)
    articles = [a, b, c, d]
    pictures = {"b": "one"}

    def images(article: Article) -> str:
        return pictures.get(article.slug, "")

    japan = ArticleList("tag", "Japan", (d, b), None)
    asean = ArticleList("tag", "ASEAN", (c, a), None)
    bundle = [japan, asean]
    memory = Resident()

    def both(keys: TaskKeys, lists: list[ArticleList]) -> tuple[str, str, str]:
        return (bundle_key(keys, "list bundle", lists, None), bundle_key(keys, "feed bundle", lists, 1),
                keys.list_run(lists[0], 1, 2))  # fmt: skip

    first = both(build_keys(memory, articles, images), bundle)
    assert first == both(fresh(articles, images), bundle)
    assert first == both(build_keys(memory, articles, images), bundle)  # kept: the very same lists

    pictures["b"] = "two"  # the same record shows another picture: every digest of a list holding it changes
    changed = both(build_keys(memory, articles, images), bundle)
    assert changed == both(fresh(articles, images), bundle)
    assert changed[0] != first[0] and changed[1] == first[1]  # the feed bundle shows d alone of Japan ...
    assert changed[2] != first[2]  # ... the run of Japan's second article is b's

    edited = make("d", 4, body=b"<p>new</p>", digest="new")
    articles = [a, b, c, edited]
    renewed = [ArticleList("tag", "Japan", (edited, b), None), asean]  # a new list in the same bundle
    after = both(build_keys(memory, articles, images), renewed)
    assert after == both(fresh(articles, images), renewed)
    assert after[1] != changed[1]
    assert both(build_keys(memory, articles, images), [asean]) == both(fresh(articles, images), [asean])

    # a bundle whose first list is kept and whose second is new is digested again
    both(build_keys(memory, articles, images), [asean, renewed[0]])
    newer = make("d", 4, body=b"<p>newer</p>", digest="newer")
    articles = [a, b, c, newer]
    again = [asean, ArticleList("tag", "Japan", (newer, b), None)]
    assert both(build_keys(memory, articles, images), again) == both(fresh(articles, images), again)


def test_a_new_list_takes_the_runs_that_hold_the_very_same_records() -> None:
    """An edit makes every list holding the edited article again: of a long list's runs, those that do not hold
    it are taken (compared record by record), the one that does is digested again, and every digest is what a
    build without memory makes."""
    articles = [make(f"s{n}", 1 + n % 28) for n in range(12)]
    memory = Resident()
    home = ArticleList("index", None, tuple(articles))
    keys = build_keys(memory, articles, lambda _: "")
    first = [keys.list_run(home, start, start + 4) for start in (0, 4, 8)]
    edited = make("s5", 6, body=b"<p>new</p>", digest="new")
    articles[5] = edited
    home = ArticleList("index", None, tuple(articles))  # a new list: the archive is another
    keys = build_keys(memory, articles, lambda _: "")
    digested: list[int] = []
    real_run = keys.run

    def counted(run: object) -> str:
        digested.append(1)
        return real_run(run)  # type: ignore[arg-type]

    keys.run = counted  # type: ignore[method-assign]
    after = [keys.list_run(home, start, start + 4) for start in (0, 4, 8)]
    assert after == [fresh(articles, lambda _: "").list_run(home, start, start + 4) for start in (0, 4, 8)]
    assert after[0] == first[0] and after[2] == first[2] and after[1] != first[1]
    assert len(digested) == 1  # the run holding the edited article alone


def test_articles_are_the_last_records_where_the_parse_results_are_the_same() -> None:
    """Resident.articles gives the record of each parse result: the very last one for the same result, wherever
    it now is (a file deleted and another added keep the count but move the others), a new one otherwise."""
    from cseas_site.config import parse_config
    from cseas_site.load.markdown_article import parse

    config = parse_config("title: T\nbase_url: https://example.org/\n", "site.yaml")

    def parsed(name: str, text: str = "body") -> object:
        return parse(f"---\ntitle: {name}\ndate: 2016-02-01\n---\n{text}\n", f"content/{name}.md", config)

    first = [parsed(name) for name in "abcd"]
    memory = Resident()
    made = memory.articles(first, None)  # type: ignore[arg-type]
    assert [a.title for a in made] == list("abcd")  # type: ignore[union-attr]
    again = memory.articles(list(first), None)  # type: ignore[arg-type]
    assert all(x is y for x, y in zip(again, made, strict=True))
    moved = [first[0], first[2], first[3], parsed("e")]  # b deleted, e added: c and d move up
    now = memory.articles(moved, None)  # type: ignore[arg-type]
    assert [a.title for a in now] == list("acde")  # type: ignore[union-attr]
    assert now[0] is made[0] and now[1] is made[2] and now[2] is made[3]
    edited = [moved[0], parsed("c", "new body"), moved[2], moved[3]]
    last = memory.articles(edited, None)  # type: ignore[arg-type]
    assert last[1] is not now[1] and last[1].body != now[1].body  # type: ignore[union-attr]
    assert last[0] is now[0] and last[2] is now[2] and last[3] is now[3]


def test_digests_of_the_same_records_are_taken_while_their_images_are_what_they_were() -> None:
    """Resident.digests gives a build the last one's article digests for the very same records, when what
    decides their images (the basis) is the same; when it changed, each is worked out again, and no run of a
    list digested before is taken (the same records may show other images)."""
    a, b, c = make("a", 1), make("b", 2), make("c", 3)
    pictures = {"b": "one"}
    looked: list[str] = []

    def images(article: Article) -> str:
        looked.append(article.slug)
        return pictures.get(article.slug, "")

    memory = Resident()

    def build(articles: list[Article]) -> TaskKeys:
        memory.next_build()
        keys = TaskKeys("shared", images, None, memory.shown)
        memory.digests(keys, tuple(articles), (tuple(sorted(pictures.items())),))
        keys.articles(articles)
        keys.last_runs = memory
        return keys

    home = ArticleList("index", None, (b, a))
    first = build([b, a]).list_run(home)
    looked.clear()
    second = build([b, a, c])
    assert looked == ["c"]  # a and b taken: the same records, the same images
    assert [second.article(x) for x in (a, b, c)] == fresh([a, b, c], images).articles([a, b, c])
    assert second.list_run(home) == first
    pictures["b"] = "two"  # the same records, another picture
    looked.clear()
    third = build([b, a, c])
    assert sorted(looked) == ["a", "b", "c"]
    assert third.list_run(home) == fresh([b, a, c], images).list_run(home) != first


def test_the_digests_of_many_articles_are_worked_out_only_for_those_not_known_yet() -> None:
    """TaskKeys.articles looks every article's digest up at once and works out only the missing ones (after an
    edit: the edited article, among 100,000); the archive's run, asked for again, is given again."""
    asked: list[Article] = []

    class Counting(TaskKeys):
        def article(self, article: Article | None) -> str:
            asked.append(article)  # type: ignore[arg-type]
            return super().article(article)

    articles = tuple(make(f"a{n}", n % 28 + 1, body=f"<p>{n}</p>".encode()) for n in range(1500))
    expected = [TaskKeys("shared").article(a) for a in articles]
    keys = Counting("shared")
    assert keys.articles(articles[:700]) == expected[:700]
    asked.clear()
    found = keys.articles(articles)
    assert found == expected
    assert asked == list(articles[700:])  # the unknown ones alone, in order
    asked.clear()
    assert keys.articles(articles) is found and not asked
    assert keys.articles(list(articles)) == expected and keys.articles(list(articles)) is not found
