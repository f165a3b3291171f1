import pytest

from luoshi.workdays import calendar


@pytest.fixture(autouse=True)
def fresh_calendar():
    """The calendar is cached per process; each test's rolled-back rows must not leak into the next."""
    calendar.forget()
    yield
    calendar.forget()
