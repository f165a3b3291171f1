"""Who may do what in the assessment, as `rules` predicates over luoshi.org's roles and scopes.

The department's leaders (部长, 副部长 of the 部机关 that owns the scheme) run it: schemes, periods,
computing, bonus and deduction items; only the head (部长) publishes a period's ranking. A unit being
assessed never runs it, so a county department's head (role 部长 in a 下级组织部) is no leader here.
Judged indicators are scored by the assessors the scheme names.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from luoshi.org.choices import Role, UnitKind
from luoshi.org.models import Membership
from luoshi.org.rules import is_business_user
from luoshi.org.scopes import APPROVE, own_unit_ids, person_of, role_units_of, roles_of, unit_scope


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
def may_decide_adjustment(user, adjustment) -> bool:
    """One of the item's approvers, as ``approval`` defines them for the pages too."""
    from .approval import may_decide

    return adjustment is not None and is_business_user(user) and may_decide(user, adjustment)


rules.add_perm("assessment.view_score", is_business_user)
rules.add_perm("assessment.manage", is_business_user & leads_the_department)
rules.add_perm("assessment.publish", is_business_user & leads_the_department & is_head)
rules.add_perm("assessment.decide_adjustment", may_decide_adjustment)


def overdue_decidable_q(user: Any) -> Q:
    """The 逾期问责 matters ``user`` may decide — the one definition of that rule, read by the
    permission and 我的待办: a leader over the matter's unit and not of it (nobody decides their own
    unit's matter)."""
    person = person_of(user)
    if person is None or not is_business_user(user):
        return Q(pk__in=[])
    return unit_scope(user, APPROVE).q("unit") & ~Q(unit__in=sorted(own_unit_ids(person)))


@rules.predicate
def may_decide_overdue(user, matter) -> bool:
    from .models import Accountability

    return (
        matter is not None and Accountability.objects.filter(overdue_decidable_q(user), pk=matter.pk).exists()
    )


@rules.predicate
def outside_unit(user, obj) -> bool:
    """Not of the matter's unit (which a refusal names, as the reason why one may not decide)."""
    person = person_of(user)
    return obj is not None and person is not None and obj.unit_id not in own_unit_ids(person)


# The roles that do a unit's work and so say why it is late; a deputy's or a 督查员's role held in the
# 部机关 is for deciding and inspecting its matters, not for answering for them.
EXPLAINS = (Role.HEAD, Role.SECTION_HEAD, Role.STAFF)


def explains_q(person: Any) -> Q:
    """The 逾期问责 matters ``person`` says why they are late: his unit's, by a role that does its work,
    or his own task's — the one definition of that rule (the service and 我的待办 ask it)."""
    units = Membership.objects.filter(person=person, role__in=EXPLAINS).values("unit_id")
    return Q(unit__in=units) | Q(task__owner=person)


@rules.predicate
def of_unit(user, obj) -> bool:
    """Who says why the matter is late (``explains_q``)."""
    person = person_of(user)
    return (
        obj is not None
        and person is not None
        and type(obj).objects.filter(explains_q(person), pk=obj.pk).exists()
    )


rules.add_perm("assessment.decide_overdue", may_decide_overdue)
rules.add_perm("assessment.explain_overdue", is_business_user & of_unit)
