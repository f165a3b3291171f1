"""The 任务分解表 a staff member hands in: rows from an Extraction, written as xlsx or docx bytes."""

from __future__ import annotations

import io
import re
from typing import Any

from luoshi.core.cadence import label_of

from .sheets import append_row, ems, wrapped_height

COLUMNS = ["序号", "任务内容", "牵头单位", "配合单位", "责任人", "完成时限", "备注"]
# Printed widths: A4 landscape holds 243 mm between the official margins; 任务内容 takes the most.
WIDTHS_MM = [10, 100, 25, 25, 15, 28, 40]
XLSX_WIDTHS = [5, 58, 14, 14, 8, 16, 22]  # in characters, the same proportions
# Short values read at a glance (每季度末, 2026年12月31日前, a name): the docx column holds the longest
# on one line — a date read stands above its phrase — and 任务内容 gives up the width, up to a limit.
FITTED = {"序号": 16.0, "责任人": 22.0, "完成时限": 60.0}  # column -> the widest it grows, mm
PHRASE = re.compile(r"(?=（)")  # where a date read and the phrase it was read from part
CELL_PADDING_MM = 3.8 + 1  # Table Grid's cell margins (1.9 mm a side) and a little slack
EM_MM = 12 * 25.4 / 72  # a character of the table's 小四
_LINT = {"no_owner": "未明确责任单位", "no_deadline": "未明确完成时限", "vague": "表述笼统、缺少可衡量结果"}
_LINT_SHORT = {
    "no_owner": "缺责任单位",
    "no_deadline": "缺时限",
    "vague": "表述笼统",
}  # 备注 is a narrow column


def rows_from_extraction(result: Any) -> list[dict[str, Any]]:
    """One row per item: owners split by role, the deadline as written and resolved, source in 备注."""
    rows = []
    for n, item in enumerate(result.items, 1):
        lead = [o.unit_name or o.mention for o in item.owners if o.role == "lead"]
        co = [o.unit_name or o.mention for o in item.owners if o.role == "co"]
        person = [o.mention for o in item.owners if o.role == "owner"]
        due = ""
        if item.deadline:
            due = (
                item.deadline.phrase
                if item.deadline.placeholder or not item.deadline.date
                else f"{item.deadline.date.isoformat()}（{item.deadline.phrase}）"
            )
        elif item.start_date:
            due = f"{item.start_date.phrase}"
        elif item.cadence and item.cadence != "none":
            due = label_of(item.cadence)
        problems = "；".join(_LINT[x] for x in item.lint)
        remarks = [f"出处：{'/'.join(item.outline_path) or '正文'}"] + [_LINT_SHORT[x] for x in item.lint]
        rows.append(
            {
                "序号": n,
                "任务内容": item.text,
                "牵头单位": "、".join(lead),
                "配合单位": "、".join(co),
                "责任人": "、".join(person),
                "完成时限": due,
                "备注": "；".join(remarks),
                "问题": problems,
            }
        )
    return rows


def docx_widths(rows: list[dict[str, Any]]) -> list[float]:
    """The printed widths (mm) of the columns for these rows: ``FITTED`` columns hold their longest
    line (header included) on one line; 任务内容 keeps what is left."""
    widths: dict[str, float] = dict(zip(COLUMNS, WIDTHS_MM))
    for column, widest in FITTED.items():
        pieces = [column] + [p for r in rows for p in _docx_cell(r, column).split("\n")]
        need = max(ems(p) for p in pieces) * EM_MM + CELL_PADDING_MM
        widths[column] = min(max(widths[column], need), widest)
    widths["任务内容"] -= sum(widths.values()) - sum(WIDTHS_MM)
    return [round(widths[c], 1) for c in COLUMNS]


def _docx_cell(row: dict[str, Any], column: str) -> str:
    """A cell's text in the docx: a 完成时限 read as a date puts its phrase on a line of its own."""
    text = str(row.get(column, ""))
    return PHRASE.sub("\n", text) if column == "完成时限" else text


def _rows(result_or_rows: Any) -> list[dict[str, Any]]:
    return result_or_rows if isinstance(result_or_rows, list) else rows_from_extraction(result_or_rows)


def write_xlsx(result_or_rows: Any, title: str = "任务分解表") -> bytes:
    """An xlsx with a merged title row, the seven columns, wrapped text and frozen header."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    rows = _rows(result_or_rows)
    wb = Workbook()
    ws = wb.active
    ws.title = "任务分解表"
    append_row(ws, [title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws["A1"].font = Font(name="方正小标宋简体", size=18)
    ws["A1"].alignment = Alignment(horizontal="center")
    append_row(ws, COLUMNS)
    thin = Side(style="thin")
    for r in rows:
        values = [r.get(c, "") for c in COLUMNS]
        append_row(ws, values)
        ws.row_dimensions[ws.max_row].height = wrapped_height(values, XLSX_WIDTHS)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.font = Font(name="仿宋_GB2312", size=11, bold=cell.row == 2)
    for col, width in zip("ABCDEFG", XLSX_WIDTHS):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A3"
    _print_setup(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _print_setup(ws: Any) -> None:
    """Printed as handed in: A4 landscape, every column on the page (fit to width, as many pages
    down as needed), the header row on every page, centred."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.7


def write_docx(result_or_rows: Any, title: str = "任务分解表") -> bytes:
    """A landscape docx in the official layout (see ``official``) holding the task table."""
    from . import official

    rows = _rows(result_or_rows)
    doc = official.new_document(landscape=True)
    official.add_title(doc, title)
    official.add_table(
        doc, COLUMNS, [[_docx_cell(r, c) for c in COLUMNS] for r in rows], widths_mm=docx_widths(rows)
    )
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
