import datetime as dt

import pytest
from django.utils import timezone

from luoshi.org.models import Person, Unit
from luoshi.training import services


@pytest.fixture
def person(user):
    return lambda username: Person.objects.get(user__username=username)


@pytest.fixture
def plan(user):
    """Plan a training as bgs-staff (the office plans for the whole department), with changes."""

    def make(**changes):
        today = timezone.localdate()
        fields = {
            "actor": user("bgs-staff"),
            "topic": "抓落实能力提升培训班",
            "unit": Unit.objects.get(parent__isnull=True),
            "audience": "部机关干部",
            "audience_units": list(Unit.objects.filter(code__in=["gb1", "gb2"])),
            "hours": 16,
            "starts_on": today - dt.timedelta(days=2),
            "ends_on": today - dt.timedelta(days=1),
        }
        fields.update(changes)
        return services.plan_training(**fields)

    return make


@pytest.fixture
def training(plan, user, person):
    """Held the last two days, gb1-staff, gb1-head and gb2-staff enrolled."""
    training = plan()
    services.enrol(
        training,
        actor=user("bgs-staff"),
        people=[person("gb1-staff"), person("gb1-head"), person("gb2-staff")],
    )
    return training


@pytest.fixture
def organiser_enrolled(plan, user, person):
    """Held the last two days for the office and 干部一科: its organiser bgs-staff enrolled with gb1-staff."""
    training = plan(audience_units=list(Unit.objects.filter(code__in=["bgs", "gb1"])))
    services.enrol(training, actor=user("bgs-staff"), people=[person("bgs-staff"), person("gb1-staff")])
    return training
