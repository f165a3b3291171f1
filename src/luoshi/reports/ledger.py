"""The task ledger (任务台账) as an Excel file, written row by row in constant memory.

XlsxWriter in constant-memory mode writes each row as it comes (about four times openpyxl's write-only
speed): a province's 100,000-row ledger streams in seconds. openpyxl still reads the Excel imports.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from .sheets import write_row, xlsxwriter_workbook

LEDGER_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [("序号", 6), ("任务", 48), ("重点", 6), ("牵头单位", 16), ("配合单位", 20), ("责任人", 10),
           ("分管领导", 10), ("完成时限", 12), ("反馈周期", 12), ("状态", 10), ("灯（含下级）", 8), ("进度", 8),
           ("完成标准", 30), ("来源文件", 24)]
LIGHT_NAMES = {"red": "红", "yellow": "黄", "green": "绿", "none": ""}
STATUS_NAMES = {"draft": "草稿", "assigned": "已交办", "acknowledged": "已签收", "in_progress": "推进中",
                "close_requested": "申请销号", "closed": "已销号", "returned": "已退回", "cancelled": "已撤销"}
FIELDS = ("pk", "title", "is_key", "lead_unit__name", "owner__name", "leader__name", "due_date", "cadence", "status",
          "light", "progress", "finish_standard", "directive__title")
CHUNK = 1 << 16
ROWS_PER_QUERY = 2000


def ledger_rows(queryset: Any, today: dt.date) -> Iterator[list[Any]]:
    """Rows from a filtered, ordered task queryset: plain columns (no model objects), co-units per chunk."""
    from luoshi.tasks.cadence import parse
    from luoshi.tasks.lights import with_lights
    from luoshi.tasks.models import Task

    rows = with_lights(queryset, today).values_list(*FIELDS).iterator(chunk_size=ROWS_PER_QUERY)
    cadences: dict[str, str] = {}
    number = 0
    while chunk := list(islice(rows, ROWS_PER_QUERY)):
        co_units: dict[int, list[str]] = {}
        for task_id, name in (Task.co_units.through.objects.filter(task_id__in=[row[0] for row in chunk])
                              .order_by("task_id", "unit__sort_order").values_list("task_id", "unit__name")):
            co_units.setdefault(task_id, []).append(name)
        for pk, title, key, lead, owner, leader, due, cadence, status, light, progress, standard, source in chunk:
            number += 1
            if cadence not in cadences:
                cadences[cadence] = parse(cadence).label
            yield [number, title, "★" if key else "", lead, "、".join(co_units.get(pk, ())), owner or "",
                   leader or "", due, cadences[cadence], STATUS_NAMES.get(status, status), LIGHT_NAMES.get(light, ""),
                   f"{progress}%", standard, source or ""]


def write_ledger(rows: Iterable[list[Any]], title: str = "任务台账") -> Iterator[bytes]:
    """Write the workbook to a temporary file as the rows arrive, then hand it out in chunks."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.xlsx"
        workbook = xlsxwriter_workbook(str(path), {"constant_memory": True, "tmpdir": folder,
                                                   "default_date_format": "yyyy-mm-dd"})
        sheet = workbook.add_worksheet(title)
        for index, (_, width) in enumerate(COLUMNS):
            sheet.set_column(index, index, width)
        sheet.freeze_panes(1, 0)
        header = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "align": "center"})
        write_row(sheet, 0, [name for name, _ in COLUMNS], header)
        for number, row in enumerate(rows, start=1):
            write_row(sheet, number, row)
        workbook.close()
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
