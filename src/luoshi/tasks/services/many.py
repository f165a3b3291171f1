"""Many new tasks at once (a ledger's import): each checked as ``create_task`` checks one, written in bulk.

Every item passes the same checks as a task created alone — its fields (``validate_fields``), the lead
unit within the creator's reach (``check_lead_unit``), its owner, leader and co-units
(``check_eligible``), an existing parent the creator may see and change and that is still open — and
gets the same rows: the task, its tree path and ancestor rows, its co-units, its ``created`` event and
its roll-up. What differs is only how they are written: a statement per batch instead of a dozen per
task, so a 100,000-row ledger imports in seconds. All or nothing: when any item fails its checks,
nothing is written and ``TasksRefused`` lists every failing item with its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from luoshi.core.chunks import BULK_BATCH
from luoshi.core.errors import InvalidInput, ServiceError
from luoshi.core.guards import require
from luoshi.core.trees import child_path, path_ids
from luoshi.org.models import Unit

from .. import rollup
from ..choices import EventKind
from ..eligibility import check_eligible, check_lead_unit, validate_fields
from ..models import Task, TaskAncestor, TaskEvent
from .lifecycle import checked_parent
from .steps import EDITABLE


@dataclass
class NewTask:
    """One task to create: ``parent`` is the index of an earlier item, or ``parent_task`` an existing task."""

    title: str
    lead_unit: Unit | None
    co_units: list[Unit] = field(default_factory=list)
    parent: int | None = None
    parent_task: Task | None = None
    fields: dict[str, Any] = field(default_factory=dict)


class TasksRefused(InvalidInput):
    """Items that failed their checks: ``refusals`` holds (item index, reason); nothing was written."""

    def __init__(self, refusals: list[tuple[int, str]]):
        super().__init__(f"有{len(refusals)}项任务不能创建，均未创建", "tasks_refused")
        self.refusals = refusals


def _memo(cache: dict[Any, ServiceError | None], key: Any, check: Any) -> None:
    """Run ``check`` once per ``key``; raise its error again for every later item with the same key."""
    if key not in cache:
        try:
            check()
            cache[key] = None
        except ServiceError as exc:
            cache[key] = exc
    if cache[key] is not None:
        raise cache[key]  # type: ignore[misc]


@transaction.atomic
def create_tasks(*, actor: Any, items: Sequence[NewTask]) -> list[Task]:
    """Draft tasks for ``items`` (parents before their children), all or none."""
    require(actor, "tasks.add_task")
    refusals: list[tuple[int, str]] = []
    leaders: dict[Any, ServiceError | None] = {}
    parents: dict[Any, ServiceError | None] = {}
    locked: dict[int, Task] = {}
    values: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        try:
            unknown = set(item.fields) - set(EDITABLE)
            if unknown:
                raise InvalidInput(f"不能设置字段：{'、'.join(sorted(unknown))}")
            if item.parent is not None and not 0 <= item.parent < index:
                raise InvalidInput("上级任务须排在其子任务之前")
            fields = {**item.fields, "title": item.title, "lead_unit": item.lead_unit}
            validate_fields(fields, creating=True)
            lead = fields["lead_unit"]
            check_lead_unit(actor, lead)
            leader = fields.get("leader")
            _memo(
                leaders,
                (lead.pk, leader.pk if leader else None),
                lambda lead=lead, leader=leader: check_eligible(lead, None, leader, None),
            )
            co_units = check_eligible(lead, fields.get("owner"), None, list(item.co_units)) or []
            if item.parent_task is not None:
                pk = item.parent_task.pk

                def lock(pk: int = pk) -> None:
                    locked[pk] = checked_parent(actor, Task(pk=pk))

                _memo(parents, pk, lock)
        except ServiceError as exc:
            refusals.append((index, exc.message))
            continue
        fields["title"] = fields["title"].strip()
        values.append({"fields": fields, "co_units": co_units})
    if refusals:
        raise TasksRefused(refusals)
    return _write(actor, items, values, locked)


def _write(
    actor: Any, items: Sequence[NewTask], values: list[dict[str, Any]], locked: dict[int, Task]
) -> list[Task]:
    tasks: list[Task | None] = [None] * len(items)
    depth = [0] * len(items)
    for index, item in enumerate(items):
        depth[index] = depth[item.parent] + 1 if item.parent is not None else 0
    for level in sorted(set(depth)):  # parents first: their ids and paths are known to their children
        batch = []
        for index in (i for i, d in enumerate(depth) if d == level):
            item = items[index]
            parent = (
                tasks[item.parent]
                if item.parent is not None
                else locked.get(getattr(item.parent_task, "pk", 0))
            )
            batch.append(
                (
                    index,
                    Task(
                        parent=parent,
                        directive=parent.directive if parent is not None else None,
                        created_by=actor,
                        **values[index]["fields"],
                    ),
                )
            )
        Task.objects.bulk_create([task for _, task in batch], batch_size=BULK_BATCH)
        for index, task in batch:
            parent = task.parent
            task.tree_path = child_path(parent.tree_path if parent else None, task.pk)
            tasks[index] = task
    made = [task for task in tasks if task is not None]
    _derive(made)
    table = connection.ops.quote_name(Task._meta.db_table)
    columns = ("tree_path", *rollup.DERIVED)
    assignments = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in columns)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608 (quoted names)
            [[getattr(task, name) for name in columns] + [task.pk] for task in made],
        )
    ancestors = connection.ops.quote_name(TaskAncestor._meta.db_table)
    with connection.cursor() as cursor:  # the most rows of all (one per task and level): no model objects
        cursor.executemany(
            f"INSERT INTO {ancestors} (task_id, ancestor_id, task_due_date) VALUES (%s, %s, %s)",  # noqa: S608
            [(task.pk, pk, task.due_date) for task in made for pk in path_ids(task.tree_path)[:-1]],
        )
    through = Task.co_units.through
    through.objects.bulk_create(
        (
            through(task_id=task.pk, unit_id=unit.pk)
            for task, v in zip(made, values, strict=True)
            for unit in v["co_units"]
        ),
        batch_size=BULK_BATCH,
    )
    who = actor.pk if getattr(actor, "is_authenticated", False) else None
    TaskEvent.objects.bulk_create(
        (TaskEvent(task_id=task.pk, actor_id=who, kind=EventKind.CREATED) for task in made),
        batch_size=BULK_BATCH,
    )
    for parent in locked.values():  # an existing task that got children: its roll-up and its ancestors'
        parent.refresh_from_db(fields=["tree_path"])
        rollup.refresh(parent)
    return made


def _derive(tasks: list[Task]) -> None:
    """The new tasks' roll-ups, deepest first, as ``rollup.refresh`` derives them one by one."""
    rows = {
        task.pk: {name: getattr(task, name) for name in (*rollup.OWN_FIELDS, *rollup.DERIVED) if name != "pk"}
        for task in tasks
    }
    for task in tasks:
        rows[task.pk]["pk"] = task.pk
        rows[task.pk]["tree_path"] = task.tree_path
    children: dict[int, list[dict[str, Any]]] = {}
    for row in rows.values():
        children.setdefault(row["parent_id"], []).append(row)
    by_pk = {task.pk: task for task in tasks}
    margin = rollup.margin()
    for row in sorted(rows.values(), key=lambda row: -row["tree_path"].count("/")):
        derived = rollup.derive(row, children.get(row["pk"], []), margin)
        row.update(derived)
        for name, value in derived.items():
            setattr(by_pk[row["pk"]], name, value)
