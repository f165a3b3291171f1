"""/api/v1/accountability/: the ledger a caller may see, the unit's reason by task or by matter, the
leader's decision once, with the error codes of docs/api.md."""

from rest_framework.test import APIClient

from luoshi.assessment.models import Accountability, Adjustment
from luoshi.tasks.models import Task
from tests.factories import task_of

from .conftest import overdue


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_the_ledger_and_a_matter(org, matter):
    body = api(org.deputy).get("/api/v1/accountability/?status=awaiting_reason").json()
    (row,) = body["results"]
    assert (row["task_title"], row["unit_name"], row["late_days"], row["status"]) == (
        "逾期的调研",
        "干部一科",
        5,
        "awaiting_reason",
    )
    assert api(org.heads["b"]).get(f"/api/v1/accountability/{matter.pk}/").status_code == 404
    assert api(org.deputy).get("/api/v1/accountability/?status=nope").status_code == 400


def test_the_unit_explains_by_task(org):
    late = overdue(org.sections["b"], title="逾期的制度修订")
    made = api(org.heads["b"]).post(
        "/api/v1/accountability/", {"task": late.pk, "reason": "等待上级文件"}, format="json"
    )
    assert made.status_code == 201 and made.json()["status"] == "awaiting_decision"
    fine = task_of(org.sections["b"])
    refused = api(org.heads["b"]).post(
        "/api/v1/accountability/", {"task": fine.pk, "reason": "无"}, format="json"
    )
    assert refused.status_code == 409 and refused.json()["code"] == "not_overdue"
    assert Accountability.objects.count() == 1


def test_the_leader_decides_once(org, matter, current):
    client = api(org.deputy)
    url = f"/api/v1/accountability/{matter.pk}/decide/"
    own = api(org.heads["a"]).post(url, {"decision": "talk"}, format="json")
    assert own.status_code == 403 and own.json()["code"] == "own_unit"
    missing = client.post(url, {"decision": "deduct", "points": "2"}, format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "period_required"
    done = client.post(url, {"decision": "deduct", "points": "2", "period": current.pk}, format="json")
    assert done.status_code == 200 and done.json()["adjustment"] == Adjustment.objects.get().pk
    twice = client.post(url, {"decision": "deduct", "points": "2", "period": current.pk}, format="json")
    assert twice.status_code == 409 and twice.json()["code"] == "already_decided"
    assert Adjustment.objects.count() == 1
    late = api(org.heads["a"]).post(
        f"/api/v1/accountability/{matter.pk}/explain/", {"reason": "补充"}, format="json"
    )
    assert late.status_code == 409
    assert Task.objects.filter(pk=matter.task_id).exists()
