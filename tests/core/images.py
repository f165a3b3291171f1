"""Photos as a phone camera writes them: JPEG with EXIF orientation and a GPS position; and the check that
one was stored without any of it."""

from __future__ import annotations

import io
from typing import Any

GPS = {1: "N", 2: (30.0, 35.0, 12.5), 3: "E", 4: (114.0, 17.0, 30.0)}


def jpeg(width: int = 64, height: int = 48, *, gps: bool = False, orientation: int | None = None) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make: a tag that must not survive
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = GPS
    buf = io.BytesIO()
    image.save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


def assert_stripped(stored: Any, size: tuple[int, int] = (1600, 1200)) -> None:
    """A stored photo (a path or an open file) re-encoded at ``size`` with no EXIF left: no GPS, no camera."""
    from PIL import Image

    image = Image.open(stored)
    assert image.size == size and dict(image.getexif()) == {}
