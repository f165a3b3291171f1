"""Fields of an item once its span is known: outline path, owners, deadline, targets and lint."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable

from . import owners as own
from . import weeks
from .classifier import _ASKS, _COMRADES, _PLEASE, _TARGET, _VAGUE, MODAL, _strip_marker
from .columns import person
from .deadlines import IsWorkday, TimeExpr, parse_times
from .limits import _as_of, _limit, _named, _of_cadence, _scheduled
from .mentions import dedupe
from .model import Deadline, Item, Target
from .noise import cut_tail, inside, noise_spans
from .normalize import normalize
from .outline import Marker, _path
from .scopes import _period_end, _period_head, inherited, period_leads
from .tables import Row
from .titles import short_title

# 2024年, 2024春季: a year written out; 20xx年, 201x年, 20__年, 20*年, xx年, X年: a template's year
_YEARS = re.compile(
    r"(?<![\dXx×_*＊])(?:(?:19|20)\d{2}(?![\dXx×_*＊])"
    r"|(?P<ph>\d{2}(?:\d[Xx×_*＊]|[Xx×_*＊]{1,2})|[Xx×]{2}|(?<![A-Za-z])[X×])\s*年)"
)
_STATES_YEAR = re.compile(r"\d{4}\s*年|[〇零一二三四五六七八九]{4}年|[今明本当次]年")


def _deadline(doc: _Doc, x: TimeExpr) -> Deadline:
    """The deadline ``x`` states. A date without a year of its own under a template's year (the last year
    written before it is 20xx年) cannot be placed: a placeholder, never the year of the base date."""
    if x.date is not None and not _STATES_YEAR.search(x.phrase):
        i = bisect.bisect_right(doc.years, x.start, key=lambda m: m.end())
        if i and doc.years[i - 1].group("ph"):
            return Deadline(x.phrase, None, True, x.start, x.end)
    return Deadline(x.phrase, x.date, x.placeholder, x.start, x.end)


class _Doc:
    """The text being extracted, with its normalised twin and the noise to skip."""

    def __init__(self, src: str, base: dt.date, calendar: IsWorkday | None) -> None:
        self.src, self.t, self.base, self.calendar = src, normalize(src), base, calendar
        self.noise = noise_spans(self.t)
        self.years = list(_YEARS.finditer(self.t))  # read once: each date asks for the last one before it
        self.cut = cut_tail(self.t)  # where a page store cut the text, if it did
        # 特此报告: a report to the level above tells what was done; only a plain modal directs in it
        self.report = bool(re.search(r"特此(?:报告|请示)|(?:情况|工作)报告如下", self.t))
        self._in_noise: Callable[[int], bool] | None = None
        self.items: list[Item] = []
        self.section_owners: list[tuple[int, int, list[own.Owner]]] = []
        self.heading_owners: dict[int, list[own.Owner]] = {}  # the owners a heading's line states
        self.section_deadlines: list[tuple[int, int, TimeExpr]] = []
        self.materials: list[tuple[int, str, TimeExpr]] | None = None  # read once when an item asks
        self.table_rows: dict[int, Row] = {}
        self.groups: list[list[Item]] = []
        self.parts: list[tuple[int, int, str]] = []  # parts of a speech that assign no work (parts.py)

    def in_noise(self, pos: int) -> bool:
        if self._in_noise is None:
            self._in_noise = inside(self.noise)
        return self._in_noise(pos)

    def row_time(self, a: int, b: int) -> bool:
        """Whether a table row's time cell opens on ``[a, b]``: a date there is the row's own, no
        heading of the lines below it (2024年12月底前 under 牵头单位, one cell a line)."""
        return any(row.due and a <= row.due[0] <= b for row in self.table_rows.values())


def _fill(doc: _Doc, item: Item, roots: list[Marker]) -> None:
    t = doc.t[item.start : item.end]
    item.outline_path = [doc.src[m.start : m.start + len(m.text)] for m in _path(roots, item.start)]
    row = doc.table_rows.get(item.start)
    if row is not None:
        _fill_row(doc, item, row)
        return
    owners = _answerable(own.attribute_owners(t))
    for m in [*MODAL.finditer(t), *_SHOULD.finditer(t)]:
        if m.group(0) not in ("要", "必须", "必需", "务必", "应当", "负责", "牵头", "需要", "需", "须", "应"):
            continue
        if own.opens_word(t, m.start()):  # 新学期所需物品: 需 ends a word, no modal
            continue
        clauses = _clauses(t[: m.start()])
        owners += own.subject_owners(
            _strip_marker(clauses[-1]), _strip_marker(clauses[-2]) if len(clauses) > 1 else ""
        )
    owners += own.phrase_owners(t)
    for please in _PLEASE.finditer(t):
        opens = max(t.rfind(c, 0, please.start()) for c in "，。；：）\n") + 1
        topic = _strip_marker(t[opens : please.start()])  # 三、请A会同B…: after a list marker too
        if not topic or _TOPIC_PLEASE.fullmatch(topic):  # after a topic, only an actor a verb follows
            name = own.longest_actor(t, please.start() + 1, need_verb=bool(topic))
            name = name or own.relative(t, please.start() + 1)
            owners += [own.Owner(n, "lead") for n in own.split_actors(name)]
            names = _COMRADES.match(t, please.end())
            persons = re.sub(r"等?同志$", "", names.group(0)).split("、") if names else []
            # 请仇珂静、刘亚亮等同志…: the persons named, every one of them (请王明、李华同志负责…)
            if persons and {o.mention for o in dedupe(owners)} <= set(persons):
                owners += [own.Owner(n, "lead" if owners else "owner") for n in persons]
    asks = _ASKS.match(t)
    if not owners and asks:  # …下发通知，要求各责任单位认真落实…: the units asked
        actor = own.addressee(t, asks.end())
        owners = [own.Owner(n, "lead") for n in own.split_actors(actor)] if actor else []
    if not owners:  # 会议要求该镇辖区各村强化…, 并要求各教研室提供…: whoever a request names, where it stands
        owners = [o for m in _ASKED.finditer(t) for o in own.requested(t, m.end())]
    if not owners:
        owners = own.clause_actors(t)
    # 配合X做好…（配合部门：Y）: the helper is named as such, the unit it helps leads
    helped = [] if any(o.role == "lead" for o in owners) else own.partner_owners(t)
    # 牵头领导：某副局长 beside 责任部门：建工科: the units act, the persons answer for them (as in a table)
    owners = [o for o in owners if o.role != "owner"] or owners
    if not owners:  # a section's 责任单位 line, or a heading that names the owners: the nearest one
        stated = [(a, _answerable(found)) for a, b, found in doc.section_owners if a <= item.start < b][-1:]
        stated += [_heading_owners(doc, roots, item.start)]
        owners = [own.Owner(o.mention, o.role) for o in max(stated, key=lambda x: (bool(x[1]), x[0]))[1]]
    owners += helped
    item.owners = dedupe(owners)
    _fill_times(doc, item, times_of(doc, item))
    _finish(item, t)


def _answerable(owners: list[own.Owner]) -> list[own.Owner]:
    """The owners a ``责任人：`` key may name: its units and roles (责任人：校办), never a person by name
    (责任人：叶玉章、付唐明), who answers for the item and is no owner (GUIDE)."""
    return [o for o in owners if o.role != "owner" or not person(o.mention)]


def _heading_owners(doc: _Doc, roots: list[Marker], pos: int) -> tuple[int, list[own.Owner]]:
    """Where the nearest heading above ``pos`` that states owners starts, and the owners, for the items
    under it that name none (the element an item opens is read with the item): on its own line
    (``一、卫生工作（牵头单位：总务处；完成时限：4月底前）``), or as the heading itself when it names
    nothing but who acts (LABELLING 528)."""
    path = _path(roots, pos)
    for depth in range(len(path) - 1, -1, -1):
        mk = path[depth]
        if mk.start >= pos:
            continue
        eol = doc.t.find("\n", mk.start)
        if mk.start not in doc.heading_owners:  # read once: every item under the heading asks
            line = doc.t[mk.start : eol if eol >= 0 else mk.end]
            doc.heading_owners[mk.start] = _answerable(own.attribute_owners(line))
        found = doc.heading_owners[mk.start]
        if found:
            return mk.start, found
        # only over the elements numbered under it: a paragraph after a heading may be the page's own
        named = (
            heading_actor(doc.t[mk.body : min(pos, eol if eol >= 0 else pos)])
            if depth < len(path) - 1
            else []
        )
        if named:
            return mk.start, named
    return -1, []


# what a heading may add to the actor it names: its work (牵头工作, 职责), a count or a score in brackets
_HEADING_TAIL = re.compile(
    r"(?:牵头|负责)?(?:的?(?:工作)?职责(?:任务)?|工作(?:任务)?)?(?:[（(][^（）()]{1,8}[）)])?[。：:]?\s*$"
)
# heads that name how the work is organised (组织领导, 工作机构), never who acts on the items below
_NOT_HEADING_ACTOR = re.compile(r"领导|机构|队伍|班子|成员|人员|系统|组织$")


def heading_actor(heading: str) -> list[own.Owner]:
    """The actor a heading names and nothing else (``1.牵头单位。``, ``一、县示范区管委会牵头工作(8项)``,
    ``二、物业服务中心(99分)``): it works as a section-level ``责任单位：X`` line over its items."""
    name = _HEADING_TAIL.sub("", re.split(r"[。：:；]", heading.strip(), maxsplit=1)[0] + "。").strip()
    if not own.ACTOR.fullmatch(name) or _NOT_HEADING_ACTOR.search(name) or own._NOT_AN_ACTOR.search(name):
        return []
    return [own.Owner(n, "lead") for n in own.split_actors(name)]


def times_of(doc: _Doc, item: Item) -> list[TimeExpr]:
    """The time phrases an item states itself: its table row's time column, else its text's phrases
    and the period that opens one of its lines (scopes.period_leads)."""
    row = doc.table_rows.get(item.start)
    if row is not None:
        return _row_times(doc, row)
    t = doc.t[item.start : item.end]
    return parse_times(t, doc.base, item.start, doc.calendar) + period_leads(doc, item.start, item.end)


# 各部门应对各自负责的场所…, 来访师生应如实反映…: 应 after whoever it binds, whatever follows it (the
# directive test reads 应 only before the words that make it unambiguous)
_SHOULD = re.compile(r"(?<![相适对响反供答回效呼顺理])应(?=[对如将把向与为])")
_ASKED = re.compile(r"(?:要求|责成)(?=[\u4e00-\u9fff]{3})")
_CLAUSE = re.compile(r"[，；：。\n]")
_SPACES = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")


def _clauses(t: str) -> list[str]:
    """Clauses of ``t``; a run of spaces between two words parts them as a line break does (…的热潮
    各单位要…: a heading and its body run together by a page store), unless it cuts a word (各支 部要)."""
    clauses = _CLAUSE.split(t)
    spaced = _SPACES.split(clauses[-1])
    return clauses[:-1] + spaced if len(spaced[-1]) > 1 else clauses


# 考试课程请各位教师…: a short topic before the request, never the 请 of a word (申请, 提请上级…)
_TOPIC_PLEASE = re.compile(r"[\u4e00-\u9fff]{2,8}(?<![申邀提聘恳报呈吁延宴声诉])")


def _fill_row(doc: _Doc, item: Item, row: Row) -> None:
    """A table row: owners from its columns, the deadline from its time-limit cell."""
    # persons of a 责任人/分管领导 column answer for the row; the units are who must act: the units such
    # a column names act when no column names any (教务处 各系(部)), its persons never (GUIDE)
    # a table with no unit column: the task cell names its own (…（牵头单位：区住建局；配合单位：区交通局）)
    item.owners = dedupe(
        [own.Owner(n, "lead", tabled=True) for n in row.lead]
        + [own.Owner(n, "co", tabled=True) for n in row.co]
        or [own.Owner(n, "lead", tabled=True) for n in row.person if not person(n)]
        or own.attribute_owners(doc.t[item.start : item.end])
    )
    _fill_times(doc, item, times_of(doc, item))
    if item.deadline is None and row.week is not None and row.week_cell is not None:
        first = _first_week_end(doc)
        if first is not None:  # 第三周 with no dates of its own: placed by the calendar's week one
            a, b = row.week_cell
            a, b = a + len(doc.src[a:b]) - len(doc.src[a:b].lstrip()), a + len(doc.src[a:b].rstrip())
            item.deadline = Deadline(doc.src[a:b], weeks.week_end(first, row.week[1]), start=a, end=b)
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


def _fill_times(doc: _Doc, item: Item, times: list[TimeExpr]) -> None:
    deadlines = [
        x
        for x in times
        if x.kind == "deadline"
        and not _scheduled(doc.t, x)
        and not _as_of(doc.t, x)
        and not _of_cadence(doc.t, x)
        and not _named(doc.t, x)
    ]
    if deadlines:
        dated = [(x.date, x) for x in deadlines if x.date]
        limits = [pair for pair in dated if _limit(doc.t, pair[1])] or dated
        pick = max(limits, key=lambda pair: pair[0])[1] if dated else deadlines[0]
        item.deadline = _deadline(doc, pick)
    elif not any(x.kind == "cadence" for x in times) and (te := inherited(doc, item.start, item.end)):
        # a duty stated with a cadence (每月5日前报送进展) recurs: its part's date is not its own; a scope's
        # phrase no calendar places (寒假前完成以下工作：) flags the item, as its own would
        if te.kind == "unplaced":
            times = [*times, te]
        else:
            item.deadline = _deadline(doc, te)
    starts = [x for x in times if x.kind == "start"]
    if starts:
        x = starts[0]
        item.start_date = Deadline(x.phrase, x.date, x.placeholder, x.start, x.end)
    cad = [x for x in times if x.kind == "cadence"]
    item.cadence = cad[0].cadence if cad else ("once" if item.deadline else None)
    unplaced = [x for x in times if x.kind == "unplaced"]
    if unplaced and not item.deadline:
        item.deadline_unplaced = unplaced[0].phrase


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
        if i < 0:  # a table's unit cell: after the task cell, or above it when merged over rows
            i = doc.t.find(o.mention, item.end, item.end + 800)
            i = doc.t.rfind(o.mention, max(0, item.start - 3000), item.start) if i < 0 else i
        if i >= 0:
            o.mention = doc.src[i : i + len(o.mention)]


def _target(m: re.Match) -> Target:
    v = m.group("v") or m.group("v2")
    unit = m.group("u") or "%"
    return Target(m.group(0), float(v), "%" if unit == "％" else unit)
