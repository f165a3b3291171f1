"""完成时限 cells: dates, numeric spellings, the engine's phrases, cadences and 长期."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.imports.dates import parse_due

TODAY = dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    ("cell", "date"),
    [
        ("2026年3月底前", dt.date(2026, 3, 31)),
        ("2026.3.31", dt.date(2026, 3, 31)),
        ("2026-03-31", dt.date(2026, 3, 31)),
        ("2026/3/31", dt.date(2026, 3, 31)),
        ("2026年6月30日", dt.date(2026, 6, 30)),
        ("2026年12月", dt.date(2026, 12, 31)),
        ("2026.3", dt.date(2026, 3, 31)),
        ("3月底", dt.date(2026, 3, 31)),
        ("第一季度", dt.date(2026, 3, 31)),
        ("年底前", dt.date(2026, 12, 31)),
        (dt.datetime(2026, 4, 1, 0, 0), dt.date(2026, 4, 1)),
        (dt.date(2026, 4, 2), dt.date(2026, 4, 2)),
        (46112, dt.date(2026, 3, 31)),  # an Excel day number
    ],
)
def test_dates(cell, date):
    assert parse_due(cell, TODAY).date == date


def test_a_monthly_report_is_a_cadence_not_a_date():
    due = parse_due("每月25日前", TODAY)
    assert due.cadence == "monthly:25" and due.date is None and due.understood


@pytest.mark.parametrize("cell", ["长期坚持", "持续推进", "长期"])
def test_ongoing_work_has_no_date(cell):
    due = parse_due(cell, TODAY)
    assert due.ongoing and due.date is None and due.understood


def test_what_is_not_a_date_is_said_so():
    due = parse_due("按上级要求", TODAY)
    assert not due.understood and due.phrase == "按上级要求"
    assert parse_due("", TODAY).understood and parse_due(None, TODAY).phrase == ""


def test_impossible_numbers_are_not_dates():
    assert parse_due("2026.13.01", TODAY).date is None
    assert parse_due("2026.2.30", TODAY).date is None
    assert parse_due(12, TODAY).date is None  # a count, not an Excel date
