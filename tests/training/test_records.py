from django.utils import timezone

from luoshi.org.models import Person
from luoshi.training import services
from luoshi.training.records import record_of, visible_people, with_hours


def test_yearly_hours_add_up_what_was_credited(training, user, person):
    marks = {person("gb1-staff").pk: 16, person("gb1-head").pk: 8, person("gb2-staff").pk: None}
    services.mark_attendance(training, actor=user("bgs-staff"), marks=marks)
    year = timezone.localdate().year
    hours = {
        p.user.username: (p.hours, p.attended)
        for p in with_hours(Person.objects.filter(pk__in=[v for v in marks]), year).select_related("user")
    }
    assert hours == {"gb1-staff": (16, 1), "gb1-head": (8, 1), "gb2-staff": (0, 0)}
    assert with_hours(Person.objects.filter(pk=person("gb1-staff").pk), year - 1).get().hours == 0
    assert [r.status for r in record_of(person("gb2-staff"), year)] == ["absent"]


def test_people_are_readable_within_the_view_reach_and_oneself(user, person):
    assert set(visible_people(user("gb1-staff")).values_list("user__username", flat=True)) == {
        "gb1-staff"
    } | {p.user.username for p in Person.objects.filter(unit__code="gb1").select_related("user")}
    assert person("gb2-staff") not in visible_people(user("gb1-head"))
    assert person("gb2-staff") in visible_people(user("head"))
    assert not visible_people(user("admin")).exists()
