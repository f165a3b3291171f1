"""Account actions: passwords, API tokens, ending an account's sessions, admin password reset codes."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from knox.models import AuthToken

from luoshi.core.errors import Forbidden, InvalidInput, NotFound
from luoshi.core.guards import require

from . import twofactor
from .audit import record
from .models import (
    Account,
    PasswordHistory,
    PasswordResetCode,
    SecurityEventKind,
    UserSession,
    account_of,
)

RESET_CODE_HOURS = 24
# Until the holder sets their own password, nobody using it gets past the change page (pages, API, tokens).
CHANGE_FIRST_MESSAGE = "须先在网页上修改密码（首次登录、管理员重置或密码过期），之后才能使用接口"
# An administrator (with LUOSHI_ADMIN_2FA_REQUIRED) reaches nothing, the API included, before a second factor.
TWO_FACTOR_FIRST_MESSAGE = "管理员须先在网页上完成两步验证（启用认证器或验证本次登录），之后才能使用接口"


def check_new_password(password: str, user: Any) -> None:
    """Every validator of settings.AUTH_PASSWORD_VALIDATORS, as one Chinese message."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput("；".join(exc.messages), "weak_password") from None


@transaction.atomic
def change_password(user: Any, *, old_password: str, new_password: str, request: Any = None) -> None:
    """Ends the account's other sessions and every API token: whoever knew the old password is out."""
    if not user.check_password(old_password):
        raise InvalidInput("原密码不正确", "wrong_password")
    if old_password == new_password:
        raise InvalidInput("新密码不能与原密码相同", "same_password")
    check_new_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    Account.objects.filter(user=user).update(must_change_password=False)
    _forget_account(user)
    record(SecurityEventKind.PASSWORD_CHANGED, actor=user, request=request)
    current = request.session.session_key if request is not None else None
    revoke_access(user, reason="password_changed", actor=user, request=request, keep_session=current)
    if request is not None:
        update_session_auth_hash(request, user)


def revoke_access(
    user: Any,
    *,
    reason: str,
    actor: Any = None,
    request: Any = None,
    keep_session: str | None = None,
    tokens_only: bool = False,
) -> tuple[int, int]:
    """End every login session and API token of ``user`` (but ``keep_session``); (sessions, tokens) ended.

    Called inside the transaction of the change that causes it (password change or reset, lockout,
    deactivation, 2FA enrolment, a required password change), so both happen or neither.
    """
    sessions = 0
    if not tokens_only:
        sessions = UserSession.objects.filter(user=user).exclude(session_key=keep_session or "").delete()[0]
    tokens = AuthToken.objects.filter(user=user).delete()[0]
    if sessions or tokens:
        record(
            SecurityEventKind.ACCESS_REVOKED,
            actor=actor,
            username=user.get_username(),
            request=request,
            target=user.get_username(),
            detail={"reason": reason, "sessions": sessions, "tokens": tokens},
        )
    return sessions, tokens


def password_expired(user: Any) -> bool:
    """Older than LUOSHI_PASSWORD_MAX_DAYS; the demo's shared accounts never expire (the demo stays open)."""
    days = settings.LUOSHI_PASSWORD_MAX_DAYS
    account = account_of(user)
    if days <= 0 or account is None or account.is_demo:
        return False
    last = PasswordHistory.objects.filter(user=user).values_list("set_at", flat=True).first()
    return (last or user.date_joined) < timezone.now() - timedelta(days=days)


@transaction.atomic
def force_change_if_expired(user: Any, *, request: Any = None) -> bool:
    """At login: an expired password sends its holder to the forced change page (must_change_password)."""
    account = account_of(user)
    if account is None or account.must_change_password or not password_expired(user):
        return False
    require_password_change(user, request=request)
    record(
        SecurityEventKind.PASSWORD_EXPIRED,
        actor=user,
        request=request,
        detail={"days": settings.LUOSHI_PASSWORD_MAX_DAYS},
    )
    return True


