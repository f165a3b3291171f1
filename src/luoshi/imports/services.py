"""Importing a ledger: upload (checked, header and mapping guessed), adjust (mapping, units named by
hand), preview (every row's problems), commit (every task through tasks.services.create_task, all or
none; rows imported before are skipped)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from luoshi.core.chunks import BULK_BATCH
from luoshi.core.errors import Conflict, InvalidInput, NotFound
from luoshi.core.guards import require
from luoshi.core.uploads import sha256_of
from luoshi.org.models import Unit
from luoshi.org.scopes import person_of
from luoshi.tasks import cadence as cadence_mod
from luoshi.tasks.models import Task
from luoshi.tasks.services import NewTask, TasksRefused, create_tasks
from luoshi.workdays.calendar import get_calendar

from .choices import FIELDS, BatchStatus
from .mapping import HEADER_SCAN, MIN_FIELDS, best_header, check_mapping, propose_mapping
from .models import ImportBatch, ImportedRow
from .plan import ERROR, Row, plan, read_rows
from .reading import Sheet, Table, check_upload, column_letter, open_table
from .resolve import Resolver

PREVIEW_ROWS = 200
MAX_ROWS = 200_000
KEY_CHUNK = 500


class ImportRefused(InvalidInput):
    """Rows that cannot become tasks: ``refused`` holds (row number, reasons); nothing was written."""

    def __init__(self, refused: list[tuple[int, list[str]]]):
        lines = "；".join(f"第{n}行：{'，'.join(reasons)}" for n, reasons in refused[:10])
        more = f"等{len(refused)}行" if len(refused) > 10 else ""
        super().__init__(
            f"有{len(refused)}行不能导入，整份台账均未导入，请修改后重试。{lines}{more}",
            "rows_refused",
            errors={"refused": [{"row": n, "reasons": reasons} for n, reasons in refused]},
        )
        self.refused = refused


def _head(sheet: Sheet) -> list[list[Any]]:
    rows = []
    for row in sheet.rows():
        rows.append(row)
        if len(rows) >= HEADER_SCAN:
            break
    return rows


def _columns(header: list[Any]) -> list[str]:
    names = [str(cell) if cell != "" else "" for cell in header]
    while names and not names[-1]:
        names.pop()
    return names


@transaction.atomic
def upload_ledger(*, actor: Any, upload: Any) -> ImportBatch:
    """Check and keep the file, find its sheet and header row, propose the mapping. Nothing is imported."""
    require(actor, "imports.add_batch", message="您没有导入任务的权限")
    suffix = check_upload(upload)
    upload.seek(0)
    data = upload.read()
    table = open_table(data, suffix)
    try:
        scored = [(best_header(_head(sheet)), index, sheet) for index, sheet in enumerate(table.sheets)]
        (header_index, fields), _, sheet = max(scored, key=lambda s: (s[0][1], -s[1]))
        header = _head(sheet)[header_index] if fields >= MIN_FIELDS else []
    finally:
        table.close()
    if fields < MIN_FIELDS:
        raise InvalidInput(
            "没有找到表头行：各工作表前30行中没有一行写有“序号”“任务内容”“牵头单位”“完成时限”等列名。"
            "请在表头写上这些列名后重新上传",
            "no_header",
        )
    columns = _columns(header)
    return ImportBatch.objects.create(
        file_name=upload.name[:255],
        file_hash=sha256_of(upload),
        content=data,
        uploaded_by=actor,
        sheet=sheet.name,
        sheets=[s.name for s in table.sheets],
        header_row=header_index + 1,
        columns=columns,
        mapping=propose_mapping(columns),
    )


def _lock(batch: ImportBatch | int, actor: Any) -> ImportBatch:
    pk = batch.pk if isinstance(batch, ImportBatch) else batch
    locked = ImportBatch.objects.restrict(actor, "view").select_for_update().filter(pk=pk).first()
    if locked is None:
        raise NotFound("导入记录不存在或您无权访问")
    if locked.status != BatchStatus.PREVIEW:
        raise Conflict("这份台账已经导入，不能再修改或重复导入；如需再次导入请重新上传", "already_committed")
    return locked


@transaction.atomic
def update_batch(
    batch: ImportBatch | int,
    *,
    actor: Any,
    mapping: dict[str, Any] | None = None,
    unit_overrides: dict[str, Any] | None = None,
) -> ImportBatch:
    """Change the column mapping (replaced whole) and name units by hand (merged; null removes one)."""
    require(actor, "imports.add_batch", message="您没有导入任务的权限")
    batch = _lock(batch, actor)
    if mapping is not None:
        batch.mapping = check_mapping(mapping, len(batch.columns))
    if unit_overrides is not None:
        overrides = dict(batch.unit_overrides)
        wanted = {name: value for name, value in unit_overrides.items() if value not in (None, "")}
        try:
            ids = {name: int(value) for name, value in wanted.items()}
        except (TypeError, ValueError):
            raise InvalidInput("指定的单位无效", "unknown_unit") from None
        active = set(Unit.objects.filter(pk__in=ids.values(), is_active=True).values_list("pk", flat=True))
        for name, pk in ids.items():
            if pk not in active:
                raise InvalidInput(f"为“{name}”指定的单位不存在或已停用", "unknown_unit")
        for name, value in unit_overrides.items():
            key = str(name).strip()
            if value in (None, ""):
                overrides.pop(key, None)
            else:
                overrides[key] = int(value)
        batch.unit_overrides = overrides
    batch.save(update_fields=["mapping", "unit_overrides"])
    return batch


def _target(actor: Any) -> str:
    """Whose ledger this is: rows already imported for the importer's unit are not imported again."""
    person = person_of(actor)
    return f"unit:{person.unit_id}" if person and person.unit_id else f"user:{actor.pk}"


