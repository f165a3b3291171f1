"""What a task derives from its own row and the tasks below it, computed here and nowhere else.

Progress: a task with children (other than cancelled ones) is the weighted average of them, a closed
child counting 100% and a cancelled one not at all; a closed task is 100%. Lights: each task keeps the
earliest deadline, report date and pace date (序时进度) among the open tasks of its subtree, which
lights.py compares with today. ``derive`` is the one rule; ``refresh`` applies it to one path under
lock, ``rebuild`` to every task at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.utils import timezone

from luoshi.core.trees import path_ids

from .choices import TaskStatus

# What derive() reads of a task (its own row) and of each child (its stored results).
OWN_FIELDS = (
    "pk",
    "parent_id",
    "tree_path",
    "status",
    "start_date",
    "assigned_at",
    "due_date",
    "next_report_due",
    "progress",
    "weight",
)
DERIVED = (
    "progress",
    "pace_date",
    "children_count",
    "open_children_count",
    "subtree_due_date",
    "subtree_report_due",
    "subtree_pace_date",
)


def child_progress(status: str, progress: int) -> int:
    return 100 if status == TaskStatus.CLOSED else progress


def _earliest(dates: Iterable[dt.date | None]) -> dt.date | None:
    return min((d for d in dates if d is not None), default=None)


def pace_date(start: dt.date | None, due: dt.date | None, progress: int, margin: int) -> dt.date | None:
    """The last day ``progress`` keeps pace with the time spent (序时进度): after it, the share of the
    time from start to deadline exceeds the progress by more than ``margin`` points. None when the
    progress never falls behind before the deadline (the deadline itself turns the task red)."""
    if start is None or due is None or due <= start or progress + margin >= 100:
        return None
    return start + dt.timedelta(days=(progress + margin) * (due - start).days // 100)


def _start(row: Mapping[str, Any]) -> dt.date | None:
    if row["start_date"] is not None:
        return row["start_date"]
    return timezone.localtime(row["assigned_at"]).date() if row["assigned_at"] is not None else None


def derive(row: Mapping[str, Any], children: Sequence[Mapping[str, Any]], margin: int) -> dict[str, Any]:
    """A task's derived values from its own row and its children's (their own status, progress and
    weight, and their derived subtree dates)."""
    is_open = row["status"] in TaskStatus.OPEN
    counted = [c for c in children if c["status"] != TaskStatus.CANCELLED]
    total = sum(c["weight"] for c in counted)
    if row["status"] == TaskStatus.CLOSED:
        progress = 100
    elif total:
        progress = round(
            sum(child_progress(c["status"], c["progress"]) * c["weight"] for c in counted) / total
        )
    else:
        progress = row["progress"]
    own_pace = pace_date(_start(row), row["due_date"], progress, margin) if is_open else None
    return {
        "progress": progress,
        "pace_date": own_pace,
        "children_count": len(children),
        "open_children_count": sum(c["status"] in TaskStatus.OPEN for c in children),
        "subtree_due_date": _earliest(
            [row["due_date"] if is_open else None, *(c["subtree_due_date"] for c in children)]
        ),
        "subtree_report_due": _earliest(
            [row["next_report_due"] if is_open else None, *(c["subtree_report_due"] for c in children)]
        ),
        "subtree_pace_date": _earliest([own_pace, *(c["subtree_pace_date"] for c in children)]),
    }


def derives_progress(task: Any) -> bool:
    """Whether ``task``'s percent comes from its children (any not cancelled) rather than its reports."""
    return task.children_count > 0 and task.children.exclude(status=TaskStatus.CANCELLED).exists()


def margin() -> int:
    return settings.LUOSHI_PACE_MARGIN


def lock_path(pk: int) -> Any:
    """Lock a task and its ancestors, root first (the same order everywhere, so two changes in one
    tree wait for each other instead of deadlocking), and return the task, or None."""
    from .models import Task

    path = Task.objects.filter(pk=pk).values_list("tree_path", flat=True).first()
    if path is None:
        return None
    ids = path_ids(path) or [pk]
    rows = {
        task.pk: task for task in Task.objects.select_for_update().filter(pk__in=ids).order_by("tree_path")
    }
    return rows.get(pk)


def refresh(task: Any) -> None:
    """Re-derive ``task`` and then each ancestor, bottom up, from its own row and its children's.

    Called by every service that saves a task, after the save, so the stored roll-up never lags. The
    path is locked first: two children reporting at once otherwise both read the parent's other child
    as it was, and the second write loses the first."""
    from .models import Task

    ids = path_ids(task.tree_path)
    list(Task.objects.select_for_update().filter(pk__in=ids).order_by("tree_path").values_list("pk"))
    fields = (*OWN_FIELDS, *DERIVED)
    for pk in reversed(ids):
        rows = list(Task.objects.filter(pk=pk).order_by().values(*fields))
        rows += Task.objects.filter(parent_id=pk).order_by().values(*fields)
        Task.objects.filter(pk=pk).update(**derive(rows[0], rows[1:], margin()))


def rebuild(task_model: Any = None) -> int:
    """Re-derive every task's stored roll-up at once (a bulk load, a changed LUOSHI_PACE_MARGIN); returns
    the rows changed. Deepest first, so each parent sees its children's finished values."""
    from django.db import connection

    if task_model is None:
        from .models import Task as task_model
    rows = {row["pk"]: row for row in task_model.objects.order_by().values(*OWN_FIELDS, *DERIVED)}
    children: dict[int, list[dict[str, Any]]] = {}
    for row in rows.values():
        children.setdefault(row["parent_id"], []).append(row)
    changed = []
    for row in sorted(rows.values(), key=lambda row: -row["tree_path"].count("/")):
        derived = derive(row, children.get(row["pk"], []), margin())
        if any(row[name] != value for name, value in derived.items()):
            changed.append([derived[name] for name in DERIVED] + [row["pk"]])
        row.update(derived)
    table = connection.ops.quote_name(task_model._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in DERIVED)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", changed)  # noqa: S608 (quoted names)
    return len(changed)
