"""Requests a unit makes and its leaders decide: 延期 and 销号 (with the key-task review)."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from luoshi.core.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceError
from luoshi.core.guards import require
from luoshi.core.uploads import check_files
from luoshi.notify.choices import NotificationKind
from luoshi.notify.services import notify, settle
from luoshi.org.scopes import REVIEW, acting_person, person_of, unit_scope

from ..choices import EventKind, ExtensionStatus
from ..eligibility import check_due_horizon, check_length
from ..models import CloseRequest, DecisionPolicy, ExtensionRequest, Task
from ..recipients import leaders_of, recipients, unit_managers
from ..trail import change, fact
from ..uploads import attach
from .reports import record_report
from .steps import (
    DECIDE_REFUSED,
    NO_PERSON,
    S,
    begin,
    local_today,
    lock_visible,
    next_report,
    record_event,
    required_text,
    save_task,
)

# What deciding a close-out request writes (saved alone, so a concurrent edit of its evidence is kept).
DECISION_FIELDS = ["approved", "decided_by", "decided_at", "decision_note"]


@transaction.atomic
def request_extension(
    task: Task | int, *, actor: Any, new_due_date: dt.date, reason: str
) -> ExtensionRequest:
    reason = required_text(reason, "延期理由")
    task = begin(task, actor, "request_extension")
    if new_due_date is None or (task.due_date and new_due_date <= task.due_date):
        raise InvalidInput("新的完成时限应晚于原完成时限", "not_later")
    if new_due_date < local_today():
        raise InvalidInput("新的完成时限不能早于今天", "due_in_past")
    check_due_horizon(new_due_date, "申请的完成时限", "new_due_date")
    if task.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise Conflict("这项任务已有一条待审批的延期申请", "extension_pending")
    extension = ExtensionRequest.objects.create(
        task=task,
        requested_by=acting_person(actor, NO_PERSON, admins=True),
        old_due_date=task.due_date,
        new_due_date=new_due_date,
        reason=reason,
    )
    record_event(
        task,
        actor,
        EventKind.EXTENSION_REQUESTED,
        reason,
        [change("due_date", task.due_date, new_due_date) | {"label": "申请完成时限"}],
    )
    notify(
        recipients(leaders_of(task), exclude=actor),
        NotificationKind.EXTENSION_REQUESTED,
        task=task,
        title=f"延期申请：{task.title}",
        body=f"申请延至 {new_due_date:%Y-%m-%d}。理由：{reason}",
    )
    return extension


@transaction.atomic
def decide_extension(
    extension: ExtensionRequest | int, *, actor: Any, approve: bool, note: str = ""
) -> ExtensionRequest:
    """The leader in charge approves or refuses; both dates stay in the task's trail.

    The task's path is locked first (lock_visible: root first, as every task service locks it, and only
    by who sees the task), then the request: locking the task before its ancestors would deadlock with a
    report on it at once."""
    pk = extension.pk if isinstance(extension, ExtensionRequest) else extension
    task_id = ExtensionRequest.objects.filter(pk=pk).values_list("task_id", flat=True).first()
    task = lock_visible(task_id, actor, "延期申请不存在或您无权访问")
    request = ExtensionRequest.objects.select_for_update().filter(pk=pk, task=task).first()
    if request is None:
        raise NotFound("延期申请不存在或您无权访问")
    request.task = task
    if request.status != ExtensionStatus.PENDING:
        raise Conflict("这条延期申请已经审批过了", "already_decided")
    if task.status in S.FINISHED:
        raise Conflict(f"任务{task.status_label}，这条延期申请无需再审批", "wrong_state")
    _refuse_own_request(actor, request.requested_by_id, "延期申请")
    require(actor, "tasks.decide_task", task, DECIDE_REFUSED, "not_decider")
    if not approve:
        note = required_text(note, "不批准的理由")
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    request.decided_by, request.decided_at, request.decision_note = (
        acting_person(actor, NO_PERSON, admins=True),
        timezone.now(),
        note,
    )
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if approve:
        save_task(task, actor, EventKind.EXTENSION_APPROVED, note, **_extended(task, request.new_due_date))
    else:
        record_event(task, actor, EventKind.EXTENSION_REFUSED, note)
    settle(task, [NotificationKind.EXTENSION_REQUESTED])
    notify(
        recipients([request.requested_by.user], exclude=actor),
        NotificationKind.EXTENSION_DECIDED,
        task=task,
        title=f"延期申请{'已批准' if approve else '未批准'}：{task.title}",
        body=note,
    )
    return request


def _extended(task: Task, new_due_date: dt.date) -> dict[str, Any]:
    """An approved extension's changes: the deadline, and a report date the old deadline set (完成时报一次,
    or a cadence cut short at the deadline) while it has not passed, so no report is owed on a day that
    is no longer the deadline. A report already overdue stays owed."""
    values: dict[str, Any] = {"due_date": new_due_date}
    owed = task.next_report_due
    if owed is not None and owed == task.due_date and owed >= local_today():
        values["next_report_due"] = next_report(task, local_today(), new_due_date)
    return values


@transaction.atomic
def request_close(
    task: Task | int,
    *,
    actor: Any,
    evidence_text: str,
    files: Sequence[Any] = (),
    recheck_on: dt.date | None = None,
) -> CloseRequest:
    """申请销号 rests on a completion report: the request is itself the task's 复命 at 100% (its evidence
    the report's text and files, answering the period owed), so the unit reports the finished work once
    and no close-out stands on a report of work still under way. No further report is due while the
    close-out waits; one sent back or withdrawn owes its reports again (``reporting_again``)."""
    files = check_files(files)
    evidence_text = required_text(evidence_text, "完成情况与佐证说明")
    check_length(evidence_text, "完成情况与佐证说明", "evidence_text")
    task = begin(task, actor, "request_close")
    if recheck_on is not None and recheck_on <= local_today():
        raise InvalidInput("回头看日期应在今天之后", "recheck_in_past")
    _refuse_if_open_children(task)
    person = acting_person(actor, NO_PERSON, admins=True)
    report = record_report(task, person, progress_text=evidence_text, percent=100)
    # A request made by the lead unit's own head carries that head's review already.
    reviewed = task.lead_unit_id in unit_scope(actor, REVIEW)
    request = CloseRequest.objects.create(
        task=task,
        requested_by=person,
        evidence_text=evidence_text,
        recheck_on=recheck_on,
        reviewed_by=person if reviewed else None,
        reviewed_at=timezone.now() if reviewed else None,
    )
    attach(task, person, files, close_request=request, feedback=report.feedback)
    save_task(
        task,
        actor,
        EventKind.CLOSE_REQUESTED,
        evidence_text[:500],
        feedback=report.feedback,
        more=[*report.more, *([fact("回头看日期", recheck_on)] if recheck_on else [])],
        status=S.CLOSE_REQUESTED,
        **{**report.values, "next_report_due": None},
    )
    deciders = unit_managers(task.lead_unit_id) if needs_review(task, request) else leaders_of(task)
    notify(
        recipients(deciders, exclude=actor),
        NotificationKind.CLOSE_REQUESTED,
        task=task,
        title=f"销号申请：{task.title}",
        body=evidence_text[:500],
    )
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
        return Conflict("这项任务的销号申请须先经牵头单位负责人审核，再由分管领导审批", "review_required")
    if person is not None and request.reviewed_by_id == person.pk != request.requested_by_id:
        return Forbidden("审核人和审批人须为不同的人：您已审核过这份销号申请", "reviewer_decides")
    return None


def needs_review(task: Task, request: CloseRequest | None) -> bool:
    return (
        request is not None
        and request.reviewed_at is None
        and DecisionPolicy.for_task(task).section_head_reviews_close
    )


def _refuse_if_open_children(task: Task) -> None:
    open_children = list(task.open_descendants().values_list("title", flat=True)[:10])
    if open_children:
        listed = "；".join(open_children)
        raise Conflict(
            f"还有{task.open_descendants().count()}项子任务未销号，不能销号：{listed}", "open_children"
        )


def _pending_close_request(task: Task) -> CloseRequest | None:
    return task.close_requests.filter(approved__isnull=True).order_by("-created_at").first()


@transaction.atomic
def approve_close(task: Task | int, *, actor: Any, note: str = "") -> Task:
    """划句号: closed only when nothing below it is open; a 回头看 date comes back as a to-do."""
    check_length(note, "审批意见", "note")
    task = begin(task, actor, "approve_close")
    _refuse_if_open_children(task)
    request = _pending_close_request(task)
    refusal = close_refusal(task, request, actor)
    if refusal is not None:
        raise refusal
    if request is not None:
        decider = acting_person(actor, NO_PERSON, admins=True)
        request.approved, request.decided_by, request.decided_at = True, decider, timezone.now()
        request.decision_note = note
        request.save(update_fields=DECISION_FIELDS)
    save_task(
        task,
        actor,
        EventKind.CLOSE_APPROVED,
        note,
        status=S.CLOSED,
        closed_at=timezone.now(),
        next_report_due=None,
        recheck_on=request.recheck_on if request is not None else task.recheck_on,
    )
    settle(task, [NotificationKind.CLOSE_REQUESTED])
    notify(
        recipients(
            unit_managers(task.lead_unit_id), [request.requested_by.user if request else None], exclude=actor
        ),
        NotificationKind.CLOSE_APPROVED,
        task=task,
        title=f"已销号：{task.title}",
    )
    return task


@transaction.atomic
def review_close(task: Task | int, *, actor: Any, note: str = "") -> CloseRequest:
    """科室审核: the lead unit's head vouches for the evidence; the leader in charge then decides."""
    check_length(note, "审核意见", "note")
    task = begin(task, actor, "review_close")
    request = _pending_close_request(task)
    if request is None:
        raise Conflict("这项任务没有待审核的销号申请", "wrong_state")
    _refuse_own_request(actor, request.requested_by_id, "销号申请")
    if request.reviewed_at is not None:
        raise Conflict("这份销号申请已经审核过了", "already_reviewed")
    request.reviewed_by, request.reviewed_at, request.review_note = (
        acting_person(actor, NO_PERSON, admins=True),
        timezone.now(),
        note.strip(),
    )
    request.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    record_event(task, actor, EventKind.CLOSE_REVIEWED, note.strip())
    notify(
        recipients(leaders_of(task), exclude=actor),
        NotificationKind.CLOSE_REQUESTED,
        task=task,
        title=f"销号申请（科室已审核）：{task.title}",
        body=request.evidence_text[:500],
    )
    return request


