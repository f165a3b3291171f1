"""Importing a ledger: upload (checked, header and mapping guessed), adjust (mapping, units named by
hand), preview (every row's problems), commit (every task through tasks.services.create_task, all or
none; rows imported before are skipped)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from luoshi.core.chunks import slices
from luoshi.core.errors import Conflict, InvalidInput, NotFound
from luoshi.core.guards import require
from luoshi.core.inserts import insert_rows
from luoshi.core.jobs import start_command
from luoshi.core.reading import Sheet, check_upload, open_table
from luoshi.core.uploads import sha256_of
from luoshi.core.word import open_document
from luoshi.org.models import Unit
from luoshi.org.services import add_unit_alias
from luoshi.tasks.models import Task
from luoshi.tasks.services import NewTask, TasksRefused, create_tasks

from .choices import BatchStatus
from .mapping import HEADER_SCAN, MIN_FIELDS, best_header, check_mapping, header_names, propose_mapping
from .models import ImportBatch, ImportedRow
from .plan import ERROR, Row
from .preview import (
    MAX_ROWS,
    adopt_headings,
    imported_tasks,
    planned_rows,
    preview,
    progress_key,
    progress_of,
)
from .resolve import MAX_CHOICES, chosen_units

CHUNK = 2000  # rows written at a time: a few create_tasks statements each, a few megabytes held
INLINE_BYTES = 512 * 1024  # a file larger than this is queued whatever its sheet says of its size
REPORT_MAX = 1000  # row numbers and task ids the report lists


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


def upload_ledger(*, actor: Any, upload: Any) -> ImportBatch:
    """Check and keep the file, find its sheet and header row, propose the mapping. Nothing is imported.

    No transaction around the reading: on SQLite one holds the write lock from its start, and every other
    user's change would wait on the file being read; the batch is kept by one INSERT."""
    require(actor, "imports.add_batch", message="您没有导入任务的权限")
    suffix = check_upload(upload)
    upload.seek(0)
    data = upload.read()
    table, prose = open_document(data, upload.name) if suffix == ".docx" else (open_table(data, suffix), "")
    try:
        scored = [(best_header(_head(sheet)), index, sheet) for index, sheet in enumerate(table.sheets)]
        (header_index, fields), _, sheet = max(scored, key=lambda s: (s[0][1], -s[1]))
        header = header_names(_head(sheet), header_index) if fields >= MIN_FIELDS else []
    finally:
        table.close()
    if fields < MIN_FIELDS:
        where = "文档中各表格" if suffix == ".docx" else "各工作表"
        raise InvalidInput(
            f"没有找到表头行：{where}前30行中没有一行写有“序号”“任务内容”“牵头单位”“完成时限”等列名。"
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
        rows_hint=max(sheet.size - header_index - 1, 0) if sheet.size else None,
        columns=columns,
        mapping=propose_mapping(columns),
        prose=prose,
    )


def _lock(
    batch: ImportBatch | int, actor: Any, statuses: tuple[str, ...] = BatchStatus.EDITABLE
) -> ImportBatch:
    pk = batch.pk if isinstance(batch, ImportBatch) else batch
    locked = ImportBatch.objects.restrict(actor, "view").select_for_update(of=("self",)).filter(pk=pk).first()
    if locked is None:
        raise NotFound("导入记录不存在或您无权访问")
    if locked.status in statuses:
        return locked
    if locked.status in BatchStatus.WAITING:
        raise Conflict("这份台账正在导入，请等导入完成后再看结果", "import_running")
    raise Conflict("这份台账已经导入，不能再修改或重复导入；如需再次导入请重新上传", "already_committed")


