"""The leaders' overview (领导总览): the units one level below where the reader stands, each with the
lights of the open tasks its subtree leads and its report timeliness. A province head reads 14 cities
and the provincial sections, not 1,500 rows, and drills down from there (province → city → county).

Counted from the covering index on open tasks and from the reports of the window, read by their due
day's index or, where SQLite's statistics prefer it, by task: never a walk of every report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from luoshi.core.errors import NotFound
from luoshi.core.filters import whole_number
from luoshi.core.trees import path_ids
from luoshi.org.models import Unit
from luoshi.org.scopes import VIEW, Scope, oversees, unit_scope

from .choices import Light, TaskStatus
from .lights import light_parts, periods_answered, report_due_q, report_owed_q, reported_late_q, thresholds
from .models import Task

TIMELINESS_MONTHS = 3
CACHE_SECONDS = 60


@dataclass
class Row:
    unit: Unit
    own_only: bool = False  # the standing unit's own tasks, apart from its sub-units'
    can_drill: bool = False
    counts: dict[str, int] = field(default_factory=lambda: {Light.RED: 0, Light.YELLOW: 0, Light.GREEN: 0})
    reports: int = 0  # report periods answered, due since ``Overview.since``
    late: int = 0  # of which answered after their due date
    missing: int = 0  # reports owed and still not sent (due before today)
    due_tasks: int = 0  # the tasks behind ``due`` (lights.report_due_q)
    late_tasks: int = 0  # the tasks behind ``late`` (lights.reported_late_q)

    @property
    def open(self) -> int:
        return sum(self.counts.values())

    @property
    def reach(self) -> str:
        """The ledger's filter for the tasks this row counts."""
        return f"lead_unit={self.unit.pk}" if self.own_only else f"under={self.unit.pk}"

    @property
    def due(self) -> int:
        return self.reports + self.missing

    @property
    def rate(self) -> int | None:
        """及时率 (docs/figures.md): reports sent on time / reports due, a missing one counting as late."""
        return round(100 * (self.reports - self.late) / self.due) if self.due else None


@dataclass
class Overview:
    root: Unit | None
    trail: list[Unit]
    rows: list[Row]
    unit_ids: list[int] | None  # None: every unit
    since: dt.date
    counted_at: dt.datetime
    closed_recently: int
    closed_since: dt.date  # 近30天销号 counts the tasks closed on this day or later

    def totals(self) -> dict[str, int]:
        return {
            light: sum(row.counts[light] for row in self.rows)
            for light in (Light.RED, Light.YELLOW, Light.GREEN)
        }

    def tasks(self) -> QuerySet:
        return _led_by(self.unit_ids)


def _led_by(unit_ids: list[int] | None) -> QuerySet:
    """The tasks the overview counts: those led by the units under where the reader stands."""
    return Task.objects.all() if unit_ids is None else Task.objects.filter(lead_unit__in=unit_ids)


def build(user: Any, today: dt.date, root_id: int | None = None) -> Overview:
    """Counted at most once a minute for the same reach and standing point, shared by every reader.

    At province size the counts read tens of thousands of index entries; a leader's dashboard a minute
    old is what the page says it is ("统计于 …"), and the overdue list beside it is always live."""
    scope = unit_scope(user, VIEW)
    key = f"luoshi:overview:{today}:{root_id}:{scope.key}"
    overview = cache.get(key)
    if overview is None:
        overview = _build(scope, today, root_id)
        cache.set(key, overview, CACHE_SECONDS)
    return overview


def _build(scope: Scope, today: dt.date, root_id: int | None) -> Overview:
    units = Unit.objects.only("pk", "code", "name", "short_name", "parent_id", "tree_path")
    units = list(units if scope.everything else units.filter(pk__in=scope.unit_ids))
    by_id = {u.pk: u for u in units}
    if root_id is not None and root_id not in by_id:
        raise NotFound("单位不存在或不在您的查看范围内")
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id if unit.parent_id in by_id else None, []).append(unit)
    root = by_id.get(root_id) if root_id is not None else None
    if root is None and len(children.get(None, [])) == 1:
        root = children[None][0]
    rows = [
        Row(unit=u, can_drill=bool(children.get(u.pk))) for u in children.get(root.pk if root else None, [])
    ]
    if root is not None:
        rows.insert(0, Row(unit=root, own_only=True))
    row_of = _assign(units, rows, root)
    whole = scope.everything and (root is None or children.get(None) == [root])
    counted = None if whole else list(row_of)
    _count_lights(row_of, counted, today)
    since = window_start(today)
    _count_reports(row_of, counted, since, today)
    rows = [row for row in rows if not row.own_only or row.open or row.due]
    rows.sort(key=lambda r: (not r.own_only, -r.counts[Light.RED], -r.counts[Light.YELLOW], r.unit.tree_path))
    trail = [by_id[pk] for pk in path_ids(root.tree_path) if pk in by_id] if root else []
    tasks = _led_by(counted)
    closed_since = today - dt.timedelta(days=30)
    return Overview(
        root=root,
        trail=trail,
        rows=rows,
        since=since,
        unit_ids=counted,
        counted_at=timezone.now(),
        closed_recently=tasks.filter(
            status=TaskStatus.CLOSED,
            closed_at__gte=timezone.make_aware(dt.datetime.combine(closed_since, dt.time.min)),
        ).count(),
        closed_since=closed_since,
    )


