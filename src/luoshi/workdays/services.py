"""Every change to the working-day calendar, by the system admin.

Each function checks the right, writes in one transaction, leaves history, and tells the cached
calendar (calendar.table_changed) so deadlines use the new arrangement at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from luoshi.core.errors import InvalidInput
from luoshi.core.guards import attribute_history, require

from .calendar import table_changed
from .choices import DayKind, YearSource
from .imports import NAME_MAX, YearSheet, parse_year_sheet
from .models import WEEKDAYS, CalendarYear, Holiday

PERM = "workdays.manage_calendar"
YEARS = range(1900, 2201)


def _check_year(year: int) -> None:
    if year not in YEARS:
        raise InvalidInput(f"年份应在{YEARS.start}—{YEARS.stop - 1}之间", "bad_year")


def _touch_year(actor: Any, year: int) -> None:
    """A hand edit makes a library year the admin's, so a later seed does not undo it."""
    entry = CalendarYear.objects.select_for_update().filter(year=year).first()
    if entry is not None:
        entry.source = YearSource.ADMIN
        attribute_history(actor, entry)
        entry.save(update_fields=["source"])


@transaction.atomic
def set_day(actor: Any, day: dt.date, kind: str, name: str = "") -> Holiday:
    """Mark a weekday off (放假) or a weekend day worked (调休上班); replaces what the day had."""
    require(actor, PERM)
    _check_year(day.year)
    name = name.strip()
    if kind not in DayKind.values():
        raise InvalidInput(f"未知的类型：{kind}")
    if len(name) > NAME_MAX:
        raise InvalidInput(f"名称不能超过{NAME_MAX}个字")
    weekday = "星期" + WEEKDAYS[day.weekday()]
    if kind == DayKind.HOLIDAY and day.weekday() >= 5:
        raise InvalidInput(f"{day:%Y-%m-%d}是{weekday}，本来就休息，无需标记为放假", "not_an_exception")
    if kind == DayKind.WORKDAY and day.weekday() < 5:
        raise InvalidInput(f"{day:%Y-%m-%d}是{weekday}，本来就上班，无需标记为调休上班", "not_an_exception")
    entry = Holiday.objects.select_for_update().filter(date=day).first() or Holiday(date=day)
    entry.kind, entry.name = kind, name
    attribute_history(actor, entry)
    entry.save()
    _touch_year(actor, day.year)
    table_changed()
    return entry


@transaction.atomic
def clear_day(actor: Any, day: dt.date) -> None:
    """Back to the ordinary week: a weekday works, a weekend rests."""
    require(actor, PERM)
    entry = Holiday.objects.select_for_update().filter(date=day).first()
    if entry is None:
        raise InvalidInput(f"{day:%Y-%m-%d}没有放假或调休安排", "not_found")
    attribute_history(actor, entry)
    entry.delete()
    _touch_year(actor, day.year)
    table_changed()


@dataclass
class ImportResult:
    year: int
    holidays: int
    workdays: int
    skipped: int


def import_year(actor: Any, year: int, upload: Any) -> ImportResult:
    """All rows or none; on success the file replaces the year's arrangement; the year counts as entered."""
    require(actor, PERM)
    _check_year(year)
    sheet = parse_year_sheet(upload, year)
    if sheet.errors:
        raise InvalidInput(
            f"导入失败，共{len(sheet.errors)}处错误，未写入任何数据",
            "import_failed",
            errors={"rows": sheet.errors},
        )
    return _replace_year(actor, year, sheet)


@transaction.atomic
def _replace_year(actor: Any, year: int, sheet: YearSheet) -> ImportResult:
    """The read sheet's days in place of the year's, in one transaction the file was read before (as the
    org chart's import: a write lock held while a file is read holds every other user's change)."""
    for entry in Holiday.objects.select_for_update().filter(date__year=year):
        attribute_history(actor, entry)
        entry.delete()
    for row in sheet.days:
        entry = Holiday(date=row.date, kind=row.kind, name=row.name)
        attribute_history(actor, entry)
        entry.save()
    _save_year(actor, year, YearSource.IMPORT, None)
    table_changed()
    kinds = [row.kind for row in sheet.days]
    return ImportResult(year, kinds.count(DayKind.HOLIDAY), kinds.count(DayKind.WORKDAY), sheet.skipped)


@transaction.atomic
def mark_year(actor: Any, year: int, note: str = "") -> CalendarYear:
    """Declare a year's arrangement entered by hand, e.g. after typing in the State Council's notice."""
    require(actor, PERM)
    _check_year(year)
    if len(note.strip()) > 200:
        raise InvalidInput("说明不能超过200个字")
    entry = _save_year(actor, year, YearSource.ADMIN, note.strip())
    table_changed()
    return entry


def _save_year(actor: Any, year: int, source: str, note: str | None) -> CalendarYear:
    entry = CalendarYear.objects.select_for_update().filter(year=year).first() or CalendarYear(year=year)
    if note is None and entry.source == YearSource.LIBRARY:
        note = ""  # the library's note no longer describes the year
    entry.source = source
    if note is not None:
        entry.note = note
    attribute_history(actor, entry)
    entry.save()
    return entry
