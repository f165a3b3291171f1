"""The directives list as an Excel file: the list's rows and counts (the same for every reader), a constant
number of queries."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from luoshi.directives.list_export import COLUMNS
from luoshi.directives.models import Directive
from luoshi.reports.ledger import FIRST_DATA_ROW, HEADER_ROW
from tests.testing import ViewTests, world  # noqa: F401  (fixture)

from .test_views import decide, enter


def exported(client):
    response = client.get("/directives/export.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=FIRST_DATA_ROW + 1, values_only=True)]


def test_the_file_has_the_lists_rows_and_counts_every_task_for_every_reader(client_as, demo):
    client = client_as("bgs-staff")
    enter(
        client,
        text="一、各科室要在年底前完成自查。二、干部一科要开展年轻干部调研。三、干部二科要完善考核办法。",
    )
    enter(client, text="各科室要在6月底前完成自查。", title="工作方案")
    directive = Directive.objects.get(title="部长讲话")
    first, second, _ = directive.requirements.order_by("start")
    decide(
        client,
        directive,
        [first, second],
        "accept",
        **{f"lead-{first.pk}": demo["bgs"], f"lead-{second.pk}": demo["gb1"]},
    )
    sheet = exported(client_as("head"))
    assert sheet["A1"].value == "讲话文件" and "全部讲话文件" in sheet["A2"].value
    assert [c.value for c in sheet[HEADER_ROW + 1]] == [name for name, _ in COLUMNS]
    by_title = {row[1]: row for row in rows(sheet)}
    assert set(by_title) == {"部长讲话", "工作方案"}
    assert by_title["部长讲话"][2:5] == ["讲话", "本部门", "部长"] and by_title["部长讲话"][6:] == [1, 2]
    other = {row[1]: row for row in rows(exported(client_as("gb2-staff")))}
    assert other["部长讲话"][7] == 2  # neither task is 干部二科's to open; both were made from it


def test_the_file_reads_the_same_queries_for_one_directive_or_many(client_as, demo):
    client = client_as("bgs-staff")
    enter(client, text="各科室要在6月底前完成自查。")
    reader = client_as("head")
    exported(reader)
    with CaptureQueriesContext(connection) as one:
        exported(reader)
    for title in ("通知一", "通知二", "通知三"):
        enter(client, text="各科室要在6月底前完成自查。", title=title)
    with CaptureQueriesContext(connection) as many:
        assert len(rows(exported(reader))) == 4
    assert len(many) == len(one)


def test_the_list_links_to_its_export(client_as, demo):
    assert 'href="/directives/export.xlsx"' in client_as("head").get("/directives/").content.decode()


class TestListExportAccess(ViewTests):
    path = "/directives/export.xlsx"
