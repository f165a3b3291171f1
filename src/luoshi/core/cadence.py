"""Feedback cadence (反馈周期) as docs/api.md spells it: once, weekly:N, monthly:D, quarterly (each
quarter's last day), workdays:N, none."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from luoshi.core.errors import InvalidInput

PATTERN = re.compile(
    r"^(once|none|quarterly|weekly:[1-7]|monthly:(?:[1-9]|[12]\d|3[01])|workdays:[1-9]\d{0,2})$"
)
LABELS = {"once": "完成时报一次", "none": "不定期", "quarterly": "每季度末"}
WEEKDAYS = "一二三四五六日"
# A task's cadence when whoever creates it names none (the new-task form, a requirement turned into a task).
DEFAULT = "weekly:5"
# monthly:31 is each month's last day (next_due takes the shorter months' own), as a bare 每月, 每月底 or
# 月报 reads (extract.deadlines); said so, not 每月31日前, which February never reaches.
MONTH_END = 31


@dataclass(frozen=True)
class Cadence:
    kind: str
    n: int = 0

    @property
    def label(self) -> str:
        if self.kind == "weekly":
            return f"每周{WEEKDAYS[self.n - 1]}"
        if self.kind == "monthly":
            return "每月月底前" if self.n == MONTH_END else f"每月{self.n}日前"
        if self.kind == "workdays":
            return f"每{self.n}个工作日"
        return LABELS[self.kind]

    def __str__(self) -> str:
        return f"{self.kind}:{self.n}" if self.n else self.kind


def parse(value: str | None) -> Cadence:
    value = (value or "none").strip()
    if not PATTERN.match(value):
        raise InvalidInput(
            f"反馈周期“{value}”无法识别，应为 once、none、weekly:1-7、monthly:1-31、quarterly 或 workdays:N",
            "invalid_cadence",
        )
    kind, _, n = value.partition(":")
    return Cadence(kind, int(n) if n else 0)


def label_of(value: str) -> str:
    """A stored cadence in words ("每周五"), or as stored when it no longer parses."""
    try:
        return parse(value).label
    except Exception:  # noqa: BLE001 - a value written before a rule change is shown, never refused
        return str(value)


def next_due(
    cadence: Cadence,
    after: dt.date,
    due_date: dt.date | None,
    add_working_days: Callable[[dt.date, int], dt.date],
) -> dt.date | None:
    """The next date a report is owed, strictly after ``after`` (the last report or the acknowledgement)."""
    if cadence.kind == "none":
        return None
    if cadence.kind == "once":
        return due_date
    if cadence.kind == "weekly":
        days = (cadence.n - 1 - after.weekday()) % 7 or 7
        result = after + dt.timedelta(days=days)
    elif cadence.kind == "monthly":
        year, month = (after.year, after.month)
        candidate = dt.date(year, month, min(cadence.n, calendar.monthrange(year, month)[1]))
        if candidate <= after:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            candidate = dt.date(year, month, min(cadence.n, calendar.monthrange(year, month)[1]))
        result = candidate
    elif cadence.kind == "quarterly":
        quarter_end = 3 * ((after.month - 1) // 3 + 1)
        result = dt.date(after.year, quarter_end, calendar.monthrange(after.year, quarter_end)[1])
        if result <= after:
            year, month = (after.year + 1, 3) if quarter_end == 12 else (after.year, quarter_end + 3)
            result = dt.date(year, month, calendar.monthrange(year, month)[1])
    else:
        result = add_working_days(after, cadence.n)
    return min(result, due_date) if due_date and result > due_date and after < due_date else result


def answered_period(
    owed: dt.date | None, today: dt.date, last_period: dt.date | None, last_sent: dt.date | None
) -> dt.date | None:
    """The report date a report sent ``today`` answers: the one owed, unless the period it belongs to
    already has its report — the last answering report was sent today or later than ``today``'s period
    began (on or before its own due date, or on the day it was sent late). Then it answers none (None):
    a second report in one period neither moves the next date nor counts twice in 及时率."""
    if owed is None:
        return None
    if last_period is not None and last_sent is not None and today <= max(last_period, last_sent):
        return None
    return owed
