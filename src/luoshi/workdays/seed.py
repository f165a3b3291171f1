"""Seeding the table from the installed chinese_calendar, shared by the data migration and `seed_workdays`.

The functions take the model classes so the migration can pass its historical models. Seeding
writes no history: the library is the source, and history starts with the admin's edits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .choices import DayKind, YearSource


def library_days() -> dict[int, dict[dt.date, tuple[str, str]]]:
    """The library's exceptions by year: {year: {date: (kind, Chinese name)}}.

    Off-days on a weekend are dropped (a weekend is off anyway); so are "workdays" on a weekday.
    """
    from chinese_calendar import constants

    chinese = {h.value: h.chinese for h in constants.Holiday}
    years: dict[int, dict[dt.date, tuple[str, str]]] = {}
    for day in constants.holidays:
        years.setdefault(day.year, {})
    for day, name in constants.holidays.items():
        if day.weekday() < 5:
            years[day.year][day] = (DayKind.HOLIDAY, chinese.get(name, name or ""))
    for day, name in constants.workdays.items():
        if day.weekday() >= 5:
            years.setdefault(day.year, {})[day] = (DayKind.WORKDAY, chinese.get(name, name or ""))
    return years


@dataclass
class SeedResult:
    seeded: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)  # entered by an admin or imported: not ours to overwrite


def seed_from_library(holiday_model: Any, year_model: Any) -> SeedResult:
    """Idempotent: writes a library year only when it is missing or differs from the library."""
    result = SeedResult()
    sources = dict(year_model.objects.values_list("year", "source"))
    for year, days in sorted(library_days().items()):
        if sources.get(year, YearSource.LIBRARY) != YearSource.LIBRARY:
            result.kept.append(year)
            continue
        rows = holiday_model.objects.filter(date__year=year)
        if year in sources and {(h.date, (h.kind, h.name)) for h in rows} == set(days.items()):
            result.unchanged.append(year)
            continue
        rows.delete()
        holiday_model.objects.bulk_create(
            [holiday_model(date=day, kind=kind, name=name) for day, (kind, name) in sorted(days.items())]
        )
        year_model.objects.update_or_create(
            year=year, defaults={"source": YearSource.LIBRARY, "note": "chinese_calendar 预置"}
        )
        result.seeded.append(year)
    return result
