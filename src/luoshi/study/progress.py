"""Which units have studied a directive and which have not: the units expected to are those with work under
it (they lead or co-operate on one of its tasks, drafts and cancelled ones aside)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from luoshi.org.models import Unit
from luoshi.tasks.choices import TaskStatus
from luoshi.tasks.models import Task

from .models import StudySession

NOT_WORK = (TaskStatus.DRAFT, TaskStatus.CANCELLED)


@dataclass
class Studied:
    unit: Unit
    sessions: list[StudySession] = field(default_factory=list)
    expected: bool = True

    @property
    def last(self) -> StudySession:
        return self.sessions[-1]


@dataclass
class Progress:
    studied: list[Studied]
    pending: list[Unit]
    visible: set[int]  # the sessions the reader may open
    may_record: bool  # the reader may record a session (study.add_session, the form's own rule)

    @property
    def expected_count(self) -> int:
        return sum(s.expected for s in self.studied) + len(self.pending)


def expected_unit_ids(directive_ids: list[int]) -> dict[int, set[int]]:
    """directive id → the units with work under it, in one query. This app makes no task: a task is put
    under a directive only by who may take up its requirements (directives.link_task, asked by
    tasks.services.create_task), so a unit does not put itself (or another) on this list."""
    tasks = Task.objects.filter(directive_id__in=directive_ids).exclude(status__in=NOT_WORK)
    found: dict[int, set[int]] = {pk: set() for pk in directive_ids}
    for directive_id, lead, co in tasks.values_list("directive_id", "lead_unit_id", "co_units").distinct():
        found[directive_id].add(lead)
        if co is not None:
            found[directive_id].add(co)
    return found


def directive_progress(directive: Any, user: Any) -> Progress:
    """The directive page's 学习情况: each unit that studied it with its sessions, the expected ones that
    have not, and which sessions ``user`` may open."""
    expected = expected_unit_ids([directive.pk])[directive.pk]
    sessions = (
        StudySession.objects.filter(directive=directive)
        .select_related("unit", "led_by")
        .order_by("unit__tree_path", "held_on", "id")
    )
    by_unit: dict[int, Studied] = {}
    for session in sessions:
        row = by_unit.setdefault(session.unit_id, Studied(session.unit, expected=session.unit_id in expected))
        row.sessions.append(session)
    pending = list(
        Unit.objects.filter(pk__in=sorted(expected - set(by_unit)), is_active=True).order_by("tree_path")
    )
    visible = set(
        StudySession.objects.restrict(user).filter(directive=directive).values_list("pk", flat=True)
    )
    return Progress(list(by_unit.values()), pending, visible, user.has_perm("study.add_session"))


@dataclass
class ToStudy:
    unit: Unit
    directive_id: int
    title: str
    issued_on: dt.date


def to_study(units: list[Unit], limit: int = 20) -> list[ToStudy]:
    """Directives the units have work under and have not studied yet, newest first."""
    if not units:
        return []
    by_pk = {u.pk: u for u in units}
    work = (
        Task.objects.filter(Q(lead_unit__in=units) | Q(co_units__in=units), directive__isnull=False)
        .exclude(status__in=NOT_WORK)
        .values_list("directive_id", "directive__title", "directive__issued_on", "lead_unit_id", "co_units")
        .distinct()
    )
    studied = set(
        StudySession.objects.filter(unit__in=units).values_list("directive_id", "unit_id").distinct()
    )
    found: dict[tuple[int, int], ToStudy] = {}
    for directive_id, title, issued_on, lead, co in work:
        for unit_id in (lead, co):
            if unit_id in by_pk and (directive_id, unit_id) not in studied:
                found.setdefault(
                    (directive_id, unit_id), ToStudy(by_pk[unit_id], directive_id, title, issued_on)
                )
    return sorted(found.values(), key=lambda t: (t.issued_on, t.directive_id), reverse=True)[:limit]