@transaction.atomic
def update_batch(
    batch: ImportBatch | int,
    *,
    actor: Any,
    mapping: dict[str, Any] | None = None,
    unit_overrides: dict[str, Any] | None = None,
    dropped_units: list[str] | None = None,
    skip_rows: list[int] | None = None,
    skip_errors: bool = False,
    unit_aliases: list[str] | None = None,
) -> ImportBatch:
    """Change the column mapping (replaced whole), name units by hand (merged; null removes one) or keep
    co-unit names as text (replaced whole), choose the rows left out (replaced whole) or leave out every
    row that has an error with what is chosen. ``unit_aliases`` are names whose chosen unit is to take
    them in every ledger from now on: each is recorded as that unit's alias, or nothing is changed."""
    require(actor, "imports.add_batch", message="您没有导入任务的权限")
    batch = _lock(batch, actor)
    if skip_rows is not None:
        batch.skip_rows = _row_numbers(skip_rows, batch.header_row)
    if mapping is not None:
        batch.mapping = check_mapping(mapping, len(batch.columns))
    if unit_overrides is not None or dropped_units is not None:
        batch.unit_overrides, batch.dropped_units = chosen_units(
            batch.unit_overrides, batch.dropped_units, unit_overrides, dropped_units
        )
    if unit_aliases:
        _record_aliases(batch, actor, unit_aliases)
    if skip_errors:
        with planned_rows(batch, actor, None) as planned:
            bad = [row.number for row in planned if not row.ok]  # one imported before is skipped anyway
        batch.skip_rows = sorted({*batch.skip_rows, *bad})
    batch.save(update_fields=["mapping", "unit_overrides", "dropped_units", "skip_rows"])
    return batch


def _record_aliases(batch: ImportBatch, actor: Any, names: list[str]) -> None:
    """Each name recorded as an alias of the unit chosen for it in this ledger (org.services)."""
    wanted = list(dict.fromkeys(str(name).strip() for name in names))
    if len(wanted) > MAX_CHOICES:
        raise InvalidInput(f"一次最多记{MAX_CHOICES}个别名", "invalid")
    units = Unit.objects.in_bulk(batch.unit_overrides.values())
    for name in wanted:
        if not name:
            raise InvalidInput("别名不能为空", "alias_required")
        unit = units.get(batch.unit_overrides.get(name, 0))
        if unit is None:
            raise InvalidInput(f"请先为“{name}”指定单位，再记为该单位的别名", "alias_without_unit")
        add_unit_alias(unit, actor=actor, alias=name, source=f"导入《{batch.file_name}》")


def _row_numbers(numbers: list[int], header_row: int) -> list[int]:
    """Row numbers as the sheet shows them, each below the header, once, in order."""
    chosen = sorted({int(n) for n in numbers})
    if len(chosen) > MAX_ROWS:
        raise InvalidInput(f"一次最多跳过{MAX_ROWS}行", "invalid")
    wrong = [n for n in chosen if n <= header_row]
    if wrong:
        raise InvalidInput(f"第{wrong[0]}行不在表头以下，不是任务行", "invalid")
    return chosen


def commit_or_queue(batch: ImportBatch, *, actor: Any) -> dict[str, Any] | None:
    """A small ledger is imported at once (its report); a large one, or one whose size the file does
    not record, is queued for the import runner (None): the request does not wait for it."""
    if not in_background(batch):
        return commit(batch, actor=actor)
    queue_commit(batch, actor=actor)
    return None


def in_background(batch: ImportBatch) -> bool:
    small = batch.rows_hint is not None and batch.rows_hint <= settings.LUOSHI_IMPORT_INLINE_ROWS
    return not (small and len(batch.content) <= INLINE_BYTES)


@transaction.atomic
def queue_commit(batch: ImportBatch | int, *, actor: Any) -> ImportBatch:
    """Mark the ledger 排队中 for ``imports.jobs``; with the "process" runner one starts once this commits."""
    require(actor, "imports.add_batch", message="您没有导入任务的权限")
    batch = _lock(batch, actor)
    batch.status, batch.error, batch.report, batch.started_at = BatchStatus.QUEUED, "", {}, None
    batch.save(update_fields=["status", "error", "report", "started_at"])
    cache.delete(progress_key(batch.pk))
    if settings.LUOSHI_IMPORT_RUNNER == "process":
        transaction.on_commit(lambda: start_command("import-jobs"))
    return batch


