from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from luoshi.assessment import services as assessment
from luoshi.assessment.defaults import standard_indicators
from luoshi.assessment.models import IndicatorScore, Judgement
from luoshi.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from luoshi.directives.acceptance import accept_requirements
from luoshi.directives.choices import DirectiveKind
from luoshi.meetings import services
from luoshi.meetings.choices import MeetingStatus, ReportStatus
from luoshi.meetings.models import Comment, Meeting, MeetingEvent, UnitReport
from luoshi.notify.models import Notification
from luoshi.org.choices import UnitKind
from luoshi.org.models import Person, Unit

from ..concurrency import locked_tables, needs_lock_of
from .conftest import DECISIONS, PARTS


def test_the_head_holds_a_meeting_every_section_of_the_department_reports_to(meeting, root):
    sections = Unit.objects.filter(parent=root, kind=UnitKind.SECTION, is_active=True)
    assert meeting.month == timezone.localdate().replace(day=1)
    assert meeting.title == f"{meeting.month.year}年{meeting.month.month}月工作例会"
    assert set(meeting.reports.values_list("unit_id", flat=True)) == set(
        sections.values_list("pk", flat=True)
    )
    assert all(r.status == ReportStatus.DRAFT for r in meeting.reports.all())
    assert MeetingEvent.objects.filter(meeting=meeting, kind="created").count() == 1


def test_the_office_assigning_for_the_department_holds_it_too_a_section_or_deputy_does_not(
    make_meeting, user
):
    assert make_meeting(actor=user("bgs-staff")).pk
    Meeting.objects.all().delete()
    for name in ("gb1-head", "deputy1", "gb1-staff"):
        with pytest.raises(Forbidden, match="您无权召开"):
            make_meeting(actor=user(name))
    assert not Meeting.objects.exists() and not UnitReport.objects.exists()


def test_a_chosen_list_of_sections_and_the_checks_on_dates_and_months(make_meeting, demo):
    gb1, gb2 = Unit.objects.get(code="gb1"), Unit.objects.get(code="gb2")
    chosen = make_meeting(units=[gb1, gb2])
    assert chosen.reports.count() == 2
    with pytest.raises(Conflict, match="月例会已经建立"):
        make_meeting()
    today = timezone.localdate()
    with pytest.raises(InvalidInput, match="不能晚于会议日期"):
        make_meeting(
            month=today + dt.timedelta(days=40), held_on=today, report_due=today + dt.timedelta(days=1)
        )
    with pytest.raises(InvalidInput, match="江城区委组织部不是江城市委组织部的科室"):
        make_meeting(month=today + dt.timedelta(days=40), units=[Unit.objects.get(code="jcq")])


def test_the_sections_own_people_write_the_draft_and_its_head_submits(report_of, user):
    report = report_of("gb1")
    services.save_report(report, actor=user("gb1-staff"), summary="初稿", thinking="", plans=None)
    report.refresh_from_db()
    assert (report.summary, report.status, report.updated_by.user.username) == ("初稿", "draft", "gb1-staff")
    with pytest.raises(Forbidden, match="须本单位负责人报送"):
        services.submit_report(report, actor=user("gb1-staff"), **PARTS)
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and not report.is_late
    assert report.status_label == "已报送" and report.thinking == PARTS["thinking"]
    # the deputy in charge hears of it, to comment
    assert Notification.objects.filter(recipient__username="deputy1", kind="meeting").exists()


def test_whoever_may_submit_a_units_report_may_write_it_a_county_department_head_too(
    meeting, report_of, user
):
    """One rule: a unit's own heads (科室负责人, a county department's 部长) write and submit its report,
    its staff write it; nobody writes another unit's, nor a leader from above."""
    county = Unit.objects.get(code="jcq")
    county_report = UnitReport.objects.create(meeting=meeting, unit=county)
    gb1 = report_of("gb1")
    cases = [
        ("gb1-head", gb1, True, True),
        ("gb1-staff", gb1, True, False),
        ("jcq-head", county_report, True, True),
        ("jcq-head", gb1, False, False),
        ("gb1-head", county_report, False, False),
        ("head", county_report, False, False),
    ]
    for name, report, writes, sends in cases:
        assert user(name).has_perm("meetings.edit_report", report) is writes, (name, report.unit.code)
        assert user(name).has_perm("meetings.submit_report", report) is sends, (name, report.unit.code)
    services.save_report(county_report, actor=user("jcq-head"), **PARTS)
    assert services.own_report(meeting, actor=user("jcq-head")) == county_report
    services.submit_report(county_report, actor=user("jcq-head"), **PARTS)
    county_report.refresh_from_db()
    assert (
        county_report.status == ReportStatus.SUBMITTED
        and county_report.updated_by.user.username == "jcq-head"
    )


