"""Deadline grammar: date phrases of directive texts resolved against the directive's date.

Each rule is a regex on the normalised text plus a resolver; matches never overlap (longest wins).
Working days follow the official calendar (holidays and 调休) through an injectable ``is_workday``.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re
from collections.abc import Callable

from .festivals import FESTIVALS, PLAN_PERIOD_END, qingming, spring_festival
from .numerals import NUM_RE, to_int
from .placing import (
    _XUN,
    PH,
    PRE_NUM,
    YEAR,
    TimeExpr,
    V,
    _add_months,
    _explicit_year,
    _is_ph,
    _month_end,
    _past,
    _roll,
    _year,
    month_named_before,
)
from .workdays import IsWorkday, add_working_days

Resolver = Callable[[re.Match, dt.date, IsWorkday | None], TimeExpr | None]
_RULES: list[tuple[re.Pattern, Resolver]] = []


def rule(pattern: str) -> Callable[[Resolver], Resolver]:
    def deco(fn: Resolver) -> Resolver:
        _RULES.append((re.compile(pattern), fn))
        return fn

    return deco


def _te(kind: str, m: re.Match, **kw) -> TimeExpr:
    if kind == "deadline" and re.search("[Xx×_*＊]", m.groupdict().get("y") or ""):
        kw = {**kw, "date": None, "placeholder": True}
    return TimeExpr(kind, m.group(0), m.start(), m.end(), **kw)


@rule(rf"(?:从|自)(?:{YEAR})?(?P<m>{V})月份?(?:(?P<d>{V})[日号])?(?:开始|起)?")
@rule(rf"(?<![每至到])(?:{YEAR})?(?P<m>{V})月份?(?:(?P<d>{V})[日号])?(?:开始|起(?!草))")
def _start(m, base, cal):
    if _past(m):
        return None
    mon, day = m.group("m"), m.group("d")
    if _is_ph(mon) or _is_ph(day):
        return _te("start", m, placeholder=True)
    mi, di = to_int(mon), to_int(day) if day else 1
    if not mi or not 1 <= mi <= 12:
        return None
    try:
        return _te("start", m, date=_roll(dt.date(_year(m, base), mi, di or 1), base, _explicit_year(m)))
    except ValueError:
        return None


@rule(rf"每(?:个)?月(?:的)?(?:(?P<d>{V})[日号]|(?P<end>底|末))?(?:前|之前|以前)?")
def _monthly(m, base, cal):
    d = m.group("d")
    if _is_ph(d):
        return _te("cadence", m, placeholder=True, cadence="monthly:X")
    day = 31 if (m.group("end") or not d) else (to_int(d) or 31)
    return _te("cadence", m, cadence=f"monthly:{min(max(day, 1), 31)}")


@rule(r"每(?:个)?(?:周|星期|礼拜)(?P<d>[一二三四五六日天1-7])?")
def _weekly(m, base, cal):
    d = m.group("d")
    n = 5 if not d else (7 if d in "日天" else to_int(d))
    return _te("cadence", m, cadence=f"weekly:{n}")


@rule(rf"每(?P<n>{NUM_RE})?个?工作日|每(?:天|日)(?![前内])")
def _workdays(m, base, cal):
    n = to_int(m.group("n") or "1") or 1
    return _te("cadence", m, cadence=f"workdays:{n}")


@rule(r"每(?:个|一)?季度|每半年|每年")
def _coarse_cadence(m, base, cal):
    # a quarter's report is kept at each quarter's end; the API has no half-yearly or yearly report
    return _te("cadence", m, cadence="quarterly" if "季" in m.group(0) else "none")


# 考试结束一周内, 活动结束后10日内: counted from an event the text does not date, not from the
# document (印发后15个工作日内, 本通知下发之日起 count from the document's date)
_AFTER_EVENT = re.compile(r"(?:结束|完毕|闭幕)(?:后|之后|以后)?$")


def _after_event(m: re.Match) -> bool:
    return bool(_AFTER_EVENT.search(m.string, max(0, m.start() - 4), m.start()))


@rule(rf"{PRE_NUM}(?P<n>{V})个?工作日(?:内|之内|以内)")
def _working_days(m, base, cal):
    if _is_ph(m.group("n")):
        return _te("deadline", m, placeholder=True)
    if _after_event(m):
        return _te("unplaced", m)
    n = to_int(m.group("n"))
    return None if n is None else _te("deadline", m, date=add_working_days(base, n, cal))


@rule(rf"{PRE_NUM}(?:(?P<n>{V})|(?P<half>半))(?:个)?(?P<u>日|天|周|星期|个月|月)(?:内|之内|以内)")
def _within(m, base, cal):
    if _is_ph(m.group("n")):
        return _te("deadline", m, placeholder=True)
    if _after_event(m):
        return _te("unplaced", m)
    if m.group("half"):  # 半个月内: fifteen days
        return _te("deadline", m, date=base + dt.timedelta(days=15)) if "月" in m.group("u") else None
    n = to_int(m.group("n"))
    if n is None:
        return None
    u = m.group("u")
    if u in ("日", "天"):
        return _te("deadline", m, date=base + dt.timedelta(days=n))
    if u in ("周", "星期"):
        return _te("deadline", m, date=base + dt.timedelta(days=7 * n))
    return _te("deadline", m, date=_add_months(base, n))


@rule(
    rf"(?<![\d.．])(?:{YEAR})?{V}(?:月份?(?:{V}[日号]|[上中下]旬|初|中)?)?(?:[—\-－~～至到]+)(?P<y2>\d{{4}}年)?(?P<m>{V})月份?"
    r"(?P<s>底|末|上旬|中旬|下旬)?"
)
def _range(m, base, cal):
    if _past(m):
        return None
    if _is_ph(m.group("m")):
        return _te("deadline", m, placeholder=True)
    mi = to_int(m.group("m"))
    if not mi or not 1 <= mi <= 12:
        return None
    y = int(m.group("y2")[:4]) if m.group("y2") else _year(m, base)
    end = _month_end(y, mi)
    if m.group("s") in ("上旬", "中旬"):  # 12月1日至12月中旬: the range ends on the 20th
        end = end.replace(day=_XUN[m.group("s")])
    return _te("deadline", m, date=_roll(end, base, _explicit_year(m) or bool(m.group("y2"))))


@rule(rf"(?<![每去上前])(?:{YEAR})?(?P<m>{V}) ?月份? ?(?P<d>{V}) ?[日号](?:前|之前|以前|内|止|为止)?")
def _full_date(m, base, cal):
    if _past(m):
        return None
    if _is_ph(m.group("m")) or _is_ph(m.group("d")):
        return _te("deadline", m, placeholder=True)
    mi, di = to_int(m.group("m")), to_int(m.group("d"))
    try:
        d = dt.date(_year(m, base), mi or 0, di or 0)
    except (ValueError, TypeError):
        return None
    return _te("deadline", m, date=_roll(d, base, _explicit_year(m)))


# 2024-03-15, 2024.3.15前, 2024/3/15: a date written in figures; 2023-9-11—2023-9-15: until the last day
FIGURE_DATE = r"(?P<y>(?:19|20)\d{2})(?P<sep>[.\-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d.])日?"


@rule(
    rf"(?<![\d./\-]){FIGURE_DATE}"
    r"(?:\s*[—\-－~～至到]+\s*(?:(?P<y2>(?:19|20)\d{2})(?P=sep))?(?:(?P<m2>\d{1,2})(?P=sep))?(?P<d2>\d{1,2})(?![\d.])日?)?"
    r"(?:前|之前|以前|止|为止)?"
)
def _figures(m, base, cal):
    day = dt.date(
        int(m.group("y2") or m.group("y")),
        int(m.group("m2") or m.group("m")),
        int(m.group("d2") or m.group("d")),
    )
    return _te("deadline", m, date=day)


@rule(
    rf"(?<![每去上前])(?:{YEAR})?(?P<m>{V}) ?月份?(?P<s>底|末|中下旬|上中旬|中旬|上旬|下旬|初|中|全月)?"
    r"(?P<p>前|之前|以前|内|之内|以内|完成|召开|举办|启动|出台|报送|底前|期间|开工|竣工|完工|建成|投产|交付)?"
    r"(?!以来|开始|起|至|到|份以来|的)"
)
def _month(m, base, cal):
    if _past(m):
        return None
    by = m.start() > 0 and m.string[m.start() - 1] in "到至" and m.group("y")  # 到2020年3月
    # （一）动员部署阶段（3月）: a month in brackets of its own is the period of what it follows
    own = m.string[m.start() - 1 : m.start()] == "（" and m.string.startswith("）", m.end())
    if not (m.group("s") or m.group("p") or m.group("ry") or by or own):
        return None  # a bare "6月" is too often a date in a narrative (a project's 2023年5月竣工 is a step)
    if _is_ph(m.group("m")):
        return _te("deadline", m, placeholder=True)
    mi = to_int(m.group("m"))
    if not mi or not 1 <= mi <= 12:
        return None
    y = _year(m, base)
    s = m.group("s")
    d = dt.date(y, mi, _XUN[s]) if s in _XUN else _month_end(y, mi)
    return _te("deadline", m, date=_roll(d, base, _explicit_year(m)))


@rule(
    r"(?P<w>本月|当月|下月|下个月|次月|(?<![\d〇零一二两三四五六七八九十Xx×*＊每])月)(?P<s>底|末|内|中旬|上旬|下旬)(?:前|之前|(?!的))|本月(?!底的)|下个?月(?=[前内底])|(?<=[在于])下个?月"
)
def _rel_month(m, base, cal):
    w = m.group("w") or m.group(0)
    month = _add_months(base.replace(day=1), 1 if w.startswith(("下", "次")) else 0)
    s = m.group("s")
    d = month.replace(day=_XUN[s]) if s in _XUN else _month_end(month.year, month.month)
    return _te("deadline", m, date=d)


@rule(
    rf"(?<!每)(?:{YEAR})?(?:年底|年末|年内|年度内|年前(?![一二三两四五六七八九十\d期]))(?:前|之前)?"
    r"|(?P<ry2>今年|明年|本年度?)内"
    r"|(?<!\d)(?P<y3>\d{4})年(?:底|末|前(?![一二三两四五六七八九十\d期]))(?:前|之前)?"
    r"|(?<=[到至])(?P<y4>\d{4})年(?![\d〇一二三两四五六七八九十月底末前内度起开])"
)
def _year_end(m, base, cal):
    # 2020年前, 到2020年: by the end of that year; 每年底前 is a cadence, not a deadline
    if _past(m):
        return None
    y = (
        base.year + 1
        if (m.group("ry2") == "明年")
        else int(m.group("y3") or m.group("y4"))
        if m.group("y3") or m.group("y4")
        else _year(m, base)
    )
    return _te("deadline", m, date=dt.date(y, 12, 31))


@rule(
    rf"(?:(?<!\d)(?P<from>\d{{4}})年(?:起|开始)?|(?P<rfrom>今年|明年)起)?"
    rf"(?:(?:用|在)?(?P<n>{NUM_RE})年(?:时间)?(?:内|之内|以内)|用(?P<n2>{NUM_RE})年(?:左右)?(?:的)?时间)"
)
def _years_within(m, base, cal):
    # a duration counted from a start ends with the last year it covers: 2025年起3年内 -> 2027-12-31,
    # 用两年时间 in a plan of 2025 -> 2026-12-31
    n = to_int(m.group("n") or m.group("n2"))
    if not n or n > 50:
        return None
    start = int(m.group("from")) if m.group("from") else base.year + (m.group("rfrom") == "明年")
    return _te("deadline", m, date=dt.date(start + n - 1, 12, 31))


@rule(
    rf"(?:{YEAR})?(?P<m1>{V}) ?月 ?(?P<d1>{V}) ?[日号]?\s*[—\-－~～至到]+\s*(?:(?P<y2>\d{{4}}) ?年 ?)?"
    rf"(?:(?P<m2>{V}) ?月 ?)?(?P<d2>{V}) ?[日号]"
)
def _day_range(m, base, cal):
    # 2017年7月18日至2017年7月25日: a stage runs until the range's last day
    if _past(m):
        return None
    if any(_is_ph(m.group(g)) for g in ("m1", "d1", "m2", "d2")):
        return _te("deadline", m, placeholder=True)
    y = int(m.group("y2")) if m.group("y2") else _year(m, base)
    mi = to_int(m.group("m2") or m.group("m1"))
    if not m.group("y2") and (to_int(m.group("m1")) or 0) > (mi or 13):
        y += 1  # 12月28日至1月3日: the range ends in the next year
    try:
        d = dt.date(y, mi or 0, to_int(m.group("d2")) or 0)
    except (ValueError, TypeError):
        return None
    return _te("deadline", m, date=_roll(d, base, _explicit_year(m) or bool(m.group("y2"))))


@rule(
    r"(?<![\u4e00-\u9fff])全年(?:内)?(?![\u4e00-\u9fff])|全年内|年中(?:前|之前)"
    r"|(?:(?<=[在于到至])|(?<![\u4e00-\u9fff]))年中(?=[，。；、\s]|完成|实现|基本|全面|$)"
)
def _whole_year(m, base, cal):
    # a time column reading 全年 means by the end of the year; 年中 means by the end of June
    mid = m.group(0).startswith("年中")
    return _te("deadline", m, date=dt.date(base.year, 6, 30) if mid else dt.date(base.year, 12, 31))


@rule(rf"(?:{YEAR})?(?P<h>[上下前后]半年)(?:前|内|末|底)?|(?:剩下|剩余|余下)的?半年(?:时间)?[里内]?")
def _half(m, base, cal):
    # 上半年 -> 30 June; 下半年, 后半年 and 剩下的半年 (said in a mid-year review) -> 31 December
    if _past(m):
        return None
    y = _year(m, base)
    first = m.group("h") in ("上半年", "前半年")
    return _te("deadline", m, date=dt.date(y, 6, 30) if first else dt.date(y, 12, 31))


@rule(r"[“\"]?(?P<p>十[三四五]五)[”\"]?(?:期间|末|时期|规划期内?)")
@rule(r"(?<=[在于])(?P<y1>\d{4})\s*年?\s*[—\-－~～]+\s*(?P<y2>\d{4})\s*年(?:底|末)?(?![\d月度])")
def _span_end(m, base, cal):
    # 在2025—2027年完成, “十四五”期间: a task's years run to the end of the last (never a title's period)
    if "p" in m.re.groupindex:
        return _te("deadline", m, date=dt.date(PLAN_PERIOD_END[m.group("p")], 12, 31))
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    return _te("deadline", m, date=dt.date(y2, 12, 31)) if y1 < y2 <= y1 + 30 else None


_EVE = r"(?:(?:来临|到来)?(?:之前|以前|前)(?!夕)|前夕)"  # 春节前, 春节来临之前, 劳动节前夕


@rule(
    rf"(?<!每)(?<!每个)(?:{YEAR})?第?(?P<q>[一二三四1-4]|{PH})季度(?:末|底)?(?:前|内|之前)?(?!重点|任务|工作|的|是)"
    r"|(?P<rq>本|下)季度(?:末|底|内)(?:前|之前)?"  # never bare: 本季度进展情况 is the period reported
)
def _quarter(m, base, cal):
    if _past(m):
        return None
    if _is_ph(m.group("q")):
        return _te("deadline", m, placeholder=True)
    if m.group("rq"):  # 本季度内, 下季度末: the base date's quarter, or the next
        last = _add_months(base.replace(day=1), (2 - (base.month - 1) % 3) + 3 * (m.group("rq") == "下"))
        return _te("deadline", m, date=_month_end(last.year, last.month))
    q = to_int(m.group("q")) or 4
    return _te("deadline", m, date=_month_end(_year(m, base), 3 * q))


@rule(rf"(?:(?P<f>元旦|五一|劳动节|七一|八一|国庆节?)|“(?P<q>五一|七一|八一|十一)”)节?{_EVE}")
def _festival(m, base, cal):  # the eve of the next such day (元旦前 in June: 12月31日 of the same year)
    day = dt.date(base.year, *FESTIVALS[m.group("f") or m.group("q")])
    return _te("deadline", m, date=(day if day > base else day.replace(year=base.year + 1)) - dt.timedelta(1))


@rule(f"(?P<n>春节|清明节?){_EVE}")
def _spring(m, base, cal):  # the days that move: the Lunar New Year, 清明 (a solar term)
    for y in (base.year, base.year + 1):
        held = qingming(y) if m.group("n") != "春节" else spring_festival(y)
        if held is not None and held - dt.timedelta(1) >= base:
            return _te("deadline", m, date=held - dt.timedelta(1))
    return _te("unplaced", m)


@rule(
    r"(?:寒假|暑假|放假|开学|假期|期末考试|期末|汛期|(?<![环细章季调])节)(?:开始|结束)?(?:前|之前|以前)"
    r"|学期末|学期结束|限期|限时|尽快|待定"
)
def _unplaced(m, base, cal):
    # read but not placed on a date (school calendars, 限期 without a term): flagged, never guessed
    return _te("unplaced", m)


@rule(
    r"(?P<w>本周|下周)(?P<d>[一二三四五六日天])?(?:内|末)?"
    r"|(?<![每上下本这])(?:周|星期)(?P<d2>[一二三四五六日天])(?=(?:上午|下午|下班)?(?:前|之前))"
)
def _week(m, base, cal):
    # the working week ends on Friday (or on the base day itself when that is already the weekend);
    # 本周四, 下周一: that day; 周五前: this week's Friday, next week's once it is past
    day = "一二三四五六日天".find(m.group("d") or m.group("d2") or "五")
    monday = base - dt.timedelta(days=base.weekday())
    due = monday + dt.timedelta(days=min(day, 6))
    if not (m.group("d") or m.group("d2")):
        due = max(due, base)
    if m.group("w") == "下周" or (m.group("d2") and due < base):
        due += dt.timedelta(days=7)
    return _te("deadline", m, date=due)


@rule(
    rf"(?:(?P<w>本月|当月|下个?月|次月)|(?<![月\d每]))(?:(?P<d1>\d{{1,2}})\s?[日号]?\s*[—\-－~～至到]+\s*)?"
    rf"(?P<d>\d{{1,2}}|{PH})\s?[日号](?P<p>前|之前)?"
)
def _day_only(m, base, cal):
    # 15日前: this month's 15th, next month's once it is past; 本月17 日之前, 下月5日前: the month named;
    # a stage's 7日——18日 under its month: until the range's last day
    if not (m.group("p") or m.group("d1")):
        return None
    if _is_ph(m.group("d")):
        return _te("deadline", m, placeholder=True)
    di = int(m.group("d"))
    if not 1 <= di <= 31:
        return None
    w = m.group("w") or ""
    if not w and (named := month_named_before(m, base, di)):
        return _te("deadline", m, date=named)
    ahead = w.startswith(("下", "次")) or (not w and di < base.day)
    month = _add_months(base.replace(day=1), 1) if ahead else base.replace(day=1)
    return _te("deadline", m, date=month.replace(day=min(di, _cal.monthrange(month.year, month.month)[1])))


# 于930之前, 76日之前, 于25前: a page that lost its 月 (an image on the site) runs month and day together;
# read only when one split alone makes a date (76 is no day of a month, 7月6日 is); 下午2点15前 is an hour
@rule(r"(?<![\d年月日号.:：/\-点时])(?P<n>\d{2,4})(?P<d>日)?(?:之前|以前|前)")
def _run_together(m, base, cal):
    n = m.group("n")
    if m.group("d") and int(n) <= 31:
        return None  # 25日前: the 25th
    dates = []
    for k in (1, 2):
        mi, di = int(n[:k]), int(n[k:] or 0)
        if len(n) - k <= 2 and 1 <= mi <= 12 and 1 <= di <= _cal.monthrange(base.year, mi)[1]:
            dates.append(_roll(dt.date(base.year, mi, di), base, False))
    return _te("deadline", m, date=dates[0]) if len(dates) == 1 else None


# 今日下午5时前, 今天下班前, 明日12:00前: the day the notice is dated, or the day after it
@rule(
    r"(?P<w>[今明])[日天](?:上午|中午|下午|晚上)?(?:下班|\d{1,2}(?:[:：]\d{2}|[时点時](?:\d{1,2}分)?))?[时時]?(?:前|之前|以前)"
)
def _today(m, base, cal):
    return _te("deadline", m, date=base + dt.timedelta(days=m.group("w") == "明"))


@rule(r"长期坚持|长期|持续推进|常态化推进|久久为功")
def _ongoing(m, base, cal):
    return _te("ongoing", m)


# one of these characters occurs in every match of the rule: a cheap test that skips most rules
_NEEDS = {
    "_range": "—-－~～至到",
    "_start": "月",
    "_monthly": "每",
    "_weekly": "每",
    "_workdays": "每",
    "_coarse_cadence": "每",
    "_working_days": "工",
    "_within": "内",
    "_full_date": "日号",
    "_figures": ".-/",
    "_month": "月",
    "_rel_month": "月",
    "_year_end": "年",
    "_years_within": "年",
    "_day_range": "—-－~～至到",
    "_whole_year": "年",
    "_spring": "春清",
    "_unplaced": "前末限尽待束",
    "_half": "半",
    "_span_end": "—-－~～五",
    "_quarter": "季",
    "_festival": "前",
    "_week": "周星",
    "_day_only": "前—-－~～至到",
    "_ongoing": "长持久常",
    "_run_together": "前",
    "_today": "今明",
}


def parse_times(
    text: str, base_date: dt.date, offset: int = 0, calendar: IsWorkday | None = None
) -> list[TimeExpr]:
    """All time phrases of a (normalised) text, non-overlapping, longest first, in text order."""
    found: list[TimeExpr] = []
    chars = set(text)  # once for every rule's test of the characters it needs
    for pattern, resolve in _RULES:
        if chars.isdisjoint(_NEEDS[resolve.__name__]):
            continue
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            try:
                te = resolve(m, base_date, calendar)
            except (OverflowError, ValueError):  # a date past the year 9999 (or before 1): no deadline
                continue
            if te is not None:
                found.append(te)
    found.sort(key=lambda t: (-(t.end - t.start), t.start))
    taken: list[TimeExpr] = []
    for te in found:
        if all(te.end <= o.start or te.start >= o.end for o in taken):
            taken.append(te)
    taken.sort(key=lambda t: t.start)
    for te in taken:
        te.start += offset
        te.end += offset
    return taken


_DOC_DATE = re.compile(
    r"^[（(]?\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*[)）]?\s*$|"
    r"[（(](\d{4})年(\d{1,2})月(\d{1,2})日[^）)]{0,20}[)）]\s*$"
)


def document_date(text: str) -> dt.date | None:
    """The date line of a speech or plan header (``（2026年2月26日）``), the natural base date."""
    for line in text.split("\n", 8)[:8]:
        m = _DOC_DATE.search(line.strip())
        if m:
            y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
            try:
                return dt.date(y, mo, d)
            except ValueError:
                return None
    return None
