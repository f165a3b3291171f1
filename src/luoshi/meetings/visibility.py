"""Who may see what of the monthly meetings: a meeting, and which sections have reported, is the whole
department's reading; a report's text and its comments are seen by those whose reach (``org.scopes``)
covers the section — its own people, the leader in charge, the head and the inspector — and so are the
trail's entries about a report; the meeting's own steps (held, decisions entered, closed) are everyone's."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from luoshi.core.visibility import Rule, TrailRule
from luoshi.org.rules import is_business_user
from luoshi.org.scopes import VIEW, unit_scope

from .models import Meeting, MeetingEvent, UnitReport


class MeetingRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        return queryset if action == VIEW and is_business_user(user) else queryset.none()

    def allows(self, obj: Any, user: Any, action: str) -> bool:
        return action == VIEW and is_business_user(user)


class ReportRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        if not is_business_user(user):
            return queryset.none()
        scope = unit_scope(user, action)
        return queryset if scope.everything else queryset.filter(scope.q("unit"))

    def allows(self, obj: Any, user: Any, action: str) -> bool:
        return is_business_user(user) and obj.unit_id in unit_scope(user, action)


RULES = {
    Meeting: MeetingRule(),
    UnitReport: ReportRule(),
    MeetingEvent: TrailRule("report", shared=is_business_user),
}
