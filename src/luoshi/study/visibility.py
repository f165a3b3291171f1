"""Who may see a study session: whoever reaches its unit (org.scopes' VIEW: the unit's people, its head and
leader in charge, the head, inspectors), its recorder and its attendees. That a unit studied a directive,
when and who led it, is the whole department's reading on the directive's page (study.progress)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from luoshi.core.visibility import Rule
from luoshi.org.rules import is_business_user
from luoshi.org.scopes import VIEW, person_of, unit_scope

from .models import StudySession


class StudySessionRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        person = person_of(user)
        if action != VIEW or person is None or not is_business_user(user):
            return queryset.none()
        scope = unit_scope(user, VIEW)
        if scope.everything:
            return queryset
        attended = StudySession.attendees.through.objects.filter(person=person).values("studysession_id")
        return queryset.filter(
            Q(unit_id__in=sorted(scope.unit_ids)) | Q(recorded_by=person) | Q(pk__in=attended)
        )

    def allows(self, obj: Any, user: Any, action: str) -> bool:
        person = person_of(user)
        if action != VIEW or person is None or not is_business_user(user):
            return False
        if obj.unit_id in unit_scope(user, VIEW) or obj.recorded_by_id == person.pk:
            return True
        return obj.attendees.filter(pk=person.pk).exists()


RULES: dict[type, Rule] = {StudySession: StudySessionRule()}