@transaction.atomic
def commit(
    batch: ImportBatch | int, *, actor: Any, progress: Callable[[int], None] | None = None
) -> dict[str, Any]:
    """Every row but a category becomes its task (under its heading's task) through ``create_tasks``, the
    task service for many, or nothing is written and the refusal lists each bad row with its number and
    reasons. Rows imported before are skipped; a new row under a heading imported before goes under that
    task.

    The rows stream from the file and are written ``CHUNK`` at a time, all in this one transaction; after
    each chunk ``progress`` hears the last row number written. A bad row stops the writing, the rows after
    it are still read so the refusal lists them all, and the transaction is rolled back. A queued ledger
    (``queue_commit``) is committed by the runner, which passes it in as 导入中."""
    require(actor, "imports.add_batch", message="您没有导入任务的权限")
    queued = isinstance(batch, ImportBatch) and batch.status == BatchStatus.RUNNING
    batch = _lock(batch, actor, (BatchStatus.RUNNING,) if queued else BatchStatus.EDITABLE)
    written = _Written(batch.pk, batch.file_name, set(batch.skip_rows))
    with planned_rows(batch, actor, None) as planned:
        for chunk in slices(planned, CHUNK):
            written.add(chunk, actor)
            if progress is not None and not written.refused:
                progress(chunk[-1].number)
    if written.refused:
        raise ImportRefused(written.refused)
    if not written.rows:
        raise InvalidInput("表头以下没有可导入的任务行", "empty_sheet")
    report = {
        "created": written.created,
        "skipped": written.skipped,
        "skipped_by_user": len(written.left_out),
        "refused": [],
        "skipped_rows": written.skipped_rows,
        "skipped_by_user_rows": written.left_out[:REPORT_MAX],
        "tasks": written.tasks,
        "rows": written.rows,
    }
    batch.status = BatchStatus.COMMITTED
    batch.counts = {k: report[k] for k in ("created", "skipped", "skipped_by_user", "rows")}
    batch.report = report
    batch.committed_at = timezone.now()
    batch.error = ""
    batch.save(update_fields=["status", "counts", "report", "committed_at", "error"])
    return report


@dataclass
class _Written:
    """What a commit wrote so far; a chunk's rows are dropped once written (their parents stay reachable
    from the rows under them, for the rows still to come)."""

    batch_id: int
    file_name: str
    skip: set[int]  # the row numbers the user left out
    rows: int = 0
    created: int = 0
    skipped: int = 0
    skipped_rows: list[int] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)
    tasks: list[int] = field(default_factory=list)
    refused: list[tuple[int, list[str]]] = field(default_factory=list)

    def add(self, chunk: list[Row], actor: Any) -> None:
        self.rows += len(chunk)
        existing = imported_tasks([r.key for r in chunk], actor)
        adopt_headings(chunk, existing)
        index_of: dict[int, int] = {}  # a row's place among the chunk's items, for its children
        items: list[NewTask] = []
        fresh: list[Row] = []
        for row in chunk:
            if row.key in existing:
                row.task_id = existing[row.key]  # its heading came in an earlier import: go under that task
                self.skipped += 1
                if len(self.skipped_rows) < REPORT_MAX:
                    self.skipped_rows.append(row.number)
                continue
            if row.category:  # a heading over its rows, no task: they go under the row above it
                row.skipped = True
                continue
            if row.number in self.skip:
                row.skipped = True
                self.left_out.append(row.number)
                continue
            if not row.ok:
                self.refused.append((row.number, [p.message for p in row.problems if p.level == ERROR]))
            if self.refused:  # nothing more is written: the rest is read for the refusal's list only
                continue
            parent, parent_task, above = None, None, row.parent
            while above is not None and above.skipped:  # a row left out: its rows go under the one above it
                above = above.parent
            if above is not None:
                if id(above) in index_of:
                    parent = index_of[id(above)]
                elif above.task_id:
                    parent_task = Task(pk=above.task_id)
            index_of[id(row)] = len(items)
            fresh.append(row)
            items.append(_new_task(row, parent, parent_task, self.file_name))
        if self.refused or not items:
            return
        try:
            ids = create_tasks(actor=actor, items=items)
        except TasksRefused as exc:
            self.refused += [(fresh[index].number, [reason]) for index, reason in exc.refusals]
            return
        for row, pk in zip(fresh, ids, strict=True):
            row.task_id = pk
        insert_rows(
            ImportedRow,
            [
                {"key": row.key, "batch_id": self.batch_id, "row_number": row.number, "task_id": row.task_id}
                for row in fresh
            ],
        )
        self.created += len(ids)
        self.tasks += ids[: REPORT_MAX - len(self.tasks)]


