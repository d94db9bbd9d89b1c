"""Images (issue 19): derivatives made by Pillow from images drawn here (a camera JPEG with GPS and an orientation
tag, a PNG with transparency, a small JPEG, a GIF, an SVG, a broken file), their markup, feeds with absolute
addresses, share images and cards, the image store, determinism and `check`. The browser's side (no layout
shift, the phone downloads a small derivative) is in tests/e2e/test_images_browser.py."""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import shutil
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
from PIL import Image, ImageDraw, ImageFont

from cseas_site.archive.urls import resolve
from cseas_site.load.pictures import attributes, best_source, image_refs
from cseas_site.media import cards
from cseas_site.media.pillow import facts, make
from cseas_site.media.specs import Settings, specs
from cseas_site.media.strip import strip_metadata
from helpers import make_site, run_process, tree_bytes
from imagedata import GPS_IFD, NOT_AN_IMAGE, SVG, animated_gif, camera_jpeg, small_jpeg, transparent_png

SITE = "title: Test Site\ntimezone: Asia/Jakarta\nbase_url: https://example.org/\nper_page: 5\n"
PHOTOS = """---
title: Photos from the summit
date: 2016-02-17
image: /uploads/2016/02/camera.jpg
image_alt: Delegates at the summit
image_caption: The delegates, Jakarta
tags: [ASEAN]
---
A first paragraph with a [link](/about/), a [note](#later) and a footnote.[^1]

![A green disc](/uploads/2016/02/alpha.png)

<img src="/uploads/2016/02/small.jpg" alt="A small one" width="150" class="alignleft">

![An animation](/uploads/2016/02/anim.gif) and ![A mark](/uploads/2016/02/mark.svg) and ![Elsewhere](https://other.example.net/x.jpg)

<p id="later">Later.</p>

[^1]: The note.
"""
PLAIN = '---\ntitle: "Pertemuan Menteri di Labuan Bajo: Kerja Sama Ekonomi Dibahas"\ndate: 2016-02-18\nsource: Antara\nlang: id\n---\nTidak ada gambar di sini.\n'


def image_site(root: Path, site_yaml: str = SITE) -> Path:
    """A site with the test images in static/uploads/2016/02/ and two articles (one with images)."""
    return make_site(
        root,
        {
            "static/uploads/2016/02/camera.jpg": camera_jpeg(),
            "static/uploads/2016/02/alpha.png": transparent_png(),
            "static/uploads/2016/02/small.jpg": small_jpeg(),
            "static/uploads/2016/02/anim.gif": animated_gif(),
            "static/uploads/2016/02/mark.svg": SVG,
            "content/2016/photos.md": PHOTOS,
            "content/2016/pertemuan.md": PLAIN,
        },
        site_yaml,
    )


def build(root: Path, *args: str) -> str:
    result = run_process("build", "--root", root, "--no-search", *args)
    assert result.code == 0, result.err
    return result.out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = image_site(tmp_path_factory.mktemp("images"))
    build(root)
    return root / "build"


def derivatives(site: Path, stem: str) -> dict[str, Image.Image]:
    """The derivatives of an upload by name ('480.webp', '16x9.jpg')."""
    found = {}
    for file in sorted((site / "_img/uploads/2016/02").glob(f"{stem}.*.*")):
        name = file.name.split(".", 2)[2]
        found[name] = Image.open(file)
    return found


def img_tags(page: str) -> list[dict[str, str]]:
    return [attributes(tag) for tag in re.findall(r"<img\b[^>]*>", page)]


def article_page(site: Path) -> str:
    return (site / "photos-from-the-summit/index.html").read_text(encoding="utf-8")


