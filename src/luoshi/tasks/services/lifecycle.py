"""A task's life outside its reports and requests: created, changed, 交办, 签收, 退回, reopened, cancelled."""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from luoshi.core.errors import Conflict, Forbidden, InvalidInput
from luoshi.core.guards import require
from luoshi.core.trees import child_path, path_ids
from luoshi.notify.choices import NotificationKind
from luoshi.notify.services import notify
from luoshi.org.models import Unit

from .. import rollup
from ..choices import EventKind
from ..eligibility import (
    check_co_units,
    check_dates,
    check_eligible,
    check_lead_unit,
    check_owner,
    required_lead_unit,
    validate_fields,
)
from ..models import Task, TaskAncestor
from ..recipients import recipients, unit_managers
from ..rules import cancel_refusal
from ..trail import change, names
from .steps import (
    EDITABLE,
    TERMS,
    S,
    begin,
    local_today,
    lock_visible,
    next_report,
    record_event,
    required_text,
    save_task,
)

LINK_REFUSED = (
    "只有录入该文件的单位或分管该单位的领导才能把任务关联到这份文件，文件点名的单位可在文件页将点名本单位的"
    "要求转为任务；其他单位可新建任务，在任务内容中注明来源"
)


@transaction.atomic
def create_task(
    *,
    actor: Any,
    title: str,
    lead_unit: Unit | None,
    co_units: Iterable[Unit] = (),
    parent: Task | None = None,
    directive: Any = None,
    requirement: Any = None,
    **fields: Any,
) -> Task:
    """A new task starts as a draft; sub-tasks need the right to change their parent."""
    require(actor, "tasks.add_task")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"不能设置字段：{'、'.join(sorted(unknown))}")
    fields = {"title": title, "lead_unit": lead_unit, **fields}
    validate_fields(fields, creating=True)
    unit = required_lead_unit(lead_unit)
    check_lead_unit(actor, unit)
    check_owner(actor, unit, fields.get("owner"))
    co_units = check_eligible(unit, fields.get("leader"), list(co_units))
    check_co_units(actor, co_units)
    inherited = None
    if parent is not None:
        parent = checked_parent(actor, parent)
        inherited = parent.directive
    task = Task(
        parent=parent, directive=directive or inherited, requirement=requirement, created_by=actor, **fields
    )
    check_link(actor, task, inherited)
    task.title = task.title.strip()
    _save_new(task)
    task.co_units.set(co_units)
    record_event(task, actor, EventKind.CREATED)
    return task


def check_link(actor: Any, task: Task, inherited: Any) -> None:
    """A task under a 讲话文件 counts in its 已转任务 and its 对标对表 for every reader, so a link of its
    own (a directive not its parent's, or a requirement) is asked of the directives' rule
    (directives.link_task): the directive's unit and its leaders, or a unit the requirement names taking
    it up. A sub-task under its parent's directive needs only the right to change its parent."""
    if task.requirement is not None and task.requirement.directive_id != getattr(task.directive, "pk", None):
        raise InvalidInput("任务的来源文件应是这条要求所在的文件", "requirement_of_another_directive")
    if task.directive is None or (task.requirement is None and task.directive == inherited):
        return
    require(actor, "directives.link_task", task, LINK_REFUSED, "not_directive_owner")


def checked_parent(actor: Any, parent: Task) -> Task:
    """The parent a new sub-task goes under, locked with its path: visible, changeable by the actor, open."""
    locked = lock_visible(parent.pk, actor, "上级任务不存在或您无权访问")
    require(actor, "tasks.change_task", locked, "您不能为这项任务添加子任务")
    if locked.status in S.FINISHED:
        raise Conflict("上级任务已销号或撤销，不能再添加子任务", "wrong_state")
    return locked


def _save_new(task: Task) -> None:
    task.save()
    task.tree_path = child_path(task.parent.tree_path if task.parent else None, task.pk)
    Task.objects.filter(pk=task.pk).update(tree_path=task.tree_path)
    TaskAncestor.objects.bulk_create(
        TaskAncestor(task=task, ancestor_id=pk, task_due_date=task.due_date)
        for pk in path_ids(task.tree_path)[:-1]
    )
    rollup.refresh(task)


