"""Every workbook luoshi writes keeps text as text.

A task title is typed by a user; a title like ``=HYPERLINK("http://x","y")`` written as a formula runs
in the reader's Excel (formula injection). Both writers guess types from strings by default: XlsxWriter
turns ``=…`` into a formula and ``http://…`` into a link, openpyxl turns ``=…`` into a formula. Writing
through these helpers stores every string as a string cell, whatever it starts with.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import xlsxwriter

from luoshi.core.xmltext import xml_text

# No guessing from strings in any workbook, whichever write method a caller uses.
XLSXWRITER_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
XLSX_EM = 2.1  # a character of 11 pt in the sheet's column units (the width of a "0" of Calibri 11)
XLSX_LINE_PT = 15  # a line of 11 pt text


def ems(text: str) -> float:
    """How wide ``text`` prints in characters of its size: a Chinese character one, a digit or letter
    a little over half, and the quarter the word processor adds where Chinese meets a digit or letter
    (2026年 prints as 2026 年)."""
    wide = [unicodedata.east_asian_width(ch) in "WF" for ch in text]
    meets = sum(a != b for a, b in itertools.pairwise(wide))
    return sum(1.0 if w else 0.6 for w in wide) + 0.25 * meets


def wrapped_height(values: Sequence[Any], widths: Sequence[float]) -> float:
    """The height (pt) of a row whose cells wrap ``values`` in columns of ``widths`` (the sheet's column
    units) at 11 pt: as many lines as its fullest cell needs. Excel and WPS do not measure it on opening,
    and print a row at one line's height unless the file says more."""
    lines = 1
    for value, width in zip(values, widths):
        if not isinstance(value, str):  # a number or a date takes one line
            continue
        per_line = max((width - 1) / XLSX_EM, 1)
        if len(value) * 1.25 <= per_line and "\n" not in value:  # fits however wide its characters
            continue
        lines = max(lines, sum(math.ceil(ems(part) / per_line) or 1 for part in value.split("\n")))
    return lines * XLSX_LINE_PT


def xlsxwriter_workbook(path: str, options: dict[str, Any] | None = None) -> xlsxwriter.Workbook:
    """An XlsxWriter workbook that never turns a string into a formula, link or number."""
    return xlsxwriter.Workbook(path, {**(options or {}), **XLSXWRITER_OPTIONS})


def write_row(
    sheet: Any, row: int, values: Iterable[Any], cell_format: Any = None, date_format: Any = None
) -> None:
    """An XlsxWriter row: strings through ``write_string``, other values by their type; dates in
    ``date_format`` when given (a cell format replaces the workbook's default date format)."""
    for col, value in enumerate(values):
        write_cell(sheet, row, col, value, cell_format, date_format)


def write_cell(
    sheet: Any, row: int, col: int, value: Any, cell_format: Any = None, date_format: Any = None
) -> None:
    """One cell as ``write_row`` writes it."""
    if date_format is not None and isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, date_format)
    elif value == "" or value is None:
        sheet.write_blank(row, col, None, cell_format)
    elif isinstance(value, str):
        sheet.write_string(row, col, value, cell_format)
    else:
        sheet.write(row, col, value, cell_format)


def append_row(ws: Any, values: Iterable[Any]) -> None:
    """An openpyxl row appended with its strings stored as strings (openpyxl reads ``=…`` as a formula),
    without the characters XML forbids (openpyxl raises on them; XlsxWriter escapes them itself)."""
    values = [xml_text(value) if isinstance(value, str) else value for value in values]
    ws.append(values)
    for cell, value in zip(ws[ws.max_row], values):
        if isinstance(value, str):
            cell.data_type = "s"


def table_workbook(
    title: str, columns: list[tuple[str, int]], rows: Iterable[list[Any]], note: str = ""
) -> bytes:
    """A small printable table (a few thousand rows at most) as .xlsx bytes: the title, a note line under
    it, the header repeated on every printed page, A4 landscape one page wide."""
    import io

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, **XLSXWRITER_OPTIONS})
    sheet = book.add_worksheet(title[:31])
    last = len(columns) - 1
    sheet.merge_range(
        0, 0, 0, last, title, book.add_format({"bold": True, "font_size": 16, "align": "center"})
    )
    sheet.merge_range(1, 0, 1, last, note, book.add_format({"font_color": "#555555"}))
    header = book.add_format(
        {"bold": True, "bg_color": "#F2DCDB", "align": "center", "border": 1, "text_wrap": True}
    )
    write_row(sheet, 2, [name for name, _ in columns], header)
    for index, (_, width) in enumerate(columns):
        sheet.set_column(index, index, width)
    cell = book.add_format({"border": 1, "valign": "top", "text_wrap": True})
    for number, row in enumerate(rows, start=3):
        write_row(sheet, number, row, cell)
    sheet.freeze_panes(3, 0)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(2)
    sheet.set_footer("&C第 &P 页，共 &N 页")
    book.close()
    return buffer.getvalue()
