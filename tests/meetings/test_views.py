from __future__ import annotations

import datetime as dt

from django.utils import timezone

from luoshi.assessment import services as assessment
from luoshi.directives.acceptance import accept_requirements
from luoshi.meetings import services
from luoshi.meetings.models import Comment, Meeting, UnitReport

from .conftest import DECISIONS, PARTS


def test_the_menu_leads_to_the_list_and_the_head_holds_a_meeting_from_it(client_as, demo):
    client = client_as("head")
    page = client.get("/meetings/")
    assert page.status_code == 200 and "召开月例会" in page.content.decode()
    # a reporting unit may be a county department or a 股室: 汇报单位, as the report pages say 本单位
    assert "汇报单位" in page.content.decode() and "汇报科室" not in page.content.decode()
    assert 'href="/meetings/"' in client.get("/").content.decode() or "月例会" in page.content.decode()
    today = timezone.localdate()
    answer = client.post(
        "/meetings/new/",
        {
            "month": f"{today:%Y-%m}",
            "held_on": (today + dt.timedelta(days=7)).isoformat(),
            "report_due": (today + dt.timedelta(days=5)).isoformat(),
            "title": "",
            "units": [demo["gb1"], demo["gb2"]],
        },
    )
    meeting = Meeting.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/meetings/{meeting.pk}/"
    assert set(meeting.reports.values_list("unit__code", flat=True)) == {"gb1", "gb2"}
    body = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "干部一科" in body and "已报送 0/2" in body
    # the list's figure opens the page's list of which sections have reported and which have not
    listed = client.get("/meetings/").content.decode()
    assert f'<a href="/meetings/{meeting.pk}/#reports"' in listed and "已报送 0/2</a>" in listed
    assert '<div class="card ls-card mb-3" id="reports">' in body
    # 会议记录 is a button in the theme's red, as on the 督查 pages, not Bootstrap's blue text
    assert '<summary class="btn btn-sm btn-outline-primary">会议记录</summary>' in body
    assert "text-primary" not in body


def test_a_bad_meeting_keeps_what_was_typed_and_a_section_sees_no_form(client_as, demo):
    today = timezone.localdate()
    answer = client_as("head").post(
        "/meetings/new/",
        {
            "month": f"{today:%Y-%m}",
            "held_on": today.isoformat(),
            "report_due": (today + dt.timedelta(days=3)).isoformat(),
            "title": "十二月例会",
            "units": [demo["gb1"]],
        },
    )
    body = answer.content.decode()
    assert (
        answer.status_code == 400 and "汇报截止日期不能晚于会议日期" in body and 'value="十二月例会"' in body
    )
    assert not Meeting.objects.exists()
    assert "召开月例会" not in client_as("gb1-head").get("/meetings/").content.decode()
    assert client_as("gb1-head").post("/meetings/new/", {}).status_code == 403


def test_the_section_sees_its_summary_from_the_ledger_saves_and_its_head_submits(client_as, report_of):
    report = report_of("gb1")
    staff = client_as("gb1-staff")
    assert "填写汇报" in staff.get(f"/meetings/{report.meeting_id}/").content.decode()
    page = staff.get(f"/meetings/reports/{report.pk}/").content.decode()
    assert "工作总结（据任务台账生成" in page and "报送汇报" not in page and "保存草稿" in page
    # A county department reports too: its head is its 部长, not a 科室负责人.
    assert "保存后由本单位负责人确认报送。" in page and "科室负责人" not in page
    saved = staff.post(f"/meetings/reports/{report.pk}/edit/", {**PARTS, "save": "1"}, follow=True)
    assert "草稿已保存，本单位负责人确认后报送。" in saved.content.decode()
    report.refresh_from_db()
    assert report.summary == PARTS["summary"] and report.status == "draft"
    head = client_as("gb1-head")
    assert "报送汇报" in head.get(f"/meetings/reports/{report.pk}/").content.decode()
    answer = head.post(f"/meetings/reports/{report.pk}/edit/", {**PARTS, "plans": "", "submit": "1"})
    body = answer.content.decode()
    assert answer.status_code == 400 and "谋划还没有填写" in body and PARTS["thinking"] in body
    assert UnitReport.objects.get(pk=report.pk).status == "draft"
    answer = head.post(f"/meetings/reports/{report.pk}/edit/", {**PARTS, "submit": "1"})
    assert answer.status_code == 302
    again = head.post(f"/meetings/reports/{report.pk}/edit/", {**PARTS, "submit": "1"})
    assert again.status_code == 409 and "无需重复报送" in again.content.decode()
    page = head.get(f"/meetings/reports/{report.pk}/").content.decode()
    assert "重新报送" in page and "保存草稿" not in page  # before the deadline the head may revise
    revised = head.post(f"/meetings/reports/{report.pk}/edit/", {**PARTS, "plans": "改", "submit": "1"})
    assert revised.status_code == 302 and UnitReport.objects.get(pk=report.pk).plans == "改"
    assert "重新报送" not in staff.get(f"/meetings/reports/{report.pk}/").content.decode()


