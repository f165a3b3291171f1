"""Working days: the official calendar (holidays and 调休) or weekends only, for deadlines counted in them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

IsWorkday = Callable[[dt.date], bool]


def weekends_only(day: dt.date) -> bool:
    """The fallback calendar: Monday to Friday are working days."""
    return day.weekday() < 5


def official_workday(day: dt.date) -> bool:
    """The State Council calendar via chinese_calendar; weekends only for years it does not know."""
    try:
        import chinese_calendar

        return bool(chinese_calendar.is_workday(day))
    except (NotImplementedError, ImportError, ValueError):
        return weekends_only(day)


def add_working_days(start: dt.date, n: int, calendar: IsWorkday | None = None) -> dt.date:
    """The n-th working day after ``start`` (``start`` itself not counted).

    ``calendar`` answers "is this a working day?"; the Django app passes one backed by its holidays
    table, the default reads chinese_calendar. A calendar that raises falls back to weekends only.
    """
    is_workday = calendar or official_workday
    day, left = start, max(0, n)
    while left:
        day += dt.timedelta(days=1)
        try:
            work = is_workday(day)
        except Exception:  # noqa: BLE001 - an injected calendar must never crash extraction
            work = weekends_only(day)
        if work:
            left -= 1
    return day
