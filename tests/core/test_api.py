"""The API's conventions (luoshi.core.api): every error a Chinese detail and a machine code."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from luoshi.core.api import CSRF_REFUSED
from luoshi.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_a_session_call_without_its_csrf_token_is_refused_in_chinese(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="gb1-head"))
    response = client.post("/api/v1/tasks/", {"title": "x", "lead_unit": 3}, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": CSRF_REFUSED, "code": "permission_denied"}
    assert not Task.objects.filter(title="x").exists()


def test_the_sessions_own_csrf_refusal_is_chinese():
    from django.test import RequestFactory
    from rest_framework import exceptions
    from rest_framework.settings import api_settings

    from luoshi.core.api import SessionAuthentication

    assert SessionAuthentication in api_settings.DEFAULT_AUTHENTICATION_CLASSES
    request = RequestFactory().post("/api/v1/tasks/")
    with pytest.raises(exceptions.PermissionDenied) as refused:
        SessionAuthentication().enforce_csrf(request)
    assert refused.value.detail == CSRF_REFUSED


def test_the_attack_a_hidden_row_asked_by_id_is_in_the_audit_once_an_absent_one_not(api_as, user):
    """越权访问 through the API: GET /api/v1/tasks/<id>/ (and every retrieve answered by DRF's own lookup) of
    a row beyond the caller's rights was a 404 and no audit row, while /api/v1/problems/<id>/, which asks
    get_visible_or_404, recorded one. Each hidden row is recorded once; an absent id, a visible row and a
    string for an id are not."""
    from luoshi.accounts.models import SecurityEvent, SecurityEventKind
    from luoshi.accounts.wording import worded
    from luoshi.org.models import Unit
    from luoshi.problems.services import record_problem
    from luoshi.tasks.services import create_task

    gb1 = Unit.objects.get(code="gb1")
    task = create_task(actor=user("gb1-head"), title="干部一科内部事项", lead_unit=gb1)
    problem = record_problem(actor=user("gb1-head"), unit=gb1, source="self_check", description="台账不全")
    client = api_as("rc-staff")
    for path in (f"/api/v1/tasks/{task.pk}/", f"/api/v1/problems/{problem.pk}/", "/api/v1/tasks/999999/"):
        assert client.get(path).status_code == 404
    assert client.get("/api/v1/tasks/abc/").status_code == 404
    assert api_as("gb1-head").get(f"/api/v1/tasks/{task.pk}/").status_code == 200
    denied = SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED).order_by("id")
    assert {e.target_text for e in worded(denied)} == {f"任务（编号{task.pk}）", f"问题（编号{problem.pk}）"}
    assert [(e.username, e.target, e.ip_address) for e in denied] == [
        ("rc-staff", f"tasks.Task:{{'pk': {task.pk}}}", "127.0.0.1"),
        ("rc-staff", f"problems.Problem:{{'pk': '{problem.pk}'}}", "127.0.0.1"),  # get_visible_or_404's
    ]


def test_a_flood_of_forged_ids_writes_a_bounded_number_of_audit_rows(api_as, user, monkeypatch):
    """Each hidden row asked by id was one audit row: ten thousand forged ids, ten thousand rows in the
    hash chain. An account's 越权访问 are recorded up to a bound a window, the last saying so."""
    from luoshi.accounts import audit
    from luoshi.accounts.models import SecurityEvent, SecurityEventKind
    from luoshi.org.models import Unit
    from luoshi.tasks.services import create_task

    monkeypatch.setattr(audit, "DENIALS_RECORDED", 3)
    gb1 = Unit.objects.get(code="gb1")
    tasks = [create_task(actor=user("gb1-head"), title=f"内部事项{n}", lead_unit=gb1) for n in range(5)]
    client = api_as("rc-staff")
    for task in tasks:
        assert client.get(f"/api/v1/tasks/{task.pk}/").status_code == 404
    denied = list(SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED).order_by("id"))
    assert [e.target for e in denied] == [f"tasks.Task:{{'pk': {t.pk}}}" for t in tasks[:3]]
    assert "不再逐条记录" in denied[-1].detail["bounded"] and "bounded" not in denied[0].detail
    assert api_as("gb1-staff").get(f"/api/v1/tasks/{tasks[0].pk}/").status_code == 200
