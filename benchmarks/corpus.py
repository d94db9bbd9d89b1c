"""Write one synthetic news corpus three ways: a cseas-site root, a Pelican project and a Hugo site.

    python benchmarks/corpus.py --count 10000 --seed 1 --out /tmp/corpus

Deterministic: the same count and seed give the same bytes. About 600 words per article, 2-5 tags from
300, 8 categories, 20 sources and 27 years; the three generators are set up alike (10 per page, tag and
category pages, feeds).
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

WORDS = (
    "asean economic cooperation regional security maritime trade investment policy government minister summit "
    "jakarta indonesia vietnam thailand philippines malaysia singapore myanmar cambodia laos brunei japan china "
    "india australia partnership development infrastructure energy climate digital agreement dialogue forum "
    "research scholars workshop diplomacy strategy growth market export import tariff labour migration health "
    "education technology connectivity community integration stability cooperation framework institution "
    "parliament election reform transition agriculture fisheries coast guard navy border dispute negotiation"
).split()
CATEGORIES = ["Analysis", "Economy", "Security", "Diplomacy", "Events", "Environment", "Health", "Publications"]
SOURCES = [f"Agency {chr(65 + i)} News" for i in range(20)]
TAGS = [f"Topic {i:03d}" for i in range(300)]
YEARS = list(range(1999, 2026))  # 27 years


@dataclass(frozen=True)
class Post:
    number: int
    title: str
    slug: str
    date: str  # YYYY-MM-DD HH:MM
    tags: tuple[str, ...]
    category: str
    source: str
    paragraphs: tuple[str, ...]


def make_posts(count: int, seed: int) -> list[Post]:
    rng = random.Random(seed)
    posts = []
    for n in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(5, 9))]
        title = " ".join(words).capitalize() + f" {n}"
        paragraphs = []
        for _ in range(6):
            sentence_words = [rng.choice(WORDS) for _ in range(100)]
            paragraphs.append(" ".join(sentence_words).capitalize() + ".")
        year = YEARS[n % len(YEARS)]
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        posts.append(Post(n, title, f"article-{n:06d}", date, tuple(rng.sample(TAGS, rng.randint(2, 5))),
                          rng.choice(CATEGORIES), rng.choice(SOURCES), tuple(paragraphs)))  # fmt: skip
    return posts


def yaml_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(items) + "]"


def write_cseas(root: Path, posts: list[Post]) -> None:
    content = root / "content"
    content.mkdir(parents=True)
    (content / "site.yaml").write_text(
        "title: Benchmark News\nbase_url: https://bench.example.org/\ntimezone: Asia/Jakarta\nper_page: 10\nfeed_size: 20\n",
        encoding="utf-8",
    )
    for p in posts:
        front = f"title: {p.title}\ndate: {p.date}\nslug: {p.slug}\ntags: {yaml_list(p.tags)}\ncategory: {p.category}\nsource: {p.source}\n"
        (content / f"{p.slug}.md").write_text(f"---\n{front}---\n" + "\n\n".join(p.paragraphs) + "\n", encoding="utf-8")


def write_pelican(root: Path, posts: list[Post]) -> None:
    content = root / "content"
    content.mkdir(parents=True)
    (root / "pelicanconf.py").write_text(
        "SITENAME = 'Benchmark News'\nSITEURL = 'https://bench.example.org'\nPATH = 'content'\nTIMEZONE = 'Asia/Jakarta'\n"
        "DEFAULT_LANG = 'en'\nDEFAULT_PAGINATION = 10\nARTICLE_URL = '{slug}/'\nARTICLE_SAVE_AS = '{slug}/index.html'\n"
        "FEED_ALL_ATOM = 'feeds/all.atom.xml'\nCATEGORY_FEED_ATOM = 'feeds/{slug}.atom.xml'\nTAG_FEED_ATOM = 'feeds/tag-{slug}.atom.xml'\n"
        "FEED_ALL_RSS = 'feeds/all.rss.xml'\nTAG_FEED_RSS = 'feeds/tag-{slug}.rss.xml'\nFEED_MAX_ITEMS = 20\n"
        "RELATIVE_URLS = False\nLOAD_CONTENT_CACHE = True\nCACHE_CONTENT = True\nCACHE_PATH = 'cache'\n",
        encoding="utf-8",
    )
    for p in posts:
        head = f"Title: {p.title}\nDate: {p.date}\nSlug: {p.slug}\nTags: {', '.join(p.tags)}\nCategory: {p.category}\nSource: {p.source}\n"
        (content / f"{p.slug}.md").write_text(head + "\n" + "\n\n".join(p.paragraphs) + "\n", encoding="utf-8")


def write_hugo(root: Path, posts: list[Post]) -> None:
    content = root / "content" / "posts"
    content.mkdir(parents=True)
    (root / "hugo.toml").write_text(
        "baseURL = 'https://bench.example.org/'\ntitle = 'Benchmark News'\ntimeZone = 'Asia/Jakarta'\n"
        "[pagination]\npagerSize = 10\n[taxonomies]\ntag = 'tags'\ncategory = 'categories'\nsource = 'sources'\n"
        "[permalinks]\nposts = '/:slug/'\n[services.rss]\nlimit = 20\n",
        encoding="utf-8",
    )
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    base = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>'
        "<nav><a href=\"/\">Home</a></nav>{{ block \"main\" . }}{{ end }}</body></html>\n"
    )
    (layouts / "baseof.html").write_text(base, encoding="utf-8")
    (layouts / "single.html").write_text(
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2 January 2006" }}</time>'
        "{{ range .Params.tags }}<a href=\"{{ (print \"/tags/\" (urlize .)) }}/\">{{ . }}</a>{{ end }}{{ .Content }}</article>"
        "{{ with .PrevInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}"
        "{{ with .NextInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ end }}\n",
        encoding="utf-8",
    )
    listing = (
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages }}{{ range $p.Pages }}'
        "<article><h2><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>{{ end }}"
        "{{ with $p.Prev }}<a href=\"{{ .URL }}\">prev</a>{{ end }}{{ with $p.Next }}<a href=\"{{ .URL }}\">next</a>{{ end }}{{ end }}\n"
    )
    (layouts / "list.html").write_text(listing, encoding="utf-8")
    home = listing.replace("{{ $p := .Paginate .Pages }}", '{{ $p := .Paginate (where .Site.RegularPages "Type" "posts") }}')
    (layouts / "index.html").write_text(home, encoding="utf-8")
    for p in posts:
        front = f"title: \"{p.title}\"\ndate: {p.date.replace(' ', 'T')}:00+07:00\nslug: {p.slug}\ntags: {yaml_list(p.tags)}\ncategories: [{p.category}]\nsources: [{p.source}]\n"
        (content / f"{p.slug}.md").write_text(f"---\n{front}---\n" + "\n\n".join(p.paragraphs) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    posts = make_posts(args.count, args.seed)
    write_cseas(args.out / "cseas", posts)
    write_pelican(args.out / "pelican", posts)
    write_hugo(args.out / "hugo", posts)
    print(f"wrote {len(posts)} articles to {args.out}/cseas, {args.out}/pelican and {args.out}/hugo")


if __name__ == "__main__":
    main()
