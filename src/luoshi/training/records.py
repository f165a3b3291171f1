"""Each person's yearly training hours and record: the hours credited for trainings ending in the year,
read set-wise for a page of people, and who may read whose (the people one's VIEW reach holds, and
oneself)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from luoshi.org.models import NOT_ADMIN, Person
from luoshi.org.rules import is_business_user
from luoshi.org.scopes import VIEW, person_of, unit_scope

from .choices import Attendance
from .models import Enrolment


def visible_people(user: Any) -> QuerySet[Person]:
    me = person_of(user)
    if me is None or not is_business_user(user):
        return Person.objects.none()
    people = Person.objects.filter(NOT_ADMIN)
    scope = unit_scope(user, VIEW)
    if scope.everything:
        return people
    return people.filter(Q(unit_id__in=sorted(scope.unit_ids)) | Q(pk=me.pk))


def with_hours(people: QuerySet[Person], year: int) -> QuerySet[Person]:
    """``hours`` credited and ``attended`` trainings in ``year``, one grouped query."""
    counted = Q(enrolments__status=Attendance.ATTENDED, enrolments__training__ends_on__year=year)
    return people.annotate(
        hours=Coalesce(Sum("enrolments__hours", filter=counted), 0),
        attended=Count("enrolments", filter=counted),
    )


def record_of(person: Person, year: int) -> list[Enrolment]:
    """Every training of ``person`` ending in ``year``, attended or not, oldest first."""
    return list(
        Enrolment.objects.filter(person=person, training__ends_on__year=year)
        .select_related("training__unit")
        .order_by("training__starts_on", "id")
    )