@transaction.atomic
def update_task(
    task: Task | int, *, actor: Any, co_units: Iterable[Unit] | None = None, **fields: Any
) -> Task:
    task = begin(task, actor, "update")
    if fields.pop("directive", task.directive_id) != task.directive_id:
        # The link is made with the task (check_link); sent back as read it passes, a new one is refused.
        raise InvalidInput(
            "任务的来源文件在新建时确定，不能修改；请在文件页将对应要求转为任务",
            "directive_fixed",
            errors={"directive": ["来源文件不能修改"]},
        )
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"不能修改字段：{'、'.join(sorted(unknown))}")
    if "due_date" in fields and task.status != S.DRAFT and fields["due_date"] != task.due_date:
        raise Conflict(
            "已交办任务的完成时限不能直接修改，只能通过延期申请调整：由牵头单位在任务页面点击“申请延期”，"
            "经分管领导审核后生效",
            "use_extension",
            errors={"due_date": ["已交办任务的完成时限请通过“申请延期”调整"]},
        )
    if "due_date" in fields and fields["due_date"] == task.due_date:
        fields.pop("due_date")
    changed_terms = [name for name in TERMS if name in fields and fields[name] != getattr(task, name)]
    if task.status != S.DRAFT and changed_terms and not actor.has_perm("tasks.direct_task", task):
        raise Forbidden(
            "已交办任务的名称、级别、时限、标准和分管领导等只能由交办人或分管领导修改", "terms_locked"
        )
    if task.status != S.DRAFT and task.is_key and fields.get("is_key", True) is False:
        check_lowering_key(actor, task)
    validate_fields(fields, creating=False)
    if {"start_date", "due_date"} & set(fields):
        check_dates(fields.get("start_date", task.start_date), fields.get("due_date", task.due_date))
    lead_unit = fields.get("lead_unit") or task.lead_unit
    if lead_unit.pk != task.lead_unit_id:
        check_lead_unit(actor, lead_unit)
    moved = lead_unit.pk != task.lead_unit_id
    check_owner(actor, lead_unit, fields.get("owner", task.owner if moved else None), kept=task.owner)
    co_units = check_eligible(
        lead_unit,
        fields.get("leader", task.leader if moved else None),
        None if co_units is None else list(co_units),
    )
    fields = {name: value for name, value in fields.items() if getattr(task, name) != value}
    more = []
    if co_units is not None:
        before = list(task.co_units.all())
        check_co_units(actor, co_units, named={unit.pk for unit in before})
        dropped = {unit.pk for unit in before} - {unit.pk for unit in co_units}
        keep_assigned_co_units(actor, task, dropped)
        keep_reported_parts(task, dropped)
        if {unit.pk for unit in before} != {unit.pk for unit in co_units}:
            task.co_units.set(co_units)
            more.append(change("co_units", names(before), names(co_units)))
    if fields or more:
        save_task(task, actor, EventKind.UPDATED, more=more, **fields)
    return task


def keep_assigned_co_units(actor: Any, task: Task, dropped: set[int]) -> None:
    """The co-units of an assigned task are part of what was assigned: the lead unit may ask for more
    help, but only who may direct the task (who assigned it, its leader in charge) takes a co-unit off,
    or the executing unit could drop the 配合 it was told to work with before that unit starts."""
    if dropped and task.status != S.DRAFT and not actor.has_perm("tasks.direct_task", task):
        raise Forbidden(
            "已交办任务的配合单位只能由交办人或分管领导移出；牵头单位可以增加配合单位",
            "terms_locked",
            errors={"co_units": ["已交办任务的配合单位只能由交办人或分管领导移出"]},
        )


def keep_reported_parts(task: Task, dropped: set[int]) -> None:
    """A co-unit that has reported on its part stays: its 协办 reports are part of the task's record, and
    dropping the unit would hide them (and the task) from the people who made them."""
    if not dropped:
        return
    reported = [
        part.unit.name
        for part in task.parts.filter(unit_id__in=dropped, reported_at__isnull=False).select_related("unit")
    ]
    if reported:
        raise Conflict(
            f"配合单位“{'、'.join(reported)}”已报送协办进展，不能移出：其报送的内容是任务记录的一部分",
            "co_unit_reported",
            errors={"co_units": ["已报送协办进展的配合单位不能移出"]},
        )


def check_lowering_key(actor: Any, task: Task) -> None:
    """A key task's close-out and extensions are decided above its lead unit; once it is assigned, making it
    routine would hand that decision to the unit's own head. So only who decides its requests as a key
    task (its leader in charge, the head above; never who assigned, created or owns it) may lower it."""
    if not actor.has_perm("tasks.decide_task", task):
        raise Forbidden(
            "已交办的重点任务不能改为一般任务：重点任务的销号和延期须由分管领导或上级领导决定，"
            "只有他们可以改变任务级别",
            "key_locked",
            errors={"is_key": ["已交办的重点任务只能由分管领导或上级领导改为一般任务"]},
        )


def check_due_to_assign(due_date: dt.date | None) -> None:
    """A task is assigned with a 完成时限 that has not passed."""
    if due_date is None:
        raise InvalidInput("交办前请先填写完成时限", "due_required")
    if due_date < local_today():
        raise InvalidInput("完成时限已过，请先修改完成时限再交办", "due_in_past")


