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