def test_another_sections_report_and_a_leaders_hand_are_refused_and_nothing_changes(report_of, user):
    report = report_of("gb1")
    for name in ("gb2-staff", "deputy1", "head"):
        with pytest.raises(Forbidden, match="只有本单位的人员可以填写"):
            services.save_report(report, actor=user(name), summary="改写")
    report.refresh_from_db()
    assert report.summary == "" and not MeetingEvent.objects.filter(report=report).exists()


def test_a_report_missing_a_part_is_refused_whole(report_of, user):
    report = report_of("gb1")
    with pytest.raises(InvalidInput, match="思考、谋划还没有填写") as caught:
        services.submit_report(report, actor=user("gb1-head"), summary="总结", thinking=" ", plans="")
    assert set(caught.value.errors) == {"thinking", "plans"}
    report.refresh_from_db()
    assert report.summary == "" and report.status == ReportStatus.DRAFT


def test_submitting_the_same_twice_is_a_conflict_and_a_revision_before_the_deadline_edits(
    report_of, user, scheme
):
    report = report_of("gb1")
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    first = UnitReport.objects.get(pk=report.pk).submitted_at
    with pytest.raises(Conflict, match="内容与已报送的相同，无需重复报送") as caught:
        services.submit_report(report, actor=user("gb1-head"), **PARTS)
    assert caught.value.code == "duplicate_submit"
    with pytest.raises(Conflict, match="不能再保存草稿；截止前可由本单位负责人修改后重新报送") as caught:
        services.save_report(report, actor=user("gb1-staff"), summary="再改")
    assert caught.value.code == "already_submitted"
    services.submit_report(report, actor=user("gb1-head"), plans="下月完成两项调研")
    revised = UnitReport.objects.get(pk=report.pk)
    assert revised.plans == "下月完成两项调研" and revised.summary == PARTS["summary"]
    assert revised.submitted_at == first and not revised.is_late
    event = MeetingEvent.objects.filter(report=report, kind="report_submitted").last()
    assert event.note == "截止前修改后重新报送" and event.changes[0]["new"] == "下月完成两项调研"
    services.comment_report(report, actor=user("deputy1"), aspects=["force"], level="好", text="有力度")
    with pytest.raises(Conflict, match="已有领导点评，不能再修改") as caught:
        services.submit_report(report, actor=user("gb1-head"), plans="再改")
    assert caught.value.code == "report_commented"
    assert UnitReport.objects.get(pk=report.pk).plans == "下月完成两项调研"


def test_a_submitted_report_is_not_revised_after_the_deadline(make_meeting, user):
    today = timezone.localdate()
    late = make_meeting(held_on=today, report_due=today - dt.timedelta(days=1))
    report = late.reports.get(unit__code="gb1")
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    with pytest.raises(Conflict, match="截止日期（.*）已过，不能再修改") as caught:
        services.submit_report(report, actor=user("gb1-head"), plans="改")
    assert caught.value.code == "already_submitted"
    assert UnitReport.objects.get(pk=report.pk).plans == PARTS["plans"]


def test_a_late_report_is_accepted_and_marked(make_meeting, user):
    today = timezone.localdate()
    late = make_meeting(held_on=today - dt.timedelta(days=1), report_due=today - dt.timedelta(days=2))
    report = late.reports.get(unit__code="gb1")
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    report.refresh_from_db()
    assert report.is_late and report.status_label == "逾期提交" and report.status_color == "danger"
    assert "逾期提交" in MeetingEvent.objects.get(report=report, kind="report_submitted").note