def test_another_sections_report_is_not_found(client_as, report_of):
    report = report_of("gb1")
    assert client_as("gb2-staff").get(f"/meetings/reports/{report.pk}/").status_code == 404
    answer = client_as("gb2-staff").post(f"/meetings/reports/{report.pk}/edit/", {**PARTS, "save": "1"})
    assert answer.status_code == 404 and UnitReport.objects.get(pk=report.pk).summary == ""


def test_a_deputy_comments_and_a_bad_comment_keeps_what_was_typed(client_as, report_of, user, scheme):
    report = report_of("gb1")
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    deputy = client_as("deputy1")
    assert "待您点评" in deputy.get(f"/meetings/{report.meeting_id}/").content.decode()
    assert "待您点评" not in client_as("deputy2").get(f"/meetings/{report.meeting_id}/").content.decode()
    assert "提交点评" in deputy.get(f"/meetings/reports/{report.pk}/").content.decode()
    answer = deputy.post(
        f"/meetings/reports/{report.pk}/comment/", {"aspects": ["depth"], "level": "优秀", "text": "思考深入"}
    )
    body = answer.content.decode()
    assert answer.status_code == 400 and "“优秀”不是评分档次" in body and "思考深入" in body
    answer = deputy.post(
        f"/meetings/reports/{report.pk}/comment/",
        {"aspects": ["depth", "height"], "level": "好", "text": "思考深入"},
    )
    assert answer.status_code == 302
    page = deputy.get(f"/meetings/reports/{report.pk}/").content.decode()
    assert "思考深入" in page and "已计入" in page and "提交点评" not in page
    assert "待您点评" not in deputy.get(f"/meetings/{report.meeting_id}/").content.decode()
    refused = client_as("deputy2").post(
        f"/meetings/reports/{report.pk}/comment/", {"aspects": ["depth"], "level": "好", "text": "好"}
    )
    assert refused.status_code in (403, 404) and Comment.objects.count() == 1
    again = deputy.post(
        f"/meetings/reports/{report.pk}/comment/", {"aspects": ["depth"], "level": "好", "text": "再评一次"}
    )
    assert again.status_code >= 400 and Comment.objects.count() == 1
    assert 'class="alert alert-danger' in again.content.decode(), "the reason shows without the form"


def test_a_deputy_heading_the_section_is_shown_no_comment_form_on_its_report(
    client_as, report_of, user, scheme
):
    from luoshi.org.choices import Role
    from luoshi.org.models import Membership, Person, Unit

    deputy = Person.objects.get(user__username="deputy1")
    Membership.objects.create(person=deputy, unit=Unit.objects.get(code="gb1"), role=Role.SECTION_HEAD)
    report = report_of("gb1")
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    client = client_as("deputy1")
    assert "提交点评" not in client.get(f"/meetings/reports/{report.pk}/").content.decode()
    assert "待您点评" not in client.get(f"/meetings/{report.meeting_id}/").content.decode()
    assert "待点评月例会汇报" not in client.get("/tasks/inbox/").content.decode()
    refused = client.post(
        f"/meetings/reports/{report.pk}/comment/", {"aspects": ["depth"], "level": "好", "text": "好"}
    )
    assert refused.status_code == 403 and "不能点评本单位的工作" in refused.content.decode()
    assert not Comment.objects.exists()
    head = client_as("head")
    assert "提交点评" in head.get(f"/meetings/reports/{report.pk}/").content.decode()
    assert "待点评月例会汇报" in head.get("/tasks/inbox/").content.decode()


def test_decisions_go_to_the_directive_page_and_closing_files_the_reports(client_as, meeting):
    head = client_as("head")
    empty = head.post(f"/meetings/{meeting.pk}/decisions/", {"text": " "})
    assert empty.status_code == 400 and "请填写议定事项" in empty.content.decode()
    answer = head.post(f"/meetings/{meeting.pk}/decisions/", {"text": DECISIONS})
    meeting.refresh_from_db()
    assert answer.status_code == 302 and answer["Location"] == f"/directives/{meeting.directive_id}/"
    assert "议定事项" in head.get(f"/meetings/{meeting.pk}/").content.decode()
    assert head.post(f"/meetings/{meeting.pk}/close/").status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).is_closed
    assert client_as("gb1-head").post(f"/meetings/{meeting.pk}/close/").status_code == 403


