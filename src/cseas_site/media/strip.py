"""Published originals without their metadata (camera EXIF, GPS position, XMP, IPTC, comments), losslessly: the
pixels' bytes are copied as they are, only metadata segments and chunks are left out. A JPEG turned by EXIF
keeps a new EXIF block holding its orientation alone, so it still shows upright. A file that is not what its
name says is returned untouched (the build reports the images articles show; see cache/images.py)."""

from __future__ import annotations

import struct
import warnings

ORIENTATION = 0x0112
_JPEG_DROP = {0xE1, 0xED, 0xFE} | set(range(0xE3, 0xED))  # APP1 (EXIF, XMP), APP3-APP12, APP13 (IPTC), COM
_PNG_DROP = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}
_WEBP_DROP = {b"EXIF", b"XMP "}


def strip_metadata(data: bytes, suffix: str) -> bytes:
    """Return a JPEG, PNG or WebP without its metadata (anything else, or a damaged file, as it is)."""
    try:
        if suffix in (".jpg", ".jpeg") and data[:2] == b"\xff\xd8":
            return _jpeg(data)
        if suffix == ".png" and data[:8] == b"\x89PNG\r\n\x1a\n":
            return _png(data)
        if suffix == ".webp" and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp(data)
    except (struct.error, IndexError, ValueError):
        pass
    return data


def _jpeg(data: bytes) -> bytes:
    kept, at, orientation = [data[:2]], 2, 1
    while at < len(data):
        if data[at] != 0xFF:
            raise ValueError("not a marker")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker == 0xDA or 0xD0 <= marker <= 0xD9:  # start of scan: the rest is image data
            if orientation != 1:
                kept.insert(1, _exif_segment(orientation))
            kept.append(data[at:])
            return b"".join(kept)
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        segment = data[at : at + 2 + length]
        if marker == 0xE1 and segment[4:10] == b"Exif\x00\x00":
            orientation = _orientation(segment[4:])
        if marker not in _JPEG_DROP:
            kept.append(segment)
        at += 2 + length
    return data


def _orientation(exif: bytes) -> int:
    from PIL import Image  # only for a JPEG with EXIF: a build of text and SVGs never imports Pillow

    info = Image.Exif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a damaged block: no orientation, nothing to say
            info.load(exif)
    except (SyntaxError, ValueError, TypeError, struct.error, OSError):
        return 1
    value = info.get(ORIENTATION, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _exif_segment(orientation: int) -> bytes:
    from PIL import Image

    info = Image.Exif()
    info[ORIENTATION] = orientation
    block = info.tobytes()
    return b"\xff\xe1" + struct.pack(">H", len(block) + 2) + block


def _png(data: bytes) -> bytes:
    kept, at = [data[:8]], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        chunk = data[at : at + 12 + length]
        if len(chunk) < 12 + length:
            raise ValueError("cut short")
        if kind not in _PNG_DROP:
            kept.append(chunk)
        at += 12 + length
        if kind == b"IEND":
            return b"".join(kept)
    raise ValueError("no IEND")


def _webp(data: bytes) -> bytes:
    chunks, at, end = [], 12, 8 + struct.unpack("<I", data[4:8])[0]
    while at < min(end, len(data)):
        kind, (length,) = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])
        chunk = data[at : at + 8 + length + (length & 1)]
        if kind not in _WEBP_DROP:
            chunks.append(chunk)
        at += 8 + length + (length & 1)
    if chunks and chunks[0][:4] == b"VP8X":  # its flags announce EXIF (bit 3) and XMP (bit 2): no longer there
        head = bytearray(chunks[0])
        head[8] &= ~0x0C & 0xFF
        chunks[0] = bytes(head)
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body
