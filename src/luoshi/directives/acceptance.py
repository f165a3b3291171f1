"""Deciding a directive's requirements: 转为任务 (one, several at once and assigned, merged or split) and
不作为任务, with the defaults a task drawn from a requirement gets (its title, its deadline when usable)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from luoshi.core.errors import Conflict, InvalidInput, ServiceError
from luoshi.core.guards import attribute_history, require

from .choices import RequirementStatus
from .models import Requirement
from .numbering import rows_refused
from .rules import check_accept
from .services import CHANGE_REFUSED, lock_requirement

# Why a requirement is not a task when the one deciding gives no reason of their own (the page's 不作为任务).
DEFAULT_REJECT_REASON = "非具体任务（表态、背景或已有安排）"

# The outline marker a requirement opens with in the speech, numbering it there: （一） (1) 1. 1、 1） 一、 ①.
# Only such a marker: in 一要抓好…, 二要…, 一是…, 第一… the numeral is a word of the sentence and stays.
_NUMERAL = "一二三四五六七八九十"
OUTLINE_MARKER = re.compile(
    rf"^\s*(?:[（(][{_NUMERAL}\d]{{1,3}}[）)]|[{_NUMERAL}]{{1,3}}[、.．]|\d{{1,3}}(?:[、）)]|[.．](?!\d))|[①-⑳])\s*"
)


def default_title(requirement: Requirement) -> str:
    """The requirement's work as a short task name (marker, actor, lead-in and deadline left out)."""
    from luoshi.extract.titles import short_title

    return short_title(
        requirement.text,
        (requirement.deadline or {}).get("phrase") or "",
        mentions=[o.get("mention", "") for o in requirement.owners],
    )


def default_content(requirement: Requirement) -> str:
    """The requirement's text as its task's 任务内容, without the outline marker that numbered it in the
    speech and means nothing on the task."""
    return OUTLINE_MARKER.sub("", requirement.text, count=1) or requirement.text


def found_due_date(requirement: Requirement) -> dt.date | None:
    """The deadline the engine placed on a date, if that date has not passed."""
    date = (requirement.deadline or {}).get("date")
    due = dt.date.fromisoformat(date) if date else None
    return due if due and due >= timezone.localdate() else None


def deadline_flag(requirement: Requirement) -> str:
    """Why the deadline the engine read cannot be used as it stands ("" when it can, or there is none):
    the person fills the date; nothing invents one."""
    deadline = requirement.deadline or {}
    phrase, date = deadline.get("phrase") or "", deadline.get("date")
    if phrase and not date:
        return f"时限“{phrase}”未能换算为具体日期，请填写完成时限"
    if date and found_due_date(requirement) is None:
        return f"识别的时限“{phrase}”（{date}）已过，请重新填写完成时限"
    return ""


@transaction.atomic
def accept_requirement(requirement: Requirement | int, *, actor: Any, **task_fields: Any) -> Any:
    """转为任务: a draft task from the requirement; what the client leaves out comes from the extraction."""
    from luoshi.core import cadence as cadence_mod
    from luoshi.org.models import Unit, leader_in_charge
    from luoshi.tasks.services import create_task

    requirement = lock_requirement(requirement, actor)
    if requirement.status == RequirementStatus.ACCEPTED:
        raise Conflict("这条要求已经转为任务了，请刷新页面查看", "already_accepted")
    resolved = [
        o["unit"]
        for o in sorted(requirement.owners or [], key=lambda o: o.get("role") != "lead")
        if o.get("unit")
    ]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=resolved, is_active=True)}
    resolved = [pk for pk in dict.fromkeys(resolved) if pk in units]
    if not task_fields.get("title"):
        task_fields["title"] = default_title(requirement)
    task_fields.setdefault("description", default_content(requirement))
    if task_fields.get("lead_unit") is None and resolved:
        task_fields["lead_unit"] = units[resolved[0]]
    if "co_units" not in task_fields and task_fields.get("lead_unit") is not None:
        task_fields["co_units"] = [units[pk] for pk in resolved if pk != task_fields["lead_unit"].pk]
    if "leader" not in task_fields and task_fields.get("lead_unit") is not None:
        task_fields["leader"] = leader_in_charge(task_fields["lead_unit"])
    if "due_date" not in task_fields and found_due_date(requirement):
        task_fields["due_date"] = found_due_date(requirement)
    if "cadence" not in task_fields and requirement.cadence:
        try:
            task_fields["cadence"] = str(cadence_mod.parse(requirement.cadence))
        except InvalidInput:
            pass
    task_fields.setdefault("cadence", cadence_mod.DEFAULT)
    task_fields.setdefault("directive", requirement.directive)
    task_fields.setdefault("lead_unit", None)
    check_accept(actor, requirement, task_fields["lead_unit"])
    task = create_task(actor=actor, requirement=requirement, **task_fields)
    _mark(requirement, actor, RequirementStatus.ACCEPTED, f"转为任务 #{task.pk}")
    return task


