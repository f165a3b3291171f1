"""The date an item inherits from the scopes that enclose it (docs/extract.md, "Deadlines").

One rule: an item takes the date of the nearest enclosing scope that states one, and a date the item
states itself wins. A scope is a stretch of text with its own date: the sentence that introduces a list
(``请于6月28日前完成以下工作：`` over ``1.… 2.…``), the heading of a part (``（二）自查摸底阶段（7月3日至
7月15日）``) and the headings above it, a stage or period line of a plan's calendar (``九月份``,
``第二周（9月11日—9月15日）``), a notice's time section, a section-wide ``以上工作要在…前完成`` (found
where the items are read, items.py). The nearest is the one that opens last before the item. A scope's
phrase dates nothing when it is a cadence's day (``每季度最后一个月的20日前``), a start
(``从2023年第二季度起``), the date a count is taken at or an event's schedule (``定于…``); a list's
introduction and a parent heading date their items only with a limit (``…前``, ``…底``, a range's end).
A table row's time column is the row's own (fields.py); which phrase is a limit, a cadence's day, a
schedule or an as-of date is limits.py's test, shared by an item's own phrases and its scopes'; the
sentences that hand in what an item prepares are read in handins.py.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import daysoff, handins, weeks
from .classifier import _SECTION_WIDE, MODAL, _sentences, _strip_marker
from .cues import _NOTICE_OPENING, _TRANSMITS
from .deadlines import YEAR, TimeExpr, parse_times
from .limits import _limit, _scheduled, flags_down, hands_down
from .numerals import NUM_RE
from .outline import LIST, Marker, _path, walk
from .owners import ATTR_LINE
from .placing import month_before

if TYPE_CHECKING:
    from .fields import _Doc


def inherited(doc: _Doc, start: int, end: int) -> TimeExpr | None:
    """The date an item at ``[start, end)`` that states none inherits: the first of ``offered``."""
    return next(iter(offered(doc, start, end)), None)


def offered(doc: _Doc, start: int, end: int) -> list[TimeExpr]:
    """The dates the scopes offer an item at ``[start, end)``, the grammar's choice first: a holiday
    notice's last day off or the eve of its first when the item speaks of the holiday (节假日期间, 放假前),
    which no enclosing 放假时间 section overrides; the limit
    stated before it when it refers to one (务必在规定期限前完成), the enclosing scopes' from the nearest
    (the one that opens last before the item, the narrower on a tie) outwards, the date the text hands in
    the material the item's sentence speaks of (总结材料要涵盖… under …形成总结材料，并于12月15日前报…), the
    limit of the sentence right after it that hands in its work (handins.handed_after). Each is tagged
    with the kind of scope it comes from (``TimeExpr.scope``)."""
    t = doc.t
    out = []
    if off := daysoff.holiday_limit(t, doc.base, start, end):  # its own 放假前 before any enclosing scope
        out.append(off)
    if _REFERRED.search(t, start, end) and (stated := _stated_before(doc, start)):
        stated.scope = "referred"
        out.append(stated)
    around = sorted(
        ((a, -b, k) for k, (a, b, _) in enumerate(doc.section_deadlines) if a <= start < b), reverse=True
    )
    out += [
        x
        for _, _, k in around
        if (x := doc.section_deadlines[k][2]).scope != "handin" or handins.SENT.search(t, start, end)
    ]
    if _attends(t, start, end) and (held := _event_before(doc, start)):
        held.scope = "event"
        out.append(held)
    if named := handins.same_material(doc, start, end):
        named.scope = "material"
        out.append(named)
    if after := handins.handed_after(doc, start, end):
        after.scope = "handed"
        out.append(after)
    return out


# 在主会场参加会议, 按时参加相关考试, 提前10分钟到会: the attendance is due on the day the event is held
_ATTENDS = re.compile(r"参加|出席|列席|参会|到会|到场|入场|签到")
# 不得组织师生参加聚集性活动: a ban on attending is no attendance
_BANNED = re.compile(r"不得|严禁|禁止|不准|不许|杜绝")


def _attends(t: str, start: int, end: int) -> bool:
    """Whether the item at ``[start, end)`` asks someone to attend (a clause not banning it)."""
    for m in _ATTENDS.finditer(t, start, end):
        clause = max(t.rfind(c, start, m.start()) for c in "，,。；;\n") + 1
        if not _BANNED.search(t, max(clause, start), m.start()):
            return True
    return False


_HELD = re.compile(r"[^。；，\n]{0,30}?(?:召开|举行|进行|举办)")


def _event_before(doc: _Doc, pos: int) -> TimeExpr | None:
    """The day of the last event scheduled before ``pos`` in its paragraph or the one before it
    (``定于12月1日上午9:00召开…会议``, ``期末考试将于7月2日-7月13日举行``): its last day."""
    lo = doc.t.rfind("\n", 0, max(doc.t.rfind("\n", 0, pos), 0)) + 1
    found = [
        x
        for x in parse_times(doc.t[lo:pos], doc.base, lo, doc.calendar)
        if x.kind == "deadline" and x.date and (_scheduled(doc.t, x) or _HELD.match(doc.t, x.end))
    ]
    return found[-1] if found else None


# 特提出如下要求：, 请于…前完成以下工作：, 具体安排如下: a sentence that introduces the list after it
_INTRODUCES = re.compile(r"[：:]\s*$|如下|以下|下列")


def outline_scopes(doc: _Doc, roots: list[Marker]) -> None:
    """Register the dated scopes of the outline: list introductions and headings."""
    t = doc.t
    marks = list(walk(roots))
    for parent, seqs in _sequences(roots):
        lo = parent.body if parent else 0
        for first, last in seqs:
            intro = _intro(doc, lo, first.start)
            if intro:
                a, b = intro
                _register(doc, a, b, last.end, "intro", limit=True)
            lo = last.end
    for mk in walk(roots):
        if mk.children:
            head = _sentences(t, mk.start, mk.children[0].start)
            # （一）动员部署阶段（3月1日—3月15日）\n1、…, or a field line under it (完成时限：4月底前): a
            # limit only (二、到2025年主要任务 dates nothing)
            b = max([mk.body] + [y for k, (x, y) in enumerate(head) if k == 0 or ATTR_LINE.match(t, x)])
            # a part of a level above it (三、 under a stage's （三） of a text cut short) is no part of it
            end = next((c.start for c in mk.children if _as_high(c, mk)), mk.end)
            _register(doc, mk.start, b, end, "heading", limit=True)
            continue
        sents = _sentences(t, mk.start, mk.end)
        if len(sents) > 1 and not MODAL.search(t, mk.body, sents[0][1]):
            # （二）排查阶段（…至4月15日）。A要…。B要…: a title's date for the sentences under it
            _register(doc, mk.start, sents[0][1], mk.end, "title")
        elif len(sents) == 1 and (mk.heading or _title(t, mk)):
            # 1、宣传发动阶段（11月18日至11月23日） alone on its line: up to the next heading like it, the
            # lists after it included wherever the outline nested them, never a part after them
            _register(doc, mk.start, mk.end, _title_end(t, marks, mk), "stage", limit=not mk.heading)
        elif opened := _STAGE_OPEN.match(t, mk.body):
            # (一)第一阶段(本通知下发之日至11月10日),各党支部要…。各党组织…: the stage's period dates
            # every sentence of the element
            _register(doc, mk.start, opened.end(), mk.end, "title", limit=True)


# 第一阶段（3月1日至3月15日）, 动员部署阶段(即日起至4月底): a stage's name and its period in brackets
_STAGE_OPEN = re.compile(r"[^，。；：（(\n]{0,12}阶段[（(][^（）()\n]{2,30}[）)]")


def _title_end(t: str, marks: list[Marker], mk: Marker) -> int:
    """Where the work under a title line ends: at the next title like it, else with the lists after it
    (wherever the outline nested them), never in a part after them."""
    later = next((c.start for c in marks if c.start > mk.start and _as_high(c, mk)), None)
    if later is not None:
        return _list_end(marks, mk.end, later)
    stop = _list_end(marks, mk.end, len(t))
    run = [m.end for m in marks if mk.end <= m.start < stop]
    return max(run) if run else (mk.parent.end if mk.parent else len(t))


# 一、 over （一） over 1. over （1）: the order of the marks of an outline's levels in a directive
_LEVELS = ("di", "tiao", "cn", "pcn", "num", "pnum")


def _as_high(c: Marker, mk: Marker) -> bool:
    """A mark of the same kind as ``mk`` or of a level above it (三、 after a stage's （三）)."""
    if c.kind == mk.kind:
        return True
    return c.kind in _LEVELS and mk.kind in _LEVELS and _LEVELS.index(c.kind) < _LEVELS.index(mk.kind)


def _title(t: str, mk: Marker) -> bool:
    """``(二)专项整治阶段(2010年6月23日至11月20日)。``: a short line that directs no one, over its tasks."""
    line = t[mk.body : mk.end].strip()
    return len(line) <= 40 and "\n" not in line and t.startswith("\n", mk.end) and not MODAL.search(line)


def _sequences(roots: list[Marker]) -> list[tuple[Marker | None, list[tuple[Marker, Marker]]]]:
    """Each parent (None: the text) with the first and last element of each list under it."""
    out: list[tuple[Marker | None, list[tuple[Marker, Marker]]]] = []
    stack: list[tuple[Marker | None, list[Marker]]] = [(None, roots)]
    while stack:
        parent, children = stack.pop()
        seqs: dict[int, list[Marker]] = {}
        for ch in children:
            seqs.setdefault(ch.seq, []).append(ch)
            if ch.children:
                stack.append((ch, ch.children))
        out.append((parent, [(s[0], s[-1]) for s in seqs.values()]))
    return out


def _intro(doc: _Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """The sentence right before a list that introduces it, if one does."""
    sents = [s for s in _sentences(doc.t, lo, hi) if not doc.in_noise(s[0])]
    if not sents:
        return None
    a, b = sents[-1]
    s = doc.t[a:b].strip()
    # 拟于11月底召开党委会议，现将有关事宜通知如下：a notice's opening introduces its parts, and its
    # date is the occasion's
    return (
        (a, b) if _INTRODUCES.search(s) and not (_NOTICE_OPENING.search(s) or _TRANSMITS.search(s)) else None
    )


def _register(doc: _Doc, a: int, b: int, end: int, kind: str, limit: bool = False) -> None:
    """The scope ``[a, end)`` of ``kind`` whose phrase is ``t[a:b]``, when that phrase states a date it may
    hand down (or speaks of a holiday notice's days off), else a limit no calendar places (寒假前完成以下
    工作：), which flags its items (fields._fill_times)."""
    t = doc.t
    times = parse_times(t[a:b], doc.base, a, doc.calendar)
    dated = [x for x in times if hands_down(t, x, limit)]
    if not dated and (off := daysoff.holiday_limit(t, doc.base, a, b)):  # 三、节假日期间安全工作：
        dated = [off]
    dated = dated or [x for x in times if flags_down(t, x)]
    if dated and b < end:
        dated[-1].scope = kind
        doc.section_deadlines.append((a, end, dated[-1]))


# 四、中秋节期间，机房要…；物业公司要…: the time phrase an element opens with, before its first comma
_OPENING = re.compile(r"[^，,。；：:\n]{2,14}[，,]")


def element_opening(doc: _Doc, mk: Marker) -> None:
    """Register the time phrase an element opens with (``四、节假日期间，机房要…；物业公司要…``) as the
    scope of every clause split from it, as it is the first clause's own."""
    m = _OPENING.match(doc.t, mk.body)
    if m and not MODAL.search(m.group(0)):
        _register(doc, mk.body, m.end(), mk.end, "opening")


# 务必在规定期限前完成, 在规定时限内报至校办: the limit the text stated before the item
_REFERRED = re.compile(r"(?:在|于|按)规定(?:的)?[\u4e00-\u9fff]{0,4}(?:时限|期限|时间)")


def _stated_before(doc: _Doc, pos: int) -> TimeExpr | None:
    """The last date stated in the few sentences before an item that refers to 规定时限."""
    lo = max(0, pos - 300)
    dated = [
        x
        for x in parse_times(doc.t[lo:pos], doc.base, lo, doc.calendar)
        if x.date and hands_down(doc.t, x, False)
    ]
    return dated[-1] if dated else None


# 九月份, 2026年3月：, 三月份工作安排：, 二月园务工作, 三月主题：…, 六月份（期末）, 1—2月：, 第一季度：,
# 下半年：a line led by a period heads that period's tasks in a plan's calendar (行事历): the rest of its
# line (after a colon) and the lines after it
_MONTH_LINE = re.compile(
    rf"(?:{YEAR})?(?:{NUM_RE}月?份?\s*[—\-－~～至到、]\s*)?"
    rf"(?:(?P<m>{NUM_RE})月份?(?P<s>上旬|中旬|下旬|底|末)?|第?(?P<q>[一二三四1-4])季度|(?P<h>[上下]半年))"
    r"(?:（[^（）\n]{1,10}）)?(?:[\u4e00-\u9fff]{0,4}?(?:工作|活动|任务|主题))?(?:安排|重点|要点|计划|内容)?"
    r"\s*(?P<c>[：:])?"
)
# 一、时间：2010年4月15日前 / 一、活动时间\n…到12月底结束 / 一、开展时间 2006年4月1日——4月30日: the
# notice's own time limit (统计时间, 考试时间 name a period counted or an event, not a limit)
# 3、成绩录入系统开放时间：1月2日-1月15日: the window of a step, stated beside the steps it dates
_TIME_HEAD = re.compile(
    r"(?:[^，。；：\n]{0,8}?(?:报送|上报|报名|提交|截止|开放|录入|填报|申报)|[\u4e00-\u9fff]{0,4}?(?<!统计|考试))?"
    r"时间(?:要求|安排|节点|[和及与、]?地点)?"  # 一、时间地点: the time stated first, then where
    r"(?:\s*(?:[：:]|\n)|[ \u3000]+(?=\d{4}年|\d{1,2}月))"
)


# 一、报送时间, 材料上报时间：the time a section names is when something is sent: it dates the items
# that send (请于规定时间前报送…), not those that say what the material holds (总结要层次分明)
_HANDIN_HEAD = re.compile(r"报送|上报|提交|填报|申报|上交|报名")


# list elements and the clauses of a paragraph (一是, 一要, 首先, 一方面) hold no part of a plan
_NOT_PARTS = LIST | {"shi", "yao", "seq", "fm"}


def period_deadlines(doc: _Doc, roots: list[Marker]) -> None:
    """Dates a heading gives the items under it that state none of their own: a month line of a
    calendar until the next month line, and a notice's time section (its limit, never an event's
    bare date) until the end of the part that holds it."""
    t = doc.t
    months: list[tuple[int, int, int, TimeExpr]] = []  # (line start, dated from, part end, date)
    marks = list(walk(roots))
    pos = 0
    while pos < len(t):
        nl = t.find("\n", pos)
        nl = len(t) if nl < 0 else nl
        line, m = _period_head(t[pos:nl])
        x = _period_end(doc, line, m, t.index(line, pos)) if m else _range_line(doc, pos, nl)
        if x and not _cell(t, pos, nl) and not doc.row_time(pos, nl):
            x.scope = "period"
            # the part that holds the month line, never a list element or clause (一是) it merely follows
            path = [mk for mk in _path(roots, pos) if mk.kind not in _NOT_PARTS or mk.start == pos]
            # 1、九月份 over （1）…（2）…: an element's line runs to the next element like it, wherever the
            # outline nested the list under it
            end = (
                (_title_end(t, marks, path[-1]) if path[-1].start == pos else path[-1].end)
                if path
                else len(t)
            )
            # 3-4月：全面开展自查。the tasks written after the head on its own line are its own
            alone = m is None or m.end() == len(line)
            months.append((pos, nl if alone else pos, end, x))
        pos = nl + 1
    for nl, x in weeks.week_lines(t, doc.base, doc.calendar):  # 第三周（9月15日—9月21日）: likewise
        x.phrase = doc.src[x.start : x.end]  # as written, half-width brackets too
        x.scope = "week"
        path = [mk for mk in _path(roots, x.start) if mk.kind not in LIST or mk.start == x.start]
        months.append((t.rfind("\n", 0, x.start) + 1, nl, path[-1].end if path else len(t), x))
    months.sort(key=lambda m: m[0])
    for k, (_, a, b, x) in enumerate(months):
        nxt = months[k + 1][0] if k + 1 < len(months) else b
        doc.section_deadlines.append((a, _list_end(marks, a, min(b, nxt)), x))
    for mk in walk(roots):
        head = _TIME_HEAD.match(t, mk.body) or _time_line(t, mk)
        if not head:
            continue
        # its own lines, before any element under it: two dated steps (10月20日前自查，21日至31日检查)
        # are a calendar whose steps date themselves, no one limit for the part
        stop = mk.children[0].start if mk.children else mk.end
        dated = [
            x
            for x in parse_times(t[head.end() : stop], doc.base, head.end(), doc.calendar)
            if hands_down(t, x, limit=False)
            and not doc.in_noise(x.start)  # the date the text is signed on, after the last part's lines
        ]
        # 二、活动时间\n2024年4月2日: the activity's one day dates what it requires, as a limit would
        limits = [x for x in dated if _limit(t, x) or t.startswith("结束", x.end)] or dated
        if len(limits) == 1:  # a step's window dates its sibling steps before it too, not their intro
            first = next(m for m in (mk.parent.children if mk.parent else roots) if m.seq == mk.seq)
            limits[0].scope = "handin" if _HANDIN_HEAD.search(head.group()) else "time"
            doc.section_deadlines.insert(0, (first.start, mk.parent.end if mk.parent else len(t), limits[0]))
    _closing_limit(doc, roots)
    handins.handed_back(doc, roots)


def _closing_limit(doc: _Doc, roots: list[Marker]) -> None:
    """``二、有关要求\n以上工作于2011年3月19日前完成。``: a part that opens by dating the work above it dates
    the parts before it (a limit inside the part itself is the items' section limit, items.py)."""
    t = doc.t
    for mk in [m for m in walk(roots) if m.start > roots[0].start]:
        eol = t.find("\n", mk.body)
        if eol < 0 or not _SECTION_WIDE.match(t[eol + 1 : eol + 12]):
            continue
        for a, b in _sentences(t, eol + 1, mk.end)[:1]:
            dated = [
                x for x in parse_times(t[a:b], doc.base, a, doc.calendar) if hands_down(t, x, limit=True)
            ]
            if len(dated) == 1:
                dated[0].scope = "closing"
                doc.section_deadlines.append((roots[0].start, mk.start, dated[0]))


# 3月1日—3月15日：宣传发动, 3月1日至3月15日为宣传发动阶段: a stage's name after its dates
_STAGE_NAME = re.compile(
    r"\s*(?:[：:]\s*[\u4e00-\u9fff]{2,10}(?:阶段)?|(?:[，,]|为)\s*[\u4e00-\u9fff]{2,8}阶段)[。.]?$"
)
# 准备阶段：3月1日—3月10日, 检查时间：5月1日至5月20日, 自查阶段（3月16日至4月30日）: the period's name
_PERIOD_LABEL = re.compile(r"^[\u4e00-\u9fff]{0,8}(?:时间|阶段|期间)\s*(?:[：:]\s*|(?=[（(【〔\[]))")
# 【三月】, （3月1日—3月15日）: the brackets a time line is set in
_LINE_BRACKETS = "（）()【】〔〕[]"


def _range_line(doc: _Doc, a: int, b: int) -> TimeExpr | None:
    """``11月18日至11月23日`` alone on its line (its list mark, brackets and a label such as ``检查时间：``
    or ``准备阶段：`` aside; dotted as ``3.1—3.15``), or before the stage's name
    (``3月1日—3月15日：宣传发动``): a period line, by its limit."""
    line = doc.t[a:b].strip()
    line = line if weeks.dates_only(line) else _strip_marker(line).strip()  # 3.1-3.15 is no mark 3.
    line = _PERIOD_LABEL.sub("", line).strip().rstrip("。").strip(_LINE_BRACKETS).strip()
    if not line or len(line) > 30:
        return None
    lead = doc.t.index(line, a)
    times = parse_times(line, doc.base, lead, doc.calendar)
    if times and "月" not in line and (named := month_before(doc.t, max(0, a - _MONTH_REACH), a)):
        times = _in_month(doc, line, lead, named)
    if not times and weeks.dates_only(line):
        times = weeks.cell_times(line, doc.base, lead, doc.calendar)
    if len(times) != 1 or times[0].start != lead:
        return None
    if times[0].end - lead != len(line) and not _STAGE_NAME.match(line, times[0].end - lead):
        return None
    return times[0] if hands_down(doc.t, times[0], limit=True) else None


_MONTH_REACH = 300  # a day range's month is named in the lines just before it (a heading, the title)


def _in_month(doc: _Doc, line: str, lead: int, named: tuple[str | None, int]) -> list[TimeExpr]:
    """``7日——18日`` under ``三月份``: a line of days read in the month named before it."""
    month = f"{named[0] + '年' if named[0] else ''}{named[1]}月"
    times = parse_times(month + line, doc.base, lead - len(month), doc.calendar)
    for x in times[:1]:
        x.phrase, x.start = line[: x.end - lead], lead
    return times


def _cell(t: str, a: int, b: int) -> bool:
    """``|\n年底前\n|``: the line is a cell of a table pasted one cell a line (its row's own time)."""
    before = t[t.rfind("\n", 0, max(a - 1, 0)) + 1 : max(a - 1, 0)]
    nl = t.find("\n", b + 1)
    return "|" in (before.strip(), t[b + 1 : len(t) if nl < 0 else nl].strip())


def _time_line(t: str, mk: Marker) -> re.Match | None:
    """The line that states the time in a section that names it among others (``三、活动时间和主题：`` over
    ``活动时间：2009年6月1日至30日。``)."""
    eol = t.find("\n", mk.body)
    if eol < 0 or "时间" not in t[mk.body : eol]:
        return None
    hi = mk.children[0].start if mk.children else mk.end
    while 0 <= eol < hi:
        if head := _TIME_HEAD.match(t, eol + 1):
            return head
        eol = t.find("\n", eol + 1)
    return None


_SITE_MARK = re.compile(r"\s+(?:https?://|www\.)\S*$")


def period_leads(doc: _Doc, start: int, end: int) -> list[TimeExpr]:
    """``三、义务家教\n10月份，…`` / ``9月底，…``: a period that opens a line of an item and runs on after a
    comma is the item's own period (by its end)."""
    t = doc.t
    out = []
    pos = start
    while pos < end:
        nl = t.find("\n", pos, end)
        nl = end if nl < 0 else nl
        line = _strip_marker(t[pos:nl]).strip()
        m = _MONTH_LINE.match(line) if line else None
        if m and not m.group("c") and line.startswith("，", m.end()):
            x = _period_end(doc, line, m, t.index(line, pos))
            out += [x] if x else []
        pos = nl + 1
    return out


def _period_head(text: str) -> tuple[str, re.Match | None]:
    """A line led by a period (``_MONTH_LINE``), its list marker stripped, and the head's match: alone
    on its line, or followed by a colon and the tasks."""
    if not re.search("[月季半]", text):
        return text, None
    for line in (_strip_marker(text), text):  # 第一季度 is no list marker 第一 and its rest
        line = line.strip().strip("，,【】〔〕").strip()  # ，一月，, 【一月】: commas or brackets around it
        line = _SITE_MARK.sub("", line)  # 3月份 www.89xue.com: a site stamped its address on the line
        m = _MONTH_LINE.match(line)
        if m and (m.end() == len(line) or m.group("c")):
            return line, m
    return text, None


def _period_end(doc: _Doc, line: str, m: re.Match, lead: int) -> TimeExpr | None:
    """The last day of the period a head names (``_period_head``), as a limit written at ``lead``."""
    times = parse_times(_period_phrase(m), doc.base, lead, doc.calendar)
    if len(times) != 1 or times[0].kind != "deadline" or not times[0].date:
        return None
    x = times[0]
    named = line[: m.end()].rstrip("：: ")
    x.phrase, x.end = named, lead + len(named)
    return x


def _period_phrase(m: re.Match) -> str:
    """The period a calendar's head names, as the grammar reads a limit: 三月份 → 三月底, 1—2月 → 2月底."""
    year = f"{m.group('y')}年" if m.group("y") else m.group("ry") or ""
    if m.group("q"):
        return f"{year}第{m.group('q')}季度"
    if m.group("h"):
        return year + m.group("h")
    return f"{year}{m.group('m')}月{m.group('s') or '底'}"


def _list_end(marks: list[Marker], pos: int, end: int) -> int:
    """Where the lists after ``pos`` end, within ``end``: at the first heading that is not one of them (二、
    工作重点) — a month's tasks never run on into the parts of the plan after them."""
    after = [m for m in marks if pos <= m.start < end]
    stop = (
        next((m.start for m in after if m.kind not in LIST and m.seq != after[0].seq), end) if after else end
    )
    return min(end, stop)
