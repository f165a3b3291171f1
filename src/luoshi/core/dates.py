"""The plausible day of something done: a problem found, a study session held, a visit made."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .errors import InvalidInput

# Work is recorded soon after it is done: an older year is a typing slip (0367 for 2026), and a year that
# old would also be answered with a local-mean-time offset no client parses.
EARLIEST_YEAR = 2000
# A date planned ahead (a 完成时限) goes no later than this year's end: a later one is a typing slip (9999 for
# 2026), and the ledgers' dates are read no further either (imports.dates).
LATEST_YEAR = 2099


def check_done_on(
    day: dt.date, *, label: str, field: str, future: str = "date_in_future", today: dt.date | None = None
) -> None:
    """``day`` has been: not after today (400 ``future``, the app's code) nor before EARLIEST_YEAR
    (400 ``invalid``), each refusal naming ``label`` and, for the form, ``field``."""
    today = today or timezone.localdate()
    if day > today:
        raise InvalidInput(
            f"{label}不能晚于今天（填写的是{day:%Y-%m-%d}），请检查", future, errors={field: ["不能晚于今天"]}
        )
    if day.year < EARLIEST_YEAR:
        raise InvalidInput(
            f"{label}不能早于{EARLIEST_YEAR}年，请检查年份", "invalid", errors={field: ["年份有误"]}
        )
