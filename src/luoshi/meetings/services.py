"""Every state change of a monthly meeting: one function each, taking the acting user, checking the right
and the meeting's state, writing in one transaction with its event in the meeting's trail and its
notifications in the outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from luoshi.assessment import services as assessment
from luoshi.assessment.choices import Aspect, IndicatorKind, PeriodKind
from luoshi.assessment.defaults import RUBRIC
from luoshi.assessment.models import Indicator, Period
from luoshi.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from luoshi.core.trail import Trail
from luoshi.notify.choices import NotificationKind
from luoshi.notify.services import notify
from luoshi.org.choices import Role, UnitKind
from luoshi.org.models import Person, Unit, leaders_in_charge
from luoshi.org.scopes import ASSIGN, person_of, unit_scope

from .choices import CommentAspect, EventKind, MeetingStatus, ReportStatus
from .models import Comment, Meeting, MeetingEvent, UnitReport

TRAIL = Trail(
    "meetings.UnitReport",
    readers={"status": ReportStatus.label},
    labels={"aspects": "点评侧重"},
)
PARTS = (("summary", "总结"), ("thinking", "思考"), ("plans", "谋划"))
MAX_PART = 20000


def _require(actor: Any, perm: str, verb: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise Forbidden(f"您无权{verb}")


def _person(actor: Any) -> Person:
    found = person_of(actor)
    if found is None or found.admin_role:
        raise Forbidden("管理员账号不参与月例会")
    return found


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


def judged_indicators(year: int) -> list[Indicator]:
    """The judged indicators of the year's scheme a meeting's comments may count toward."""
    return list(
        Indicator.objects.filter(scheme__year=year, kind=IndicatorKind.JUDGED).order_by("sort_order", "id")
    )


def default_indicator(year: int) -> Indicator | None:
    """工作提升了没有 where the scheme has it: a month's report is about how the work moved on."""
    found = judged_indicators(year)
    return next((i for i in found if i.aspect == Aspect.IMPROVED), found[0] if found else None)


def counted_indicator(meeting: Meeting) -> Indicator | None:
    """The judged indicator the meeting's comments count toward: the one chosen for it, else the year's
    default (a scheme made after the meeting still counts its comments)."""
    return meeting.indicator or default_indicator(meeting.month.year)


def rubric_of(meeting: Meeting) -> list[dict[str, Any]]:
    """The levels a comment scores on: the counted indicator's rubric, or the standard one."""
    indicator = counted_indicator(meeting)
    return list(indicator.rubric) if indicator else list(RUBRIC)


def _text(value: Any, label: str) -> str:
    text = str(value or "").strip()
    if len(text) > MAX_PART:
        raise InvalidInput(f"{label}不能超过{MAX_PART}字，现为{len(text)}字", "too_long", errors={})
    return text


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
    _require(actor, "meetings.manage_meeting", f"召开{department.name}的月例会", department)
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
        raise InvalidInput("请至少选择一个汇报科室", "no_units", errors={"units": ["请至少选择一个汇报科室"]})
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
            TRAIL.fact("汇报科室", [u.name for u in expected]),
        ],
    )
    return meeting


def _lock_report(report: UnitReport | int, actor: Any) -> UnitReport:
    pk = report.pk if isinstance(report, UnitReport) else report
    locked = UnitReport.objects.select_for_update().select_related("meeting", "unit").filter(pk=pk).first()
    if locked is None or not UnitReport.objects.restrict(actor).filter(pk=pk).exists():
        raise NotFound("汇报不存在或您无权访问")
    return locked


def _writable(report: UnitReport, verb: str) -> None:
    """The section's own people, before it is submitted, while the meeting is open."""
    if report.meeting.is_closed:
        raise Conflict(f"“{report.meeting.title}”已结束，汇报已归档，不能再{verb}", "meeting_closed")
    if report.is_submitted:
        raise Conflict(f"{report.unit.name}的汇报已经报送，不能重复报送或再修改", "already_submitted")


