"""Asking for an export: the list's filters are checked and counted as the user, then a small list is
left to the streamed export and a large one becomes a job for ``exports.jobs``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import QueryDict

from luoshi.core.errors import Conflict, Forbidden, NotFound
from luoshi.core.jobs import start_command

from .choices import ExportStatus
from .models import ExportJob
from .registry import ExportKind, kind_of

# A list of at most this many rows is written in the request (the streamed export): a job's progress page
# and runner start-up would take longer than the file.
INLINE_ROWS = 2000
RECENT = 20
# One person's exports waiting or being written at once: the runner writes them one after another, so
# more would only hold the queue for everyone else.
WAITING_PER_USER = 3


def exportable(key: str, actor: Any) -> ExportKind:
    """The kind of export ``key`` names, if ``actor`` may export it."""
    kind = kind_of(key)
    if kind is None:
        raise NotFound("没有这种导出", "unknown_export")
    if not actor.is_active or not actor.has_perm(kind.permission):
        raise Forbidden(f"您没有导出{kind.title}的权限")
    return kind


@transaction.atomic
def queue_export(
    key: str, params: QueryDict, *, actor: Any, inline_rows: int | None = None
) -> ExportJob | None:
    """The list ``key`` with the filters ``params`` as an export job of ``actor`` (排队中), or None when it
    has ``inline_rows`` rows or fewer. A filter that makes no sense is refused here, before any job; with
    the "process" runner one starts once this commits."""
    kind = exportable(key, actor)
    prepared = kind.prepare(actor, params)
    if inline_rows is not None and prepared.total <= inline_rows:
        return None
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()  # one request at a time
    if (
        ExportJob.objects.filter(requested_by=actor, status__in=ExportStatus.WAITING).count()
        >= WAITING_PER_USER
    ):
        raise Conflict(
            f"您已有{WAITING_PER_USER}个导出在排队或生成中，请等它们完成后再导出（见“我的导出”）",
            "too_many_exports",
        )
    job = ExportJob.objects.create(
        kind=kind.key,
        title=(prepared.title or kind.title)[:100],
        params=params.urlencode(),
        note=prepared.note[:500],
        total=prepared.total,
        requested_by=actor,
    )
    if settings.LUOSHI_EXPORT_RUNNER == "process":
        transaction.on_commit(lambda: start_command("export-jobs"))
    return job


def recent_exports(user: Any) -> list[ExportJob]:
    return list(ExportJob.objects.restrict(user, "view")[:RECENT])
