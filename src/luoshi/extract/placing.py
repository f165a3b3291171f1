"""Placing a time phrase on the calendar: what a phrase is (``TimeExpr``), the shared pieces of its
patterns (a number or a template's placeholder, a year) and the calendar arithmetic its resolvers share
(a month's last day, a year read or rolled over, the month a bare day belongs to). The phrase grammar
itself is deadlines.py."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re
from dataclasses import dataclass

from .numerals import NUM_RE, to_int

PH = r"(?:[Xx×＊*]{1,2}|某)"  # template placeholder standing for a number
V = rf"(?:{NUM_RE}|{PH})"
# 201x年, 20xx年, 20__年, 20*年, X年, XX年: a template's year, which leaves the date it opens a
# placeholder
YEAR = (
    r"(?:(?P<y>\d{4}|\d{2}(?:\d[Xx×_*＊]|[Xx×_*＊]{1,2})|(?<![A-Za-z\d])[X×]{1,2}"
    r"|[〇零一二三四五六七八九]{4}) ?年 ?"
    r"|(?P<ry>今年|明年|本年|当年|次年|去年|上年|前年))"
)
PRE_NUM = r"(?<![\d〇零一二两三四五六七八九十Xx×])"


@dataclass
class TimeExpr:
    """One time phrase: ``kind`` is deadline, start, cadence or ongoing."""

    kind: str
    phrase: str
    start: int
    end: int
    date: dt.date | None = None
    placeholder: bool = False
    cadence: str | None = None
    scope: str = ""  # the kind of scope that hands the phrase down (scopes.py), empty for an item's own


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def _add_months(day: dt.date, n: int) -> dt.date:
    m = day.month - 1 + n
    y, m = day.year + m // 12, m % 12 + 1
    return dt.date(y, m, min(day.day, _cal.monthrange(y, m)[1]))


def _is_ph(s: str | None) -> bool:
    return s is not None and re.fullmatch(PH, s) is not None


def _past(m: re.Match) -> bool:
    """Phrases about last year describe what happened, never a deadline."""
    return m.groupdict().get("ry") in ("去年", "上年", "前年")


def _year(m: re.Match, base: dt.date) -> int:
    y = m.groupdict().get("y")
    if y:
        return to_int(y) or base.year
    ry = m.groupdict().get("ry")
    if ry in ("明年", "次年"):
        return base.year + 1
    return base.year


def _explicit_year(m: re.Match) -> bool:
    return bool(m.groupdict().get("y") or m.groupdict().get("ry"))


def _roll(d: dt.date, base: dt.date, explicit: bool) -> dt.date:
    """A month named without a year that lies well before the base date means next year's."""
    if not explicit and d < base - dt.timedelta(days=60):
        try:
            return d.replace(year=d.year + 1)
        except ValueError:
            return d.replace(year=d.year + 1, day=28)
    return d


_XUN = {"上旬": 10, "中旬": 20, "上中旬": 20, "初": 10, "中": 20}  # 中下旬, 下旬: the month's end


# 6月份完成自查，15日前报送: the month last named earlier in the paragraph (never a cadence's 每月)
_MONTH_BEFORE = re.compile(rf"(?:(?P<y>\d{{4}})年)?(?<![每个\d])(?P<m>{NUM_RE})月(?!份?以来)")


def month_before(text: str, lo: int, hi: int) -> tuple[str | None, int] | None:
    """(year as written or None, month) the text last names in ``[lo, hi)``, if it names one."""
    named = list(_MONTH_BEFORE.finditer(text, lo, hi))
    mi = to_int(named[-1].group("m")) if named else None
    return (named[-1].group("y"), mi) if mi and 1 <= mi <= 12 else None


def month_named_before(m: re.Match, base: dt.date, day: int) -> dt.date | None:
    """The ``day`` of the month the paragraph named last before a bare ``X日前``, if it named one."""
    named = month_before(m.string, m.string.rfind("\n", 0, m.start()) + 1, m.start())
    if named is None:
        return None
    y = int(named[0] or base.year)
    try:
        return _roll(dt.date(y, named[1], day), base, bool(named[0]))
    except ValueError:
        return None
