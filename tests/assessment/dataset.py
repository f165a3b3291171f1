"""A small fixed month of work (October 2026) for the scoring tests, written as facts onto rows the
services made: when each task was assigned, signed for, due and closed, its reports, the problems, the
study sessions held and the training hours credited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from luoshi.directives.models import Directive
from luoshi.problems.models import Measure, Problem, ProblemEvent
from luoshi.study.models import StudySession
from luoshi.tasks.choices import ExtensionStatus, TaskStatus
from luoshi.tasks.models import ExtensionRequest, Feedback, Task
from luoshi.training.models import Enrolment, Training
from tests.factories import UnitFactory, task_of

from .conftest import Org, moment, set_up_on

D = dt.date
SEPTEMBER = D(2026, 9, 1)


def task(
    unit: Any, *, assigned: D, due: D, ack: D | None = None, closed: D | None = None, ack_hour: int = 10
) -> Task:
    made = task_of(unit, title=f"{unit.name}的任务")
    status = TaskStatus.CLOSED if closed else (TaskStatus.IN_PROGRESS if ack else TaskStatus.ASSIGNED)
    Task.objects.filter(pk=made.pk).update(
        assigned_at=moment(assigned),
        acknowledged_at=moment(ack, ack_hour) if ack else None,
        due_date=due,
        closed_at=moment(closed) if closed else None,
        status=status,
    )
    made.refresh_from_db()
    return made


def report(made: Task, due: D, late: bool) -> None:
    Feedback.objects.create(
        task=made,
        author=made.lead_unit.people.first(),
        progress_text="进展",
        percent=50,
        period_due=due,
        late=late,
    )


def problem(
    unit: Any, *, measure_due: D, closed: D | None, found: D = SEPTEMBER, status: str = ""
) -> Problem:
    made = Problem.objects.create(
        title=f"{unit.name}的问题",
        description="问题",
        source="inspection",
        unit=unit,
        responsible_unit=unit,
        found_on=found,
        status=status or ("closed" if closed else "rectifying"),
        closed_at=moment(closed) if closed else None,
    )
    measure = task(unit, assigned=found, ack=found, due=measure_due, closed=closed)
    Measure.objects.create(problem=made, task=measure, kind="quick")
    return made


def studied(unit: Any, on: D, directive: Directive) -> None:
    head = unit.people.first()
    StudySession.objects.create(
        directive=directive, unit=unit, held_on=on, led_by=head, notes="学习", recorded_by=head
    )


def trained(org: Org, ends: D, hours: dict[str, int | None]) -> None:
    """A two-day course ending on ``ends``, the section heads' attendance by section code (None: absent)."""
    course = Training.objects.create(
        topic=f"{ends:%m月%d日}结业的培训",
        unit=org.root,
        audience="科室干部",
        hours=16,
        starts_on=ends - dt.timedelta(days=1),
        ends_on=ends,
        created_by=org.head,
    )
    for code, credited in hours.items():
        Enrolment.objects.create(
            training=course,
            person=org.heads[code],
            enrolled_by=org.head,
            status="attended" if credited else "absent",
            hours=credited or 0,
        )


def build(org: Org) -> dict[str, Any]:
    a, b, c = org.sections["a"], org.sections["b"], org.sections["c"]
    task(a, assigned=D(2026, 10, 3), ack=D(2026, 10, 4), due=D(2026, 10, 20), closed=D(2026, 10, 18))
    late = task(a, assigned=D(2026, 10, 5), ack=D(2026, 10, 9), due=D(2026, 10, 25), closed=D(2026, 10, 28))
    extended = task(a, assigned=D(2026, 9, 20), ack=D(2026, 9, 21), due=D(2026, 10, 30))
    ExtensionRequest.objects.create(
        task=extended,
        requested_by=org.heads["a"],
        new_due_date=D(2026, 10, 30),
        old_due_date=D(2026, 10, 10),
        reason="需补充调研",
        status=ExtensionStatus.APPROVED,
    )
    for due, is_late in [(D(2026, 10, 10), False), (D(2026, 10, 20), False), (D(2026, 10, 30), True)]:
        report(late, due, is_late)
    problem(a, measure_due=D(2026, 10, 15), closed=D(2026, 10, 14))
    problem(a, measure_due=D(2026, 10, 20), closed=D(2026, 11, 2))
    rebound = problem(a, measure_due=D(2026, 11, 30), closed=None)
    ProblemEvent.objects.create(problem=rebound, kind="rebounded", at=moment(D(2026, 10, 10)))
    for unit in (b, c):  # the same month's work: a tie
        done = task(
            unit, assigned=D(2026, 10, 2), ack=D(2026, 10, 3), due=D(2026, 10, 15), closed=D(2026, 10, 14)
        )
        report(done, D(2026, 10, 10), False)
    task(org.county, assigned=D(2026, 10, 10), due=D(2026, 10, 31))
    mid_year = UnitFactory(name="新设科室", parent=org.root)
    set_up_on(mid_year, D(2026, 10, 15))
    task(mid_year, assigned=D(2026, 10, 20), ack=D(2026, 10, 21), due=D(2026, 10, 30), closed=D(2026, 10, 29))
    too_new = UnitFactory(name="十一月新设科室", parent=org.root)
    set_up_on(too_new, D(2026, 11, 5))
    task(too_new, assigned=D(2026, 11, 6), ack=D(2026, 11, 6), due=D(2026, 11, 30))
    speech = Directive.objects.create(title="部长讲话", kind="speech", issued_on=SEPTEMBER, text="一要学习。")
    for unit, on in [(a, D(2026, 9, 28)), (a, D(2026, 10, 8)), (a, D(2026, 10, 22))]:
        studied(unit, on, speech)
    for unit in (b, c):  # the tie holds: one session each, 8 hours each
        studied(unit, D(2026, 10, 12), speech)
    studied(org.sections["d"], D(2026, 11, 2), speech)  # after the month: 研究室 still has nothing
    trained(org, D(2026, 10, 20), {"a": 16, "b": 8, "c": 8, "d": None})
    trained(org, D(2026, 11, 3), {"b": 16, "c": 16})
    return {"mid_year": mid_year, "too_new": too_new}
