"""总结, pre-filled from the ledger: what a section closed in the month, what it has overdue, and how its
key tasks stand. Overdue is the tasks' own rule (``tasks.lights.overdue_q``), never re-derived here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from luoshi.assessment.metrics import Window
from luoshi.assessment.services import bounds
from luoshi.tasks.choices import TaskStatus
from luoshi.tasks.lights import overdue_q
from luoshi.tasks.models import Task

LISTED = 10  # tasks named in each part of the text; the figures count them all


@dataclass
class MonthFigures:
    """A section's month as the ledger has it, counted as of ``today``."""

    month: dt.date
    today: dt.date
    closed: list[Any] = field(default_factory=list)
    overdue: list[Any] = field(default_factory=list)
    key: list[Any] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The figures as the API answers them: counts and the tasks behind each."""

        def rows(tasks: list[Any], *extra: str) -> list[dict[str, Any]]:
            return [
                {"id": t.pk, "title": t.title, **{name: getattr(t, name) for name in extra}} for t in tasks
            ]

        return {
            "as_of": self.today,
            "closed": rows(self.closed),
            "overdue": rows(self.overdue, "due_date"),
            "key_tasks": rows(self.key, "progress", "due_date"),
        }


def month_figures(unit_id: int, month: dt.date, today: dt.date | None = None) -> MonthFigures:
    """Three queries over the tasks the section leads."""
    today = today or timezone.localdate()
    starts_on, ends_on, _ = bounds("month", month)
    window = Window(starts_on, ends_on, today)
    led = Task.objects.filter(lead_unit_id=unit_id).only("pk", "title", "due_date", "progress", "closed_at")
    return MonthFigures(
        month=starts_on,
        today=today,
        closed=list(
            led.filter(
                status=TaskStatus.CLOSED, closed_at__gte=window.start, closed_at__lt=window.end
            ).order_by("closed_at", "pk")
        ),
        overdue=list(led.filter(overdue_q(today)).order_by("due_date", "pk")),
        key=list(led.filter(is_key=True, status__in=TaskStatus.OPEN).order_by("due_date", "pk")),
    )


def _day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _named(tasks: list[Any], line: Any) -> list[str]:
    shown = [f"{number}. {line(task)}" for number, task in enumerate(tasks[:LISTED], start=1)]
    if len(tasks) > LISTED:
        shown.append(f"……另有{len(tasks) - LISTED}项，见任务台账")
    return shown


def summary_text(figures: MonthFigures) -> str:
    """The 总结 a section starts from: the month's figures in words, to be edited before submitting."""
    month = f"{figures.month.month}月"
    parts = [f"一、{month}销号任务{len(figures.closed)}项。"]
    parts += _named(figures.closed, lambda t: f"{t.title}（{_day(timezone.localtime(t.closed_at))}销号）")
    parts.append(f"二、截至{_day(figures.today)}，逾期未完成任务{len(figures.overdue)}项。")
    parts += _named(figures.overdue, lambda t: f"{t.title}（时限{_day(t.due_date)}）")
    parts.append(f"三、重点任务{len(figures.key)}项在办。")
    parts += _named(
        figures.key,
        lambda t: f"{t.title}：进度{t.progress}%" + (f"，时限{_day(t.due_date)}" if t.due_date else ""),
    )
    return f"{month}工作总结（据任务台账生成，请补充完善）\n" + "\n".join(parts)
