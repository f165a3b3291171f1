"""The seed: the migration loads the library's years; `seed_workdays` refreshes them and keeps the admin's."""

import datetime as dt

from django.core.management import call_command

from luoshi.workdays import services
from luoshi.workdays.choices import DayKind, YearSource
from luoshi.workdays.models import CalendarYear, Holiday
from luoshi.workdays.seed import library_days, seed_from_library

D = dt.date


def test_the_migration_seeds_every_year_the_library_knows(db):
    library = library_days()
    assert set(CalendarYear.objects.values_list("year", flat=True)) == set(library)
    assert set(CalendarYear.objects.values_list("source", flat=True)) == {YearSource.LIBRARY}
    assert Holiday.objects.count() == sum(len(days) for days in library.values())
    assert Holiday.objects.get(date=D(2026, 10, 1)).name == "国庆节"
    assert Holiday.objects.get(date=D(2026, 9, 20)).kind == DayKind.WORKDAY


def test_only_real_exceptions_are_stored(db):
    assert not Holiday.objects.filter(date=D(2026, 10, 3)).exists()  # Saturday inside the break
    for day, kind in Holiday.objects.values_list("date", "kind"):
        assert (day.weekday() < 5) == (kind == DayKind.HOLIDAY)


def test_seeding_again_changes_nothing(db):
    result = seed_from_library(Holiday, CalendarYear)
    assert result.seeded == [] and result.kept == [] and len(result.unchanged) == len(library_days())


def test_seeding_restores_a_library_year_and_keeps_the_admins(user, demo):
    Holiday.objects.filter(date__year=2025).delete()
    services.set_day(user("admin"), D(2026, 12, 31), DayKind.HOLIDAY, "元旦")
    result = seed_from_library(Holiday, CalendarYear)
    assert result.seeded == [2025] and result.kept == [2026]
    assert Holiday.objects.filter(date__year=2025).count() == len(library_days()[2025])
    assert Holiday.objects.filter(date=D(2026, 12, 31)).exists()


def test_the_management_command_reports_what_it_did(db, capsys):
    CalendarYear.objects.filter(year=2004).update(source=YearSource.IMPORT)
    call_command("seed_workdays")
    out = capsys.readouterr().out
    assert "已载入：无" in out and "未覆盖：2004" in out
