"""Every state change of a task (交办, 签收, 复命, 延期, 销号, 回头看): one function each.

Each takes the acting user, checks the right on a locked row, writes in one transaction, records
the event and history, and writes notifications (the outbox) in the same transaction.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from luoshi.core.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceError
from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEventKind
from luoshi.core.guards import attribute_history, require
from luoshi.core.uploads import check_files
from luoshi.core.trees import child_path, path_ids
from luoshi.notify.choices import NotificationKind
from luoshi.notify.services import notify
from luoshi.org.models import Person, Unit
from luoshi.org.scopes import REVIEW, person_of, unit_scope
from luoshi.workdays.calendar import get_calendar

from . import cadence as cadence_mod
from .choices import EventKind, ExtensionStatus, TaskLevel, TaskStatus
from .models import CloseRequest, DecisionPolicy, ExtensionRequest, Feedback, Task, TaskAncestor, TaskEvent
from . import rollup
from .eligibility import check_eligible, check_lead_unit, validate_fields
from .recipients import leaders_of, recipients, unit_managers
from .uploads import attach

S = TaskStatus
# The terms of an assignment: once handed out, only who assigned it or stands above the unit changes them
# (the unit itself may name its owner, co-units and describe the work).
TERMS = ("title", "is_key", "lead_unit", "leader", "start_date", "due_date", "cadence", "finish_standard", "weight")
EDITABLE = ("title", "description", "is_key", "lead_unit", "owner", "leader", "start_date", "due_date", "cadence",
            "finish_standard", "weight")


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    perm: str
    verb: str


TRANSITIONS = {
    "assign": Transition(frozenset({S.DRAFT, S.RETURNED}), "tasks.assign_task", "交办"),
    "acknowledge": Transition(frozenset({S.ASSIGNED}), "tasks.acknowledge_task", "签收"),
    "return": Transition(frozenset({S.ASSIGNED}), "tasks.acknowledge_task", "退回"),
    "feedback": Transition(frozenset({S.ACKNOWLEDGED, S.IN_PROGRESS}), "tasks.report_task", "报送复命"),
    "request_extension": Transition(frozenset({S.ASSIGNED, S.ACKNOWLEDGED, S.IN_PROGRESS}), "tasks.report_task",
                                    "申请延期"),
    "request_close": Transition(frozenset({S.ACKNOWLEDGED, S.IN_PROGRESS}), "tasks.report_task", "申请销号"),
    "review_close": Transition(frozenset({S.CLOSE_REQUESTED}), "tasks.review_task", "审核销号申请"),
    "approve_close": Transition(frozenset({S.CLOSE_REQUESTED}), "tasks.decide_task", "批准销号"),
    "reject_close": Transition(frozenset({S.CLOSE_REQUESTED}), "tasks.return_close", "退回销号申请"),
    "reopen": Transition(frozenset({S.CLOSED}), "tasks.direct_task", "重新打开"),
    "cancel": Transition(frozenset({S.DRAFT, *S.OPEN}), "tasks.direct_task", "撤销"),
    "update": Transition(frozenset({S.DRAFT, *S.OPEN}), "tasks.change_task", "修改"),
}


def _today() -> dt.date:
    return timezone.localdate()


def _begin(task: Task | int, actor: Any, action: str) -> Task:
    """Lock the row (with its ancestors, root first: rollup.lock_path), then: invisible → 404, no right →
    403, wrong state → 409."""
    pk = task.pk if isinstance(task, Task) else task
    locked = rollup.lock_path(pk)
    if locked is None or not actor.has_perm("tasks.view_task", locked):
        raise NotFound("任务不存在或您无权访问")
    rule = TRANSITIONS[action]
    if not actor.has_perm(rule.perm, locked):
        raise Forbidden(f"您无权对这项任务进行“{rule.verb}”操作")
    if locked.status not in rule.sources:
        raise Conflict(f"任务当前状态为“{locked.status_label}”，不能{rule.verb}。请刷新页面查看最新情况。",
                       "wrong_state")
    return locked


def _event(task: Task, actor: Any, kind: str, note: str = "", **changes: Any) -> TaskEvent:
    return TaskEvent.objects.create(task=task, actor=actor, kind=kind, note=note, changes=changes)


def _save(task: Task, actor: Any, reason: str, fields: Sequence[str]) -> None:
    attribute_history(actor, task)
    task._change_reason = reason
    task.save(update_fields=[*fields, "updated_at"])
    if "due_date" in fields:
        TaskAncestor.follow_due_date(task)
    rollup.refresh(task)


def _person(actor: Any) -> Person:
    person = person_of(actor)
    if person is None:
        raise Forbidden("该账号没有对应的人员信息")
    return person


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(f"请填写{what}", "reason_required")
    return reason


@transaction.atomic
def create_task(*, actor: Any, title: str, lead_unit: Unit | None, co_units: Iterable[Unit] = (),
                parent: Task | None = None, directive: Any = None, requirement: Any = None, **fields: Any) -> Task:
    """A new task starts as a draft; sub-tasks need the right to change their parent."""
    require(actor, "tasks.add_task")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"不能设置字段：{'、'.join(sorted(unknown))}")
    fields = {"title": title, "lead_unit": lead_unit, **fields}
    validate_fields(fields, creating=True)
    check_lead_unit(actor, lead_unit)
    co_units = check_eligible(lead_unit, fields.get("owner"), fields.get("leader"), list(co_units))
    if parent is not None:
        parent = rollup.lock_path(parent.pk)
        if parent is None or not actor.has_perm("tasks.view_task", parent):
            raise NotFound("上级任务不存在或您无权访问")
        if not actor.has_perm("tasks.change_task", parent):
            raise Forbidden("您不能为这项任务添加子任务")
        if parent.status in S.FINISHED:
            raise Conflict("上级任务已销号或撤销，不能再添加子任务", "wrong_state")
        directive = directive or parent.directive
    task = Task(parent=parent, directive=directive, requirement=requirement, created_by=actor, **fields)
    task.title = task.title.strip()
    _save_new(task, actor)
    task.co_units.set(co_units)
    _event(task, actor, EventKind.CREATED)
    return task


def _save_new(task: Task, actor: Any) -> None:
    attribute_history(actor, task)
    task.save()
    task.tree_path = child_path(task.parent.tree_path if task.parent else None, task.pk)
    Task.objects.filter(pk=task.pk).update(tree_path=task.tree_path)
    TaskAncestor.objects.bulk_create(TaskAncestor(task=task, ancestor_id=pk, task_due_date=task.due_date)
                                     for pk in path_ids(task.tree_path)[:-1])
    rollup.refresh(task)


@transaction.atomic
def update_task(task: Task | int, *, actor: Any, co_units: Iterable[Unit] | None = None, **fields: Any) -> Task:
    task = _begin(task, actor, "update")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"不能修改字段：{'、'.join(sorted(unknown))}")
    if "due_date" in fields and task.status != S.DRAFT and fields["due_date"] != task.due_date:
        raise Conflict("已交办任务的完成时限只能通过延期申请调整", "use_extension")
    if fields.get("due_date") == task.due_date:
        fields.pop("due_date")
    changed_terms = [name for name in TERMS if name in fields and fields[name] != getattr(task, name)]
    if task.status != S.DRAFT and changed_terms and not actor.has_perm("tasks.direct_task", task):
        raise Forbidden("已交办任务的名称、级别、时限、标准和分管领导等只能由交办人或分管领导修改", "terms_locked")
    validate_fields(fields, creating=False)
    lead_unit = fields.get("lead_unit") or task.lead_unit
    if lead_unit.pk != task.lead_unit_id:
        check_lead_unit(actor, lead_unit)
    moved = lead_unit.pk != task.lead_unit_id
    co_units = check_eligible(lead_unit, fields.get("owner", task.owner if moved else None),
                               fields.get("leader", task.leader if moved else None),
                               None if co_units is None else list(co_units))
    changes = {name: [_plain(getattr(task, name)), _plain(value)] for name, value in fields.items()
               if getattr(task, name) != value}
    for name, value in fields.items():
        setattr(task, name, value)
    if changes:
        _save(task, actor, "修改任务", list(fields))
    if co_units is not None:
        before = sorted(task.co_units.values_list("pk", flat=True))
        task.co_units.set(co_units)
        after = sorted(task.co_units.values_list("pk", flat=True))
        if before != after:
            changes["co_units"] = [before, after]
    if changes:
        _event(task, actor, EventKind.UPDATED, **changes)
    return task


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def assign(task: Task | int, *, actor: Any) -> Task:
    task = _begin(task, actor, "assign")
    if task.due_date is None:
        raise InvalidInput("交办前请先填写完成时限", "due_required")
    if task.due_date < _today():
        raise InvalidInput("完成时限已过，请先修改完成时限再交办", "due_in_past")
    check_lead_unit(actor, task.lead_unit)
    task.status, task.assigned_at, task.assigned_by = S.ASSIGNED, timezone.now(), actor
    _save(task, actor, "交办", ["status", "assigned_at", "assigned_by"])
    _event(task, actor, EventKind.ASSIGNED)
    notify(recipients(unit_managers(task.lead_unit_id), [task.owner.user if task.owner else None], exclude=actor),
           NotificationKind.ASSIGNED, task=task, title=f"新交办任务：{task.title}",
           body=f"完成时限 {task.due_date:%Y-%m-%d}，请及时签收。")
    return task


@transaction.atomic
def acknowledge(task: Task | int, *, actor: Any) -> Task:
    task = _begin(task, actor, "acknowledge")
    task.status, task.acknowledged_at = S.ACKNOWLEDGED, timezone.now()
    task.next_report_due = _next_report(task, _today())
    _save(task, actor, "签收", ["status", "acknowledged_at", "next_report_due"])
    _event(task, actor, EventKind.ACKNOWLEDGED)
    notify(recipients([task.created_by], exclude=actor), NotificationKind.ASSIGNED, task=task,
           title=f"已签收：{task.title}", body=f"{task.lead_unit.name}已签收。")
    return task


@transaction.atomic
def return_task(task: Task | int, *, actor: Any, reason: str) -> Task:
    """退回: the unit says it is not theirs (wrong unit, unclear task); the assigner decides again."""
    reason = _reason(reason, "退回理由")
    task = _begin(task, actor, "return")
    task.status = S.RETURNED
    _save(task, actor, f"退回：{reason}", ["status"])
    _event(task, actor, EventKind.RETURNED, reason)
    notify(recipients([task.created_by], exclude=actor), NotificationKind.RETURNED, task=task,
           title=f"任务被退回：{task.title}", body=reason)
    return task


def _next_report(task: Task, after: dt.date) -> dt.date | None:
    return cadence_mod.next_due(cadence_mod.parse(task.cadence), after, task.due_date,
                                get_calendar().add_working_days)


@transaction.atomic
def submit_feedback(task: Task | int, *, actor: Any, progress_text: str, percent: int | None, difficulties: str = "",
                    next_steps: str = "", files: Sequence[Any] = ()) -> Feedback:
    """A report answers the period owed (cadence.answered_period). A task with sub-tasks reports text and
    evidence; its percent is derived from them (rollup.derive) and a percent given here is ignored."""
    files = check_files(files)
    if not (progress_text or "").strip():
        raise InvalidInput("请填写工作进展", "progress_required")
    task = _begin(task, actor, "feedback")
    if rollup.derives_progress(task):
        percent = task.progress
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise InvalidInput("完成百分比应为0到100之间的整数", "invalid_percent") from None
    if not 0 <= percent <= 100:
        raise InvalidInput("完成百分比应为0到100之间的整数", "invalid_percent")
    person = _person(actor)
    today = _today()
    last = task.feedback.filter(period_due__isnull=False).values_list("period_due", "submitted_at").first()
    period_due = cadence_mod.answered_period(task.next_report_due, today, last and last[0],
                                             last and timezone.localdate(last[1]))
    feedback = Feedback.objects.create(task=task, author=person, progress_text=progress_text.strip(),
                                       percent=percent, difficulties=difficulties.strip(),
                                       next_steps=next_steps.strip(), period_due=period_due,
                                       late=bool(period_due and today > period_due))
    attach(task, person, files, feedback=feedback)
    task.status, task.progress = S.IN_PROGRESS, percent
    if period_due is not None:
        rollup.tally(task.lead_unit_id, period_due, feedback.late)
        task.next_report_due = _next_report(task, max(today, period_due))
    _save(task, actor, "复命", ["status", "progress", "next_report_due"])
    _event(task, actor, EventKind.FEEDBACK, f"{percent}%：{feedback.progress_text[:200]}", feedback=feedback.pk,
           late=feedback.late)
    return feedback


@transaction.atomic
def request_extension(task: Task | int, *, actor: Any, new_due_date: dt.date, reason: str) -> ExtensionRequest:
    reason = _reason(reason, "延期理由")
    task = _begin(task, actor, "request_extension")
    if new_due_date is None or (task.due_date and new_due_date <= task.due_date):
        raise InvalidInput("新的完成时限应晚于原完成时限", "not_later")
    if new_due_date < _today():
        raise InvalidInput("新的完成时限不能早于今天", "due_in_past")
    if task.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise Conflict("这项任务已有一条待审批的延期申请", "extension_pending")
    extension = ExtensionRequest.objects.create(task=task, requested_by=_person(actor), old_due_date=task.due_date,
                                                new_due_date=new_due_date, reason=reason)
    _event(task, actor, EventKind.EXTENSION_REQUESTED, reason, new_due_date=new_due_date.isoformat(),
           extension=extension.pk)
    notify(recipients(leaders_of(task), exclude=actor), NotificationKind.EXTENSION_REQUESTED, task=task,
           title=f"延期申请：{task.title}", body=f"申请延至 {new_due_date:%Y-%m-%d}。理由：{reason}")
    return extension


@transaction.atomic
def decide_extension(extension: ExtensionRequest | int, *, actor: Any, approve: bool, note: str = "") -> ExtensionRequest:
    """The leader in charge approves or refuses; both dates stay in history."""
    pk = extension.pk if isinstance(extension, ExtensionRequest) else extension
    extension = ExtensionRequest.objects.select_for_update().filter(pk=pk).select_related("task").first()
    if extension is None or not actor.has_perm("tasks.view_task", extension.task):
        raise NotFound("延期申请不存在或您无权访问")
    task = Task.objects.select_for_update().get(pk=extension.task_id)
    if extension.status != ExtensionStatus.PENDING:
        raise Conflict("这条延期申请已经审批过了", "already_decided")
    if task.status in S.FINISHED:
        raise Conflict(f"任务已{task.status_label}，这条延期申请无需再审批", "wrong_state")
    _refuse_own_request(actor, extension.requested_by_id, "延期申请")
    if not actor.has_perm("tasks.decide_task", task):
        raise Forbidden("延期申请由分管领导（或按审批规则由科室负责人）审批；交办人、创建人和责任人不能审批", "not_decider")
    if not approve:
        note = _reason(note, "不批准的理由")
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    extension.decided_by, extension.decided_at, extension.decision_note = _person(actor), timezone.now(), note
    attribute_history(actor, extension)
    extension.save()
    if approve:
        old = task.due_date
        task.due_date = extension.new_due_date
        _save(task, actor, f"批准延期：{old} → {task.due_date}", ["due_date"])
        _event(task, actor, EventKind.EXTENSION_APPROVED, note, due_date=[_plain(old), _plain(task.due_date)])
    else:
        _event(task, actor, EventKind.EXTENSION_REFUSED, note)
    notify(recipients([extension.requested_by.user], exclude=actor), NotificationKind.EXTENSION_DECIDED, task=task,
           title=f"延期申请{'已批准' if approve else '未批准'}：{task.title}", body=note)
    return extension


@transaction.atomic
def request_close(task: Task | int, *, actor: Any, evidence_text: str, files: Sequence[Any] = (),
                  recheck_on: dt.date | None = None) -> CloseRequest:
    files = check_files(files)
    evidence_text = _reason(evidence_text, "完成情况与佐证说明")
    task = _begin(task, actor, "request_close")
    if recheck_on is not None and recheck_on <= _today():
        raise InvalidInput("回头看日期应在今天之后", "recheck_in_past")
    _refuse_if_open_children(task)
    person = _person(actor)
    # A request made by the lead unit's own head carries that head's review already.
    reviewed = task.lead_unit_id in unit_scope(actor, REVIEW)
    request = CloseRequest.objects.create(task=task, requested_by=person, evidence_text=evidence_text,
                                          recheck_on=recheck_on, reviewed_by=person if reviewed else None,
                                          reviewed_at=timezone.now() if reviewed else None)
    attach(task, person, files, close_request=request)
    task.status = S.CLOSE_REQUESTED
    _save(task, actor, "申请销号", ["status"])
    _event(task, actor, EventKind.CLOSE_REQUESTED, evidence_text[:500], close_request=request.pk)
    deciders = unit_managers(task.lead_unit_id) if needs_review(task, request) else leaders_of(task)
    notify(recipients(deciders, exclude=actor), NotificationKind.CLOSE_REQUESTED,
           task=task, title=f"销号申请：{task.title}", body=evidence_text[:500])
    return request


def _refuse_own_request(actor: Any, requested_by_id: int, what: str) -> None:
    person = person_of(actor)
    if person is not None and person.pk == requested_by_id:
        raise Forbidden(f"不能审批自己提出的{what}", "own_request")


def close_refusal(task: Task, request: CloseRequest | None, actor: Any) -> ServiceError | None:
    """Why ``actor`` may not approve this close-out now, beyond the right to decide: the task page asks
    the same question to decide whether to show the button."""
    if request is None:
        return None
    person = person_of(actor)
    if person is not None and person.pk == request.requested_by_id:
        return Forbidden("不能审批自己提出的销号申请", "own_request")
    if needs_review(task, request):
        return Conflict("这项任务的销号申请须先经牵头科室负责人审核，再由分管领导审批", "review_required")
    if person is not None and request.reviewed_by_id == person.pk != request.requested_by_id:
        return Forbidden("审核人和审批人须为不同的人：您已审核过这份销号申请", "reviewer_decides")
    return None


def needs_review(task: Task, request: CloseRequest | None) -> bool:
    return (request is not None and request.reviewed_at is None
            and DecisionPolicy.for_task(task).section_head_reviews_close)


def _refuse_if_open_children(task: Task) -> None:
    open_children = list(task.open_descendants().values_list("title", flat=True)[:10])
    if open_children:
        listed = "；".join(open_children)
        raise Conflict(f"还有{task.open_descendants().count()}项子任务未销号，不能销号：{listed}", "open_children")


def _pending_close_request(task: Task) -> CloseRequest:
    return task.close_requests.filter(approved__isnull=True).order_by("-created_at").first()


@transaction.atomic
def approve_close(task: Task | int, *, actor: Any, note: str = "") -> Task:
    """划句号: closed only when nothing below it is open; a 回头看 date comes back as a to-do."""
    task = _begin(task, actor, "approve_close")
    _refuse_if_open_children(task)
    request = _pending_close_request(task)
    refusal = close_refusal(task, request, actor)
    if refusal is not None:
        raise refusal
    if request is not None:
        request.approved, request.decided_by, request.decided_at = True, _person(actor), timezone.now()
        request.decision_note = note
        request.save()
        task.recheck_on = request.recheck_on
    task.status, task.closed_at, task.next_report_due = S.CLOSED, timezone.now(), None
    _save(task, actor, "销号", ["status", "closed_at", "next_report_due", "recheck_on"])
    _event(task, actor, EventKind.CLOSE_APPROVED, note)
    notify(recipients(unit_managers(task.lead_unit_id), [request.requested_by.user if request else None],
                       exclude=actor), NotificationKind.CLOSE_APPROVED, task=task, title=f"已销号：{task.title}")
    return task


@transaction.atomic
def review_close(task: Task | int, *, actor: Any, note: str = "") -> CloseRequest:
    """科室审核: the lead unit's head vouches for the evidence; the leader in charge then decides."""
    task = _begin(task, actor, "review_close")
    request = _pending_close_request(task)
    if request is None:
        raise Conflict("这项任务没有待审核的销号申请", "wrong_state")
    _refuse_own_request(actor, request.requested_by_id, "销号申请")
    if request.reviewed_at is not None:
        raise Conflict("这份销号申请已经审核过了", "already_reviewed")
    request.reviewed_by, request.reviewed_at, request.review_note = _person(actor), timezone.now(), note.strip()
    request.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    _event(task, actor, EventKind.CLOSE_REVIEWED, note.strip(), close_request=request.pk)
    notify(recipients(leaders_of(task), exclude=actor), NotificationKind.CLOSE_REQUESTED, task=task,
           title=f"销号申请（科室已审核）：{task.title}", body=request.evidence_text[:500])
    return request


