"""The problem ledger printed and exported: the page's filters and rows, only the problems the reader may
see, the header row repeated, filters in words, a constant number of queries."""

import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.org.models import Unit
from tests.testing import ViewTests, world  # noqa: F401  (fixture)


def test_the_printed_ledger_has_the_filtered_rows_in_words_and_no_forms(client_as, confirmed, record):
    confirmed()
    record(description="干部一科党费收缴不及时")
    page = client_as("head").get("/problems/print/", {"status": "recorded"}).content.decode()
    assert "问题清单" in page and "筛选：状态：待确认" in page and "共 1 个" in page
    assert "干部一科党费收缴不及时" in page and "整改中" not in page
    assert "<thead>" in page and "纸张：A4 横向。每页重复表头。" in page
    assert "<nav" not in page and "<form" not in page and 'href="/problems/?status=recorded"' in page


def test_the_printed_ledgers_yes_or_no_filters_read_in_words(client_as, confirmed):
    """只看待我审核销号 and the other checkboxes are said as the ledger's form says them, not as true."""
    confirmed()
    params = {"close_due": "true", "overdue": "false", "recheck_due": "true", "recurring": "true"}
    page = client_as("head").get("/problems/print/", params).content.decode()
    assert "待我审核销号：是" in page and "整改逾期：否" in page and "待回头看：是" in page
    assert "反弹问题：是" in page and "true" not in page.split("筛选：")[1].split("<")[0]


def test_the_printed_ledger_leaves_out_another_units_problems(client_as, record):
    record(description="干部一科党费收缴不及时")
    record(by="head", unit="gb2", description="干部二科档案审核不严")
    page = client_as("gb1-staff").get("/problems/print/").content.decode()
    assert "干部一科党费收缴不及时" in page and "干部二科档案审核不严" not in page


def test_the_printed_ledger_reads_the_same_queries_for_one_row_or_many(client_as, confirmed, record):
    client = client_as("head")
    confirmed()
    client.get("/problems/print/")
    with CaptureQueriesContext(connection) as one:
        client.get("/problems/print/")
    for text in ("干部一科档案审核不严", "干部一科三会一课流于形式", "干部一科发展党员程序倒置"):
        record(description=text)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/problems/print/").content.decode()
    assert page.count('<td class="num">') == 4 and len(many) == len(one)


def test_a_bad_filter_goes_back_to_the_ledger(client_as, demo):
    response = client_as("head").get("/problems/print/", {"status": "lost"})
    assert response.status_code == 302 and response["Location"].startswith("/problems/?status=lost")


def test_the_ledger_links_to_its_print_with_its_filters(client_as, demo):
    page = client_as("head").get("/problems/", {"status": "recorded"}).content.decode()
    assert 'href="/problems/print/?status=recorded"' in page


def exported(client, query: dict | None = None) -> list[tuple]:
    """The workbook's rows from its title down, streamed as the export writes it."""
    response = client.get("/problems/export.xlsx", query or {})
    assert response.streaming and response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


def test_the_export_streams_the_filtered_rows_under_the_shared_heading(client_as, confirmed, record):
    Unit.objects.filter(code="gb1").update(short_name="一科")  # rows name units by their display name
    confirmed()
    record(description="干部一科党费收缴不及时")
    rows = exported(client_as("head"), {"status": "rectifying"})
    assert rows[0][0] == "问题清单" and rows[1][0].startswith("截至 ") and "筛选：状态：整改中" in rows[1][0]
    assert rows[2][:3] == ("编号", "问题", "问题所在单位") and len(rows[2]) == 16
    assert [(row[2], row[9]) for row in rows[3:]] == [("一科", "整改中")]


def test_the_export_leaves_out_another_units_problems(client_as, record):
    record(description="干部一科党费收缴不及时")
    record(by="head", unit="gb2", description="干部二科档案审核不严")
    rows = exported(client_as("gb1-staff"))
    assert [row[1] for row in rows[3:]] == ["干部一科党费收缴不及时"]


def test_the_export_reads_the_same_queries_for_one_row_or_many(client_as, confirmed, record):
    client = client_as("head")
    confirmed()
    exported(client)
    with CaptureQueriesContext(connection) as one:
        exported(client)
    for text in ("干部一科档案审核不严", "干部一科三会一课流于形式", "干部一科发展党员程序倒置"):
        record(description=text)
    with CaptureQueriesContext(connection) as many:
        rows = exported(client)
    assert len(rows) == 3 + 4 and len(many) == len(one)


def test_a_bad_filter_in_the_export_goes_back_to_the_ledger(client_as, demo):
    response = client_as("head").get("/problems/export.xlsx", {"status": "lost"})
    assert response.status_code == 302 and response["Location"].startswith("/problems/?status=lost")


class TestLedgerPrintAccess(ViewTests):
    path = "/problems/print/"
