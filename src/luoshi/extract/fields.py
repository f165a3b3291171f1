"""Fields of an item once its span is known: outline path, owners, deadline, targets and lint."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable

from . import owners as own
from . import weeks
from .classifier import _ASKS, _COMRADES, _PLEASE, _TARGET, _VAGUE, MODAL, _strip_marker
from .deadlines import YEAR, IsWorkday, TimeExpr, parse_times
from .model import Deadline, Item, Target
from .noise import cut_tail, inside, noise_spans
from .normalize import normalize
from .numerals import NUM_RE
from .outline import LIST, Marker, walk
from .tables import Row
from .titles import short_title


class _Doc:
    """The text being extracted, with its normalised twin and the noise to skip."""

    def __init__(self, src: str, base: dt.date, calendar: IsWorkday | None) -> None:
        self.src, self.t, self.base, self.calendar = src, normalize(src), base, calendar
        self.noise = noise_spans(self.t)
        self.cut = cut_tail(self.t)  # where a page store cut the text, if it did
        # 特此报告: a report to the level above tells what was done; only a plain modal directs in it
        self.report = bool(re.search(r"特此(?:报告|请示)|(?:情况|工作)报告如下", self.t))
        self._in_noise: Callable[[int], bool] | None = None
        self.items: list[Item] = []
        self.section_owners: list[tuple[int, int, list[own.Owner]]] = []
        self.section_deadlines: list[tuple[int, int, TimeExpr]] = []
        self.table_rows: dict[int, Row] = {}
        self.groups: list[list[Item]] = []

    def in_noise(self, pos: int) -> bool:
        if self._in_noise is None:
            self._in_noise = inside(self.noise)
        return self._in_noise(pos)


def _fill(doc: _Doc, item: Item, roots: list[Marker]) -> None:
    t = doc.t[item.start : item.end]
    base = doc.base
    item.outline_path = [doc.src[m.start : m.start + len(m.text)] for m in _path(roots, item.start)]
    row = doc.table_rows.get(item.start)
    if row is not None:
        _fill_row(doc, item, row)
        return
    owners = own.attribute_owners(t)
    for m in MODAL.finditer(t):
        if m.group(0) not in ("要", "必须", "必需", "务必", "应当", "负责", "牵头", "需要", "需", "须", "应"):
            continue
        if own.opens_word(t, m.start()):  # 新学期所需物品: 需 ends a word, no modal
            continue
        clauses = re.split(r"[，；：。\n]", t[: m.start()])
        owners += own.subject_owners(
            _strip_marker(clauses[-1]), _strip_marker(clauses[-2]) if len(clauses) > 1 else ""
        )
    owners += own.phrase_owners(t)
    for please in _PLEASE.finditer(t):
        opens = max(t.rfind(c, 0, please.start()) for c in "，。；：）\n") + 1
        if not _strip_marker(t[opens : please.start()]):  # 三、请A会同B…: after a list marker too
            owners += [
                own.Owner(n, "lead") for n in own.split_actors(own.longest_actor(t, please.start() + 1))
            ]
            names = _COMRADES.match(t, please.end())
            if names and not owners:  # 请仇珂静、刘亚亮等同志…: the persons named
                owners += [own.Owner(n, "owner") for n in re.sub(r"等?同志$", "", names.group(0)).split("、")]
    asks = _ASKS.match(t)
    if not owners and asks:  # …下发通知，要求各责任单位认真落实…: the units asked
        actor = own.addressee(t, asks.end())
        owners = [own.Owner(n, "lead") for n in own.split_actors(actor)] if actor else []
    if not owners:
        owners = own.clause_actors(t)
    # 牵头领导：某副局长 beside 责任部门：建工科: the units act, the persons answer for them (as in a table)
    owners = [o for o in owners if o.role != "owner"] or owners
    if not owners:
        for a, b, found in doc.section_owners:
            if a <= item.start < b:
                owners = [own.Owner(o.mention, o.role) for o in found]
    item.owners = own.dedupe(owners)
    _fill_times(doc, item, parse_times(t, base, item.start, doc.calendar))
    _finish(item, t)


def _fill_row(doc: _Doc, item: Item, row: Row) -> None:
    """A table row: owners from its columns, the deadline from its time-limit cell."""
    # persons of a 责任人/分管领导 column answer for the row; the units are who must act
    item.owners = own.dedupe(
        [own.Owner(n, "lead") for n in row.lead] + [own.Owner(n, "co") for n in row.co]
        or [own.Owner(n, "owner") for n in row.person]
    )
    times = _row_times(doc, row)
    _fill_times(doc, item, times)
    if item.deadline is None and row.week is not None and row.week_cell is not None:
        first = _first_week_end(doc)
        if first is not None:  # 第三周 with no dates of its own: placed by the calendar's week one
            a, b = row.week_cell
            item.deadline = Deadline(doc.src[a:b].strip(), weeks.week_end(first, row.week[1]), start=a, end=b)
    _finish(item, doc.t[item.start : item.end])


def _row_times(doc: _Doc, row: Row) -> list[TimeExpr]:
    if not row.due:
        return []
    cell = doc.t[row.due[0] : row.due[1]]
    found = weeks.cell_times(cell, doc.base, row.due[0], doc.calendar)
    line, m = _period_head(cell) if not found else (cell, None)
    x = _period_end(doc, line, m, row.due[0] + cell.index(line)) if m else None
    return [x] if x else found  # 10月, 9-10月 in a time column: by the end of the month it names


def _first_week_end(doc: _Doc) -> dt.date | None:
    """The end of a calendar's week one: from a row that gives its week's dates, else the term's start."""
    dated = (
        (row.week[1], x.date)
        for row in doc.table_rows.values()
        if row.week is not None
        for x in _row_times(doc, row)[-1:]
        if x.date is not None
    )
    return weeks.first_week_end(dated, doc.t, doc.base)


