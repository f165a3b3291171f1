import datetime as dt
import io

import openpyxl
import pytest
from openpyxl.utils.escape import unescape

from luoshi.reports.ledger import COLUMNS, FIRST_DATA_ROW, write_ledger

ROW = FIRST_DATA_ROW + 1  # the first data row as openpyxl counts (from 1)

CRAFTED = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1", "http://example.com/a"]


@pytest.mark.parametrize("text", CRAFTED)
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    row = [
        1,
        text,
        "",
        "干部一科",
        text,
        text,
        "",
        dt.date(2026, 3, 1),
        "每月",
        "推进中",
        "红",
        "50%",
        text,
        text,
        "",
    ]
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(write_ledger([row])))).active
    for column in ("B", "E", "F", "M", "N"):
        cell = ws[f"{column}{ROW}"]
        # XlsxWriter stores a carriage return as Excel's escape _x000D_, which Excel reads back as one
        assert cell.data_type == "s" and unescape(cell.value) == text
    assert ws[f"B{ROW}"].hyperlink is None


def test_numbers_and_dates_keep_their_types():
    row = [7, "制定方案", "★", "干部一科", "", "", "", dt.date(2026, 3, 1), "", "", "", "0%", "", "", ""]
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(write_ledger([row])))).active
    assert [c.value for c in ws[ROW - 1]] == [name for name, _ in COLUMNS]
    assert ws[f"A{ROW}"].value == 7 and ws[f"A{ROW}"].data_type == "n"
    assert ws[f"H{ROW}"].value == dt.datetime(2026, 3, 1) and ws[f"H{ROW}"].is_date
