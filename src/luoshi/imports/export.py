"""An imported ledger written back in the layout it came in: the file's own shape (sheet_layout: the
title and 填报 lines above the header, the header's merges, widths, styles and print setup), its columns
in their order under their own header names, one row per source row, each cell what the task now says
(its title, units, people, deadline and latest report as 进展情况); columns not imported, 序号 and 备注
keep the file's text; a 填报日期 line says today.

The rows are the file's, read and planned again as at the import (the uploader's keys), so rows that
an earlier import had made into tasks come out too, in their place.

A ledger of more rows than a list written in the request (exports.services.INLINE_ROWS) is written as
an export job (``LAYOUT_EXPORT``), as its uploader, with the same writers: the page shows its progress.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from django.http import QueryDict, StreamingHttpResponse
from django.utils import timezone

from luoshi.accounts.audit import record_export
from luoshi.core.chunks import slices
from luoshi.core.errors import Conflict, NotFound
from luoshi.core.guards import require
from luoshi.core.jobs import counted
from luoshi.core.reading import open_table
from luoshi.exports.registry import ExportKind, Prepared, Progress, save
from luoshi.reports.ledger import LEDGER_CONTENT_TYPE
from luoshi.tasks.models import Task
from luoshi.tasks.queries import latest_reports

from .choices import BatchStatus
from .models import ImportBatch
from .plan import Row, outline_level
from .services import CHUNK, imported_tasks, planned_rows
from .sheet_layout import Line, Shape, filed_today, plain_shape, read_shape, write_shape
from .word_layout import layout_document

CONTENT_TYPES = {
    "xlsx": LEDGER_CONTENT_TYPE,
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
HEADINGS = 50  # headings looked through for the first ordinary row
WIDTHS = {"seq": 7, "title": 40, "lead_unit": 16, "co_units": 18, "due": 13, "progress": 44, "remarks": 20}


def check_exportable(batch: ImportBatch, actor: Any) -> None:
    """Only an imported ledger has tasks to write back; else a Chinese Conflict."""
    require(actor, "imports.add_batch", message="您没有导入任务的权限")
    if batch.status != BatchStatus.COMMITTED:
        raise Conflict("这份台账还没有导入，导入后才能按原表格式导出", "not_committed")


def kind(batch: ImportBatch) -> str:
    """What the export is: a Word document for a Word 任务分解表, else a workbook."""
    return "docx" if batch.suffix == ".docx" else "xlsx"


def file_name(batch: ImportBatch) -> str:
    return f"{PurePath(batch.file_name).stem}（当前情况）.{kind(batch)}"


def download(batch: ImportBatch, actor: Any, request: Any) -> StreamingHttpResponse:
    """The page's and the API's answer: the file streamed as an attachment, the export audited."""
    body = layout_file(batch, actor)
    response = StreamingHttpResponse(body, content_type=CONTENT_TYPES[kind(batch)])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name(batch))}"
    record_export(request, batch.file_name, fmt=kind(batch), actor=actor, **{"import": batch.pk})
    return response


def layout_file(batch: ImportBatch, actor: Any, progress: Progress | None = None) -> Iterator[bytes]:
    """The file in the batch's layout, streamed (``progress`` hears the rows written); ``check_exportable``
    first, so a refusal is not a file."""
    check_exportable(batch, actor)
    write = _document if kind(batch) == "docx" else _workbook
    return write(batch, actor, progress)


def prepare_layout(actor: Any, params: QueryDict) -> Prepared:
    """The export job of the ledger ``pk`` names: only a ledger its uploader sees (imports.visibility),
    refused as the page refuses it; its rows as many as the import read."""
    pk = params.get("pk", "")
    named = pk.isascii() and pk.isdigit() and len(pk) <= 18  # else no ledger's: never a database error
    batch = ImportBatch.objects.restrict(actor, "view").filter(pk=int(pk)).first() if named else None
    if batch is None:
        raise NotFound("导入记录不存在或您无权访问")
    check_exportable(batch, actor)

    def write(path: Path, progress: Progress) -> None:
        save(path, layout_file(batch, actor, progress))

    return Prepared(
        total=batch.counts.get("rows") or batch.rows_hint or 0,
        note=f"《{batch.file_name}》按原表格式，内容为各行任务的当前情况",
        write=write,
        title=PurePath(file_name(batch)).stem,
        suffix=kind(batch),
    )


LAYOUT_EXPORT = ExportKind(
    key="imports-layout",
    title="导入的台账（原表格式）",
    permission="imports.add_batch",
    page="imports:detail",
    direct="imports:export",
    prepare=prepare_layout,
    path_params=("pk",),
    page_title="导入结果",
)


def _start(batch: ImportBatch, actor: Any, progress: Progress | None) -> tuple[int, int, Iterator[Line]]:
    """Where the body starts (it decides how many of the file's rows are its top), its first ordinary
    row under the headings (whose look the body takes), and every row (``progress`` hears how many
    were taken)."""
    lines = _lines(counted(layout_rows(batch, actor), progress))
    head: list[Line] = []
    for line in lines:
        head.append(line)
        if not line.heading or len(head) >= HEADINGS:
            break
    first = head[0].number if head else batch.header_row + 1
    item = next((line.number for line in head if not line.heading), first)
    return first, item, itertools.chain(head, lines)


def _lines(rows: Iterator[tuple[Row, list[Any]]]) -> Iterator[Line]:
    """Each row as the writers take it: a heading is a row merged across or one the next row is under."""
    previous: tuple[Row, list[Any]] | None = None
    for row, cells in rows:
        if previous is not None:
            yield _line(*previous, heading=row.parent is previous[0])
        previous = row, cells
    if previous is not None:
        yield _line(*previous, heading=False)


def _line(row: Row, cells: list[Any], heading: bool) -> Line:
    return Line(row.merged, cells, row.number, heading or row.merged)


def _workbook(batch: ImportBatch, actor: Any, progress: Progress | None) -> Iterator[bytes]:
    first_body, item_row, lines = _start(batch, actor, progress)
    shape = _shape(batch, first_body, item_row)
    filed_today(shape.top, timezone.localdate())
    yield from write_shape(shape, lines)


def _document(batch: ImportBatch, actor: Any, progress: Progress | None) -> Iterator[bytes]:
    first_body, _, lines = _start(batch, actor, progress)
    data = bytes(batch.content)
    yield layout_document(
        data, batch.sheet, first_body, ((line.merged, line.cells) for line in lines), timezone.localdate()
    )


def _shape(batch: ImportBatch, first_body: int, item_row: int) -> Shape:
    """The stored file's shape; a file that keeps none (a .csv) gets the header's rows and field widths."""
    if batch.suffix == ".xlsx":
        shape = read_shape(bytes(batch.content), batch.sheet, first_body, batch.header_row, item_row)
        if not any(shape.widths):  # a file that sets no widths prints better in the fields' own
            shape.widths = _widths(batch)
        return shape
    table = open_table(bytes(batch.content), batch.suffix)
    try:
        top = list(itertools.islice(table.sheet(batch.sheet).rows(), first_body - 1))
    finally:
        table.close()
    return plain_shape(batch.sheet, top, _widths(batch))


def _widths(batch: ImportBatch) -> list[float | None]:
    return [WIDTHS.get(batch.mapping.get(str(i), ""), 12) for i in range(len(batch.columns))]


def layout_rows(batch: ImportBatch, actor: Any) -> Iterator[tuple[Row, list[Any]]]:
    """Each source row and its cells in the batch's columns, with the current values of the task it
    became."""
    width = len(batch.columns)
    visible = Task.objects.restrict(actor, "view")
    with planned_rows(batch, batch.uploaded_by, None) as planned:
        for chunk in slices(planned, CHUNK):
            by_key = imported_tasks([row.key for row in chunk], batch.uploaded_by)
            ids = [pk for pk in by_key.values() if pk]
            tasks = {
                t.pk: t
                for t in visible.filter(pk__in=ids)
                .select_related("lead_unit", "owner", "leader")
                .prefetch_related("co_units")
            }
            reports = latest_reports(list(tasks))
            for row in chunk:
                task = tasks.get(by_key.get(row.key) or 0)
                cells = _cells(row, batch.mapping, width, task, reports.get(task.pk, "") if task else "")
                yield row, cells


def _cells(row: Row, mapping: dict[str, str], width: int, task: Task | None, report: str) -> list[Any]:
    out: list[Any] = []
    co_mapped = "co_units" in mapping.values()
    co = [unit.name for unit in task.co_units.all()] if task else []
    for index in range(width):
        field = mapping.get(str(index))
        original = row.values[index] if index < len(row.values) else ""
        if row.merged and field not in ("title", "seq"):
            out.append("")  # a heading merged across the row: its text once (the writers merge it again)
        else:
            out.append(
                _value(field, original, row, task, report, co if not co_mapped else None)
                if field
                else original
            )
    return out


def _value(field: str, original: Any, row: Row, task: Task | None, report: str, co: list[str] | None) -> Any:
    """A mapped cell's current value; ``co`` the co-units to name after the lead unit, None when a
    配合单位 column of their own is mapped."""
    if task is None or field in ("seq", "remarks"):
        return row.cells.get(field, original)
    if field == "title":
        text = str(row.cells.get("title", "")).strip()
        _, stripped = outline_level(text)
        return text[: len(text) - len(stripped)] + task.title if stripped else task.title
    if field == "lead_unit":
        return "、".join([task.lead_unit.name, *(co or [])])
    if field == "co_units":
        return "、".join([*(unit.name for unit in task.co_units.all()), *row.co_text])
    if field == "owner":  # a name that was no staff of the unit stays as written
        return task.owner.name if task.owner else row.cells.get("owner", original)
    if field == "leader":
        return task.leader.name if task.leader else ""
    if field == "due":
        return task.due_date or row.cells.get("due", original)
    if field == "progress":
        return report or row.cells.get("progress", original)
    return original
