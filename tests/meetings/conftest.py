"""A monthly meeting of the demo department (without the replayed work): every section expected, the
report due in a week, the comments counting toward this year's scheme when a test asks for one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from luoshi.assessment import services as assessment
from luoshi.assessment.defaults import standard_indicators
from luoshi.meetings import services
from luoshi.meetings.models import Meeting, UnitReport
from luoshi.org.models import Person, Unit

DECISIONS = (
    "一、干部一科牵头，2099年6月底前完成年轻干部队伍建设专题调研。\n"
    "二、干部二科负责，2099年12月底前完善干部考核办法。"
)
PARTS = {"summary": "本月销号3项", "thinking": "调研不够深入", "plans": "下月完成干部调研"}


@pytest.fixture
def root(demo) -> Unit:
    return Unit.objects.get(parent__isnull=True)


@pytest.fixture
def scheme(user) -> Any:
    """This year's standard scheme judged by the head and the deputies, this month's period open."""
    today = timezone.localdate()
    judges = Person.objects.filter(user__username__in=["head", "deputy1", "deputy2", "deputy3", "deputy4"])
    made = assessment.create_scheme(
        actor=user("head"),
        year=today.year,
        name="",
        process_weight=40,
        effect_weight=60,
        indicators=standard_indicators([p.pk for p in judges]),
    )
    assessment.open_period(made, actor=user("head"), kind="month", day=today)
    return made


@pytest.fixture
def make_meeting(user, root):
    def make(**fields: Any) -> Meeting:
        today = timezone.localdate()
        fields.setdefault("actor", user("head"))
        fields.setdefault("department", root)
        fields.setdefault("month", today)
        fields.setdefault("held_on", today + dt.timedelta(days=10))
        fields.setdefault("report_due", today + dt.timedelta(days=7))
        return services.create_meeting(**fields)

    return make


@pytest.fixture
def meeting(make_meeting) -> Meeting:
    return make_meeting()


@pytest.fixture
def report_of(meeting):
    return lambda code: UnitReport.objects.get(meeting=meeting, unit__code=code)