# 节假日期间, 放假期间: the days off a holiday notice announces (2023年4月5日放假，共1天)
_DURING = re.compile(r"(?:节假日|假期|放假|节日|春节|国庆|清明|五一|端午|中秋|元旦)期间")
_DAYS_OFF = re.compile(r"[^。；\n]*?放假[^。；\n]*?共\s*[\d一二三四五六七八九十]+\s*天")


def _holiday_end(doc: _Doc) -> dt.date | None:
    """The last day off in the first sentence that announces days off with their dates."""
    for m in _DAYS_OFF.finditer(doc.t):
        dates = [x.date for x in parse_times(m.group(0), doc.base) if x.kind == "deadline" and x.date]
        if dates:
            return max(dates)
    return None


def _fill_times(doc: _Doc, item: Item, times: list[TimeExpr]) -> None:
    deadlines = [
        x
        for x in times
        if x.kind == "deadline"
        and not _scheduled(doc.t, x)
        and not _as_of(doc.t, x)
        and not _of_cadence(doc.t, x)
    ]
    if deadlines:
        dated = [(x.date, x) for x in deadlines if x.date]
        limits = [pair for pair in dated if _limit(doc.t, pair[1])] or dated
        pick = max(limits, key=lambda pair: pair[0])[1] if dated else deadlines[0]
        item.deadline = Deadline(pick.phrase, pick.date, pick.placeholder, pick.start, pick.end)
    else:
        te = _inherited(doc, item.start)
        if te:
            item.deadline = Deadline(te.phrase, te.date, te.placeholder, te.start, te.end)
        stated = _stated_before(doc, item) if _REFERRED.search(doc.t, item.start, item.end) else None
        if stated:
            item.deadline = Deadline(stated.phrase, stated.date, stated.placeholder, stated.start, stated.end)
        during = _DURING.search(doc.t, item.start, item.end) if item.deadline is None else None
        last = _holiday_end(doc) if during else None
        if during and last:  # 节假日期间，各单位要…: until the last day off the notice announces
            item.deadline = Deadline(during.group(0), last, start=during.start(), end=during.end())
    starts = [x for x in times if x.kind == "start"]
    if starts:
        x = starts[0]
        item.start_date = Deadline(x.phrase, x.date, x.placeholder, x.start, x.end)
    cad = [x for x in times if x.kind == "cadence"]
    item.cadence = cad[0].cadence if cad else ("once" if item.deadline else None)
    unplaced = [x for x in times if x.kind == "unplaced"]
    if unplaced and not item.deadline:
        item.deadline_unplaced = unplaced[0].phrase


def _inherited(doc: _Doc, pos: int) -> TimeExpr | None:
    """The date of the nearest enclosing scope (scopes.py): the one that opens last before ``pos``
    among those holding it, the narrower on a tie."""
    around = [(a, -b, k) for k, (a, b, _) in enumerate(doc.section_deadlines) if a <= pos < b]
    return doc.section_deadlines[max(around)[2]][2] if around else None


# a phrase that states a limit (前, 内, 底) governs the action over a bare date in the same item
_LIMIT = re.compile(r"[前内底末止]$|至|到|—|[-－~～](?=\d)")
# 考试时间为1月18日, 定于3月5日召开: the date of an event, not the limit of the required action
_SCHEDULE = re.compile(r"(?:时间为|时间是|定于|将于|日期为)\s*$")


# 截止20xx年底固定资产…的登记: the date a count is taken at; 每季度末（分别在6月、9月和12月底）: the
# dates of a cadence
_AS_OF = re.compile(r"(?:截止|截至)[\dXx×]{0,4}$|分别(?:在|于)[^，。；）]*$")


