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
