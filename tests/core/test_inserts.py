"""insert_rows: the rows a model object would have written, defaults and auto_now included, ids in order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from luoshi.core import inserts
from luoshi.core.models import Flag

pytestmark = pytest.mark.django_db


def test_left_out_fields_get_their_defaults_and_the_time_now():
    before = timezone.now()
    ids = inserts.insert_rows(Flag, [{"key": "a", "value": {"on": [1, 2]}}, {"key": "b"}], returning=True)
    a, b = (Flag.objects.get(pk=pk) for pk in ids)
    assert (a.key, a.value, b.key, b.value) == ("a", {"on": [1, 2]}, "b", {})
    assert before <= a.set_at == b.set_at <= timezone.now() + dt.timedelta(seconds=1)


def test_ids_come_back_in_the_order_of_the_rows_across_batches(monkeypatch):
    monkeypatch.setattr(inserts, "BULK_BATCH", 2)
    keys = [f"k{n}" for n in range(5, 0, -1)]
    ids = inserts.insert_rows(Flag, [{"key": key} for key in keys], returning=True)
    assert [Flag.objects.get(pk=pk).key for pk in ids] == keys


def test_nothing_to_insert_is_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert inserts.insert_rows(Flag, [], returning=True) == []
    assert inserts.insert_rows(Flag, [{"key": "x"}]) == [] and Flag.objects.filter(key="x").exists()
