"""Which problems wait on a reader: one definition for 我的待办's entries and the ledger filters their
“全部 N 项” links open, so the count on the inbox is the number of rows the link lists."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from luoshi.org.choices import Role
from luoshi.org.models import Membership
from luoshi.org.scopes import APPROVE, MANAGE, person_of, unit_scope


def confirms_q(user: Any) -> Q:
    """Problems ``user`` may be asked to confirm (problems.confirm_problem): who manages or approves the
    problem's unit or its responsible unit."""
    confirms = Q()
    for action in (MANAGE, APPROVE):
        scope = unit_scope(user, action)
        confirms |= scope.q("unit") | scope.q("responsible_unit")
    return confirms


def rectifying_q(user: Any) -> Q:
    """Problems the units ``user`` belongs to rectify (a 部长 for the department, sections for
    themselves); nothing for an account without a person."""
    person = person_of(user)
    if person is None:
        return Q(pk__in=[])
    mine = Membership.objects.filter(person=person).exclude(role=Role.INSPECTOR).values("unit_id")
    return Q(responsible_unit__in=mine) | Q(responsible_unit__isnull=True, unit__in=mine)
