from __future__ import annotations

from django.utils import timezone

from luoshi.directives.services import accept_requirements
from luoshi.meetings import services

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
    assert sorted(body["tasks"]) == sorted(t.pk for t in tasks)
    assert len(body["roll_call"]) == meeting.reports.count()
    assert {r["unit_name"]: r["status_label"] for r in body["roll_call"]}["干部一科"] == "已报送"
    (report,) = body["reports"]
    assert report["unit_name"] == "干部一科" and report["thinking"] == PARTS["thinking"]
    (comment,) = report["comments"]
    assert comment["aspects"] == ["depth"] and comment["aspect_labels"] == ["深度"]
    assert comment["level"] == "较好" and comment["counted"] is True and comment["leader_name"]
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
