import datetime as dt

import pytest
from django.utils import timezone

from luoshi.directives import services as directive_services
from luoshi.org.models import Person, Unit
from tests.factories import task_of


@pytest.fixture
def person(user):
    return lambda username: Person.objects.get(user__username=username)


@pytest.fixture
def directive(user):
    """A speech of last month entered by the office, which gives a task under it to 干部一科 and one to
    干部二科 (a unit cannot link a task of its own to the office's speech)."""
    today = timezone.localdate()
    office = user("bgs-staff")
    directive = directive_services.create_directive(
        actor=office,
        title="在全市组织工作会议上的讲话",
        text="一要加强年轻干部队伍建设。",
        issued_on=today - dt.timedelta(days=30),
    )
    for code in ("gb1", "gb2"):
        task_of(Unit.objects.get(code=code), by=office, title=f"{code}落实讲话", directive=directive)
    return directive


@pytest.fixture
def record(user, person, directive):
    """Record a session of 干部一科 as gb1-staff, with whatever is changed from a valid one."""
    from luoshi.study import services

    def make(**changes):
        fields = {
            "actor": user("gb1-staff"),
            "directive": directive,
            "unit": Unit.objects.get(code="gb1"),
            "held_on": timezone.localdate() - dt.timedelta(days=1),
            "led_by": person("gb1-head"),
            "attendees": [person("gb1-head"), person("gb1-staff")],
            "notes": "传达学习讲话精神，结合科室工作交流体会",
        }
        fields.update(changes)
        return services.record_session(**fields)

    return make
