"""Slices of a list for ``__in``: bounded, in order, each value once."""

from luoshi.core import chunks
from luoshi.org.models import Unit


def test_slices_are_bounded_and_keep_the_order():
    assert list(chunks.slices(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunks.slices([], 3)) == []
    assert list(chunks.slices(iter(range(4)))) == [[0, 1, 2, 3]]


def test_in_slices_filters_each_value_once(demo, monkeypatch):
    monkeypatch.setattr(chunks, "SLICE", 2)
    codes = ["gb1", "gb2", "gb1", "zz1", "nope"]
    parts = list(chunks.in_slices(Unit.objects.all(), "code", codes))
    assert len(parts) == 2
    assert sorted(unit.code for part in parts for unit in part) == ["gb1", "gb2", "zz1"]
