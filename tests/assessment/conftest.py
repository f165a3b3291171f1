"""A small fixed organisation for the assessment: a department with four sections and a county
department, a head, a deputy in charge of everything, and a section head in each section."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from luoshi.assessment import services
from luoshi.assessment.defaults import standard_indicators
from luoshi.assessment.models import Accountability, Period, Scheme
from luoshi.org.choices import Role, UnitKind
from luoshi.org.models import Oversight, Person, Unit
from luoshi.tasks.models import Task
from tests.factories import UnitFactory, member, task_of

YEAR = 2026
TODAY = dt.date(2026, 12, 4)
OCTOBER = dt.date(2026, 10, 1)


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def set_up_on(unit: Unit, day: dt.date) -> None:
    """Date the unit's creation in its history (a unit set up mid-year)."""
    Unit.history.filter(id=unit.pk, history_type="+").update(history_date=moment(day))


@dataclass
class Org:
    root: Unit
    sections: dict[str, Unit]
    county: Unit
    head: Person
    deputy: Person
    heads: dict[str, Person]

    def unit(self, code: str) -> Unit:
        return self.county if code == "county" else self.sections[code]


@pytest.fixture
def org(db: Any) -> Org:
    root = UnitFactory(name="市委组织部", kind=UnitKind.DEPARTMENT)
    set_up_on(root, dt.date(2020, 1, 1))
    sections = {
        code: UnitFactory(name=name, parent=root)
        for code, name in [("a", "干部一科"), ("b", "干部二科"), ("c", "组织一科"), ("d", "研究室")]
    }
    county = UnitFactory(name="清河县委组织部", kind=UnitKind.SUBORDINATE, parent=root)
    for unit in [*sections.values(), county]:
        set_up_on(unit, dt.date(2020, 1, 1))
    head = member(root, Role.HEAD)
    deputy = member(root, Role.DEPUTY)
    for unit in [*sections.values(), county]:
        Oversight.objects.create(leader=deputy, unit=unit)
    heads = {code: member(unit, Role.SECTION_HEAD) for code, unit in sections.items()}
    heads["county"] = member(county, Role.HEAD)
    return Org(root, sections, county, head, deputy, heads)


def overdue(unit: Unit, days: int = 5, **fields: Any) -> Task:
    """A task of ``unit`` past its deadline by ``days`` (its own and its subtree's, as the tick sees it)."""
    task = task_of(unit, **fields)
    past = timezone.localdate() - dt.timedelta(days=days)
    Task.objects.filter(pk=task.pk).update(due_date=past, subtree_due_date=past)
    return Task.objects.get(pk=task.pk)


@pytest.fixture
def matter(org: Org) -> Accountability:
    """干部一科's overdue task, in the 逾期问责 ledger."""
    overdue(org.sections["a"], title="逾期的调研")
    services.open_matters(timezone.localdate())
    return Accountability.objects.get()


@pytest.fixture
def current(org: Org, scheme: Scheme) -> Period:
    """The month of today."""
    return services.open_period(scheme, actor=org.head.user, kind="month", day=timezone.localdate())


@pytest.fixture
def scheme(org: Org) -> Scheme:
    return services.create_scheme(
        actor=org.head.user,
        year=YEAR,
        name="2026年度考核方案",
        process_weight=40,
        effect_weight=60,
        indicators=standard_indicators([org.head.pk, org.deputy.pk]),
    )


@pytest.fixture
def october(org: Org, scheme: Scheme) -> Period:
    return services.open_period(scheme, actor=org.head.user, kind="month", day=OCTOBER)


@pytest.fixture
def month(org, scheme, october):
    from .dataset import build

    extra = build(org)
    indicator = scheme.indicators.get(name="部署落实了没有")
    a, b, c = (org.sections[k] for k in "abc")
    services.judge(
        october, actor=org.deputy.user, indicator=indicator, unit=a, level="好", justification="部署落实到位"
    )
    services.judge(
        october, actor=org.head.user, indicator=indicator, unit=a, level="较好", justification="基本落实"
    )
    for unit in (b, c):
        services.judge(
            october, actor=org.deputy.user, indicator=indicator, unit=unit, level="较好", justification="较好"
        )
    bonus = services.propose_adjustment(
        october,
        actor=org.deputy.user,
        unit=a,
        kind="bonus",
        points=2,
        reason="经验被省委组织部推广",
        evidence="省委组织部简报第12期",
    )
    services.decide_adjustment(bonus, actor=org.head.user, approve=True)
    services.propose_adjustment(
        october,
        actor=org.deputy.user,
        unit=org.county,
        kind="deduction",
        points=3,
        reason="信息报送不及时",
        evidence="通报",
    )
    services.compute_period(october, actor=org.head.user, today=TODAY)
    october.refresh_from_db()
    return extra