def require_password_change(user: Any, *, actor: Any = None, request: Any = None) -> None:
    """The account must set a new password before anything else (first login, reset, expiry).

    Its API tokens end here: a token works without the session the change page stands in front of,
    so none may outlive the requirement (issue_token refuses new ones until the change).
    """
    Account.objects.filter(user=user).update(must_change_password=True)
    _forget_account(user)
    revoke_access(user, reason="password_change_required", actor=actor, request=request, tokens_only=True)


def set_up_account(
    user: Any, *, admin_role: str = "", must_change_password: bool = False, is_demo: bool = False
) -> Account:
    """The login facts of a new account, set by whoever creates it (org's people and administrators)."""
    account, _ = Account.objects.update_or_create(
        user=user,
        defaults={"admin_role": admin_role, "must_change_password": must_change_password, "is_demo": is_demo},
    )
    user.account = account
    return account


def _forget_account(user: Any) -> None:
    """Drop the Account cached on this user object, so the next read sees the change."""
    user._state.fields_cache.pop("account", None)


class IssuedToken(NamedTuple):
    key: str
    expiry: datetime | None


@transaction.atomic
def issue_token(
    user: Any,
    *,
    actor: Any = None,
    request: Any = None,
    via: str = "api",
    second_factor: Device | None = None,
) -> IssuedToken:
    """A new token valid LUOSHI_TOKEN_DAYS days; the key is shown once, only its digest is stored.

    A token is a login: an account whose login asks for a second factor (it has a device, or it is an
    administrator while LUOSHI_ADMIN_2FA_REQUIRED is on) gets one only with ``second_factor``, the device
    a code was just verified on (twofactor.verify_code); the command line, which verifies none, gets none.
    """
    if not user.is_active:
        raise Forbidden("账号已停用", "inactive")
    force_change_if_expired(user, request=request)
    account = account_of(user)
    if account is not None and account.must_change_password:
        raise Forbidden(CHANGE_FIRST_MESSAGE, "password_change_required")
    verified = second_factor is not None and second_factor.user_id == user.pk and second_factor.confirmed
    if not verified and twofactor.has_device(user):
        raise Forbidden("该账号启用了两步验证，申请令牌须提供验证码（otp 字段）", "otp_required")
    if not verified and twofactor.required_for(user):
        raise Forbidden("管理员须先在网页上启用两步验证", "two_factor_required")
    token, key = AuthToken.objects.create(user=user)
    record(
        SecurityEventKind.TOKEN_CREATED,
        actor=actor or user,
        target=user.get_username(),
        request=request,
        detail={"via": via, "token": token.token_key},
    )
    return IssuedToken(key, token.expiry)


@transaction.atomic
def token_login(user: Any, *, request: Any = None, second_factor: Device | None = None) -> IssuedToken:
    """A password that opened the API is a successful login: the failure count starts again, as on the web.

    ``user`` is as the password was checked against it. Its row is locked and read again: a password
    changed or reset, or an account deactivated, since then (``revoke_access`` found no token yet to end)
    issues nothing, as a web session of the old password ends at its next request."""
    from axes.utils import reset as axes_reset

    if not still_as_authenticated(user):
        raise InvalidInput("账号或密码不正确", "authentication_failed")
    issued = issue_token(user, request=request, second_factor=second_factor)
    axes_reset(username=user.get_username())
    record(SecurityEventKind.LOGIN, actor=user, request=request, detail={"via": "api"})
    return issued


def still_as_authenticated(user: Any) -> bool:
    """Whether the account (its row locked) is active with the password ``user`` was authenticated by."""
    current = get_user_model().objects.select_for_update().filter(pk=user.pk, is_active=True)
    return current.filter(password=user.password).exists()


