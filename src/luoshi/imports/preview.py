"""What importing a ledger would do, read without writing: its rows planned as they stream from the
file, the preview of the first rows with each one's problems, the rows imported before, how far a queued
import got."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from luoshi.core.errors import InvalidInput
from luoshi.core.reading import MAX_ROWS, Sheet, Table, column_letter, open_table
from luoshi.org.models import Person
from luoshi.org.scopes import own_unit_ids, person_of
from luoshi.tasks.models import Task
from luoshi.tasks.visibility import visible_among
from luoshi.workdays.calendar import get_calendar

from .choices import FIELDS, BatchStatus
from .dates import Reference, reference_of
from .mapping import check_mapping
from .models import ImportBatch, ImportedRow
from .plan import Row, plan, read_rows, tally
from .resolve import Resolver

PREVIEW_ROWS = 200
KEY_CHUNK = 500


@contextlib.contextmanager
def planned_rows(batch: ImportBatch, actor: Any, limit: int | None) -> Iterator[Iterator[Row]]:
    """The sheet's rows planned one after another as they are read (the file stays open meanwhile)."""
    with _planned(batch, actor, limit) as (_, rows):
        yield rows


@contextlib.contextmanager
def _planned(batch: ImportBatch, actor: Any, limit: int | None) -> Iterator[tuple[Reference, Iterator[Row]]]:
    mapping = check_mapping(batch.mapping, len(batch.columns))
    table: Table = open_table(bytes(batch.content), batch.suffix)
    try:
        sheet = table.sheet(batch.sheet)
        reference = reference_date(batch, sheet)
        rows = read_rows(sheet.rows(), batch.header_row - 1, mapping, limit)
        overrides = {k: int(v) for k, v in batch.unit_overrides.items()}
        resolver = Resolver(actor, overrides, set(batch.dropped_units))
        is_workday = get_calendar().is_workday
        today = timezone.localdate()
        ledger = str(reference.year)
        yield reference, plan(_bounded(rows), resolver, today, ledger, is_workday, reference)
    finally:
        table.close()


def reference_date(batch: ImportBatch, sheet: Sheet) -> Reference:
    """What the ledger's year-less dates are read against: its 填报日期, its title's year, its upload."""
    top = list(itertools.islice(sheet.rows(), max(batch.header_row - 1, 0)))
    uploaded = timezone.localdate(batch.created_at) if batch.created_at else timezone.localdate()
    return reference_of(top, batch.prose, [batch.sheet, batch.file_name], uploaded)


def _bounded(rows: Iterator[Row]) -> Iterator[Row]:
    for count, row in enumerate(rows, 1):
        if count > MAX_ROWS:
            raise InvalidInput(f"一次最多导入{MAX_ROWS}行，请拆分后分批导入", "too_many_rows")
        yield row


def preview(batch: ImportBatch, *, actor: Any, limit: int = PREVIEW_ROWS) -> dict[str, Any]:
    """What a commit would do to the first ``limit`` rows (each row's fields and problems); writes nothing."""
    body: dict[str, Any] = {
        "id": batch.pk,
        "file_name": batch.file_name,
        "status": batch.status,
        "status_label": batch.status_label,
        "url": f"/api/v1/imports/{batch.pk}/",
        "progress": progress_of(batch),
        "error": batch.error,
        "sheet": batch.sheet,
        "sheets": batch.sheets,
        "header_row": batch.header_row,
        "columns": [
            {"index": i, "letter": column_letter(i), "name": name, "field": batch.mapping.get(str(i))}
            for i, name in enumerate(batch.columns)
        ],
        "mapping": batch.mapping,
        "unit_overrides": batch.unit_overrides,
        "dropped_units": batch.dropped_units,
        "skip_rows": batch.skip_rows,
        "fields": [{"key": f.key, "label": f.label} for f in FIELDS],
        "problems": [],
        "reference": None,
        "rows": [],
        "unknown_units": [],
        "guessed_units": [],
        "counts": batch.counts,
        "report": batch.report,
        "prose": batch.prose,
        "directive": batch.directive_id,
    }
    try:
        with _planned(batch, actor, limit) as (reference, planned):
            rows = list(planned)
            body["reference"] = reference.to_json()
    except InvalidInput as exc:
        body["problems"].append(exc.message)
        return body
    already = imported_tasks([r.key for r in rows], actor)
    adopt_headings(rows, already)
    skip = set(batch.skip_rows)
    unknown: dict[str, dict[str, Any]] = {}
    guessed: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.key in already:  # skipped on commit: what is wrong with it stops nothing
            row.problems = []
            continue
        row.skipped = row.number in skip
        if row.skipped:  # its problems stay shown, and stop nothing
            continue
        for match in [row.lead, *row.co]:
            if match is not None and (match.unit is None or match.guessed):
                found = unknown if match.unit is None else guessed
                entry = found.setdefault(match.mention, {**match.to_json(), "rows": [], "co": False})
                if row.number not in entry["rows"]:  # named as lead and co-unit: the row once
                    entry["rows"].append(row.number)
                entry["co"] = entry["co"] or match is not row.lead
    body["rows"] = [{**row.to_json(), "imported": row.key in already, "skip": row.skipped} for row in rows]
    body["unknown_units"] = list(unknown.values())
    body["guessed_units"] = list(guessed.values())
    body["shown"] = len(rows)
    body["limit"] = limit
    body["tally"] = tally(body["rows"])
    body["errors"] = body["tally"]["blocked"]
    return body


