"""What a task derives from the tasks below it, computed here and nowhere else (DESIGN.md).

Progress: a parent is the weighted average of its children, a closed child counting 100% and a
cancelled one not at all. Lights: each task keeps the earliest deadline and report date among the
open tasks of its subtree, which lights.py compares with today.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from luoshi.core.trees import path_ids

from .choices import TaskStatus


def child_progress(status: str, progress: int) -> int:
    return 100 if status == TaskStatus.CLOSED else progress


def _earliest(dates: Iterable[dt.date | None]) -> dt.date | None:
    return min((d for d in dates if d is not None), default=None)


def refresh(task: Any) -> None:
    """Re-derive ``task`` and then each ancestor, bottom up, from its own row and its children's.

    Called by every service that saves a task, after the save, so the stored roll-up never lags."""
    from .models import Task

    fields = ("pk", "parent_id", "status", "due_date", "next_report_due", "progress", "weight",
              "subtree_due_date", "subtree_report_due")
    for level, pk in enumerate(reversed(path_ids(task.tree_path))):
        rows = list(Task.objects.filter(Q(pk=pk) | Q(parent_id=pk)).order_by().values(*fields))
        node = next(row for row in rows if row["pk"] == pk)
        children = [row for row in rows if row["pk"] != pk]
        is_open = node["status"] in TaskStatus.OPEN
        update = {
            "children_count": len(children),
            "open_children_count": sum(c["status"] in TaskStatus.OPEN for c in children),
            "subtree_due_date": _earliest([node["due_date"] if is_open else None,
                                           *(c["subtree_due_date"] for c in children)]),
            "subtree_report_due": _earliest([node["next_report_due"] if is_open else None,
                                             *(c["subtree_report_due"] for c in children)]),
        }
        if level > 0:
            counted = [c for c in children if c["status"] != TaskStatus.CANCELLED]
            total = sum(c["weight"] for c in counted)
            update["progress"] = round(sum(child_progress(c["status"], c["progress"]) * c["weight"]
                                           for c in counted) / total) if total else 0
        Task.objects.filter(pk=pk).update(**update)


def tally(unit_id: int, day: dt.date, late: bool) -> None:
    """Count one report towards its unit's month (called in the reporting transaction)."""
    from django.db.models import F

    from .models import ReportTally

    month = day.replace(day=1)
    ReportTally.objects.get_or_create(unit_id=unit_id, month=month)
    ReportTally.objects.filter(unit_id=unit_id, month=month).update(total=F("total") + 1,
                                                                     late=F("late") + int(late))


def rebuild_tallies(feedback_model: Any = None, tally_model: Any = None) -> int:
    """Count every report again, set-wise (a migration, a bulk load); returns the number of tally rows."""
    from django.db.models import Count, DateField, Q
    from django.db.models.functions import TruncMonth

    if feedback_model is None:
        from .models import Feedback as feedback_model, ReportTally as tally_model
    rows = (feedback_model.objects.order_by().values("task__lead_unit_id", month=TruncMonth("submitted_at", output_field=DateField()))
            .annotate(total=Count("pk"), late=Count("pk", filter=Q(late=True))))
    tally_model.objects.all().delete()
    tallies = tally_model.objects.bulk_create(
        tally_model(unit_id=row["task__lead_unit_id"], month=row["month"], total=row["total"], late=row["late"])
        for row in rows)
    return len(tallies)


def rebuild_ancestors(task_model: Any = None, ancestor_model: Any = None) -> int:
    """Write every (task, ancestor) row from the tree paths (a migration); returns the number written."""
    if task_model is None:
        from .models import Task as task_model, TaskAncestor as ancestor_model
    ancestor_model.objects.all().delete()
    rows = (ancestor_model(task_id=pk, ancestor_id=above)
            for pk, path in task_model.objects.order_by().values_list("pk", "tree_path").iterator()
            for above in path_ids(path)[:-1])
    return len(ancestor_model.objects.bulk_create(rows, batch_size=5000))


def rebuild(task_model: Any = None) -> int:
    """Re-derive every task's stored roll-up at once (a migration, a bulk load); returns rows changed.

    Deepest first, so each parent sees its children's finished values; one pass, no query per task."""
    from django.db import connection

    if task_model is None:
        from .models import Task as task_model
    stored = ("subtree_due_date", "subtree_report_due", "children_count", "open_children_count")
    rows = list(task_model.objects.order_by().values_list(
        "pk", "parent_id", "tree_path", "status", "due_date", "next_report_due", *stored))
    derived: dict[int, list[Any]] = {}
    for pk, _, _, status, due_date, report_due, *_ in rows:
        derived[pk] = [due_date, report_due, 0, 0] if status in TaskStatus.OPEN else [None, None, 0, 0]
    for pk, parent_id, _, status, *_ in sorted(rows, key=lambda row: -row[2].count("/")):
        parent = derived.get(parent_id)
        if parent is not None:
            parent[0] = _earliest([parent[0], derived[pk][0]])
            parent[1] = _earliest([parent[1], derived[pk][1]])
            parent[2] += 1
            parent[3] += status in TaskStatus.OPEN
    changed = [(*derived[pk], pk) for pk, *_, old_due, old_report, old_count, old_open in rows
               if [old_due, old_report, old_count, old_open] != derived[pk]]
    table = connection.ops.quote_name(task_model._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in stored)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", changed)
    return len(changed)
