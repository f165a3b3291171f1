"""Which date of a time phrase binds: a limit (…前, …底, a range's end), or a cadence's day, an event's
schedule or the date a count is taken at, which date nothing. Shared by an item's own phrases (fields.py)
and the phrases its scopes hand down (scopes.py, handins.py)."""

from __future__ import annotations

import re

from .deadlines import FIGURE_DATE, TimeExpr


def hands_down(t: str, x: TimeExpr, limit: bool) -> bool:
    """A date a scope may hand down: neither a cadence's day, a schedule nor an as-of date (``limit``: a
    limit only)."""
    return x.kind == "deadline" and (x.date is not None or x.placeholder) and _governs(t, x, limit)


def flags_down(t: str, x: TimeExpr) -> bool:
    """A limit no calendar places (寒假前, 开学前) that a scope states as it would a date: its items are
    flagged with it, never dated by a scope further out (尽快, 限期 bind no part)."""
    return x.kind == "unplaced" and _governs(t, x, limit=True)


def _governs(t: str, x: TimeExpr, limit: bool) -> bool:
    return (
        not _scheduled(t, x)
        and not _as_of(t, x)
        and not _of_cadence(t, x)
        and not _named(t, x)
        and (not limit or _limit(t, x))
    )


# 学习全市第一季度安全生产工作视频会议精神, 《2023年上半年工作要点》: the period in the name of a meeting
# or a document names it, and limits nothing
_MEETING_AFTER = re.compile(r"[^，。；：、\s（）()《》]{0,20}?会议?精神")
_TITLE_BEFORE = re.compile(r"《[^《》\n]{0,30}$")
_TITLE_AFTER = re.compile(r"[^《》\n]{0,30}》")


# 下半年工作计划, 三季度特点: a period that qualifies the thing named after it; 决胜四季度,
# 冲刺一季度“开门红”: a period contested as a whole, a slogan's; either limits nothing unless it states a
# limit (三季度末前)
_THING_AFTER = re.compile(r"的?(?:工作)?(?:计划|总结|要点|特点|形势)")
_CONTESTED = re.compile(r"(?:决胜|决战|冲刺|打赢|把握)\s*$")


def _named(t: str, x: TimeExpr) -> bool:
    return bool(
        _MEETING_AFTER.match(t, x.end)
        or (_TITLE_BEFORE.search(t, max(0, x.start - 30), x.start) and _TITLE_AFTER.match(t, x.end))
        or (
            not _LIMIT.search(x.phrase)
            and (_THING_AFTER.match(t, x.end) or _CONTESTED.search(t, max(0, x.start - 3), x.start))
        )
    )


# a phrase that states a limit (前, 内, 底) governs the action over a bare date in the same item
_LIMIT = re.compile(r"(?:[前内底末止]|前夕)$|至|到|—|[-－~～](?=\d)")
# 2024-03-15 is one day, its dashes no range: a figure date states a limit only by what follows it
_FIGURES = re.compile(FIGURE_DATE)
# 考试时间为1月18日, 定于3月5日召开: the date of an event, not the limit of the required action
_SCHEDULE = re.compile(r"(?:时间为|时间是|定于|将于|日期为)\s*$")


# 截止20xx年底固定资产…的登记: the date a count is taken at; 每季度末（分别在6月…底）: a cadence's dates
_AS_OF = re.compile(r"(?:截止|截至)[\dXx×]{0,4}$|分别(?:在|于)[^，。；）]*$")
# 截止6月30日完成录入, 截至5月20日报送: the date closes the work that follows it, a limit
_CLOSES = re.compile(r"(?:前|之前|止|为止)?(?:完成|结束|报送|上报|提交|报名|交|报)")
_CLOSED_BY = re.compile(r"(?:截止|截至)(?:到|于)?\s*$")


# 4月23日（周二）上午11点前, 6月18日（星期二）上午下班前: the hour after the day states the limit
_HOUR_LIMIT = re.compile(
    r"(?:（(?:周|星期|礼拜)[一二三四五六日天]）)?(?:上午|下午|中午|晚上)?"
    r"(?:\d{1,2}(?:[:：]\d{2}|[点时](?:\d{1,2}分?|半)?)|下班)?(?:前|之前|以前)"
)
# 每季度最后一个月的30日前: the day of a cadence, not a deadline (本次报送于5月29日 is one)
_CADENCE_BEFORE = re.compile(r"每(?:个|一)?(?:月|季度|季|半年|年|周|星期)(?:(?!本次)[^，。；：])*$")


# 截止时间：2024年7月20日24:00: the date a window closes on
_CUTOFF = re.compile(r"截[止至](?:时间|日期)\s*[：:为是]\s*$")


# 动员部署阶段（3月上旬）, 摸底排查阶段（截至4月30日）: a period alone in the brackets after a title is
# the title's period, by its end; （本通知下发之日至11月10日）: the end of a range whose start the
# grammar places nowhere
_BRACKET_OPEN = re.compile(r"[（(](?:截[止至]|[^（）()\n]{0,12}?(?:至|到))?$")


def _bracketed(t: str, x: TimeExpr) -> bool:
    return bool(_BRACKET_OPEN.search(t, max(0, x.start - 16), x.start)) and t.startswith(("）", ")"), x.end)


# 6月底、7月初, 11月底或12月初: the later period joined to a limit ends it
_JOINED = re.compile(r"[前底末]\s*[、或]\s*$")


def _limit(t: str, x: TimeExpr) -> bool:
    return bool(
        _LIMIT.search(_FIGURES.sub("", x.phrase))
        or _JOINED.search(t, max(0, x.start - 4), x.start)
        or _HOUR_LIMIT.match(t, x.end)
        or _CUTOFF.search(t, max(0, x.start - 10), x.start)
        or _bracketed(t, x)
        or _closes(t, x)
    )


def _closes(t: str, x: TimeExpr) -> bool:
    return bool(_CLOSED_BY.search(t, max(0, x.start - 4), x.start) and _CLOSES.match(t, x.end))


def _of_cadence(t: str, x: TimeExpr) -> bool:
    """The day of a cadence, or the period a cadence starts from (从2023年第一季度开始，每季度…)."""
    if t[max(0, x.start - 1) : x.start] in ("从", "自") and t.startswith(("开始", "起"), x.end):
        return True
    before = t[max(0, x.start - 24) : x.start]
    return not x.phrase.startswith(("每", "本")) and bool(_CADENCE_BEFORE.search(before))


def _as_of(t: str, x: TimeExpr) -> bool:
    return (
        not x.phrase.endswith("前")
        and not _bracketed(t, x)
        and not _closes(t, x)
        and bool(_AS_OF.search(t[max(0, x.start - 16) : x.start]))
    )


# 4月3日至5日放假，共3天: the days off a holiday notice announces, the calendar's, no one's limit
_DAYS_OFF = re.compile(r"\s*(?:放假|休假|调休)")


def _scheduled(t: str, x: TimeExpr) -> bool:
    # 截止时间为…: a limit however it is phrased
    return bool(
        _SCHEDULE.search(t[max(0, x.start - 6) : x.start])
        and not _CUTOFF.search(t, max(0, x.start - 10), x.start)
    ) or bool(_DAYS_OFF.match(t, x.end))
