"""A holiday notice's days off: what its items do 节假日期间 or 放假前 is due by the last day off or the
eve of the first (scopes.offered)."""

from __future__ import annotations

import datetime as dt
import re

from .deadlines import TimeExpr, parse_times
from .numerals import to_int

# 节假日期间, 放假期间, 假日期间: the days off a holiday notice announces (2023年4月5日放假，共1天,
# 中秋节（9月11日—13日）放假3天);
# 在放假前, 放假离校前: before the first of them
_DURING = re.compile(r"(?:节假日|假期|假日|放假|节日|春节|国庆节?|清明节?|五一|端午节?|中秋节?|元旦)期间")
_OFF_BEFORE = re.compile(r"放假(?:离校)?(?:前|之前)")
_DAYS_OFF = re.compile(r"[^。；\n]*?放假(?:[^。；\n]*?共)?\s*(?P<n>[\d一二三四五六七八九十]+)\s*天")
_FIRST_DAY = re.compile(r"(\d{1,2})月(\d{1,2})")


def _days_off(t: str, base: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day off in the first sentence that announces days off with their dates
    (``4月5-7日(星期四-星期六)放假调休,共3天``)."""
    for m in _DAYS_OFF.finditer(t):
        dates = [x.date for x in parse_times(m.group(0), base) if x.kind == "deadline" and x.date]
        first = _FIRST_DAY.search(m.group(0))
        if dates and first:
            last = max(dates)
            month = int(first.group(1))
            try:  # 12月30日至2024年1月1日: the first day falls in the year before the last
                day = dt.date(last.year - (month > last.month), month, int(first.group(2)))
            except ValueError:
                continue
            day = min(day, last)
            if len(set(dates)) == 1:  # 4月4日（星期五）至6日（星期日）: the range's end unread, 共3天 ends it
                last = max(last, day + dt.timedelta(days=(to_int(m.group("n")) or 1) - 1))
            return day, last
    return None


def holiday_limit(t: str, base: dt.date, start: int, end: int) -> TimeExpr | None:
    """The day an item at ``[start, end)`` of ``t`` that speaks of the holiday is due: 节假日期间，各单位要…
    until the last day off, 在放假前 the day before the first (the phrase the item opens with)."""
    said = [m for m in (_DURING.search(t, start, end), _OFF_BEFORE.search(t, start, end)) if m]
    during = min(said, key=lambda m: m.start()) if said else None
    days = _days_off(t, base) if during else None
    if not (during and days):
        return None
    first, last = days
    day = last if during.re is _DURING else first - dt.timedelta(days=1)
    return TimeExpr("deadline", during.group(0), during.start(), during.end(), date=day, scope="holiday")