def test_derivatives_have_the_widths_and_formats_and_are_never_upscaled(built: Path) -> None:
    camera = derivatives(built, "camera")  # 2400x1600 stored, shown 1600x2400 (orientation 6)
    assert {name: (im.format, im.size) for name, im in camera.items()} == {
        "480.jpg": ("JPEG", (480, 720)), "960.jpg": ("JPEG", (960, 1440)), "1440.jpg": ("JPEG", (1440, 2160)),
        "480.webp": ("WEBP", (480, 720)), "960.webp": ("WEBP", (960, 1440)), "1440.webp": ("WEBP", (1440, 2160)),
        "16x9.jpg": ("JPEG", (1200, 675)), "4x3.jpg": ("JPEG", (1200, 900)), "1x1.jpg": ("JPEG", (1200, 1200)),
    }  # fmt: skip
    alpha = derivatives(built, "alpha")  # 800 wide: 480 and its own 800, no 960 or 1440; too small for crops
    assert {name: im.size for name, im in alpha.items()} == {
        "480.png": (480, 360), "800.png": (800, 600), "480.webp": (480, 360), "800.webp": (800, 600)
    }  # fmt: skip
    assert all(im.mode == "RGBA" and im.getextrema()[3][0] == 0 for im in alpha.values())  # transparency kept
    small = derivatives(built, "small")  # 300 wide: itself only
    assert {name: im.size for name, im in small.items()} == {"300.jpg": (300, 200), "300.webp": (300, 200)}


def test_gif_and_svg_pass_through_untouched(built: Path) -> None:
    assert (built / "uploads/2016/02/anim.gif").read_bytes() == animated_gif()
    assert (built / "uploads/2016/02/mark.svg").read_bytes() == SVG
    assert not list((built / "_img").rglob("anim.*")) and not list((built / "_img").rglob("mark.*"))
    page = article_page(built)
    assert '<img alt="An animation" src="/uploads/2016/02/anim.gif">' in page
    assert '<img alt="Elsewhere" src="https://other.example.net/x.jpg">' in page


def test_orientation_is_applied_and_no_metadata_is_published(built: Path) -> None:
    for name, image in derivatives(built, "camera").items():
        assert not image.getexif() and "exif" not in image.info and "comment" not in image.info, name
        assert "icc_profile" not in image.info and "xmp" not in image.info, name
    upright = derivatives(built, "camera")["480.jpg"].convert("RGB")
    # The stored top rows are red; turned 90 degrees clockwise they are the right-hand columns.
    assert upright.getpixel((475, 360))[0] > 200 and upright.getpixel((475, 360))[1] < 60
    assert upright.getpixel((5, 360))[0] < 140
    original = Image.open(built / "uploads/2016/02/camera.jpg")  # published without GPS, camera or comment
    assert dict(original.getexif()) == {0x0112: 6} and GPS_IFD not in original.getexif()
    assert (
        "comment" not in original.info
        and b"CSEAS Test Camera" not in (built / "uploads/2016/02/camera.jpg").read_bytes()
    )
    assert original.size == (2400, 1600)  # the same pixels: only metadata segments were left out
    source = Image.open(io.BytesIO(camera_jpeg()))
    assert list(original.get_flattened_data())[:2000] == list(source.get_flattened_data())[:2000]


def test_body_images_are_responsive_pictures_with_sizes_and_lazy_loading(built: Path) -> None:
    page = article_page(built)
    body = page.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    disc = re.search(
        r'<picture><source type="image/webp" srcset="([^"]+)" sizes="([^"]+)"><img ([^>]*)></picture>', body
    )
    assert disc
    webp = [c.split() for c in disc[1].split(", ")]
    assert [w for _, w in webp] == ["480w", "800w"] and all(u.endswith(".webp") for u, _ in webp)
    img = attributes(f"<img {disc[3]}>")
    assert img["alt"] == "A green disc" and img["loading"] == "lazy" and img["decoding"] == "async"
    assert (img["width"], img["height"]) == ("800", "600") and img["sizes"] == disc[2]
    assert [c.split()[1] for c in img["srcset"].split(", ")] == ["480w", "800w"] and img["src"].endswith(".800.png")
    for candidate in [*img["srcset"].split(", "), *disc[1].split(", ")]:  # every candidate is published
        assert (built / candidate.split()[0].lstrip("/")).is_file(), candidate
    small = next(t for t in img_tags(body) if t.get("alt") == "A small one")
    # The editor's width is kept (the height follows) and the browser is told the image is shown at 150 px.
    assert (small["width"], small["height"], small["class"]) == ("150", "100", "alignleft")
    assert small["sizes"] == "(max-width: 150px) 100vw, 150px" and small["loading"] == "lazy"


