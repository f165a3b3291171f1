"""Red, yellow, green — computed in SQL for whole lists, never per row in Python.

Red: overdue. Yellow: due within 3 working days, or a report is late. A parent shows the worse of
its own light and its open descendants' (DESIGN.md: one rule, one place).
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When

from luoshi.workdays.calendar import get_calendar

from .choices import Light, TaskStatus

SOON_WORKING_DAYS = 3


def thresholds(today: dt.date) -> tuple[dt.date, dt.date]:
    return today, get_calendar().add_working_days(today, SOON_WORKING_DAYS)


def red_q(today: dt.date) -> Q:
    return Q(status__in=TaskStatus.OPEN, due_date__lt=today)


def yellow_q(today: dt.date, soon: dt.date) -> Q:
    return Q(status__in=TaskStatus.OPEN) & (Q(due_date__lte=soon) | Q(next_report_due__lt=today))


def with_lights(queryset: QuerySet, today: dt.date) -> QuerySet:
    """Annotate ``light``: the task's own, or its worst open descendant's when that is worse."""
    from .models import Task

    today, soon = thresholds(today)
    below = Task.objects.filter(tree_path__startswith=OuterRef("tree_path")).exclude(pk=OuterRef("pk"))
    return queryset.annotate(
        red_below=Exists(below.filter(red_q(today))),
        yellow_below=Exists(below.filter(yellow_q(today, soon))),
    ).annotate(
        light=Case(
            When(~Q(status__in=TaskStatus.OPEN), then=Value(Light.NONE)),
            When(red_q(today) | Q(red_below=True), then=Value(Light.RED)),
            When(yellow_q(today, soon) | Q(yellow_below=True), then=Value(Light.YELLOW)),
            default=Value(Light.GREEN), output_field=CharField()),
    )
