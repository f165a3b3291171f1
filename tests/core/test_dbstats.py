"""The planner's statistics: there for every index once a migration has run, renewed when a table changes."""
from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from luoshi.core.dbstats import refresh_statistics, stale_tables
from luoshi.tasks.models import Task

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's autovacuum keeps its own")]


def _analyzed_rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'tasks_task'")
        return {index: int(stat.split()[0]) for index, stat in cursor.fetchall()}


def _drop_statistics() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")


def _tasks(demo, n: int) -> None:
    Task.objects.bulk_create(Task(title=f"任务{i}", lead_unit_id=demo["gb1"]) for i in range(n))


def test_a_migration_leaves_every_task_index_with_statistics(demo):
    _tasks(demo, 1)
    _drop_statistics()
    call_command("migrate", verbosity=0)
    assert "tasks_task_overdue" in _analyzed_rows()


def test_an_index_without_statistics_makes_its_table_stale(demo):
    _tasks(demo, 10)
    refresh_statistics()
    assert "tasks_task" not in stale_tables()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1 WHERE idx = 'tasks_task_overdue'")
    assert "tasks_task" in stale_tables()
    assert "tasks_task" in refresh_statistics()
    assert _analyzed_rows()["tasks_task_overdue"] == 10


def test_a_table_is_analyzed_again_when_its_rows_move_by_more_than_a_tenth(demo):
    _tasks(demo, 20)
    refresh_statistics()
    _tasks(demo, 2)
    assert "tasks_task" not in refresh_statistics(), "a tenth or less: the statistics still hold"
    assert set(_analyzed_rows().values()) == {20}
    _tasks(demo, 1)
    assert "tasks_task" in refresh_statistics()
    assert set(_analyzed_rows().values()) == {23}


def test_empty_tables_are_left_alone(demo):
    assert "tasks_task" not in stale_tables()


def test_a_partial_index_with_fewer_rows_does_not_make_its_table_stale(demo):
    import datetime as dt

    from luoshi.org.models import Person
    from luoshi.tasks.models import ExtensionRequest

    _tasks(demo, 4)
    person = Person.objects.get(user__username="gb1-staff")
    ExtensionRequest.objects.bulk_create(
        ExtensionRequest(task=task, requested_by=person, new_due_date=dt.date(2027, 1, 1), reason="需要更多时间",
                         status="pending" if i == 0 else "refused")
        for i, task in enumerate(Task.objects.all()))
    refresh_statistics()
    assert "tasks_extensionrequest" not in stale_tables()
