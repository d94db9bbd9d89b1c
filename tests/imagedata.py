"""Images for the tests, drawn with Pillow: a large camera JPEG (EXIF GPS position, turned by its orientation tag),
a PNG with transparency, a GIF, an SVG and a file named .jpg that is not an image."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112
# A marker the GPS block holds: it must not reach the published site.
GPS_LATITUDE = (6.0, 10.0, 30.0)


def camera_jpeg(width: int = 2400, height: int = 1600, orientation: int = 6) -> bytes:
    """A photo as a phone stores it: wider than tall, with EXIF orientation 6 (shown turned 90 degrees
    clockwise, so taller than wide), a GPS position, a camera model and a comment. Its top rows, as stored, are
    red; the rest is a gradient: after turning, the red is on the right."""
    image = Image.new("RGB", (width, height), (20, 90, 160))
    pen = ImageDraw.Draw(image)
    for x in range(0, width, 40):
        pen.rectangle((x, 0, x + 39, height), fill=(20 + x * 200 // width, 90, 160))
    pen.rectangle((0, 0, width, height // 8), fill=(230, 20, 20))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x0110] = "CSEAS Test Camera"  # Model
    exif[GPS_IFD] = {1: "S", 2: GPS_LATITUDE, 3: "E", 4: (106.0, 49.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes(), comment=b"taken at home")
    return out.getvalue()


def transparent_png(width: int = 800, height: int = 600) -> bytes:
    """A PNG with an alpha channel: a half-transparent disc on a transparent ground."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((100, 100, width - 100, height - 100), fill=(10, 120, 60, 160))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def small_jpeg(width: int = 300, height: int = 200) -> bytes:
    """A JPEG narrower than the smallest derivative width."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 180, 40)).save(out, "JPEG", quality=85)
    return out.getvalue()


def animated_gif() -> bytes:
    """A two-frame GIF."""
    frames = [Image.new("P", (120, 80), colour) for colour in (1, 2)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60"><rect width="120" height="60" fill="#0b5d7a"/></svg>'
)
NOT_AN_IMAGE = b"<html><body>404 Not Found</body></html>\n"  # what a failed download saves as photo.jpg
