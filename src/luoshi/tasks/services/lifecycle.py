"""A task's life outside its reports and requests: created, changed, 交办, 签收, 退回, reopened, cancelled."""
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from luoshi.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from luoshi.core.guards import attribute_history, require
from luoshi.core.trees import child_path, path_ids
from luoshi.notify.choices import NotificationKind
from luoshi.notify.services import notify
from luoshi.org.models import Unit

from .. import rollup
from ..choices import EventKind
from ..eligibility import check_eligible, check_lead_unit, validate_fields
from ..models import Task, TaskAncestor
from ..recipients import recipients, unit_managers
from .steps import (
    EDITABLE,
    TERMS,
    S,
    begin,
    local_today,
    next_report,
    plain,
    record_event,
    required_text,
    save_task,
)


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
    record_event(task, actor, EventKind.CREATED)
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
    task = begin(task, actor, "update")
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
    changes = {name: [plain(getattr(task, name)), plain(value)] for name, value in fields.items()
               if getattr(task, name) != value}
    for name, value in fields.items():
        setattr(task, name, value)
    if changes:
        save_task(task, actor, "修改任务", list(fields))
    if co_units is not None:
        before = sorted(task.co_units.values_list("pk", flat=True))
        task.co_units.set(co_units)
        after = sorted(task.co_units.values_list("pk", flat=True))
        if before != after:
            changes["co_units"] = [before, after]
    if changes:
        record_event(task, actor, EventKind.UPDATED, **changes)
    return task


@transaction.atomic
def assign(task: Task | int, *, actor: Any) -> Task:
    task = begin(task, actor, "assign")
    if task.due_date is None:
        raise InvalidInput("交办前请先填写完成时限", "due_required")
    if task.due_date < local_today():
        raise InvalidInput("完成时限已过，请先修改完成时限再交办", "due_in_past")
    check_lead_unit(actor, task.lead_unit)
    task.status, task.assigned_at, task.assigned_by = S.ASSIGNED, timezone.now(), actor
    save_task(task, actor, "交办", ["status", "assigned_at", "assigned_by"])
    record_event(task, actor, EventKind.ASSIGNED)
    notify(recipients(unit_managers(task.lead_unit_id), [task.owner.user if task.owner else None], exclude=actor),
           NotificationKind.ASSIGNED, task=task, title=f"新交办任务：{task.title}",
           body=f"完成时限 {task.due_date:%Y-%m-%d}，请及时签收。")
    return task


@transaction.atomic
def acknowledge(task: Task | int, *, actor: Any) -> Task:
    task = begin(task, actor, "acknowledge")
    task.status, task.acknowledged_at = S.ACKNOWLEDGED, timezone.now()
    task.next_report_due = next_report(task, local_today())
    save_task(task, actor, "签收", ["status", "acknowledged_at", "next_report_due"])
    record_event(task, actor, EventKind.ACKNOWLEDGED)
    notify(recipients([task.created_by], exclude=actor), NotificationKind.ASSIGNED, task=task,
           title=f"已签收：{task.title}", body=f"{task.lead_unit.name}已签收。")
    return task


@transaction.atomic
def return_task(task: Task | int, *, actor: Any, reason: str) -> Task:
    """退回: the unit says it is not theirs (wrong unit, unclear task); the assigner decides again."""
    reason = required_text(reason, "退回理由")
    task = begin(task, actor, "return")
    task.status = S.RETURNED
    save_task(task, actor, f"退回：{reason}", ["status"])
    record_event(task, actor, EventKind.RETURNED, reason)
    notify(recipients([task.created_by], exclude=actor), NotificationKind.RETURNED, task=task,
           title=f"任务被退回：{task.title}", body=reason)
    return task


@transaction.atomic
def reopen(task: Task | int, *, actor: Any, reason: str) -> Task:
    reason = required_text(reason, "重新打开的理由")
    task = begin(task, actor, "reopen")
    task.status, task.closed_at = S.IN_PROGRESS, None
    task.next_report_due = next_report(task, local_today())
    save_task(task, actor, f"重新打开：{reason}", ["status", "closed_at", "next_report_due"])
    record_event(task, actor, EventKind.REOPENED, reason)
    notify(recipients(unit_managers(task.lead_unit_id), exclude=actor), NotificationKind.RETURNED, task=task,
           title=f"任务重新打开：{task.title}", body=reason)
    return task


@transaction.atomic
def cancel(task: Task | int, *, actor: Any, reason: str) -> Task:
    reason = required_text(reason, "撤销理由")
    task = begin(task, actor, "cancel")
    if task.open_descendants().exists():
        raise Conflict("请先撤销或销号其下的子任务", "open_children")
    task.status, task.next_report_due = S.CANCELLED, None
    save_task(task, actor, f"撤销：{reason}", ["status", "next_report_due"])
    record_event(task, actor, EventKind.CANCELLED, reason)
    return task