def test_a_closed_meeting_takes_no_more_reports_nor_comments(meeting, report_of, user, scheme):
    """A report is filed when the meeting closes: a leader's late comment (and its score) would change
    the month's judgement after the meeting, so it is refused like a late report."""
    submitted = report_of("gb1")
    services.submit_report(submitted, actor=user("gb1-head"), **PARTS)
    with pytest.raises(Forbidden):
        services.close_meeting(meeting, actor=user("gb1-head"))
    services.close_meeting(meeting, actor=user("head"))
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CLOSED
    with pytest.raises(Conflict, match="已结束，汇报已归档") as caught:
        services.submit_report(report_of("gb2"), actor=user("gb2-head"), **PARTS)
    assert caught.value.code == "meeting_closed"
    with pytest.raises(Conflict) as caught:
        services.comment_report(
            submitted, actor=user("deputy1"), aspects=["depth"], level="较好", text="思考有深度"
        )
    assert caught.value.code == "meeting_closed" and "已结束，汇报已归档，不能再点评" in caught.value.message
    assert not Comment.objects.exists()
    with pytest.raises(Conflict, match="已经结束"):
        services.close_meeting(meeting, actor=user("head"))


def test_a_leaders_comment_becomes_the_judgement_of_the_section_for_the_month(
    report_of, user, scheme, meeting
):
    report = report_of("gb1")
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    comment = services.comment_report(
        report, actor=user("deputy1"), aspects=["depth", "force", "depth"], level="较好", text="谋划有力度"
    )
    assert comment.aspects == ["depth", "force"] and comment.aspect_labels == ["深度", "力度"]
    indicator = services.counted_indicator(meeting)
    assert indicator is not None and indicator.name == "工作提升了没有"
    judgement = Judgement.objects.get(unit=report.unit, indicator=indicator)
    assert comment.judgement == judgement and judgement.assessor.user.username == "deputy1"
    assert (judgement.level, judgement.points) == ("较好", 85)
    assert "月例会点评（深度、力度）：谋划有力度" == judgement.justification
    assert comment.score_note.startswith("已计入")
    with pytest.raises(Conflict, match="已经点评过"):
        services.comment_report(report, actor=user("deputy1"), aspects=["height"], level="好", text="再评")


def test_a_comment_by_someone_who_does_not_lead_the_section_is_refused(report_of, user, scheme):
    report = report_of("gb1")
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    for name in ("deputy2", "gb1-head", "inspector"):
        with pytest.raises((Forbidden, NotFound)) as caught:
            services.comment_report(report, actor=user(name), aspects=["depth"], level="好", text="好")
        if isinstance(caught.value, Forbidden):
            assert caught.value.message == "您不是干部一科的分管领导或部长，不能点评这份汇报"
    assert not Comment.objects.exists() and not Judgement.objects.exists()


def test_a_deputy_heading_the_section_does_not_comment_on_its_report(report_of, user, scheme):
    from luoshi.org.choices import Role
    from luoshi.org.models import Membership

    deputy = Person.objects.get(user__username="deputy1")  # in charge of 干部一科, and now heading it
    Membership.objects.create(person=deputy, unit=Unit.objects.get(code="gb1"), role=Role.SECTION_HEAD)
    report = report_of("gb1")
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    with pytest.raises(Forbidden) as caught:
        services.comment_report(report, actor=user("deputy1"), aspects=["depth"], level="好", text="好")
    assert caught.value.code == "own_unit"
    assert caught.value.message.startswith("这是您所在的干部一科的汇报，不能点评本单位的工作")
    assert not Comment.objects.exists() and not Judgement.objects.exists()
    services.comment_report(report, actor=user("head"), aspects=["depth"], level="好", text="好")
    assert Comment.objects.get().leader.user.username == "head"


def test_a_score_off_the_rubric_or_a_comment_on_a_draft_is_refused(report_of, user, scheme):
    report = report_of("gb1")
    with pytest.raises(Conflict, match="还没有报送"):
        services.comment_report(report, actor=user("head"), aspects=["depth"], level="好", text="好")
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    with pytest.raises(InvalidInput, match="“优秀”不是评分档次，请从好（100分）、较好（85分）") as caught:
        services.comment_report(report, actor=user("head"), aspects=["depth"], level="优秀", text="好")
    assert caught.value.errors == {"level": [caught.value.message]}
    with pytest.raises(InvalidInput, match="请选择点评侧重"):
        services.comment_report(report, actor=user("head"), aspects=["breadth"], level="好", text="好")
    with pytest.raises(InvalidInput, match="请填写点评意见"):
        services.comment_report(report, actor=user("head"), aspects=["height"], level="好", text=" ")
    assert not Comment.objects.exists() and not Judgement.objects.exists()


