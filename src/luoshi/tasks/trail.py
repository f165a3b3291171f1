"""A task's one trail (全程留痕), described once for ``luoshi.core.trail``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from luoshi.core.cadence import label_of
from luoshi.core.trail import Trail

from .choices import TaskStatus

TRAIL = Trail(
    "tasks.Task",
    # Kept with the row but not shown: the event's own time and actor say the same.
    unshown=frozenset({"assigned_at", "assigned_by", "acknowledged_at", "closed_at", "updated_at"}),
    labels={"co_units": "配合单位"},
    readers={"status": TaskStatus.label, "cadence": label_of, "progress": lambda value: f"{value}%"},
)
change, changes_of, fact = TRAIL.change, TRAIL.changes_of, TRAIL.fact


def names(objects: Iterable[Any]) -> list[str]:
    return sorted(str(obj) for obj in objects)