def test_the_lead_image_loads_first_and_lists_show_thumbnails(built: Path) -> None:
    page = article_page(built)
    lead = re.search(r'<figure class="lead-image"><picture>(<source[^>]*>)+<img ([^>]*)></picture><figcaption>', page)
    assert lead, page
    img = attributes(f"<img {lead[2]}>")
    assert img["fetchpriority"] == "high" and "loading" not in img and img["alt"] == "Delegates at the summit"
    assert (img["width"], img["height"]) == ("1440", "2160")
    lazy = [t for t in img_tags(page.split('<div class="body">', 1)[1]) if "srcset" in t]
    assert lazy and all(t["loading"] == "lazy" for t in lazy)
    tag_page = (built / "tags/asean/index.html").read_text(encoding="utf-8")
    thumb = next(t for t in img_tags(tag_page) if t.get("class") == "thumb")
    assert thumb["alt"] == "" and thumb["loading"] == "lazy" and thumb["sizes"] == "7rem" and "480w" in thumb["srcset"]


def test_share_tags_are_complete_and_json_ld_has_three_crops(built: Path) -> None:
    page = article_page(built)
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', page))
    assert re.fullmatch(r"https://example\.org/_img/uploads/2016/02/camera\.[0-9a-f]{10}\.16x9\.jpg", meta["og:image"])
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "675")
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == "Delegates at the summit"
    assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == meta["og:image"]
    news = json.loads(re.findall(r'<script type="application/ld\+json">\s*(.*?)\s*</script>', page, re.S)[0])
    sizes = []
    for url in news["image"]:
        assert url.startswith("https://example.org/")
        sizes.append(Image.open(built / urlsplit(url).path.lstrip("/")).size)
    assert sizes == [(1200, 675), (1200, 900), (1200, 1200)]


def test_feeds_have_absolute_addresses_everywhere(built: Path) -> None:
    for name in ("feed.xml", "rss.xml", "feed.json"):
        text = (built / name).read_text(encoding="utf-8")
        if name.endswith(".json"):
            bodies = [item["content_html"] for item in json.loads(text)["items"]]
        else:
            parsed = feedparser.parse(text)
            assert not parsed.bozo, parsed.bozo_exception
            bodies = [entry.content[0].value for entry in parsed.entries]
        body = next(b for b in bodies if "green disc" in b)
        tree = lxml.html.fragment_fromstring(body, create_parent="div")
        addresses = [v for el in tree.iter() for k, v in el.attrib.items() if k in ("href", "src")]
        addresses += [c.split()[0] for el in tree.iter() for c in el.get("srcset", "").split(",") if c.strip()]
        assert len(addresses) >= 8, (name, addresses)
        assert all(a.startswith(("https://example.org/", "https://other.example.net/")) for a in addresses), addresses
        assert "https://example.org/photos-from-the-summit/#later" in addresses
        assert "<picture" not in body  # feed readers drop it: a plain <img srcset>
    rss = (built / "rss.xml").read_text(encoding="utf-8")
    assert "https://example.org/_img/uploads/2016/02/alpha." in rss and 'src="/' not in rss and "src=&quot;/" not in rss


