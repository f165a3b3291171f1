"""Attachments: content checked before anything is written, stored owner-only with their SHA-256, and
served only while they still match it."""

import hashlib
import logging
import os
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.core.errors import InvalidInput
from luoshi.tasks import services
from luoshi.tasks.choices import TaskStatus
from tests.core.images import assert_stripped, jpeg
from tests.factories import office_file

PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def test_a_program_renamed_pdf_is_refused_and_changes_nothing(make_task, user):
    task = make_task(acknowledge=True)
    with pytest.raises(InvalidInput, match="“说明.pdf”的内容与文件类型.pdf不符"):
        services.request_close(
            task, actor=user("gb1-staff"), evidence_text="已完成", files=[SimpleUploadedFile("说明.pdf", PE)]
        )
    task.refresh_from_db()
    assert task.status == TaskStatus.ACKNOWLEDGED and not task.attachments.exists()


@pytest.fixture
def reported(make_task, user):
    """The files of a report (复命) on an acknowledged task of 干部一科 that carried ``files``, as stored, in
    the order sent."""

    def report(*files):
        task = make_task(acknowledge=True)
        feedback = services.submit_feedback(
            task, actor=user("gb1-staff"), progress_text="附材料", percent=30, files=list(files)
        )
        return feedback.files.order_by("pk")

    return report


@pytest.fixture
def attachment(reported):
    return reported(SimpleUploadedFile("说明.txt", "原始内容".encode())).get()


def test_an_attachment_is_stored_owner_only_with_its_sha256(reported):
    content = office_file(".docx")
    attachment = reported(SimpleUploadedFile("提纲.docx", content)).get()
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert stat.S_IMODE(os.stat(attachment.file.path).st_mode) == 0o600


def test_a_download_serves_the_file_as_uploaded(client_as, attachment):
    response = client_as("gb1-head").get(f"/tasks/files/{attachment.token}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == "原始内容".encode()
    assert response["Content-Security-Policy"] == "sandbox" and "no-store" in response["Cache-Control"]


def test_a_file_changed_on_disk_is_refused_in_chinese_and_logged(client_as, attachment, caplog):
    with open(attachment.file.path, "wb") as handle:
        handle.write("篡改后的内容".encode())
    with caplog.at_level(logging.ERROR, logger="luoshi.core.uploads"):
        response = client_as("gb1-head").get(f"/tasks/files/{attachment.token}/")
    assert response.status_code == 409 and "与上传时的校验值不符" in response.content.decode()
    assert "does not match its SHA-256" in caplog.text and str(attachment.pk) in caplog.text


def test_a_download_and_a_photo_of_a_task_beyond_ones_rights_are_one_lookup_404_and_in_the_audit(
    reported, client_as
):
    """The photo and the download find a file by the same lookup: 404 for a task one may not see, told to
    the security audit as 越权访问; a file changed on disk is refused (409) by either."""
    from luoshi.accounts.models import SecurityEvent, SecurityEventKind

    photo = reported(SimpleUploadedFile("现场.jpeg", jpeg(400, 300))).get()
    client = client_as("gb2-staff")
    for path in (f"/tasks/files/{photo.token}/", f"/tasks/files/{photo.token}/photo/"):
        assert client.get(path).status_code == 404
    denied = SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED, username="gb2-staff")
    assert [e.target for e in denied] == [f"tasks.Task:{{'pk': {photo.task_id}}}"] * 2
    with open(photo.file.path, "wb") as handle:
        handle.write(jpeg(40, 30))
    for path in (f"/tasks/files/{photo.token}/", f"/tasks/files/{photo.token}/photo/"):
        response = client_as("gb1-head").get(path)
        assert response.status_code == 409 and "与上传时的校验值不符" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_report_that_rolls_back_leaves_no_file(make_task, client_as, monkeypatch):
    from django.conf import settings

    from luoshi.core.errors import Conflict
    from luoshi.tasks.services import reports

    task = make_task(acknowledge=True)

    def refuse(*args, **kwargs):
        raise Conflict("记录事件时出错", "wrong_state")

    monkeypatch.setattr(reports, "save_task", refuse)  # fails after the file was written
    content = b"evidence written before the refusal"
    client_as("gb1-staff").post(
        f"/tasks/{task.pk}/do/feedback/",
        {"progress_text": "带附件", "percent": 20, "files": [SimpleUploadedFile("a.txt", content)]},
    )
    assert not task.attachments.exists() and not task.feedback.exists()
    assert not [
        p
        for p in settings.DATA_DIR.rglob("*")
        if p.is_file() and p.stat().st_size == len(content) and p.read_bytes() == content
    ]


def test_a_photo_sent_with_a_report_loses_its_location_and_is_shown_on_the_task_page(reported, client_as):
    from io import BytesIO

    from PIL import Image

    photo, text = reported(
        SimpleUploadedFile("现场.jpeg", jpeg(4000, 3000, gps=True)), SimpleUploadedFile("说明.txt", b"ok")
    )
    assert_stripped(photo.file.path)
    assert photo.name == "现场.jpg" and photo.is_photo and not text.is_photo
    with open(photo.file.path, "rb") as handle:
        assert photo.sha256 == hashlib.sha256(handle.read()).hexdigest()

    page = client_as("gb1-head").get(f"/tasks/{photo.task_id}/").content.decode()
    assert f'<img src="/tasks/files/{photo.token}/photo/"' in page
    assert f'href="/tasks/files/{text.token}/"' in page and f"/tasks/files/{text.token}/photo/" not in page
    shown = client_as("gb1-head").get(f"/tasks/files/{photo.token}/photo/")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert "attachment" not in shown.get("Content-Disposition", "")  # shown inline, not downloaded
    assert Image.open(BytesIO(b"".join(shown.streaming_content))).size == (1600, 1200)
    assert client_as("gb1-head").get(f"/tasks/files/{text.token}/photo/").status_code == 404
    assert client_as("gb2-staff").get(f"/tasks/files/{photo.token}/photo/").status_code == 404


def test_photos_stored_with_their_exif_before_stripping_are_stripped_once(reported, settings, tmp_path):
    """An old upload kept the camera's EXIF and GPS: strip_photo_exif re-encodes it (dry run first), records
    its new SHA-256 so the download still passes its check, and a second run finds nothing."""
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    photo = reported(SimpleUploadedFile("现场.jpg", jpeg())).get()
    old = jpeg(gps=True)  # as stored before uploads were stripped
    with open(photo.file.path, "wb") as handle:
        handle.write(old)
    type(photo).objects.filter(pk=photo.pk).update(size=len(old), sha256=hashlib.sha256(old).hexdigest())

    def run(*flags):
        out = StringIO()
        call_command("strip_photo_exif", *flags, stdout=out)
        return out.getvalue()

    assert "带 EXIF 的任务照片 1 张，待去除" in run()
    assert Path(photo.file.path).read_bytes() == old  # the dry run changes nothing
    assert "带 EXIF 的任务照片 1 张，已去除" in run("--for-real")
    photo.refresh_from_db()
    content = Path(photo.file.path).read_bytes()
    assert_stripped(photo.file.path, (64, 48))
    assert photo.sha256 == hashlib.sha256(content).hexdigest() and photo.size == len(content)
    assert "带 EXIF 的任务照片 0 张" in run("--for-real")
    assert Path(photo.file.path).read_bytes() == content  # idempotent
