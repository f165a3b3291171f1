"""月例会 in 我的待办: a unit head's report to confirm and send, a leader's reports to comment on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse

from luoshi.core.inbox import InboxEntry, InboxRow, entry
from luoshi.org.scopes import person_of

from .choices import MeetingStatus, ReportStatus
from .models import Comment, UnitReport
from .rules import REPORT_SENDERS, comment_reach, report_units


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
        # The unit's head submits what its people wrote (meetings.submit_report: REPORT_SENDERS).
        entry(
            "meeting-submit",
            "待报送月例会汇报",
            "本单位的月例会工作汇报，请确认后报送",
            reports.filter(
                status=ReportStatus.DRAFT,
                meeting__status=MeetingStatus.OPEN,
                unit__in=sorted(report_units(user, REPORT_SENDERS)),
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