def reporting_again(task: Task) -> dict[str, Any]:
    """A close-out sent back or withdrawn: the task is under way again and owes its next report from
    today on (none was due while the close-out waited)."""
    return {"status": S.IN_PROGRESS, "next_report_due": next_report(task, local_today())}


@transaction.atomic
def reject_close(task: Task | int, *, actor: Any, reason: str) -> Task:
    reason = required_text(reason, "退回理由")
    check_length(reason, "退回理由", "reason")
    task = begin(task, actor, "reject_close")
    request = _pending_close_request(task)
    if request is not None:
        _refuse_own_request(actor, request.requested_by_id, "销号申请")
        decider = acting_person(actor, NO_PERSON, admins=True)
        request.approved, request.decided_by, request.decided_at = False, decider, timezone.now()
        request.decision_note = reason
        request.save(update_fields=DECISION_FIELDS)
    save_task(task, actor, EventKind.CLOSE_REJECTED, reason, **reporting_again(task))
    settle(task, [NotificationKind.CLOSE_REQUESTED])
    notify(
        recipients(
            unit_managers(task.lead_unit_id), [request.requested_by.user if request else None], exclude=actor
        ),
        NotificationKind.CLOSE_REJECTED,
        task=task,
        title=f"销号申请被退回：{task.title}",
        body=reason,
    )
    return task


