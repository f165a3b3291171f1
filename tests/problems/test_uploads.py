"""Evidence files of a problem: a camera photo loses its location before it is stored."""

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.inspections.images import jpeg


def test_a_photo_of_the_evidence_is_stored_without_its_location(record):
    problem = record(
        files=[
            SimpleUploadedFile("现场.jpeg", jpeg(4000, 3000, gps=True)),
            SimpleUploadedFile("说明.txt", b"ok"),
        ]
    )
    photo, text = problem.files.order_by("pk")
    stored = Image.open(photo.file.path)
    assert stored.size == (1600, 1200) and dict(stored.getexif()) == {}  # no GPS, no camera
    assert photo.name == "现场.jpg"
    with open(text.file.path, "rb") as handle:
        assert handle.read() == b"ok"
