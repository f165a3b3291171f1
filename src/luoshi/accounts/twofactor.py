"""Two-factor login (两步验证): a TOTP app and ten one-time recovery codes, with django-otp.

Required of the three administrators when LUOSHI_ADMIN_2FA_REQUIRED is on; optional for everyone else.
"""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from luoshi.core.errors import Forbidden, InvalidInput

from .audit import record
from .models import SecurityEventKind, admin_role_of

RECOVERY_CODES = 10


def has_device(user: Any) -> bool:
    """Whether logging in as ``user`` asks for a second factor."""
    return user_has_device(user, confirmed=True)


def required_for(user: Any) -> bool:
    return bool(settings.LUOSHI_ADMIN_2FA_REQUIRED and admin_role_of(user))


def verify_code(user: Any, code: str) -> Device | None:
    """A current TOTP code or an unused recovery code (which is used up); django-otp throttles guesses."""
    code = "".join((code or "").split()).lower()
    return match_token(user, code) if code else None


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device an enrolment shows as a QR code, the same one until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="认证器", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth URI as an inline SVG made here: nothing leaves the intranet."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, dark="#212529")


@transaction.atomic
def enrol(user: Any, *, code: str, request: Any = None) -> list[str]:
    """Confirm the pending device with a code from the app; returns the recovery codes, shown once.

    The account's other sessions and its API tokens were opened with the password alone, so they end.
    """
    from .services import revoke_access

    get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # token_login waits for it
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or has_device(user):
        raise InvalidInput("没有待确认的认证器，请刷新页面重新扫码", "no_pending_device")
    if not device.verify_token("".join((code or "").split())):
        raise InvalidInput("验证码不正确，请核对手机上的时间后重试", "wrong_code")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    if request is not None:
        otp_login(request, device)
    record(SecurityEventKind.TWO_FACTOR_ENABLED, actor=user, request=request)
    keep = request.session.session_key if request is not None else None
    revoke_access(user, reason="two_factor_enabled", actor=user, request=request, keep_session=keep)
    return codes


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def new_recovery_codes(user: Any, *, code: str, request: Any = None) -> list[str]:
    """Ten fresh recovery codes replace the old ones; a current code proves the holder asks. The code is
    checked before the transaction, so a wrong one stays counted by django-otp's throttle."""
    if not has_device(user) or verify_code(user, code) is None:
        raise InvalidInput("验证码不正确", "wrong_code")
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record(
            SecurityEventKind.TWO_FACTOR_ENABLED,
            actor=user,
            request=request,
            detail={"action": "恢复码已重新生成"},
        )
    return codes


def disable(user: Any, *, code: str, request: Any = None) -> None:
    """A business user may turn two-factor login off again, with a current code; an administrator may not.
    The code is checked before the transaction, so a wrong one stays counted by django-otp's throttle.
    The account's tokens and other sessions end: whoever holds one got it under the other 2FA state."""
    from .services import revoke_access

    if required_for(user):
        raise Forbidden("管理员必须使用两步验证，不能停用", "two_factor_required")
    if not has_device(user) or verify_code(user, code) is None:
        raise InvalidInput("验证码不正确", "wrong_code")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(SecurityEventKind.TWO_FACTOR_DISABLED, actor=user, request=request)
        keep = request.session.session_key if request is not None else None
        revoke_access(user, reason="two_factor_disabled", actor=user, request=request, keep_session=keep)


@transaction.atomic
def remove_devices(user: Any, *, via: str) -> int:
    """The server's own way back for an administrator who lost the phone (`luoshi createadmin --reset`);
    every session and token of the account ends with the devices."""
    from .services import revoke_access

    removed = (
        TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    )
    if removed:
        record(
            SecurityEventKind.TWO_FACTOR_DISABLED,
            username=user.get_username(),
            target=user.get_username(),
            detail={"via": via},
        )
        revoke_access(user, reason="two_factor_disabled")
    return removed
