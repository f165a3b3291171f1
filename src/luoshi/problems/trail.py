"""A problem's one trail: each event carries the changes it made, in plain Chinese (as tasks' trail.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

from django.db.models import Field

from .choices import ProblemSource, ProblemStatus, Severity

UNSHOWN = frozenset({"confirmed_at", "confirmed_by", "closed_at", "closed_by", "updated_at", "tokens"})
EMPTY = "（空）"
LABELED = {"status": ProblemStatus, "source": ProblemSource, "severity": Severity}


def shown(name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if name in LABELED:
        return LABELED[name].label(value)
    if isinstance(value, (list, tuple)):
        return "；".join(str(item) for item in value) or EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def label(name: str) -> str:
    from .models import Problem

    return str(cast(Field, Problem._meta.get_field(name)).verbose_name)


def change(name: str, old: Any, new: Any) -> dict[str, str]:
    return {"field": name, "label": label(name), "old": shown(name, old), "new": shown(name, new)}


def changes_of(problem: Any, values: Mapping[str, Any]) -> list[dict[str, str]]:
    """What setting ``values`` on ``problem`` changes, read before they are set."""
    return [
        change(name, getattr(problem, name), value)
        for name, value in values.items()
        if name not in UNSHOWN and getattr(problem, name) != value
    ]


def fact(label_text: str, value: Any) -> dict[str, Any]:
    """A detail of an event that is not a field's change (a measure added, the files given)."""
    return {"field": "", "label": label_text, "old": None, "new": shown("", value)}
