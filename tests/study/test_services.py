import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from luoshi.core.errors import Conflict, Forbidden, InvalidInput
from luoshi.org.models import Unit
from luoshi.study.models import StudyPhoto, StudySession
from tests.core.images import assert_stripped, jpeg


def test_a_session_is_recorded_with_its_attendees_and_a_clean_photo(record, person):
    session = record(photos=[SimpleUploadedFile("学习.jpg", jpeg(3200, 2400, gps=True), "image/jpeg")])
    assert set(session.attendees.values_list("user__username", flat=True)) == {"gb1-head", "gb1-staff"}
    photo = session.photos.get()
    assert_stripped(photo.file.open("rb"))
    assert len(photo.sha256) == 64 and photo.uploaded_by == person("gb1-staff")
    assert session.history.count() == 1


def test_a_leader_in_charge_may_lead_without_being_a_member(record, person):
    session = record(led_by=person("deputy1"))
    assert session.led_by == person("deputy1")


@pytest.mark.parametrize(
    ("changes", "code", "words"),
    [
        ({"held_on": timezone.localdate() + dt.timedelta(days=1)}, "date_in_future", "不能晚于今天"),
        ({"held_on": timezone.localdate() - dt.timedelta(days=90)}, "before_issued", "早于文件日期"),
        ({"held_on": dt.date(1999, 12, 31)}, "invalid", "不能早于2000年"),
        ({"notes": "  "}, "required", "学习内容"),
        ({"attendees": []}, "required", "参加人员"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(record, changes, code, words):
    with pytest.raises(InvalidInput) as refused:
        record(**changes)
    assert refused.value.code == code and words in refused.value.message
    assert not StudySession.objects.exists()


def test_an_attendee_from_another_unit_is_named(record, person):
    with pytest.raises(InvalidInput) as refused:
        record(attendees=[person("gb1-staff"), person("gb2-staff")])
    assert refused.value.code == "attendee_outside_unit"
    assert person("gb2-staff").name in refused.value.message and "干部一科" in refused.value.message
    assert refused.value.errors["attendees"]


def test_the_leader_is_an_attendee_or_in_charge(record, person):
    with pytest.raises(InvalidInput) as refused:
        record(led_by=person("gb2-staff"))
    assert refused.value.code == "ineligible_leader"


def test_only_the_units_own_people_record_it(record, user):
    for username in ("gb2-staff", "deputy1", "inspector"):
        with pytest.raises(Forbidden) as refused:
            record(actor=user(username))
        assert refused.value.code == "not_own_unit" and "干部一科" in refused.value.message
    assert not StudySession.objects.exists()


def test_the_head_of_a_unit_records_it(record, user):
    assert record(actor=user("gb1-head")).recorded_by.user.username == "gb1-head"


def test_a_second_submit_is_refused_not_doubled(record):
    record()
    with pytest.raises(Conflict) as refused:
        record()
    assert refused.value.code == "duplicate_submit" and "请勿重复提交" in refused.value.message
    assert StudySession.objects.count() == 1


def test_a_file_that_is_not_an_image_is_refused_before_anything_is_written(record):
    with pytest.raises(InvalidInput) as refused:
        record(photos=[SimpleUploadedFile("学习.jpg", b"%PDF-1.4 not a photo", "image/jpeg")])
    assert refused.value.code == "file_content"
    with pytest.raises(InvalidInput) as refused:
        record(photos=[SimpleUploadedFile("学习.pdf", b"%PDF-1.4", "application/pdf")])
    assert refused.value.code == "file_type"
    assert not StudySession.objects.exists() and not StudyPhoto.objects.exists()


def test_a_photo_over_the_limit_is_refused_from_its_announced_size(record, settings):
    settings.LUOSHI_MAX_UPLOAD_MB = 50
    big = SimpleUploadedFile("学习.jpg", jpeg(), "image/jpeg")
    big.size = 200 * 1024 * 1024
    with pytest.raises(InvalidInput) as refused:
        record(photos=[big])
    assert refused.value.code == "file_too_big" and "50MB" in refused.value.message
    assert not StudySession.objects.exists()


def test_a_png_is_stored_as_jpeg(record):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 90, 200)).save(buffer, "PNG")
    session = record(photos=[SimpleUploadedFile("合影.png", buffer.getvalue(), "image/png")])
    photo = session.photos.get()
    assert photo.name == "合影.jpg" and photo.content_type == "image/jpeg"
    assert Unit.objects.get(code="gb1") == session.unit