# 4月23日（周二）上午11点前, 6月18日（星期二）上午下班前: the hour after the day states the limit
_HOUR_LIMIT = re.compile(
    r"(?:（(?:周|星期|礼拜)[一二三四五六日天]）)?(?:上午|下午|中午|晚上)?"
    r"(?:\d{1,2}(?:[:：]\d{2}|[点时](?:\d{1,2}分?|半)?)|下班)?(?:前|之前|以前)"
)
# 每季度最后一个月的30日前: the day of a cadence, not a deadline (本次报送于5月29日 is one)
_CADENCE_BEFORE = re.compile(r"每(?:个|一)?(?:月|季度|季|半年|年|周|星期)(?:(?!本次)[^，。；：])*$")


# 务必在规定期限前完成, 在规定时限内报至校办: the limit the text stated before the item
_REFERRED = re.compile(r"(?:在|于|按)规定(?:的)?[\u4e00-\u9fff]{0,4}(?:时限|期限|时间)")


def _stated_before(doc: _Doc, item: Item) -> TimeExpr | None:
    """The last date stated in the few sentences before an item that refers to 规定时限."""
    lo = max(0, item.start - 300)
    dated = [
        x for x in parse_times(doc.t[lo : item.start], doc.base, lo, doc.calendar) if x.kind == "deadline"
    ]
    dated = [x for x in dated if x.date and not _scheduled(doc.t, x) and not _of_cadence(doc.t, x)]
    return dated[-1] if dated else None


# 截止时间：2024年7月20日24:00: the date a window closes on
_CUTOFF = re.compile(r"截[止至](?:时间|日期)\s*[：:为是]\s*$")


def _limit(t: str, x: TimeExpr) -> bool:
    return bool(
        _LIMIT.search(x.phrase)
        or _HOUR_LIMIT.match(t, x.end)
        or _CUTOFF.search(t, max(0, x.start - 10), x.start)
    )


def _of_cadence(t: str, x: TimeExpr) -> bool:
    """The day of a cadence, or the period a cadence starts from (从2023年第一季度开始，每季度…)."""
    if t[max(0, x.start - 1) : x.start] in ("从", "自") and t.startswith(("开始", "起"), x.end):
        return True
    before = t[max(0, x.start - 24) : x.start]
    return not x.phrase.startswith(("每", "本")) and bool(_CADENCE_BEFORE.search(before))


def _as_of(t: str, x: TimeExpr) -> bool:
    return not x.phrase.endswith("前") and bool(_AS_OF.search(t[max(0, x.start - 16) : x.start]))


def _scheduled(t: str, x: TimeExpr) -> bool:
    # 截止时间为…: a limit however it is phrased
    return bool(_SCHEDULE.search(t[max(0, x.start - 6) : x.start])) and not _CUTOFF.search(
        t, max(0, x.start - 10), x.start
    )


# 九月份, 2026年3月：, 三月份工作安排：, 六月份（期末）, 1—2月：, 第一季度：, 下半年：a line led by a
# period heads that period's tasks in a plan's calendar (行事历): the rest of its line (after a colon)
# and the lines after it
_MONTH_LINE = re.compile(
    rf"(?:{YEAR})?(?:{NUM_RE}月?份?\s*[—\-－~～至到、]\s*)?"
    rf"(?:(?P<m>{NUM_RE})月份?(?P<s>上旬|中旬|下旬|底|末)?|第?(?P<q>[一二三四1-4])季度|(?P<h>[上下]半年))"
    r"(?:（[^（）\n]{1,10}）)?(?:主要|重点)?(?:工作|活动|任务)?(?:安排|重点|要点|计划|内容)?\s*(?P<c>[：:])?"
)
# 一、时间：2010年4月15日前 / 一、活动时间\n…到12月底结束: the notice's own time limit
# (统计时间, 考试时间 name a period counted or an event, not a limit)
# 3、成绩录入系统开放时间：1月2日-1月15日: the window of a step, stated beside the steps it dates
_TIME_HEAD = re.compile(
    r"(?:[^，。；：\n]{0,8}?(?:报送|上报|报名|提交|截止|开放|录入|填报|申报)|完成|活动|实施|工作)?时间(?:要求)?\s*(?:[：:]|\n)"
)


