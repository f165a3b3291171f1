"""The 月例会 list as an Excel file: the page's meetings with their reports counted (a meeting is the whole
department's reading, so every business account gets the same rows), a constant number of queries."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.meetings import services
from luoshi.meetings.models import UnitReport
from tests.testing import ViewTests, exported_rows, world  # noqa: F401  (fixture)

from .conftest import PARTS

PATH = "/meetings/export.xlsx"


def test_the_file_has_the_pages_meetings_with_their_reports_counted(client_as, meeting, report_of, user):
    services.submit_report(report_of("gb1"), actor=user("gb1-head"), **PARTS)
    UnitReport.objects.filter(pk=report_of("gb1").pk).update(is_late=True)
    expected = UnitReport.objects.filter(meeting=meeting).count()
    for reader in ("head", "gb2-staff"):
        rows = exported_rows(client_as(reader), PATH)
        assert rows[0][0] == "月例会" and "全部月例会" in rows[1][0] and rows[2][:2] == ("序号", "会议")
        assert rows[2][6] == "汇报单位"
        (row,) = rows[3:]
        assert row[1] == meeting.title and row[6:9] == (expected, 1, 1) and row[9] == meeting.status_label
        page = client_as(reader).get("/meetings/").content.decode()
        assert f"已报送 1/{expected}" in page and "逾期1" in page


def test_the_file_reads_the_same_queries_for_one_meeting_or_many(client_as, make_meeting, meeting):
    reader = client_as("head")
    exported_rows(reader, PATH)
    with CaptureQueriesContext(connection) as one:
        exported_rows(reader, PATH)
    for months in (1, 2, 3):
        month = (meeting.month.replace(day=1) - dt.timedelta(days=31 * months)).replace(day=1)
        make_meeting(
            month=month, held_on=month + dt.timedelta(days=10), report_due=month + dt.timedelta(days=7)
        )
    with CaptureQueriesContext(connection) as many:
        assert len(exported_rows(reader, PATH)) == 3 + 4
    assert len(many) == len(one)


def test_the_list_links_to_its_export(client_as, demo):
    assert f'href="{PATH}"' in client_as("head").get("/meetings/").content.decode()


class TestMeetingsExportAccess(ViewTests):
    path = PATH
