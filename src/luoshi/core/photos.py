"""Photos from a phone camera, as stored: checked to be an image, turned upright, resized, re-encoded as
JPEG — which drops every EXIF tag — and the location (GPS) written back only when the visitor allowed it.

The size is judged from the upload's announced size before any byte is read; the pixel count from the
image's header before it is decoded (a small file can announce a gigapixel image). A JPEG is decoded at
the smallest scale still larger than it is stored (1/2 to 1/8 of its sides, as its format allows), so a
50 MP camera photo costs a fraction of a second; a PNG or WebP is decoded whole, so it is held to what a
screenshot or a scan needs (a 190 KB PNG of 60 MP kept a server worker 13 s and 650 MB).

Attachments sent with a report go through ``stripped``: a camera photo among them is stored the same way,
so a 复命 taken on site carries no location and can be shown on the task page."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.core.errors import InvalidInput
from luoshi.core.uploads import HEAD, content_kind

MAX_SIDE = 1600  # pixels of the longer side once stored: legible on a page, a few hundred KB
MAX_PIXELS = 60_000_000  # a phone's 50 MP sensor fits; anything larger is refused undecoded
MAX_WHOLE_PIXELS = 12_000_000  # decoded whole (PNG, WebP): a 4K screenshot, an A4 page scanned at 300 dpi
REDUCED = ("JPEG", "MPO")  # decoded at a reduced scale (draft)
QUALITY = 82
GPS_IFD = 0x8825
MAX_PHOTOS = 12


@dataclass
class Photo:
    name: str
    content: bytes
    width: int
    height: int
    latitude: float | None
    longitude: float | None


def check_sizes(files: list[Any]) -> None:
    """Refuse too many photos or one over the upload limit, from the announced sizes alone."""
    if len(files) > MAX_PHOTOS:
        raise InvalidInput(
            f"一次最多上传{MAX_PHOTOS}张照片", "too_many_files", errors={"photos": ["照片过多"]}
        )
    limit = settings.LUOSHI_MAX_UPLOAD_MB
    for f in files:
        if f.size > limit * 1024 * 1024:
            raise InvalidInput(
                f"照片“{f.name}”超过{limit}MB的上限，请压缩后再上传",
                "file_too_big",
                errors={"photos": ["照片过大"]},
            )


def process(f: Any, *, keep_location: bool) -> Photo:
    from PIL import Image, ImageOps, UnidentifiedImageError

    not_image = InvalidInput(
        f"“{f.name}”不是图片，请上传手机拍摄的照片（JPEG、PNG、WebP）",
        "file_type",
        errors={"photos": ["不是图片"]},
    )
    f.seek(0)
    try:
        opened = Image.open(f)
        if opened.format not in ("JPEG", "PNG", "WEBP", "MPO"):
            raise not_image
        if opened.width * opened.height > (MAX_PIXELS if opened.format in REDUCED else MAX_WHOLE_PIXELS):
            raise InvalidInput(
                f"“{f.name}”的像素过多，无法处理", "file_too_big", errors={"photos": ["像素过多"]}
            )
        exif = opened.getexif()
        fit = MAX_SIDE / max(opened.size)
        if fit < 1:  # the stored size, asked before anything decodes the image (exif_transpose copies it)
            opened.draft(None, (round(opened.width * fit), round(opened.height * fit)))
        gps = dict(exif.get_ifd(GPS_IFD)) if keep_location else {}
        image = ImageOps.exif_transpose(opened)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        image = image.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_image from None
    out = io.BytesIO()
    kept = Image.Exif()
    if gps:
        kept[GPS_IFD] = gps
    image.save(out, "JPEG", quality=QUALITY, optimize=True, exif=kept.tobytes())
    latitude, longitude = _degrees(gps)
    name = PurePath(f.name).stem[:200] + ".jpg"
    return Photo(name, out.getvalue(), image.width, image.height, latitude, longitude)


def stripped(files: Sequence[Any]) -> list[Any]:
    """Files already passed by ``core.uploads.check_files``, each JPEG among them (by content: what a phone
    camera writes) replaced by what ``process`` makes of it, without its location — at most MAX_PHOTOS of
    them, as a visit takes. Other files are kept as sent: a PNG is most often a screenshot of a document,
    which re-encoding as JPEG would blur."""
    photos = [_is_jpeg(f) for f in files]
    if sum(photos) > MAX_PHOTOS:
        raise InvalidInput(f"一次最多上传{MAX_PHOTOS}张照片，请分次上报", "too_many_files")
    kept = []
    for f, photo in zip(files, photos, strict=True):
        if photo:
            try:
                processed = process(f, keep_location=False)
            except InvalidInput as refused:  # said of the file as core.uploads says it: no field named
                if refused.code == "file_type":
                    raise InvalidInput(
                        f"“{f.name}”已损坏，无法作为照片打开，请检查后重新上传", "file_content"
                    ) from None
                raise InvalidInput(refused.message, refused.code) from None
            f = SimpleUploadedFile(processed.name, processed.content, "image/jpeg")
        kept.append(f)
    return kept


def _is_jpeg(f: Any) -> bool:
    f.seek(0)
    head = f.read(HEAD)
    f.seek(0)
    return content_kind(head) == "jpg"


def _degrees(gps: dict) -> tuple[float | None, float | None]:
    try:
        lat = _dms(gps[2]) * (-1 if gps.get(1) == "S" else 1)
        lon = _dms(gps[4]) * (-1 if gps.get(3) == "W" else 1)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None, None
    return round(lat, 6), round(lon, 6)


def _dms(value: Any) -> float:
    degrees, minutes, seconds = (float(v) for v in value)
    return degrees + minutes / 60 + seconds / 3600
