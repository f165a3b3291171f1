"""The planner's statistics: there for every index once a migration has run, renewed by the tick."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from luoshi.core.dbstats import DAY, optimize
from luoshi.tasks.models import Task

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's autovacuum keeps its own"),
]


@pytest.fixture(autouse=True)
def _cache(settings):
    """A cache that keeps what it is given (the tests' own settings use one that keeps nothing)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    yield
    cache.clear()


def _analyzed_rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'tasks_task'")
        return {index: int(stat.split()[0]) for index, stat in cursor.fetchall()}


def _drop_statistics() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
        cursor.execute("ANALYZE sqlite_schema")  # the planner reloads what is left: nothing


def _tasks(demo, n: int) -> None:
    Task.objects.bulk_create(Task(title=f"任务{i}", lead_unit_id=demo["gb1"]) for i in range(n))


def test_a_migration_leaves_every_task_index_with_statistics(demo):
    _tasks(demo, 1)
    _drop_statistics()
    call_command("migrate", verbosity=0)
    assert "tasks_task_overdue" in _analyzed_rows()


def _analyzed_today() -> None:
    cache.set("dbstats:analyzed:default", True, DAY)


def test_optimize_analyzes_a_table_the_planner_found_without_statistics(demo):
    _analyzed_today()
    _tasks(demo, 10)
    _drop_statistics()
    list(Task.objects.filter(lead_unit_id=demo["gb1"], status="in_progress"))
    optimize()
    assert _analyzed_rows().get("tasks_task_overdue") == 10


def test_the_first_optimize_of_a_day_analyzes_the_whole_file(demo):
    _tasks(demo, 10)
    _drop_statistics()
    cache.delete("dbstats:analyzed:default")
    optimize()
    assert _analyzed_rows().get("tasks_task_overdue") == 10
    assert cache.get("dbstats:analyzed:default"), "the next ticks of the day leave it to PRAGMA optimize"
