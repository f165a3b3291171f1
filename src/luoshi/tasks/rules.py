"""Who may do what to a task, as `rules` predicates over the unit scopes of luoshi.org.scopes."""
from __future__ import annotations

import rules

from luoshi.org.rules import is_business_user, is_inspector, is_leader, is_section_head
from luoshi.org.scopes import APPROVE, MANAGE, WORK, person_of, unit_scope


def _in_scope(user, task, action: str) -> bool:
    return task is not None and task.lead_unit_id in unit_scope(user, action)


@rules.predicate
def can_view(user, task) -> bool:
    return task is not None and task.is_visible_to(user)


@rules.predicate
def is_creator(user, task) -> bool:
    return task is not None and task.created_by_id == user.pk


@rules.predicate
def is_leader_of(user, task) -> bool:
    person = person_of(user)
    return task is not None and person is not None and task.leader_id == person.pk


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
def approves_lead_unit(user, task) -> bool:
    return _in_scope(user, task, APPROVE)


rules.add_perm("tasks.view_inbox", is_business_user)
rules.add_perm("tasks.view_ledger", is_business_user)
rules.add_perm("tasks.add_task", is_business_user)
rules.add_perm("tasks.view_task", can_view)
rules.add_perm("tasks.change_task", is_creator | manages_lead_unit | approves_lead_unit)
rules.add_perm("tasks.assign_task", is_creator | manages_lead_unit | approves_lead_unit)
rules.add_perm("tasks.acknowledge_task", manages_lead_unit)
rules.add_perm("tasks.report_task", works_in_lead_unit | is_owner_of)
rules.add_perm("tasks.approve_task", is_leader_of | is_creator | approves_lead_unit)
rules.add_perm("tasks.view_overview", is_leader | is_section_head | is_inspector)
