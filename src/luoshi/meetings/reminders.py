"""What the tick reminds sections of before a meeting: a report not yet submitted, a few days before the
deadline, and once more when the deadline has passed. Each reminder is named by (meeting, section, kind,
person), so re-running the tick, or two ticks at once, never sends it twice.

The tick finds this planner through ``notify.planners`` (registered in ``MeetingsConfig.ready``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from luoshi.notify.choices import NotificationKind
from luoshi.notify.planners import Planned
from luoshi.notify.services import notify
from luoshi.org.choices import Role
from luoshi.org.models import Membership

from .choices import MeetingStatus, ReportStatus
from .models import UnitReport

NOTICE_DAYS = 3  # the first reminder goes out this many days before the deadline


def make_reminders(today: dt.date, now: dt.datetime) -> Planned:
    """Two queries (the reports owed, the people of their sections) and the notifications."""
    owed = list(
        UnitReport.objects.filter(
            meeting__status=MeetingStatus.OPEN,
            status=ReportStatus.DRAFT,
            meeting__report_due__lte=today + dt.timedelta(days=NOTICE_DAYS),
        ).select_related("meeting", "unit")
    )
    people: dict[int, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for m in Membership.objects.filter(
        unit_id__in={r.unit_id for r in owed}, role__in=[Role.SECTION_HEAD, Role.STAFF]
    ).select_related("person__user"):
        people[m.unit_id][m.role].append(m.person.user)
    made = Planned()
    for report in owed:
        meeting = report.meeting
        late = today > meeting.report_due
        heads = people[report.unit_id][Role.SECTION_HEAD]
        if late:
            recipients, key = heads, "late"
            title = (
                f"{report.unit.name}的{meeting.title}工作汇报已超过截止日期"
                f"（{meeting.report_due.month}月{meeting.report_due.day}日），请尽快报送，逾期提交将被标注"
            )
        else:
            recipients, key = heads + people[report.unit_id][Role.STAFF], "due"
            title = (
                f"请于{meeting.report_due.month}月{meeting.report_due.day}日前报送{meeting.title}工作汇报"
                f"（总结、思考、谋划），{meeting.held_on.month}月{meeting.held_on.day}日开会"
            )
        made.notifications += notify(
            recipients,
            NotificationKind.MEETING,
            title=title,
            url=f"/meetings/reports/{report.pk}/",
            dedupe_key=f"meeting:{meeting.pk}:{report.unit_id}:{key}",
        )
    return made
