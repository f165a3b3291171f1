"""Who changed what and when, read from simple_history for an object's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

ACTIONS = {"+": "创建", "~": "修改", "-": "删除"}


@dataclass
class HistoryEntry:
    at: Any
    user: str
    action: str
    changes: list[tuple[str, str, str]]
    reason: str = ""


def history_entries(obj: Any, limit: int = 50) -> list[HistoryEntry]:
    records = list(
        obj.history.select_related("history_user__person").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    entries: list[HistoryEntry] = []
    for newer, older in zip(records, records[1:] + [None]):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                field = obj._meta.get_field(change.field)
                changes.append(
                    (
                        str(field.verbose_name),
                        _show(older, field, change.old),
                        _show(newer, field, change.new),
                    )
                )
        entries.append(
            HistoryEntry(
                newer.history_date,
                author(newer.history_user),
                ACTIONS.get(newer.history_type, ""),
                changes,
                newer.history_change_reason or "",
            )
        )
    return entries


def author(user: Any) -> str:
    """Who made a recorded change, by name: 系统 when no one signed in did (the CLI, the tick)."""
    if user is None:
        return "系统"
    person = getattr(user, "person", None)
    return person.name if person else user.get_username()


def _show(record: Any, field: Any, value: Any) -> str:
    if value in (None, ""):
        return "（空）"
    if field.choices:
        return dict(field.flatchoices).get(value, str(value))
    if field.is_relation:
        related = getattr(record, field.name, None)
        return str(related) if related is not None else str(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(map(str, value)) or "（空）"
    return str(value)