def _set_parts(report: UnitReport, actor: Any, parts: dict[str, Any]) -> list[dict[str, Any]]:
    values = {name: _text(parts[name], label) for name, label in PARTS if parts.get(name) is not None}
    changes = TRAIL.changes_of(report, values)
    for name, value in values.items():
        setattr(report, name, value)
    report.updated_at, report.updated_by = timezone.now(), _person(actor)
    return changes


@transaction.atomic
def save_report(report: UnitReport | int, *, actor: Any, **parts: Any) -> UnitReport:
    """保存: the section's draft, any of 总结, 思考, 谋划; nothing is checked for completeness yet."""
    report = _lock_report(report, actor)
    _require(
        actor, "meetings.edit_report", f"填写{report.unit.name}的汇报（只有本科室的人员可以填写）", report
    )
    _writable(report, "修改")
    changes = _set_parts(report, actor, parts)
    report.save()
    if changes:
        _record(report.meeting, actor, EventKind.REPORT_SAVED, report=report, changes=changes)
    return report


@transaction.atomic
def submit_report(report: UnitReport | int, *, actor: Any, **parts: Any) -> UnitReport:
    """报送: the section head sends the three parts; after the deadline it is accepted and marked 逾期提交."""
    report = _lock_report(report, actor)
    _require(actor, "meetings.submit_report", f"报送{report.unit.name}的汇报（须本科室负责人报送）", report)
    _writable(report, "报送")
    changes = _set_parts(report, actor, parts)
    missing = {name: [f"请填写{label}"] for name, label in PARTS if not getattr(report, name).strip()}
    if missing:
        labels = "、".join(label for name, label in PARTS if name in missing)
        raise InvalidInput(
            f"汇报的{labels}还没有填写，三部分都填写后才能报送", "parts_required", errors=missing
        )
    now = timezone.now()
    report.status, report.submitted_at, report.submitted_by = ReportStatus.SUBMITTED, now, report.updated_by
    report.is_late = timezone.localdate(now) > report.meeting.report_due
    report.save()
    note = f"逾期提交（截止{report.meeting.report_due:%Y-%m-%d}）" if report.is_late else ""
    _record(
        report.meeting,
        actor,
        EventKind.REPORT_SUBMITTED,
        report=report,
        note=note,
        changes=[*changes, TRAIL.change("status", ReportStatus.DRAFT, ReportStatus.SUBMITTED)],
    )
    late = "（逾期提交）" if report.is_late else ""
    notify(
        [leader.user for leader in leaders_in_charge(report.unit)],
        NotificationKind.MEETING,
        title=f"{report.unit.name}已报送{report.meeting.title}工作汇报{late}，请点评",
        body=f"查看：/meetings/reports/{report.pk}/",
        dedupe_key=f"meeting-report:{report.pk}:submitted",
    )
    return report


def _level(meeting: Meeting, level: str) -> tuple[str, Decimal]:
    level = (level or "").strip()
    for step in rubric_of(meeting):
        if step.get("level") == level:
            return level, Decimal(str(step["points"]))
    levels = "、".join(f"{s['level']}（{s['points']:g}分）" for s in rubric_of(meeting))
    message = f"“{level}”不是评分档次，请从{levels}中选择" if level else f"请选择评分：{levels}"
    raise InvalidInput(message, "off_rubric", errors={"level": [message]})


def _count(
    meeting: Meeting, actor: Any, report: UnitReport, level: str, justification: str
) -> tuple[Any, str]:
    """The comment's score as the leader's judgement of the section for the month, through the assessment's
    own service; when it cannot count (no scheme or period, not an assessor, a published period), why."""
    indicator = counted_indicator(meeting)
    if indicator is None:
        return None, f"{meeting.month.year}年度考核方案没有评议指标，评分未计入考核"
    period = Period.objects.filter(
        scheme_id=indicator.scheme_id, kind=PeriodKind.MONTH, starts_on=meeting.month
    ).first()
    if period is None:
        return None, f"{meeting.month.year}年{meeting.month.month}月的月度考核期尚未开设，评分未计入考核"
    try:
        judgement = assessment.judge(
            period,
            actor=actor,
            indicator=indicator,
            unit=report.unit,
            level=level,
            justification=justification,
        )
    except (Forbidden, Conflict) as exc:
        return None, f"评分未计入考核：{exc.message}"[:200]
    return judgement, f"已计入{period.name}“{indicator.name}”评议"


