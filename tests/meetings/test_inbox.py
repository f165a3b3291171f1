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


def test_who_may_comment_is_one_rule_the_permission_the_inbox_and_the_service_agree_on(
    meeting, user, scheme, monkeypatch
):
    """Every account × every submitted report, with a deputy who also works in a section he oversees:
    the permission, 我的待办's list and the service answer alike."""
    import random

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from luoshi.core.errors import Forbidden, NotFound
    from luoshi.meetings.choices import ReportStatus
    from luoshi.meetings.models import UnitReport
    from luoshi.org.models import Membership, Oversight

    monkeypatch.setattr("luoshi.core.inbox.SHOWN", 1000)  # every waiting report a row
    chance = random.Random(11)
    charge = Oversight.objects.filter(leader__user__username="deputy1").values_list("unit_id", flat=True)
    for unit_id in chance.sample(sorted(charge), 1):
        Membership.objects.create(person=user("deputy1").person, unit_id=unit_id, role="staff")
    UnitReport.objects.filter(meeting=meeting).update(status=ReportStatus.SUBMITTED)
    reports = list(UnitReport.objects.filter(meeting=meeting).select_related("unit", "meeting"))
    accounts = list(get_user_model().objects.order_by("username"))
    assert len(accounts) * len(reports) > 100
    today = timezone.localdate()
    allowed_anywhere = 0
    for account in accounts:
        account = user(account.username)
        found = {e.key: e for e in inbox.entries(account, today)}.get("meeting-comment")
        listed = {r.url for r in found.rows} if found else set()
        for report in reports:
            may = account.has_perm("meetings.comment_report", report)
            try:
                with transaction.atomic():
                    services.comment_report(report, actor=account, aspects=["depth"], level="好", text="好")
                    transaction.set_rollback(True)
                done = True
            except (Forbidden, NotFound):  # refused: not theirs, or no business account
                done = False
            assert may == done == (f"/meetings/reports/{report.pk}/" in listed), (
                account.username,
                report.unit,
            )
            allowed_anywhere += may
    assert 0 < allowed_anywhere < len(accounts) * len(reports)
