"""PreparedValues: the ORM's own SQL and converters, compiled once, give the ORM's own rows."""

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone

from luoshi.core import prepared
from luoshi.core.prepared import PreparedValues
from luoshi.tasks.models import Task


def _columns(ids):
    return (
        Task.objects.filter(pk__in=ids)
        .order_by("pk")
        .values(
            "id",
            "title",
            "is_key",
            "due_date",
            "created_at",
            "updated_at",
            lead_unit_name=F("lead_unit__name"),
            owner_name=F("owner__name"),
        )
    )


@pytest.fixture
def tasks(make_task, user):
    made = [
        make_task(
            title=f"任务{i}", is_key=bool(i % 2), due_date=timezone.localdate() + dt.timedelta(days=i + 1)
        )
        for i in range(6)
    ]
    return [t.pk for t in made]


def test_rows_equal_the_querysets_for_any_number_of_keys(tasks):
    page = PreparedValues(_columns)
    for n in (1, 3, 6, 3, 1):  # again: from what was compiled the first time
        keys = tasks[:n]
        assert page.rows(keys) == list(_columns(keys))
    assert page.rows(list(reversed(tasks))) == list(_columns(tasks))
    assert page.rows([]) == []
    assert page.rows([10**9]) == []


def test_types_come_back_converted(tasks):
    row = PreparedValues(_columns).rows(tasks[:1])[0]
    assert isinstance(row["is_key"], bool) and isinstance(row["due_date"], dt.date)
    assert isinstance(row["created_at"], dt.datetime) and row["created_at"].tzinfo is not None


def test_a_query_with_another_literal_runs_the_ordinary_way(tasks):
    page = PreparedValues(lambda ids: _columns(ids).filter(title__startswith="任务"))
    assert page.rows(tasks) == list(_columns(tasks))
    assert page._compiled[("default", len(tasks))] is None


def test_many_keys_are_not_kept(tasks, monkeypatch):
    monkeypatch.setattr(prepared, "MOST_KEYS", 2)
    page = PreparedValues(_columns)
    assert page.rows(tasks) == list(_columns(tasks)) and not page._compiled
