import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from luoshi.study.models import StudySession
from tests.core.images import jpeg


def form_data(directive, person, demo, **changes):
    data = {
        "directive": directive.pk,
        "unit": demo["gb1"],
        "held_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "led_by": person("gb1-head").pk,
        "attendees": [person("gb1-head").pk, person("gb1-staff").pk],
        "notes": "传达学习讲话精神",
    }
    data.update(changes)
    return data


def test_the_form_offers_the_units_people_all_ticked(client_as, directive, person):
    html = client_as("gb1-staff").get(f"/study/new/?directive={directive.pk}").content.decode()
    assert person("gb1-head").name in html and person("gb2-staff").name not in html
    assert html.count('name="attendees"') == html.count('name="attendees" value') >= 2
    assert f'value="{directive.pk}" selected' in html


def test_a_session_is_recorded_from_the_phone_form(client_as, directive, person, demo):
    data = form_data(directive, person, demo, photos=[SimpleUploadedFile("学习.jpg", jpeg(), "image/jpeg")])
    response = client_as("gb1-staff").post("/study/new/", data)
    session = StudySession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/study/{session.pk}/"
    page = client_as("gb1-staff").get(response["Location"]).content.decode()
    assert "传达学习讲话精神" in page and "学习照片1" in page
    photo = client_as("gb1-head").get(f"/study/photos/{session.photos.get().token}/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert "no-store" in photo["Cache-Control"] and "max-age=0" in photo["Cache-Control"]  # kept by no cache


def test_bad_input_comes_back_with_what_was_typed(client_as, directive, person, demo):
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client_as("gb1-staff").post(
        "/study/new/", form_data(directive, person, demo, held_on=future, notes="我们学了讲话")
    )
    html = response.content.decode()
    assert response.status_code == 400 and "学习日期不能晚于今天" in html
    assert "我们学了讲话" in html and future in html
    assert not StudySession.objects.exists()


def test_an_attendee_of_another_unit_is_refused_by_name(client_as, directive, person, demo):
    attendees = [person("gb1-staff").pk, person("gb2-staff").pk]
    response = client_as("gb1-staff").post(
        "/study/new/", form_data(directive, person, demo, attendees=attendees)
    )
    assert response.status_code == 400
    assert f"参加人员{person('gb2-staff').name}不是干部一科的人员" in response.content.decode()
    assert not StudySession.objects.exists()


def test_someone_of_another_unit_cannot_record_for_it(client_as, directive, person, demo):
    response = client_as("gb2-staff").post("/study/new/", form_data(directive, person, demo))
    assert response.status_code == 400 and "只能由干部一科的负责人或干部记录" in response.content.decode()
    assert not StudySession.objects.exists()


def test_a_photo_is_served_by_the_one_lookup_of_stored_files(client_as, record):
    """core.files.served, as for a task's or a problem's file: a photo of a session beyond one's rights
    answers 404 like a made-up token and is told to the security audit as 越权访问; one changed on disk since
    its SHA-256 was recorded at upload is refused (409) in Chinese, never the replacement."""
    from luoshi.accounts.models import SecurityEvent, SecurityEventKind

    photo = record(photos=[SimpleUploadedFile("学习.jpg", jpeg(), "image/jpeg")]).photos.get()
    outsider = client_as("gb2-staff")
    assert outsider.get(f"/study/photos/{photo.token}/").status_code == 404
    assert outsider.get("/study/photos/no-such-token/").status_code == 404
    denied = SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED, username="gb2-staff")
    assert [e.target for e in denied] == [f"study.StudySession:{{'pk': {photo.session_id}}}"]
    with photo.file.open("wb") as handle:
        handle.write(jpeg(32, 32))
    answer = client_as("gb1-head").get(f"/study/photos/{photo.token}/")
    assert answer.status_code == 409 and "与上传时的校验值不符" in answer.content.decode()


def test_a_photo_that_is_not_an_image_is_refused_next_to_the_photos(client_as, directive, person, demo):
    data = form_data(
        directive, person, demo, photos=[SimpleUploadedFile("学习.jpg", b"MZ\x90\x00 a program")]
    )
    html = client_as("gb1-staff").post("/study/new/", data).content.decode()
    assert "的内容与文件类型.jpg不符" in html and "请重新选择" in html
    assert not StudySession.objects.exists()


def test_a_double_submit_keeps_one_session(client_as, directive, person, demo):
    client = client_as("gb1-staff")
    assert client.post("/study/new/", form_data(directive, person, demo)).status_code == 302
    again = client.post("/study/new/", form_data(directive, person, demo))
    assert again.status_code == 400 and "请勿重复提交" in again.content.decode()
    assert StudySession.objects.count() == 1


def test_the_list_shows_what_the_unit_still_has_to_study(client_as, directive, record):
    html = client_as("gb2-staff").get("/study/").content.decode()
    assert "本单位待学习的文件" in html and directive.title in html
    record()
    html = client_as("gb1-staff").get("/study/").content.decode()
    assert "本单位待学习的文件" not in html and "传达学习讲话精神" not in html and directive.title in html


def test_the_directive_page_shows_who_studied_it_and_who_has_not(client_as, directive, record):
    session = record()
    html = client_as("gb2-staff").get(f"/directives/{directive.pk}/").content.decode()
    assert "学习情况" in html and "1个单位已学习，1个未学习" in html
    block = html[html.index('data-testid="study-progress"') :]
    assert block.index("干部一科") < block.index('border-danger-subtle rounded-pill px-2 py-1">干部二科')
    assert f"/study/{session.pk}/" not in html  # gb2-staff may not open 干部一科's session
    assert (
        f"/study/{session.pk}/" in client_as("gb1-staff").get(f"/directives/{directive.pk}/").content.decode()
    )


@pytest.mark.parametrize("username", ["inspector", "deputy1", "gb1-staff", "gb1-head", "jcq-head"])
def test_the_record_links_show_to_whom_the_form_takes(client_as, directive, username):
    """记录本单位学习 and 记录专题学习 lead to the form only for a unit's own head or staff; the read-only
    督查员 and a deputy, whose roles are held in the 部机关 to look at its work, see neither link (the form
    refuses them)."""
    client = client_as(username)
    form = client.get("/study/new/").status_code
    shown = [
        "记录本单位学习" in client.get(f"/directives/{directive.pk}/").content.decode(),
        "记录专题学习" in client.get("/study/").content.decode(),
    ]
    if username in ("inspector", "deputy1"):
        assert form == 403 and shown == [False, False]
    else:
        assert form == 200 and shown == [True, True]


def test_a_directive_id_that_is_not_a_whole_number_preselects_nothing(client_as, directive):
    response = client_as("gb1-staff").get("/study/new/?directive=²")
    html = response.content.decode()
    assert response.status_code == 200 and 'value="" selected' in html
    assert f'value="{directive.pk}" selected' not in html
