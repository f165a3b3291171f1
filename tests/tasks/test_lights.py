"""The light rule in its two forms: SQL for whole lists (``with_lights``), Python for a page already read."""
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from luoshi.tasks.choices import TaskStatus
from luoshi.tasks.lights import light_of, thresholds, with_lights
from luoshi.tasks.models import Task

TODAY = dt.date(2026, 10, 9)  # a Friday before a weekend: "soon" (3 working days) reaches into next week
DATES = st.one_of(st.none(), st.dates(TODAY - dt.timedelta(days=8), TODAY + dt.timedelta(days=12)))


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(status=st.sampled_from(TaskStatus.values()), due=DATES, report=DATES)
def test_python_and_sql_give_every_row_the_same_light(make_task, status, due, report):
    task = Task.objects.first() or make_task()
    Task.objects.filter(pk=task.pk).update(status=status, subtree_due_date=due, subtree_report_due=report)
    in_sql = with_lights(Task.objects.filter(pk=task.pk), TODAY).values_list("light", flat=True).get()
    assert light_of(status, due, report, *thresholds(TODAY)) == in_sql
