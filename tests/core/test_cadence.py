"""Report cadences: each quarter's end, as 每季度末 in a ledger asks."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.core import cadence


def never(day: dt.date, n: int) -> dt.date:
    raise AssertionError("a quarterly cadence counts no working days")


@pytest.mark.parametrize(
    ("after", "owed"),
    [
        (dt.date(2026, 2, 28), dt.date(2026, 3, 31)),
        (dt.date(2026, 3, 31), dt.date(2026, 6, 30)),  # its own quarter's report given: the next one
        (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        (dt.date(2026, 12, 31), dt.date(2027, 3, 31)),
    ],
)
def test_a_quarterly_report_is_owed_at_each_quarters_end(after, owed):
    quarterly = cadence.parse("quarterly")
    assert (str(quarterly), quarterly.label) == ("quarterly", "每季度末")
    assert cadence.next_due(quarterly, after, None, never) == owed


@pytest.mark.parametrize(
    ("after", "owed"),
    [
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (dt.date(2026, 2, 28), dt.date(2026, 3, 31)),
        (dt.date(2026, 4, 15), dt.date(2026, 4, 30)),
    ],
)
def test_a_monthly_report_on_day_31_is_owed_at_each_months_end_and_said_so(after, owed):
    month_end = cadence.parse("monthly:31")
    assert month_end.label == "每月月底前" and cadence.parse("monthly:25").label == "每月25日前"
    assert cadence.next_due(month_end, after, None, never) == owed


def test_the_task_form_offers_the_months_end_an_imported_每月_keeps():
    from luoshi.tasks.forms import CADENCE_CHOICES

    assert ("monthly:31", "每月月底前") in CADENCE_CHOICES
