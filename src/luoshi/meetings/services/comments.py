"""点评: a leader's comment on a section's report, its score counted as the leader's judgement of the
section in the month's assessment period — at once, or when that period is computed later."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from luoshi.assessment import services as assessment
from luoshi.assessment.choices import Aspect, IndicatorKind, PeriodKind
from luoshi.assessment.defaults import RUBRIC
from luoshi.assessment.models import Indicator, Judgement, Period
from luoshi.core.errors import Conflict, Forbidden, InvalidInput
from luoshi.core.guards import require
from luoshi.notify.choices import NotificationKind
from luoshi.notify.services import notify
from luoshi.org.choices import Role
from luoshi.org.scopes import acting_person

from ..choices import CommentAspect, EventKind
from ..models import Comment, Meeting, UnitReport
from ..rules import comment_reach
from .steps import NO_PERSON, TRAIL, _lock_report, _record, _text


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


def _level(meeting: Meeting, level: str) -> tuple[str, Decimal]:
    level = (level or "").strip()
    for step in rubric_of(meeting):
        if step.get("level") == level:
            return level, Decimal(str(step["points"]))
    levels = "、".join(f"{s['level']}（{s['points']:g}分）" for s in rubric_of(meeting))
    message = f"“{level}”不是评分档次，请从{levels}中选择" if level else f"请选择评分：{levels}"
    raise InvalidInput(message, "off_rubric", errors={"level": [message]})


def score_outlook(meeting: Meeting) -> tuple[Period | None, Indicator | None, str]:
    """Where a comment's score on ``meeting`` goes, said before it is given: the month's period and the
    judged indicator it counts toward with the words the form shows, or (None, …) with why it does not
    count now — no scheme or period yet (it counts once the period is computed), or the month already
    published and locked. The comment page and ``comment_report`` both read it, so the form's promise is
    the service's outcome."""
    indicator = counted_indicator(meeting)
    if indicator is None:
        return None, None, f"{meeting.month.year}年度考核方案还没有评议指标，评分待方案制定、考核期计算时计入"
    period = Period.objects.filter(
        scheme_id=indicator.scheme_id, kind=PeriodKind.MONTH, starts_on=meeting.month
    ).first()
    if period is None:
        return (
            None,
            indicator,
            f"{meeting.month.year}年{meeting.month.month}月的月度考核期尚未开设，评分待开设后计算时计入",
        )
    if period.is_locked:
        return None, indicator, f"评分不计入考核，因“{period.name}”已审定发布并锁定（点评意见照常保存）"
    return (
        period,
        indicator,
        f"评分计入{period.name}“{indicator.name}”评议（以您的名义，点评意见作为评议理由）",
    )


def _count(
    meeting: Meeting, actor: Any, report: UnitReport, level: str, justification: str
) -> tuple[Any, str]:
    """The comment's score as the leader's judgement of the section for the month, through the assessment's
    own service; when it cannot count yet or at all (``score_outlook``; not an assessor), why."""
    period, indicator, outlook = score_outlook(meeting)
    if period is None or indicator is None:
        return None, outlook
    return _judge(period, indicator, actor, report, level, justification)


def _judge(
    period: Period, indicator: Indicator, actor: Any, report: UnitReport, level: str, justification: str
) -> tuple[Any, str]:
    try:
        judgement = assessment.judge(
            period,
            actor=actor,
            indicator=indicator,
            unit=report.unit,
            level=level,
            justification=justification,
        )
    except (Forbidden, Conflict, InvalidInput) as exc:
        return None, f"评分未计入考核：{exc.message}"[:200]
    return judgement, f"已计入{period.name}“{indicator.name}”评议"


@transaction.atomic
def comment_report(
    report: UnitReport | int,
    *,
    actor: Any,
    aspects: Sequence[str],
    level: str,
    text: str,
    promised: bool = False,
) -> Comment:
    """点评: a leader over the section comments on its submitted report while the meeting is open (a
    closed meeting's reports are filed), tagged 深度/高度/力度, with a level of the rubric that becomes the
    leader's judgement of the section in the month's assessment.
    ``promised``: the leader was told the score counts (``score_outlook`` when the form was shown); when
    it does not count now (the month was locked meanwhile), nothing is saved and the refusal says why, so
    nobody gives a score in the belief it counts."""
    report = _lock_report(report, actor)
    if report.unit_id in comment_reach(actor).own:  # a deputy who heads the section
        raise Forbidden(
            f"这是您所在的{report.unit.name}的汇报，不能点评本单位的工作；点评由其他分管领导或部长作出",
            "own_unit",
        )
    require(
        actor,
        "meetings.comment_report",
        report,
        f"您不是{report.unit.name}的分管领导或部长，不能点评这份汇报",
        "not_leader",
    )
    me = acting_person(actor, NO_PERSON)
    if not report.is_submitted:
        raise Conflict(f"{report.unit.name}的汇报还没有报送，报送后才能点评", "not_submitted")
    if report.meeting.is_closed:
        raise Conflict(f"“{report.meeting.title}”已结束，汇报已归档，不能再点评", "meeting_closed")
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
    comment = Comment(report=report, leader=me, aspects=chosen, level=level, points=points, text=text)
    comment.judgement, note = _count(report.meeting, actor, report, level, _justification(comment))
    if promised and comment.judgement is None:
        raise Conflict(
            f"点评未保存：{note}。提交前页面显示评分计入考核，现已不能计入；如仍要点评，请核对后再次提交",
            "score_not_counted",
        )
    comment.score_note = note
    comment.save()
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
        url=f"/meetings/reports/{report.pk}/",
        dedupe_key=f"meeting-comment:{comment.pk}",
    )
    return comment


def count_waiting(period: Period) -> int:
    """Comments on the month of ``period`` whose score did not count when given (no scheme or period yet,
    the period locked then) are judged into it as their leader's judgement — when the period is computed,
    so a score given early is not lost. A leader who has since judged the section there keeps that."""
    if period.kind != PeriodKind.MONTH:
        return 0
    waiting = (
        Comment.objects.filter(judgement__isnull=True, report__meeting__month=period.starts_on)
        .select_related("report__meeting", "report__unit", "leader__user")
        .order_by("created_at", "id")
    )
    counted = 0
    for comment in waiting:
        report = comment.report
        indicator = counted_indicator(report.meeting)
        if indicator is None or indicator.scheme_id != period.scheme_id:
            continue
        if Judgement.objects.filter(
            period=period, indicator=indicator, unit=report.unit, assessor=comment.leader
        ).exists():
            judgement, note = None, f"评分未计入考核：{comment.leader.name}已在{period.name}直接评议本单位"
        else:
            judgement, note = _judge(
                period, indicator, comment.leader.user, report, comment.level, _justification(comment)
            )
        comment.judgement, comment.score_note = judgement, note[:200]
        comment.save(update_fields=["judgement", "score_note"])
        counted += judgement is not None
    return counted


def _justification(comment: Comment) -> str:
    return f"月例会点评（{'、'.join(comment.aspect_labels)}）：{comment.text}"
