"""Who may see a problem: its unit (问题所在单位) or its responsible unit lies in the user's reach for the
action (``org.scopes``), or, for reading, the user recorded it or is its leader in charge. Common problems
and measures go with their problems."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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


class ProblemRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        # One row condition on both databases: SQLite reads each branch of the OR from its own index
        # ("multi-index OR"), PostgreSQL ORs their bitmaps; either one counts a section's 10,000 problems
        # from the indexes and pages them along the date index (problems/views.py counts apart).
        if unit_scope(user, action).everything:
            return queryset  # no condition: the ledger knows an unfiltered list by its empty WHERE
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


def visible_ids(user: Any, ids: Iterable[int | None]) -> set[int]:
    """Which of the problems ``ids`` the user may see, by the rule's row condition: one query."""
    wanted = {pk for pk in ids if pk}
    if not wanted:
        return set()
    return set(Problem.objects.restrict(user, VIEW).filter(pk__in=wanted).values_list("pk", flat=True))