def _assign(units: list[Unit], rows: list[Row], root: Unit | None) -> dict[int, Row]:
    """Each unit under the standing point → the row that counts it (its own row's subtree)."""
    row_by_unit = {row.unit.pk: row for row in rows if not row.own_only}
    own = next((row for row in rows if row.own_only), None)
    row_of: dict[int, Row] = {}
    for unit in units:
        if own is not None and unit.pk == own.unit.pk:
            row_of[unit.pk] = own
            continue
        for pk in path_ids(unit.tree_path):
            if pk in row_by_unit:
                row_of[unit.pk] = row_by_unit[pk]
                break
    return row_of


def _count_lights(row_of: dict[int, Row], unit_ids: list[int] | None, today: dt.date) -> None:
    """Open tasks per unit, then red and yellow per unit part by part (each an index range over few rows);
    green is what is left. Grouped by status too, so the open count is read from one covering index."""
    today, soon = thresholds(today)
    open_ = _led_by(unit_ids).filter(status__in=TaskStatus.OPEN).order_by()

    def per_unit(tasks: QuerySet, by_status: bool = False) -> Iterable[tuple[int, int]]:
        grouping = ("status", "lead_unit_id") if by_status else ("lead_unit_id",)
        return tasks.values(*grouping).annotate(n=Count("pk")).values_list("lead_unit_id", "n")

    for unit_id, n in per_unit(open_, by_status=True):
        if unit_id in row_of:
            row_of[unit_id].counts[Light.GREEN] += n
    for light in (Light.RED, Light.YELLOW):
        for part in light_parts(light, today, soon):
            for unit_id, n in per_unit(open_.filter(part)):
                if unit_id in row_of:
                    row_of[unit_id].counts[light] += n
                    row_of[unit_id].counts[Light.GREEN] -= n


def window_start(today: dt.date) -> dt.date:
    """The first day of the report periods 及时率 counts: the first of the month two months back."""
    return (today.replace(day=1) - dt.timedelta(days=31 * (TIMELINESS_MONTHS - 1))).replace(day=1)


def periods_by_unit(unit_ids: list[int] | None, since: dt.date) -> QuerySet:
    """The report periods due since ``since`` and answered, and how many of them late, by the unit now
    leading their task: counted from the reports' covering index (period_due, task, late)."""
    answered = periods_answered(since)
    if unit_ids is not None:
        answered = answered.filter(task__lead_unit__in=unit_ids)
    return (
        answered.order_by()
        .values("task__lead_unit_id")
        .annotate(reports=Count("task"), late=Count("task", filter=Q(late=True)))
    )


def _count_reports(
    row_of: dict[int, Row], unit_ids: list[int] | None, since: dt.date, today: dt.date
) -> None:
    """Report periods due since ``since`` and answered, by the unit now leading their task, and reports
    owed and not yet sent, whenever they fell due (they are late now); beside the periods, the tasks
    they concern, counted by the ledger's filters for them. Periods and tasks are read from the same
    reports (``lights.periods_answered``), so they agree whatever day ``since`` is."""
    for counted in periods_by_unit(unit_ids, since):
        row = row_of.get(counted["task__lead_unit_id"])
        if row is not None:
            row.reports += counted["reports"]
            row.late += counted["late"]
    for attr, tasks in (
        ("missing", report_owed_q(today)),
        ("due_tasks", report_due_q(since, today)),
        ("late_tasks", reported_late_q(since)),
    ):
        counted = _led_by(unit_ids).filter(tasks).order_by().values("lead_unit_id").annotate(n=Count("pk"))
        for unit_id, n in counted.values_list("lead_unit_id", "n"):
            row = row_of.get(unit_id)
            if row is not None:
                setattr(row, attr, getattr(row, attr) + n)


def reach_words(user: Any, under: str | None) -> str:
    """Whose tasks the overview counts, and the ledger lists under its ``under`` filter (the overview's
    reach), in words a leader reads at a glance: the tasks led by the units the reader reaches, never the
    sub-tasks another unit leads under them, which the ledger without that filter lists as well (任务台账:
    您可查看的全部任务). ``under``: ``all``, or a unit's id (a unit the overview drilled into)."""
    if not under:
        return ""
    scope = unit_scope(user, VIEW)  # the page's: computed once per request with the user's grants
    if scope.everything:
        charge = "全部单位"
    elif oversees(user):
        charge = "本人分管的单位"
    else:
        charge = "本单位及下级单位"
    pk = whole_number(under)
    unit = Unit.objects.filter(pk=pk).first() if pk else None
    if unit is None:
        return charge if under == "all" else ""
    covered = Unit.objects.exclude(tree_path__startswith=unit.tree_path)
    if scope.everything:
        whole = unit.parent_id is None
    else:
        whole = not covered.filter(pk__in=sorted(scope.unit_ids)).exists()
    if whole:  # where the overview stands before any drilling: every unit the reader reaches is below
        return charge
    below = f"{unit.display_name}及其下级单位"
    return below if scope.everything else f"{charge}中{below}"
