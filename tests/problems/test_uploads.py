"""Evidence files of a problem: a camera photo loses its location before it is stored."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.images import assert_stripped, jpeg


def test_a_photo_of_the_evidence_is_stored_without_its_location(record):
    problem = record(
        files=[
            SimpleUploadedFile("现场.jpeg", jpeg(4000, 3000, gps=True)),
            SimpleUploadedFile("说明.txt", b"ok"),
        ]
    )
    photo, text = problem.files.order_by("pk")
    assert_stripped(photo.file.path)
    assert photo.name == "现场.jpg"
    with open(text.file.path, "rb") as handle:
        assert handle.read() == b"ok"
