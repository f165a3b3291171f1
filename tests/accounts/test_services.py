"""Account services: the end of every session and token, expiring tokens and passwords, admin reset codes."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone
from knox.models import AuthToken

from luoshi.accounts import services
from luoshi.accounts.models import (
    Account,
    PasswordHistory,
    PasswordResetCode,
    SecurityEvent,
    SecurityEventKind,
    UserSession,
)
from luoshi.core.errors import Forbidden, InvalidInput
from tests.conftest import DEMO_PASSWORD

NEW = "Qingshan-Lvshui-7"


def sessions_of(username):
    return UserSession.objects.filter(user__username=username)


def test_password_change_ends_other_sessions_and_every_token_but_keeps_this_one(client_as, user):
    # given: two browsers and two API tokens
    here, there = client_as("gb1-staff"), client_as("gb1-staff")
    services.issue_token(user("gb1-staff"))
    services.issue_token(user("gb1-staff"))
    assert sessions_of("gb1-staff").count() == 2
    # when
    response = here.post(
        "/accounts/password/", {"old_password": DEMO_PASSWORD, "new_password": NEW, "new_password_again": NEW}
    )
    # then
    assert response.status_code == 302
    assert here.get("/tasks/inbox/").status_code == 200
    assert there.get("/tasks/inbox/").status_code == 302
    assert sessions_of("gb1-staff").count() == 1
    assert not AuthToken.objects.filter(user__username="gb1-staff").exists()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ACCESS_REVOKED, username="gb1-staff")
    assert event.detail == {"reason": "password_changed", "sessions": 1, "tokens": 2}


def test_a_token_expires_after_the_configured_days(user, settings):
    issued = services.issue_token(user("deputy1"))
    expected = timezone.now() + timedelta(days=settings.LUOSHI_TOKEN_DAYS)
    assert settings.LUOSHI_TOKEN_DAYS == 30
    assert abs((issued.expiry - expected).total_seconds()) < 60
    assert AuthToken.objects.get(user__username="deputy1").digest != issued.key  # only the digest is stored


def test_an_expired_password_is_sent_to_the_change_page_once(demo, settings):
    user = get_user_model().objects.get(username="gb1-staff")
    Account.objects.filter(user=user).update(is_demo=False)
    PasswordHistory.objects.create(user=user, password=user.password)
    PasswordHistory.objects.filter(user=user).update(set_at=timezone.now() - timedelta(days=91))
    assert services.force_change_if_expired(user)
    assert Account.objects.get(user=user).must_change_password
    assert (
        SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_EXPIRED, username="gb1-staff").count()
        == 1
    )
    settings.LUOSHI_PASSWORD_MAX_DAYS = 0
    assert not services.password_expired(user)


def test_demo_accounts_never_expire(user):
    staff = user("gb1-staff")
    PasswordHistory.objects.create(user=staff, password=staff.password)
    PasswordHistory.objects.filter(user=staff).update(set_at=timezone.now() - timedelta(days=400))
    assert not services.password_expired(staff)


def test_an_expired_password_gets_no_token(demo):
    user = get_user_model().objects.get(username="gb1-staff")
    Account.objects.filter(user=user).update(is_demo=False)
    get_user_model().objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=100))
    user.refresh_from_db()
    with pytest.raises(Forbidden) as exc:
        services.issue_token(user)
    assert exc.value.code == "password_change_required"
    assert not AuthToken.objects.filter(user=user).exists()


def test_only_the_owner_revokes_a_token(user):
    services.issue_token(user("deputy1"))
    key = AuthToken.objects.get(user__username="deputy1").token_key
    with pytest.raises(Forbidden) as exc:
        services.revoke_token(user("deputy1"), token_key=key, actor=user("head"))
    assert exc.value.message == "只能吊销自己的接口令牌"
    assert AuthToken.objects.filter(user__username="deputy1").count() == 1
    services.revoke_token(user("deputy1"), token_key=key, actor=user("deputy1"))
    assert not AuthToken.objects.filter(user__username="deputy1").exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.TOKEN_REVOKED, username="deputy1").exists()


@pytest.mark.parametrize(
    "actor, target",
    [("admin", "secadmin"), ("admin", "auditor"), ("secadmin", "admin"), ("auditor", "secadmin")],
)
def test_another_kind_of_admin_issues_a_reset_code(user, enrolled, actor, target):
    enrolled(user(target))
    code = services.issue_reset_code(get_user_model().objects.get(username=target), actor=user(actor))
    assert len(code) == 20 and PasswordResetCode.objects.filter(user__username=target).count() == 1
    assert user(target).check_password(DEMO_PASSWORD)  # the old password works until the holder redeems it


@pytest.mark.parametrize(
    "actor, target", [("admin", "gb1-staff"), ("head", "auditor"), ("secadmin", "secadmin")]
)
def test_reset_codes_only_for_admins_of_another_kind(user, actor, target):
    with pytest.raises(Forbidden) as exc:
        services.issue_reset_code(get_user_model().objects.get(username=target), actor=user(actor))
    assert exc.value.message == "管理员账号的密码只能由其他类别的管理员签发重置码，由本人设置新密码"
    assert not PasswordResetCode.objects.exists()


def test_the_holder_redeems_the_code_with_a_password_nobody_else_knows(user, client_as, enrolled, code_for):
    device, _ = enrolled(user("auditor"))
    code = services.issue_reset_code(get_user_model().objects.get(username="auditor"), actor=user("admin"))
    old_session = client_as("auditor")
    request = RequestFactory().post("/accounts/password/reset/")
    services.redeem_reset_code(
        username="auditor", code=code.lower(), new_password=NEW, otp=code_for(device), request=request
    )
    assert user("auditor").check_password(NEW)
    assert old_session.get("/accounts/audit/").status_code == 302  # signed out everywhere
    with pytest.raises(InvalidInput):  # once only
        services.redeem_reset_code(username="auditor", code=code, new_password="Another-Pass-8")


@pytest.mark.parametrize(
    "username, code_ok, hours", [("auditor", False, 0), ("secadmin", True, 0), ("auditor", True, 25)]
)
def test_a_wrong_late_or_misaddressed_code_changes_nothing(
    user, enrolled, code_for, username, code_ok, hours
):
    device, _ = enrolled(user("auditor"))
    code = services.issue_reset_code(get_user_model().objects.get(username="auditor"), actor=user("admin"))
    PasswordResetCode.objects.update(expires_at=timezone.now() + timedelta(hours=24 - hours))
    with pytest.raises(InvalidInput) as exc:
        services.redeem_reset_code(
            username=username,
            code=code if code_ok else "AAAAAA-BBBBBB-CCCCCC",
            new_password=NEW,
            otp=code_for(device),
        )
    assert exc.value.message == "账号、重置码或验证码不正确，或重置码已过期"
    assert user("auditor").check_password(DEMO_PASSWORD) and user("secadmin").check_password(DEMO_PASSWORD)


def test_no_reset_code_for_an_admin_without_a_second_factor(user):
    """Without it the issuer could redeem the code himself and take the account over."""
    with pytest.raises(Forbidden, match="未启用两步验证"):
        services.issue_reset_code(get_user_model().objects.get(username="auditor"), actor=user("admin"))
    assert not PasswordResetCode.objects.exists()


def test_a_reset_code_needs_the_holders_second_factor(user, enrolled, code_for):
    device, _ = enrolled(user("auditor"))
    code = services.issue_reset_code(get_user_model().objects.get(username="auditor"), actor=user("admin"))
    with pytest.raises(InvalidInput):
        services.redeem_reset_code(username="auditor", code=code, new_password=NEW)
    assert user("auditor").check_password(DEMO_PASSWORD)
    services.redeem_reset_code(username="auditor", code=code, new_password=NEW, otp=code_for(device))
    assert user("auditor").check_password(NEW)


def test_a_token_for_an_account_with_a_second_factor_needs_it_verified(user, enrolled, settings):
    from luoshi.accounts import twofactor

    settings.LUOSHI_ADMIN_2FA_REQUIRED = True
    with pytest.raises(Forbidden) as unenrolled:
        services.issue_token(user("secadmin"), via="cli")
    assert unenrolled.value.code == "two_factor_required"
    _, codes = enrolled(user("secadmin"))
    with pytest.raises(Forbidden) as unverified:
        services.issue_token(user("secadmin"), via="cli")
    assert unverified.value.code == "otp_required"
    other, _ = enrolled(user("deputy1"))
    with pytest.raises(Forbidden):  # a device of another account proves nothing
        services.issue_token(user("secadmin"), second_factor=other)
    assert not AuthToken.objects.filter(user__username="secadmin").exists()
    verified = twofactor.verify_code(user("secadmin"), codes[0])
    assert services.issue_token(user("secadmin"), second_factor=verified).key


def test_the_attack_a_reset_codes_issuer_guesses_the_holders_second_factor_no_more_than_at_login(
    user, enrolled, code_for
):
    """The issuer knows the code: each wrong six digits on the reset page stays counted by django-otp's
    throttle (it was rolled back with the refusal), so the holder's code is not guessed without limit."""
    device, _ = enrolled(user("auditor"))
    code = services.issue_reset_code(get_user_model().objects.get(username="auditor"), actor=user("admin"))
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    with pytest.raises(InvalidInput):
        services.redeem_reset_code(username="auditor", code=code, new_password=NEW, otp=wrong)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    with pytest.raises(InvalidInput):  # throttled: even the right code waits
        services.redeem_reset_code(username="auditor", code=code, new_password=NEW, otp=code_for(device))
    assert user("auditor").check_password(DEMO_PASSWORD)
    assert not PasswordResetCode.objects.filter(used_at__isnull=False).exists()