def expected_card(title: str, site: str, meta: str, accent: str) -> Image.Image:
    """The card drawn here as the issue describes it: the title's words in lines as wide as fit, white on the
    accent colour, in the bundled Lato Bold; compared with the build's card where the title is."""
    face, lines = cards.title_layout(title)
    assert " ".join(lines).split() == title.split()  # every word, in order, none cut
    width = 1200 - 2 * cards.MARGIN
    for first, second in itertools.pairwise(lines):  # greedy: the next word would not have fitted
        assert face.getlength(first + " " + second.split()[0]) > width - cards.SLACK - 1
    card = Image.new("RGB", (1200, 630), tuple(int(accent[i : i + 2], 16) for i in (1, 3, 5)))
    pen = ImageDraw.Draw(card)
    font = ImageFont.truetype(str(cards.FONTS / "Lato-Bold.ttf"), face.size, layout_engine=ImageFont.Layout.BASIC)
    x, y, step = cards.title_origin(face, lines)
    for line in lines:
        pen.text((x, y), line, font=font, fill=(255, 255, 255))
        y += step
    return card


def test_share_card_shows_the_title_date_and_source_in_the_articles_language(built: Path) -> None:
    page = (built / "pertemuan-menteri-di-labuan-bajo-kerja-sama-ekonomi-dibahas/index.html").read_text(
        encoding="utf-8"
    )
    card_path = "_img/cards/pertemuan-menteri-di-labuan-bajo-kerja-sama-ekonomi-dibahas.png"
    assert f'<meta property="og:image" content="https://example.org/{card_path}">' in page
    card = Image.open(built / card_path)
    assert card.size == (1200, 630) and card.format == "PNG"
    title = "Pertemuan Menteri di Labuan Bajo: Kerja Sama Ekonomi Dibahas"
    expected = expected_card(title, "Test Site", "18 Februari 2016 · Antara", "#0b5d7a")
    face, lines = cards.title_layout(title)
    x, y, step = cards.title_origin(face, lines)
    box = (x, y, 1200 - x, y + step * len(lines))
    got, want = card.convert("RGB").crop(box), expected.crop(box)
    # The card is kept in a palette of 32 colours: text edges may differ a little, glyphs may not.
    differing = sum(
        1
        for a, b in zip(got.get_flattened_data(), want.get_flattened_data(), strict=True)
        if max(abs(p - q) for p, q in zip(a, b, strict=True)) > 40
    )
    assert differing < 0.002 * got.width * got.height, differing
    other = expected_card("Something Else Entirely Was Said", "Test Site", "", "#0b5d7a").crop(box)
    assert (
        sum(1 for a, b in zip(got.get_flattened_data(), other.get_flattened_data(), strict=True) if a != b)
        > 0.02 * got.width * got.height
    )
    # The date line is in Indonesian: drawn with Lato Regular at the card's bottom left
    meta = Image.new("RGB", (1200, 630), (11, 93, 122))
    ImageDraw.Draw(meta).text((cards.MARGIN, 630 - cards.MARGIN), "18 Februari 2016 · Antara",
                              font=cards.font(False, cards.META_SIZE), fill=(255, 255, 255), anchor="ls")  # fmt: skip
    strip = (cards.MARGIN, 630 - cards.MARGIN - 40, 700, 630 - cards.MARGIN + 10)
    near = sum(1 for a, b in zip(card.convert("RGB").crop(strip).get_flattened_data(), meta.crop(strip).get_flattened_data(), strict=True)
               if max(abs(p - q) for p, q in zip(a, b, strict=True)) > 40)  # fmt: skip
    assert near < 60, near


def test_indonesian_diacritics_and_long_words_fit_on_the_card() -> None:
    title = (
        "Résumé: Ekonomi Ibu Kota Nusantara — “Percepatan” Pembangunan Kawasan ASEAN Tenggara Berkelanjutan Sekaligus"
    )
    face, lines = cards.title_layout(title)
    assert len(lines) <= cards.MOST_LINES and all(face.getlength(line) <= 1200 - 2 * cards.MARGIN for line in lines)
    assert "Résumé:" in lines[0] and "“Percepatan”" in " ".join(lines)
    face, lines = cards.title_layout("A" * 200)  # one word wider than the card: cut, never drawn off the edge
    assert all(face.getlength(line) <= 1200 - 2 * cards.MARGIN for line in lines)
    data = cards.draw(cards.CardText(title, "CSEAS", "1 Mei 2024"), "#0b5d7a")
    assert Image.open(io.BytesIO(data)).size == (1200, 630)