@transaction.atomic
def reject_close(task: Task | int, *, actor: Any, reason: str) -> Task:
    reason = _reason(reason, "退回理由")
    task = _begin(task, actor, "reject_close")
    request = _pending_close_request(task)
    if request is not None:
        _refuse_own_request(actor, request.requested_by_id, "销号申请")
        request.approved, request.decided_by, request.decided_at = False, _person(actor), timezone.now()
        request.decision_note = reason
        request.save()
    task.status = S.IN_PROGRESS
    _save(task, actor, f"退回销号申请：{reason}", ["status"])
    _event(task, actor, EventKind.CLOSE_REJECTED, reason)
    notify(recipients(unit_managers(task.lead_unit_id), [request.requested_by.user if request else None],
                       exclude=actor), NotificationKind.CLOSE_REJECTED, task=task,
           title=f"销号申请被退回：{task.title}", body=reason)
    return task


@transaction.atomic
def reopen(task: Task | int, *, actor: Any, reason: str) -> Task:
    reason = _reason(reason, "重新打开的理由")
    task = _begin(task, actor, "reopen")
    task.status, task.closed_at = S.IN_PROGRESS, None
    task.next_report_due = _next_report(task, _today())
    _save(task, actor, f"重新打开：{reason}", ["status", "closed_at", "next_report_due"])
    _event(task, actor, EventKind.REOPENED, reason)
    notify(recipients(unit_managers(task.lead_unit_id), exclude=actor), NotificationKind.RETURNED, task=task,
           title=f"任务重新打开：{task.title}", body=reason)
    return task