def _planned(batch: ImportBatch, actor: Any, limit: int | None) -> tuple[list[Row], dict[str, str]]:
    mapping = check_mapping(batch.mapping, len(batch.columns))
    table: Table = open_table(bytes(batch.content), batch.suffix)
    try:
        rows = []
        for row in read_rows(table.sheet(batch.sheet).rows(), batch.header_row - 1, mapping, limit):
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise InvalidInput(f"一次最多导入{MAX_ROWS}行，请拆分后分批导入", "too_many_rows")
    finally:
        table.close()
    today = timezone.localdate()
    resolver = Resolver(actor, {k: int(v) for k, v in batch.unit_overrides.items()})
    return plan(rows, resolver, today, _target(actor), get_calendar().is_workday), mapping


def preview(batch: ImportBatch, *, actor: Any, limit: int = PREVIEW_ROWS) -> dict[str, Any]:
    """What a commit would do to the first ``limit`` rows (each row's fields and problems); writes nothing."""
    body: dict[str, Any] = {
        "id": batch.pk,
        "file_name": batch.file_name,
        "status": batch.status,
        "status_label": batch.status_label,
        "sheet": batch.sheet,
        "sheets": batch.sheets,
        "header_row": batch.header_row,
        "columns": [
            {"index": i, "letter": column_letter(i), "name": name, "field": batch.mapping.get(str(i))}
            for i, name in enumerate(batch.columns)
        ],
        "mapping": batch.mapping,
        "unit_overrides": batch.unit_overrides,
        "fields": [{"key": f.key, "label": f.label} for f in FIELDS],
        "problems": [],
        "rows": [],
        "unknown_units": [],
        "counts": batch.counts,
        "report": batch.report,
    }
    try:
        rows, _ = _planned(batch, actor, limit)
    except InvalidInput as exc:
        body["problems"].append(exc.message)
        return body
    already = _existing([r.key for r in rows])
    unknown: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.key in already:  # skipped on commit: what is wrong with it stops nothing
            row.problems = []
            continue
        for match in [row.lead, *row.co]:
            if match is not None and match.unit is None:
                entry = unknown.setdefault(match.mention, {**match.to_json(), "rows": []})
                entry["rows"].append(row.number)
    body["rows"] = [{**row.to_json(), "imported": row.key in already} for row in rows]
    body["unknown_units"] = list(unknown.values())
    body["shown"] = len(rows)
    body["limit"] = limit
    body["errors"] = sum(not row.ok for row in rows)
    return body