def test_the_meetings_trail_shows_each_reader_only_the_reports_they_may_read(
    client_as, report_of, user, scheme
):
    report = report_of("gb2")
    services.submit_report(
        report,
        actor=user("gb2-head"),
        summary="本月销号2项",
        thinking="征求意见范围偏窄",
        plans="召开县区座谈会",
    )
    services.comment_report(report, actor=user("deputy1"), aspects=["depth"], level="好", text="问题找得准")
    url = f"/meetings/{report.meeting_id}/"
    for reader in ("head", "deputy1", "gb2-staff"):
        body = client_as(reader).get(url).content.decode()
        assert "征求意见范围偏窄" in body and "问题找得准" in body and ">领导点评</span>" in body
    for reader in ("gb1-staff", "jcq-head", "deputy2"):
        body = client_as(reader).get(url).content.decode()
        assert "召开月例会" in body, "the meeting's own steps are everyone's reading"
        assert "征求意见范围偏窄" not in body and "召开县区座谈会" not in body and "问题找得准" not in body
        assert ">领导点评</span>" not in body and ">报送汇报</span>" not in body


def test_the_form_says_a_locked_month_does_not_count_before_the_score_is_given(
    client_as, report_of, user, scheme
):
    report = report_of("gb1")
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    deputy, url = client_as("deputy1"), f"/meetings/reports/{report.pk}/"
    opened = deputy.get(url).content.decode()
    assert "评分计入" in opened and 'name="promised"' in opened
    period = scheme.periods.get(kind="month")
    assessment.compute_period(period, actor=user("head"))
    assessment.publish_period(period, actor=user("head"))
    # Locked after the form promised the score would count: refused, what was typed kept, the truth said.
    typed = {"aspects": ["force"], "level": "好", "text": "推进有力度", "promised": "1"}
    refused = deputy.post(f"{url}comment/", typed)
    body = refused.content.decode()
    assert refused.status_code == 409 and not Comment.objects.exists()
    assert "点评未保存" in body and "已审定发布并锁定" in body and "推进有力度" in body
    assert 'name="promised"' not in body
    # Shown afresh, the form says so before anything is typed; a comment given knowingly is kept.
    shown = deputy.get(url).content.decode()
    assert "评分计入" not in shown and "评分不计入考核" in shown and 'name="promised"' not in shown
    del typed["promised"]
    assert deputy.post(f"{url}comment/", typed).status_code == 302
    assert "锁定" in Comment.objects.get().score_note


def test_the_decisions_tasks_show_only_to_who_may_open_them_and_others_read_a_count(client_as, meeting, user):
    directive = services.enter_decisions(meeting, actor=user("head"), text=DECISIONS)
    rows = [(r, {"title": f"议定任务甲乙{n}"}) for n, r in enumerate(directive.requirements.all())]
    tasks = accept_requirements(rows, actor=user("head"))
    by_unit = {t.lead_unit.code: t for t in tasks}
    url = f"/meetings/{meeting.pk}/"
    body = client_as("head").get(url).content.decode()
    assert all(f'href="/tasks/{t.pk}/"' in body for t in tasks) and "无权查看" not in body
    body = client_as("gb1-staff").get(url).content.decode()
    assert f'href="/tasks/{by_unit["gb1"].pk}/"' in body
    assert f'href="/tasks/{by_unit["gb2"].pk}/"' not in body and by_unit["gb2"].title not in body
    assert "另有 1 项任务（无权查看）" in body
    for reader in ("gwy-staff", "jcq-head"):
        body = client_as(reader).get(url).content.decode()
        assert not any(t.title in body or f'href="/tasks/{t.pk}/"' in body for t in tasks), reader
        assert "已转为 2 项任务（无权查看）" in body


def test_the_meeting_page_says_where_the_scores_go_as_the_comment_form_does(
    client_as, report_of, user, scheme
):
    """With the year's scheme in place the meeting page names the period and indicator the comments count
    toward, and once the month is published and locked it says so, as the comment form does."""
    meeting = report_of("gb1").meeting
    head, url = client_as("head"), f"/meetings/{meeting.pk}/"
    body = head.get(url).content.decode()
    assert "还没有考核方案" not in body and "评分计入" in body
    period = scheme.periods.get(kind="month")
    assessment.compute_period(period, actor=user("head"))
    assessment.publish_period(period, actor=user("head"))
    body = head.get(url).content.decode()
    assert "评分计入" not in body and "评分不计入考核，因" in body and "已审定发布并锁定" in body
    assert "领导点评：评分不计入考核：" not in body  # one colon in the sentence the meeting page shows
