"""Write one synthetic news corpus three ways: a cseas-site root, a Pelican project and a Hugo site.

    python benchmarks/corpus.py --kind news --count 10000 --seed 1 --out /work/bench/news10k
    python benchmarks/corpus.py --kind plain --count 10000 --seed 1 --out /work/bench/plain10k

Deterministic: the same kind, count and seed give the same bytes. The three generators are set up alike
(10 per page, tag, category and source pages, feeds; Hugo and Pelican also get author pages, as cseas-site
makes them). Two kinds:

- ``news`` (the default) looks like a real archive: about 600 words per article with links (to other sites
  and to other articles) and emphasis in most paragraphs; some articles have sub-headings, lists, block
  quotes, tables, footnotes or an image (another site's, so that no tool resizes it); 1-6 tags drawn from a
  long-tailed (Zipf) distribution over 3,000 tags; 12 categories; 40 sources and 80 authors, also
  long-tailed; 30% of the articles are in Indonesian (``lang: id``); recent years hold more articles.
- ``plain`` is the first corpus (kept so that older results stay comparable): six paragraphs of 100 words
  without markup, 2-5 tags from 300 drawn evenly, 8 categories, 20 sources, 27 years alike.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

WORDS = ["asean", "economic", "cooperation", "regional", "security", "maritime", "trade", "investment", "policy", "government", "minister", "summit", "jakarta", "indonesia", "vietnam", "thailand", "philippines", "malaysia", "singapore", "myanmar", "cambodia", "laos", "brunei", "japan", "china", "india", "australia", "partnership", "development", "infrastructure", "energy", "climate", "digital", "agreement", "dialogue", "forum", "research", "scholars", "workshop", "diplomacy", "strategy", "growth", "market", "export", "import", "tariff", "labour", "migration", "health", "education", "technology", "connectivity", "community", "integration", "stability", "cooperation", "framework", "institution", "parliament", "election", "reform", "transition", "agriculture", "fisheries", "coast", "guard", "navy", "border", "dispute", "negotiation"]
CATEGORIES = ["Analysis", "Economy", "Security", "Diplomacy", "Events", "Environment", "Health", "Publications"]
SOURCES = [f"Agency {chr(65 + i)} News" for i in range(20)]
TAGS = [f"Topic {i:03d}" for i in range(300)]
YEARS = list(range(1999, 2026))  # 27 years


KATA = ["kerja", "sama", "ekonomi", "regional", "keamanan", "maritim", "perdagangan", "investasi", "kebijakan", "pemerintah", "menteri", "pertemuan", "puncak", "jakarta", "indonesia", "vietnam", "thailand", "filipina", "malaysia", "singapura", "myanmar", "kamboja", "laos", "brunei", "jepang", "tiongkok", "india", "australia", "kemitraan", "pembangunan", "infrastruktur", "energi", "iklim", "digital", "perjanjian", "dialog", "forum", "penelitian", "peneliti", "lokakarya", "diplomasi", "strategi", "pertumbuhan", "pasar", "ekspor", "impor", "tarif", "tenaga", "kerja", "migrasi", "kesehatan", "pendidikan", "teknologi", "konektivitas", "masyarakat", "integrasi", "stabilitas", "kerangka", "lembaga", "parlemen", "pemilihan", "reformasi", "transisi", "pertanian", "perikanan", "pantai", "angkatan", "laut", "perbatasan", "sengketa", "perundingan", "yang", "dan", "di", "dengan", "untuk", "dari", "pada", "dalam", "akan", "telah", "juga"]
NEWS_CATEGORIES = [*CATEGORIES, "Politics", "Society", "Technology", "Opinion"]
SITES = ["www.reuters.example", "en.antaranews.example", "vietnamnews.example", "www.thejakartapost.example",
         "asean.example.org", "www.straitstimes.example", "kompas.example.id", "tempo.example.co"]  # fmt: skip
FIRST = ["Adi", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hadi", "Indah", "Joko", "Kartika", "Lestari", "Made", "Nur", "Putri", "Rizal", "Sari", "Taufik", "Wulan", "Yusuf"]
LAST = ["Wibowo", "Santoso", "Hartono", "Pratama", "Sihombing", "Nasution", "Siregar", "Gunawan", "Halim", "Kusuma", "Nugroho", "Rahman", "Saputra", "Tanjung"]


@dataclass(frozen=True)
class Post:
    number: int
    title: str
    slug: str
    date: str  # YYYY-MM-DD HH:MM
    tags: tuple[str, ...]
    category: str
    source: str
    paragraphs: tuple[str, ...]  # Markdown blocks
    authors: tuple[str, ...] = ()
    lang: str = ""  # "" (not stated: the plain corpus) or "en" / "id"


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


def zipf(rng: random.Random, items: list[str], exponent: float = 1.1) -> str:
    """One item, the first ones far more often than the last (rank r has weight 1 / r**exponent)."""
    weights = _weights(len(items), exponent)
    return rng.choices(items, cum_weights=weights)[0]


_CUMULATIVE: dict[tuple[int, float], list[float]] = {}


def _weights(count: int, exponent: float) -> list[float]:
    if (count, exponent) not in _CUMULATIVE:
        total, cumulative = 0.0, []
        for rank in range(1, count + 1):
            total += 1 / rank**exponent
            cumulative.append(total)
        _CUMULATIVE[count, exponent] = cumulative
    return _CUMULATIVE[count, exponent]


def _phrase(rng: random.Random, words: list[str], count: int) -> str:
    return " ".join(rng.choice(words) for _ in range(count))


def _inline(rng: random.Random, words: list[str], count: int, total: int) -> str:
    """A paragraph of about ``count`` words with links (other sites, other articles) and emphasis."""
    out: list[str] = []
    while len(out) < count:
        roll = rng.random()
        if roll < 0.035:
            site = rng.choice(SITES)
            out.append(
                f"[{_phrase(rng, words, rng.randint(1, 4))}](https://{site}/news/{rng.randint(1, 10**6)}/{rng.choice(words)}-{rng.choice(words)})"
            )
        elif roll < 0.05:
            out.append(f"[{_phrase(rng, words, rng.randint(2, 4))}](/article-{rng.randrange(total):06d}/)")
        elif roll < 0.065:
            out.append(f"*{_phrase(rng, words, rng.randint(1, 3))}*")
        elif roll < 0.072:
            out.append(f"**{_phrase(rng, words, rng.randint(1, 3))}**")
        else:
            out.append(rng.choice(words))
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def news_body(rng: random.Random, words: list[str], total: int, source: str) -> tuple[str, ...]:
    """The Markdown blocks of one article of about 600 words."""
    blocks = [f"JAKARTA ({source}) – " + _inline(rng, words, rng.randint(45, 70), total)]
    paragraphs = rng.randint(6, 9)
    extras = {
        "heading": rng.random() < 0.35, "list": rng.random() < 0.25, "quote": rng.random() < 0.2,
        "table": rng.random() < 0.08, "footnotes": rng.random() < 0.12, "image": rng.random() < 0.15,
    }  # fmt: skip
    notes = 0
    for n in range(paragraphs):
        paragraph = _inline(rng, words, rng.randint(60, 85), total)
        if extras["footnotes"] and n % 3 == 1:
            notes += 1
            paragraph += f"[^{notes}]"
        blocks.append(paragraph)
        if n == 1 and extras["image"]:
            blocks.append(
                f"![{_phrase(rng, words, 4)}](https://images.example.org/{rng.randint(2000, 2026)}/photo-{rng.randint(1, 10**5)}.jpg)"
            )
        if n == 2 and extras["heading"]:
            blocks.append("## " + _phrase(rng, words, rng.randint(3, 6)).capitalize())
        if n == 3 and extras["quote"]:
            blocks.append("> " + _inline(rng, words, rng.randint(25, 40), total))
        if n == 4 and extras["list"]:
            marker = "1." if rng.random() < 0.3 else "-"
            blocks.append(
                "\n".join(
                    f"{marker} {_inline(rng, words, rng.randint(5, 12), total)}" for _ in range(rng.randint(3, 6))
                )
            )
        if n == 5 and extras["table"]:
            rows = ["| Country | Value | Change |", "|---|---:|---:|"]
            rows += [
                f"| {rng.choice(words).capitalize()} | {rng.randint(10, 9999)} | {rng.uniform(-9, 9):.1f}% |"
                for _ in range(rng.randint(3, 6))
            ]
            blocks.append("\n".join(rows))
    blocks += [f"[^{k}]: {_inline(rng, words, rng.randint(6, 14), total)}" for k in range(1, notes + 1)]
    return tuple(blocks)


def make_news(count: int, seed: int) -> list[Post]:
    rng = random.Random(seed)
    tag_words = rng.sample(WORDS, len(WORDS))
    tags: list[str] = []
    seen: set[str] = set()
    while len(tags) < 3000:  # names of 1-3 words, the first (most used) ones short
        name = " ".join(
            rng.choice(tag_words) for _ in range(1 if len(tags) < 40 else 2 if len(tags) < 1500 else 3)
        ).title()
        if name.casefold() not in seen:
            seen.add(name.casefold())
            tags.append(name)
    sources = ["Antara", "Vietnam News Agency", "Reuters", "Kompas", "The Jakarta Post", "Tempo", "Xinhua",
               "Bernama", "CSEAS"] + [f"Agency {i} News" for i in range(31)]  # fmt: skip
    authors = [f"{FIRST[i % len(FIRST)]} {LAST[i * 7 % len(LAST)]}" + (f" {i}" if i >= 60 else "") for i in range(80)]
    years = list(range(1999, 2026))
    year_weights = [1 + i * i / 20 for i in range(len(years))]  # recent years hold more
    posts = []
    for n in range(count):
        lang = "id" if rng.random() < 0.3 else "en"
        words = KATA if lang == "id" else WORDS
        source = zipf(rng, sources, 1.0)
        title = _phrase(rng, words, rng.randint(5, 10)).capitalize() + f" {n}"
        year = rng.choices(years, weights=year_weights)[0]
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        picked = list(dict.fromkeys(zipf(rng, tags) for _ in range(rng.randint(1, 6))))
        writers = tuple(dict.fromkeys(zipf(rng, authors, 0.9) for _ in range(rng.choice((0, 1, 1, 1, 2)))))
        posts.append(Post(n, title, f"article-{n:06d}", date, tuple(picked), rng.choice(NEWS_CATEGORIES), source,
                          news_body(rng, words, count, source), writers, lang))  # fmt: skip
    return posts


def yaml_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(items) + "]"


def write_cseas(root: Path, posts: list[Post]) -> None:
    content = root / "content"
    content.mkdir(parents=True)
    (content / "site.yaml").write_text(
        "title: Benchmark News\nbase_url: https://bench.example.org/\ntimezone: Asia/Jakarta\nper_page: 10\nfeed_size: 20\n"
        # Hugo and Pelican draw no share cards; what cards cost is measured on its own (RESULTS.md)
        "share_cards: false\n",
        encoding="utf-8",
    )
    for p in posts:
        front = f"title: {p.title}\ndate: {p.date}\nslug: {p.slug}\ntags: {yaml_list(p.tags)}\ncategory: {p.category}\nsource: {p.source}\n"
        front += (f"author: {yaml_list(p.authors)}\n" if p.authors else "") + (f"lang: {p.lang}\n" if p.lang else "")
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
        head += (f"Authors: {', '.join(p.authors)}\n" if p.authors else "") + (f"Lang: {p.lang}\n" if p.lang else "")
        (content / f"{p.slug}.md").write_text(head + "\n" + "\n\n".join(p.paragraphs) + "\n", encoding="utf-8")


def write_hugo(root: Path, posts: list[Post]) -> None:
    content = root / "content" / "posts"
    content.mkdir(parents=True)
    (root / "hugo.toml").write_text(
        "baseURL = 'https://bench.example.org/'\ntitle = 'Benchmark News'\ntimeZone = 'Asia/Jakarta'\n"
        "[pagination]\npagerSize = 10\n[taxonomies]\ntag = 'tags'\ncategory = 'categories'\nsource = 'sources'\nauthor = 'authors'\n"
        "[permalinks]\nposts = '/:slug/'\n[services.rss]\nlimit = 20\n",
        encoding="utf-8",
    )
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    base = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>'
        '<nav><a href="/">Home</a></nav>{{ block "main" . }}{{ end }}</body></html>\n'
    )
    (layouts / "baseof.html").write_text(base, encoding="utf-8")
    (layouts / "single.html").write_text(
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2 January 2006" }}</time>'
        '{{ range .Params.tags }}<a href="{{ (print "/tags/" (urlize .)) }}/">{{ . }}</a>{{ end }}{{ .Content }}</article>'
        '{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}'
        '{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}\n',
        encoding="utf-8",
    )
    listing = (
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages }}{{ range $p.Pages }}'
        '<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>{{ end }}'
        '{{ with $p.Prev }}<a href="{{ .URL }}">prev</a>{{ end }}{{ with $p.Next }}<a href="{{ .URL }}">next</a>{{ end }}{{ end }}\n'
    )
    (layouts / "list.html").write_text(listing, encoding="utf-8")
    home = listing.replace(
        "{{ $p := .Paginate .Pages }}", '{{ $p := .Paginate (where .Site.RegularPages "Type" "posts") }}'
    )
    (layouts / "index.html").write_text(home, encoding="utf-8")
    for p in posts:
        front = f'title: "{p.title}"\ndate: {p.date.replace(" ", "T")}:00+07:00\nslug: {p.slug}\ntags: {yaml_list(p.tags)}\ncategories: [{p.category}]\nsources: [{p.source}]\n'
        front += f"authors: {yaml_list(p.authors)}\n" if p.authors else ""
        (content / f"{p.slug}.md").write_text(f"---\n{front}---\n" + "\n\n".join(p.paragraphs) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kind", choices=("news", "plain"), default="news")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    posts = make_news(args.count, args.seed) if args.kind == "news" else make_posts(args.count, args.seed)
    write_cseas(args.out / "cseas", posts)
    write_pelican(args.out / "pelican", posts)
    write_hugo(args.out / "hugo", posts)
    print(f"wrote {len(posts)} articles to {args.out}/cseas, {args.out}/pelican and {args.out}/hugo")


if __name__ == "__main__":
    main()