def tokens_of(user: Any) -> list[AuthToken]:
    return list(AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created"))


@transaction.atomic
def revoke_token(user: Any, *, token_key: str, actor: Any, request: Any = None) -> None:
    """A user revokes one of their own tokens, named by the first characters the list page shows."""
    if actor.pk != user.pk:
        raise Forbidden("只能吊销自己的接口令牌")
    deleted = AuthToken.objects.filter(user=user, token_key=token_key).delete()[0]
    if not deleted:
        raise NotFound("令牌不存在或已失效")
    record(
        SecurityEventKind.TOKEN_REVOKED,
        actor=actor,
        target=user.get_username(),
        request=request,
        detail={"token": token_key},
    )


@transaction.atomic
def revoke_all_tokens(user: Any, *, actor: Any, request: Any = None) -> int:
    if actor.pk != user.pk:
        raise Forbidden("只能吊销自己的接口令牌")
    deleted = AuthToken.objects.filter(user=user).delete()[0]
    if deleted:
        record(
            SecurityEventKind.TOKEN_REVOKED,
            actor=actor,
            target=user.get_username(),
            request=request,
            detail={"tokens": deleted},
        )
    return deleted


@transaction.atomic
@transaction.atomic
def unlock_account(username: str, *, actor: Any, request: Any = None) -> str:
    from axes.utils import reset as axes_reset

    require(actor, "accounts.unlock_account")
    axes_reset(username=username)
    record(SecurityEventKind.UNLOCKED, actor=actor, target=username, request=request)
    return username


@transaction.atomic
def issue_reset_code(user: Any, *, actor: Any, request: Any = None) -> str:
    """An admin account's password is reset by its holder, with a code another kind of admin hands over.

    The issuing admin never sees the new password; the old one keeps working until the code is used.
    """
    require(
        actor,
        "accounts.issue_reset_code",
        user,
        "管理员账号的密码只能由其他类别的管理员签发重置码，由本人设置新密码",
    )
    from .twofactor import has_device

    if not has_device(user):
        # Without the holder's own second factor the code alone would let its issuer take the account over.
        raise Forbidden(
            "该管理员账号未启用两步验证，重置码无法确认是本人操作；请在服务器上运行 "
            "luoshi createadmin --reset 重置",
            "two_factor_required",
        )
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    PasswordResetCode.objects.filter(user=user, used_at__isnull=True).delete()
    PasswordResetCode.objects.create(
        user=user,
        code_hash=make_password(code),
        issued_by=actor,
        expires_at=timezone.now() + timedelta(hours=RESET_CODE_HOURS),
    )
    record(
        SecurityEventKind.RESET_CODE_ISSUED,
        actor=actor,
        target=user.get_username(),
        request=request,
        detail={"hours": RESET_CODE_HOURS},
    )
    return code


def redeem_reset_code(
    *, username: str, code: str, new_password: str, otp: str = "", request: Any = None
) -> Any:
    """The holder confirms the reset: the code, their new password and, with 2FA, a code of theirs.

    The second factor is checked before the transaction that writes, so a wrong one stays counted by
    django-otp's throttle: refused inside it, the count was rolled back with the refusal, and whoever
    held the reset code (its issuer) could guess the holder's six digits without limit."""
    from .twofactor import has_device, verify_code

    refused = InvalidInput("账号、重置码或验证码不正确，或重置码已过期", "invalid_reset_code")
    user = get_user_model().objects.filter(username=username.strip(), is_active=True).first()
    pending = (
        user
        and PasswordResetCode.objects.filter(
            user=user, used_at__isnull=True, expires_at__gt=timezone.now()
        ).first()
    )
    if user is None or not pending or not check_password(code.strip().upper(), pending.code_hash):
        raise refused
    check_new_password(new_password, user)
    if has_device(user) and verify_code(user, otp) is None:
        raise refused
    with transaction.atomic():
        # Used once: of two redemptions at the same time, the second finds the code gone.
        if not PasswordResetCode.objects.filter(pk=pending.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        ):
            raise refused
        user.set_password(new_password)
        user.save(update_fields=["password"])
        Account.objects.filter(user=user).update(must_change_password=False)
        _forget_account(user)
        record(
            SecurityEventKind.PASSWORD_RESET,
            actor=None,
            username=user.get_username(),
            request=request,
            target=user.get_username(),
            detail={"via": "reset_code"},
        )
        revoke_access(user, reason="password_reset", request=request)
    return user
