"""The 专题学习 list as an Excel file: the page's sessions, only those the reader may see, a constant number
of queries, and the export job writing the same rows."""

import datetime as dt

from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from luoshi.exports import jobs
from luoshi.exports import services as exports
from luoshi.org.models import Unit
from tests.testing import ViewTests, exported_rows, world  # noqa: F401  (fixture)

PATH = "/study/export.xlsx"


def of_gb2(record, user, person, days: int = 2):
    return record(
        actor=user("gb2-staff"),
        unit=Unit.objects.get(code="gb2"),
        led_by=person("gb2-staff"),
        attendees=[person("gb2-staff")],
        held_on=timezone.localdate() - dt.timedelta(days=days),
    )


def test_the_file_has_the_pages_sessions_and_not_another_units(client_as, record, user, person):
    record()
    of_gb2(record, user, person)
    rows = exported_rows(client_as("gb1-staff"), PATH)
    assert rows[0][0] == "专题学习" and rows[2][:3] == ("序号", "学习文件", "学习日期")
    (row,) = rows[3:]
    gb1_head, gb1_staff = person("gb1-head").name, person("gb1-staff").name
    assert row[1] == "在全市组织工作会议上的讲话" and row[3:6] == ("干部一科", gb1_head, 2)
    assert row[6] == "、".join(sorted([gb1_head, gb1_staff])) and row[7].startswith("传达学习")
    assert len(exported_rows(client_as("head"), PATH)) == 3 + 2


def test_the_file_reads_the_same_queries_for_one_session_or_many(client_as, record, user, person):
    record()
    reader = client_as("head")
    exported_rows(reader, PATH)
    with CaptureQueriesContext(connection) as one:
        exported_rows(reader, PATH)
    for days in (2, 3, 4):
        of_gb2(record, user, person, days)
    with CaptureQueriesContext(connection) as many:
        assert len(exported_rows(reader, PATH)) == 3 + 4
    assert len(many) == len(one)


def test_the_export_job_writes_the_streamed_files_rows(client_as, record, user, person):
    record()
    of_gb2(record, user, person)
    job = exports.queue_export("study-sessions", QueryDict(""), actor=user("gb2-staff"))
    assert job is not None and job.total == 1 and jobs.run_export_jobs() == 1
    job.refresh_from_db()
    written = list(load_workbook(job.path).active.iter_rows(min_row=4, values_only=True))
    assert job.status == "done" and written == exported_rows(client_as("gb2-staff"), PATH)[3:]


def test_the_list_has_the_export_button(client_as, demo):
    page = client_as("gb1-staff").get("/study/").content.decode()
    assert 'action="/exports/start/study-sessions/' in page


class TestSessionsExportAccess(ViewTests):
    path = PATH