@transaction.atomic
def comment_report(
    report: UnitReport | int, *, actor: Any, aspects: Sequence[str], level: str, text: str
) -> Comment:
    """点评: a leader over the section comments on its submitted report, tagged 深度/高度/力度, with a
    level of the rubric that becomes the leader's judgement of the section in the month's assessment."""
    report = _lock_report(report, actor)
    if not actor.has_perm("meetings.comment_report", report):
        raise Forbidden(f"您不是{report.unit.name}的分管领导或部长，不能点评这份汇报", "not_leader")
    me = _person(actor)
    if not report.is_submitted:
        raise Conflict(f"{report.unit.name}的汇报还没有报送，报送后才能点评", "not_submitted")
    chosen = list(dict.fromkeys(a for a in aspects or [] if a))
    if not chosen or any(a not in CommentAspect.values() for a in chosen):
        raise InvalidInput(
            "请选择点评侧重（深度、高度、力度，可多选）",
            "aspects_required",
            errors={"aspects": ["请选择点评侧重"]},
        )
    level, points = _level(report.meeting, level)
    text = _text(text, "点评意见")
    if not text:
        raise InvalidInput("请填写点评意见", "text_required", errors={"text": ["请填写点评意见"]})
    if Comment.objects.filter(report=report, leader=me).exists():
        raise Conflict(f"您已经点评过{report.unit.name}的这份汇报", "already_commented")
    labels = "、".join(CommentAspect.label(a) for a in chosen)
    judgement, note = _count(report.meeting, actor, report, level, f"月例会点评（{labels}）：{text}")
    comment = Comment.objects.create(
        report=report,
        leader=me,
        aspects=chosen,
        level=level,
        points=points,
        text=text,
        judgement=judgement,
        score_note=note,
    )
    _record(
        report.meeting,
        actor,
        EventKind.COMMENTED,
        report=report,
        note=note,
        changes=[
            TRAIL.fact("点评侧重", labels),
            TRAIL.fact("评分", f"{level}（{points:g}分）"),
            TRAIL.fact("点评意见", text),
        ],
    )
    notify(
        [
            m.person.user
            for m in report.unit.memberships.filter(role=Role.SECTION_HEAD).select_related("person__user")
        ],
        NotificationKind.MEETING,
        title=f"{me.name}点评了{report.unit.name}的{report.meeting.title}工作汇报（{level}）",
        body=f"查看：/meetings/reports/{report.pk}/",
        dedupe_key=f"meeting-comment:{comment.pk}",
    )
    return comment


def _lock_meeting(meeting: Meeting | int, actor: Any) -> Meeting:
    pk = meeting.pk if isinstance(meeting, Meeting) else meeting
    locked = Meeting.objects.select_for_update().select_related("department").filter(pk=pk).first()
    if locked is None or not Meeting.objects.restrict(actor).filter(pk=pk).exists():
        raise NotFound("月例会不存在或您无权访问")
    return locked


@transaction.atomic
def enter_decisions(meeting: Meeting | int, *, actor: Any, text: str) -> Any:
    """议定事项: the decisions go in as the meeting's minutes (a directive), read by the decomposition
    engine into requirements that become tasks, linked to the meeting, on the directive's page."""
    from luoshi.directives.choices import DirectiveKind
    from luoshi.directives.services import enter_directive

    meeting = _lock_meeting(meeting, actor)
    _require(actor, "meetings.manage_meeting", "录入议定事项", meeting)
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
    _require(actor, "meetings.manage_meeting", "结束月例会", meeting)
    if meeting.is_closed:
        raise Conflict(f"“{meeting.title}”已经结束", "meeting_closed")
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
