"""The leaders' overview (领导总览): the units one level below where the reader stands, each with the
lights of the open tasks its subtree leads and its report timeliness. A province head reads 14 cities
and the provincial sections, not 1,500 rows, and drills down from there (province → city → county).

Counted from the covering index on open tasks and from the monthly report tallies, so the page costs
the same at 200 tasks and at 200,000.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum

from luoshi.core.errors import NotFound
from luoshi.core.trees import path_ids
from luoshi.org.models import Unit
from luoshi.org.scopes import VIEW, unit_scope

from .choices import Light, TaskStatus
from .lights import light_q, thresholds
from .models import ReportTally, Task

TIMELINESS_MONTHS = 3


@dataclass
class Row:
    unit: Unit
    own_only: bool = False        # the standing unit's own tasks, apart from its sub-units'
    can_drill: bool = False
    counts: dict[str, int] = field(default_factory=lambda: {Light.RED: 0, Light.YELLOW: 0, Light.GREEN: 0})
    reports: int = 0
    late: int = 0

    @property
    def open(self) -> int:
        return sum(self.counts.values())

    @property
    def rate(self) -> int | None:
        return round(100 * (self.reports - self.late) / self.reports) if self.reports else None


@dataclass
class Overview:
    root: Unit | None
    trail: list[Unit]
    rows: list[Row]
    unit_ids: list[int] | None    # None: every unit
    since: dt.date

    def totals(self) -> dict[str, int]:
        return {light: sum(row.counts[light] for row in self.rows) for light in (Light.RED, Light.YELLOW, Light.GREEN)}

    def tasks(self) -> QuerySet:
        """The tasks the overview counts: those led by the units under where the reader stands."""
        return Task.objects.all() if self.unit_ids is None else Task.objects.filter(lead_unit__in=self.unit_ids)


def build(user: Any, today: dt.date, root_id: int | None = None) -> Overview:
    scope = unit_scope(user, VIEW)
    units = list(Unit.objects.all() if scope.everything else Unit.objects.filter(pk__in=scope.unit_ids))
    by_id = {u.pk: u for u in units}
    if root_id is not None and root_id not in by_id:
        raise NotFound("单位不存在或不在您的查看范围内")
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id if unit.parent_id in by_id else None, []).append(unit)
    root = by_id.get(root_id) if root_id is not None else None
    if root is None and len(children.get(None, [])) == 1:
        root = children[None][0]
    rows = [Row(unit=u, can_drill=bool(children.get(u.pk))) for u in children.get(root.pk if root else None, [])]
    if root is not None:
        rows.insert(0, Row(unit=root, own_only=True))
    row_of = _assign(units, rows, root)
    whole = scope.everything and (root is None or children.get(None) == [root])
    counted = None if whole else list(row_of)
    _count_lights(row_of, counted, today)
    since = (today.replace(day=1) - dt.timedelta(days=31 * (TIMELINESS_MONTHS - 1))).replace(day=1)
    _count_reports(row_of, counted, since)
    rows = [row for row in rows if not row.own_only or row.open or row.reports]
    rows.sort(key=lambda r: (not r.own_only, -r.counts[Light.RED], -r.counts[Light.YELLOW], r.unit.tree_path))
    trail = [by_id[pk] for pk in path_ids(root.tree_path) if pk in by_id] if root else []
    return Overview(root=root, trail=trail, rows=rows, since=since, unit_ids=counted)


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
    today, soon = thresholds(today)
    tasks = Task.objects.filter(status__in=TaskStatus.OPEN)
    if unit_ids is not None:
        tasks = tasks.filter(lead_unit__in=unit_ids)
    counts = (tasks.order_by().values("lead_unit_id")
              .annotate(**{light: Count("pk", filter=light_q(light, today, soon))
                           for light in (Light.RED, Light.YELLOW, Light.GREEN)}))
    for counted in counts:
        row = row_of.get(counted["lead_unit_id"])
        if row is not None:
            for light in row.counts:
                row.counts[light] += counted[light]


def _count_reports(row_of: dict[int, Row], unit_ids: list[int] | None, since: dt.date) -> None:
    tallies = ReportTally.objects.filter(month__gte=since)
    if unit_ids is not None:
        tallies = tallies.filter(unit__in=unit_ids)
    tallies = tallies.order_by().values("unit_id").annotate(reports=Sum("total"), late=Sum("late"))
    for tally in tallies:
        row = row_of.get(tally["unit_id"])
        if row is not None:
            row.reports += tally["reports"]
            row.late += tally["late"]
