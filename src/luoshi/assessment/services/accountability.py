"""逾期问责: every task past its deadline (the tasks' one overdue rule, ``tasks.lights.overdue_q``) is a
matter of the ledger; its unit says why, and a leader over the unit — never one of the unit itself — decides
说明情况, 约谈, 通报批评 or 纳入考核扣分. The last proposes a deduction item in a period of the assessment
through ``propose_adjustment``, approved there like any other, once per decision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from luoshi.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from luoshi.notify.planners import Planned
from luoshi.org.scopes import acting_person
from luoshi.tasks.choices import TaskStatus
from luoshi.tasks.lights import overdue_q
from luoshi.tasks.models import Task

from ..choices import AdjustmentKind, EventKind, PeriodStatus, Sanction
from ..models import Accountability, Period
from ..rules import may_decide_overdue, of_unit, outside_unit
from .judging import propose_adjustment
from .steps import NO_PERSON, change, fact, lock_period, record


def open_matters(today: dt.date | None = None) -> int:
    """Enter every overdue task not yet in the ledger for the deadline it missed, in one statement per
    kind of row (the tick runs it daily); answers how many were entered."""
    today = today or timezone.localdate()
    entered = Accountability.objects.filter(task=OuterRef("pk"), due_date=OuterRef("due_date"))
    rows = (
        Task.objects.filter(overdue_q(today))
        .filter(~Exists(entered))
        .values_list("pk", "due_date", "lead_unit_id")
    )
    made = Accountability.objects.bulk_create(
        [Accountability(task_id=pk, due_date=due, unit_id=unit) for pk, due, unit in rows],
        ignore_conflicts=True,
        batch_size=500,
    )
    return len(made)


def plan_matters(today: dt.date, now: dt.datetime) -> Planned:
    """The tick's planner: the ledger grows with the day's overdue tasks; nobody is messaged for it (the
    overdue reminder already told the unit)."""
    open_matters(today)
    return Planned()


def _matter_of_task(task: Task | int, actor: Any, today: dt.date) -> Accountability:
    """The task's matter for the deadline it is missing now, entered if the tick has not yet."""
    pk = task.pk if isinstance(task, Task) else task
    found = Task.objects.restrict(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound("任务不存在或您无权访问")
    if not Task.objects.filter(overdue_q(today), pk=pk).exists():
        due = f"完成时限为{found.due_date:%Y年%-m月%-d日}" if found.due_date else "没有完成时限"
        raise Conflict(
            f"《{found.title}》没有逾期（{due}，状态：{found.status_label}），不列入逾期问责", "not_overdue"
        )
    matter, _ = Accountability.objects.get_or_create(
        task=found, due_date=found.due_date, defaults={"unit_id": found.lead_unit_id}
    )
    return matter


def _locked_matter(matter: Accountability | int, actor: Any) -> Accountability:
    pk = matter.pk if isinstance(matter, Accountability) else matter
    # Asked before the lock: who may not see the matter neither waits on it nor holds it up.
    if not Accountability.objects.restrict(actor).filter(pk=pk).exists():
        raise NotFound("逾期事项不存在或您无权访问")
    locked = Accountability.objects.select_for_update().filter(pk=pk).first()
    if locked is None:
        raise NotFound("逾期事项不存在或您无权访问")
    return locked


def _refuse_if_decided(matter: Accountability, verb: str) -> None:
    if matter.decision:
        by = matter.decided_by.name if matter.decided_by else ""
        raise Conflict(
            f"这一逾期事项已于{timezone.localtime(matter.decided_at):%Y年%-m月%-d日}由{by}"
            f"作出“{matter.decision_label}”的决定，不能{verb}",
            "already_decided",
        )
    if (
        matter.period_id
        and Period.objects.filter(pk=matter.period_id, status=PeriodStatus.PUBLISHED).exists()
    ):
        raise Conflict("这一逾期事项计入的考核期已审定发布并锁定，不能再更改", "period_locked")


@transaction.atomic
def explain_overdue(
    matter: Accountability | int | None = None,
    *,
    actor: Any,
    reason: str,
    task: Task | int | None = None,
    today: dt.date | None = None,
) -> Accountability:
    """The unit (its head, its staff, the task's owner) says why the deadline was missed; said again
    before the decision, the newer reason stands and the trail keeps both."""
    today = today or timezone.localdate()
    me = acting_person(actor, NO_PERSON)
    if matter is None:
        if task is None:
            raise InvalidInput("请指明逾期的任务", "task_required")
        matter = _matter_of_task(task, actor, today)
    matter = _locked_matter(matter, actor)
    if not of_unit(actor, matter):
        raise Forbidden(f"只有{matter.unit.name}的人员或任务责任人可以说明逾期原因", "not_of_unit")
    _refuse_if_decided(matter, "再修改逾期原因")
    text = (reason or "").strip()
    if not text:
        raise InvalidInput("请填写逾期原因", "reason_required", errors={"reason": ["请填写逾期原因"]})
    old = matter.reason
    matter.reason, matter.reason_by, matter.reason_at = text, me, timezone.now()
    matter.save(update_fields=["reason", "reason_by", "reason_at"])
    record(
        None,
        actor,
        EventKind.OVERDUE_EXPLAINED,
        note=f"《{matter.task.title}》",
        changes=[change("逾期原因", old or None, text)],
        unit=matter.unit,
        matter=matter,
    )
    return matter


def _still_missed(matter: Accountability, today: dt.date) -> None:
    """A matter stays one while its deadline stands: open past it, or closed after it. A deadline moved
    by an approved extension to a day not yet past, or a cancelled task, leaves nothing to decide."""
    task = matter.task
    if task.status == TaskStatus.CANCELLED:
        raise Conflict(f"《{task.title}》已撤销，不再作逾期问责", "not_overdue")
    if task.due_date != matter.due_date and not Task.objects.filter(overdue_q(today), pk=task.pk).exists():
        raise Conflict(
            f"《{task.title}》的完成时限已延至{task.due_date:%Y年%-m月%-d日}，目前没有逾期，不能作出问责决定",
            "not_overdue",
        )


@transaction.atomic
def decide_overdue(
    matter: Accountability | int,
    *,
    actor: Any,
    decision: str,
    note: str = "",
    period: Period | int | None = None,
    points: Any = None,
    today: dt.date | None = None,
) -> Accountability:
    """A leader over the unit, not of it, decides once. 纳入考核扣分 proposes a deduction item of
    ``points`` in ``period``, awaiting approval like every bonus and deduction item."""
    today = today or timezone.localdate()
    matter = _locked_matter(matter, actor)
    me = acting_person(actor, NO_PERSON)
    if not may_decide_overdue(actor, matter):
        if not outside_unit(actor, matter):
            raise Forbidden("不能对本人所在单位的逾期事项作出问责决定", "own_unit")
        raise Forbidden(f"只有{matter.unit.name}的分管领导或上级领导可以作出问责决定", "not_decider")
    _refuse_if_decided(matter, "再次决定")
    _still_missed(matter, today)
    if decision not in Sanction.values():
        raise InvalidInput(
            "请选择问责决定：说明情况、约谈、通报批评或纳入考核扣分",
            "invalid_decision",
            errors={"decision": ["请选择问责决定"]},
        )
    note = (note or "").strip()
    chosen = None
    if period is not None:
        chosen = lock_period(period, actor, "作出问责决定")
    elif decision == Sanction.DEDUCT:
        raise InvalidInput(
            "纳入考核扣分须选择计入的考核期", "period_required", errors={"period": ["请选择考核期"]}
        )
    task = matter.task
    late = (today - matter.due_date).days
    if decision == Sanction.DEDUCT and chosen is not None:
        matter.adjustment = propose_adjustment(
            chosen,
            actor=actor,
            unit=matter.unit,
            kind=AdjustmentKind.DEDUCTION,
            points=points if points not in (None, "") else "",
            reason=f"逾期问责：《{task.title}》"[:200],
            evidence=f"逾期问责台账第{matter.pk}号：完成时限{matter.due_date:%Y年%-m月%-d日}，"
            f"已逾期{late}天。单位说明：{matter.reason.rstrip('。') or '未说明'}"
            + (f"。决定意见：{note}" if note else ""),
        )
    matter.decision, matter.decision_note = decision, note
    matter.decided_by, matter.decided_at, matter.period = me, timezone.now(), chosen
    matter.save(
        update_fields=["decision", "decision_note", "decided_by", "decided_at", "period", "adjustment"]
    )
    changes = [change("问责决定", None, Sanction.label(decision))]
    if note:
        changes.append(fact("意见", note))
    if matter.adjustment is not None:
        changes.append(fact("扣分", f"{Decimal(matter.adjustment.points)}分（{chosen}，待审批）"))
    record(
        chosen.scheme if chosen else None,
        actor,
        EventKind.OVERDUE_DECIDED,
        note=f"《{task.title}》",
        changes=changes,
        period=chosen,
        unit=matter.unit,
        matter=matter,
    )
    return matter


def matters_of_score(period: Period, unit_id: int) -> QuerySet:
    """A unit's matters on its score page: those counted in the period, and those undecided or decided
    without a period whose deadline fell in it."""
    return (
        Accountability.objects.filter(unit_id=unit_id)
        .filter(
            Q(period=period)
            | Q(period__isnull=True, due_date__gte=period.starts_on, due_date__lte=period.ends_on)
        )
        .select_related("task", "reason_by", "decided_by", "adjustment")
        .order_by("-due_date", "-id")
    )
