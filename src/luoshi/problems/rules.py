"""Who may do what to a problem, as `rules` predicates over the unit scopes of luoshi.org.scopes."""

from __future__ import annotations

import rules

from luoshi.org.rules import is_business_user, is_system_admin
from luoshi.org.scopes import APPROVE, MANAGE, person_of, unit_scope

from .visibility import may_see


def _in_scope(user, problem, action: str) -> bool:
    if problem is None:
        return False
    scope = unit_scope(user, action)
    return problem.unit_id in scope or (
        problem.responsible_unit_id is not None and problem.responsible_unit_id in scope
    )


@rules.predicate
def can_view(user, problem) -> bool:
    return problem is not None and may_see(user, problem)


@rules.predicate
def manages_unit(user, problem) -> bool:
    """The section head of the problem's unit or of its responsible unit (or a unit above)."""
    return _in_scope(user, problem, MANAGE)


@rules.predicate
def approves_unit(user, problem) -> bool:
    return _in_scope(user, problem, APPROVE)


@rules.predicate
def is_leader_of(user, problem) -> bool:
    person = person_of(user)
    return problem is not None and person is not None and problem.leader_id == person.pk


rules.add_perm("problems.view_problem", is_business_user)
rules.add_perm("problems.add_problem", is_business_user)
rules.add_perm("problems.see_problem", can_view)
# 确认整改 (and 不予认定, more measures): a section head over the problem's unit.
rules.add_perm("problems.confirm_problem", manages_unit | approves_unit)
# 销号 and 回头看: whoever stands over the unit or leads the problem accepts the evidence.
rules.add_perm("problems.close_problem", manages_unit | approves_unit | is_leader_of)
rules.add_perm("problems.manage_categories", is_system_admin)
