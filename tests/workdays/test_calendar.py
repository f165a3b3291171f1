"""WorkCalendar: the official 2026 arrangement, years nobody entered, and properties of the counting."""

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.core.models import Flag
from luoshi.workdays import calendar as calendar_module
from luoshi.workdays.calendar import VERSION_FLAG, WorkCalendar, get_calendar
from luoshi.workdays.choices import DayKind
from luoshi.workdays.models import Holiday
from luoshi.workdays.seed import library_days

D = dt.date


def library_calendar() -> WorkCalendar:
    """The same data the migration seeds, without a database (hypothesis runs many examples)."""
    years = library_days()
    days = [(d, kind) for year in years.values() for d, (kind, _) in year.items()]
    return WorkCalendar(
        [d for d, k in days if k == DayKind.HOLIDAY], [d for d, k in days if k == DayKind.WORKDAY], years
    )


LIBRARY = library_calendar()


@pytest.mark.parametrize(
    "day, works",
    [
        (D(2026, 10, 1), False),  # 国庆节, a Thursday
        (D(2026, 10, 3), False),  # Saturday inside the break
        (D(2026, 10, 8), True),  # Thursday after the break
        (D(2026, 9, 20), True),  # Sunday worked (调休 for 国庆节)
        (D(2026, 10, 10), True),  # Saturday worked (调休 for 国庆节)
        (D(2026, 9, 25), False),  # 中秋, a Friday
        (D(2026, 2, 16), False),  # 春节
        (D(2026, 2, 14), True),  # Saturday worked (调休 for 春节)
        (D(2026, 11, 25), True),  # an ordinary Wednesday
        (D(2026, 11, 28), False),  # an ordinary Saturday
    ],
)
def test_the_seeded_table_knows_2026(db, day, works):
    assert get_calendar().is_workday(day) is works


def test_add_working_days_jumps_the_national_day_break(db):
    cal = get_calendar()
    assert cal.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert cal.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)  # the 调休 Saturday counts
    assert cal.working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3


def test_add_working_days_counts_a_worked_sunday(db):
    cal = get_calendar()
    assert cal.add_working_days(D(2026, 9, 18), 1) == D(2026, 9, 20)  # Friday → the 调休 Sunday
    assert cal.add_working_days(D(2026, 9, 18), 0) == D(2026, 9, 18)


def test_the_whole_of_2026_has_the_official_number_of_working_days(db):
    # 365 days − 104 weekend days − 19 weekday holidays + 6 weekend days worked
    assert get_calendar().working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 248


@pytest.mark.parametrize("year", [2090, 1900])
def test_a_year_nobody_entered_counts_weekends_only(db, year):
    cal = get_calendar()
    assert not cal.is_known(year)
    jan = [D(year, 1, d) for d in range(1, 32)]
    assert [cal.is_workday(d) for d in jan] == [d.weekday() < 5 for d in jan]
    weekdays_after = [d for d in (D(year, 10, 1) + dt.timedelta(i) for i in range(1, 15)) if d.weekday() < 5]
    assert cal.add_working_days(D(year, 10, 1), 5) == weekdays_after[4]  # 国庆节 is not assumed
    assert cal.working_days_between(D(year, 1, 1), D(year, 1, 31)) == sum(d.weekday() < 5 for d in jan[1:])


def test_known_and_unknown_years(db):
    cal = get_calendar()
    assert cal.is_known(2026) and cal.is_known(2004)
    assert cal.unknown_years([D(2026, 1, 1), D(2090, 5, 1), D(1900, 3, 1), D(2090, 6, 1)]) == {2090, 1900}


def test_datetimes_are_read_as_their_date():
    assert LIBRARY.is_workday(dt.datetime(2026, 10, 1, 9, 30)) is False
    assert LIBRARY.add_working_days(dt.datetime(2026, 9, 30, 18, 0), 1) == D(2026, 10, 8)


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        LIBRARY.add_working_days(D(2026, 1, 5), -1)


def test_is_workday_is_a_plain_callable_for_the_extract_engine():
    deadlines = pytest.importorskip("luoshi.extract.deadlines")
    assert deadlines.add_working_days(D(2026, 9, 30), 1, calendar=LIBRARY.is_workday) == D(2026, 10, 8)


dates = st.dates(min_value=D(1899, 1, 1), max_value=D(2101, 12, 31))


@settings(max_examples=300, deadline=None)
@given(day=dates, n=st.integers(min_value=1, max_value=400))
def test_the_nth_working_day_is_a_later_working_day_n_working_days_away(day, n):
    target = LIBRARY.add_working_days(day, n)
    assert target > day
    assert LIBRARY.is_workday(target)
    assert LIBRARY.working_days_between(day, target) == n
    assert LIBRARY.add_working_days(day, n + 1) > target


@settings(max_examples=200, deadline=None)
@given(a=dates, b=dates)
def test_counting_agrees_with_walking_day_by_day(a, b):
    low, high = sorted((a, b))
    if (high - low).days > 800:
        high = low + dt.timedelta(days=800)
    walked = sum(LIBRARY.is_workday(low + dt.timedelta(i)) for i in range(1, (high - low).days + 1))
    assert LIBRARY.working_days_between(low, high) == walked
    assert LIBRARY.working_days_between(high, low) == -walked


def test_the_calendar_is_loaded_once_and_then_served_from_memory(db, django_assert_num_queries):
    with django_assert_num_queries(3):  # version token, days, years
        first = get_calendar()
    with django_assert_num_queries(0):
        assert get_calendar() is first


def test_another_process_change_is_seen_after_the_recheck_interval(db, monkeypatch):
    cal = get_calendar()
    assert cal.is_workday(D(2026, 11, 27))
    # another worker writes through the services: the row and a new version token
    Holiday.objects.create(date=D(2026, 11, 27), kind=DayKind.HOLIDAY, name="测试")
    Flag.objects.create(key=VERSION_FLAG, value={"token": "from-another-process"})
    assert get_calendar() is cal  # within the interval: no query, the old copy
    monkeypatch.setattr(
        calendar_module, "_checked_at", time.monotonic() - calendar_module.RECHECK_SECONDS - 1
    )
    assert not get_calendar().is_workday(D(2026, 11, 27))