@transaction.atomic
def assign(task: Task | int, *, actor: Any) -> Task:
    task = begin(task, actor, "assign")
    check_due_to_assign(task.due_date)
    check_lead_unit(actor, task.lead_unit)
    save_task(
        task, actor, EventKind.ASSIGNED, status=S.ASSIGNED, assigned_at=timezone.now(), assigned_by=actor
    )
    _tell_assigned(task, actor)
    return task


def _tell_assigned(task: Task, actor: Any) -> None:
    """The unit's head, and an owner who may sign for the unit, are asked to sign; an owner who may not is
    told the task is his and who signs it, not asked for a step he cannot take."""
    due = f"完成时限 {task.due_date:%Y-%m-%d}"
    owner = task.owner.user if task.owner else None
    signs = owner is not None and owner.has_perm("tasks.acknowledge_task", task)
    title = f"新交办任务：{task.title}"
    notify(
        recipients(unit_managers(task.lead_unit_id), [owner] if signs else [], exclude=actor),
        NotificationKind.ASSIGNED,
        task=task,
        title=title,
        body=f"{due}，请及时签收。",
    )
    if owner is not None and not signs:
        notify(
            recipients([owner], exclude=actor),
            NotificationKind.ASSIGNED,
            task=task,
            title=title,
            body=f"{due}。您是责任人，由本单位负责人签收后请按期复命。",
        )


@transaction.atomic
def acknowledge(task: Task | int, *, actor: Any) -> Task:
    task = begin(task, actor, "acknowledge")
    save_task(
        task,
        actor,
        EventKind.ACKNOWLEDGED,
        status=S.ACKNOWLEDGED,
        acknowledged_at=timezone.now(),
        next_report_due=next_report(task, local_today()),
    )
    notify(
        recipients([task.created_by], exclude=actor),
        NotificationKind.ACKNOWLEDGED,
        task=task,
        title=f"已签收：{task.title}",
        body=f"{task.lead_unit.name}已签收。",
    )
    return task


@transaction.atomic
def return_task(task: Task | int, *, actor: Any, reason: str) -> Task:
    """退回: the unit says it is not theirs (wrong unit, unclear task); the assigner decides again."""
    reason = required_text(reason, "退回理由")
    task = begin(task, actor, "return")
    save_task(task, actor, EventKind.RETURNED, reason, status=S.RETURNED)
    notify(
        recipients([task.created_by], exclude=actor),
        NotificationKind.RETURNED,
        task=task,
        title=f"任务被退回：{task.title}",
        body=reason,
    )
    return task


@transaction.atomic
def reopen(task: Task | int, *, actor: Any, reason: str) -> Task:
    reason = required_text(reason, "重新打开的理由")
    task = begin(task, actor, "reopen")
    return back_to_work(task, actor, reason, title=f"任务重新打开：{task.title}", body=reason)


# Apps that hang a matter of their own on a task (a problem's measure) say when the task may not be open
# work again, as that matter stands: each check answers the Conflict (409) or None. Called with the task
# locked; a check locks what it reads after it (registered in the app's ready()).
REOPEN_CHECKS: list[Callable[[Task], Conflict | None]] = []


def add_reopen_check(check: Callable[[Task], Conflict | None]) -> None:
    REOPEN_CHECKS.append(check)


def back_to_work(task: Task, actor: Any, detail: str, *, title: str, body: str) -> Task:
    """A closed task is open work again, and its unit's heads are told. Its old 回头看 date is spent (a new
    close-out sets another) and its reports are due again — unless a matter it carries forbids it
    (REOPEN_CHECKS). Runs inside the caller's transaction."""
    refused = next((found for check in REOPEN_CHECKS if (found := check(task)) is not None), None)
    if refused is not None:
        raise refused
    save_task(
        task,
        actor,
        EventKind.REOPENED,
        detail,
        status=S.IN_PROGRESS,
        closed_at=None,
        recheck_on=None,
        next_report_due=next_report(task, local_today()),
    )
    notify(
        recipients(unit_managers(task.lead_unit_id), exclude=actor),
        NotificationKind.REOPENED,
        task=task,
        title=title,
        body=body,
    )
    return task


@transaction.atomic
def cancel(task: Task | int, *, actor: Any, reason: str) -> Task:
    reason = required_text(reason, "撤销理由")
    task = begin(task, actor, "cancel")
    why = cancel_refusal(actor, task)
    if why:
        raise Forbidden(why, "not_reviewer")
    if task.open_descendants().exists():
        raise Conflict("请先撤销或销号其下的子任务", "open_children")
    save_task(task, actor, EventKind.CANCELLED, reason, status=S.CANCELLED, next_report_due=None)
    return task
