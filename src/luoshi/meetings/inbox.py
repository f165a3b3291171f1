"""月例会 in 我的待办: a section head's report to confirm and send, a leader's reports to comment on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse

from luoshi.core.inbox import InboxEntry, InboxRow, entry
from luoshi.org.choices import Role
from luoshi.org.models import Membership
from luoshi.org.scopes import person_of

from .choices import MeetingStatus, ReportStatus
from .models import Comment, UnitReport
from .rules import comment_reach


def _row(report: UnitReport) -> InboxRow:
    return InboxRow(
        f"{report.meeting.title} · {report.unit.display_name}",
        reverse("meetings:report", args=[report.pk]),
        f"汇报截止 {report.meeting.report_due:%Y-%m-%d}",
    )


def entries(user: Any, today: dt.date) -> list[InboxEntry]:
    person = person_of(user)
    if person is None:
        return []
    reports = (
        UnitReport.objects.restrict(user)
        .select_related("meeting", "unit")
        .order_by("meeting__report_due", "unit__tree_path", "pk")
    )
    found = [
        # The head submits what the section wrote (meetings.submit_report: heads_report_unit).
        entry(
            "meeting-submit",
            "待报送月例会汇报",
            "本科室的月例会工作汇报，请确认后报送",
            reports.filter(
                status=ReportStatus.DRAFT,
                meeting__status=MeetingStatus.OPEN,
                unit__in=Membership.objects.filter(
                    person=person, role__in=[Role.HEAD, Role.SECTION_HEAD]
                ).values("unit_id"),
            ),
            _row,
            reverse("meetings:list"),
        )
    ]
    commented = comment_reach(user)
    if commented.over.everything or commented.over.unit_ids:  # meetings.comment_report, once per leader
        mine = Comment.objects.filter(report=OuterRef("pk"), leader=person)
        found.append(
            entry(
                "meeting-comment",
                "待点评月例会汇报",
                "分管科室已报送的工作汇报，请点评",
                reports.filter(
                    commented.q("unit"),
                    status=ReportStatus.SUBMITTED,
                    meeting__status=MeetingStatus.OPEN,
                ).exclude(Exists(mine)),
                _row,
                reverse("meetings:list"),
                "点评",
            )
        )
    return found