def test_without_a_scheme_the_comment_stands_and_says_its_score_did_not_count(report_of, user):
    report = report_of("gb1")
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    comment = services.comment_report(
        report, actor=user("head"), aspects=["height"], level="一般", text="站位不够高"
    )
    assert comment.judgement is None and comment.points == 70
    assert "还没有评议指标，评分待方案制定、考核期计算时计入" in comment.score_note


def _standard_scheme(user):
    judges = Person.objects.filter(user__username__in=["head", "deputy1", "deputy2", "deputy3", "deputy4"])
    return assessment.create_scheme(
        actor=user("head"),
        year=timezone.localdate().year,
        name="",
        process_weight=40,
        effect_weight=60,
        indicators=standard_indicators([p.pk for p in judges]),
    )


@pytest.mark.parametrize("scheme_before", [False, True], ids=["no-scheme-yet", "no-period-yet"])
def test_a_score_given_before_its_period_opens_counts_when_the_period_is_computed(
    report_of, user, scheme_before
):
    made = _standard_scheme(user) if scheme_before else None
    report = report_of("gb1")
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    comment = services.comment_report(
        report, actor=user("deputy1"), aspects=["depth"], level="一般", text="思考深度不够"
    )
    assert comment.judgement is None and "计入" in comment.score_note and not Judgement.objects.exists()
    made = made or _standard_scheme(user)
    period = assessment.open_period(made, actor=user("head"), kind="month", day=timezone.localdate())
    assessment.compute_period(period, actor=user("head"))
    comment.refresh_from_db()
    judgement = Judgement.objects.get(period=period, unit=report.unit)
    assert comment.judgement == judgement and judgement.assessor.user.username == "deputy1"
    assert (judgement.level, judgement.points, judgement.indicator.name) == ("一般", 70, "工作提升了没有")
    assert judgement.justification == "月例会点评（深度）：思考深度不够"
    assert comment.score_note == f"已计入{period.name}“工作提升了没有”评议"
    line = IndicatorScore.objects.get(
        unit_score__period=period, unit_score__unit=report.unit, indicator=judgement.indicator
    )
    assert line.points == 70 and line.applicable
    # computed again: counted once, not twice
    assessment.compute_period(period, actor=user("head"))
    assert Judgement.objects.filter(period=period, unit=report.unit).count() == 1


def test_a_published_period_keeps_the_comment_but_not_its_score(report_of, user, scheme):
    report = report_of("gb1")
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    period = scheme.periods.get(kind="month")
    assessment.compute_period(period, actor=user("head"))
    assessment.publish_period(period, actor=user("head"))
    comment = services.comment_report(
        report, actor=user("deputy1"), aspects=["force"], level="好", text="有力度"
    )
    assert comment.judgement is None and "锁定" in comment.score_note
    assert not Judgement.objects.exists()


def test_the_decisions_go_through_the_engine_into_tasks_linked_to_the_meeting(meeting, user):
    directive = services.enter_decisions(meeting, actor=user("head"), text=DECISIONS)
    meeting.refresh_from_db()
    assert meeting.directive == directive and directive.kind == DirectiveKind.MINUTES
    requirements = list(directive.requirements.order_by("start"))
    assert len(requirements) == 2
    tasks = accept_requirements([(r, {}) for r in requirements], actor=user("head"))
    assert {t.lead_unit.code for t in tasks} == {"gb1", "gb2"}
    assert set(meeting.directive.tasks.all()) == set(tasks)
    with pytest.raises(Conflict, match="议定事项已经录入"):
        services.enter_decisions(meeting, actor=user("head"), text=DECISIONS)
    with pytest.raises(Forbidden):
        services.enter_decisions(meeting, actor=user("gb1-head"), text=DECISIONS)


@needs_lock_of
def test_a_report_saved_locks_its_row_only_and_a_close_waits_for_it(meeting, report_of, user):
    """Sections save their reports at once: no save locks the meeting or the unit, and a close locks the
    meeting and then its reports, so a save under way ends before the meeting closes."""
    report = report_of("gb1")
    saved = locked_tables(
        lambda: services.save_report(report, actor=user("gb1-staff"), summary="初稿", thinking="", plans=None)
    )
    assert saved and all(tables == {"meetings_unitreport"} for tables in saved)
    closed = locked_tables(lambda: services.close_meeting(meeting, actor=user("head")))
    assert closed == [{"meetings_meeting"}, {"meetings_unitreport"}]
