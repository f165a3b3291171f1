"""A section's report: its people write the draft, its head submits it (late is marked, not refused) and
may revise it before the deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from luoshi.core.errors import Conflict, Forbidden, InvalidInput
from luoshi.core.guards import require
from luoshi.notify.choices import NotificationKind
from luoshi.notify.services import notify
from luoshi.org.models import Unit, leaders_in_charge
from luoshi.org.scopes import acting_person

from ..choices import EventKind, ReportStatus
from ..models import Meeting, UnitReport
from ..rules import report_units
from .steps import NO_PERSON, PARTS, TRAIL, _lock_report, _record, _text


def report_of(meeting: Meeting, unit: Unit | int) -> UnitReport:
    """The section's report in the meeting's roll call, or why there is none."""
    found = meeting.reports.select_related("unit").filter(unit=unit).first()
    if found is None:
        name = unit.name if isinstance(unit, Unit) else Unit.objects.filter(pk=unit).values("name")
        label = name if isinstance(name, str) else next((r["name"] for r in name), "该单位")
        message = f"{label}不是“{meeting.title}”的汇报单位"
        raise InvalidInput(message, "unit_not_expected", errors={"unit": [message]})
    return found


def own_report(meeting: Meeting, *, actor: Any, unit: Unit | int | None = None) -> UnitReport:
    """The report the user writes for the meeting: their own section's, or the one named — a section
    they work in; another section's report is refused with who may send it."""
    acting_person(actor, NO_PERSON)  # an account without a person, or an administrator's, is refused
    mine = report_units(actor)
    if unit is None:
        found = [r for r in meeting.reports.select_related("unit") if r.unit_id in mine]
        if not found:
            raise Forbidden(f"您所在的单位不在“{meeting.title}”的汇报单位中", "not_own_unit")
        if len(found) > 1:
            raise InvalidInput("您在多个汇报单位任职，请指定为哪个单位汇报", "unit_required")
        return found[0]
    report = report_of(meeting, unit)
    if report.unit_id not in mine:
        raise Forbidden(
            f"您不是{report.unit.name}的人员，不能报送它的汇报（须该单位负责人报送）", "not_own_unit"
        )
    return report


def _writable(report: UnitReport, verb: str) -> None:
    """The section's own people, before it is submitted, while the meeting is open."""
    if report.meeting.is_closed:
        raise Conflict(f"“{report.meeting.title}”已结束，汇报已归档，不能再{verb}", "meeting_closed")
    if report.is_submitted:
        raise Conflict(
            f"{report.unit.name}的汇报已经报送，不能再保存草稿；截止前可由本单位负责人修改后重新报送",
            "already_submitted",
        )


def _set_parts(report: UnitReport, actor: Any, parts: dict[str, Any]) -> list[dict[str, Any]]:
    values = {name: _text(parts[name], label) for name, label in PARTS if parts.get(name) is not None}
    changes = TRAIL.changes_of(report, values)
    for name, value in values.items():
        setattr(report, name, value)
    report.updated_at, report.updated_by = timezone.now(), acting_person(actor, NO_PERSON)
    return changes


@transaction.atomic
def save_report(report: UnitReport | int, *, actor: Any, **parts: Any) -> UnitReport:
    """保存: the section's draft, any of 总结, 思考, 谋划; nothing is checked for completeness yet."""
    report = _lock_report(report, actor)
    require(
        actor,
        "meetings.edit_report",
        report,
        f"您无权填写{report.unit.name}的汇报（只有本单位的人员可以填写）",
    )
    _writable(report, "修改")
    changes = _set_parts(report, actor, parts)
    report.save()
    if changes:
        _record(report.meeting, actor, EventKind.REPORT_SAVED, report=report, changes=changes)
    return report


def resubmittable(report: UnitReport, today: dt.date | None = None) -> bool:
    """A submitted report may be sent again, revised, until its deadline, while the meeting is open and no
    leader has commented on it."""
    return (
        report.is_submitted
        and not report.meeting.is_closed
        and (today or timezone.localdate()) <= report.meeting.report_due
        and not report.comments.exists()
    )


def _resubmit(report: UnitReport, actor: Any, today: dt.date) -> None:
    """Why a submitted report may not be sent again (nothing when it may)."""
    if today > report.meeting.report_due:
        raise Conflict(
            f"{report.unit.name}的汇报已经报送，汇报截止日期（{report.meeting.report_due:%Y-%m-%d}）已过，"
            "不能再修改",
            "already_submitted",
        )
    if report.comments.exists():
        raise Conflict(f"{report.unit.name}的汇报已有领导点评，不能再修改", "report_commented")


@transaction.atomic
def submit_report(report: UnitReport | int, *, actor: Any, **parts: Any) -> UnitReport:
    """报送: the section head sends the three parts; after the deadline it is accepted and marked 逾期提交.
    Sent again before the deadline (and before any comment) it is revised; the same text again is a
    double submission."""
    report = _lock_report(report, actor)
    require(
        actor, "meetings.submit_report", report, f"您无权报送{report.unit.name}的汇报（须本单位负责人报送）"
    )
    if report.meeting.is_closed:
        raise Conflict(f"“{report.meeting.title}”已结束，汇报已归档，不能再报送", "meeting_closed")
    again = report.is_submitted
    if again:
        _resubmit(report, actor, timezone.localdate())
    changes = _set_parts(report, actor, parts)
    missing = {name: [f"请填写{label}"] for name, label in PARTS if not getattr(report, name).strip()}
    if missing:
        labels = "、".join(label for name, label in PARTS if name in missing)
        raise InvalidInput(
            f"汇报的{labels}还没有填写，三部分都填写后才能报送", "parts_required", errors=missing
        )
    if again:
        return _revise(report, actor, changes)
    now = timezone.now()
    report.status, report.submitted_at, report.submitted_by = ReportStatus.SUBMITTED, now, report.updated_by
    report.is_late = timezone.localdate(now) > report.meeting.report_due
    report.save()
    late = report.is_late
    return _sent(
        report,
        actor,
        [*changes, TRAIL.change("status", ReportStatus.DRAFT, ReportStatus.SUBMITTED)],
        note=f"逾期提交（截止{report.meeting.report_due:%Y-%m-%d}）" if late else "",
        title=f"已报送{report.meeting.title}工作汇报{'（逾期提交）' if late else ''}，请点评",
    )


def _revise(report: UnitReport, actor: Any, changes: list[dict[str, Any]]) -> UnitReport:
    if not changes:
        raise Conflict(
            f"{report.unit.name}的汇报已经报送，内容与已报送的相同，无需重复报送", "duplicate_submit"
        )
    report.save()
    return _sent(
        report,
        actor,
        changes,
        note="截止前修改后重新报送",
        title=f"修改了{report.meeting.title}工作汇报，请查看",
        revised=True,
    )


def _sent(
    report: UnitReport,
    actor: Any,
    changes: list[dict[str, Any]],
    *,
    note: str,
    title: str,
    revised: bool = False,
) -> UnitReport:
    """A report sent, first or revised: its event on the meeting's trail, and the section's leaders in
    charge told (``title`` follows the section's name). Each revision is news of its own."""
    event = _record(
        report.meeting, actor, EventKind.REPORT_SUBMITTED, report=report, note=note, changes=changes
    )
    notify(
        [leader.user for leader in leaders_in_charge(report.unit)],
        NotificationKind.MEETING,
        title=f"{report.unit.name}{title}",
        url=f"/meetings/reports/{report.pk}/",
        dedupe_key=f"meeting-report:{report.pk}:" + (f"revised:{event.pk}" if revised else "submitted"),
    )
    return report
