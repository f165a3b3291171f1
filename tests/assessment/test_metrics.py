"""The quota figures: study sessions held and training hours credited, per unit, in one grouped query each,
with the rows behind them linking to the sessions and trainings."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from luoshi.assessment.explain import link
from luoshi.assessment.metrics import METRICS, Window, figure_text, figures, points, rows_behind
from luoshi.directives import services as directive_services
from luoshi.org.models import Person, Unit
from luoshi.study import services as study
from luoshi.training import services as training


@pytest.fixture
def window():
    today = timezone.localdate()
    return Window(today - dt.timedelta(days=20), today, today)


@pytest.fixture
def units(demo):
    return {code: Unit.objects.get(code=code) for code in ("gb1", "gb2", "zz1")}


def person(username):
    return Person.objects.get(user__username=username)


@pytest.fixture
def sessions(user, units):
    """干部一科 studies twice in the window and once before it; 干部二科 once; 组织一科 never."""
    today = timezone.localdate()
    directive = directive_services.create_directive(
        actor=user("bgs-staff"), title="讲话", text="一要加强学习。", issued_on=today - dt.timedelta(days=60)
    )
    made = []
    for code, days in (("gb1", 2), ("gb1", 5), ("gb1", 40), ("gb2", 3)):
        made.append(
            study.record_session(
                actor=user(f"{code}-staff"),
                directive=directive,
                unit=units[code],
                held_on=today - dt.timedelta(days=days),
                led_by=person(f"{code}-head"),
                attendees=[person(f"{code}-staff"), person(f"{code}-head")],
                notes="学习讲话",
            )
        )
    return made


def test_study_sessions_are_counted_per_unit_against_the_target(sessions, units, window):
    metric = METRICS["study_sessions"]
    ids = [u.pk for u in units.values()]
    found = figures(metric, window, ids)
    assert found == {units["gb1"].pk: (2, 2), units["gb2"].pk: (1, 1)}
    assert points(metric, 2, 2, Decimal(2)) == 100 and points(metric, 1, 1, Decimal(2)) == 50
    assert points(metric, 0, 0, None) == 0  # never studied: 0 points, not "nothing to assess"
    assert points(metric, 3, 3, None) == 100  # the target reached is full marks, no more
    assert figure_text(metric, 2, 2) == "2次"
    behind = rows_behind(metric, window, ids)
    assert [(r["kind"], r["id"], r["title"]) for r in behind[units["gb1"].pk]] == [
        ("study", sessions[1].pk, "讲话"),
        ("study", sessions[0].pk, "讲话"),
    ]
    assert behind[units["zz1"].pk] == []
    assert link("study", sessions[0].pk) == f"/study/{sessions[0].pk}/"


def test_training_hours_add_up_per_unit_of_the_people_trained(user, units, window):
    today = timezone.localdate()
    course = training.plan_training(
        actor=user("bgs-staff"),
        topic="业务培训",
        unit=Unit.objects.get(parent__isnull=True),
        audience="科室干部",
        audience_units=[units["gb1"], units["gb2"]],
        hours=16,
        starts_on=today - dt.timedelta(days=3),
        ends_on=today - dt.timedelta(days=2),
    )
    people = [person("gb1-staff"), person("gb1-head"), person("gb2-staff"), person("gb2-head")]
    training.enrol(course, actor=user("bgs-staff"), people=people)
    marks = {people[0].pk: 16, people[1].pk: 8, people[2].pk: None}
    training.mark_attendance(course, actor=user("bgs-staff"), marks=marks)
    metric = METRICS["training_hours"]
    ids = [u.pk for u in units.values()]
    assert figures(metric, window, ids) == {units["gb1"].pk: (2, 24)}
    assert points(metric, 2, 24, None) == 60  # 24 of the default 40 hours
    assert figure_text(metric, 2, 24) == "24学时（2条参训记录）"
    behind = rows_behind(metric, window, ids)[units["gb1"].pk]
    assert {(r["kind"], r["id"], r["title"]) for r in behind} == {("training", course.pk, "业务培训")}
    assert link("training", course.pk) == f"/training/{course.pk}/"
    later = Window(window.ends_on + dt.timedelta(days=1), window.ends_on + dt.timedelta(days=30), today)
    assert figures(metric, later, ids) == {}


def test_the_quota_figures_name_their_target_in_words():
    assert "达到2次得满分" in METRICS["study_sessions"].words(Decimal(2))
    assert "达到40学时得满分" in METRICS["training_hours"].words(None)


def test_a_running_period_judges_only_the_rows_whose_outcome_is_known(units):
    """A task due later this month and still open, or one whose sign-for days have not passed, is neither
    a hit nor a miss yet; a task due and missed, or closed early, is."""
    from luoshi.tasks import services as task_services
    from luoshi.tasks.models import Task
    from tests.factories import task_of

    today = timezone.localdate()
    running = Window(today - dt.timedelta(days=20), today + dt.timedelta(days=10), today)
    unit = units["gb2"]
    later = task_of(unit, title="月底前完成", due_date=today + dt.timedelta(days=5))
    missed = task_of(unit, title="上周到期", due_date=today + dt.timedelta(days=5))
    early = task_of(unit, title="提前完成", due_date=today + dt.timedelta(days=5))
    Task.objects.filter(pk=missed.pk).update(due_date=today - dt.timedelta(days=3))
    Task.objects.filter(pk=early.pk).update(closed_at=timezone.now())
    close = METRICS["close_on_time"]
    assert figures(close, running, [unit.pk]) == {unit.pk: (2, 1)}  # the missed and the early one
    assert later.pk not in {r["id"] for r in rows_behind(close, running, [unit.pk])[unit.pk]}

    head = later.lead_unit.memberships.get(role="section_head").person.user
    waiting = task_services.create_task(
        actor=head, title="刚交办", lead_unit=unit, due_date=today + dt.timedelta(days=9)
    )
    task_services.assign(waiting, actor=head)
    ack = METRICS["ack_on_time"]
    assert figures(ack, running, [unit.pk]) == {unit.pk: (3, 3)}  # the new one's two days have not passed
    Task.objects.filter(pk=waiting.pk).update(assigned_at=timezone.now() - dt.timedelta(days=3))
    assert figures(ack, running, [unit.pk]) == {unit.pk: (4, 3)}  # now it is late
