"""The ledger and a task as a 台账: the print pages (same filters as the ledger, lights in words, the header
repeated on each page, no navigation or forms) and the Excel file (title, as-of time, 最新进展,
print setup)."""

import io

import pytest
from django.utils import dateformat, timezone
from openpyxl import load_workbook

from luoshi.org.models import Unit
from luoshi.reports.ledger import COLUMNS, FIRST_DATA_ROW
from luoshi.tasks import services
from tests.conftest import ROLE_ACCOUNTS
from tests.factories import task_of
from tests.testing import ViewTests, world  # noqa: F401  (fixture)

BUSINESS = {"staff", "section_head", "deputy", "head", "inspector"}
HEADER = FIRST_DATA_ROW  # openpyxl counts from 1: the header is the row before the first data row


def exported(client, params=None):
    response = client.get("/tasks/export.xlsx", params or {})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


@pytest.mark.parametrize("path", ["/tasks/print/", "/tasks/export.xlsx"])
@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_the_ledger_prints_and_exports_for_those_who_read_it(client_as, demo, path, role):
    response = client_as(ROLE_ACCOUNTS[role]).get(path)
    assert response.status_code == (200 if role in BUSINESS else 403), (path, role)


def test_export_has_the_same_filters_as_the_page(client_as, make_task):
    make_task(title="甲任务", is_key=True)
    make_task(title="乙任务")
    sheet = exported(client_as("head"), {"is_key": "true"})
    titles = [row[1] for row in sheet.iter_rows(min_row=FIRST_DATA_ROW + 1, values_only=True)]
    assert titles == ["甲任务"]


def test_export_rows_carry_names_dates_lights_and_the_latest_report(client_as, make_task, user):
    task = make_task(acknowledge=True, title="导出检查", co_units=[Unit.objects.get(code="gb2")])
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="已召开座谈会3场", percent=40)
    sheet = exported(client_as("head"))
    header = [c.value for c in sheet[HEADER]]
    row = [c.value for c in sheet[FIRST_DATA_ROW + 1]]
    assert header == [name for name, _ in COLUMNS]
    assert row[1:5] == ["导出检查", None, "干部一科", "干部二科"] and row[6] == "刘振华"
    assert row[7].date() == task.due_date and sheet.cell(FIRST_DATA_ROW + 1, 8).number_format == "yyyy-mm-dd"
    assert row[9:12] == ["推进中", "绿", "40%"]
    latest = row[header.index("最新进展")]
    assert latest.endswith("：已召开座谈会3场") and latest[:4].isdigit()
    assert sheet.cell(FIRST_DATA_ROW + 1, 2).alignment.wrap_text


def test_export_is_titled_dated_and_set_up_to_print(client_as, make_task):
    make_task(title="甲任务", is_key=True)
    sheet = exported(client_as("head"), {"is_key": "true"})
    assert sheet["A1"].value == "任务台账"
    assert sheet["A2"].value.startswith("截至 ") and "只含重点任务" in sheet["A2"].value
    # the date as the print page writes it: no zero before a one-digit month or day
    assert sheet["A2"].value.split()[1] == dateformat.format(timezone.localtime(), "Y年n月j日")
    assert sheet.freeze_panes == f"A{FIRST_DATA_ROW + 1}"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    # one page wide (1 is the default width, so the file may leave it out), as many pages long as it takes
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and (sheet.page_setup.fitToWidth or 1) == 1
    assert int(sheet.page_setup.fitToHeight) == 0
    assert sheet.print_title_rows == f"${HEADER}:${HEADER}"


def test_an_export_with_a_filter_that_makes_no_sense_goes_back_to_the_ledger_with_the_reason(
    client_as, make_task
):
    client = client_as("gb1-head")
    response = client.get("/tasks/export.xlsx?lead_unit=12345678901234567890")
    assert response.status_code == 302 and response["Location"].startswith(
        "/tasks/?lead_unit=12345678901234567890"
    )
    assert "筛选条件有误" in client.get(response["Location"]).content.decode()