@transaction.atomic
def withdraw_close(task: Task | int, *, actor: Any, reason: str = "") -> Task:
    """撤回: the requester takes back a close-out nobody has decided yet (to report more first); those
    who were to decide it are told, and the request stays on record as withdrawn."""
    check_length(reason, "撤回理由", "reason")
    task = begin(task, actor, "withdraw_close")
    request = _pending_close_request(task)
    person = person_of(actor)
    if request is None or person is None or person.pk != request.requested_by_id:
        raise Forbidden("只有提出销号申请的人可以撤回这份申请", "not_requester")
    deciders = unit_managers(task.lead_unit_id) if needs_review(task, request) else leaders_of(task)
    note = reason.strip()
    request.approved, request.decided_by, request.decided_at = False, person, timezone.now()
    request.decision_note = f"申请人撤回{'：' + note if note else ''}"
    request.save(update_fields=DECISION_FIELDS)
    save_task(task, actor, EventKind.CLOSE_WITHDRAWN, note, **reporting_again(task))
    settle(task, [NotificationKind.CLOSE_REQUESTED])
    notify(
        recipients(deciders, exclude=actor),
        NotificationKind.CLOSE_WITHDRAWN,
        task=task,
        title=f"销号申请已撤回：{task.title}",
        body=note,
    )
    return task
