import pytest
from django.utils import timezone

from luoshi.demo import load_demo
from luoshi.org.models import Person
from luoshi.training.choices import Attendance
from luoshi.training.models import Enrolment, Training
from luoshi.training.records import with_hours


@pytest.mark.django_db
def test_the_demo_has_a_training_held_and_one_coming():
    load_demo()
    today = timezone.localdate()
    held, coming = Training.objects.order_by("starts_on")
    assert held.ends_on <= today < coming.starts_on and held.ends_on.month == today.month
    statuses = set(Enrolment.objects.filter(training=held).values_list("status", flat=True))
    assert statuses == {Attendance.ATTENDED, Attendance.ABSENT}
    assert set(Enrolment.objects.filter(training=coming).values_list("status", flat=True)) == {
        Attendance.ENROLLED
    }
    hours = {p.hours for p in with_hours(Person.objects.filter(enrolments__training=held), held.ends_on.year)}
    assert {0, 8, 16} <= hours
