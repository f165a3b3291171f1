"""/api/v1/meetings/: reading meetings, a section submitting its report, a leader commenting — through the
services the pages call, with the same refusals."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from luoshi.assessment import services as assessment
from luoshi.assessment.models import Judgement
from luoshi.directives.acceptance import accept_requirements
from luoshi.meetings import services
from luoshi.meetings.models import Comment, MeetingEvent
from luoshi.org.models import Unit

from .conftest import DECISIONS, PARTS


def test_a_meeting_with_its_roll_call_the_readable_reports_comments_and_tasks(
    api_as, meeting, report_of, user, scheme, django_assert_max_num_queries
):
    services.submit_report(report_of("gb1"), actor=user("gb1-head"), **PARTS)
    services.comment_report(
        report_of("gb1"), actor=user("deputy1"), aspects=["depth"], level="较好", text="有深度"
    )
    directive = services.enter_decisions(meeting, actor=user("head"), text=DECISIONS)
    tasks = accept_requirements([(r, {}) for r in directive.requirements.all()], actor=user("head"))
    client = api_as("gb1-staff")
    with django_assert_max_num_queries(20):
        answer = client.get("/api/v1/meetings/")
    assert answer.status_code == 200
    body = answer.json()["results"][0]
    assert body["id"] == meeting.pk and body["status"] == "open" and body["directive"] == directive.pk
    assert body["tasks"] == [t.pk for t in tasks if t.lead_unit.code == "gb1"], "only what gb1 may open"
    assert len(body["roll_call"]) == meeting.reports.count()
    assert {r["unit_name"]: r["status_label"] for r in body["roll_call"]}["干部一科"] == "已报送"
    (report,) = body["reports"]
    assert report["unit_name"] == "干部一科" and report["thinking"] == PARTS["thinking"]
    (comment,) = report["comments"]
    assert comment["aspects"] == ["depth"] and comment["aspect_labels"] == ["深度"]
    assert comment["level"] == "较好" and comment["counted"] is True and comment["leader_name"]
    assert api_as("jcq-head").get(f"/api/v1/meetings/{meeting.pk}/").json()["tasks"] == []
    assert api_as("head").get(f"/api/v1/meetings/{meeting.pk}/").json()["tasks"] == sorted(
        t.pk for t in tasks
    )
    deputy = api_as("deputy1").get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert {r["unit_name"] for r in deputy["reports"]} == {"办公室", "干部一科", "干部二科"}


def test_filters_and_refusals(api_as, meeting):
    month = timezone.localdate().replace(day=15).isoformat()
    assert api_as("head").get(f"/api/v1/meetings/?month={month}").json()["count"] == 1
    assert api_as("head").get("/api/v1/meetings/?status=closed").json()["count"] == 0
    bad = api_as("head").get("/api/v1/meetings/?month=十二月")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    assert api_as("head").get("/api/v1/meetings/999999/").json()["code"] == "not_found"
    assert api_as("admin").get("/api/v1/meetings/").status_code == 403
    assert api_as(None).get("/api/v1/meetings/").status_code == 401


def test_a_section_head_submits_the_report_once_under_a_key_and_revises_it_before_the_deadline(
    api_as, meeting, report_of
):
    client = api_as("gb1-head")
    url = f"/api/v1/meetings/{meeting.pk}/reports/"
    key = {"HTTP_IDEMPOTENCY_KEY": "report-gb1-1"}
    answer = client.post(url, PARTS, format="json", **key)
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["unit_name"] == "干部一科" and body["status"] == "submitted" and body["is_late"] is False
    assert body["plans"] == PARTS["plans"]
    replay = client.post(url, PARTS, format="json", **key)
    assert replay.status_code == 200 and replay["Idempotent-Replayed"] == "true"
    assert MeetingEvent.objects.filter(report=report_of("gb1"), kind="report_submitted").count() == 1
    again = client.post(url, PARTS, format="json")
    assert again.status_code == 409 and again.json()["code"] == "duplicate_submit"
    assert "无需重复报送" in again.json()["detail"]
    revised = client.post(url, {"unit": report_of("gb1").unit_id, "plans": "下月完成两项调研"}, format="json")
    assert revised.status_code == 200 and revised.json()["plans"] == "下月完成两项调研"
    assert revised.json()["summary"] == PARTS["summary"]  # parts not sent are kept


def test_a_late_report_is_marked_not_refused(api_as, make_meeting):
    today = timezone.localdate()
    late = make_meeting(held_on=today, report_due=today - dt.timedelta(days=1))
    answer = api_as("gb1-head").post(f"/api/v1/meetings/{late.pk}/reports/", PARTS, format="json")
    assert answer.status_code == 200 and answer.json()["is_late"] is True
    assert answer.json()["status_label"] == "逾期提交"
    again = api_as("gb1-head").post(f"/api/v1/meetings/{late.pk}/reports/", {"plans": "改"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_submitted"


def test_a_report_for_another_unit_or_incomplete_is_refused_and_nothing_changes(api_as, meeting, report_of):
    url = f"/api/v1/meetings/{meeting.pk}/reports/"
    other = api_as("gb2-head").post(url, {**PARTS, "unit": report_of("gb1").unit_id}, format="json")
    assert other.status_code == 403 and other.json()["code"] == "not_own_unit"
    assert other.json()["detail"] == "您不是干部一科的人员，不能报送它的汇报（须该单位负责人报送）"
    staff = api_as("gb1-staff").post(url, PARTS, format="json")
    assert staff.status_code == 403 and "须本单位负责人报送" in staff.json()["detail"]
    leader = api_as("deputy1").post(url, PARTS, format="json")
    assert leader.status_code == 403 and leader.json()["code"] == "not_own_unit"
    assert leader.json()["detail"] == f"您所在的单位不在“{meeting.title}”的汇报单位中"  # a county's too
    county = Unit.objects.filter(kind="subordinate").first()
    stranger = api_as("gb1-head").post(url, {**PARTS, "unit": county.pk}, format="json")
    assert stranger.status_code == 400 and stranger.json()["code"] == "unit_not_expected"
    assert stranger.json()["detail"] == f"{county.name}不是“{meeting.title}”的汇报单位"
    missing = api_as("gb1-head").post(url, {**PARTS, "thinking": " "}, format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "parts_required"
    assert "思考还没有填写" in missing.json()["detail"]
    assert (
        api_as("gb1-head").post("/api/v1/meetings/999999/reports/", PARTS, format="json").status_code == 404
    )
    for code in ("gb1", "gb2"):
        report = report_of(code)
        assert report.status == "draft" and report.summary == ""
    assert not MeetingEvent.objects.filter(kind__in=["report_submitted", "report_saved"]).exists()


def test_a_leader_comments_and_the_score_counts_in_the_month(api_as, meeting, report_of, user, scheme):
    services.submit_report(report_of("gb1"), actor=user("gb1-head"), **PARTS)
    url = f"/api/v1/meetings/{meeting.pk}/comments/"
    unit = report_of("gb1").unit_id
    body = {"unit": unit, "aspects": ["depth", "force"], "level": "较好", "text": "谋划有力度"}
    key = {"HTTP_IDEMPOTENCY_KEY": "comment-gb1"}
    answer = api_as("deputy1").post(url, body, format="json", **key)
    assert answer.status_code == 201, answer.json()
    made = answer.json()
    assert made["aspect_labels"] == ["深度", "力度"] and made["points"] == "85.00" and made["counted"] is True
    assert made["score_note"].startswith("已计入")
    replay = api_as("deputy1").post(url, body, format="json", **key)
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    judgement = Judgement.objects.get(unit_id=unit)
    assert (judgement.level, judgement.assessor.user.username) == ("较好", "deputy1")
    again = api_as("deputy1").post(url, body, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_commented"
    assert Comment.objects.count() == 1


def test_bad_comments_are_refused_in_chinese_and_nothing_is_written(api_as, meeting, report_of, user, scheme):
    url = f"/api/v1/meetings/{meeting.pk}/comments/"
    gb1 = report_of("gb1").unit_id
    body = {"unit": gb1, "aspects": ["height"], "level": "好", "text": "站位高"}
    draft = api_as("head").post(url, body, format="json")
    assert draft.status_code == 409 and draft.json()["code"] == "not_submitted"
    services.submit_report(report_of("gb1"), actor=user("gb1-head"), **PARTS)
    for name in ("deputy2", "gb2-head", "gb1-head"):
        refused = api_as(name).post(url, body, format="json")
        assert refused.status_code == 403 and refused.json()["code"] == "not_leader", name
        assert refused.json()["detail"] == "您不是干部一科的分管领导或部长，不能点评这份汇报"
    off = api_as("deputy1").post(url, {**body, "level": "优秀"}, format="json")
    assert off.status_code == 400 and off.json()["code"] == "off_rubric"
    assert "“优秀”不是评分档次，请从好（100分）" in off.json()["detail"]
    no_aspect = api_as("deputy1").post(url, {**body, "aspects": []}, format="json")
    assert no_aspect.status_code == 400 and no_aspect.json()["code"] == "aspects_required"
    stranger = api_as("deputy1").post(url, {**body, "unit": 999999}, format="json")
    assert stranger.status_code == 400 and stranger.json()["code"] == "unit_not_expected"
    assert not Comment.objects.exists() and not Judgement.objects.exists()
    assert api_as("admin").post(url, body, format="json").status_code == 403


def test_a_comment_into_a_locked_month_leaves_the_period_unchanged_and_says_why(
    api_as, meeting, report_of, user, scheme
):
    services.submit_report(report_of("gb1"), actor=user("gb1-head"), **PARTS)
    period = scheme.periods.get(kind="month")
    assessment.compute_period(period, actor=user("head"))
    assessment.publish_period(period, actor=user("head"))
    body = {"unit": report_of("gb1").unit_id, "aspects": ["force"], "level": "好", "text": "有力度"}
    answer = api_as("deputy1").post(f"/api/v1/meetings/{meeting.pk}/comments/", body, format="json")
    assert answer.status_code == 201 and answer.json()["counted"] is False
    assert "已审定发布并锁定" in answer.json()["score_note"]
    assert not Judgement.objects.exists()


def test_an_id_too_large_for_the_database_is_a_400_in_chinese(api_as, meeting, report_of, user, scheme):
    services.submit_report(report_of("gb1"), actor=user("gb1-head"), **PARTS)
    comment = {"aspects": ["depth"], "level": "好", "text": "x"}
    for big in (2**63, 10**24):
        for name, url, body in (
            ("head", f"/api/v1/meetings/{meeting.pk}/comments/", {"unit": big, **comment}),
            ("gb2-head", f"/api/v1/meetings/{meeting.pk}/reports/", {"unit": big, **PARTS}),
        ):
            answer = api_as(name).post(url, body, format="json")
            assert answer.status_code == 400 and answer.json()["code"] == "invalid", (url, big)
            assert answer.json()["detail"].startswith("提交的数据有误")
        listed = api_as("head").get(f"/api/v1/meetings/?department={big}")
        assert listed.status_code == 400 and listed.json()["code"] == "invalid"
    assert not Comment.objects.exists() and not report_of("gb2").is_submitted