def test_the_printed_ledger_has_the_ledgers_rows_and_no_navigation_or_filters(client_as, make_task, user):
    make_task(title="甲任务", is_key=True, acknowledge=True)
    make_task(title="乙任务")
    page = client_as("head").get("/tasks/print/", {"is_key": "true"}).content.decode()
    assert "甲任务" in page and "乙任务" not in page
    assert "<h1>任务台账</h1>" in page and "截至 " in page and "只含重点任务" in page
    assert "<thead>" in page and "最新进展" in page and 'class="c light light-绿">绿<' in page
    assert "<nav" not in page and "<form" not in page and "<select" not in page


def test_the_printed_ledger_names_the_directive_it_was_filtered_by(client_as, make_task, speech):
    make_task(title="甲任务", directive=speech)
    page = client_as("head").get("/tasks/print/", {"directive": speech.pk}).content.decode()
    assert "筛选：来源：部长在务虚会上的讲话" in page and "甲任务" in page


def test_a_printed_ledger_cut_at_its_limit_says_so(client_as, make_task, monkeypatch):
    from luoshi.core import printing

    monkeypatch.setattr(printing, "PRINTED_ROWS", 1)
    make_task(title="甲任务")
    make_task(title="乙任务")
    page = client_as("head").get("/tasks/print/").content.decode()
    assert "只列出前 1 项" in page and page.count('<td class="num">') == 1


def test_the_ledger_links_to_its_print_with_its_filters(client_as, demo):
    page = client_as("head").get("/tasks/", {"is_key": "true"}).content.decode()
    assert 'href="/tasks/print/?is_key=true"' in page


@pytest.mark.parametrize(
    "username, status",
    [
        ("gb1-staff", 200),
        ("deputy1", 200),
        ("head", 200),
        ("inspector", 200),
        ("gb2-head", 404),
        ("admin", 404),
        (None, 302),
    ],
)
def test_a_task_prints_for_those_who_see_it(client_as, make_task, username, status):
    task = make_task(assign=True)
    assert client_as(username).get(f"/tasks/{task.pk}/print/").status_code == status


def test_a_printed_task_has_its_facts_reports_and_trail_and_no_forms(client_as, make_task, user):
    task = make_task(
        acknowledge=True,
        title="打印检查",
        finish_standard="形成调研报告",
        co_units=[Unit.objects.get(code="gb2")],
    )
    services.submit_feedback(
        task,
        actor=user("gb1-staff"),
        progress_text="已走访三个县",
        percent=40,
        difficulties="时间紧",
        next_steps="形成初稿",
    )
    page = client_as("deputy1").get(f"/tasks/{task.pk}/print/").content.decode()
    assert "<h1>打印检查</h1>" in page and "截至 " in page
    assert "干部一科" in page and "干部二科" in page and "形成调研报告" in page and ">绿<" in page
    reports = page[page.index("复命情况") : page.index("办理记录")]
    assert "已走访三个县" in reports and "时间紧" in reports and "形成初稿" in reports and "40%" in reports
    trail = page[page.index("办理记录") :]
    assert trail.index("创建") < trail.index("交办") < trail.index("签收"), "oldest first, as a record reads"
    assert "<form" not in page and "<nav" not in page and "<textarea" not in page


def test_the_task_page_links_to_its_print(client_as, make_task):
    task = make_task(assign=True)
    assert (
        f'href="/tasks/{task.pk}/print/"' in client_as("gb1-head").get(f"/tasks/{task.pk}/").content.decode()
    )


class TestLedgerPrintAccess(ViewTests):
    path = "/tasks/print/"


class TestTaskPrintAccess(ViewTests):
    path = "/tasks/{pk}/print/"
    refused_status = 404

    def make(self, unit):
        return task_of(unit)
