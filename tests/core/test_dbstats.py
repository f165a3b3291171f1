"""The planner's statistics are there for every index as soon as a migration has run."""
from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from luoshi.core.dbstats import refresh_statistics
from luoshi.tasks.models import Task

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's autovacuum keeps its own")]


def _analyzed_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'tasks_task'")
        return {row[0] for row in cursor.fetchall()}


def _drop_statistics() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")


def test_a_migration_leaves_every_task_index_with_statistics(demo):
    Task.objects.create(title="有数据的表才有统计", lead_unit_id=demo["gb1"])
    _drop_statistics()
    call_command("migrate", verbosity=0)
    assert "tasks_task_overdue" in _analyzed_indexes()


def test_refreshing_gives_statistics_to_an_index_that_had_none(demo):
    Task.objects.create(title="有数据的表才有统计", lead_unit_id=demo["gb1"])
    _drop_statistics()
    refresh_statistics()
    assert {"tasks_task_overdue", "tasks_task_lights_by_unit"} <= _analyzed_indexes()
