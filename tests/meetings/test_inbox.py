"""月例会 in 我的待办: the section head's report to send, the leader's reports to comment on; the inbox
page reads them in a constant number of queries."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from luoshi.meetings import inbox, services

PARTS = {"summary": "完成年轻干部调研", "thinking": "梯队建设要提前谋划", "plans": "下月完成报告"}


def _keys(user):
    return {e.key: e for e in inbox.entries(user, timezone.localdate())}


def test_the_head_sends_the_report_and_the_leader_over_the_section_comments(report_of, user, scheme):
    report = report_of("gb1")
    assert _keys(user("gb1-head"))["meeting-submit"].count == 1
    assert _keys(user("gb1-staff"))["meeting-submit"].count == 0, "the staff write, the head sends"
    services.submit_report(report, actor=user("gb1-head"), **PARTS)
    assert _keys(user("gb1-head"))["meeting-submit"].count == 0
    assert [r.url for r in _keys(user("deputy1"))["meeting-comment"].rows] == [
        f"/meetings/reports/{report.pk}/"
    ]
    assert _keys(user("deputy2"))["meeting-comment"].count == 0, "not in charge of 干部一科"
    assert "meeting-comment" not in _keys(user("gb1-head"))
    services.comment_report(report, actor=user("deputy1"), aspects=["depth"], level="好", text="思考深入")
    assert _keys(user("deputy1"))["meeting-comment"].count == 0


def test_the_inbox_reads_every_apps_entries_in_constant_queries(client_as, make_meeting):
    client = client_as("gb1-head")
    make_meeting()
    client.get("/tasks/inbox/")  # the working-day calendar loads once per process
    with CaptureQueriesContext(connection) as few:
        page = client.get("/tasks/inbox/").content.decode()
    assert page.count("汇报截止") == 1
    make_meeting(month=timezone.localdate().replace(day=1) - dt.timedelta(days=1))
    with CaptureQueriesContext(connection) as many:
        page = client.get("/tasks/inbox/").content.decode()
    assert 'data-testid="inbox-meeting-submit"' in page and page.count("汇报截止") == 2
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
