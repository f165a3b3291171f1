"""对标对表 as an Excel sheet: title, as-of line, one row per task (or per uncovered requirement)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.utils import dateformat
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from .sheets import append_row

COLUMNS = [
    ("序号", 6),
    ("来源文件", 22),
    ("要求", 50),
    ("落实情况", 10),
    ("落实的下级要求", 30),
    ("任务", 32),
    ("牵头单位", 14),
    ("灯", 5),
    ("进度", 7),
    ("完成时限", 11),
]


def write_coverage(rows: Iterable[list[Any]], title: str, as_of: dt.datetime) -> bytes:
    """The rows as given (``directives.coverage.export_rows``), A4 landscape with the header repeated."""
    wb = Workbook()
    ws = wb.active
    ws.title = "对标对表"
    append_row(ws, [title])
    append_row(ws, [f"截至 {dateformat.format(as_of, 'Y年n月j日 H:i')}"])
    append_row(ws, [name for name, _ in COLUMNS])
    ws["A1"].font = Font(bold=True, size=16)
    for index, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(3, index).column_letter].width = width
        ws.cell(3, index).font = Font(bold=True)
        ws.cell(3, index).fill = PatternFill("solid", fgColor="F2DCDB")
    for row in rows:
        append_row(ws, row)  # a typed title or text is never a formula
    for line in ws.iter_rows(min_row=4):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "3:3"
    ws.freeze_panes = "A4"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
