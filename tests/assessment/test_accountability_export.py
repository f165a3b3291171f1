"""逾期问责台账 as an Excel file: the page's status tab, only the matters the reader may see, a constant
number of queries."""

import io

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from luoshi.assessment import services
from luoshi.reports.ledger import FIRST_DATA_ROW
from tests.testing import ViewTests, world  # noqa: F401  (fixture)

from .conftest import overdue


def rows(person, query=""):
    made = Client()
    made.force_login(person.user)
    response = made.get(f"/assessment/accountability/export.xlsx{query}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [list(row) for row in sheet.iter_rows(min_row=FIRST_DATA_ROW + 1, values_only=True)]


def test_the_file_has_the_tabs_rows_and_only_the_readers_matters(org, matter):
    [row] = rows(org.deputy)
    assert row[1:4] == ["逾期的调研", "任务", "干部一科"] and row[5] == 5 and row[6] == "待说明原因"
    assert rows(org.deputy, "?status=decided") == []
    assert rows(org.heads["b"]) == []


def test_the_file_reads_the_same_queries_for_one_matter_or_many(org, matter):
    reader = Client()
    reader.force_login(org.deputy.user)
    reader.get("/assessment/accountability/export.xlsx")
    with CaptureQueriesContext(connection) as one:
        b"".join(reader.get("/assessment/accountability/export.xlsx").streaming_content)
    for title in ("逾期的走访", "逾期的座谈"):
        overdue(org.sections["a"], title=title)
    services.open_matters(timezone.localdate())
    with CaptureQueriesContext(connection) as many:
        b"".join(reader.get("/assessment/accountability/export.xlsx").streaming_content)
    assert len(rows(org.deputy)) == 3 and len(many) == len(one)


def test_the_ledger_links_to_its_export_with_its_tab(org, matter):
    reader = Client()
    reader.force_login(org.deputy.user)
    page = reader.get("/assessment/accountability/?status=decided").content.decode()
    assert 'href="/assessment/accountability/export.xlsx?status=decided"' in page


class TestExportAccess(ViewTests):
    path = "/assessment/accountability/export.xlsx"
