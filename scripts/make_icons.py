"""Draw the theme's default icons (templates/static/): the CSEAS mark as SVG, and the PNG sizes browsers and
phones ask for. Run by hand when the mark changes (needs Pillow: pip install pillow); the files are committed.

The mark: a rounded square in the theme's accent colour, an open white ring (a "C", and a compass's circle)
and a gold dot (the archipelago) in its opening."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ACCENT, WHITE, GOLD = "#0b5d7a", "#ffffff", "#f2b632"
STATIC = Path(__file__).resolve().parent.parent / "templates" / "static"
SIZES = {"favicon-32.png": 32, "apple-touch-icon.png": 180, "icon-192.png": 192, "icon-512.png": 512}
SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
<rect width="64" height="64" rx="14" fill="{ACCENT}"/>
<path d="M44.7 19.3A18 18 0 1 0 44.7 44.7" fill="none" stroke="{WHITE}" stroke-width="7" stroke-linecap="round"/>
<circle cx="46" cy="32" r="5.5" fill="{GOLD}"/>
</svg>
"""


def draw(size: int) -> Image.Image:
    """The mark at ``size`` pixels, drawn at 4x and scaled down (smooth edges)."""
    big = size * 4
    unit = big / 64
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=14 * unit, fill=ACCENT)
    box = (10.5 * unit, 10.5 * unit, 53.5 * unit, 53.5 * unit)  # Pillow draws a wide arc inward from its box
    pen.arc(box, start=45, end=315, fill=WHITE, width=round(7 * unit))
    for angle_point in ((44.7, 19.3), (44.7, 44.7)):  # the ring's round ends
        x, y = (v * unit for v in angle_point)
        r = 3.5 * unit
        pen.ellipse((x - r, y - r, x + r, y + r), fill=WHITE)
    r = 5.5 * unit
    pen.ellipse((46 * unit - r, 32 * unit - r, 46 * unit + r, 32 * unit + r), fill=GOLD)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    (STATIC / "logo.svg").write_text(SVG, encoding="utf-8")
    (STATIC / "favicon.svg").write_text(SVG, encoding="utf-8")
    for name, size in SIZES.items():
        draw(size).save(STATIC / name, optimize=True)


if __name__ == "__main__":
    main()
