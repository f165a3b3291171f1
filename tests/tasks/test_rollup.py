"""The stored roll-ups (subtree dates, ancestors) agree with a rebuild from scratch."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.tasks import rollup, services
from luoshi.tasks.choices import Light
from luoshi.tasks.lights import periods_answered, with_lights
from luoshi.tasks.models import Feedback, Task, TaskAncestor
from tests.concurrency import at_once, raised


def _stored() -> dict:
    return {row[0]: row[1:] for row in Task.objects.values_list("pk", *rollup.DERIVED)}


def test_every_service_keeps_the_subtree_dates_a_rebuild_would_compute(make_task, user, today):
    parent = make_task(acknowledge=True, due_date=today + dt.timedelta(days=60))
    child = make_task(parent=parent, acknowledge=True, title="子任务", due_date=today + dt.timedelta(days=20))
    grandchild = make_task(
        parent=child, lead="gb1", acknowledge=True, title="孙任务", due_date=today + dt.timedelta(days=10)
    )
    assert Task.objects.get(pk=parent.pk).subtree_due_date == grandchild.due_date
    services.submit_feedback(grandchild, actor=user("gb1-staff"), progress_text="x", percent=50)
    services.request_close(grandchild, actor=user("gb1-staff"), evidence_text="完成")
    services.approve_close(grandchild, actor=user("deputy1"))
    assert Task.objects.get(pk=parent.pk).subtree_due_date == child.due_date
    services.cancel(child, actor=user("gb1-head"), reason="调整")
    before = _stored()
    assert rollup.rebuild() == 0 and _stored() == before
    assert Task.objects.get(pk=parent.pk).subtree_due_date == parent.due_date


def test_a_parent_shows_the_worst_light_below_it_and_a_closed_one_none(make_task, user, today):
    parent = make_task(acknowledge=True, due_date=today + dt.timedelta(days=60))
    child = make_task(parent=parent, acknowledge=True, title="子任务", due_date=today + dt.timedelta(days=30))
    Task.objects.filter(pk=child.pk).update(due_date=today - dt.timedelta(days=1))
    rollup.refresh(child)
    lights = dict(with_lights(Task.objects.restrict(user("head"), "view"), today).values_list("pk", "light"))
    assert lights[parent.pk] == lights[child.pk] == Light.RED


def test_ancestor_rows_follow_the_tree(make_task):
    parent = make_task()
    child = make_task(parent=parent, title="子任务")
    grandchild = make_task(parent=child, title="孙任务")
    assert set(TaskAncestor.objects.values_list("task_id", "ancestor_id")) == {
        (child.pk, parent.pk),
        (grandchild.pk, parent.pk),
        (grandchild.pk, child.pk),
    }
    assert set(parent.descendants().values_list("pk", flat=True)) == {child.pk, grandchild.pk}


def test_each_report_period_counts_once_on_its_due_day(make_task, user, today):
    task = make_task(acknowledge=True)
    Task.objects.filter(pk=task.pk).update(next_report_due=today - dt.timedelta(days=10))
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="一", percent=10)
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="补充", percent=15)
    Feedback.objects.update(submitted_at=timezone.now() - dt.timedelta(days=5))
    Task.objects.filter(pk=task.pk).update(next_report_due=today - dt.timedelta(days=3))
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="二", percent=20)
    answered = periods_answered(today - dt.timedelta(days=10)).order_by("period_due")
    assert list(answered.values_list("period_due", "late")) == [
        (today - dt.timedelta(days=10), True),
        (today - dt.timedelta(days=3), True),
    ]
    assert Feedback.objects.count() == 3  # the second report in the first period answers nothing


STATES = st.lists(
    st.tuples(
        st.integers(0, 20),
        st.sampled_from(["open", "closed", "cancelled"]),
        st.integers(-5, 40),
        st.one_of(st.none(), st.integers(-5, 10)),
        st.integers(0, 100),
        st.integers(0, 3),
        st.one_of(st.none(), st.integers(-60, 0)),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=STATES)
def test_refresh_and_rebuild_agree_on_any_tree(demo, today, shape):
    """Random trees in random states: walking up from each change gives what a full rebuild gives."""
    made: list[Task] = []
    for parent_at, state, due, report, progress, weight, start in shape:
        parent = made[parent_at % len(made)] if made and parent_at % 3 else None
        task = Task.objects.create(title="t", lead_unit_id=demo["gb1"], parent=parent)
        task.tree_path = (parent.tree_path if parent else "/") + f"{task.pk:010d}/"
        Task.objects.filter(pk=task.pk).update(
            tree_path=task.tree_path,
            status={"open": "in_progress"}.get(state, state),
            due_date=today + dt.timedelta(days=due),
            progress=progress,
            weight=weight,
            start_date=None if start is None else today + dt.timedelta(days=start),
            next_report_due=None if report is None else today + dt.timedelta(days=report),
        )
        made.append(task)
    for task in made:
        task.refresh_from_db()
        rollup.refresh(task)
    walked = _stored()
    assert rollup.rebuild() == 0
    assert _stored() == walked


def test_a_parent_reads_the_weighted_progress_of_its_children_whatever_it_reports(make_task, user, today):
    parent = make_task(acknowledge=True, due_date=today + dt.timedelta(days=60))
    first = make_task(parent=parent, acknowledge=True, title="子任务一", weight=1)
    second = make_task(parent=parent, acknowledge=True, title="子任务二", weight=3)
    cancelled = make_task(parent=parent, acknowledge=True, title="已撤销的")
    services.submit_feedback(first, actor=user("gb1-staff"), progress_text="x", percent=20)
    services.submit_feedback(second, actor=user("gb1-staff"), progress_text="x", percent=60)
    services.submit_feedback(cancelled, actor=user("gb1-staff"), progress_text="x", percent=90)
    services.cancel(cancelled, actor=user("gb1-head"), reason="调整")
    assert Task.objects.get(pk=parent.pk).progress == 50
    report = services.submit_feedback(parent, actor=user("gb1-staff"), progress_text="汇总情况", percent=95)
    assert (Task.objects.get(pk=parent.pk).progress, report.percent) == (50, 50)
    services.request_close(first, actor=user("gb1-staff"), evidence_text="完成")
    services.approve_close(first, actor=user("deputy1"))
    assert Task.objects.get(pk=parent.pk).progress == 70
    assert Task.objects.get(pk=first.pk).progress == 100
    before = _stored()
    assert rollup.rebuild() == 0 and _stored() == before


@pytest.mark.django_db(transaction=True)
def test_two_children_reporting_at_once_leave_the_parent_right(make_task, user, today, monkeypatch):
    """Both read the other child before either writes the parent: without the lock one update is lost."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time")
    parent = make_task(acknowledge=True, due_date=today + dt.timedelta(days=60))
    # One reports on no cadence, so the two do not meet on their unit's report tally row first.
    children = [
        make_task(parent=parent, acknowledge=True, title=f"子任务{n}", cadence=cadence)
        for n, cadence in ((1, "none"), (2, "weekly:5"))
    ]
    both_read = threading.Barrier(2)
    derive = rollup.derive

    def derive_together(row, below, margin):
        if below:  # the parent's turn: hold until the other report has read too (or cannot, being locked out)
            try:
                both_read.wait(timeout=3)
            except threading.BrokenBarrierError:
                pass
        return derive(row, below, margin)

    monkeypatch.setattr(rollup, "derive", derive_together)
    reports = [
        lambda task=task, percent=percent: services.submit_feedback(
            task.pk, actor=user("gb1-staff"), progress_text="进展", percent=percent
        )
        for task, percent in zip(children, (40, 80))
    ]
    assert raised(at_once(*reports)) == []
    assert Task.objects.get(pk=parent.pk).progress == 60
