"""What every change of a monthly meeting shares: the trail, the acting person, the locked rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from luoshi.core.errors import InvalidInput, NotFound
from luoshi.core.querysets import lock_then_read
from luoshi.core.trail import Trail

from ..choices import ReportStatus
from ..models import Meeting, MeetingEvent, UnitReport

TRAIL = Trail(
    "meetings.UnitReport",
    readers={"status": ReportStatus.label},
    labels={"aspects": "点评侧重"},
)

PARTS = (("summary", "总结"), ("thinking", "思考"), ("plans", "谋划"))

MAX_PART = 20000

NO_PERSON = "管理员账号不参与月例会"


def _record(
    meeting: Meeting,
    actor: Any,
    kind: str,
    *,
    report: UnitReport | None = None,
    note: str = "",
    changes: Sequence[dict[str, Any]] = (),
) -> MeetingEvent:
    return MeetingEvent.objects.create(
        meeting=meeting,
        report=report,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        note=note,
        changes=list(changes),
    )


def _text(value: Any, label: str) -> str:
    text = str(value or "").strip()
    if len(text) > MAX_PART:
        raise InvalidInput(f"{label}不能超过{MAX_PART}字，现为{len(text)}字", "too_long", errors={})
    return text


def _lock_report(report: UnitReport | int, actor: Any) -> UnitReport:
    """The report's row, locked. Which sections report is the roll call every business user reads, so
    one who may not act on a report is told why (403) rather than that it does not exist. Visibility is
    asked before the lock: who may not see the meeting neither waits on its rows nor holds them up. Only
    the report is locked, so the sections' saves do not wait for each other; a close locks the meeting's
    reports after the meeting (``close_meeting``), so it waits for a save under way."""
    pk = report.pk if isinstance(report, UnitReport) else report
    meeting_id = UnitReport.objects.filter(pk=pk).values_list("meeting_id", flat=True).first()
    if meeting_id is None or not Meeting.objects.restrict(actor).filter(pk=meeting_id).exists():
        raise NotFound("汇报不存在或您无权访问")
    locked = lock_then_read(UnitReport.objects.all(), pk, "meeting", "unit")
    if locked is None:
        raise NotFound("汇报不存在或您无权访问")
    return locked


def _lock_meeting(meeting: Meeting | int, actor: Any) -> Meeting:
    pk = meeting.pk if isinstance(meeting, Meeting) else meeting
    if not Meeting.objects.restrict(actor).filter(pk=pk).exists():
        raise NotFound("月例会不存在或您无权访问")
    locked = (
        Meeting.objects.select_for_update(of=("self",)).select_related("department").filter(pk=pk).first()
    )
    if locked is None:
        raise NotFound("月例会不存在或您无权访问")
    return locked
