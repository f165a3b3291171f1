"""``Idempotency-Key`` for API writes (docs/api.md: the same key with the same body answers the first result).

A request that carries the header reserves ``(user, key)`` in ``IdempotencyKey`` before it runs; the
unique constraint decides which of two identical requests arriving at once does the work. The
work and the recording of its answer commit in one transaction, so a key never records an answer whose
effect was rolled back. The body is read to its end and its files hashed before that transaction opens, so
a client's slow upload never holds SQLite's write lock; the view itself runs inside it.

- Same key, same method, path and body, first request succeeded (2xx): its status and body again,
  with ``Idempotent-Replayed: true``; nothing runs.
- Same key while the first request is still running: 409 ``idempotency_in_progress`` at once, and the
  client retries later (waiting for the first would hold one of the few sync workers).
- Same key, different method, path or body: 409 ``idempotency_key_reused``.
- The first request failed (4xx/5xx, raised or answered): its writes are rolled back and nothing is
  recorded, so a failed request changes nothing and the key may be retried — the retry runs.
- Keys are per user and expire after 24 hours; the tick deletes expired ones.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from .api import error_responses
from .errors import Conflict, InvalidInput
from .models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
TTL = dt.timedelta(hours=24)
# A reservation this old without an answer belongs to a process that died mid-request.
STALE = dt.timedelta(minutes=10)

PARAMETER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="可选。重复提交同一请求时带上相同的键：只执行一次，之后原样返回第一次的结果"
    "（响应头 Idempotent-Replayed: true）。同一个键用于不同的请求内容时返回 409 idempotency_key_reused。"
    "键按用户区分，24小时后失效。",
)


def change_schema(
    summary: str,
    request: Any = None,
    description: str = "",
    *,
    answer: Any,
    tags: list[str],
    errors: tuple[int, ...] = (400, 404, 409),
) -> Any:
    """The schema of a change an ``Idempotency-Key`` may guard, which answers the changed object as
    ``answer`` serializes it (each app binds its own ``answer`` and ``tags``)."""
    return extend_schema(
        summary=summary,
        description=description,
        request=request,
        responses={200: answer, **error_responses(*errors)},
        parameters=[PARAMETER],
        tags=tags,
    )


def fingerprint(request: Any) -> str:
    """Method, path and body — files by name, size and content — as one hash."""
    data = request.data
    if hasattr(data, "getlist"):  # form or multipart: a QueryDict, files apart
        fields = {k: data.getlist(k) for k in sorted(data.keys()) if k not in request.FILES}
    else:
        fields = data
    files = {}
    for name in sorted(request.FILES.keys()):
        entries = []
        for f in request.FILES.getlist(name):
            digest = hashlib.sha256()
            for chunk in f.chunks():
                digest.update(chunk)
            f.seek(0)
            entries.append([f.name, f.size, digest.hexdigest()])
        files[name] = entries
    payload = json.dumps(
        {"method": request.method, "path": request.path, "fields": fields, "files": files},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _reserve(user: Any, key: str, request: Any, digest: str) -> tuple[IdempotencyKey | None, bool]:
    """The key's row and whether this request made it; (None, False) when the key was just freed.

    An expired answer is deleted only when its key comes back: a delete before every reservation
    was one more write per request, and on SQLite every write waits for the single write lock."""
    now = timezone.now()
    try:
        with transaction.atomic():
            row = IdempotencyKey.objects.create(
                user=user,
                key=key,
                method=request.method,
                path=request.path[:500],
                fingerprint=digest,
                created_at=now,
            )
            return row, True
    except IntegrityError:
        existing = IdempotencyKey.objects.filter(user=user, key=key).first()
        if existing is not None and existing.created_at < now - TTL:
            IdempotencyKey.objects.filter(pk=existing.pk).delete()
            return None, False
        return existing, False


def _replay(row: IdempotencyKey) -> Response:
    return Response(row.body, status=row.status, headers={REPLAYED_HEADER: "true"})


def idempotent(func: Callable[..., Response]) -> Callable[..., Response]:
    """Wrap a viewset method (an action or ``create``) so that it honours ``Idempotency-Key``."""

    @functools.wraps(func)
    def wrapper(view: Any, request: Any, *args: Any, **kwargs: Any) -> Response:
        key = (request.headers.get(HEADER) or "").strip()
        if not key:
            return func(view, request, *args, **kwargs)
        if len(key) > 255:
            raise InvalidInput("Idempotency-Key 过长，最多255个字符", "invalid_idempotency_key")
        digest = fingerprint(request)
        while True:
            row, created = _reserve(request.user, key, request, digest)
            if row is None:  # the other request failed and gave the key back: run it ourselves
                continue
            if created:
                break
            if row.fingerprint != digest:
                raise Conflict(
                    "该 Idempotency-Key 已用于另一个不同的请求，请为新的请求换一个键",
                    "idempotency_key_reused",
                )
            if row.status is not None:
                return _replay(row)
            if row.created_at < timezone.now() - STALE:
                IdempotencyKey.objects.filter(pk=row.pk, status__isnull=True).delete()
                continue
            raise Conflict("使用相同 Idempotency-Key 的请求仍在处理中，请稍后重试", "idempotency_in_progress")
        try:
            with transaction.atomic():
                response = func(view, request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    IdempotencyKey.objects.filter(pk=row.pk).update(
                        status=response.status_code, body=response.data
                    )
                    return response
                # A view that answers a failure after writing keeps none of it: the retry runs afresh.
                transaction.set_rollback(True)
        except BaseException:
            IdempotencyKey.objects.filter(pk=row.pk).delete()
            raise
        IdempotencyKey.objects.filter(pk=row.pk).delete()
        return response

    return wrapper


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete answers older than 24 hours (the tick does, each run); lookups ignore them anyway."""
    return IdempotencyKey.objects.filter(created_at__lt=(now or timezone.now()) - TTL).delete()[0]


def claim_form(user: Any, key: str, path: str) -> bool:
    """A browser form's one-time key (see the ``form_key`` tag): False when it was already used.

    Call it inside the transaction of the change, so a refused change gives the key back.
    """
    if not key:
        return True
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(
                user=user,
                key=f"form:{key[:200]}",
                method="POST",
                path=path[:500],
                fingerprint="form",
                status=303,
                body={},
                created_at=timezone.now(),
            )
    except IntegrityError:
        return False
    return True