def test_cards_can_be_turned_off_or_drawn_on_a_template(tmp_path: Path) -> None:
    off = image_site(tmp_path / "off", SITE + "share_cards: false\nimage: /uploads/2016/02/small.jpg\n")
    build(off)
    assert not (off / "build/_img/cards").exists()
    page = (off / "build/pertemuan-menteri-di-labuan-bajo-kerja-sama-ekonomi-dibahas/index.html").read_text(
        encoding="utf-8"
    )
    assert '<meta property="og:image" content="https://example.org/uploads/2016/02/small.jpg">' in page
    template = Image.new("RGB", (1600, 900), (250, 240, 10))
    out = io.BytesIO()
    template.save(out, "PNG")
    own = image_site(tmp_path / "own", SITE + "share_card_template: /images/card-ground.png\n")
    (own / "static/images").mkdir(parents=True)
    (own / "static/images/card-ground.png").write_bytes(out.getvalue())
    build(own)
    card = Image.open(own / "build/_img/cards/pertemuan-menteri-di-labuan-bajo-kerja-sama-ekonomi-dibahas.png").convert(
        "RGB"
    )
    r, g, b = card.getpixel((1190, 300))  # the template's yellow, darkened for the white text
    assert r > 90 and g > 90 and b < 20
    missing = image_site(tmp_path / "missing", SITE + "share_card_template: /images/nothere.png\n")
    result = run_process("build", "--root", missing)
    assert result.code == 1 and "content/site.yaml:5: share_card_template: static/images/nothere.png" in result.err


def test_broken_images_are_reported_at_their_lines_and_nothing_is_published(tmp_path: Path) -> None:
    root = image_site(tmp_path / "site")
    build(root)
    before = tree_bytes(root / "build")
    (root / "static/uploads/2016/02/download.jpg").write_bytes(NOT_AN_IMAGE)
    (root / "static/uploads/2016/02/cut.jpg").write_bytes(camera_jpeg()[:4000])
    (root / "content/2016/broken.md").write_text(
        "---\ntitle: Broken\ndate: 2016-03-01\nimage: /uploads/2016/02/download.jpg\n---\nText.\n\n"
        "More text.\n\n![cut](/uploads/2016/02/cut.jpg)\n", encoding="utf-8")  # fmt: skip
    result = run_process("build", "--root", root, "--no-search")
    assert result.code == 1 and "Traceback" not in result.err
    assert "content/2016/broken.md:4: image /uploads/2016/02/download.jpg is not an image" in result.err
    assert "content/2016/broken.md:10: image /uploads/2016/02/cut.jpg cannot be decoded" in result.err
    assert tree_bytes(root / "build") == before


def test_the_store_makes_each_image_once_and_an_edit_remakes_only_it(tmp_path: Path) -> None:
    root = image_site(tmp_path / "site")
    assert "Images: 3 images shown, 3 made, 0 from the cache." in build(root, "--verbose")
    shutil.rmtree(root / "build")  # the cache is kept: nothing is encoded again
    assert "Images: 3 images shown, 0 made, 3 from the cache." in build(root, "--verbose")
    first = tree_bytes(root / "build")
    (root / "static/uploads/2016/02/small.jpg").write_bytes(small_jpeg(320, 200))
    out = build(root, "--verbose")
    assert "Images: 3 images shown, 1 made, 2 from the cache." in out
    after = tree_bytes(root / "build")
    changed = {path for path in after.keys() | first.keys() if after.get(path) != first.get(path)}
    assert {p for p in changed if p.startswith("_img/")} == {
        p for p in after.keys() | first.keys() if p.startswith("_img/uploads/2016/02/small.")
    }
    clean = image_site(tmp_path / "clean")
    (clean / "static/uploads/2016/02/small.jpg").write_bytes(small_jpeg(320, 200))
    build(clean, "--no-cache")
    assert tree_bytes(clean / "build") == after  # incremental equals clean
    cached = {p.name for p in (root / ".cseas-cache/images").iterdir() if p.is_dir() and p.name != "cards"}
    assert len(cached) == 3  # the small image's old set was dropped


