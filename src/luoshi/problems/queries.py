"""What the ledger, the API and the problem page read: rows with their measures' light, in a few queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from luoshi.core.querysets import RestrictedQuerySet
from luoshi.tasks.choices import Light, TaskStatus
from luoshi.tasks.lights import thresholds
from luoshi.tasks.matters import Matter
from luoshi.tasks.models import CloseRequest, Task

from .choices import ProblemStatus
from .models import Measure, Problem
from .visibility import visible_ids


def ledger_rows() -> RestrictedQuerySet:
    """Problems with what the API's list and the Excel export show of each."""
    return Problem.objects.select_related("unit", "category", "responsible_unit", "leader", "common").defer(
        "tokens", "description", "root_cause", "close_note"
    )


def ledger_queryset(user: Any) -> QuerySet:
    return ledger_rows().restrict(user, "view").order_by("-found_on", "-id")


def api_rows(keys: Sequence[int]) -> list[Problem]:
    """The API's list rows of a page of keys, in the keys' order. Read apart from the keys: joined to
    the units while still filtering, SQLite drove a section's list from the units table and sorted all
    100,000 problems (0.8 s)."""
    return in_key_order(ledger_rows(), keys)


# What a ledger row shows (problems/ledger.html), and no more: 50 rows with their units and categories.
LEDGER_FIELDS = [
    *("title", "source", "severity", "status", "found_on", "origin_label"),
    *("previous", "recurring", "recheck_on"),
    *("unit__name", "unit__short_name", "category__name", "common__title"),
]


def rows_of(keys: Sequence[int]) -> list[Problem]:
    """The ledger rows of a page of keys, in the keys' order."""
    return in_key_order(
        Problem.objects.select_related("unit", "category", "common").only(*LEDGER_FIELDS), keys
    )


def in_key_order(rows: QuerySet, keys: Sequence[int]) -> list[Problem]:
    found = rows.in_bulk(list(keys))
    return [found[pk] for pk in keys if pk in found]


def annotate_measures(problems: Sequence[Problem], today: dt.date | None = None) -> list[Problem]:
    """Set on each problem of a page ``measure_count``, ``open_measure_count``, ``next_due`` (the earliest
    deadline of its open measures) and ``light`` (red: a measure is overdue; yellow: one is due within 3
    working days; green: measures open and in time; none otherwise) — one query for the page."""
    today, soon = thresholds(today or timezone.localdate())
    ids = [p.pk for p in problems]
    common_ids = {p.common_id for p in problems if p.common_id}
    rows = (
        Measure.objects.filter(problem_id__in=ids)
        .order_by()
        .values_list("problem_id", "common_id", "task__status", "task__due_date")
    )
    if common_ids:
        rows = rows.union(
            Measure.objects.filter(common_id__in=common_ids)
            .order_by()
            .values_list("problem_id", "common_id", "task__status", "task__due_date"),
            all=True,
        )
    by_problem: dict[int, list[tuple[str, dt.date | None]]] = defaultdict(list)
    by_common: dict[int, list[tuple[str, dt.date | None]]] = defaultdict(list)
    for problem_id, common_id, status, due in rows:
        (by_problem[problem_id] if problem_id else by_common[common_id]).append((status, due))
    for problem in problems:
        measures = by_problem.get(problem.pk, []) + by_common.get(problem.common_id or 0, [])
        dues = [due for status, due in measures if status in TaskStatus.OPEN and due is not None]
        open_count = sum(1 for status, _ in measures if status in TaskStatus.OPEN)
        if problem.status != ProblemStatus.RECTIFYING or not open_count:
            light = Light.NONE
        elif dues and min(dues) < today:
            light = Light.RED
        elif dues and min(dues) <= soon:
            light = Light.YELLOW
        else:
            light = Light.GREEN
        problem.__dict__.update(
            measure_count=len(measures),
            open_measure_count=open_count,
            next_due=min(dues) if dues else None,
            light=light,
            light_label=Light.label(light),
            light_color=Light.color(light),
        )
    return list(problems)


def annotate_previous(problems: Sequence[Problem], user: Any) -> list[Problem]:
    """Set on each problem ``shown_previous``: its ``previous`` (旧问题) when ``user`` may see that one, else
    None — a page or answer names an earlier problem only to who may read it. One query for the page."""
    seen = visible_ids(user, (p.previous_id for p in problems))
    for problem in problems:
        problem.__dict__["shown_previous"] = problem.previous_id if problem.previous_id in seen else None
    return list(problems)


def measure_matter(user: Any, task: Any) -> Matter | None:
    """The problem a measure's task rectifies, for its page to lead back to (None: not a measure, a common
    problem's, or a problem the reader may not see)."""
    measure = (
        Measure.objects.filter(task_id=task.pk, problem__isnull=False)
        .select_related("problem")
        .only("problem__title")
        .first()
    )
    if measure is None or measure.problem is None or not visible_ids(user, [measure.problem_id]):
        return None
    return Matter("整改问题", measure.problem.title, reverse("problems:detail", args=[measure.problem_id]))


def with_close_evidence(measures: Sequence[Measure], user: Any) -> Sequence[Measure]:
    """Set on each closed measure its task's approved 销号 (``evidence``: what was reported done, with its
    files), for the reviewer to judge the problem's close-out on its page; one query, and only of the
    tasks the reader may open."""
    closed = [m.task_id for m in measures if m.task.status == TaskStatus.CLOSED]
    approved = (
        CloseRequest.objects.filter(approved=True, task__in=Task.objects.restrict(user).filter(pk__in=closed))
        .prefetch_related("files")
        .order_by("task_id", "-decided_at", "-id")
        if closed
        else []
    )
    latest: dict[int, CloseRequest] = {}
    for request in approved:
        latest.setdefault(request.task_id, request)
    for measure in measures:
        measure.evidence = latest.get(measure.task_id)  # type: ignore[attr-defined]
    return measures
