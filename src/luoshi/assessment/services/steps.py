"""What every assessment change shares: the permission check, the locked period, the trail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from luoshi.core.errors import Conflict, NotFound
from luoshi.core.querysets import lock_then_read

from ..models import AssessmentEvent, Period, Scheme

NO_PERSON = "管理员账号不参与考核评价"


def lock_period(period: Period | int, actor: Any, verb: str) -> Period:
    """Lock the period's row (alone: set_weights locks a scheme's periods after the scheme); a published
    (locked) period refuses every change."""
    pk = period.pk if isinstance(period, Period) else period
    locked = lock_then_read(Period.objects.all(), pk, "scheme")
    if locked is None or not Period.objects.restrict(actor).filter(pk=pk).exists():
        raise NotFound("考核期不存在或您无权访问")
    if locked.is_locked:
        raise Conflict(
            f"“{locked.name}”已审定发布并锁定，不能{verb}。确需更正的，请部长先解除锁定。", "period_locked"
        )
    return locked


def record(
    scheme: Scheme | None,
    actor: Any,
    kind: str,
    note: str = "",
    changes: Sequence[dict[str, Any]] = (),
    *,
    period: Period | None = None,
    unit: Any = None,
    matter: Any = None,
) -> AssessmentEvent:
    return AssessmentEvent.objects.create(
        scheme=scheme,
        period=period,
        unit=unit,
        matter=matter,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        note=note,
        changes=list(changes),
    )


def change(label: str, old: Any, new: Any) -> dict[str, Any]:
    return {"field": "", "label": label, "old": _shown(old), "new": _shown(new)}


def fact(label: str, value: Any) -> dict[str, Any]:
    return {"field": "", "label": label, "old": None, "new": _shown(value)}


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    if value == "" or value == []:
        return "（空）"
    return str(value)
