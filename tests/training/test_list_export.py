"""The 专业培训 lists as Excel files under the page's year: the trainings and each person's hours, only what
the reader may see, a constant number of queries, and the hours' export job writing the same rows."""

import datetime as dt

from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from luoshi.exports import jobs
from luoshi.exports import services as exports
from luoshi.org.models import Person, Unit
from luoshi.training import services
from tests.factories import member
from tests.testing import ViewTests, exported_rows, world  # noqa: F401  (fixture)

YEAR = timezone.localdate().year


def held(plan, topic: str, code: str, year: int = YEAR):
    return plan(
        topic=topic,
        audience_units=[Unit.objects.get(code=code)],
        starts_on=dt.date(year, 6, 1),
        ends_on=dt.date(year, 6, 2),
    )


def test_the_trainings_file_has_the_years_rows_and_not_another_units(client_as, plan, user, person):
    first = held(plan, "年轻干部培训班", "gb1")
    held(plan, "干部档案培训班", "gb2")
    held(plan, "去年的培训班", "gb1", YEAR - 1)
    services.enrol(first, actor=user("bgs-staff"), people=[person("gb1-staff"), person("gb1-head")])
    services.mark_attendance(first, actor=user("bgs-staff"), marks={person("gb1-staff").pk: 16})
    rows = exported_rows(client_as("gb1-staff"), "/training/export.xlsx", {"year": YEAR})
    assert (
        rows[0][0] == "专业培训" and f"{YEAR}年的培训" in rows[1][0] and rows[2][:2] == ("序号", "培训主题")
    )
    (row,) = rows[3:]
    assert row[1] == "年轻干部培训班" and row[6] == 16 and row[8:] == (2, 1)
    earlier = exported_rows(client_as("gb1-staff"), "/training/export.xlsx", {"year": YEAR - 1})
    assert [row[1] for row in earlier[3:]] == ["去年的培训班"]


def test_the_trainings_file_reads_the_same_queries_for_one_row_or_many(client_as, plan):
    held(plan, "培训一", "gb1")
    reader = client_as("head")
    exported_rows(reader, "/training/export.xlsx")
    with CaptureQueriesContext(connection) as one:
        exported_rows(reader, "/training/export.xlsx")
    for topic in ("培训二", "培训三", "培训四"):
        held(plan, topic, "gb2")
    with CaptureQueriesContext(connection) as many:
        assert len(exported_rows(reader, "/training/export.xlsx")) == 3 + 4
    assert len(many) == len(one)


def test_the_hours_file_has_the_readers_people_with_the_years_hours(client_as, training, user, person):
    services.mark_attendance(training, actor=user("bgs-staff"), marks={person("gb1-staff").pk: 16})
    rows = exported_rows(client_as("gb1-head"), "/training/people/export.xlsx", {"year": YEAR})
    assert rows[0][0] == "年度培训学时" and rows[2] == ("序号", "姓名", "单位", "职务", "参训次数", "学时")
    gb1 = set(Person.objects.filter(unit__code="gb1").values_list("name", flat=True))
    assert {row[1] for row in rows[3:]} == gb1 and person("gb2-staff").name not in gb1
    assert [row[4:] for row in rows[3:] if row[1] == person("gb1-staff").name] == [(1, 16)]
    earlier = exported_rows(client_as("gb1-head"), "/training/people/export.xlsx", {"year": YEAR - 1})
    assert {row[5] for row in earlier[3:]} == {0}


def test_the_hours_file_reads_the_same_queries_for_few_people_or_many(client_as, training):
    reader = client_as("gb1-head")
    exported_rows(reader, "/training/people/export.xlsx")
    with CaptureQueriesContext(connection) as one:
        before = exported_rows(reader, "/training/people/export.xlsx")
    for _ in range(3):
        member(Unit.objects.get(code="gb1"))
    with CaptureQueriesContext(connection) as many:
        assert len(exported_rows(reader, "/training/people/export.xlsx")) == len(before) + 3
    assert len(many) == len(one)


def test_the_hours_job_writes_the_streamed_files_rows(client_as, training, user):
    job = exports.queue_export("training-people", QueryDict(f"year={YEAR}"), actor=user("gb1-head"))
    assert job is not None and jobs.run_export_jobs() == 1
    job.refresh_from_db()
    written = list(load_workbook(job.path).active.iter_rows(min_row=4, values_only=True))
    streamed = exported_rows(client_as("gb1-head"), "/training/people/export.xlsx", {"year": YEAR})[3:]
    assert job.status == "done" and written == streamed and job.total == len(streamed)


def test_the_lists_have_their_export_buttons_with_the_year(client_as, demo):
    client = client_as("gb1-staff")
    assert (
        f'href="/training/export.xlsx?year={YEAR - 1}"'
        in client.get(f"/training/?year={YEAR - 1}").content.decode()
    )
    page = client.get(f"/training/people/?year={YEAR - 1}").content.decode()
    assert f'action="/exports/start/training-people/?year={YEAR - 1}"' in page


class TestTrainingsExportAccess(ViewTests):
    path = "/training/export.xlsx"


class TestHoursExportAccess(ViewTests):
    path = "/training/people/export.xlsx"
