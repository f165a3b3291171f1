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


def test_a_wrapped_row_is_as_tall_as_its_lines_so_it_prints_whole():
    """Excel and WPS keep a row at one line's height unless the file says otherwise: printed, a wrapped
    最新进展 would be cut."""
    short = [1, "制定方案", "", "干部一科", "", "", "", dt.date(2026, 3, 1), "", "", "", "0%", "", "", ""]
    long = [2, "制定方案并组织实施" * 6, *short[2:12], "已走访5个单位，形成调研报告初稿" * 10, "", ""]
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(write_ledger([short, long])))).active
    # A row of one line keeps the default height, which the file leaves unsaid.
    one, tall = ws.row_dimensions[ROW].height or 15, ws.row_dimensions[ROW + 1].height
    assert one == 15 and tall >= 5 * one