def imported_tasks(keys: list[str], user: Any) -> dict[str, int | None]:
    """The rows among ``keys`` imported before that ``user`` may know of (key → task): those imported by
    someone of his own units, or made into a task he may see.

    A unit keeps its ledger together (the office updates the department's 台账 whoever is on duty), so
    what its people imported is not imported twice; a task he may see he knows of anyway. Any other row
    is new to him: saying 已导入 of it would tell him of a task hidden from him (the preview would be an
    oracle on other units' work). Importing it makes his own task, where his reach allows."""
    colleagues = _colleagues(user)
    found: dict[str, int | None] = {}
    for start in range(0, len(keys), KEY_CHUNK):
        rows = list(
            ImportedRow.objects.filter(key__in=keys[start : start + KEY_CHUNK])
            .order_by("pk")
            .values_list("key", "task_id", "batch__uploaded_by_id")
        )
        seen = visible_among(user, {task for key, task, by in rows if task and by not in colleagues})
        for key, task, by in rows:
            if key not in found and (by in colleagues or task in seen):
                found[key] = task
    return found


def _colleagues(user: Any) -> set[int]:
    """The accounts of the people of ``user``'s own units (org.scopes.own_unit_ids: his home unit and
    each he holds a role in), his own among them."""
    person = person_of(user)
    if person is None:
        return {user.pk}
    units = own_unit_ids(person)
    people = Person.objects.filter(Q(unit__in=units) | Q(memberships__unit__in=units), user__isnull=False)
    return {user.pk, *people.values_list("user_id", flat=True)}


def adopt_headings(rows: list[Row], found: dict[str, int | None]) -> None:
    """A heading reworded since the rows under it were imported is the task they were imported under:
    ``found`` (key → task, of the rows imported before) gets it, so it is not imported again."""
    under: dict[int, tuple[Row, int]] = {}  # a new heading's row, and the task of a row imported under it
    for row in rows:
        parent, task = row.parent, found.get(row.key)
        if parent is not None and task and parent.key not in found:
            under.setdefault(id(parent), (parent, task))
    if not under:
        return
    parents = dict(
        Task.objects.filter(pk__in=[task for _, task in under.values()]).values_list("pk", "parent_id")
    )
    for heading, task in under.values():
        above = found.get(heading.parent.key) if heading.parent else None
        if parents.get(task) and parents[task] != above:  # not a heading left out, its rows put above
            found[heading.key] = parents[task]


def progress_key(pk: int) -> str:
    return f"imports:progress:{pk}"


def progress_of(batch: ImportBatch) -> dict[str, Any]:
    """How far a running import got: rows read and written so far (kept outside its transaction, in the
    cache, since the import's own writes are seen only when it ends), of about how many."""
    last = cache.get(progress_key(batch.pk)) if batch.status in BatchStatus.WAITING else None
    done = max(int(last) - batch.header_row, 0) if last else 0
    total = batch.rows_hint if batch.rows_hint and batch.rows_hint >= done else None
    percent = min(99, done * 100 // total) if total else None
    return {"done": done, "total": total, "percent": percent}
