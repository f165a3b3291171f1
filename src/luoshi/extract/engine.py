"""The rule engine: outline, then items by GUIDE.md, then owners, deadlines, targets and lint.

Everything runs on a same-length normalised copy of the text, so offsets are source offsets.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable

from . import owners as own
from .lexicon import VERBS
from .deadlines import IsWorkday, TimeExpr, document_date, parse_times
from .model import Deadline, Extraction, Item, OutlineNode, Target
from .noise import inside, noise_spans
from .normalize import normalize
from .tables import Row, find_tables
from .outline import Marker, build_tree, find_markers, walk

_YAO = r"(?<![重主必只首纲概摘提纪简扼想将快紧显机政需])要(?![求点素义害件闻务事领紧职地道塞么])"
MODAL = re.compile(rf"{_YAO}|必须|务必|确保|应当|应该|需要?(?!求)|力争|严禁|不得|禁止|希望|务求|"
                   r"负责(?!人|同志)|牵头")
STRONG = re.compile(r"必须|务必|确保|一定要|严禁|不得|禁止")
_NARRATIVE = re.compile(r"了(?!解)|已经|已(?!于)|取得|刚才|过去一年|以来|曾经|表示衷心|讲得|负责解释|之日起(?:施行|执行)")
_REVIEW = re.compile(r"情况如下|完成情况|附件|值得肯定|肯定成绩|成绩|成效|取得|总体上|亮点|做法|经验|不足|短板|差距|需要改进|存在|问题")
_INTRO_DIRECTIVE = re.compile(r"要求|意见|任务|措施|抓好|做到|部署|安排|几点|以下")
_COPULA = re.compile(r"(?<![就而还要凡总但或只正不也更都即于一二三四五六七八九十])是(?!否|要)")
_DESCRIPTIVE = re.compile(r"[^，。]{1,12}?(?:一般|原则上|主要)?(?:为|是)(?!了)")
_LATE_COPULA = re.compile(r"，(?:这|也|更|都|正|才)?是(?!否)")
_COGNITIVE = re.compile(r"(?:清醒|充分)?(?:看到|认识到|意识到)")
_PLEASE = re.compile(r"请(?=[\u4e00-\u9fffXx])")
_QUESTION = re.compile(r"^(?:如何|怎样|怎么|为什么|为何)|？")
_TOPIC_MODAL = re.compile(rf"(?:在|对于|对|针对)[^，；。]{{1,25}}?{_YAO}")
_TOPIC_SHORT = re.compile(rf"(?:在|对)[^，、；。]{{1,15}}?{_YAO}")
_BARE = re.compile(r"(?:要|必须|务必)(?![求点])")
_ADVERB_CLAUSE = re.compile(r"^(?:(?:从|自)[^，；。]{1,14}(?:开始|起)|同时|此外|另外|今后|下一步|其中|为此)$")
_SECTION_WIDE = re.compile(r"^(?:以上|上述)(?:各项)?(?:工作|任务)")
_TARGET = re.compile(r"(?<![第\d.])(?P<v>\d+(?:\.\d+)?)\s*(?P<u>%|％|万人次|人次|万元|亿元|个百分点|个|项|名|人|期|次|场|家|篇|件|"
                     r"条|批|所|户|轮|门|课时|学时|小时|分钟|天|元|份|村)(?!工作日|月|日|内|前|以内|之内|星期|周)|百分之(?P<v2>\d+(?:\.\d+)?)")
_VAGUE = re.compile(r"高度重视|进一步|切实|认真|深入|不断|大力|积极|努力|加强|强化|提高|提升|注重|营造|弘扬|有效|扎实|全面|"
                    r"着力|持续|充分|笼统|相关")
_TERMS = "。！？"
_WEAK = {"需", "需要", "希望", "负责", "牵头", "应该"}
_REPORTING = re.compile(r"[^，。；]{0,30}(?:指出|强调|要求|提出|号召|表示)，(?=(?:要|必须|务必|一定要))")
_TIME_START = re.compile(r"[\d〇零一二两三四五六七八九十XxX×本下上年今明第月元国当次从自每]")
_BACKGROUND_TITLE = re.compile(r"(?:指导思想|基本原则|总体思路|工作原则|总体要求|背景|意义)\s*(?:\n|$|[。：])")
_MIN_ITEM = 6  # shorter spans are phase labels (组织实施), never a task of their own
_ITEM_KINDS = {"cn", "pcn", "num", "pnum", "circ", "tiao"}
_TRIM = " \t\n。；，、：！？"


class _Doc:
    """The text being extracted, with its normalised twin and the noise to skip."""

    def __init__(self, src: str, base: dt.date, calendar: IsWorkday | None) -> None:
        self.src, self.t, self.base, self.calendar = src, normalize(src), base, calendar
        self.noise = noise_spans(self.t)
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


def _trim(t: str, s: int, e: int) -> tuple[int, int]:
    while s < e and t[s] in " \t\n":
        s += 1
    while e > s and t[e - 1] in _TRIM:
        e -= 1
    return s, e


def _sentences(t: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Sentences (terminator included) and lines inside [lo, hi)."""
    out, s = [], lo
    for i in range(lo, hi):
        c = t[i]
        if c in _TERMS or c == "\n":
            j = i + 1
            while j < hi and t[j] in "”’）":
                j += 1
            if t[s:j].strip():
                out.append((s, j))
            s = j
    if s < hi and t[s:hi].strip():
        out.append((s, hi))
    return [(a, b) for a, b in out if a < b]


