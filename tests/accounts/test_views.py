"""Login, lockout, forced password change, session expiry, the token endpoint and the audit log."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from luoshi.accounts.models import Account, SecurityEvent, SecurityEventKind
from luoshi.org.models import Person
from tests.conftest import DEMO_PASSWORD


def login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_page_is_chinese_and_says_it_is_a_demo(demo):
    page = Client().get("/accounts/login/").content.decode()
    assert "登 录" in page and "演示系统" in page and "luoshi-demo" in page


def test_login_and_the_audit_row(demo):
    client = Client()
    response = login(client, "gb1-staff", DEMO_PASSWORD)
    assert response.status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN, username="gb1-staff").exists()


def test_wrong_password_is_a_chinese_error(demo):
    page = login(Client(), "gb1-staff", "wrong-password").content.decode()
    assert "账号或密码不正确" in page
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED, username="gb1-staff").exists()


def test_six_wrong_passwords_lock_the_account_for_fifteen_minutes(demo):
    client = Client()
    for _ in range(5):
        login(client, "gb1-head", "wrong-password")
    response = login(client, "gb1-head", DEMO_PASSWORD)  # even the right one is refused now
    assert response.status_code == 403
    assert "账号已被锁定15分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT, username="gb1-head").exists()


def test_the_token_endpoint_shares_the_lockout(demo):
    api = APIClient()
    for _ in range(4):
        assert (
            api.post(
                "/api/v1/auth/token/", {"username": "gb2-head", "password": "nope-nope-nope"}
            ).status_code
            == 400
        )
    fifth = api.post("/api/v1/auth/token/", {"username": "gb2-head", "password": "nope-nope-nope"})
    assert fifth.status_code == 403 and "锁定" in fifth.json()["detail"]
    response = api.post("/api/v1/auth/token/", {"username": "gb2-head", "password": DEMO_PASSWORD})
    assert response.status_code == 403
    assert response.json()["code"] == "locked_out"
    assert login(Client(), "gb2-head", DEMO_PASSWORD).status_code == 403


def test_security_admin_unlocks_an_account(client_as, demo):
    for _ in range(5):
        login(Client(), "gb2-head", "wrong-password")
    page = client_as("secadmin").get("/org/roles/").content.decode()
    assert "被锁定的账号" in page and "gb2-head" in page
    client_as("secadmin").post("/org/roles/unlock/", {"username": "gb2-head"})
    assert login(Client(), "gb2-head", DEMO_PASSWORD).status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.UNLOCKED, target="gb2-head").exists()


def test_token_endpoint_gives_a_working_token(demo):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "deputy1", "password": DEMO_PASSWORD}, format="json"
    )
    token = response.json()["token"]
    me = APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["username"] == "deputy1"


@pytest.mark.parametrize("body", [{}, {"username": "deputy1"}, {"password": "x"}])
def test_token_endpoint_rejects_incomplete_bodies_in_chinese(demo, body):
    response = APIClient().post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert response.json()["detail"].startswith("提交的数据有误")


def test_first_login_forces_a_password_change(client_as, demo):
    Account.objects.filter(user__username="gb1-staff").update(must_change_password=True)
    client = client_as("gb1-staff")
    assert client.get("/org/")["Location"] == "/accounts/password/"
    page = client.get("/accounts/password/").content.decode()
    assert "请先设置您自己的密码" in page
    # A newcomer must learn that the old password is the two halves he was told, joined.
    assert "“原密码”填您刚才登录用的密码" in page and "前半段在前" in page
    response = client.post(
        "/accounts/password/",
        {
            "old_password": DEMO_PASSWORD,
            "new_password": "Qingshan-Lvshui-7",
            "new_password_again": "Qingshan-Lvshui-7",
        },
    )
    assert response.status_code == 302
    assert client.get("/org/").status_code == 200
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.PASSWORD_CHANGED, username="gb1-staff"
    ).exists()


def test_api_token_is_refused_until_the_password_is_changed(demo):
    Account.objects.filter(user__username="gb1-staff").update(must_change_password=True)
    response = APIClient().post("/api/v1/auth/token/", {"username": "gb1-staff", "password": DEMO_PASSWORD})
    assert response.status_code == 403 and response.json()["code"] == "password_change_required"


@pytest.mark.parametrize(
    "new, again, message",
    [
        ("short", "short", "密码太短"),
        ("1234567890123", "1234567890123", "只包含数字"),
        ("Qingshan-Lvshui-7", "Qingshan-Lvshui-8", "两次输入的新密码不一致"),
    ],
)
def test_password_change_refusals(client_as, demo, new, again, message):
    client = client_as("gb1-staff")
    page = client.post(
        "/accounts/password/",
        {"old_password": DEMO_PASSWORD, "new_password": new, "new_password_again": again},
    ).content.decode()
    assert message in page
    assert Person.objects.get(user__username="gb1-staff").user.check_password(DEMO_PASSWORD)


def test_wrong_old_password_changes_nothing(client_as, demo):
    page = (
        client_as("gb1-staff")
        .post(
            "/accounts/password/",
            {
                "old_password": "not-it-at-all",
                "new_password": "Qingshan-Lvshui-7",
                "new_password_again": "Qingshan-Lvshui-7",
            },
        )
        .content.decode()
    )
    assert "原密码不正确" in page


def test_an_expired_session_mid_form_says_so_and_changes_nothing(client_as, demo):
    from luoshi.org.models import Unit

    client = client_as("admin")
    client.session.flush()  # what 30 idle minutes do on the server side
    client.cookies["sessionid"] = "expired-session-key"
    response = client.post("/org/manage/units/add/", {"code": "late", "name": "迟到的科", "kind": "section"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert not Unit.objects.filter(code="late").exists()
    page = client.get(response["Location"]).content.decode()
    assert "登录已超时" in page


def test_htmx_requests_after_expiry_redirect_the_whole_window(demo):
    response = Client().get("/org/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith("/accounts/login/")


def test_a_session_in_use_is_kept_alive_with_one_write_a_minute(client_as, monkeypatch, settings):
    """Thirty idle minutes end a session; using it pushes that back, without a write per request."""
    import time
    import types

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from luoshi.accounts.models import UserSession as Session

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = client_as("gb1-staff")
    client.get("/tasks/inbox/")
    key = client.session.session_key
    first = Session.objects.get(pk=key).expire_date
    with CaptureQueriesContext(connection) as ctx:
        client.get("/tasks/inbox/")
    assert not [q for q in ctx.captured_queries if 'UPDATE "accounts_usersession"' in q["sql"]]
    later = time.time() + 61
    monkeypatch.setattr("luoshi.accounts.middleware.time", types.SimpleNamespace(time=lambda: later))
    client.get("/tasks/inbox/")
    assert Session.objects.get(pk=key).expire_date > first


def test_audit_log_page_filters(client_as, demo):
    login(Client(), "gb1-staff", "wrong-password")
    page = client_as("auditor").get("/accounts/audit/", {"kind": "login_failed"}).content.decode()
    assert "登录失败" in page and "gb1-staff" in page


def test_login_logout_failure_lockout_and_token_login_carry_the_source_address(demo):
    client = Client(REMOTE_ADDR="10.9.0.1")
    login(client, "gb1-staff", DEMO_PASSWORD)
    client.post("/accounts/logout/")
    for _ in range(5):
        login(Client(REMOTE_ADDR="10.9.0.2"), "gb2-head", "wrong-password")
    APIClient(REMOTE_ADDR="10.9.0.3").post(
        "/api/v1/auth/token/", {"username": "deputy1", "password": DEMO_PASSWORD}
    )
    seen = set(SecurityEvent.objects.values_list("kind", "username", "ip_address"))
    assert {
        ("login", "gb1-staff", "10.9.0.1"),
        ("logout", "gb1-staff", "10.9.0.1"),
        ("login_failed", "gb2-head", "10.9.0.2"),
        ("locked_out", "gb2-head", "10.9.0.2"),
        ("login", "deputy1", "10.9.0.3"),
    } <= seen
    assert SecurityEvent.objects.get(kind="login", username="deputy1").detail == {"via": "api"}


def test_behind_a_trusted_proxy_logins_and_lockouts_carry_the_address_it_forwarded(demo, settings):
    settings.LUOSHI_TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    for _ in range(5):
        login(Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.66.6.6, 10.9.0.2"), "gb2-head", "x")
    APIClient(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.0.3").post(
        "/api/v1/auth/token/", {"username": "deputy1", "password": DEMO_PASSWORD}
    )
    seen = set(SecurityEvent.objects.values_list("kind", "username", "ip_address"))
    assert {
        ("login_failed", "gb2-head", "10.9.0.2"),
        ("locked_out", "gb2-head", "10.9.0.2"),
        ("login", "deputy1", "10.9.0.3"),
    } <= seen
    assert AccessAttempt.objects.get(username="gb2-head").ip_address == "10.9.0.2"


def _events(name: str, **fields) -> SecurityEvent:
    from luoshi.accounts.audit import record

    return record(fields.pop("kind", SecurityEventKind.LOGIN_FAILED), username=name, **fields)


def test_audit_log_filters_by_date_range_actor_and_kind(client_as, demo, user):
    import datetime as dt

    from django.utils import timezone

    _events("early-bird")
    _events("granted", kind=SecurityEventKind.ROLE_CHANGED, actor=user("secadmin"), target="granted")
    today = timezone.localdate()
    client = client_as("auditor")

    def shown(**query) -> str:
        return client.get("/accounts/audit/", query).content.decode()

    assert "early-bird" in shown(date_from=today.isoformat(), date_to=today.isoformat())
    assert "early-bird" not in shown(date_from=(today + dt.timedelta(days=1)).isoformat())
    assert "early-bird" not in shown(date_to=(today - dt.timedelta(days=1)).isoformat())
    by_actor = shown(username="secadmin")
    assert "granted" in by_actor and "early-bird" not in by_actor
    by_kind = shown(kind="role_changed")
    assert "granted" in by_kind and "early-bird" not in by_kind
    wrong = shown(date_from=today.isoformat(), date_to=(today - dt.timedelta(days=1)).isoformat())
    assert "截止日期不能早于起始日期" in wrong and "early-bird" not in wrong


def test_audit_log_export_keeps_text_as_text_and_is_itself_audited(client_as, demo):
    import io

    from openpyxl import load_workbook

    _events('=HYPERLINK("http://evil.example","x")')
    _events("+1+1")
    _events("someone-else", kind=SecurityEventKind.LOGOUT)
    response = client_as("auditor").get(
        "/accounts/audit/export.xlsx", {"kind": "login_failed"}, REMOTE_ADDR="10.7.7.7"
    )
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert sorted(row[3].value for row in rows) == ["+1+1", '=HYPERLINK("http://evil.example","x")']
    assert all(row[3].data_type == "s" for row in rows)
    export = SecurityEvent.objects.get(kind="export")
    assert (export.username, export.ip_address, export.target) == ("auditor", "10.7.7.7", "安全审计日志")


@pytest.mark.parametrize("username", ["admin", "secadmin", "head", "gb1-staff"])
def test_only_the_audit_admin_sees_or_exports_the_audit_log(client_as, demo, username):
    client = client_as(username)
    assert client.get("/accounts/audit/").status_code == 403
    assert client.get("/accounts/audit/export.xlsx").status_code == 403
    assert not SecurityEvent.objects.filter(kind="export").exists()


def test_logout_is_a_post(client_as, demo):
    client = client_as("head")
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/org/").status_code == 302


def test_the_token_answer_says_when_it_expires(demo):
    body = APIClient().post("/api/v1/auth/token/", {"username": "deputy1", "password": DEMO_PASSWORD}).json()
    assert len(body["token"]) == 64 and body["expiry"]


def test_a_token_login_resets_the_failure_count_like_a_web_login(demo):
    api = APIClient()
    for _ in range(4):
        api.post("/api/v1/auth/token/", {"username": "gb2-head", "password": "nope-nope-nope"})
    assert (
        api.post("/api/v1/auth/token/", {"username": "gb2-head", "password": DEMO_PASSWORD}).status_code
        == 200
    )
    for _ in range(4):
        assert (
            api.post(
                "/api/v1/auth/token/", {"username": "gb2-head", "password": "nope-nope-nope"}
            ).status_code
            == 400
        )
    assert (
        api.post("/api/v1/auth/token/", {"username": "gb2-head", "password": DEMO_PASSWORD}).status_code
        == 200
    )


def test_a_lockout_revokes_the_tokens_already_issued(demo):
    token = (
        APIClient()
        .post("/api/v1/auth/token/", {"username": "gb2-head", "password": DEMO_PASSWORD})
        .json()["token"]
    )
    for _ in range(5):
        login(Client(), "gb2-head", "wrong-password")
    me = APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me/")
    assert me.status_code == 401 and me.json()["code"] == "authentication_failed"
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ACCESS_REVOKED, username="gb2-head")
    assert event.detail["reason"] == "locked_out" and event.detail["tokens"] == 1


def test_an_account_with_two_factor_login_sends_its_code_for_a_token(user, enrolled, code_for):
    device, _ = enrolled(user("deputy1"))
    api = APIClient()
    asked = api.post("/api/v1/auth/token/", {"username": "deputy1", "password": DEMO_PASSWORD})
    assert asked.status_code == 403 and asked.json()["code"] == "otp_required"
    wrong = api.post(
        "/api/v1/auth/token/", {"username": "deputy1", "password": DEMO_PASSWORD, "otp": "000000"}
    )
    assert wrong.status_code == 400
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.TWO_FACTOR_FAILED, username="deputy1").exists()
    device.throttle_reset()
    ok = api.post(
        "/api/v1/auth/token/", {"username": "deputy1", "password": DEMO_PASSWORD, "otp": code_for(device)}
    )
    assert ok.status_code == 200 and ok.json()["token"]


@pytest.mark.parametrize("change", ["password", "deactivation"])
def test_the_attack_a_token_login_under_way_when_the_password_changes_gets_no_token(
    user, monkeypatch, change
):
    """The password was checked, then the token issued: its holder's change in between (which ends every
    token there is) left the one issued after it working."""
    from luoshi.accounts import services, views

    checked = views.authenticate

    def meanwhile(request, **credentials):
        found = checked(request, **credentials)
        holder = user("gb1-head")
        if change == "password":
            services.change_password(holder, old_password=DEMO_PASSWORD, new_password="Xin-mima-2026!")
        else:
            type(holder).objects.filter(pk=holder.pk).update(is_active=False)
        return found

    monkeypatch.setattr(views, "authenticate", meanwhile)
    answer = APIClient().post("/api/v1/auth/token/", {"username": "gb1-head", "password": DEMO_PASSWORD})
    assert answer.status_code == 400
    assert answer.json() == {"detail": "账号或密码不正确", "code": "authentication_failed"}
    assert not AuthToken.objects.filter(user__username="gb1-head").exists()


def test_an_admin_without_two_factor_gets_no_token_when_it_is_required(demo, settings):
    settings.LUOSHI_ADMIN_2FA_REQUIRED = True
    response = APIClient().post("/api/v1/auth/token/", {"username": "admin", "password": DEMO_PASSWORD})
    assert response.status_code == 403 and response.json()["code"] == "two_factor_required"


def test_the_schema_documents_the_token_endpoints_refusals(client_as):
    import yaml

    schema = yaml.safe_load(client_as("deputy1").get("/api/v1/schema/").content)
    responses = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert {"200", "400", "403"} <= set(responses)
    assert "locked_out" in responses["403"]["description"]
    assert responses["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")


def test_an_expired_password_forces_the_change_page_at_login(demo):
    from datetime import timedelta

    from django.utils import timezone

    from luoshi.accounts.models import PasswordHistory

    person = Person.objects.select_related("user").get(user__username="gb1-staff")
    Account.objects.filter(user=person.user).update(is_demo=False)
    PasswordHistory.objects.create(user=person.user, password=person.user.password)
    PasswordHistory.objects.filter(user=person.user).update(set_at=timezone.now() - timedelta(days=91))
    client = Client()
    login(client, "gb1-staff", DEMO_PASSWORD)
    assert client.get("/tasks/inbox/")["Location"] == "/accounts/password/"
    assert "您的密码已使用超过规定天数" in client.get("/accounts/password/").content.decode()


def test_the_audit_log_names_why_sessions_and_tokens_ended(client_as, user):
    from luoshi.accounts.services import issue_token, revoke_access

    issue_token(user("gb1-staff"))
    revoke_access(user("gb1-staff"), reason="locked_out")
    page = client_as("auditor").get("/accounts/audit/", {"kind": "access_revoked"}).content.decode()
    assert "注销会话与令牌" in page and "原因：账户锁定" in page and "令牌数：1" in page


def test_a_deeply_nested_body_to_the_token_endpoint_is_a_400_not_a_500(demo):
    body = "[" * 100_000 + "]" * 100_000
    response = APIClient().post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "parse_error"


def test_the_token_pages_name_tokens_in_chinese(client_as, user):
    import re

    client = client_as("bgs-staff")
    for path in ("/", "/accounts/tokens/"):
        text = re.sub(r"<[^>]+>", "", client.get(path, follow=True).content.decode())
        assert "接口令牌" in text and "API" not in text, path
    assert SecurityEventKind.label(SecurityEventKind.TOKEN_CREATED) == "签发接口令牌"
    assert SecurityEventKind.label(SecurityEventKind.TOKEN_REVOKED) == "吊销接口令牌"
