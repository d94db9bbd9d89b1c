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
