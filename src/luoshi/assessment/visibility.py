"""Who may see what of the assessment: schemes and periods are the whole department's reading; a unit's
scores, its bonus and deduction items and its overdue matters (逾期问责) are seen by those whose reach
(``org.scopes``) covers the unit — the unit itself, its section head, the leader in charge, the head and the
inspector — and so are the trail's entries about the unit; the entries about no unit (a scheme's weights, a
period computed or published) are the whole department's reading. Once the head has published a period,
every business user sees its ranking (``RANK``: names, totals, places), not the figures behind another
unit's total."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet

from luoshi.core.visibility import Rule, TrailRule
from luoshi.org.rules import is_business_user
from luoshi.org.scopes import VIEW, unit_scope

from .choices import PeriodStatus
from .models import Accountability, Adjustment, AssessmentEvent, Period, Scheme, UnitScore

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


RULES = {
    Scheme: BusinessReadingRule(),
    Period: BusinessReadingRule(),
    UnitScore: UnitRowRule(),
    Adjustment: UnitRowRule(),
    Accountability: UnitRowRule(),
    AssessmentEvent: TrailRule("unit", shared=is_business_user, rows=UnitRowRule()),
}