@transaction.atomic
def cancel(task: Task | int, *, actor: Any, reason: str) -> Task:
    reason = _reason(reason, "撤销理由")
    task = _begin(task, actor, "cancel")
    if task.open_descendants().exists():
        raise Conflict("请先撤销或销号其下的子任务", "open_children")
    task.status, task.next_report_due = S.CANCELLED, None
    _save(task, actor, f"撤销：{reason}", ["status", "next_report_due"])
    _event(task, actor, EventKind.CANCELLED, reason)
    return task


@transaction.atomic
def set_decision_policy(level: str, *, actor: Any, section_head_decides: bool,
                        section_head_reviews_close: bool) -> DecisionPolicy:
    """The system admin says who decides each level's requests; the history keeps every version."""
    require(actor, "tasks.manage_policy", message="只有系统管理员可以设置审批规则")
    if level not in TaskLevel.values():
        raise InvalidInput(f"未知的任务级别：{level}", "unknown_level")
    policy = DecisionPolicy.objects.select_for_update().filter(level=level).first() or DecisionPolicy.current()[level]
    policy.section_head_decides, policy.section_head_reviews_close = section_head_decides, section_head_reviews_close
    attribute_history(actor, policy)
    policy.save()
    record(SecurityEventKind.POLICY_CHANGED, actor=actor, target=f"审批规则：{policy.level_label}",
           detail={"section_head_decides": section_head_decides,
                   "section_head_reviews_close": section_head_reviews_close})
    return policy
