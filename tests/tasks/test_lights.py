"""The light rule in its two forms: SQL for whole lists (``with_lights``), Python for a page already read."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.tasks import rollup, services
from luoshi.tasks.choices import Light, TaskStatus
from luoshi.tasks.lights import light_of, report_due_q, reported_late_q, thresholds, with_lights
from luoshi.tasks.models import Task
from luoshi.tasks.overview import periods_by_unit

TODAY = dt.date(2026, 10, 9)  # a Friday before a weekend: "soon" (3 working days) reaches into next week
DATES = st.one_of(st.none(), st.dates(TODAY - dt.timedelta(days=8), TODAY + dt.timedelta(days=12)))


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(status=st.sampled_from(TaskStatus.values()), due=DATES, report=DATES, pace=DATES)
def test_python_and_sql_give_every_row_the_same_light(make_task, status, due, report, pace):
    task = Task.objects.first() or make_task()
    Task.objects.filter(pk=task.pk).update(
        status=status, subtree_due_date=due, subtree_report_due=report, subtree_pace_date=pace
    )
    in_sql = with_lights(Task.objects.filter(pk=task.pk), TODAY).values_list("light", flat=True).get()
    assert light_of(status, due, report, pace, *thresholds(TODAY)) == in_sql


def _light(task, today):
    return with_lights(Task.objects.filter(pk=task.pk), today).values_list("light", flat=True).get()


def test_a_task_87_percent_through_its_time_with_5_percent_done_is_yellow(make_task, user, today):
    task = make_task(
        acknowledge=True, start_date=today - dt.timedelta(days=87), due_date=today + dt.timedelta(days=13)
    )
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="刚起步", percent=5)
    assert _light(task, today) == Light.YELLOW
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="大头已完成", percent=70)
    assert _light(task, today) == Light.GREEN


def test_the_pace_margin_is_a_setting(make_task, user, today, settings):
    settings.LUOSHI_PACE_MARGIN = 90
    task = make_task(
        acknowledge=True, start_date=today - dt.timedelta(days=87), due_date=today + dt.timedelta(days=13)
    )
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="刚起步", percent=5)
    assert _light(task, today) == Light.GREEN


def test_without_a_start_date_the_time_counts_from_the_assignment(make_task, user, today):
    task = make_task(acknowledge=True, due_date=today + dt.timedelta(days=10))
    Task.objects.filter(pk=task.pk).update(assigned_at=timezone.now() - dt.timedelta(days=90))
    task.refresh_from_db()
    rollup.refresh(task)
    assert _light(task, today) == Light.YELLOW
    assert Task.objects.get(pk=task.pk).pace_date == timezone.localdate(task.assigned_at) + dt.timedelta(
        days=20
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the words of SQLite's plan")
def test_the_report_period_filters_read_a_range_of_the_period_index_not_every_report(db):
    """At 20,000 tasks the scan of every report took 66-113 ms of the ledger's 迟报 filter, 14-35 ms with
    the index (docs/benchmarks.md); the overview counts the periods by unit from the same range."""
    since = dt.date(2026, 9, 1)
    queries = [
        Task.objects.filter(q).values("pk") for q in (reported_late_q(since), report_due_q(since, since))
    ]
    for query in queries:
        assert "COVERING INDEX tasks_feedback_period_due" in _plan(query), _plan(query)
    # the overview's, over every unit, joins the tasks: on a small table SQLite may read the reports by task
    # instead of by due day (it depends on the statistics), but never walks every report
    assert "SCAN tasks_feedback" not in _plan(periods_by_unit(None, since))


def _plan(query) -> str:
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " / ".join(str(row[-1]) for row in cursor.fetchall())
