"""Reading one year's arrangement from an Excel sheet: every bad row reported, nothing written on error.

Columns (first row): 日期, 类型 (放假 / 调休上班), 名称. An admin copying the State Council's notice
may list every day of a break, weekend included; those weekend 放假 rows are skipped, not refused.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from luoshi.core.errors import InvalidInput
from luoshi.core.reading import NOT_A_TEMPLATE, open_template_workbook

from .choices import DayKind
from .models import WEEKDAYS

COLUMNS = {"日期": True, "类型": True, "名称": False}
KIND_BY_LABEL = {
    "放假": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "休息": DayKind.HOLIDAY,
    "法定节假日": DayKind.HOLIDAY,
    "调休上班": DayKind.WORKDAY,
    "上班": DayKind.WORKDAY,
    "班": DayKind.WORKDAY,
    "调休": DayKind.WORKDAY,
    DayKind.HOLIDAY: DayKind.HOLIDAY,
    DayKind.WORKDAY: DayKind.WORKDAY,
}
DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
NAME_MAX = 50


@dataclass
class DayRow:
    row: int
    date: dt.date
    kind: str
    name: str


@dataclass
class YearSheet:
    days: list[DayRow] = field(default_factory=list)
    skipped: int = 0  # weekend 放假 rows: off anyway
    errors: list[str] = field(default_factory=list)

    def error(self, row: int, message: str) -> None:
        self.errors.append(f"第{row}行：{message}")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = DATE_TEXT.fullmatch(_text(value))
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            return None
    return None


def parse_year_sheet(upload: Any, year: int) -> YearSheet:
    """Check every row of the uploaded file's first sheet against the year and against the other rows."""
    sheet = YearSheet()
    try:
        ws = open_template_workbook(upload).worksheets[0]
    except InvalidInput as exc:
        sheet.errors.append(exc.message)
        return sheet
    except IndexError:  # a workbook without a worksheet
        sheet.errors.append(NOT_A_TEMPLATE)
        return sheet
    rows = ws.iter_rows(values_only=True)
    header = [_text(c) for c in next(rows, ())]
    missing = [name for name, required in COLUMNS.items() if required and name not in header]
    if missing:
        sheet.errors.append(f"缺少列：{'、'.join(missing)}（第1行应为表头：日期、类型、名称）")
        return sheet
    index = {name: header.index(name) for name in COLUMNS if name in header}
    seen: dict[dt.date, int] = {}
    for number, values in enumerate(rows, start=2):
        cells = {name: values[i] if i < len(values) else None for name, i in index.items()}
        if not any(_text(v) for v in cells.values()):
            continue
        _check_row(sheet, number, cells, year, seen)
    if not sheet.errors and not sheet.days and not sheet.skipped:
        sheet.errors.append("文件中没有数据行（第2行起每行一天）")
    return sheet


def _check_row(
    sheet: YearSheet, number: int, cells: dict[str, object], year: int, seen: dict[dt.date, int]
) -> None:
    problems = []
    raw_date, label, name = cells["日期"], _text(cells["类型"]), _text(cells.get("名称"))
    day = _date(raw_date)
    if not _text(raw_date):
        problems.append("日期为空")
    elif day is None:
        problems.append(f"日期“{_text(raw_date)}”无法识别（应为 {year}-10-01 这样的日期）")
    elif day.year != year:
        problems.append(f"日期{day:%Y-%m-%d}不在{year}年")
    elif day in seen:
        problems.append(f"日期{day:%Y-%m-%d}与第{seen[day]}行重复")
    kind = KIND_BY_LABEL.get(label)
    if kind is None:
        problems.append(
            f"类型“{label}”无法识别（应为：放假、调休上班）" if label else "类型为空（应为：放假、调休上班）"
        )
    if len(name) > NAME_MAX:
        problems.append(f"名称超过{NAME_MAX}个字")
    if day is not None and day.year == year and day not in seen:
        seen[day] = number
    if problems or day is None or kind is None:  # a row without a day or a kind has a problem said
        for problem in problems:
            sheet.error(number, problem)
    elif kind == DayKind.WORKDAY and day.weekday() < 5:
        sheet.error(number, f"{day:%Y-%m-%d}是星期{WEEKDAYS[day.weekday()]}，本来就上班，不能标记为调休上班")
    elif kind == DayKind.HOLIDAY and day.weekday() >= 5:
        sheet.skipped += 1
    else:
        sheet.days.append(DayRow(number, day, kind, name))


def template_workbook(year: int) -> bytes:
    """The form an admin downloads: the header and a few example rows of the year."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年放假安排"
    ws.append(list(COLUMNS))
    ws.append([dt.date(year, 1, 1), "放假", "元旦"])
    ws.append([dt.date(year, 10, 1), "放假", "国庆节"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in ws.iter_rows(min_row=2, max_row=3, max_col=1):
        row[0].number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 16
    notes = wb.create_sheet("填写说明")
    for line in (
        "只读取第一个工作表；第1行为表头：日期、类型、名称。",
        "每行一天。类型填“放假”（周一至周五放假）或“调休上班”（周六、周日上班）。",
        "日期可以是Excel日期，或 2027-10-01、2027/10/1、2027年10月1日 这样的文字。",
        "周六、周日的“放假”行会被略过（本来就休息），不必删除。",
        "导入会替换该年已有的全部放假和调休安排；任何一行有错，整个文件都不导入。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 80
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
