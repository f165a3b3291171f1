import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from luoshi.study.models import StudySession
from tests.core.images import jpeg


def body(doc, person, demo, **changes):
    data = {
        "directive": doc.pk,
        "unit": demo["gb1"],
        "held_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "led_by": person("gb1-head").pk,
        "attendees": [person("gb1-head").pk, person("gb1-staff").pk],
        "notes": "传达学习讲话精神",
    }
    data.update(changes)
    return data


def test_a_session_is_recorded_and_listed(api_as, directive, person, demo):
    api = api_as("gb1-staff")
    response = api.post("/api/v1/study-sessions/", body(directive, person, demo), format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["unit_name"] == "干部一科" and created["led_by_name"] == person("gb1-head").name
    assert created["attendees"] == sorted([person("gb1-head").pk, person("gb1-staff").pk])
    assert created["url"] == f"/study/{created['id']}/"
    listed = api.get(f"/api/v1/study-sessions/?directive={directive.pk}").json()
    assert [row["id"] for row in listed["results"]] == [created["id"]]
    assert api_as("gb2-staff").get(f"/api/v1/study-sessions/{created['id']}/").status_code == 404


def test_photos_come_as_multipart(api_as, directive, person, demo):
    data = body(directive, person, demo, photos=[SimpleUploadedFile("学习.jpg", jpeg(), "image/jpeg")])
    response = api_as("gb1-staff").post("/api/v1/study-sessions/", data, format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json()["photos"][0]["url"].startswith("/study/photos/")


def test_refusals_carry_their_codes(api_as, directive, person, demo):
    api = api_as("gb1-staff")
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    cases = [
        (api, body(directive, person, demo, held_on=future), 400, "date_in_future"),
        (
            api,
            body(directive, person, demo, attendees=[person("gb2-staff").pk]),
            400,
            "attendee_outside_unit",
        ),
        (api, body(directive, person, demo, attendees=[999999]), 400, "unknown_person"),
        (api_as("gb2-staff"), body(directive, person, demo), 403, "not_own_unit"),
        (api, body(directive, person, demo, directive=999999), 404, "not_found"),
    ]
    for client, data, status, code in cases:
        response = client.post("/api/v1/study-sessions/", data, format="json")
        assert (response.status_code, response.json()["code"]) == (status, code), data
    assert not StudySession.objects.exists()


def test_the_same_key_records_once_and_a_second_submit_is_a_conflict(api_as, directive, person, demo):
    api = api_as("gb1-staff")
    data = body(directive, person, demo)
    first = api.post("/api/v1/study-sessions/", data, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = api.post("/api/v1/study-sessions/", data, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    other = api.post("/api/v1/study-sessions/", data, format="json")
    assert other.status_code == 409 and other.json()["code"] == "duplicate_submit"
    assert StudySession.objects.count() == 1
