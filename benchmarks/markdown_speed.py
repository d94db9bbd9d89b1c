"""Markdown conversion per article: the site's converter (Python-Markdown with quick_inline) against stock
Python-Markdown of the same dialect, on a corpus's articles, best of three passes; and whether their HTML is the same.

    python benchmarks/markdown_speed.py /work/bench/news10k/cseas/content --count 1000

Run it with the interpreter of the install to measure (its cseas_site and markdown are the ones timed).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import markdown

from cseas_site.load.frontmatter import split_front_matter
from cseas_site.load.markdown_article import EXTENSIONS, converter


def best(convert: markdown.Markdown, bodies: list[str]) -> float:
    convert.reset().convert("warm")
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        for body in bodies:
            convert.reset().convert(body)
        timings.append(time.perf_counter() - started)
    return min(timings) / len(bodies) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("content", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    files = sorted(args.content.glob("*.md"))[: args.count]
    bodies = [split_front_matter(f.read_text(encoding="utf-8"), str(f)).body for f in files]
    site, stock = converter(), markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
    differ = sum(site.reset().convert(b) != stock.reset().convert(b) for b in bodies)
    print(f"{len(bodies)} articles, {sum(map(len, bodies)) / len(bodies):.0f} characters each; HTML differs: {differ}")
    print(f"site's converter: {best(site, bodies):.3f} ms an article")
    print(f"stock Python-Markdown: {best(stock, bodies):.3f} ms an article")


if __name__ == "__main__":
    main()
