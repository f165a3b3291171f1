"""A task's one trail (全程留痕): each event carries the changes it made to the task, in plain Chinese,
written when the change is made, so the timeline reads them as they were then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.db.models import Field

from .cadence import parse
from .choices import TaskStatus

# Kept with the row but not shown: the event's own time and actor say the same.
UNSHOWN = frozenset({"assigned_at", "assigned_by", "acknowledged_at", "closed_at", "updated_at"})
LABELS = {"co_units": "配合单位"}
EMPTY = "（空）"


def shown(name: str, value: Any) -> str:
    """A field's value as a reader of the task page says it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if name == "status":
        return TaskStatus.label(value)
    if name == "cadence":
        try:
            return parse(value).label
        except Exception:  # noqa: BLE001 - a value stored before a rule change is shown as stored
            return str(value)
    if name == "progress":
        return f"{value}%"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (list, tuple, set)):
        return "、".join(str(item) for item in value) or EMPTY
    return str(value)


def label(name: str) -> str:
    from .models import Task

    if name in LABELS:
        return LABELS[name]
    return str(cast(Field, Task._meta.get_field(name)).verbose_name)  # a column, never a relation's reverse


def change(name: str, old: Any, new: Any) -> dict[str, str]:
    return {"field": name, "label": label(name), "old": shown(name, old), "new": shown(name, new)}


def changes_of(task: Any, values: Mapping[str, Any]) -> list[dict[str, str]]:
    """What setting ``values`` on ``task`` changes, read before they are set."""
    return [
        change(name, getattr(task, name), value)
        for name, value in values.items()
        if name not in UNSHOWN and getattr(task, name) != value
    ]


def fact(label_text: str, value: Any) -> dict[str, Any]:
    """A detail of an event that is not a field's change (who was told, a late report)."""
    return {"field": "", "label": label_text, "old": None, "new": shown("", value)}


def names(objects: Iterable[Any]) -> list[str]:
    return sorted(str(obj) for obj in objects)
