"""Working days from the table: set lookups in memory, one instance per process, reloaded on change.

A change through the services clears this process's copy at once (and again on commit, in case a
reader reloaded the old rows in between). Other processes (gunicorn workers, other instances) see
it within ``RECHECK_SECONDS``: they compare a version token the services write with their copy's.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from bisect import bisect_right
from collections.abc import Iterable

from django.db import transaction

from .choices import DayKind

VERSION_FLAG = "workdays_version"
RECHECK_SECONDS = 10.0


class WorkCalendar:
    """Monday to Friday, minus holidays, plus the 调休 weekend days; a year not entered is weekends only."""

    def __init__(
        self,
        holidays: Iterable[dt.date] = (),
        workdays: Iterable[dt.date] = (),
        known_years: Iterable[int] = (),
        version: str | None = None,
    ):
        # Keep only real exceptions, so the counting in working_days_between stays exact.
        self._holidays = sorted({d for d in holidays if d.weekday() < 5})
        self._workdays = sorted({d for d in workdays if d.weekday() >= 5})
        self._holiday_set = frozenset(self._holidays)
        self._workday_set = frozenset(self._workdays)
        self._known = frozenset(known_years)
        self.version = version

    @classmethod
    def load(cls, version: str | None = None) -> WorkCalendar:
        from .models import CalendarYear, Holiday

        holidays: list[dt.date] = []
        workdays: list[dt.date] = []
        for day, kind in Holiday.objects.values_list("date", "kind"):
            (holidays if kind == DayKind.HOLIDAY else workdays).append(day)
        return cls(holidays, workdays, CalendarYear.objects.values_list("year", flat=True), version)

    def is_workday(self, day: dt.date) -> bool:
        """A plain method, so ``calendar=cal.is_workday`` works wherever a ``day -> bool`` is expected."""
        if isinstance(day, dt.datetime):
            day = day.date()
        if day in self._workday_set:
            return True
        return day.weekday() < 5 and day not in self._holiday_set

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself not counted); ``start`` for n = 0."""
        if n < 0:
            raise ValueError("n must not be negative")
        if isinstance(start, dt.datetime):
            start = start.date()
        day, one = start, dt.timedelta(days=1)
        while n:
            day += one
            if self.is_workday(day):
                n -= 1
        return day

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b]; negative when b is before a. Counted, not walked: O(log holidays)."""
        if isinstance(a, dt.datetime):
            a = a.date()
        if isinstance(b, dt.datetime):
            b = b.date()
        if b < a:
            return -self.working_days_between(b, a)
        weekdays = _weekdays_through(b) - _weekdays_through(a)
        return weekdays - _count_in(self._holidays, a, b) + _count_in(self._workdays, a, b)

    def is_known(self, year: int) -> bool:
        return year in self._known

    def unknown_years(self, dates: Iterable[dt.date]) -> set[int]:
        return {d.year for d in dates if d.year not in self._known}


def _weekdays_through(day: dt.date) -> int:
    """Mon–Fri days from 0001-01-01 (a Monday) through ``day``."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _count_in(days: list[dt.date], a: dt.date, b: dt.date) -> int:
    """How many of the sorted ``days`` fall in (a, b]."""
    return bisect_right(days, b) - bisect_right(days, a)


_cached: WorkCalendar | None = None
_checked_at = 0.0


def get_calendar() -> WorkCalendar:
    """The process-wide calendar; at most one version check per ``RECHECK_SECONDS``."""
    global _cached, _checked_at
    now = time.monotonic()
    if _cached is not None and now - _checked_at < RECHECK_SECONDS:
        return _cached
    version = _current_version()
    if _cached is None or _cached.version != version:
        _cached = WorkCalendar.load(version)
    _checked_at = now
    return _cached


def forget() -> None:
    """Drop this process's copy; the next get_calendar() reloads."""
    global _cached
    _cached = None


def table_changed() -> None:
    """Called inside a service's transaction after it changed the table."""
    from luoshi.core.models import Flag

    Flag.objects.update_or_create(key=VERSION_FLAG, defaults={"value": {"token": uuid.uuid4().hex}})
    forget()
    transaction.on_commit(forget)


def _current_version() -> str | None:
    from luoshi.core.models import Flag

    value = Flag.objects.filter(key=VERSION_FLAG).values_list("value", flat=True).first()
    return (value or {}).get("token")
