"""A holiday notice's days off: what its items do 节假日期间 or 放假前 is due by the last day off or the
eve of the first (scopes.offered)."""

from __future__ import annotations

import datetime as dt
import re

from .deadlines import TimeExpr, parse_times
from .numerals import to_int

# 节假日期间, 放假期间, 假日期间: the days off a holiday notice announces (2023年4月5日放假，共1天,
# 中秋节（9月11日—13日）放假3天);
# 在放假前, 放假离校前: before the first of them; 假期带班领导要…: the holiday an item opens with
_DURING = re.compile(
    r"(?P<p>(?:节假日|假期|假日|放假|节日|暑假|寒假|春节|国庆节?|清明节?|五一|端午节?|中秋节?|元旦)期间)"
)
_OPENS_DURING = re.compile(r"[\s\d一二三四五六七八九十、.．（）()]*在?(?P<p>假期)(?!期间)")
_OFF_BEFORE = re.compile(r"(?P<p>放假(?:离校)?(?:前|之前))")
_DAYS_OFF = re.compile(r"[^。；\n]*?放假(?:[^。；\n]*?共)?\s*(?P<n>[\d一二三四五六七八九十]+)\s*天")
_FIRST_DAY = re.compile(r"(\d{1,2})月(\d{1,2})")
# 暑假时间为7月10日至9月3日: a school vacation announced by its range alone
_VACATION = re.compile(
    r"(?:暑假|寒假)(?:时间|日期)?\s*(?:为|是)\s*"
    r"(?:\d{4}年)?\d{1,2}月\d{1,2}日?\s*(?:至|到|—|－|-|~)[^。；，,\n]{1,12}"
)


def _days_off(t: str, base: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day off in the first sentence that announces days off with their dates
    (``4月5-7日(星期四-星期六)放假调休,共3天``)."""
    for m in [*_DAYS_OFF.finditer(t), *_VACATION.finditer(t)]:
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
            # 4月4日（星期五）至6日（星期日）: the range's end unread, 共3天 ends it
            counted = m.groupdict().get("n")
            if counted and len(set(dates)) == 1:
                last = max(last, day + dt.timedelta(days=(to_int(counted) or 1) - 1))
            return day, last
    return None


def holiday_limit(t: str, base: dt.date, start: int, end: int) -> TimeExpr | None:
    """The day an item at ``[start, end)`` of ``t`` that speaks of the holiday is due: 节假日期间，各单位要…
    (or 假期… as its opening words) until the last day off, 在放假前 the day before the first (the phrase
    the item opens with)."""
    said = [
        m
        for m in (
            _DURING.search(t, start, end),
            _OFF_BEFORE.search(t, start, end),
            _OPENS_DURING.match(t, start, end),
        )
        if m
    ]
    days = _days_off(t, base) if said else None
    if not days:
        return None
    first, last = days
    during = min(said, key=lambda m: m.start("p"))
    day = first - dt.timedelta(days=1) if during.re is _OFF_BEFORE else last
    a, b = during.span("p")
    return TimeExpr("deadline", t[a:b], a, b, date=day, scope="holiday")
