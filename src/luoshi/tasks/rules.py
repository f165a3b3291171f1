"""Who may do what to a task, as `rules` predicates over the unit scopes of luoshi.org.scopes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rules
from django.db.models import Q

from luoshi.org.choices import Role
from luoshi.org.rules import (
    heads_unit,
    is_business_user,
    is_inspector,
    is_leader,
    is_section_head,
    is_system_admin,
)
from luoshi.org.scopes import APPROVE, ASSIGN, MANAGE, REVIEW, WORK, person_of, unit_scope

from .visibility import may_see


def _in_scope(user, task, action: str) -> bool:
    return task is not None and task.lead_unit_id in unit_scope(user, action)


def decidable_q(user: Any) -> Q:
    """The tasks whose requests (延期, 销号) ``user`` may decide — the one definition of that rule.

    The level that assigned the work decides: the leader in charge of the lead unit and the head above it
    (APPROVE: a head approves the units below his own, so a county's 部长 does not decide the county's own
    city work, nor a section head his section's) — as they stand now: a leader named on the task decides
    only while still in charge of its unit (the security admin who takes a section from a deputy takes its
    decisions too). The lead unit's own head (REVIEW: 科室负责人, or the 部长 of a county department) decides
    too only for the task levels whose DecisionPolicy says so. Never someone who assigned the task, created
    it or owns it (分工负责、相互制约); a request's own author is refused by the service."""
    from .choices import TaskLevel
    from .models import DecisionPolicy

    person = person_of(user)
    if person is None or not is_business_user(user):
        return Q(pk__in=[])
    may = unit_scope(user, APPROVE).q()
    levels = [
        level == TaskLevel.KEY
        for level, policy in DecisionPolicy.current().items()
        if policy.section_head_decides
    ]
    if levels:
        may |= unit_scope(user, REVIEW).q() & Q(is_key__in=levels)
    return may & ~(Q(created_by=user) | Q(assigned_by=user) | Q(owner=person))


def awaiting_review_q() -> Q:
    """Close-out requests that still need the lead unit's head's review: the list form of
    ``services.needs_review``, for the levels whose DecisionPolicy asks for one."""
    from django.db.models import Exists, OuterRef

    from .choices import TaskLevel
    from .models import CloseRequest, DecisionPolicy

    levels = [
        level == TaskLevel.KEY
        for level, policy in DecisionPolicy.current().items()
        if policy.section_head_reviews_close
    ]
    pending = CloseRequest.objects.filter(
        task=OuterRef("pk"), approved__isnull=True, reviewed_at__isnull=True
    )
    return Q(Exists(pending), is_key__in=levels)


def sent_back_q() -> Q:
    """Tasks whose close-out was sent back (退回) and that have had no 复命 since: the unit owes the
    fix the reason asks for, though its next periodic report may be weeks away."""
    from django.db.models import Exists, OuterRef

    from .choices import TaskStatus
    from .models import CloseRequest, Feedback

    since = Feedback.objects.filter(task=OuterRef("task"), submitted_at__gt=OuterRef("decided_at"))
    rejected = CloseRequest.objects.filter(task=OuterRef("pk"), approved=False).filter(~Exists(since))
    return Q(Exists(rejected), status=TaskStatus.IN_PROGRESS)


def approvable_close_q(user: Any) -> Q:
    """The tasks whose close-out request ``user`` may approve now (我的待办's 待审批销号): the right to
    decide (``decidable_q``) less what ``services.close_refusal`` refuses — one's own request, one still
    awaiting the lead unit's head's review, one reviewed oneself (审核人和审批人须为不同的人)."""
    from django.db.models import Exists, OuterRef

    from .models import CloseRequest

    person = person_of(user)
    if person is None:
        return Q(pk__in=[])
    pending = CloseRequest.objects.filter(task=OuterRef("pk"), approved__isnull=True)
    refused = Exists(pending.filter(Q(requested_by=person) | Q(reviewed_by=person)))
    return decidable_q(user) & ~Q(refused) & ~awaiting_review_q()


@rules.predicate
def can_view(user, task) -> bool:
    return task is not None and may_see(user, task)


@rules.predicate
def is_creator(user, task) -> bool:
    return task is not None and task.created_by_id == user.pk


@rules.predicate
def is_assigner(user, task) -> bool:
    return task is not None and task.assigned_by_id == user.pk


@rules.predicate
def assigns_to_lead_unit(user, task) -> bool:
    """The lead unit is one ``user`` may give work to now (his own unit and below, or the department's
    units while the office holds 代上级交办)."""
    return _in_scope(user, task, ASSIGN)


@rules.predicate
def is_owner_of(user, task) -> bool:
    person = person_of(user)
    return task is not None and person is not None and task.owner_id == person.pk


@rules.predicate
def manages_lead_unit(user, task) -> bool:
    return _in_scope(user, task, MANAGE)


@rules.predicate
def works_in_lead_unit(user, task) -> bool:
    return _in_scope(user, task, WORK)


@rules.predicate
def signs_for_lead_unit(user, task) -> bool:
    """The lead unit's staff (干部), while its head lets them sign off for it (Unit.staff_acknowledge): not
    every role held in the unit — the 督查员 and the deputies hold theirs in the 部机关 too."""
    person = person_of(user)
    return bool(
        person
        and task is not None
        and task.lead_unit.staff_acknowledge
        and person.memberships.filter(unit_id=task.lead_unit_id, role=Role.STAFF).exists()
    )


@rules.predicate
def heads_the_lead_unit(user, task) -> bool:
    """The lead unit's own head (科室负责人, or 部长 of a county department), not a head above it."""
    return task is not None and heads_unit(user, task.lead_unit)


@rules.predicate
def approves_lead_unit(user, task) -> bool:
    return _in_scope(user, task, APPROVE)


@rules.predicate
def heads_lead_unit(user, task) -> bool:
    return _in_scope(user, task, REVIEW)


@rules.predicate
def works_in_a_co_unit(user, task) -> bool:
    """A co-unit's people report on their unit's part (协办)."""
    if task is None:
        return False
    scope = unit_scope(user, WORK)
    return any(pk in scope for pk in task.co_units.values_list("pk", flat=True))


@rules.predicate
def may_decide(user, task) -> bool:
    from .models import Task

    return task is not None and Task.objects.filter(decidable_q(user), pk=task.pk).exists()


# Apps that hang work of their own on a task (a problem's measure) name who else must not cancel it: each
# check answers why ``user`` may not cancel ``task`` (one sentence), or "" (registered in their ready()).
CANCEL_REFUSALS: list[Callable[[Any, Any], str]] = []


def add_cancel_refusal(check: Callable[[Any, Any], str]) -> None:
    CANCEL_REFUSALS.append(check)


def cancel_refusal(user: Any, task: Any) -> str:
    """Why ``user`` may not cancel ``task`` beyond the task's own rule ("" when nothing stops it)."""
    return next((why for check in CANCEL_REFUSALS if (why := check(user, task))), "")


@rules.predicate
def cancel_allowed_elsewhere(user, task) -> bool:
    return task is not None and not cancel_refusal(user, task)


rules.add_perm("tasks.view_inbox", is_business_user)
rules.add_perm("tasks.view_ledger", is_business_user)
rules.add_perm("tasks.add_task", is_business_user)
rules.add_perm("tasks.view_task", can_view)
# Who created a task changes and assigns it only while he may still give its lead unit work, as he directs
# it: the office whose 代上级交办 ends no longer rewrites, widens or hangs sub-tasks under work it gave then.
creates_for_lead_unit = is_creator & assigns_to_lead_unit
rules.add_perm("tasks.change_task", creates_for_lead_unit | manages_lead_unit | approves_lead_unit)
rules.add_perm("tasks.assign_task", creates_for_lead_unit | manages_lead_unit | approves_lead_unit)
# 签收 is the lead unit accepting its work: its own head, or its staff while he lets them — never a leader or
# head above it signing in its name (its 按时签收 would count work its head had not seen).
rules.add_perm("tasks.acknowledge_task", heads_the_lead_unit | signs_for_lead_unit)
rules.add_perm("tasks.report_task", works_in_lead_unit | is_owner_of)
rules.add_perm("tasks.report_part", can_view & works_in_a_co_unit)
rules.add_perm("tasks.review_task", heads_lead_unit & ~is_owner_of)
rules.add_perm("tasks.decide_task", may_decide)
rules.add_perm("tasks.return_close", may_decide | (heads_lead_unit & ~is_owner_of))
# Who set the task's terms, or stands above its unit: changes them once assigned, cancels. The
# leader named on the task stands above it only while in charge of its unit (approves_lead_unit): the
# security admin who takes a section from a deputy takes the direction of its work with it. So with who
# set the terms: only while he may still give the lead unit work (the office whose 代上级交办 ends, or a
# section head moved to another unit, no longer changes or cancels what he assigned then).
directs = ((is_creator | is_assigner) & assigns_to_lead_unit) | approves_lead_unit
rules.add_perm("tasks.direct_task", directs)
# 重新打开 undoes an approved close-out, and the approval was the decider's: who may decide the task's
# close-out now, or stands above its unit (the leader in charge, the head) — never who created, assigned or
# owns it from below; they ask a decider, or find the rebound at the 回头看 the close-out set.
rules.add_perm("tasks.reopen_task", may_decide | approves_lead_unit)
# 撤销: as ``direct_task``, unless the work it carries belongs to a matter decided above (cancel_refusal).
rules.add_perm("tasks.cancel_task", directs & cancel_allowed_elsewhere)
# 催办: who set the task's terms or stands over its unit asks its people to move.
rules.add_perm("tasks.urge_task", directs | manages_lead_unit)
# 回头看: who manages or stands over the unit (its leader in charge among them) checks a closed task held.
rules.add_perm("tasks.recheck_task", manages_lead_unit | approves_lead_unit)
rules.add_perm("tasks.view_overview", is_leader | is_section_head | is_inspector)
rules.add_perm("tasks.manage_policy", is_system_admin)
