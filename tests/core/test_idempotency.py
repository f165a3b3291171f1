"""Idempotency-Key: one effect per key, a replayed answer, 409 on reuse, expiry, and two identical
requests arriving at once (run on PostgreSQL too)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APIClient

from luoshi.core.idempotency import purge_expired
from luoshi.core.models import IdempotencyKey
from luoshi.tasks.choices import EventKind
from luoshi.tasks.models import Task
from tests.concurrency import at_once


def test_a_replay_returns_the_first_answer_not_the_current_state(api_as, make_task, user):
    from luoshi.tasks import services

    task = make_task(acknowledge=True)
    client = api_as("gb1-staff")
    path = f"/api/v1/tasks/{task.pk}/feedback/"
    first = client.post(path, {"progress_text": "一", "percent": 30}, format="json", HTTP_IDEMPOTENCY_KEY="x")
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="二", percent=60)
    again = client.post(path, {"progress_text": "一", "percent": 30}, format="json", HTTP_IDEMPOTENCY_KEY="x")
    assert (
        again.json()["progress"] == 30 == first.json()["progress"] and again["Idempotent-Replayed"] == "true"
    )
    assert task.feedback.count() == 2


def test_the_same_key_on_another_path_is_a_409(api_as, make_task):
    a, b = make_task(assign=True), make_task(assign=True)
    client = api_as("gb1-head")
    assert client.post(f"/api/v1/tasks/{a.pk}/acknowledge/", HTTP_IDEMPOTENCY_KEY="k").status_code == 200
    response = client.post(f"/api/v1/tasks/{b.pk}/acknowledge/", HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "该 Idempotency-Key 已用于另一个不同的请求，请为新的请求换一个键",
        "code": "idempotency_key_reused",
    }
    b.refresh_from_db()
    assert b.status == "assigned"


def test_multipart_bodies_compare_by_file_content(api_as, make_task):
    from django.core.files.uploadedfile import SimpleUploadedFile

    task = make_task(acknowledge=True)
    client = api_as("gb1-staff")
    path = f"/api/v1/tasks/{task.pk}/feedback/"

    def send(content):
        return client.post(
            path,
            {"progress_text": "附件", "percent": 10, "files": [SimpleUploadedFile("a.txt", content)]},
            format="multipart",
            HTTP_IDEMPOTENCY_KEY="m",
        )

    assert send(b"one").status_code == 200
    assert send(b"one").status_code == 200
    assert send(b"two").status_code == 409
    assert task.feedback.count() == 1 and task.attachments.count() == 1


def test_keys_expire_after_a_day(api_as, make_task):
    task = make_task(acknowledge=True)
    client = api_as("gb1-staff")
    path = f"/api/v1/tasks/{task.pk}/feedback/"
    body = {"progress_text": "一", "percent": 30}
    client.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY="old")
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    client.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY="old")
    assert task.feedback.count() == 2 and IdempotencyKey.objects.count() == 1
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    assert purge_expired() == 1 and not IdempotencyKey.objects.exists()


def test_an_overlong_key_is_a_400(api_as, make_task):
    task = make_task(assign=True)
    response = api_as("gb1-head").post(
        f"/api/v1/tasks/{task.pk}/acknowledge/", HTTP_IDEMPOTENCY_KEY="k" * 300
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_idempotency_key"


def test_without_a_key_nothing_is_stored(api_as, make_task):
    task = make_task(assign=True)
    api_as("gb1-head").post(f"/api/v1/tasks/{task.pk}/acknowledge/")
    assert not IdempotencyKey.objects.exists()


def test_an_upload_is_received_and_hashed_before_the_transaction_opens(api_as, make_task, monkeypatch):
    """The transaction around the view holds SQLite's write lock from its start: the body, which a client on
    a slow link sends as slowly as it likes, is read to its end and its files hashed before it opens."""
    from types import SimpleNamespace

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.client import FakePayload

    from luoshi.core import idempotency

    task = make_task(acknowledge=True)
    client = api_as("gb1-staff")
    events = []
    payload_read, atomic = FakePayload.read, idempotency.transaction.atomic

    def read(payload, *args):
        events.append("body read")
        return payload_read(payload, *args)

    def hashed(request):
        events.append("hashed")
        return fingerprint(request)

    def opened(*args, **kwargs):
        events.append("transaction")
        return atomic(*args, **kwargs)

    fingerprint = idempotency.fingerprint
    monkeypatch.setattr(FakePayload, "read", read)
    monkeypatch.setattr(idempotency, "fingerprint", hashed)
    monkeypatch.setattr(idempotency, "transaction", SimpleNamespace(atomic=opened))
    response = client.post(
        f"/api/v1/tasks/{task.pk}/feedback/",
        {"progress_text": "附件", "percent": 10, "files": [SimpleUploadedFile("台账.txt", b"x" * 300_000)]},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="upload",
    )
    assert response.status_code == 200 and "transaction" in events
    first = events.index("transaction")
    assert {"body read", "hashed"} <= set(events[:first]) and "body read" not in events[first:]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_body", [True, False])
def test_two_identical_requests_at_once_have_one_effect(make_task, same_body):
    task = make_task(acknowledge=True)
    staff = get_user_model().objects.get(username="gb1-staff")

    def send(percent):
        client = APIClient()
        client.force_authenticate(staff)
        response = client.post(
            f"/api/v1/tasks/{task.pk}/feedback/",
            {"progress_text": "同时", "percent": percent},
            format="json",
            HTTP_IDEMPOTENCY_KEY="same",
        )
        return response.status_code, response.json()

    answers = at_once(lambda: send(30), lambda: send(30 if same_body else 40))
    statuses = sorted(code for code, _ in answers)
    assert Task.objects.get(pk=task.pk).events.filter(kind=EventKind.FEEDBACK).count() == 1
    refused = {body["code"] for code, body in answers if code == 409}
    if same_body:  # the second either replays the first's answer or is told it is still running
        assert statuses in ([200, 200], [200, 409]) and refused <= {"idempotency_in_progress"}
    else:
        assert statuses == [200, 409] and refused <= {"idempotency_key_reused", "idempotency_in_progress"}


def test_a_key_whose_first_request_still_runs_is_a_409_at_once(api_as, make_task, user):
    task = make_task(acknowledge=True)
    client = api_as("gb1-staff")
    path = f"/api/v1/tasks/{task.pk}/feedback/"
    body = {"progress_text": "一", "percent": 30}
    client.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY="busy")
    IdempotencyKey.objects.update(status=None, body=None)  # as if the first were still at work
    response = client.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY="busy")
    assert response.status_code == 409 and response.json()["code"] == "idempotency_in_progress"
    assert task.feedback.count() == 1


def test_the_tick_purges_expired_keys(api_as, make_task):
    from luoshi.notify.tick import tick

    task = make_task(assign=True)
    api_as("gb1-head").post(f"/api/v1/tasks/{task.pk}/acknowledge/", HTTP_IDEMPOTENCY_KEY="k")
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    tick()
    assert not IdempotencyKey.objects.exists()


def test_a_view_answering_4xx_after_its_writes_leaves_nothing_written_and_its_key_free(make_task, user):
    from rest_framework.parsers import JSONParser
    from rest_framework.request import Request
    from rest_framework.response import Response
    from rest_framework.test import APIRequestFactory

    from luoshi.core.idempotency import idempotent

    task = make_task()
    answers = [400, 200]

    @idempotent
    def rename(view, request):
        Task.objects.filter(pk=task.pk).update(title=request.data["title"])
        status = answers.pop(0)
        return Response({"title": request.data["title"]}, status=status)

    def send():
        posted = APIRequestFactory().post(
            "/rename/", {"title": "改过"}, format="json", HTTP_IDEMPOTENCY_KEY="r"
        )
        request = Request(posted, parsers=[JSONParser()])
        request.user = user("gb1-head")
        return rename(None, request)

    assert send().status_code == 400
    task.refresh_from_db()
    assert task.title != "改过" and not IdempotencyKey.objects.filter(key="r").exists()
    assert send().status_code == 200 and Task.objects.get(pk=task.pk).title == "改过"
    replayed = send()
    assert replayed.status_code == 200 and replayed["Idempotent-Replayed"] == "true" and answers == []
