"""Writes the security audit log: from Django's and axes' login signals, from services and from
the views that let data or files leave the system."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import connection, transaction
from django.dispatch import receiver
from django.utils import timezone

from luoshi.core.visibility import access_denied

from . import chain
from .models import SecurityEvent, SecurityEventKind


def client_ip(request: Any) -> str | None:
    """The address a request came from, for the audit log and axes alike. A client writes any
    X-Forwarded-For it likes, so the header is read only from a peer in ``LUOSHI_TRUSTED_PROXIES``, and only
    its last entry: the one that proxy appended (nginx ``$proxy_add_x_forwarded_for``); the earlier ones are
    the client's own words."""
    if request is None:
        return None
    peer = request.META.get("REMOTE_ADDR") or None
    if peer is None or peer not in settings.LUOSHI_TRUSTED_PROXIES:
        return peer
    appended = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(appended))
    except ValueError:
        return peer


# Events an administrator causes to someone else's account: the 账号 column names that account.
ABOUT_ANOTHER_ACCOUNT = {
    SecurityEventKind.ACCOUNT_CREATED,
    SecurityEventKind.ACCOUNT_DISABLED,
    SecurityEventKind.PASSWORD_RESET,
    SecurityEventKind.PASSWORD_RESET_PROPOSED,
    SecurityEventKind.PASSWORD_RESET_REFUSED,
    SecurityEventKind.ROLE_CHANGED,
    SecurityEventKind.ADMIN_ROLE_CHANGED,
    SecurityEventKind.OVERSIGHT_CHANGED,
    SecurityEventKind.UNLOCKED,
    SecurityEventKind.TOKEN_CREATED,
    SecurityEventKind.TOKEN_REVOKED,
    SecurityEventKind.ACCESS_REVOKED,
    SecurityEventKind.RESET_CODE_ISSUED,
}


@transaction.atomic
def record(
    kind: str,
    *,
    actor: Any = None,
    username: str = "",
    request: Any = None,
    ip_address: str | None = None,
    target: str = "",
    detail: dict | None = None,
) -> SecurityEvent:
    """Append one row to the chain. Atomic by itself: reading the tail and appending must not interleave
    with another writer (PostgreSQL: an advisory lock to commit; SQLite: the IMMEDIATE transaction)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if kind in ABOUT_ANOTHER_ACCOUNT and target:
        username = username or target
    event = SecurityEvent(
        kind=kind,
        actor=actor,
        username=username or (actor.get_username() if actor else ""),
        ip_address=client_ip(request) or ip_address,
        target=target[:255],
        # Sealed as the database gives it back: a JSON round trip turns tuples into lists and so on.
        detail=json.loads(json.dumps(detail or {})),
    )
    chain.lock_tail(connection)
    event.prev_hash = (
        SecurityEvent.objects.order_by("-id").values_list("hash", flat=True).first() or chain.GENESIS
    )
    event.at = timezone.now()
    event.hash = chain.seal(event.prev_hash, event)
    event.save(force_insert=True)
    return event


def verify_chain() -> tuple[int, chain.Break | None]:
    """The rows read and the first broken link of the whole log (``luoshi audit verify``)."""
    return chain.first_break(SecurityEvent.objects.order_by("id").iterator(chunk_size=2000))


def record_export(
    request: Any, target: str, *, fmt: str = "xlsx", actor: Any = None, **detail: Any
) -> SecurityEvent:
    """Data leaving the system as a file (导出数据): which list or file, in what format, and whatever
    says what was in it (the filters, a job, the rows chosen). ``actor`` is the request's user unless
    the caller acts for someone it names."""
    return record(
        SecurityEventKind.EXPORT,
        actor=request.user if actor is None else actor,
        request=request,
        target=target,
        detail={"format": fmt, **detail},
    )


def record_download(request: Any, name: str, **detail: Any) -> SecurityEvent:
    """A stored file given out (下载附件): its name, and whatever says whose file it is (the task, the
    problem, the row)."""
    return record(
        SecurityEventKind.FILE_DOWNLOAD, actor=request.user, request=request, target=name, detail=detail
    )


# A flood of forged ids (or of forbidden requests) from one account is written as this many rows a window,
# not one per request: the last says the rest were not, and the account is named for the auditor to look at.
DENIALS_RECORDED = 30
DENIAL_WINDOW = dt.timedelta(minutes=10)


def record_denial(user: Any, target: str, action: str, request: Any = None) -> None:
    """越权访问 in the audit, at most ``DENIALS_RECORDED`` rows per account in ``DENIAL_WINDOW``."""
    recent = SecurityEvent.objects.filter(
        kind=SecurityEventKind.PERMISSION_DENIED, actor=user, at__gte=timezone.now() - DENIAL_WINDOW
    ).count()
    if recent >= DENIALS_RECORDED:
        return
    detail = {"action": action}
    if recent == DENIALS_RECORDED - 1:
        minutes = int(DENIAL_WINDOW.total_seconds() // 60)
        detail["bounded"] = f"{minutes}分钟内第{DENIALS_RECORDED}次越权访问，此后本时段内不再逐条记录"
    record(
        SecurityEventKind.PERMISSION_DENIED,
        actor=user,
        request=request,
        target=target,
        detail=detail,
    )


@receiver(access_denied)
def _denied(sender: Any, user: Any, target: str, action: str, request: Any = None, **kwargs: Any) -> None:
    record_denial(user, target, action, request=request)


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(SecurityEventKind.LOGIN, actor=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(SecurityEventKind.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    """A wrong password, or a wrong second-factor code after a right one (the same lockout counts both)."""
    kind = (
        SecurityEventKind.TWO_FACTOR_FAILED
        if credentials.get("second_factor")
        else SecurityEventKind.LOGIN_FAILED
    )
    record(kind, username=str(credentials.get("username", ""))[:150], request=request)


@receiver(user_locked_out)
def _locked_out(
    sender: Any, request: Any, username: str | None = None, ip_address: str | None = None, **kwargs: Any
) -> None:
    record(
        SecurityEventKind.LOCKED_OUT,
        username=username or "",
        request=request,
        ip_address=ip_address,
        detail={"minutes": 15},
    )
