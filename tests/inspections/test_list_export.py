"""The 督查调研 and 一线走访 lists as Excel files: the rows each page shows, only those the reader may see,
a constant number of queries; the visits also as an export job with the same rows."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from luoshi.exports import jobs
from luoshi.exports import services as exports
from luoshi.inspections import services
from luoshi.org.models import Unit
from tests.testing import ViewTests, exported_rows, world  # noqa: F401  (fixture)


@pytest.fixture
def checklist_campaign(new_campaign):
    """A 督查 of no task in the units of ``codes``, its checklist one point written by hand."""
    return lambda topic, *codes: new_campaign(
        topic, units=codes, members=(), tasks=[], extra_points=["班子运行情况"]
    )


def visit(user, by: str, code: str, place: str, raised=()):
    return services.record_visit(
        actor=user(by),
        place=place,
        visited_at=timezone.now(),
        heard="党员反映组织生活形式单一",
        people_met="村党支部书记",
        unit=Unit.objects.get(code=code),
        raised=list(raised),
    )


def test_the_campaigns_file_has_the_pages_rows_and_not_another_units(client_as, checklist_campaign):
    checklist_campaign("年轻干部工作专项督查", "gb1", "gb2")
    checklist_campaign("干部档案专项督查", "gb2")
    rows = exported_rows(client_as("gb1-staff"), "/inspections/export.xlsx")
    assert (
        rows[0][0] == "督查调研" and "全部督查调研" in rows[1][0] and rows[2][:3] == ("序号", "主题", "类型")
    )
    assert [row[1:3] + row[5:] for row in rows[3:]] == [("年轻干部工作专项督查", "大督查", 2, 0, 0)]
    assert {row[1] for row in exported_rows(client_as("head"), "/inspections/export.xlsx")[3:]} == {
        "年轻干部工作专项督查",
        "干部档案专项督查",
    }


def test_the_campaigns_file_reads_the_same_queries_for_one_row_or_many(client_as, checklist_campaign):
    checklist_campaign("督查一", "gb1")
    reader = client_as("head")
    exported_rows(reader, "/inspections/export.xlsx")
    with CaptureQueriesContext(connection) as one:
        exported_rows(reader, "/inspections/export.xlsx")
    for topic in ("督查二", "督查三", "督查四"):
        checklist_campaign(topic, "gb1", "gb2")
    with CaptureQueriesContext(connection) as many:
        assert len(exported_rows(reader, "/inspections/export.xlsx")) == 3 + 4
    assert len(many) == len(one)


def test_the_visits_file_has_the_pages_rows_and_not_another_units(client_as, user):
    visit(user, "jcdj-staff", "jcdj", "幸福村党群服务中心", raised=["组织生活形式单一", "阵地老旧"])
    visit(user, "gb2-staff", "gb2", "干部二科档案室")
    rows = exported_rows(client_as("jcdj-staff"), "/inspections/visits/export.xlsx")
    assert rows[0][0] == "一线走访" and rows[2][:3] == ("序号", "走访地点", "走访时间")
    (row,) = rows[3:]
    assert (row[1], row[3], row[5], row[6]) == (
        "幸福村党群服务中心",
        "党建科",
        "村党支部书记",
        "党员反映组织生活形式单一",
    )
    assert row[8] == "1. 组织生活形式单一\n2. 阵地老旧"


def test_the_visits_file_reads_the_same_queries_for_one_row_or_many(client_as, user):
    visit(user, "jcdj-staff", "jcdj", "一村")
    reader = client_as("head")
    exported_rows(reader, "/inspections/visits/export.xlsx")
    with CaptureQueriesContext(connection) as one:
        exported_rows(reader, "/inspections/visits/export.xlsx")
    for place in ("二村", "三村", "四村"):
        visit(user, "gb2-staff", "gb2", place)
    with CaptureQueriesContext(connection) as many:
        assert len(exported_rows(reader, "/inspections/visits/export.xlsx")) == 3 + 4
    assert len(many) == len(one)


def test_the_visits_job_writes_the_streamed_files_rows(client_as, user):
    visit(user, "jcdj-staff", "jcdj", "幸福村党群服务中心")
    visit(user, "gb2-staff", "gb2", "干部二科档案室")
    job = exports.queue_export("inspections-visits", QueryDict(""), actor=user("jcdj-staff"))
    assert job is not None and job.total == 1
    assert jobs.run_export_jobs() == 1
    job.refresh_from_db()
    written = list(load_workbook(job.path).active.iter_rows(min_row=4, values_only=True))
    streamed = exported_rows(client_as("jcdj-staff"), "/inspections/visits/export.xlsx")[3:]
    assert job.status == "done" and written == streamed


def test_the_lists_link_to_their_exports(client_as, demo):
    client = client_as("head")
    assert 'href="/inspections/export.xlsx"' in client.get("/inspections/").content.decode()
    assert 'action="/exports/start/inspections-visits/' in client.get("/inspections/visits/").content.decode()


class TestCampaignsExportAccess(ViewTests):
    path = "/inspections/export.xlsx"


class TestVisitsExportAccess(ViewTests):
    path = "/inspections/visits/export.xlsx"
