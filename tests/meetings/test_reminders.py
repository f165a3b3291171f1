from __future__ import annotations

import datetime as dt

from luoshi.meetings import services
from luoshi.meetings.reminders import NOTICE_DAYS
from luoshi.notify.models import Notification
from luoshi.notify.tick import tick

from .conftest import PARTS


def _meeting_notes(username: str) -> list[str]:
    return list(
        Notification.objects.filter(recipient__username=username, kind="meeting").values_list(
            "title", flat=True
        )
    )


def test_sections_that_have_not_submitted_are_reminded_once_before_and_once_after_the_deadline(
    meeting, report_of, user
):
    services.submit_report(report_of("gb2"), actor=user("gb2-head"), **PARTS)
    Notification.objects.all().delete()
    early = meeting.report_due - dt.timedelta(days=NOTICE_DAYS + 1)
    tick(early)
    assert not _meeting_notes("gb1-head")
    before = meeting.report_due - dt.timedelta(days=1)
    tick(before)
    tick(before)
    for name in ("gb1-head", "gb1-staff"):
        assert len(_meeting_notes(name)) == 1 and "前报送" in _meeting_notes(name)[0]
    assert not _meeting_notes("gb2-head") and not _meeting_notes("gb2-staff")
    after = meeting.report_due + dt.timedelta(days=1)
    tick(after)
    tick(after + dt.timedelta(days=1))
    assert len(_meeting_notes("gb1-head")) == 2 and "已超过截止日期" in _meeting_notes("gb1-head")[0]
    assert len(_meeting_notes("gb1-staff")) == 1  # the late one goes to the head only


def test_a_closed_meeting_reminds_nobody(meeting, user):
    services.close_meeting(meeting, actor=user("head"))
    Notification.objects.all().delete()
    tick(meeting.report_due + dt.timedelta(days=1))
    assert not Notification.objects.filter(kind="meeting").exists()
