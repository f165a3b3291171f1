"""Who may see what of the assessment: schemes and periods are the whole department's reading; a unit's
scores, its bonus and deduction items and its overdue matters (逾期问责) are seen by those whose reach
(``org.scopes``) covers the unit — the unit itself, its section head, the leader in charge, the head and the
inspector — and so are the trail's entries about the unit; a bonus or deduction item also by who is to
decide it or decided it (``approval``: a department leader asked for want of a leader over the unit). The
entries about no unit (a scheme's weights, a period computed or published) are the whole department's
reading. Once the head has published a period, every business user sees its ranking (``RANK``: names,
totals, places), not the figures behind another unit's total."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet

from luoshi.core.visibility import Rule, TrailRule
from luoshi.org.rules import is_business_user
from luoshi.org.scopes import VIEW, person_of, unit_scope

from .approval import decidable_ids
from .choices import PeriodStatus
from .models import Accountability, Adjustment, AssessmentEvent, Period, Scheme, UnitScore
from .rules import leads_the_department

RANK = "rank"


class BusinessReadingRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        return queryset if action == VIEW and is_business_user(user) else queryset.none()


class UnitRowRule(Rule):
    """Rows of a unit (``unit`` field): in the user's reach for the action."""

    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        if not is_business_user(user):
            return queryset.none()
        scope = unit_scope(user, VIEW if action == RANK else action)
        reach = scope.q("unit")
        if action == RANK and queryset.model is UnitScore:
            reach |= Q(period__status=PeriodStatus.PUBLISHED, version=F("period__published_version"))
        return queryset if scope.everything else queryset.filter(reach)

    def allows(self, obj: Any, user: Any, action: str) -> bool:
        if not is_business_user(user):
            return False
        if action == RANK and isinstance(obj, UnitScore) and obj.period.is_locked:
            return obj.version == obj.period.published_version
        return obj.unit_id in unit_scope(user, VIEW if action == RANK else action)


class AdjustmentRule(UnitRowRule):
    """Bonus and deduction items: a unit's rows, and those the reader is to decide or decided."""

    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        rows = super().queryset(queryset, user, action)
        person = person_of(user)
        if (
            action != VIEW
            or person is None
            or not is_business_user(user)
            or unit_scope(user, VIEW).everything
        ):
            return rows
        beyond = Q(decided_by=person)
        if leads_the_department(user):  # only the department's leaders are asked beyond their reach
            beyond |= Q(pk__in=decidable_ids(user, queryset.exclude(pk__in=rows.values("pk"))))
        return rows | queryset.filter(beyond)

    def allows(self, obj: Any, user: Any, action: str) -> bool:
        return super().allows(obj, user, action) or Rule.allows(self, obj, user, action)


RULES = {
    Scheme: BusinessReadingRule(),
    Period: BusinessReadingRule(),
    UnitScore: UnitRowRule(),
    Adjustment: AdjustmentRule(),
    Accountability: UnitRowRule(),
    AssessmentEvent: TrailRule("unit", shared=is_business_user, rows=UnitRowRule()),
}
