"""审定发布: the head approves a period's ranking, which publishes 红榜 and 黑榜 and locks the period;
解除锁定 reopens it, with a reason, so that a correction is computed as a new version."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from luoshi.core.errors import Conflict, NotFound
from luoshi.core.guards import require
from luoshi.core.querysets import lock_then_read
from luoshi.notify.choices import NotificationKind
from luoshi.notify.services import notify
from luoshi.org.choices import Role
from luoshi.org.models import Membership
from luoshi.org.scopes import acting_person

from ..choices import EventKind, PeriodStatus
from ..models import Period, UnitScore
from .steps import NO_PERSON, change, fact, lock_period, record


@transaction.atomic
def publish_period(period: Period | int, *, actor: Any) -> Period:
    """The head approves the latest version: the ranking is published and the period locked."""
    require(actor, "assessment.publish", message="您无权审定发布考核结果（须部长审定）")
    period = lock_period(period, actor, "再次发布")
    if not period.version:
        raise Conflict(f"“{period.name}”还没有计算得分，请先计算再发布", "not_computed")
    period.status = PeriodStatus.PUBLISHED
    period.published_version, period.published_at, period.published_by = (
        period.version,
        timezone.now(),
        acting_person(actor, NO_PERSON),
    )
    period.save(update_fields=["status", "published_version", "published_at", "published_by"])
    _announce(period, actor)
    record(
        period.scheme,
        actor,
        EventKind.PUBLISHED,
        period=period,
        changes=[
            change("状态", PeriodStatus.label(PeriodStatus.OPEN), period.status_label),
            fact("发布版本", f"第{period.version}版"),
        ],
    )
    return period


def _announce(period: Period, actor: Any) -> None:
    """Each assessed unit's heads hear of its place (in-app and the outbox)."""
    scores = UnitScore.objects.filter(period=period, version=period.version)
    place = {s.unit_id: s for s in scores}
    heads = Membership.objects.filter(
        unit_id__in=list(place), role__in=[Role.HEAD, Role.SECTION_HEAD]
    ).select_related("person__user", "unit")
    for membership in heads:
        score = place[membership.unit_id]
        if membership.person.user == actor:
            continue
        result = f"第{score.rank}名，总分{score.total}" if score.rank else "无可考核事项，不参加排名"
        notify(
            [membership.person.user],
            NotificationKind.ASSESSMENT,
            title=f"{period.name}考核结果已发布：{membership.unit.name}{result}",
            url=f"/assessment/scores/{score.pk}/",
            dedupe_key=f"assessment:{period.pk}:{period.version}:{membership.unit_id}",
        )


@transaction.atomic
def reopen_period(period: Period | int, *, actor: Any, reason: str) -> Period:
    """The head unlocks a published period so it can be corrected; the published version stays readable."""
    require(actor, "assessment.publish", message="您无权解除锁定（须部长同意）")
    pk = period.pk if isinstance(period, Period) else period
    locked = lock_then_read(Period.objects.all(), pk, "scheme")
    if locked is None:
        raise NotFound("考核期不存在或您无权访问")
    if not locked.is_locked:
        raise Conflict(f"“{locked.name}”没有锁定", "not_locked")
    reason = (reason or "").strip()
    if not reason:
        from luoshi.core.errors import InvalidInput

        raise InvalidInput("请填写解除锁定的理由", "reason_required")
    locked.status = PeriodStatus.OPEN
    locked.save(update_fields=["status"])
    record(
        locked.scheme,
        actor,
        EventKind.REOPENED,
        note=reason,
        period=locked,
        changes=[change("状态", PeriodStatus.label(PeriodStatus.PUBLISHED), locked.status_label)],
    )
    return locked


__all__ = ["publish_period", "reopen_period"]
