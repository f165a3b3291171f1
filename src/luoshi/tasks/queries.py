"""What the task lists read: the visible tasks as plain rows with their lights and names, a page at a
time, and the ledger's rows for the Excel export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import islice
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.db.models import F, Max, QuerySet
from django.utils import timezone

from luoshi.core.cadence import parse
from luoshi.core.filters import whole_number
from luoshi.core.prepared import PreparedValues
from luoshi.org.models import display_name
from luoshi.org.scopes import VIEW, unit_scope

from .choices import EventKind, Light, TaskStatus
from .lights import light_of, thresholds, with_lights
from .models import Feedback, Task, TaskEvent
from .visibility import reach

ROW_FIELDS = [
    "id",
    "title",
    "description",
    "parent_id",
    "directive_id",
    "requirement_id",
    "is_key",
    "lead_unit_id",
    "owner_id",
    "leader_id",
    "start_date",
    "due_date",
    "cadence",
    "finish_standard",
    "weight",
    "status",
    "progress",
    "next_report_due",
    "recheck_on",
    "children_count",
    "open_children_count",
    "created_at",
    "updated_at",
    "created_by_id",  # with the two below: the rules' predicates read a row as they read a task
    "assigned_by_id",
]


class TaskRow(SimpleNamespace):
    """A task as the lists and the API show it: its columns, light and names as plain values.

    Building 50 Task objects with their units and co-unit managers cost more than the queries behind a
    whole page; a row reads like a task where lists read one (``pk``, ``lead_unit.name``,
    ``status_label``)."""

    @property
    def pk(self) -> int:
        return self.id

    @property
    def status_label(self) -> str:
        return TaskStatus.label(self.status)


# A page's rows and their co-units, compiled once (luoshi.core.prepared): building and compiling the
# joined query cost more than running it.
_PAGE_ROWS = PreparedValues(
    lambda ids: Task.objects.filter(pk__in=ids).values(
        *ROW_FIELDS,
        "subtree_due_date",
        "subtree_report_due",
        "subtree_pace_date",
        parent_title=F("parent__title"),
        directive_title=F("directive__title"),
        owner_name=F("owner__name"),
        leader_name=F("leader__name"),
        lead_unit_name=F("lead_unit__name"),
        lead_unit_short_name=F("lead_unit__short_name"),
    )
)
_PAGE_CO_UNITS = PreparedValues(
    lambda ids: (
        Task.co_units.through.objects.filter(task_id__in=ids)
        .order_by("unit__tree_path", "unit__sort_order", "unit_id")
        .values("task_id", "unit_id", unit_name=F("unit__name"))
    )
)


def late_rows(rows: QuerySet | list[int], today: dt.date) -> list[TaskRow]:
    """Order and slice the bare rows, then read only the slice with its lights and names (a "late row
    lookup"), in its order: a page of 50 out of thousands computes 50 lights, not thousands (SQLite
    evaluates every selected column before it sorts)."""
    ids = list(rows.values_list("pk", flat=True)) if isinstance(rows, QuerySet) else list(rows)
    if not ids:
        return []
    today, soon = thresholds(today)
    co_units: dict[int, list[tuple[int, str]]] = {pk: [] for pk in ids}
    for link in _PAGE_CO_UNITS.rows(ids):
        co_units[link["task_id"]].append((link["unit_id"], link["unit_name"]))
    by_id = {}
    for row in _PAGE_ROWS.rows(ids):
        row["light"] = light_of(
            row["status"],
            row.pop("subtree_due_date"),
            row.pop("subtree_report_due"),
            row.pop("subtree_pace_date"),
            today,
            soon,
        )
        row["overdue"] = row["light"] == Light.RED and row["due_date"] is not None and row["due_date"] < today
        name, short_name = row.pop("lead_unit_name"), row.pop("lead_unit_short_name")
        row["lead_unit"] = SimpleNamespace(
            pk=row["lead_unit_id"],
            name=name,
            short_name=short_name,
            display_name=display_name(name, short_name),
        )
        row["co_units"] = [pk for pk, _ in co_units[row["id"]]]
        row["co_unit_names"] = [name for _, name in co_units[row["id"]]]
        by_id[row["id"]] = TaskRow(**row)
    return [by_id[pk] for pk in ids if pk in by_id]


def task_row(pk: int) -> TaskRow:
    """One task as the lists show it (lights, names), for an API answer after a change."""
    rows = late_rows([pk], timezone.localdate())
    if not rows:
        raise Task.DoesNotExist(pk)
    return rows[0]


class VisibleByDueDate:
    """The tasks a user may see, by deadline, for a list with no other filter (a unit's 任务台账 as it
    opens, the task list API without filters): the set of ``Task.objects.restrict(user, "view")``, but
    the tasks below the ones seen directly come with their deadline from the ancestors table's index
    (``visibility.Reach.visible_by_due_date``). Ordering thousands of visible tasks by ``due_date``
    otherwise looked up each task row: 13 of the 16 ms PostgreSQL spent on the first page of a province
    section's 9,151 tasks."""

    PARAMS = {"page", "page_size", "ordering"}

    def __init__(self, user: Any, descending: bool = False) -> None:
        self._reach = reach(user, VIEW)
        self._order = "DESC NULLS LAST, id DESC" if descending else "ASC NULLS LAST, id ASC"

    @classmethod
    def for_list(cls, user: Any, params: Any) -> VisibleByDueDate | None:
        """The source for these list parameters, or None when the ordinary query must answer them."""
        ordering = params.get("ordering") or "due_date"
        if (
            set(params) - cls.PARAMS
            or ordering not in ("due_date", "-due_date")
            or unit_scope(user, VIEW).everything
        ):
            return None
        return cls(user, descending=ordering == "-due_date")

    def _visible(self) -> tuple[str, list[Any]]:
        """The visible (id, deadline) pairs as SQL: a window count and NULLS LAST ordering over a UNION
        are beyond the ORM's combined queries, so the ORM's own SQL is wrapped. Compiling the union took
        2 ms, more than running it; its text depends only on which links hold how many ids, so it is
        compiled once for each such shape."""
        links = self._reach.links
        params = [pk for link in links for pk in link.ids] * 2  # the pairs' parts, then the ancestors' parts
        shape = (connection.vendor, tuple((link.field, len(link.ids)) for link in links))
        if shape not in _VISIBLE_SQL:
            sql, compiled = self._reach.visible_by_due_date().query.sql_with_params()
            if list(compiled) != params:
                return sql, list(compiled)
            _VISIBLE_SQL[shape] = sql
        return _VISIBLE_SQL[shape], params

    def keys_with_total(self, offset: int, limit: int) -> list[tuple[int, int]]:
        sql, params = self._visible()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, COUNT(*) OVER () FROM ({sql}) visible ORDER BY due_date {self._order} "  # noqa: S608
                f"LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            return cursor.fetchall()

    def count(self) -> int:
        sql, params = self._visible()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) visible", params)  # noqa: S608 (the ORM's SQL)
            return cursor.fetchone()[0]