@transaction.atomic
def accept_requirements(
    rows: list[tuple[Requirement, dict[str, Any]]], *, actor: Any, assign: bool = True
) -> list[Any]:
    """转为任务并交办: each requirement becomes its task, and each task is assigned, all or none. Every row
    is tried, so a refusal names each row refused (by its number on the directive's page) and what is
    wrong with it: the clerk fills them all at once, not one per try."""
    from luoshi.tasks.services import assign as assign_task
    from luoshi.tasks.services import check_due_to_assign

    if not rows:
        raise InvalidInput("请先勾选要处理的要求条目", "nothing_selected")
    tasks, refused = [], []
    for requirement, fields in rows:
        try:
            task = accept_requirement(requirement, actor=actor, **fields)
            if assign:
                task = assign_task(task, actor=actor)
        except ServiceError as exc:
            refused.append((requirement, exc))
            if assign and exc.code not in ("due_required", "due_in_past"):
                # The date is asked with the first refusal, not after the other fault is mended.
                try:
                    check_due_to_assign(fields.get("due_date") or found_due_date(requirement))
                except InvalidInput as due_exc:
                    refused.append((requirement, due_exc))
            continue
        tasks.append(task)
    if refused:
        raise rows_refused(refused)
    return tasks


def _mark(requirement: Requirement, actor: Any, status: str, why: str, reason: str = "") -> None:
    """A requirement's decision, with who and why in its history."""
    requirement.status, requirement.reject_reason = status, reason
    attribute_history(actor, requirement, reason=why)
    requirement.save(update_fields=["status", "reject_reason"])


@transaction.atomic
def reject_requirement(
    requirement: Requirement | int, *, actor: Any, reason: str | None = None
) -> Requirement:
    """不作为任务: kept with the reason, so the next extraction does not propose it again. No reason given
    (None) is the usual one, DEFAULT_REJECT_REASON; a reason given blank is refused."""
    reason = DEFAULT_REJECT_REASON if reason is None else reason.strip()
    requirement = lock_requirement(requirement, actor)
    require(
        actor, "directives.change_directive", requirement.directive, CHANGE_REFUSED, "not_directive_owner"
    )
    if not reason:
        raise InvalidInput("请填写不作为任务的理由", "reason_required")
    if requirement.status == RequirementStatus.ACCEPTED:
        raise Conflict("这条要求已经转为任务，不能再标为不作为任务", "already_accepted")
    if requirement.status == RequirementStatus.REJECTED:
        raise Conflict("这条要求已经标为不作为任务了", "already_rejected")
    _mark(requirement, actor, RequirementStatus.REJECTED, f"不作为任务：{reason}", reason)
    return requirement


@transaction.atomic
def reject_requirements(
    requirements: list[Requirement], *, actor: Any, reason: str | None = None
) -> list[Requirement]:
    """不作为任务 for the rows ticked on the directive's page, all or none: a row refused (one already turned
    into a task) leaves the others as they were, as the refusal says."""
    return [reject_requirement(requirement, actor=actor, reason=reason) for requirement in requirements]


@transaction.atomic
def merge_requirements(requirements: list[Requirement], *, actor: Any, **task_fields: Any) -> Any:
    """合并: several requirements that are one piece of work become one task; its text keeps every source."""
    if len(requirements) < 2:
        raise InvalidInput("合并至少需要选择两条要求", "merge_needs_two")
    locked = [lock_requirement(r, actor) for r in sorted(requirements, key=lambda r: r.start)]
    if len({r.directive_id for r in locked}) > 1:
        raise InvalidInput("只能合并同一文件中的要求", "merge_across_directives")
    taken = [r for r in locked if r.status == RequirementStatus.ACCEPTED]
    if taken:
        raise Conflict(f"有{len(taken)}条要求已经转为任务，不能再合并", "already_accepted")
    first, rest = locked[0], locked[1:]
    task_fields.setdefault("description", "\n".join(default_content(r) for r in locked))
    task = accept_requirement(first, actor=actor, **task_fields)
    for requirement in rest:
        check_accept(actor, requirement, task.lead_unit)  # each is marked done as the first is
        _mark(requirement, actor, RequirementStatus.ACCEPTED, f"并入任务 #{task.pk}")
    return task


@transaction.atomic
def split_requirement(
    requirement: Requirement | int, *, actor: Any, titles: list[str], **task_fields: Any
) -> list[Any]:
    """拆分: one requirement that is several pieces of work becomes several tasks, each keeping the source."""
    from luoshi.tasks.services import create_task

    titles = [t.strip() for t in titles if t and t.strip()]
    if len(titles) < 2:
        raise InvalidInput("拆分时请在任务名称里用“；”分隔至少两项任务", "split_needs_two")
    first = accept_requirement(requirement, actor=actor, **{**task_fields, "title": titles[0]})
    rest = {k: v for k, v in task_fields.items() if k != "title"}
    rest.setdefault("lead_unit", first.lead_unit)
    rest.setdefault("description", first.description)
    return [first] + [
        create_task(
            actor=actor, requirement=first.requirement, directive=first.directive, title=title, **rest
        )
        for title in titles[1:]
    ]
