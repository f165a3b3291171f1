"""Red, yellow, green — one rule (docs/figures.md), read in SQL for whole lists, in Python for a page.

Red: the task or an open task below it is past its deadline. Yellow: a deadline within 3 working days,
a report late, or progress behind 序时进度 (rollup.pace_date), here or below. A closed or cancelled task
has no light. The subtree's earliest open deadline, report date and pace date are stored on each task by
rollup.refresh(), so every light below is a plain comparison with today (a parent's light is its own or
its worst open child's, whichever is worse). A task's own light is the same rule on its own dates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, CharField, Q, QuerySet, Value, When

from luoshi.workdays.calendar import get_calendar

from .choices import Light, TaskStatus
from .models import Feedback

SOON_WORKING_DAYS = 3


def thresholds(today: dt.date) -> tuple[dt.date, dt.date]:
    return today, get_calendar().add_working_days(today, SOON_WORKING_DAYS)


def light_parts(light: str, today: dt.date, soon: dt.date) -> list[Q]:
    """An open task's light as disjoint conditions, each a range on one stored date (counting by part
    reads only the rows of that part; the overview relies on it)."""
    red = Q(subtree_due_date__lt=today)
    later = Q(subtree_due_date__gt=soon) | Q(subtree_due_date__isnull=True)
    reported = Q(subtree_report_due__gte=today) | Q(subtree_report_due__isnull=True)
    on_pace = Q(subtree_pace_date__gte=today) | Q(subtree_pace_date__isnull=True)
    return {
        Light.RED: [red],
        Light.YELLOW: [
            Q(subtree_due_date__gte=today, subtree_due_date__lte=soon),
            Q(subtree_report_due__lt=today) & later,
            Q(subtree_pace_date__lt=today) & later & reported,
        ],
        Light.GREEN: [later & reported & on_pace],
    }[light]


def light_q(light: str, today: dt.date, soon: dt.date | None = None) -> Q:
    """The tasks showing ``light`` today."""
    open_ = Q(status__in=TaskStatus.OPEN)
    if light == Light.NONE:
        return ~open_
    either = Q(pk__in=[])
    for part in light_parts(light, today, soon or thresholds(today)[1]):
        either |= part
    return open_ & either


def with_lights(queryset: QuerySet, today: dt.date) -> QuerySet:
    """Annotate ``light`` on every row."""
    today, soon = thresholds(today)
    return queryset.annotate(
        light=Case(
            *[
                When(light_q(light, today, soon), then=Value(light))
                for light in (Light.NONE, Light.RED, Light.YELLOW)
            ],
            default=Value(Light.GREEN),
            output_field=CharField(),
        )
    )


def light_of(
    status: str,
    due_date: dt.date | None,
    report_due: dt.date | None,
    pace_date: dt.date | None,
    today: dt.date,
    soon: dt.date,
) -> str:
    """The same rule for one row already read (a page of a list): asking the database to compute it
    cost a third of reading the page. Given the subtree dates it is the rolled-up light, given the
    task's own dates its own light. tests/tasks/test_lights.py holds it to ``with_lights``."""
    if status not in TaskStatus.OPEN:
        return Light.NONE
    if due_date is not None and due_date < today:
        return Light.RED
    if (
        (due_date is not None and due_date <= soon)
        or (report_due is not None and report_due < today)
        or (pace_date is not None and pace_date < today)
    ):
        return Light.YELLOW
    return Light.GREEN


def overdue_q(today: dt.date) -> Q:
    """The task itself is overdue (its own deadline, not one below it).

    The subtree date is implied (it is never later than the task's own open deadline) and stated so the
    database reads the few red tasks from their index instead of walking every past deadline."""
    return Q(status__in=TaskStatus.OPEN, due_date__lt=today, subtree_due_date__lt=today)


def report_owed_q(today: dt.date) -> Q:
    """An open task whose report (复命) fell due before today and is still not sent: the overview's 未报
    and the ledger's ``report_owed`` filter, so the count and the list it opens are the same tasks."""
    return Q(status__in=TaskStatus.OPEN, next_report_due__lt=today)


def periods_answered(since: dt.date) -> QuerySet:
    """The reports that answered a period due on or after ``since`` (any day, not only a month's first):
    the overview counts 应报复命 and 迟报 from these, and the ledger's filters list their tasks."""
    return Feedback.objects.filter(period_due__gte=since)


def reported_late_q(since: dt.date) -> Q:
    """A task with a report period due on or after ``since`` that was answered late: the tasks behind the
    overview's 迟报 (which counts those periods) and the ledger's ``late_since``."""
    return Q(pk__in=periods_answered(since).filter(late=True).values("task_id"))


def report_due_q(since: dt.date, today: dt.date) -> Q:
    """A task with a report period due on or after ``since`` and answered, or a report owed now: the tasks
    behind the overview's 应报复命 (which counts the periods) and the ledger's ``reports_since``."""
    return Q(pk__in=periods_answered(since).values("task_id")) | report_owed_q(today)


def light_note(task: Any, light: str, today: dt.date) -> str:
    """Why ``task`` shows ``light`` (its rolled-up light), in words: its own dates, or a task below it."""
    if light not in (Light.RED, Light.YELLOW):
        return ""
    today, soon = thresholds(today)
    own = light_of(task.status, task.due_date, task.next_report_due, task.pace_date, today, soon)
    if light == Light.RED:
        return f"已逾期{(today - task.due_date).days}天" if own == Light.RED else "下级任务逾期"
    if own != Light.YELLOW:
        return "下级任务临期、复命逾期或落后序时进度"
    reasons = [
        text
        for applies, text in (
            (task.due_date is not None and task.due_date <= soon, f"{SOON_WORKING_DAYS}个工作日内到期"),
            (task.next_report_due is not None and task.next_report_due < today, "复命逾期"),
            (task.pace_date is not None and task.pace_date < today, "进度落后序时进度"),
        )
        if applies
    ]
    return "、".join(reasons)
