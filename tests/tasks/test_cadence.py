"""Report cadences: each quarter's end, as 每季度末 in a ledger asks."""

from __future__ import annotations

import datetime as dt

import pytest

from luoshi.tasks import cadence


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