def period_deadlines(doc: _Doc, roots: list[Marker]) -> None:
    """Dates a heading gives the items under it that state none of their own: a month line of a
    calendar until the next month line, and a notice's time section (its limit, never an event's
    bare date) until the end of the part that holds it."""
    t = doc.t
    months: list[tuple[int, int, int, TimeExpr]] = []  # (line start, dated from, part end, date)
    pos = 0
    while pos < len(t):
        nl = t.find("\n", pos)
        nl = len(t) if nl < 0 else nl
        line, m = _period_head(t[pos:nl])
        x = _period_end(doc, line, m, t.index(line, pos)) if m else None
        if m and x:
            # the part that holds the month line, never a list element it merely follows
            path = [mk for mk in _path(roots, pos) if mk.kind not in LIST or mk.start == pos]
            # 3-4月：全面开展自查。the tasks written after the head on its own line are its own
            months.append((pos, nl if m.end() == len(line) else pos, path[-1].end if path else len(t), x))
        pos = nl + 1
    for nl, x in weeks.week_lines(t, doc.base, doc.calendar):  # 第三周（9月15日—9月21日）: likewise
        x.phrase = doc.src[x.start : x.end]  # as written, half-width brackets too
        path = [mk for mk in _path(roots, x.start) if mk.kind not in LIST or mk.start == x.start]
        months.append((t.rfind("\n", 0, x.start) + 1, nl, path[-1].end if path else len(t), x))
    months.sort(key=lambda m: m[0])
    marks = list(walk(roots))
    for k, (_, a, b, x) in enumerate(months):
        nxt = months[k + 1][0] if k + 1 < len(months) else b
        doc.section_deadlines.append((a, _list_end(marks, a, min(b, nxt)), x))
    for mk in walk(roots):
        head = _TIME_HEAD.match(t, mk.body)
        if not head:
            continue
        stop = t.find("\n", head.end())
        stop = mk.end if stop < 0 else min(stop, mk.end)
        dated = [
            x
            for x in parse_times(t[head.end() : stop], doc.base, head.end(), doc.calendar)
            if x.kind == "deadline" and x.date and not _scheduled(t, x) and not _as_of(t, x)
        ]
        # 二、活动时间\n2024年4月2日: the activity's one day dates what it requires, as a limit would
        limits = [x for x in dated if _limit(t, x) or t.startswith("结束", x.end)] or dated
        if len(limits) == 1:  # a step's window dates its sibling steps before it too, not their intro
            first = next(m for m in (mk.parent.children if mk.parent else roots) if m.seq == mk.seq)
            doc.section_deadlines.insert(0, (first.start, mk.parent.end if mk.parent else len(t), limits[0]))


def _period_head(text: str) -> tuple[str, re.Match | None]:
    """A line led by a period (``_MONTH_LINE``), its list marker stripped, and the head's match: alone
    on its line, or followed by a colon and the tasks."""
    if not re.search("[月季半]", text):
        return text, None
    for line in (_strip_marker(text), text):  # 第一季度 is no list marker 第一 and its rest
        line = line.strip().strip("，,").strip()  # ，一月，: a site wrapped its lines in commas
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
    year = m.group(0)[: m.end("y") + 1] if m.group("y") else m.group("ry") or ""
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


def _finish(item: Item, t: str) -> None:
    item.targets = [_target(m) for m in _TARGET.finditer(t)]
    item.action = short_title(
        item.text, item.deadline.phrase if item.deadline else "", mentions=[o.mention for o in item.owners]
    )
    lint = []
    if not item.owners:
        lint.append("no_owner")
    if not item.deadline:
        lint.append("no_deadline")
    if item.deadline_unplaced:
        lint.append("deadline_unplaced")
    if not item.targets and not item.deadline and _VAGUE.search(t):
        lint.append("vague")
    item.lint = lint
    item.required_guess = not re.search(r"希望|需进一步|^[^，]{0,20}(?:强调|指出|号召)", t)


def _source_mentions(doc: _Doc, item: Item) -> None:
    """Mentions were read on the normalised text; report them as written (half-width brackets too)."""
    lo = doc.t.rfind("\n", 0, item.start) + 1
    hi = doc.t.find("\n", item.end)
    hi = len(doc.t) if hi < 0 else hi
    for o in item.owners:
        i = doc.t.find(o.mention, lo, hi)
        if i >= 0:
            o.mention = doc.src[i : i + len(o.mention)]


def _target(m: re.Match) -> Target:
    v = m.group("v") or m.group("v2")
    unit = m.group("u") or "%"
    return Target(m.group(0), float(v), "%" if unit == "％" else unit)


def _path(roots: list[Marker], pos: int) -> list[Marker]:
    path: list[Marker] = []
    nodes = roots
    while nodes:
        i = (
            bisect.bisect_right([n.start for n in nodes], pos) - 1
            if len(nodes) < 64
            else bisect.bisect_right(nodes, pos, key=lambda n: n.start) - 1
        )
        if i < 0 or not pos < max(nodes[i].end, nodes[i].body):
            break
        path.append(nodes[i])
        nodes = nodes[i].children
    return path