def _existing(keys: list[str]) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for start in range(0, len(keys), KEY_CHUNK):
        found.update(
            ImportedRow.objects.filter(key__in=keys[start : start + KEY_CHUNK]).values_list("key", "task_id")
        )
    return found


@transaction.atomic
def commit(batch: ImportBatch | int, *, actor: Any) -> dict[str, Any]:
    """Every row becomes its task (under its heading's task) through ``create_tasks``, the task service
    for many, or nothing is written and the refusal lists each bad row with its number and reasons. Rows
    imported before are skipped; a new row under a heading imported before goes under that task."""
    require(actor, "imports.add_batch", message="您没有导入任务的权限")
    batch = _lock(batch, actor)
    rows, _ = _planned(batch, actor, None)
    if not rows:
        raise InvalidInput("表头以下没有可导入的任务行", "empty_sheet")
    existing = _existing([r.key for r in rows])
    refused = [
        (r.number, [p.message for p in r.problems if p.level == ERROR])
        for r in rows
        if not r.ok and r.key not in existing
    ]
    if refused:
        raise ImportRefused(refused)
    index_of: dict[int, int] = {}  # a row's place among the items, for its children
    items: list[NewTask] = []
    fresh: list[Row] = []
    skipped: list[int] = []
    for row in rows:
        if row.key in existing:
            skipped.append(row.number)
            continue
        parent, parent_task = None, None
        if row.parent is not None:
            if id(row.parent) in index_of:
                parent = index_of[id(row.parent)]
            elif existing.get(row.parent.key):  # its heading came in an earlier import
                parent_task = Task(pk=existing[row.parent.key])
        index_of[id(row)] = len(items)
        fresh.append(row)
        items.append(
            NewTask(
                title=row.title,
                lead_unit=row.lead_unit,
                co_units=[m.unit for m in row.co if m.unit],
                parent=parent,
                parent_task=parent_task,
                fields={
                    "description": row.description,
                    "owner": row.owner,
                    "leader": row.leader,
                    "due_date": row.due_date,
                    "cadence": row.cadence or cadence_mod.DEFAULT,
                },
            )
        )
    try:
        tasks = create_tasks(actor=actor, items=items) if items else []
    except TasksRefused as exc:
        raise ImportRefused([(fresh[index].number, [reason]) for index, reason in exc.refusals]) from exc
    made = [
        ImportedRow(key=row.key, batch_id=batch.pk, row_number=row.number, task_id=task.pk)
        for row, task in zip(fresh, tasks, strict=True)
    ]
    ImportedRow.objects.bulk_create(made, batch_size=BULK_BATCH)
    report = {
        "created": len(made),
        "skipped": len(skipped),
        "refused": [],
        "skipped_rows": skipped[:1000],
        "tasks": [task.pk for task in tasks][:1000],
        "rows": len(rows),
    }
    batch.status = BatchStatus.COMMITTED
    batch.counts = {k: report[k] for k in ("created", "skipped", "rows")}
    batch.report = report
    batch.committed_at = timezone.now()
    batch.save(update_fields=["status", "counts", "report", "committed_at"])
    return report


def recent_batches(actor: Any, limit: int = 20) -> list[ImportBatch]:
    return list(ImportBatch.objects.restrict(actor, "view").defer("content")[:limit])


__all__ = ["ImportRefused", "commit", "preview", "recent_batches", "update_batch", "upload_ledger"]
