"""Pillow's part, on bytes only: an image's facts, and its derivatives (oriented, sRGB, resized, re-encoded with
no metadata). Pure: the store (cache/images.py) reads the files and keeps what is made here."""

from __future__ import annotations

import io
import math
import re
import struct
import warnings

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .specs import ORIENTATION, RESIZED, Facts, ImageError, Settings, Spec, crop_box


def facts(data: bytes, suffix: str) -> Facts:
    """Read an image's facts from its header; raise ImageError when it is not a JPEG, PNG or WebP (whatever its
    name says: a WebP named .jpg shows in every browser, so it is taken as what it is)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's words on a damaged EXIF block: the image itself is fine
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                found, (width, height) = image.format or "", image.size
                turned = orientation(image) in (5, 6, 7, 8)
                alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
                animated = bool(getattr(image, "is_animated", False))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageError("is too large to process (more than 89 million pixels)") from None
    except UnidentifiedImageError:
        raise ImageError(f"is not an image (expected the {RESIZED[suffix]} its name says)") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageError(f"is not a readable image ({_reason(exc)})") from None
    if found not in RESIZED.values():
        raise ImageError(f"is a {found} file, not the {RESIZED[suffix]} its name says")
    if turned:
        width, height = height, width
    return Facts(width, height, found, alpha, animated)


def orientation(image: Image.Image) -> int:
    """The EXIF orientation (1: as stored); a damaged EXIF block counts as none, as browsers take it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns of a damaged block: the build says nothing of it
            value = image.getexif().get(ORIENTATION, 1)
    except (SyntaxError, ValueError, TypeError, OSError, struct.error):
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _reason(exc: BaseException) -> str:
    """Pillow's words for what is wrong, without the addresses of its objects."""
    text = re.sub(r"\s*<_io\.BytesIO object at 0x[0-9a-f]+>", "", str(exc)) or type(exc).__name__
    return text[:120]


def make(data: bytes, image: Facts, wanted: tuple[Spec, ...], settings: Settings) -> dict[str, bytes]:
    """Decode an image once and encode each wanted derivative; raise ImageError when it cannot be decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's words on a damaged EXIF block: the image itself is fine
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            source = _decoded(data, image, wanted)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageError("is too large to process (more than 89 million pixels)") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageError(f"cannot be decoded ({_reason(exc)})") from None
    sized = {source.size: source}  # each width is resized once, for every format, from the next wider one
    for spec in sorted((s for s in wanted if s.crop is None), key=lambda s: -s.width):
        if (spec.width, spec.height) not in sized:
            wider = min((im for im in sized.values() if im.width >= spec.width), key=lambda im: im.width)
            sized[spec.width, spec.height] = wider.resize((spec.width, spec.height), Image.Resampling.LANCZOS,
                                                          reducing_gap=3.0 if wider is source else None)  # fmt: skip
    made = {}
    for spec in wanted:
        if spec.crop is not None:  # from the narrowest derivative still wide enough: never enlarged
            box = crop_box(image, spec.crop)
            assert box is not None
            base = min((im for im in sized.values() if (box[2] - box[0]) * im.width >= spec.width * image.width),
                       key=lambda im: im.width)  # fmt: skip
            at = base.width / image.width
            region = (box[0] * at, box[1] * at, box[2] * at, box[3] * at)
            picture = base.resize((spec.width, spec.height), Image.Resampling.LANCZOS, box=region,
                                  reducing_gap=3.0 if base is source else None)  # fmt: skip
        else:
            picture = sized[spec.width, spec.height]
        made[spec.name] = encode(picture, spec.ext, settings.quality)
    return made


def _decoded(data: bytes, image: Facts, wanted: tuple[Spec, ...]) -> Image.Image:
    """The image oriented, in sRGB, in RGB or RGBA; a JPEG is decoded at the smallest scale (1/2, 1/4, 1/8)
    that still covers every wanted size, which is several times quicker."""
    opened = Image.open(io.BytesIO(data), formats=[image.format])
    if opened.format == "JPEG":
        need = max(_scale_needed(image, spec) for spec in wanted)
        opened.draft("RGB", (math.ceil(opened.width * need), math.ceil(opened.height * need)))
    opened.load()
    profile = opened.info.get("icc_profile")
    oriented = ImageOps.exif_transpose(opened) if orientation(opened) != 1 else opened
    mode = "RGBA" if image.alpha else "RGB"
    if profile:
        oriented = _to_srgb(oriented, profile, mode)
    if oriented.mode == "P" or (oriented.mode != mode and not image.alpha):
        oriented = oriented.convert("RGBA" if image.alpha else "RGB")
    return oriented if oriented.mode == mode else oriented.convert(mode)


def _scale_needed(image: Facts, spec: Spec) -> float:
    if spec.crop is None:
        return spec.width / image.width
    box = crop_box(image, spec.crop)
    assert box is not None
    return spec.width / (box[2] - box[0])


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image: Image.Image, profile: bytes, mode: str) -> Image.Image:
    """Convert pixels from an embedded colour profile to sRGB (browsers take an untagged image as sRGB). A
    profile LittleCMS cannot read leaves the pixels as they are."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
            image = image.convert("RGBA" if mode == "RGBA" else "RGB")
        out_mode = mode if image.mode != "CMYK" else "RGB"
        converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=out_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted if converted is not None else image


def encode(picture: Image.Image, ext: str, quality: int) -> bytes:
    """Encode a derivative with no metadata: Pillow's encoders write what the image's info holds (EXIF with
    its GPS position, XMP, comments, a colour profile), so that is emptied first."""
    picture.info = {}
    out = io.BytesIO()
    if ext == "jpg":
        rgb = picture if picture.mode == "RGB" else _on_white(picture)
        rgb.save(out, "JPEG", quality=quality, optimize=True)  # progressive: 4x the time for 2% fewer bytes
    elif ext == "webp":
        picture.save(out, "WEBP", quality=quality, method=2)  # method 4 (the default): 2x the time, 4% fewer bytes
    elif ext == "avif":
        picture.save(out, "AVIF", quality=quality, speed=6)
    else:
        picture.save(out, "PNG", compress_level=6)
    return out.getvalue()


def _on_white(picture: Image.Image) -> Image.Image:
    if picture.mode != "RGBA":
        return picture.convert("RGB")
    background = Image.new("RGB", picture.size, (255, 255, 255))
    background.paste(picture, mask=picture.getchannel("A"))
    return background
