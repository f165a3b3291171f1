"""Session lifetimes, the forced password change and the administrators' required second factor."""

import time
import types

from rest_framework.test import APIClient

from luoshi.accounts import services
from luoshi.accounts.models import Account, UserSession
from tests.conftest import DEMO_PASSWORD


def test_a_busy_session_still_ends_after_the_absolute_lifetime(client_as, monkeypatch, settings):
    assert settings.LUOSHI_SESSION_MAX_HOURS == 12
    client = client_as("gb1-staff")
    assert client.get("/tasks/inbox/").status_code == 200
    later = time.time() + 12 * 3600 + 1
    monkeypatch.setattr("luoshi.accounts.middleware.time", types.SimpleNamespace(time=lambda: later))
    response = client.get("/tasks/inbox/")
    assert response.status_code == 302 and "expired=1" in response["Location"]
    assert not UserSession.objects.filter(user__username="gb1-staff").exists()


def test_within_the_lifetime_the_session_goes_on(client_as, monkeypatch):
    client = client_as("gb1-staff")
    later = time.time() + 11 * 3600
    monkeypatch.setattr("luoshi.accounts.middleware.time", types.SimpleNamespace(time=lambda: later))
    assert client.get("/tasks/inbox/").status_code == 200


def test_an_admin_enrols_before_anything_else_when_required(client_as, settings, enrolled, code_for, user):
    settings.LUOSHI_ADMIN_2FA_REQUIRED = True
    client = client_as("auditor")
    assert client.get("/accounts/audit/")["Location"] == "/accounts/two-factor/"
    page = client.get("/accounts/two-factor/").content.decode()
    assert "扫描二维码" in page and "<svg" in page and "管理员账号必须启用" in page
    device = user("auditor").totpdevice_set.get()
    response = client.post("/accounts/two-factor/", {"action": "enrol", "code": code_for(device)})
    assert "恢复码（只显示这一次）" in response.content.decode()
    assert client.get("/accounts/audit/").status_code == 200


def test_an_enrolled_admins_unverified_session_must_verify(client_as, settings, enrolled, code_for, user):
    settings.LUOSHI_ADMIN_2FA_REQUIRED = True
    device, _ = enrolled(user("secadmin"))
    client = client_as("secadmin")  # a session that skipped the second step
    assert client.get("/org/roles/")["Location"] == "/accounts/two-factor/"
    assert "验证本次登录" in client.get("/accounts/two-factor/").content.decode()
    client.post("/accounts/two-factor/", {"action": "verify", "code": code_for(device)})
    assert client.get("/org/roles/").status_code == 200


def test_business_users_are_not_made_to_enrol(client_as, settings):
    settings.LUOSHI_ADMIN_2FA_REQUIRED = True
    assert client_as("gb1-staff").get("/tasks/inbox/").status_code == 200


def test_the_demo_and_the_tests_leave_it_off(settings):
    assert settings.LUOSHI_ADMIN_2FA_REQUIRED is False


def test_a_session_that_must_change_its_password_gets_nothing_from_the_api(client_as, user):
    services.require_password_change(user("deputy3"))
    client = client_as("deputy3")
    for response in (
        client.get("/api/v1/me/"),
        client.get("/api/v1/tasks/"),
        client.post("/api/v1/tasks/", {"title": "临时密码会话建的任务"}, content_type="application/json"),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "password_change_required"
        assert "修改密码" in response.json()["detail"]
    assert client.get("/tasks/")["Location"] == "/accounts/password/"
    client.post(
        "/accounts/password/",
        {
            "old_password": DEMO_PASSWORD,
            "new_password": "Qingshan-Lvshui-7",
            "new_password_again": "Qingshan-Lvshui-7",
        },
    )
    assert client.get("/api/v1/me/").status_code == 200


def test_a_token_issued_before_a_password_change_is_required_stops_working(user):
    holder = user("deputy3")
    key = services.issue_token(holder).key
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").status_code == 200
    services.require_password_change(holder)
    assert Account.objects.get(user=holder).must_change_password
    assert api.get("/api/v1/me/").status_code == 401


def test_an_admins_session_without_its_second_factor_gets_nothing_from_the_api(
    client_as, settings, enrolled, code_for, user
):
    settings.LUOSHI_ADMIN_2FA_REQUIRED = True
    device, _ = enrolled(user("secadmin"))
    client = client_as("secadmin")  # the password step only
    for response in (client.get("/api/v1/me/"), client.get("/api/v1/schema/")):
        assert response.status_code == 403
        assert response.json()["code"] == "two_factor_required" and "两步验证" in response.json()["detail"]
    assert client_as("auditor").get("/api/v1/me/").json()["code"] == "two_factor_required"  # not enrolled
    client.post("/accounts/two-factor/", {"action": "verify", "code": code_for(device)})
    assert client.get("/api/v1/me/").status_code == 200


def test_a_session_whose_user_id_is_not_a_whole_number_is_kept_without_its_user(db):
    from django.contrib.auth import SESSION_KEY

    from luoshi.accounts.sessions import SessionStore

    assert SessionStore().create_model_instance({SESSION_KEY: "²"}).user_id is None
    assert SessionStore().create_model_instance({SESSION_KEY: "12"}).user_id == 12
