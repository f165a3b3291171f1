"""Who may do what in the assessment, as `rules` predicates over luoshi.org's roles and scopes.

The department's leaders (部长, 副部长 of the 部机关 that owns the scheme) run it: schemes, periods,
computing, bonus and deduction items; only the head (部长) publishes a period's ranking. A unit being
assessed never runs it, so a county department's head (role 部长 in a 下级组织部) is no leader here.
Judged indicators are scored by the assessors the scheme names.
"""

from __future__ import annotations

import rules

from luoshi.org.choices import Role, UnitKind
from luoshi.org.rules import is_business_user
from luoshi.org.scopes import APPROVE, person_of, role_units_of, roles_of, unit_scope


@rules.predicate
def is_head(user) -> bool:
    """The department's head: the 部长 whose approval reaches the whole organisation."""
    return Role.HEAD in roles_of(user) and unit_scope(user, APPROVE).everything


@rules.predicate
def leads_the_department(user) -> bool:
    """部长 or 副部长 of the 部机关 itself: the department that assesses, not a unit it assesses."""
    held = role_units_of(user)
    return (Role.HEAD, UnitKind.DEPARTMENT) in held or (Role.DEPUTY, UnitKind.DEPARTMENT) in held


@rules.predicate
def approves_unit(user, obj) -> bool:
    """A leader over the unit of a score or an adjustment."""
    return obj is not None and obj.unit_id in unit_scope(user, APPROVE)


rules.add_perm("assessment.view_score", is_business_user)
rules.add_perm("assessment.manage", is_business_user & leads_the_department)
rules.add_perm("assessment.publish", is_business_user & leads_the_department & is_head)
rules.add_perm("assessment.decide_adjustment", is_business_user & approves_unit)


@rules.predicate
def outside_unit(user, obj) -> bool:
    """Not a member of the matter's unit: nobody decides their own unit's matter."""
    person = person_of(user)
    return (
        obj is not None
        and person is not None
        and person.unit_id != obj.unit_id
        and not person.memberships.filter(unit_id=obj.unit_id).exists()
    )


@rules.predicate
def of_unit(user, obj) -> bool:
    """A member of the matter's unit, or the task's owner: who says why it is late."""
    person = person_of(user)
    return (
        obj is not None
        and person is not None
        and (person.memberships.filter(unit_id=obj.unit_id).exists() or obj.task.owner_id == person.pk)
    )


rules.add_perm("assessment.decide_overdue", is_business_user & approves_unit & outside_unit)
rules.add_perm("assessment.explain_overdue", is_business_user & of_unit)
