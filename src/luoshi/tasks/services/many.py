"""Many new tasks at once (a ledger's import): each checked as ``create_task`` checks one, written in bulk.

Every item passes the same checks as a task created alone — its fields (``validate_fields``), the lead
unit within the creator's reach (``check_lead_unit``), its owner, leader and co-units (``check_eligible``,
``check_co_units``), an existing parent the creator may see and change and that is still open — and
gets the same rows: the task, its tree path and ancestor rows, its co-units, its ``created`` event and
its roll-up. What differs is only how they are written: a statement per batch instead of a dozen per
task, the roll-up derived before the rows are written, and no model object per row (``core.inserts``;
the measured need is in docs/benchmarks.md). All or nothing: when any item fails its checks,
nothing is written and ``TasksRefused`` lists every failing item with its reason.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from luoshi.core.errors import InvalidInput, ServiceError
from luoshi.core.guards import require
from luoshi.core.inserts import insert_rows
from luoshi.core.trees import child_path, path_ids
from luoshi.org.models import Unit

from .. import rollup
from ..choices import EventKind
from ..eligibility import (
    check_co_units,
    check_eligible,
    check_lead_unit,
    check_owner,
    co_unit_reach,
    validate_fields,
)
from ..models import Task, TaskAncestor, TaskEvent
from .lifecycle import checked_parent
from .steps import EDITABLE


@dataclass
class NewTask:
    """One task to create: ``parent`` is the index of an earlier item, or ``parent_task`` an existing task;
    ``recorded`` when it comes from an existing ledger (its past deadline is kept, ``validate_fields``)."""

    title: str
    lead_unit: Unit | None
    co_units: list[Unit] = field(default_factory=list)
    parent: int | None = None
    parent_task: Task | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    recorded: bool = False
    origin: str = ""  # where it came from, said on its 创建 event (导入自《…》第N行)


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
def create_tasks(*, actor: Any, items: Sequence[NewTask]) -> list[int]:
    """Draft tasks for ``items`` (parents before their children), all or none: their ids, in order."""
    require(actor, "tasks.add_task")
    refusals: list[tuple[int, str]] = []
    leaders: dict[Any, ServiceError | None] = {}
    owners: dict[Any, ServiceError | None] = {}
    parents: dict[Any, ServiceError | None] = {}
    locked: dict[int, Task] = {}
    values: list[dict[str, Any]] = []
    reach = co_unit_reach(actor) if any(item.co_units for item in items) else None
    for index, item in enumerate(items):
        try:
            unknown = set(item.fields) - set(EDITABLE)
            if unknown:
                raise InvalidInput(f"不能设置字段：{'、'.join(sorted(unknown))}")
            if item.parent is not None and not 0 <= item.parent < index:
                raise InvalidInput("上级任务须排在其子任务之前")
            fields = {**item.fields, "title": item.title, "lead_unit": item.lead_unit}
            validate_fields(fields, creating=True, recorded=item.recorded)
            lead = fields["lead_unit"]
            check_lead_unit(actor, lead)
            leader = fields.get("leader")
            _memo(
                leaders,
                (lead.pk, leader.pk if leader else None),
                lambda lead=lead, leader=leader: check_eligible(lead, leader, None),
            )
            owner = fields.get("owner")
            _memo(
                owners,
                (lead.pk, owner.pk if owner else None),
                lambda lead=lead, owner=owner: check_owner(actor, lead, owner),
            )
            co_units = check_eligible(lead, None, list(item.co_units)) or []
            check_co_units(actor, co_units, reach=reach)
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
) -> list[int]:
    concrete = {f.name: f for f in Task._meta.concrete_fields}
    rows = [_columns(v["fields"], concrete) for v in values]  # as Task(**fields) would hold them
    _derive(items, rows)
    ids: list[int] = [0] * len(items)
    paths = [""] * len(items)
    depth = [0] * len(items)
    for index, item in enumerate(items):
        depth[index] = depth[item.parent] + 1 if item.parent is not None else 0
    for level in sorted(set(depth)):  # parents first: their ids and paths are known to their children
        batch = [index for index, d in enumerate(depth) if d == level]
        parent_paths = []
        for index in batch:
            item = items[index]
            if item.parent is not None:
                parent_id, path = ids[item.parent], paths[item.parent]
                directive = rows[item.parent]["directive_id"]
            elif item.parent_task is not None:
                parent = locked[item.parent_task.pk]
                parent_id, path, directive = parent.pk, parent.tree_path, parent.directive_id
            else:
                parent_id, path, directive = None, None, None
            rows[index].update(parent_id=parent_id, directive_id=directive, created_by_id=actor.pk)
            parent_paths.append(path)
        made = insert_rows(Task, [rows[index] for index in batch], returning=True)
        for index, path, pk in zip(batch, parent_paths, made, strict=True):
            ids[index], paths[index] = pk, child_path(path, pk)
    table = connection.ops.quote_name(Task._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET tree_path = %s WHERE id = %s",  # noqa: S608 (quoted name)
            list(zip(paths, ids, strict=True)),
        )
    insert_rows(
        TaskAncestor,
        [
            {"task_id": pk, "ancestor_id": above, "task_due_date": row.get("due_date")}
            for pk, path, row in zip(ids, paths, rows, strict=True)
            for above in path_ids(path)[:-1]
        ],
    )
    insert_rows(
        Task.co_units.through,
        [
            {"task_id": pk, "unit_id": unit.pk}
            for pk, v in zip(ids, values, strict=True)
            for unit in v["co_units"]
        ],
    )
    who = actor.pk if getattr(actor, "is_authenticated", False) else None
    insert_rows(
        TaskEvent,
        [
            {"task_id": pk, "actor_id": who, "kind": EventKind.CREATED, "note": item.origin}
            for pk, item in zip(ids, items, strict=True)
        ],
    )
    for parent in locked.values():  # an existing task that got children: its roll-up and its ancestors'
        parent.refresh_from_db(fields=["tree_path"])
        rollup.refresh(parent)
    return ids


def _columns(fields: dict[str, Any], concrete: dict[str, Any]) -> dict[str, Any]:
    """``fields`` by column attribute: a unit or person as its id."""
    columns = {}
    for name, value in fields.items():
        field = concrete[name]
        columns[field.attname] = value.pk if field.is_relation and value is not None else value
    return columns


def _derive(items: Sequence[NewTask], rows: list[dict[str, Any]]) -> None:
    """The new tasks' roll-ups, children before parents, as ``rollup.refresh`` derives them one by one
    (a field the row does not set counts at its default)."""
    blank = {f.attname: f.get_default() for f in Task._meta.concrete_fields if f.attname in rollup.OWN_FIELDS}
    own = [ChainMap(row, blank) for row in rows]  # derived values land in the row itself
    children: dict[int, list[ChainMap[str, Any]]] = {}
    for index, item in enumerate(items):
        if item.parent is not None:
            children.setdefault(item.parent, []).append(own[index])
    margin = rollup.margin()
    for index in reversed(range(len(items))):  # an item comes after its parent
        own[index].update(rollup.derive(own[index], children.get(index, []), margin))
