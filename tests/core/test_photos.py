import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from luoshi.core import photos
from luoshi.core.errors import InvalidInput
from tests.core.images import assert_stripped, jpeg


def stored(photo):
    return Image.open(io.BytesIO(photo.content))


def test_a_photo_is_resized_and_loses_its_exif():
    photo = photos.process(SimpleUploadedFile("现场.jpg", jpeg(4000, 3000, gps=True)), keep_location=False)
    image = stored(photo)
    assert (photo.width, photo.height) == (1600, 1200) == image.size
    assert dict(image.getexif()) == {} and photo.latitude is None
    assert photo.name == "现场.jpg"


def test_the_location_is_kept_only_when_allowed():
    photo = photos.process(SimpleUploadedFile("现场.jpg", jpeg(gps=True)), keep_location=True)
    exif = stored(photo).getexif()
    assert exif.get_ifd(photos.GPS_IFD)[1] == "N" and 0x010F not in exif  # the camera's make is gone
    assert photo.latitude == pytest.approx(30.586806) and photo.longitude == pytest.approx(114.291667)


def test_a_photo_taken_sideways_is_stored_upright():
    photo = photos.process(SimpleUploadedFile("竖拍.jpg", jpeg(64, 48, orientation=6)), keep_location=False)
    assert (photo.width, photo.height) == (48, 64)


@pytest.mark.parametrize(
    "content", [b"%PDF-1.4 not a photo", b"", b"\xff\xd8\xff\xe0 truncated jpeg", b"GIF89a\x01\x00\x01\x00"]
)
def test_a_file_that_is_not_a_photo_is_refused_in_chinese(content):
    with pytest.raises(InvalidInput) as refused:
        photos.process(SimpleUploadedFile("材料.jpg", content), keep_location=False)
    assert refused.value.code == "file_type" and "不是图片" in refused.value.message


class Huge:
    """An upload announcing 200 MB that fails the test if anything reads it."""

    name = "航拍.jpg"
    size = 200 * 1024 * 1024

    def read(self, *args):
        raise AssertionError("a 200 MB upload was read")

    seek = chunks = read


def test_a_200_mb_photo_is_refused_by_its_size_before_it_is_read():
    with pytest.raises(InvalidInput) as refused:
        photos.check_sizes([Huge()])
    assert refused.value.code == "file_too_big" and "超过50MB" in refused.value.message


def test_attachments_keep_every_file_but_a_jpeg_as_sent():
    png = io.BytesIO()
    Image.new("RGB", (2400, 1800)).save(png, "PNG")
    sent = [
        SimpleUploadedFile("截图.png", png.getvalue()),
        SimpleUploadedFile("现场.jpg", jpeg(2400, 1800, gps=True)),
    ]
    kept = photos.stripped(sent)
    assert kept[0] is sent[0]
    assert kept[1].name == "现场.jpg"
    assert_stripped(kept[1])


def png_header(width: int, height: int) -> bytes:
    """A PNG that announces ``width`` × ``height`` pixels in its header, as a 190 KB file of 60 MP does."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")


def test_the_attack_a_png_of_sixty_megapixels_is_refused_before_it_is_decoded():
    with pytest.raises(InvalidInput) as refused:
        photos.process(SimpleUploadedFile("截图.png", png_header(7740, 7740)), keep_location=False)
    assert refused.value.code == "file_too_big" and "像素过多" in refused.value.message


@pytest.mark.parametrize("orientation", [None, 6])
def test_the_attack_a_large_jpeg_is_decoded_at_a_reduced_scale_never_whole(monkeypatch, orientation):
    from PIL.JpegImagePlugin import JpegImageFile

    decoded = []
    load = JpegImageFile.load
    monkeypatch.setattr(JpegImageFile, "load", lambda image: decoded.append(image.size) or load(image))
    photo = photos.process(
        SimpleUploadedFile("航拍.jpg", jpeg(4000, 3000, orientation=orientation)), keep_location=False
    )
    assert {photo.width, photo.height} == {1600, 1200}
    assert decoded and all(width * height <= 2000 * 1500 for width, height in decoded)


def test_the_attack_a_report_carries_no_more_photos_than_a_visit():
    sent = [SimpleUploadedFile(f"现场{n}.jpg", jpeg()) for n in range(photos.MAX_PHOTOS + 1)]
    with pytest.raises(InvalidInput) as refused:
        photos.stripped(sent)
    assert refused.value.code == "too_many_files" and "一次最多上传12张照片" in refused.value.message
    assert len(photos.stripped(sent[:-1])) == photos.MAX_PHOTOS
