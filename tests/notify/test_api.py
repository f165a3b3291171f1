"""GET /api/v1/notifications/ and POST …/{id}/read/: the caller's own, and nothing else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.notify.models import Notification
from luoshi.notify.services import notify

URL = "/api/v1/notifications/"


@pytest.fixture
def notes(user):
    mine = [notify([user("gb1-head")], "assigned", title=f"新交办任务{i}")[0] for i in range(3)]
    theirs = notify([user("gb2-head")], "assigned", title="别人的")[0]
    return mine, theirs


def test_the_list_is_the_callers_own_with_the_published_fields(api_as, notes):
    response = api_as("gb1-head").get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and body["next"] is None
    assert {"id", "kind", "task", "created_at", "read_at"} <= set(body["results"][0])
    assert [r["title"] for r in body["results"]] == ["新交办任务2", "新交办任务1", "新交办任务0"]


def test_unread_filter_and_mark_read(api_as, notes):
    mine, _ = notes
    client = api_as("gb1-head")
    response = client.post(f"{URL}{mine[0].pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"]
    again = client.post(f"{URL}{mine[0].pk}/read/")
    assert again.json()["read_at"] == response.json()["read_at"], "reading twice changes nothing"
    assert client.get(URL, {"unread": "true"}).json()["count"] == 2
    assert client.get(URL, {"unread": "false"}).json()["count"] == 1


@pytest.mark.parametrize("which", ["theirs", "forged", "absent"])
def test_someone_elses_or_a_forged_id_is_404(api_as, notes, which):
    _, theirs = notes
    pk = {"theirs": theirs.pk, "forged": "abc", "absent": 999999}[which]
    client = api_as("gb1-head")
    for response in (client.get(f"{URL}{pk}/"), client.post(f"{URL}{pk}/read/")):
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_401_and_admins_403(api_as, notes):
    assert api_as(None).get(URL).status_code == 401
    assert api_as("admin").get(URL).status_code == 403


def test_query_count_does_not_grow_with_rows(api_as, user):
    client = api_as("gb1-head")
    client.get(URL)  # the caller's person and roles are looked up once per user, not per row

    def count(n):
        for i in range(n):
            Notification.objects.create(recipient=user("gb1-head"), kind="due_soon", title=f"t{i}")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    assert count(2) == count(20)