def test_incremental_builds_after_image_edits_equal_clean_builds(tmp_path: Path) -> None:
    root = image_site(tmp_path / "site")
    build(root)
    edits = [
        ("static/uploads/2016/02/alpha.png", transparent_png(600, 600)),
        ("content/2016/photos.md", PHOTOS.replace("image: /uploads/2016/02/camera.jpg\n", "")),
        ("content/site.yaml", SITE + "image_widths: [320, 640]\nimage_quality: 70\n"),
        ("content/2016/pertemuan.md", PLAIN.replace("Tidak ada", "![x](/uploads/2016/02/camera.jpg) Tidak ada")),
        ("content/site.yaml", SITE + "share_cards: false\n"),
    ]
    for index, (name, data) in enumerate(edits):
        target = root / name
        target.write_bytes(data) if isinstance(data, bytes) else target.write_text(data, encoding="utf-8")
        build(root)
        clean = tmp_path / f"clean{index}"
        shutil.copytree(root / "content", clean / "content")
        shutil.copytree(root / "static", clean / "static")
        build(clean, "--no-cache")
        assert tree_bytes(root / "build") == tree_bytes(clean / "build"), name


def test_clean_builds_are_byte_identical_with_jobs_and_timezones(tmp_path: Path) -> None:
    one = image_site(tmp_path / "one")
    two = image_site(tmp_path / "two")
    build(one, "--jobs", "1")
    env = {**os.environ, "TZ": "America/Los_Angeles"}
    result = run_process("build", "--root", two, "--no-search", "--jobs", "2", env=env)
    assert result.code == 0, result.err
    assert tree_bytes(one / "build") == tree_bytes(two / "build")


def test_check_reports_missing_images_large_uploads_and_missing_alt_text(tmp_path: Path) -> None:
    root = image_site(tmp_path / "site", SITE + "image_limit_kb: 40\n")
    (root / "content/2016/more.md").write_text(
        "---\ntitle: More\ndate: 2016-03-01\nimage: /uploads/2016/02/alpha.png\ntags: [x]\n---\nText.\n\n"
        "![](/uploads/2016/02/gone.jpg)\n", encoding="utf-8")  # fmt: skip
    result = run_process("check", "--root", root)
    said = result.out + result.err
    assert result.code == 1
    assert "content/2016/more.md:9: missing image: /uploads/2016/02/gone.jpg" in said
    assert "broken link: /uploads/2016/02/gone.jpg" not in said  # said once, at its line
    assert "content/2016/more.md:9: warning: image without alt text" in said
    assert "content/2016/more.md:4: warning: featured image without alt text" in said
    assert "content/2016/photos.md:4: warning: image /uploads/2016/02/camera.jpg is 7" in said  # 7x KB > 40 KB
    assert "alpha.png is" not in said  # under the limit


# Units: pure functions, on strings and bytes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "page", "base", "expected"),
    [
        ("/uploads/a.jpg", "2016/x/", "/", "uploads/a.jpg"),
        ("/news/uploads/a%20b.jpg", "2016/x/", "/news/", "uploads/a b.jpg"),
        ("/uploads/a.jpg", "2016/x/", "/news/", "uploads/a.jpg"),  # written without the base path
        ("pics/a.jpg", "2016/x/", "/news/", "2016/x/pics/a.jpg"),
        ("../a.jpg", "2016/x/", "/", "2016/a.jpg"),
        ("https://example.org/uploads/a.jpg", "x/", "/", "uploads/a.jpg"),
        ("https://elsewhere.org/uploads/a.jpg", "x/", "/", None),
        ("data:image/png;base64,AAAA", "x/", "/", None),
        ("/uploads/../../etc/passwd", "x/", "/", None),
    ],
)
def test_image_addresses_resolve_as_a_browser_reads_them(
    written: str, page: str, base: str, expected: str | None
) -> None:
    assert resolve(written, page, base, "https://example.org") == expected