def _clause_starts(t: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """Starts of clauses after ， or 、 outside quotes and brackets, with the separator."""
    out, depth = [], 0
    for i in range(lo, hi):
        c = t[i]
        if c in "“（《‘":
            depth += 1
        elif c in "”）》’":
            depth = max(0, depth - 1)
        elif depth == 0 and c in "，、" and i + 1 < hi:
            out.append((i + 1, c))
    return out


def _strip_lead(t: str) -> str:
    """Drop the marker-free leading adverbials (同时，今年，) and the subject before judging a clause."""
    return re.sub(r"^(?:同时|此外|另外|今年|今后|当前|下一步|为此)[，]?", "", t.strip(" \t\n"))


def starts_imperative(t: str, base: dt.date) -> bool:
    s = _strip_lead(t)
    times = parse_times(s[:20], base) if _TIME_START.match(s) else None
    if times and times[0].start == 0:
        s = s[times[0].end:].lstrip("，")
    return s[:2] in VERBS or (s[:1] in ("把", "将") and s[:2] not in ("将来", "将近"))


def is_directive(t: str, base: dt.date) -> bool:
    """GUIDE's test: the clause directs someone to act (modal or imperative), not narrates or reviews."""
    s = t.strip(_TRIM)
    if len(s) < 4 or _QUESTION.search(s):
        return False
    lead = _strip_marker(s)
    if _PLEASE.match(lead) and own.longest_actor(lead, 1):
        return True
    modal = MODAL.search(s)
    if modal and _COGNITIVE.match(s, modal.end()):
        return False  # 也要看到…: a review, not a task
    if modal and "了" in re.split(r"[，；]", s[modal.start():], maxsplit=1)[0]:
        return False  # 确保了万无一失: a report
    if modal:
        if _NARRATIVE.search(s) and (modal.group(0) in _WEAK or _NARRATIVE.search(s[:modal.start()])
                                     and not modal.group(0).startswith("要")):
            return False
        first = re.split(r"[，；]", s, maxsplit=1)[0]
        if (len(first) < modal.start() and _COPULA.search(first) and not STRONG.search(s)
                and not own.subject_owners(re.split(r"[，；]", s[:modal.start()])[-1])):
            return False  # background: "组织部门是…，都要讲政治"
        return True
    if _NARRATIVE.search(s) or _LATE_COPULA.search(s) or _DESCRIPTIVE.match(s):
        return False
    return starts_imperative(s, base)


def actor_statement(t: str) -> bool:
    """``干部一科按照…修改后，提交…``: a list item led by its actor states a task without a modal."""
    s = re.sub(r"^(?:由|请)", "", _strip_lead(t))
    return bool(own.longest_actor(s, 0)) and not _NARRATIVE.search(s) and not re.match(
        rf"{re.escape(own.longest_actor(s, 0))}(?:是|作为|在[^，]*?(?:发现|反映))", s)


def split_units(t: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Parallel directive clauses of one sentence (``在A上要…、在B上要…``, ``…，对C要…``) as units."""
    starts = _clause_starts(t, lo, hi)
    cuts: list[int] = []
    series = False
    first_topic = None
    for k, (c, sep) in enumerate(starts):
        rest = t[c:hi]
        clause_end = t.find("，", c, hi)
        clause_end = hi if clause_end < 0 else clause_end
        before = t[lo:c]
        if not MODAL.search(before):
            if sep == "、" and _TOPIC_SHORT.match(rest) and _TOPIC_SHORT.match(t[_prev_clause(starts, k, lo):hi]):
                first_topic = _prev_clause(starts, k, lo)
                cuts.append(c)
                series = True
            continue
        if sep == "、":
            if _TOPIC_SHORT.match(rest):
                if first_topic is None and _TOPIC_SHORT.match(t[_prev_clause(starts, k, lo):hi]):
                    first_topic = _prev_clause(starts, k, lo)
                cuts.append(c)
                series = True
            continue
        m = MODAL.search(t, c, clause_end)
        kind = None
        if _TOPIC_MODAL.match(rest) and m:
            kind = "topic"
        elif _BARE.match(rest):
            kind = "bare"
        elif (m and m.group(0) in ("要", "必须", "务必") and own.subject_owners(t[c:m.start()])
              and _has_actor(t, lo, c)):
            kind = "subject"
        if kind is None:
            continue
        if kind == "bare" and k > 0:
            pc = starts[k - 1][0]
            if _ADVERB_CLAUSE.match(t[pc:c - 1]) and pc > lo:
                c = pc
        cuts.append(c)
    if not cuts:
        return [(lo, hi)]
    s0 = first_topic if (series and first_topic is not None) else lo
    bounds = [s0, *cuts, hi]
    units = []
    for a, b in zip(bounds, bounds[1:]):
        if series:
            comma = t.find("，", a, b)
            if comma >= 0 and _TOPIC_SHORT.match(t, a):
                b = comma
        units.append((a, b))
    return units


def _has_actor(t: str, lo: int, hi: int) -> bool:
    m = MODAL.search(t, lo, hi)
    return bool(m and own.subject_owners(re.split(r"[，；]", t[lo:m.start()])[-1]))


def _prev_clause(starts: list[tuple[int, str]], k: int, lo: int) -> int:
    return starts[k - 1][0] if k > 0 else lo


class _Extractor:
    def __init__(self, doc: _Doc) -> None:
        self.d = doc
        self.t = doc.t
        self.ctx: dict[int, str] = {}  # enumeration sequence -> directive | review | neutral

    # -- regions -----------------------------------------------------------------------------
    def region(self, lo: int, hi: int, children: list[Marker], skip_first_sentence: bool = False) -> int:
        """Items of [lo, hi): free text between child nodes, then each child. Returns items made."""
        made = 0
        pos = lo
        first = True
        seqs_done: set[int] = set()
        for ch in children:
            gap_hi = ch.start
            intro = None
            if ch.seq not in seqs_done:
                seqs_done.add(ch.seq)
                intro = self._intro(pos if pos < gap_hi else lo, gap_hi)
            made += self.free(pos, gap_hi, skip_first=skip_first_sentence and first,
                              skip_span=intro[:2] if intro else None, section=(lo, hi))
            first = False
            ctx = intro[2] if intro else self.ctx.get(ch.seq, "neutral")
            self.ctx[ch.seq] = ctx
            made += self.node(ch, ctx)
            pos = max(pos, ch.end)
        made += self.free(pos, hi, skip_first=skip_first_sentence and first, section=(lo, hi))
        return made

    def _intro(self, lo: int, hi: int) -> tuple[int, int, str] | None:
        """The sentence that introduces an enumeration, and whether it directs or reviews."""
        t = self.t
        back = hi
        while back > lo and t[back - 1] in " \t\n":
            back -= 1
        start = max(lo, max(t.rfind(c, lo, max(lo, back - 1)) for c in "。！？\n") + 1)
        sents = _sentences(t, start, hi)
        if not sents:
            return None
        a, b = sents[-1]
        s = self.t[a:b]
        if MODAL.search(s) and not _REVIEW.search(s[:MODAL.search(s).start()]) or _INTRO_DIRECTIVE.search(s):
            ctx = "directive"
        elif _REVIEW.search(s) or _NARRATIVE.search(s):
            ctx = "review"
        else:
            ctx = "neutral"
        return a, b, ctx

    def node(self, mk: Marker, ctx: str) -> int:
        t = self.t
        if _BACKGROUND_TITLE.match(t, mk.body):
            return 0  # 指导思想, 基本原则: the creed, not tasks
        if mk.children:
            head = _sentences(t, mk.start, mk.children[0].start)
            he = head[0][1] if head else mk.body
            self._section_attrs(he, mk.children[0].start, mk)
            return self.region(he, mk.end, mk.children)
        return self.leaf(mk, ctx)

    def _section_attrs(self, lo: int, hi: int, mk: Marker) -> None:
        seg = self.t[lo:hi]
        found = own.attribute_owners(seg)
        if found and own.ATTR_LINE.match(seg.lstrip("\n")):
            self.d.section_owners.append((mk.start, mk.end, found))

    def leaf(self, mk: Marker, ctx: str) -> int:
        t, base = self.t, self.d.base
        sents = [s for s in _sentences(t, mk.start, mk.end) if not self.d.in_noise(s[0])]
        if not sents:
            return 0
        core = [s for s in sents if not own.ATTR_LINE.match(t, s[0])]
        head = t[mk.body:sents[0][1]]
        title_line = head.endswith("\n") and len(core) > 1 and not MODAL.search(head)
        head_directive = mk.kind == "yao" or (not title_line and is_directive(head, base))
        if ctx == "review" and not MODAL.search(t[mk.start:mk.end]):
            return 0
        if _QUESTION.search(head):
            return self.free(sents[0][1], mk.end, section=(mk.start, mk.end))
        if (mk.kind == "yao" or t[mk.start:mk.end].rstrip(" \t\n").endswith("；") or len(core) <= 1
                or (mk.para_start and mk.kind in _ITEM_KINDS and "\n" not in t[mk.start:core[-1][0]]
                    and (head_directive or len(core) <= 2) and self._one_actor(core[1:]))):
            body = t[sents[0][1]:mk.end].strip(_TRIM)
            directive = head_directive or is_directive(t[mk.body:mk.end], base) or (
                mk.kind in _ITEM_KINDS and ctx != "review" and actor_statement(head)) or (
                ctx == "directive" or (mk.kind not in ("shi", "fm", "seq") and ctx != "review"
                                       and bool(body) and not _NARRATIVE.search(head)))
            if directive:
                return self.emit(mk.start, mk.end)
            return self.free(sents[0][1], mk.end, section=(mk.start, mk.end))
        if not head_directive or _QUESTION.search(head):
            return self.free(sents[0][1], mk.end, section=(mk.start, mk.end))
        end = sents[0][1]
        rest = sents[1:]
        took_body = False
        while rest:
            a, b = rest[0]
            if own.ATTR_LINE.match(t, a):
                end = b
            elif (not took_body and self._continues(a, b)):
                end, took_body = b, True
            else:
                break
            rest = rest[1:]
        made = self.free(end, mk.end, section=(mk.start, mk.end))
        if took_body or not made:
            made += self.emit(mk.start, end)
        return made

    def _one_actor(self, sents: list[tuple[int, int]]) -> bool:
        """Body sentences that do not each name their own actor belong to the heading."""
        actors = 0
        for a, b in sents:
            seg = self.t[a:b]
            m = MODAL.search(seg)
            if m and own.subject_owners(re.split(r"[，；]", seg[:m.start()])[-1]):
                actors += 1
        return actors <= 1

    def _continues(self, a: int, b: int) -> bool:
        s = self.t[a:b].strip()
        m = MODAL.search(s)
        if m and own.subject_owners(re.split(r"[，；]", s[:m.start()])[-1]):
            return False
        if len(split_units(self.t, a, b)) > 1:
            return False
        return bool(_BARE.match(s) or starts_imperative(s, self.d.base)) and not _NARRATIVE.search(s)

    # -- free sentences ----------------------------------------------------------------------
    def free(self, lo: int, hi: int, skip_first: bool = False, skip_span: tuple[int, int] | None = None,
             section: tuple[int, int] | None = None) -> int:
        t, base = self.t, self.d.base
        made = 0
        last: Item | None = None
        for k, (a, b) in enumerate(_sentences(t, lo, hi)):
            if (skip_first and k == 0) or self.d.in_noise(a):
                continue
            if skip_span and a >= skip_span[0] and b <= skip_span[1]:
                continue
            if skip_span and a < skip_span[1] <= b:
                b = skip_span[0] if skip_span[0] > a else b
            sent = t[a:b].strip()
            if own.ATTR_LINE.match(sent):
                if last is not None and not t[last.end:a].strip(_TRIM):
                    self._extend(last, b)
                elif section:
                    found = own.attribute_owners(sent)
                    if found:
                        self.d.section_owners.append((section[0], section[1], found))
                continue
            if _SECTION_WIDE.match(_strip_lead(sent)):
                times = [x for x in parse_times(t[a:b], base, a, self.d.calendar) if x.kind == "deadline"]
                if times and section:
                    self.d.section_deadlines.append((section[0], section[1], times[-1]))
                    continue
            for ua, ub in self._colon_units(a, b):
                rep = _REPORTING.match(t, ua)
                if rep and rep.end() < ub:
                    ua = rep.end()
                group = []
                for pa, pb in split_units(t, ua, ub):
                    if is_directive(t[pa:pb], base) and self.emit(pa, pb):
                        made += 1
                        last = self.d.items[-1]
                        group.append(last)
                if len(group) > 1:
                    self.d.groups.append(group)
        return made

    def _colon_units(self, a: int, b: int) -> list[tuple[int, int]]:
        """Split at ；, and drop an intro ending in ： when the list after it follows."""
        out, s = [], a
        for i in range(a, b):
            c = self.t[i]
            if c == "；":
                out.append((s, i + 1))
                s = i + 1
            elif c == "：" and i + 1 < b and self.t[i + 1:b].strip(_TRIM) and not own.ATTR_LINE.match(self.t, s):
                s = i + 1  # 在肯定成绩的同时，也要清醒看到存在的不足：…
        out.append((s, b))
        return [(x, y) for x, y in out if self.t[x:y].strip(_TRIM)]

    # -- items -------------------------------------------------------------------------------
    def emit(self, s: int, e: int) -> int:
        s, e = _trim(self.t, s, e)
        if e - s < _MIN_ITEM:
            return 0
        self.d.items.append(Item(text=self.d.src[s:e], start=s, end=e))
        return 1

    def _extend(self, item: Item, b: int) -> None:
        _, e = _trim(self.t, item.start, b)
        item.end, item.text = e, self.d.src[item.start:e]


def _fill(doc: _Doc, item: Item, roots: list[Marker]) -> None:
    t = doc.t[item.start:item.end]
    base = doc.base
    item.outline_path = [doc.src[m.start:m.start + len(m.text)] for m in _path(roots, item.start)]
    row = doc.table_rows.get(item.start)
    if row is not None:
        _fill_row(doc, item, row)
        return
    owners = own.attribute_owners(t)
    for m in MODAL.finditer(t):
        if m.group(0) not in ("要", "必须", "务必", "应当", "负责", "牵头", "需要", "需"):
            continue
        clauses = re.split(r"[，；：。\n]", t[:m.start()])
        owners += own.subject_owners(_strip_marker(clauses[-1]), _strip_marker(clauses[-2]) if len(clauses) > 1 else "")
    owners += own.phrase_owners(t)
    for please in _PLEASE.finditer(t):
        if please.start() == 0 or t[please.start() - 1] in "，。；：）\n":
            owners += [own.Owner(n, "lead") for n in own.split_actors(own.longest_actor(t, please.start() + 1))]
    if not owners:
        owners = own.clause_actors(t)
    if not owners:
        for a, b, found in doc.section_owners:
            if a <= item.start < b:
                owners = [own.Owner(o.mention, o.role) for o in found]
    item.owners = own.dedupe(owners)
    _fill_times(doc, item, parse_times(t, base, item.start, doc.calendar))
    _finish(item, t)


def _fill_row(doc: _Doc, item: Item, row: Row) -> None:
    """A table row: owners from its columns, the deadline from its time-limit cell."""
    item.owners = own.dedupe([own.Owner(n, "lead") for n in row.lead] + [own.Owner(n, "co") for n in row.co]
                             + [own.Owner(n, "owner") for n in row.person])
    times = parse_times(doc.t[row.due[0]:row.due[1]], doc.base, row.due[0], doc.calendar) if row.due else []
    _fill_times(doc, item, times)
    _finish(item, doc.t[item.start:item.end])


def _fill_times(doc: _Doc, item: Item, times: list[TimeExpr]) -> None:
    deadlines = [x for x in times if x.kind == "deadline"]
    if deadlines:
        dated = [x for x in deadlines if x.date]
        pick = max(dated, key=lambda x: x.date) if dated else deadlines[0]
        item.deadline = Deadline(pick.phrase, pick.date, pick.placeholder, pick.start, pick.end)
    else:
        for a, b, te in doc.section_deadlines:
            if a <= item.start < b:
                item.deadline = Deadline(te.phrase, te.date, te.placeholder, te.start, te.end)
    starts = [x for x in times if x.kind == "start"]
    if starts:
        x = starts[0]
        item.start_date = Deadline(x.phrase, x.date, x.placeholder, x.start, x.end)
    cad = [x for x in times if x.kind == "cadence"]
    item.cadence = cad[0].cadence if cad else ("once" if item.deadline else None)


def _finish(item: Item, t: str) -> None:
    item.targets = [_target(m) for m in _TARGET.finditer(t)]
    item.action = _action(t)
    lint = []
    if not item.owners:
        lint.append("no_owner")
    if not item.deadline:
        lint.append("no_deadline")
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
            o.mention = doc.src[i:i + len(o.mention)]


def _strip_marker(s: str) -> str:
    return re.sub(r"^\s*(?:[一二三四五六七八九十]+[要是、]|第[一二三四五六七八九十]+|首先|其次|最后|\d+[.、]|（[一二三四五六七八九十\d]+）)",
                  "", s)


def _target(m: re.Match) -> Target:
    v = m.group("v") or m.group("v2")
    unit = m.group("u") or "%"
    return Target(m.group(0), float(v), "%" if unit == "％" else unit)


def _action(t: str) -> str:
    s = _strip_marker(t)
    first = re.split(r"[，。；：,\n]", s, maxsplit=1)[0]
    m = MODAL.search(first)
    if m:
        s = s[m.end():]
    s = re.split(r"[，。；：,\n]", s.strip(), maxsplit=1)[0]
    return s[:24]


def _path(roots: list[Marker], pos: int) -> list[Marker]:
    path: list[Marker] = []
    nodes = roots
    while nodes:
        i = bisect.bisect_right([n.start for n in nodes], pos) - 1 if len(nodes) < 64 else \
            bisect.bisect_right(nodes, pos, key=lambda n: n.start) - 1
        if i < 0 or not pos < max(nodes[i].end, nodes[i].body):
            break
        path.append(nodes[i])
        nodes = nodes[i].children
    return path


def _prepare(text: str, base_date: dt.date | None,
             calendar: IsWorkday | None) -> tuple[_Doc, list[Row], list[Marker]]:
    base = base_date or document_date(text) or dt.date.today()
    doc = _Doc(text, base, calendar)
    rows, table_spans = find_tables(doc.t)
    doc.noise += table_spans
    roots = build_tree(doc.t, find_markers(doc.t, doc.noise), own.ATTR_LINE)
    return doc, rows, roots


def _finalize(doc: _Doc, roots: list[Marker], engine: str = "rules") -> Extraction:
    doc.items.sort(key=lambda i: i.start)
    items: list[Item] = []
    for it in doc.items:
        if items and it.start < items[-1].end:
            continue
        items.append(it)
    for it in items:
        _fill(doc, it, roots)
    for group in doc.groups:  # 各级党委要…，对表现突出的干部要…: the actor of the first clause acts in all
        owners = next((g.owners for g in group if g.owners), [])
        for g in group:
            if not g.owners:
                g.owners = [own.Owner(o.mention, o.role) for o in owners]
                g.lint = [x for x in g.lint if x != "no_owner"]
    for it in items:
        _source_mentions(doc, it)
    outline = [OutlineNode(m.level, doc.src[m.start:m.start + len(m.text)], _title(doc, m), m.start, _trim(doc.t, m.start, m.end)[1])
               for m in walk(roots)]
    return Extraction(chars=len(doc.src), base_date=doc.base, outline=outline, items=items, engine=engine)


def extract_rules(text: str, base_date: dt.date | None = None, calendar: IsWorkday | None = None) -> Extraction:
    """The rule engine. ``text`` is already normalised per the GUIDE (see ``read_document``)."""
    doc, rows, roots = _prepare(text, base_date, calendar)
    ex = _Extractor(doc)
    ex.region(0, len(text), roots)
    for row in rows:
        for a, b in row.content:
            if ex.emit(a, b):
                doc.table_rows[doc.items[-1].start] = row
    return _finalize(doc, roots)


def extraction_from_spans(text: str, spans: list[tuple[int, int]], base_date: dt.date | None = None,
                          calendar: IsWorkday | None = None, engine: str = "llm") -> Extraction:
    """Items at given spans (from a model), with fields filled by the same grammar as the rules."""
    doc, _, roots = _prepare(text, base_date, calendar)
    ex = _Extractor(doc)
    for a, b in spans:
        ex.emit(a, b)
    return _finalize(doc, roots, engine)


def _title(doc: _Doc, m: Marker) -> str:
    end = m.body
    while end < m.end and doc.t[end] not in "。！？；：\n":
        end += 1
    return doc.src[m.body:min(end, m.body + 40)].strip()
