"""Who may see a problem: its unit (问题所在单位) or its responsible unit lies in the user's reach for the
action (``org.scopes``), or, for reading, the user recorded it or is its leader in charge. Common problems
and measures go with their problems."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from luoshi.core.visibility import Rule
from luoshi.org.scopes import VIEW, person_of, unit_scope

from .models import Problem


def reach_q(user: Any, action: str = VIEW) -> Q:
    """The direct condition as a row condition; never an empty ``Q()``."""
    scope = unit_scope(user, action)
    if scope.everything:
        return Q(pk__isnull=False)
    units = sorted(scope.unit_ids)
    condition = Q(unit__in=units) | Q(responsible_unit__in=units) if units else Q(pk__in=[])
    if action == VIEW:
        condition |= Q(recorded_by=user.pk)
        person = person_of(user)
        if person is not None:
            condition |= Q(leader=person.pk)
    return condition


def reach_ids(user: Any, action: str = VIEW) -> QuerySet:
    """The direct condition as the ids it reaches, each part read from its own index (UNION ALL)."""
    units = sorted(unit_scope(user, action).unit_ids)
    parts = [Problem.objects.filter(unit__in=units), Problem.objects.filter(responsible_unit__in=units)]
    if action == VIEW:
        parts.append(Problem.objects.filter(recorded_by=user.pk))
        person = person_of(user)
        if person is not None:
            parts.append(Problem.objects.filter(leader=person.pk))
    first, *rest = [part.order_by().values("pk") for part in parts]
    return first.union(*rest, all=True)


class ProblemRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        if unit_scope(user, action).everything:
            return queryset
        if connection.vendor == "postgresql":
            # PostgreSQL reads an OR over four columns by scanning every problem once the list is also
            # ordered and counted (a section's ledger: 0.4 s at 100,000): the same set as a UNION of
            # index reads, as the task rule does.
            return queryset.filter(pk__in=reach_ids(user, action))
        # SQLite reads each branch of the OR from its own index ("multi-index OR").
        return queryset.filter(reach_q(user, action))

    def allows(self, problem: Problem, user: Any, action: str) -> bool:  # type: ignore[override]
        scope = unit_scope(user, action)
        if problem.unit_id in scope or (
            problem.responsible_unit_id is not None and problem.responsible_unit_id in scope
        ):
            return True
        if action != VIEW:
            return False
        person = person_of(user)
        return problem.recorded_by_id == user.pk or (
            person is not None and problem.leader_id is not None and problem.leader_id == person.pk
        )


RULES = {Problem: ProblemRule()}


def may_see(user: Any, problem: Problem) -> bool:
    return user is not None and user.is_authenticated and RULES[Problem].allows(problem, user, VIEW)