def test_the_widest_srcset_candidate_is_the_source() -> None:
    tag = "<IMG class=a SRC='/u/x-300x200.png' srcset=\"/u/x-300x200.png 300w, /u/x.png 800w, /u/x-768.png 768w\" alt='A &amp; B'>"
    found = attributes(tag)
    assert found["alt"] == "A & B" and best_source(found) == "/u/x.png"
    assert image_refs(f"<p>{tag}</p>", "one\ntwo /u/x.png\n", 3) == (("/u/x.png", 4),)


def test_stripping_keeps_pixels_and_drops_metadata_of_png_and_webp() -> None:
    image = Image.new("RGBA", (40, 30), (10, 20, 30, 128))
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "S", 2: (6.0, 10.0, 30.0)}
    for fmt, suffix in (("PNG", ".png"), ("WEBP", ".webp")):
        out = io.BytesIO()
        image.save(out, fmt, exif=exif.tobytes(), **({"lossless": True} if fmt == "WEBP" else {}))
        stripped = strip_metadata(out.getvalue(), suffix)
        again = Image.open(io.BytesIO(stripped))
        again.load()
        assert not again.getexif() and "exif" not in again.info, fmt
        assert list(again.get_flattened_data()) == list(image.get_flattened_data()), fmt
    assert strip_metadata(NOT_AN_IMAGE, ".jpg") == NOT_AN_IMAGE
    assert strip_metadata(camera_jpeg()[:50], ".jpg") == camera_jpeg()[:50]  # a damaged file is left as it is


def test_a_damaged_exif_block_is_no_orientation_and_no_warning() -> None:
    data = camera_jpeg()
    at = data.index(b"Exif\x00\x00")
    damaged = data[: at + 14] + b"\xff" * 20 + data[at + 34 :]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Pillow's "Corrupt EXIF data" would reach the user's terminal
        image = facts(damaged, ".jpg")
        made = make(damaged, image, specs(image, Settings()), Settings())
        stripped = strip_metadata(damaged, ".jpg")
    assert (image.width, image.height) == (2400, 1600)  # taken as stored, as browsers do
    assert Image.open(io.BytesIO(made["480.jpg"])).size == (480, 320)
    assert b"Exif" not in stripped[:200]


def test_animated_png_and_webp_pass_through_like_gifs(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (640, 400), colour) for colour in ((200, 30, 30), (30, 200, 30))]
    files = {}
    for fmt, suffix in (("PNG", "png"), ("WEBP", "webp")):
        out = io.BytesIO()
        frames[0].save(out, fmt, save_all=True, append_images=frames[1:], duration=200, loop=0)
        files[f"static/uploads/moving.{suffix}"] = out.getvalue()
    body = "![Moving PNG](/uploads/moving.png) and ![Moving WebP](/uploads/moving.webp)"
    root = make_site(tmp_path, {**files, "content/moving.md": f"---\ntitle: Moving\ndate: 2016-02-01\n---\n{body}\n"})
    build(root)
    for name, data in files.items():
        published = root / "build" / name.removeprefix("static/")
        assert published.read_bytes() == data  # every frame kept, nothing to strip
        assert Image.open(published).n_frames == 2
    page = (root / "build/moving/index.html").read_text(encoding="utf-8")
    assert '<img alt="Moving PNG" src="/uploads/moving.png">' in page and "<picture>" not in page
    assert not (root / "build/_img/uploads").exists()
