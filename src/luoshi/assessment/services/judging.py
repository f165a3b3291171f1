"""评议打分 and 加减分: the judged indicators' scores by named assessors, and bonus and deduction items
with evidence, counted once one of their approvers (``approval``: a leader over the unit other than the
proposer, else another of the department's leaders) approves them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from luoshi.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from luoshi.core.guards import require
from luoshi.org.models import Unit
from luoshi.org.scopes import acting_person, own_unit_ids

from ..approval import approvals
from ..choices import AdjustmentKind, AdjustmentStatus, EventKind, IndicatorKind
from ..models import Adjustment, Indicator, Judgement, Period
from .steps import NO_PERSON, change, fact, lock_period, record


def _text(value: str | None, what: str, code: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(f"请填写{what}", code)
    return text


@transaction.atomic
def judge(
    period: Period | int,
    *,
    actor: Any,
    indicator: Indicator | int,
    unit: Unit,
    level: str,
    justification: str,
) -> Judgement:
    """A named assessor scores a unit on a judged indicator: a level of its rubric, with the reason. Judging
    again replaces the assessor's earlier score (the trail keeps both)."""
    period = lock_period(period, actor, "评议打分")
    me = acting_person(actor, NO_PERSON)
    pk = indicator.pk if isinstance(indicator, Indicator) else indicator
    found = Indicator.objects.filter(pk=pk, scheme=period.scheme).first()
    if found is None or found.kind != IndicatorKind.JUDGED:
        raise NotFound("评议指标不存在")
    if not found.assessors.filter(pk=me.pk).exists():
        raise Forbidden(f"您不是“{found.name}”的评议人", "not_assessor")
    if unit.pk in own_unit_ids(me):  # the home unit and every unit one holds a role in
        raise Forbidden(f"不能评议本人所在或任职的单位（{unit.name}）", "own_unit")
    level = (level or "").strip()
    points = found.rubric_points(level)
    if points is None:
        levels = "、".join(f"{s['level']}（{s['points']:g}分）" for s in found.rubric)
        raise InvalidInput(
            f"“{level or '（空）'}”不是“{found.name}”的评分档次，请从{levels}中选择", "off_rubric"
        )
    justification = _text(justification, "评议理由", "justification_required")
    earlier = Judgement.objects.filter(period=period, indicator=found, unit=unit, assessor=me).first()
    changes = [change("档次", earlier.level if earlier else None, level), fact("评议理由", justification)]
    if earlier is None:
        judgement = Judgement.objects.create(
            period=period,
            indicator=found,
            unit=unit,
            assessor=me,
            level=level,
            points=points,
            justification=justification,
        )
    else:
        earlier.level, earlier.points, earlier.justification = level, points, justification
        earlier.save(update_fields=["level", "points", "justification", "judged_at"])
        judgement = earlier
    record(
        period.scheme,
        actor,
        EventKind.JUDGED,
        note=f"{found.name}：{unit.name}",
        changes=changes,
        period=period,
        unit=unit,
    )
    return judgement


@transaction.atomic
def propose_adjustment(
    period: Period | int,
    *,
    actor: Any,
    unit: Unit,
    kind: str,
    points: Any,
    reason: str,
    evidence: str,
) -> Adjustment:
    """A bonus or deduction item, with its evidence, waiting for one of its approvers; refused when it
    would have none (it would wait for ever)."""
    require(actor, "assessment.manage", message="您无权提出加减分")
    period = lock_period(period, actor, "提出加减分")
    me = acting_person(actor, NO_PERSON)
    if kind not in AdjustmentKind.values():
        raise InvalidInput("请选择加分或扣分", "invalid_kind")
    if points is None or not str(points).strip():
        raise InvalidInput("请填写分值", "invalid_points")
    try:
        value = Decimal(str(points).strip())
    except InvalidOperation:
        raise InvalidInput(f"分值“{points}”不是数字，请填写如 2 或 0.5", "invalid_points") from None
    cap = period.scheme.bonus_cap if kind == AdjustmentKind.BONUS else period.scheme.deduction_cap
    if not Decimal(0) < value <= cap:
        raise InvalidInput(
            f"{AdjustmentKind.label(kind)}分值应大于0且不超过{cap}分（方案规定的上限）", "invalid_points"
        )
    adjustment = Adjustment(
        period=period,
        unit=unit,
        kind=kind,
        points=value,
        reason=_text(reason, "事由", "reason_required")[:200],
        evidence=_text(evidence, "佐证材料说明", "evidence_required"),
        proposed_by=me,
    )
    (approval,) = approvals([adjustment])
    if not approval.people:
        raise Conflict(
            f"{unit.name}除您以外没有可以审批的领导（分管领导、上级领导或其他部领导），"
            "提出后将无人审批；请先调整分管",
            "no_approver",
        )
    adjustment.save()
    record(
        period.scheme,
        actor,
        EventKind.ADJUSTMENT_PROPOSED,
        note=adjustment.reason,
        changes=[
            fact(AdjustmentKind.label(kind), f"{value}分"),
            fact("佐证", adjustment.evidence),
            fact("审批", approval.text),
        ],
        period=period,
        unit=unit,
    )
    return adjustment


@transaction.atomic
def decide_adjustment(
    adjustment: Adjustment | int, *, actor: Any, approve: bool, note: str = ""
) -> Adjustment:
    """One of the item's approvers approves or refuses it; never the one who proposed it."""
    pk = adjustment.pk if isinstance(adjustment, Adjustment) else adjustment
    item = Adjustment.objects.select_for_update().filter(pk=pk).first()
    if item is None or not Adjustment.objects.restrict(actor).filter(pk=pk).exists():
        raise NotFound("加减分事项不存在或您无权访问")
    me = acting_person(actor, NO_PERSON)
    if item.proposed_by_id == me.pk:
        raise Forbidden("不能审批自己提出的加减分", "own_request")
    require(actor, "assessment.decide_adjustment", item, "您无权审批这项加减分")
    period = lock_period(item.period_id, actor, "审批加减分")
    if item.status != AdjustmentStatus.PENDING:
        raise Conflict(f"这项加减分已经{item.status_label}", "already_decided")
    if not approve:
        note = _text(note, "不批准的理由", "reason_required")
    old = item.status_label
    item.status = AdjustmentStatus.APPROVED if approve else AdjustmentStatus.REFUSED
    item.decided_by, item.decided_at, item.decision_note = me, timezone.now(), note
    item.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    record(
        period.scheme,
        actor,
        EventKind.ADJUSTMENT_DECIDED,
        note=item.reason,
        changes=[change("状态", old, item.status_label)] + ([fact("意见", note)] if note else []),
        period=period,
        unit=item.unit,
    )
    return item
