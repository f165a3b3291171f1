"""Week rows of a school calendar (校历, 行事历): ``第N周`` placed on the date its week ends.

A calendar names its rows by teaching week; some give each week's dates beside it, some only the
day the term starts. Either anchors week one, and a row's week then ends ``7·(N-1)`` days after it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from .deadlines import IsWorkday, TimeExpr, parse_times
from .numerals import NUM_RE, to_int

# 第三周, 第3-4周, 第十至十一周, 第 5 周: a cell that is only a week (the dates may follow in brackets)
WEEK = re.compile(
    rf"^\s*第\s*(?P<a>{NUM_RE})\s*(?:[-—－~～至到、]\s*(?:第\s*)?(?P<b>{NUM_RE})\s*)?周(?:次)?"
    r"(?=\s*(?:$|[（(]))"
)
# 9月1日开学, 开学时间：2月24日, 3月1日（星期一）正式上课, 2月17日学生报到: the day week one holds (a
# teachers' day back, 教师报到, comes before it)
_TERM_START = re.compile(
    rf"(?P<a>{NUM_RE}月{NUM_RE}[日号])(?:[（(]\s*(?:星期|周)[一二三四五六日天]\s*[)）])?\s*"
    r"(?:(?:全体|全校)?(?:学生|新生|师生|幼儿))?(?:正式)?(?:开学|上课|开课|报到|返校|入园)"
    rf"|开学(?:时间|日期)?\s*(?:[：:为是]|定于)\s*(?P<b>(?:\d{{4}}年)?{NUM_RE}月{NUM_RE}[日号])"
)

# 第三周（9月15日—9月21日）：, 第3-4周, 第4周园务计划（3月6日——3月10日）, 第二周（9.11-9.15）工作安排,
# 第2周工作安排：9月11日—9月15日: a calendar's line naming only a week (and its dates), or a week plan's
# title, heading the tasks listed under it
_PLAN = r"[\u4e00-\u9fff]{0,4}?(?:计划|安排|要点|重点)"
WEEK_LINE = re.compile(
    rf"(?P<w>第\s*{NUM_RE}\s*(?:[-—－~～至到、]\s*(?:第\s*)?{NUM_RE}\s*)?周次?)\s*(?P<plan>{_PLAN})?\s*"
    r"(?:[（(](?P<dates>[^（()）\n]{1,30})[)）]|[：:]?\s*(?P<bare>[\d年月日号.．/\-－—~～至到 ]{5,30}))?"
    rf"\s*(?P<plan2>{_PLAN})?\s*[：:]?"
)
# a week plan's title may open with who plans (XX幼儿园第4周园务计划)
_WEEK_LINES = re.compile(
    rf"(?m)^[ \t\u3000]*(?P<who>[^\n]{{0,30}}?)(?P<line>{WEEK_LINE.pattern})[ \t\u3000]*$"
)

_BARE = re.compile(rf"^\s*(?P<a>{NUM_RE})\s*(?:[-—－~～至到、]\s*(?P<b>{NUM_RE})\s*)?$")
# 2.10—2.16, 2. 24—3.2, 3.12, 9/1-9/7, 2024.9.1-2024.9.7: month.day in a calendar's date cell
_DOTTED = re.compile(
    r"^\s*(?:(?P<y1>\d{4})\s*[.．/])?(?P<m1>\d{1,2})\s*[.．/]\s*(?P<d1>\d{1,2})日?"
    r"(?:\s*[-—－~～至到]+\s*(?:\d{4}\s*[.．/])?(?:(?P<m2>\d{1,2})\s*[.．/]\s*)?(?P<d2>\d{1,2})日?)?\s*$"
)

# 2027.12, 2027.9-2027.12, 2027/06: a time cell's year and month, by the end of the (last) month
_YEAR_MONTH = re.compile(
    r"^\s*(?P<y1>\d{4})\s*[.．/]\s*(?P<m1>\d{1,2})"
    r"(?:\s*[-—－~～至到]+\s*(?:(?P<y2>\d{4})\s*[.．/]\s*)?(?P<m2>\d{1,2}))?\s*月?(?:底|末)?(?:前|之前)?\s*$"
)

# 2023-9-11: a date written with hyphens, read as 2023.9.11 (the same length)
_ISO = re.compile(r"(\d{4})[-－](\d{1,2})[-－](\d{1,2})")


def week_numbers(cell: str, column: bool = False) -> tuple[int, int] | None:
    """(first, last) week a calendar cell names, or None when it names none; in a 周次 ``column``
    a bare number (3, 3-4) names the week."""
    m = WEEK.match(cell) or (_BARE.match(cell) if column else None)
    if not m:
        return None
    a = to_int(m.group("a"))
    b = to_int(m.group("b")) if m.group("b") else a
    if not a or not b or not 1 <= a <= b <= 60:
        return None
    return a, b


def cell_times(
    cell: str, base: dt.date, offset: int = 0, calendar: IsWorkday | None = None
) -> list[TimeExpr]:
    """The time phrases of a table's date cell, dotted dates (2.10—2.16) read as 2月10日—2月16日 and a
    dotted year and month (2027.12, 2027.9-2027.12) by the end of its last month."""
    found = parse_times(cell, base, offset, calendar)
    m = None if found else _DOTTED.match(_ISO.sub(r"\1.\2.\3", cell))
    ym = None if found or m else _YEAR_MONTH.match(cell)
    if ym is not None and 1 <= int(ym.group("m2") or ym.group("m1")) <= 12:
        spelled = f"{ym.group('y2') or ym.group('y1')}年{int(ym.group('m2') or ym.group('m1'))}月底前"
    elif m is not None:
        y1, m1, d1, m2, d2 = m.group("y1", "m1", "d1", "m2", "d2")
        spelled = f"{y1 or ''}{'年' if y1 else ''}{int(m1)}月{int(d1)}日" + (
            f"至{int(m2 or m1)}月{int(d2)}日" if d2 else "前"
        )
    else:
        return found
    out = parse_times(spelled, base, 0, calendar)[:1]
    for x in out:
        lead = offset + len(cell) - len(cell.lstrip())
        x.phrase, x.start, x.end = cell.strip(), lead, lead + len(cell.strip())
    return out


def term_start(text: str, base: dt.date) -> dt.date | None:
    """The day the term starts, when the text states it."""
    m = _TERM_START.search(text)
    if not m:
        return None
    phrase = m.group("a") or m.group("b")
    dates = [x.date for x in parse_times(phrase, base) if x.date]
    return dates[0] if dates else None


def first_week_end(dated: Iterable[tuple[int, dt.date]], text: str, base: dt.date) -> dt.date | None:
    """The last day of week one: from a row giving both its last week and its end, else the term's start.

    A term that starts on a Wednesday has its first week end on the Sunday after.
    """
    known = next(iter(dated), None)
    if known is not None:
        return known[1] - dt.timedelta(days=7 * (known[0] - 1))
    start = term_start(text, base)
    return start + dt.timedelta(days=6 - start.weekday()) if start else None


def week_end(first: dt.date, week: int) -> dt.date:
    """The last day of teaching week ``week`` when week one ends on ``first``."""
    return first + dt.timedelta(days=7 * (week - 1))


def dates_only(line: str) -> bool:
    """A line that holds only a range of dates (2023-9-11—2023-9-15, 9月11日至9月15日)."""
    bare = _ISO.sub("D", re.sub(r"[\s()（）]", "", line))  # 2023-9-11: one date, its hyphens no range
    return bool(re.fullmatch(r"[\dD年月日号.．/\-－—~～至到]+", bare)) and bool(
        re.search(r"[—~～至到\-－]", bare)
    )


def week_lines(text: str, base: dt.date, calendar: IsWorkday | None = None) -> list[tuple[int, TimeExpr]]:
    """(line end, date) of every line that names only a teaching week, each placed on its week's last
    day: by the dates in its brackets, else counted from week one (a dated line's or the term start's);
    a week the text cannot place is left out."""
    found: list[tuple[int, int, tuple[int, int], TimeExpr | None]] = []
    for m in _WEEK_LINES.finditer(text) if "周" in text else ():
        plan = m.group("plan") or m.group("plan2")
        w = week_numbers(m.group("w")) if plan or not m.group("who") else None
        if w:
            dates, at, end = m.group("dates"), m.start("dates"), m.end()
            if not dates and m.group("bare") and dates_only(m.group("bare")):
                dates, at = m.group("bare"), m.start("bare")
            if not dates:  # 第二周工作计划\n2023-9-11—2023-9-15: the dates on the line under the title
                below = text.find("\n", m.end() + 1)
                below = len(text) if below < 0 else below
                dates, at, end = (
                    (text[m.end() : below], m.end(), below)
                    if dates_only(text[m.end() : below])
                    else ("", 0, end)
                )
            times = cell_times(dates, base, at, calendar) if dates else []
            dated = [x for x in times if x.kind == "deadline" and x.date][-1:]
            found.append((m.start("line"), end, w, dated[0] if dated else None))
    first = first_week_end(((w[1], x.date) for _, _, w, x in found if x and x.date), text, base)
    out = []
    for lead, end, w, x in found:
        phrase = text[lead:end].strip().rstrip("：:")
        if x is None and first is not None:
            x = TimeExpr("deadline", phrase, lead, lead + len(phrase), date=week_end(first, w[1]))
        elif x is not None:
            x.phrase, x.start, x.end = phrase, lead, lead + len(phrase)
        if x is not None:
            out.append((end, x))
    return out
