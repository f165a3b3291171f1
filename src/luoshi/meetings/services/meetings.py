"""Holding a monthly meeting: who may, the sections expected, its decisions, its end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from luoshi.assessment.choices import IndicatorKind
from luoshi.assessment.models import Indicator
from luoshi.core.errors import Conflict, InvalidInput
from luoshi.core.guards import require
from luoshi.org.choices import UnitKind
from luoshi.org.models import Unit
from luoshi.org.scopes import ASSIGN, unit_scope

from ..choices import EventKind, MeetingStatus, ReportStatus
from ..models import Meeting, UnitReport
from .steps import TRAIL, _lock_meeting, _record


def departments_for(actor: Any) -> list[Unit]:
    """The departments whose monthly meeting the user may hold: those with sections, in their reach to
    assign work (the head; the office while it assigns in the department's name)."""
    scope = unit_scope(actor, ASSIGN)
    units = Unit.objects.filter(
        is_active=True, kind__in=[UnitKind.DEPARTMENT, UnitKind.SUBORDINATE], children__kind=UnitKind.SECTION
    ).distinct()
    return [u for u in units.order_by("tree_path") if u.pk in scope]


def sections_of(department: Unit) -> list[Unit]:
    """The sections expected to report by default: every active section of the department."""
    return list(
        Unit.objects.filter(parent=department, kind=UnitKind.SECTION, is_active=True).order_by(
            "sort_order", "tree_path"
        )
    )


@transaction.atomic
def create_meeting(
    *,
    actor: Any,
    department: Unit,
    month: dt.date,
    held_on: dt.date,
    report_due: dt.date,
    title: str = "",
    units: Sequence[Unit] | None = None,
    indicator: Indicator | None = None,
) -> Meeting:
    """A month's meeting with an empty report for each expected section (default: all of them)."""
    require(actor, "meetings.manage_meeting", department, f"您无权召开{department.name}的月例会")
    month = month.replace(day=1)
    if report_due > held_on:
        raise InvalidInput(
            "汇报截止日期不能晚于会议日期",
            "due_after_meeting",
            errors={"report_due": ["汇报截止日期不能晚于会议日期"]},
        )
    expected = list(units) if units is not None else sections_of(department)
    strays = [
        u.name
        for u in expected
        if u.parent_id != department.pk or u.kind != UnitKind.SECTION or not u.is_active
    ]
    if strays:
        raise InvalidInput(f"{'、'.join(strays)}不是{department.name}的科室", "unit_not_section")
    if not expected:
        raise InvalidInput("请至少选择一个汇报单位", "no_units", errors={"units": ["请至少选择一个汇报单位"]})
    if indicator is not None and (
        indicator.kind != IndicatorKind.JUDGED or indicator.scheme.year != month.year
    ):
        raise InvalidInput(f"点评计入的指标应为{month.year}年度方案的评议指标", "invalid_indicator")
    if Meeting.objects.filter(department=department, month=month).exists():
        raise Conflict(f"{department.name}{month.year}年{month.month}月的月例会已经建立", "meeting_exists")
    meeting = Meeting.objects.create(
        department=department,
        month=month,
        title=(title or "").strip()[:100] or f"{month.year}年{month.month}月工作例会",
        held_on=held_on,
        report_due=report_due,
        indicator=indicator,
        created_by=actor,
    )
    UnitReport.objects.bulk_create([UnitReport(meeting=meeting, unit=unit) for unit in expected])
    _record(
        meeting,
        actor,
        EventKind.CREATED,
        note=meeting.title,
        changes=[
            TRAIL.fact("会议日期", held_on),
            TRAIL.fact("汇报截止日期", report_due),
            TRAIL.fact("汇报单位", [u.name for u in expected]),
        ],
    )
    return meeting


@transaction.atomic
def enter_decisions(meeting: Meeting | int, *, actor: Any, text: str) -> Any:
    """议定事项: the decisions go in as the meeting's minutes (a directive), read by the decomposition
    engine into requirements that become tasks, linked to the meeting, on the directive's page."""
    from luoshi.directives.choices import DirectiveKind
    from luoshi.directives.services import enter_directive

    meeting = _lock_meeting(meeting, actor)
    require(actor, "meetings.manage_meeting", meeting, "您无权录入议定事项")
    if meeting.directive_id:
        raise Conflict("议定事项已经录入，请到会议纪要页面分解交办", "decisions_entered")
    if not (text or "").strip():
        raise InvalidInput("请填写议定事项", "empty_text", errors={"text": ["请填写议定事项"]})
    directive, _ = enter_directive(
        actor=actor,
        title=f"{meeting.title}议定事项",
        text=text,
        issued_on=meeting.held_on,
        kind=DirectiveKind.MINUTES,
        issuer=meeting.department.name,
    )
    meeting.directive = directive
    meeting.save(update_fields=["directive"])
    _record(meeting, actor, EventKind.DECISIONS, note=directive.title)
    return directive


@transaction.atomic
def close_meeting(meeting: Meeting | int, *, actor: Any) -> Meeting:
    """会议结束: the reports are filed; what was not submitted stays 未报送. Leaders may still comment."""
    meeting = _lock_meeting(meeting, actor)
    require(actor, "meetings.manage_meeting", meeting, "您无权结束月例会")
    if meeting.is_closed:
        raise Conflict(f"“{meeting.title}”已经结束", "meeting_closed")
    # The reports after the meeting (a save locks only its report): a save under way ends before the close.
    list(meeting.reports.select_for_update().order_by("pk").values_list("pk"))
    meeting.status = MeetingStatus.CLOSED
    meeting.save(update_fields=["status"])
    missing = list(meeting.reports.filter(status=ReportStatus.DRAFT).values_list("unit__name", flat=True))
    _record(
        meeting,
        actor,
        EventKind.CLOSED,
        changes=[TRAIL.fact("未报送", missing)] if missing else [],
    )
    return meeting
