"""The demo's 专业培训: the office's plan of a two-day course for the department's sections, held last week
(ending this month at the earliest, so the current assessment month counts its hours), with its enrolment
and attendance (one absent, one who left after the first day), and a course coming up
next month with people enrolled — so the pages and each person's yearly hours show real figures."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from luoshi.org.choices import UnitKind
from luoshi.org.models import Unit

from . import services
from .models import Training


def load_training(today: dt.date) -> list[Training]:
    planner = get_user_model().objects.filter(username="bgs-staff").first()
    root = Unit.objects.filter(parent__isnull=True).first()
    if planner is None or root is None:
        return []
    sections = list(Unit.objects.filter(kind=UnitKind.SECTION, is_active=True).order_by("tree_path"))
    ends_on = max(today - dt.timedelta(days=8), today.replace(day=1))
    held = services.plan_training(
        actor=planner,
        topic="组工干部抓落实能力提升培训班",
        unit=root,
        audience="部机关各科室干部",
        audience_units=sections,
        hours=16,
        starts_on=ends_on - dt.timedelta(days=1),
        ends_on=ends_on,
        place="市委党校",
        content="学习全省组织部长会议精神；任务分解与督办落实实务；问题清单整改和考核评价。",
    )
    people = list(services.audience_people(held))
    services.enrol(held, actor=planner, people=people)
    marks: dict[int, int | None] = {p.pk: 16 for p in people}
    if len(people) > 2:
        marks[people[1].pk] = None  # absent
        marks[people[2].pk] = 8  # the first day only
    # A unit never confirms its own people's hours: the office marks the sections', the head the office's.
    own = {p.pk for p in people if p.unit_id == planner.person.unit_id}
    services.mark_attendance(
        held, actor=planner, marks={pk: h for pk, h in marks.items() if pk not in own}, today=today
    )
    head = get_user_model().objects.filter(username="head").first()
    if own and head is not None:
        services.mark_attendance(held, actor=head, marks={pk: marks[pk] for pk in own}, today=today)
    coming = services.plan_training(
        actor=planner,
        topic="公文写作与信息报送专题培训",
        unit=root,
        audience="各科室信息联络员",
        audience_units=sections,
        hours=8,
        starts_on=today + dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=20),
        place="部机关三楼会议室",
    )
    services.enrol(coming, actor=planner, people=people[::3])
    return [held, coming]