_VISIBLE_SQL: dict[tuple[Any, ...], str] = {}


def visible_tasks(user: Any, params: Any) -> QuerySet:
    """What a filtered list starts from: the user's visible tasks. A list asking for one unit the user may
    view starts from that unit's tasks instead, every one of them visible, so the database reads one
    index range rather than resolving the whole visible set first."""
    unit = whole_number(params.get("lead_unit"))
    if unit is not None and unit in unit_scope(user, VIEW):
        return Task.objects.filter(lead_unit_id=unit)
    return Task.objects.restrict(user, VIEW)


# The ledger's columns (reports.ledger.COLUMNS) as they are read, in that order.
LEDGER_FIELDS = (
    "pk",
    "title",
    "is_key",
    "lead_unit__name",
    "owner__name",
    "leader__name",
    "due_date",
    "cadence",
    "status",
    "light",
    "progress",
    "finish_standard",
    "directive__title",
)
LIGHT_NAMES = {Light.RED: "红", Light.YELLOW: "黄", Light.GREEN: "绿", Light.NONE: ""}
ROWS_PER_QUERY = 2000
LATEST_REPORT_CHARS = 300


def ledger_rows(queryset: QuerySet, today: dt.date) -> Iterator[list[Any]]:
    """The 任务台账's rows from a filtered, ordered task queryset, as the Excel writer and the print view
    take them: plain columns (no model objects), co-units and the latest report read per chunk."""
    rows = with_lights(queryset, today).values_list(*LEDGER_FIELDS).iterator(chunk_size=ROWS_PER_QUERY)
    cadences: dict[str, str] = {}
    number = 0
    while chunk := list(islice(rows, ROWS_PER_QUERY)):
        ids = [row[0] for row in chunk]
        co_units: dict[int, list[str]] = {}
        for task_id, name in (
            Task.co_units.through.objects.filter(task_id__in=ids)
            .order_by("task_id", "unit__sort_order")
            .values_list("task_id", "unit__name")
        ):
            co_units.setdefault(task_id, []).append(name)
        latest = latest_reports(ids)
        signed = signers([row[0] for row in chunk if row[4] is None and row[8] not in TaskStatus.UNSIGNED])
        for (
            pk,
            title,
            key,
            lead,
            owner,
            leader,
            due,
            cadence,
            status,
            light,
            progress,
            standard,
            source,
        ) in chunk:
            number += 1
            if cadence not in cadences:
                cadences[cadence] = parse(cadence).label
            yield [
                number,
                title,
                "★" if key else "",
                lead,
                "、".join(co_units.get(pk, ())),
                owner_words(owner, status, signed.get(pk)),
                leader or "",
                due,
                cadences[cadence],
                TaskStatus.label(status),
                LIGHT_NAMES.get(light, ""),
                f"{progress}%",
                latest.get(pk, ""),
                standard,
                source or "",
            ]


def owner_words(owner: str | None, status: str, signer: str | None) -> str:
    """The 责任人 as the task page and the ledger name it: the task's own; else, once the unit has signed,
    who signed for it (the trail's latest 签收, the only record of it), since the task is theirs until one
    is named; "" when neither."""
    if owner:
        return owner
    if status in TaskStatus.UNSIGNED or not signer:
        return ""
    return f"{signer}（签收人）"


def signers(task_ids: list[int]) -> dict[int, str]:
    """Who last signed (签收) for each task's unit, named as the task's trail names an actor."""
    found: dict[int, str] = {}
    for task_id, name, username in (
        TaskEvent.objects.filter(task_id__in=task_ids, kind=EventKind.ACKNOWLEDGED)
        .order_by("task_id", "at", "id")
        .values_list("task_id", "actor__person__name", "actor__username")
    ):
        found[task_id] = name or username or "系统"
    return found


def latest_reports(task_ids: list[int]) -> dict[int, str]:
    """最新进展: each task's last report as "date：text" (the last submitted; ids follow submission)."""
    last = (
        Feedback.objects.filter(task_id__in=task_ids)
        .values("task_id")
        .annotate(last=Max("id"))
        .values("last")
    )
    return {
        task_id: f"{timezone.localdate(at):%Y-%m-%d}：{text[:LATEST_REPORT_CHARS]}"
        for task_id, text, at in Feedback.objects.filter(pk__in=last).values_list(
            "task_id", "progress_text", "submitted_at"
        )
    }
