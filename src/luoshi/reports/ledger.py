"""The task ledger (任务台账) as an Excel file, written row by row in constant memory."""
from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

LEDGER_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [("序号", 6), ("任务", 48), ("重点", 6), ("牵头单位", 16), ("配合单位", 20), ("责任人", 10),
           ("分管领导", 10), ("完成时限", 12), ("反馈周期", 12), ("状态", 10), ("灯", 6), ("进度", 8),
           ("完成标准", 30), ("来源文件", 24)]
LIGHT_NAMES = {"red": "红", "yellow": "黄", "green": "绿", "none": ""}
STATUS_NAMES = {"draft": "草稿", "assigned": "已交办", "acknowledged": "已签收", "in_progress": "推进中",
                "close_requested": "申请销号", "closed": "已销号", "returned": "已退回", "cancelled": "已撤销"}
CHUNK = 1 << 16


def ledger_rows(queryset: Any) -> Iterator[list[Any]]:
    """Rows from a task queryset as filters.annotated_tasks makes it; co-units come in one query per chunk."""
    from luoshi.tasks.cadence import parse

    for number, task in enumerate(queryset.iterator(chunk_size=2000), start=1):
        yield [number, task.title, "★" if task.is_key else "", task.lead_unit.name,
               "、".join(u.name for u in task.co_units.all()), task.owner_name or "",
               task.leader_name or "", task.due_date, parse(task.cadence).label,
               STATUS_NAMES.get(task.status, task.status), LIGHT_NAMES.get(task.light, ""), f"{task.progress}%",
               task.finish_standard, task.directive_title or ""]


def write_ledger(rows: Iterable[list[Any]], title: str = "任务台账") -> Iterator[bytes]:
    """Build the workbook in a temporary file (openpyxl's write-only mode), then hand it out in chunks."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, (_, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for name, _ in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while chunk := handle.read(CHUNK):
            yield chunk
