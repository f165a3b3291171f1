"""Who may see a training: whoever reaches its organising unit or one of its audience units (org.scopes'
VIEW), those who may plan for its organising unit (ASSIGN), its planner and those enrolled on it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from luoshi.core.visibility import Rule
from luoshi.org.rules import is_business_user
from luoshi.org.scopes import ASSIGN, VIEW, person_of, unit_scope

from .models import Enrolment, Training


class TrainingRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        person = person_of(user)
        if action != VIEW or person is None or not is_business_user(user):
            return queryset.none()
        assign = unit_scope(user, ASSIGN)
        view = unit_scope(user, VIEW)
        if view.everything or assign.everything:
            return queryset
        audience = Training.audience_units.through.objects.filter(unit_id__in=sorted(view.unit_ids)).values(
            "training_id"
        )
        enrolled = Enrolment.objects.filter(person=person).values("training_id")
        return queryset.filter(
            Q(unit_id__in=sorted(view.unit_ids | assign.unit_ids))
            | Q(created_by=person)
            | Q(pk__in=audience)
            | Q(pk__in=enrolled)
        )


RULES: dict[type, Rule] = {Training: TrainingRule()}
