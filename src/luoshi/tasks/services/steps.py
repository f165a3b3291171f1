"""What every task transition shares: the transition table, the locked start, the event and the save."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from luoshi.core import cadence as cadence_mod
from luoshi.core.errors import Conflict, InvalidInput, NotFound
from luoshi.core.guards import require
from luoshi.workdays.calendar import get_calendar

from .. import rollup
from ..choices import TaskStatus
from ..models import Feedback, Task, TaskAncestor, TaskEvent
from ..trail import changes_of

S = TaskStatus
# Who acts on a task must be a person of the organisation (an admin is one too, and may).
NO_PERSON = "该账号没有对应的人员信息"
# The terms of an assignment: once handed out, only who assigned it or stands above the unit changes them
# (the unit itself may name its owner, co-units and describe the work).
TERMS = (
    "title",
    "is_key",
    "lead_unit",
    "leader",
    "start_date",
    "due_date",
    "cadence",
    "finish_standard",
    "weight",
)
EDITABLE = (
    "title",
    "description",
    "is_key",
    "lead_unit",
    "owner",
    "leader",
    "start_date",
    "due_date",
    "cadence",
    "finish_standard",
    "weight",
)


# Reopening undoes a close-out a decider approved (rules: tasks.reopen_task); who may not is told whom to ask.
REOPEN_REFUSED = (
    "已销号的任务由有权审批其销号的领导（分管领导或上级负责人）重新打开；"
    "创建人、交办人和责任人认为需要重新打开的，请向分管领导提出"
)
# 延期 and 销号 are decided from above the lead unit, or by its head where the 审批规则 says
# (rules.decidable_q).
DECIDE_REFUSED = (
    "延期和销号申请由分管领导或上级负责人审批，审批规则允许时也可由牵头单位负责人（科室负责人、区县组织部部长）"
    "审批；交办人、创建人和责任人不能审批"
)
# 签收 and 退回 are the lead unit's answer to an assignment (rules: tasks.acknowledge_task).
ACKNOWLEDGE_REFUSED = (
    "交办给单位的任务由该单位负责人签收（负责人允许时本单位干部也可签收），上级领导不代为签收"
)


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    perm: str
    verb: str
    # The refusal when the right is missing, where the generic one would not say why or whom to ask.
    refused: str = ""


TRANSITIONS = {
    "assign": Transition(frozenset({S.DRAFT, S.RETURNED}), "tasks.assign_task", "交办"),
    "acknowledge": Transition(frozenset({S.ASSIGNED}), "tasks.acknowledge_task", "签收", ACKNOWLEDGE_REFUSED),
    "return": Transition(frozenset({S.ASSIGNED}), "tasks.acknowledge_task", "退回", ACKNOWLEDGE_REFUSED),
    "feedback": Transition(frozenset({S.ACKNOWLEDGED, S.IN_PROGRESS}), "tasks.report_task", "报送复命"),
    "request_extension": Transition(
        frozenset({S.ASSIGNED, S.ACKNOWLEDGED, S.IN_PROGRESS}), "tasks.report_task", "申请延期"
    ),
    "request_close": Transition(frozenset({S.ACKNOWLEDGED, S.IN_PROGRESS}), "tasks.report_task", "申请销号"),
    "review_close": Transition(frozenset({S.CLOSE_REQUESTED}), "tasks.review_task", "审核销号申请"),
    "approve_close": Transition(
        frozenset({S.CLOSE_REQUESTED}), "tasks.decide_task", "批准销号", DECIDE_REFUSED
    ),
    "reject_close": Transition(frozenset({S.CLOSE_REQUESTED}), "tasks.return_close", "退回销号申请"),
    "withdraw_close": Transition(frozenset({S.CLOSE_REQUESTED}), "tasks.view_task", "撤回销号申请"),
    "reopen": Transition(frozenset({S.CLOSED}), "tasks.reopen_task", "重新打开", REOPEN_REFUSED),
    "cancel": Transition(frozenset({S.DRAFT, *S.OPEN}), "tasks.direct_task", "撤销"),
    "update": Transition(frozenset({S.DRAFT, *S.OPEN}), "tasks.change_task", "修改"),
    "recheck": Transition(frozenset({S.CLOSED}), "tasks.recheck_task", "回头看"),
    "urge": Transition(frozenset({S.ASSIGNED, S.ACKNOWLEDGED, S.IN_PROGRESS}), "tasks.urge_task", "催办"),
}


def local_today() -> dt.date:
    return timezone.localdate()


def lock_visible(pk: int | None, actor: Any, missing: str = "任务不存在或您无权访问") -> Task:
    """The task locked with its ancestors (root first: rollup.lock_path), or 404 ``missing``.

    Visibility is asked before any lock, on the row as it stands: who may not see a task takes no lock
    on its tree and waits on none, so his 404 comes back as fast as an absent id's and tells nothing; the
    rule is asked again of the locked row, which decides."""
    seen = Task.objects.filter(pk=pk).first() if pk is not None else None
    if seen is None or not actor.has_perm("tasks.view_task", seen):
        raise NotFound(missing)
    locked = rollup.lock_path(seen.pk)
    if locked is None or not actor.has_perm("tasks.view_task", locked):
        raise NotFound(missing)
    return locked


def begin(task: Task | int, actor: Any, action: str) -> Task:
    """Lock the visible row (lock_visible), then: no right → 403, wrong state → 409."""
    locked = lock_visible(task.pk if isinstance(task, Task) else task, actor)
    rule = TRANSITIONS[action]
    require(actor, rule.perm, locked, rule.refused or f"您无权对这项任务进行“{rule.verb}”操作")
    if locked.status not in rule.sources:
        raise Conflict(
            f"任务当前状态为“{locked.status_label}”，不能{rule.verb}。请刷新页面查看最新情况。", "wrong_state"
        )
    return locked


def record_event(
    task: Task,
    actor: Any,
    kind: str,
    note: str = "",
    changes: Sequence[dict[str, Any]] = (),
    feedback: Feedback | None = None,
) -> TaskEvent:
    return TaskEvent.objects.create(
        task=task,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        note=note,
        changes=list(changes),
        feedback=feedback,
    )


def save_task(
    task: Task,
    actor: Any,
    kind: str,
    note: str = "",
    *,
    more: Sequence[dict[str, Any]] = (),
    feedback: Feedback | None = None,
    **values: Any,
) -> TaskEvent:
    """Set ``values`` on the locked task, save them and record the event that carries what changed (with
    ``more`` details): the task's one trail. Its ancestors' roll-ups follow."""
    changes = [*changes_of(task, values), *more]
    for name, value in values.items():
        setattr(task, name, value)
    task.save(update_fields=[*values, "updated_at"])
    if "due_date" in values:
        TaskAncestor.follow_due_date(task)
    rollup.refresh(task)
    return record_event(task, actor, kind, note, changes, feedback)


def required_text(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(f"请填写{what}", "reason_required")
    return reason


def next_report(task: Task, after: dt.date, due_date: dt.date | None = None) -> dt.date | None:
    """The next report date after ``after``, against ``due_date`` when the deadline is about to move."""
    return cadence_mod.next_due(
        cadence_mod.parse(task.cadence),
        after,
        due_date or task.due_date,
        get_calendar().add_working_days,
    )