def _new_task(row: Row, parent: int | None, parent_task: Task | None, file_name: str) -> NewTask:
    return NewTask(
        title=row.title,
        origin=f"导入自《{file_name}》第{row.number}行",
        lead_unit=row.lead_unit,
        co_units=[m.unit for m in row.co if m.unit],
        parent=parent,
        parent_task=parent_task,
        recorded=True,
        fields={
            "description": row.description,
            "owner": row.owner,
            "leader": row.leader,
            "due_date": row.due_date,
            "cadence": row.task_cadence,
        },
    )


TITLE_LINE = 80  # a prose line longer than this is a sentence, not the document's title


def prose_title(prose: str, file_name: str) -> str:
    """A Word ledger's title for its directive: the line saying 关于…, else its first short line, else the
    file's name."""
    lines = [line.strip() for line in prose.split("\n") if line.strip()]
    short = [line for line in lines[:10] if len(line) <= TITLE_LINE]
    title = next((line for line in short if "关于" in line), short[0] if short else "")
    return (title or file_name.rsplit(".", 1)[0])[:200]


@transaction.atomic
def prose_to_directive(batch: ImportBatch | int, *, actor: Any) -> tuple[Any, list[Any] | None]:
    """Enter the text around a Word ledger's tables (the 通知 that sends it out) as a directive (文件) and
    decompose it with the engine, as a document entered on the directives' page is; once per upload. The
    directive and its proposed requirements (None when a long text is queued for the engine)."""
    from luoshi.directives.choices import DirectiveKind
    from luoshi.directives.services import enter_directive
    from luoshi.extract.deadlines import document_date

    require(actor, "imports.add_batch", message="您没有导入任务的权限")
    batch = _lock(batch, actor, tuple(BatchStatus.LABELS))
    if not batch.prose.strip():
        raise InvalidInput("这份文件在表格以外没有正文，无可分解的内容", "no_prose")
    if batch.directive_id:
        raise Conflict("这份文档的正文已经录入为讲话文件", "prose_entered")
    directive, requirements = enter_directive(
        actor=actor,
        title=prose_title(batch.prose, batch.file_name),
        text=batch.prose,
        issued_on=document_date(batch.prose) or timezone.localdate(),
        kind=DirectiveKind.DOCUMENT,
    )
    batch.directive = directive
    batch.save(update_fields=["directive"])
    return directive, requirements


def recent_batches(actor: Any, limit: int = 20) -> list[ImportBatch]:
    return list(ImportBatch.objects.restrict(actor, "view").defer("content", "prose")[:limit])


__all__ = [
    "ImportRefused",
    "commit",
    "commit_or_queue",
    "preview",
    "progress_of",
    "prose_to_directive",
    "queue_commit",
    "recent_batches",
    "update_batch",
    "upload_ledger",
]
