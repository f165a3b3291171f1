"""Items by the labelling rules (docs/extract.md): which spans of the outline and of the free text are
requirements. The classifier decides what a clause is; this module decides where an item starts and ends.
"""

from __future__ import annotations

import re

from . import owners as own
from .classifier import (
    _BACKGROUND_TITLE,
    _BARE,
    _CREED_LEAD,
    _INTRO_DIRECTIVE,
    _ITEM_KINDS,
    _MIN_ITEM,
    _NARRATIVE,
    _PLEASE,
    _QUESTION,
    _REPORTING,
    _REVIEW,
    _SECTION_WIDE,
    _TRIM,
    _YAO,
    GOAL_TITLE,
    MODAL,
    REPORTED,
    _sentences,
    _strip_lead,
    _strip_marker,
    _trim,
    actor_statement,
    is_directive,
    split_units,
    starts_imperative,
)
from .cues import (
    _ANNOUNCES,
    _ARRANGEMENT,
    _BY,
    _CONTENTS,
    _EXPLAINS,
    _LEADS,
    _NOMINAL_TITLE,
    _NOTICE_OPENING,
    _SPEC,
    _TASKS_TITLE,
    _TRANSMITS,
    CALENDAR_INTRO,
    list_intro,
)
from .deadlines import parse_times
from .fields import _Doc
from .model import Item
from .outline import Marker
from .scopes import element_opening
from .soft import ORGANISED

# in a review (成绩, 特点, 做法) only a plain directive makes an item; 确保 there states a purpose
# 于今日18：00时前报送: the colon of a limit's clock time introduces nothing
_CLOCK = re.compile(r"\d：\d{2}[时時]?(?:之|以)?前")
_REVIEW_DIRECTS = re.compile(rf"{_YAO}|必须|务必|应当|需要?(?!求)|严禁|不得")  # never 主要, 重要


# praise and critique state how a unit did, not what it must do
_PRAISE = re.compile(
    r"值得肯定|肯定成绩|成绩|成效|亮点|经验|完成率|达到[^，。；]{0,8}以上|"
    r"不够|不高|不强|不到位|较差|较慢|滞后|薄弱|不力"
)
_WHEN = re.compile(r"^[^，。；]{1,8}?(?:期间|之前|以前|前|之后|以后|后|时)，?")


def _short_title(head: str) -> bool:
    """``3、党员信息维护。``: a few words naming the element's topic (not a speech's 关于…), its body one
    actor's work."""
    h = head.strip(_TRIM)
    return (
        not h.startswith("关于")
        and len(h) <= 12
        and not MODAL.search(h)
        and head.rstrip(" \t").endswith("。")
    )


class _Extractor:
    def __init__(self, doc: _Doc) -> None:
        self.d = doc
        self.t = doc.t
        self.ctx: dict[int, str] = {}  # enumeration sequence -> directive | review | neutral
        # 现将…事项通知如下：: a notice that announces its arrangements numbers what its addressees do
        self.announced = bool(_NOTICE_OPENING.search(self.t[:600]))

    # -- regions -----------------------------------------------------------------------------
    def region(
        self,
        lo: int,
        hi: int,
        children: list[Marker],
        skip_first_sentence: bool = False,
        tasks: bool = False,
    ) -> int:
        """Items of [lo, hi): free text between child nodes, then each child. Returns items made.
        Under a heading that names tasks (``tasks``: 工作重点, 行事历) each list element is a task."""
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
            made += self.free(
                pos,
                gap_hi,
                skip_first=skip_first_sentence and first,
                skip_span=intro[:2] if intro and self._lead_in(*intro[:2]) else None,
                section=(lo, hi),
            )
            first = False
            ctx = intro[2] if intro else self.ctx.get(ch.seq, "neutral")
            if (tasks or self.announced) and ctx == "neutral":
                ctx = "directive"
            self.ctx[ch.seq] = ctx
            made += self.node(ch, ctx)
            pos = max(pos, ch.end)
        made += self.free(pos, hi, skip_first=skip_first_sentence and first, section=(lo, hi))
        return made

    def _lead_in(self, a: int, b: int) -> bool:
        """The sentence before a list introduces it (…三点要求：) unless it is a paragraph of its own
        that directs (（一）推进…建设。\n深入开展…。\n1.…: the paragraph is an item)."""
        s = self.t[a:b].rstrip(" \t\n")
        ends_paragraph = "\n" in self.t[b - 1 : b + 1]
        return (
            s.endswith(("：", ":"))
            or not ends_paragraph
            or bool(_LEADS.search(s))
            or not is_directive(s, self.d.base)
        )

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
        m = MODAL.search(s)
        if (
            _ANNOUNCES.search(s)
            or _TRANSMITS.search(s)
            or m
            and not _REVIEW.search(s[: m.start()])
            or CALENDAR_INTRO.fullmatch(s)
        ):
            ctx = "directive"
        elif _EXPLAINS.search(s):
            ctx = "neutral"  # 现将主要内容解读如下：what follows explains a document, it reviews nothing
        elif _REVIEW.search(s) or _NARRATIVE.search(s):
            ctx = "review"  # 从检查情况看，自…以来，各单位能够按照部署…: a review, whatever words it borrows
        else:
            # 这个目标任务，重点包括这样五个方面：what follows lists contents, not tasks
            ctx = "directive" if _INTRO_DIRECTIVE.search(s) and not _CONTENTS.search(s) else "neutral"
        return a, b, ctx

    def node(self, mk: Marker, ctx: str) -> int:
        t = self.t
        if _BACKGROUND_TITLE.match(t, mk.body):
            return 0  # 指导思想, 基本原则: the creed, not tasks
        if GOAL_TITLE.match(t, mk.body) and not own.ATTR.search(t, mk.start, mk.end):
            return 0  # 主要目标 (a goal with a 牵头单位 line is a task, as in a 分工方案)
        if mk.children:
            head = _sentences(t, mk.start, mk.children[0].start)
            he = head[0][1] if head else mk.body
            self._section_attrs(he, mk.children[0].start, mk)
            return self.region(he, mk.end, mk.children, tasks=bool(_TASKS_TITLE.match(t, mk.body)))
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
        cut = [a for a, b in self.d.cut if mk.start < a < mk.end and t.count("\n", mk.start, a) <= 1]
        if cut and len(core) > 1 and ctx != "review" and self._one_actor(core):
            # 二是建立…机制。在干部管理上，…。同时把好党员出入关，对问题党员: the element a page store
            # cut is one unit (its half sentence left out), never its heading alone; with several actors
            # each actor's complete clause is an item and the cut clause is left out
            return self.emit(mk.start, cut[0])
        if len(core) == 1 and ctx != "review" and len(self._actor_names(self._colon_units(*core[0]))) > 1:
            # 四、中秋节期间，机房要…；物业公司要…；安保处要…。: each actor's clause is an item, dated by
            # the time phrase the element opens with
            element_opening(self.d, mk)
            return self.free(mk.start, mk.end, section=(mk.start, mk.end), item=True)
        head = t[mk.body : sents[0][1]]
        title_line = head.endswith("\n") and len(core) > 1 and not MODAL.search(head)
        head_directive = mk.kind == "yao" or (not title_line and is_directive(head, base))
        # （一）进一步推进…公开\n正文…: a task heading on a line of its own and its body are one item
        task_title = (
            title_line and starts_imperative(head, base) and not _NOMINAL_TITLE.search(head.strip(_TRIM))
        ) or (title_line and "阶段" in head)  # （一）宣传发动阶段（7月底前）\n…: a stage and its work
        if ctx == "review" and not _REVIEW_DIRECTS.search(t[mk.start : mk.end]):
            return 0
        if (
            _SPEC.match(t, mk.body)
            and not MODAL.search(t, mk.body, mk.end)
            and "请" not in t[mk.body : mk.end]
            and not re.search(r"：由[^，。；]{2,20}?将", t[mk.body : mk.end])
        ):
            return 0  # 1.统计时间：2013年7月1日——2014年6月30日: what the notice specifies, no task
        if title_line and _ARRANGEMENT.match(head.strip(_TRIM)) and not MODAL.search(t, sents[0][1], mk.end):
            return 0  # 二、参加对象\n各乡镇组织委员…: whom or where the notice concerns, no task
        if _QUESTION.search(head):
            return self.free(sents[0][1], mk.end, section=(mk.start, mk.end), review=ctx == "review")
        if (
            mk.kind == "yao"
            or t[mk.start : mk.end].rstrip(" \t\n").endswith("；")
            or len(core) <= 1
            or (
                (mk.para_start or mk.kind in ("cn", "pcn"))  # 。一、各村要…。二、…: run into a paragraph
                and (mk.kind in _ITEM_KINDS or mk.kind == "shi")
                and ("\n" not in t[mk.start : core[-1][0]] or task_title)
                and (
                    head_directive
                    or len(core) <= 2
                    or task_title
                    or (
                        _short_title(head)
                        and (
                            sum(bool(MODAL.search(t, a, b)) for a, b in core[1:]) <= 1
                            or self._actors(core[1:2]) == 1 == self._actors(core[1:])
                        )
                    )
                )
                and self._one_actor(core)
            )
        ):
            body = t[sents[0][1] : mk.end].strip(_TRIM)
            directive = (
                head_directive
                or is_directive(t[mk.body : mk.end], base)
                or any(is_directive(t[a:b], base) for a, b in core[1:])
                or (mk.kind in _ITEM_KINDS and ctx != "review" and actor_statement(head))
                or (
                    ctx == "directive"
                    or (
                        mk.kind not in ("shi", "fm", "seq")
                        and ctx != "review"
                        and bool(body)
                        and not _NARRATIVE.search(head)
                    )
                )
            )
            if directive:
                return self.emit(mk.start, mk.end)
            return self.free(sents[0][1], mk.end, section=(mk.start, mk.end), review=ctx == "review")
        if not head_directive or _QUESTION.search(head):
            return self.free(
                sents[0][1], mk.end, section=(mk.start, mk.end), review=ctx == "review", item=True
            )
        end = sents[0][1]
        rest = sents[1:]
        took_body = False
        while rest:
            a, b = rest[0]
            if own.ATTR_LINE.match(t, a):
                end = b
            elif not took_body and self._continues(a, b):
                end, took_body = b, True
            else:
                break
            rest = rest[1:]
        made = self.free(end, mk.end, section=(mk.start, mk.end), review=ctx == "review", item=True)
        if took_body or not made or self._actors([(mk.start, end)]):
            made += self.emit(mk.start, end)  # a parent heading, or a first sentence with its own actor
        return made

    def _acts(self, a: int, b: int) -> bool:
        """A sentence of a list item led by its actor and a verb, neither praise nor review."""
        seg = _strip_marker(self.t[a:b].strip().lstrip("“‘"))
        actor = own.longest_actor(seg, 0)
        rest = re.split(r"[，。；！？]", seg[len(actor) :], maxsplit=1)[0]
        return (
            bool(actor and len(rest) >= 2 and own.longest_actor(seg, 0, need_verb=True))
            and actor_statement(seg)
            and not _PRAISE.search(seg)
        )

    def _instructed(self, pos: int) -> bool:
        """Inside the quoted words of a 批示 (…作出批示：“海洋局认真抓紧整改，…”): a clause led by its
        actor is an instruction, as in a list item."""
        t = self.t
        opening = t.rfind("“", max(0, pos - 200), pos + 1)
        return (
            opening >= 0
            and "”" not in t[opening:pos]
            and bool(re.search(r"(?:批示|指示)[^，。；“”]{0,12}[：:]$", t[max(0, opening - 20) : opening]))
        )

    def _one_actor(self, sents: list[tuple[int, int]]) -> bool:
        """Body sentences that do not name different actors belong to the heading (各责任单位要…。
        各责任单位要…。 is one actor's work)."""
        return len(self._actor_names(sents)) <= 1

    def _actors(self, sents: list[tuple[int, int]]) -> int:
        """How many of the sentences name the actor of their modal (各教学单位要…)."""
        return sum(bool(self._actor_names([s])) for s in sents)

    def _actor_names(self, sents: list[tuple[int, int]]) -> set[tuple[str, ...]]:
        """The actors the sentences name, each sentence's as one group (各地区、各部门)."""
        names: set[tuple[str, ...]] = set()
        for a, b in sents:
            seg = _strip_marker(self.t[a:b])
            m = MODAL.search(seg)
            found: tuple[str, ...] = ()
            if m:  # 各单位党政主要负责人假期外出，要…: the actor may open the clause before the modal
                clauses = re.split(r"[，；]", seg[: m.start()])
                subject = clauses[-1] or (clauses[-2] if len(clauses) > 1 else "")
                found = tuple(o.mention for o in own.subject_owners(subject))
            if found:
                names.add(found)
            elif m and not own.longest_actor(seg, 0, need_verb=True):
                continue  # a modal whose actor is not named
            elif by := _BY.search(seg):  # 由创建工作领导小组进行全面检查验收
                names.add(tuple(own.split_actors(own.longest_actor(seg, by.end()))))
            elif _PLEASE.match(seg) and own.longest_actor(seg, 1):
                names.add((own.longest_actor(seg, 1),))  # 请各单位将…报…
            elif self._acts(a, b):  # 各行署、市、县政府对…进行深入检查: led by its actor, no modal
                names.add(tuple(own.split_actors(own.longest_actor(seg, 0))))
        return names

    def _continues(self, a: int, b: int) -> bool:
        s = self.t[a:b].strip()
        m = MODAL.search(s)
        if m and own.subject_owners(re.split(r"[，；]", s[: m.start()])[-1]):
            return False
        if len(split_units(self.t, a, b)) > 1:
            return False
        # 寒假期间要做好…: a time adverbial before the modal, the actor of the sentence before still acts
        lead = _WHEN.sub("", s, count=1)
        return bool(_BARE.match(lead) or starts_imperative(s, self.d.base)) and not _NARRATIVE.search(s)

    # -- free sentences ----------------------------------------------------------------------
    def free(
        self,
        lo: int,
        hi: int,
        skip_first: bool = False,
        skip_span: tuple[int, int] | None = None,
        section: tuple[int, int] | None = None,
        review: bool = False,
        item: bool = False,
    ) -> int:
        """Items among the free sentences of [lo, hi); inside a numbered element (``item``) a sentence led
        by its actor states a task without a modal (各院系在…前提下，积极组织…)."""
        t, base = self.t, self.d.base
        review = review or self.d.report
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
                if last is not None and not t[last.end : a].strip(_TRIM):
                    self._extend(last, b)
                elif section:
                    found = own.attribute_owners(sent)
                    if found:
                        self.d.section_owners.append((section[0], section[1], found))
                continue
            if _SECTION_WIDE.match(_strip_lead(sent)):
                times = [x for x in parse_times(t[a:b], base, a, self.d.calendar) if x.kind == "deadline"]
                if times and section:
                    times[-1].scope = "section"
                    self.d.section_deadlines.append((section[0], section[1], times[-1]))
                    continue
            if _CREED_LEAD.search(sent):
                continue
            group: list[Item] = []  # parallel clauses of one sentence share its first actor
            units = self._colon_units(a, b)
            # 学校要求…开展一系列活动：如编十年校史…；开展一个艺术体育节活动…: a directive intro's list
            kind = list_intro(t[a : units[0][0]]) if units and units[0][0] > a else None
            if len(units) >= 3 and all(self._slogan(x, y) for x, y in units[-3:]):
                # 提出了五点要求：团结一心夺连冠；立足本职比贡献；…: a list of slogans names topics, not tasks
                units = [u for u in units if not self._slogan(*u)]
            for ua, ub in units:
                if self.d.in_noise(ua):
                    continue  # …；健全过程管控机制，研究对: the clause a page store cut
                if t[ua] == "“" and "”" not in t[ua:ub].rstrip("”"):
                    ua += 1  # 批示：“海洋局认真抓紧整改，…”: the quoted words themselves
                rep = _REPORTING.match(t, ua) or REPORTED.match(t, ua)
                if rep and rep.re is REPORTED and not starts_imperative(t[rep.end() : ub], base):
                    rep = None
                if rep and rep.end() < ub:
                    ua = rep.end()
                for pa, pb in split_units(t, ua, ub):
                    directs = (
                        is_directive(t[pa:pb], base)
                        or bool(pb < ub and ORGANISED.match(t[pa:pb]))  # a not task, kept as such
                        or (item or self._instructed(pa))
                        and self._acts(pa, pb)
                        or kind == "directs"
                        and not _NARRATIVE.search(t, pa, pb)
                    )
                    if not directs or (review or kind == "done") and not _REVIEW_DIRECTS.search(t[pa:pb]):
                        continue
                    if last is not None and self._heads(last, pa):
                        self._extend(last, pb)  # 要对号入座，抓好落实。各街道要…: heading and body
                        continue
                    if self.emit(pa, pb):
                        made += 1
                        last = self.d.items[-1]
                        group.append(last)
            if len(group) > 1:
                self.d.groups.append(group)
        return made

    def _slogan(self, a: int, b: int) -> bool:
        s = self.t[a:b].strip(_TRIM)
        return len(s) <= 8 and not MODAL.search(s) and not re.search(r"[，、]", s)

    def _heads(self, prev: Item, pa: int) -> bool:
        """A short 要-sentence right before a longer one in the same paragraph is its heading."""
        head = self.t[prev.start : prev.end]
        gap = self.t[prev.end : pa]
        return (
            head.startswith("要")
            and len(head) <= 12
            and "，" in head
            and gap.strip(_TRIM) == ""
            and "\n" not in gap
            and "；" not in gap
            and "。" in gap
        )

    def _colon_units(self, a: int, b: int) -> list[tuple[int, int]]:
        """Split at ；, and drop an intro ending in ： when the list after it follows."""
        out, s = [], a
        last = b - 1  # the last character that is not trimmed away: text follows a colon before it
        while last >= a and self.t[last] in _TRIM:
            last -= 1
        for i in range(a, b):
            c = self.t[i]
            if c == "；":
                out.append((s, i + 1))
                s = i + 1
            elif (
                c == "："
                and i < last
                and not own.ATTR_LINE.match(self.t, s)
                and not _CLOCK.match(self.t, i - 1)  # 于今日18：00前: an hour, no introduction
            ):
                s = i + 1  # 在肯定成绩的同时，也要清醒看到存在的不足：…
        out.append((s, b))
        return [(x, y) for x, y in out if self.t[x:y].strip(_TRIM)]

    # -- items -------------------------------------------------------------------------------
    def emit(self, s: int, e: int, least: int = _MIN_ITEM) -> int:
        s, e = _trim(self.t, s, e)
        if e > s and self.t[e - 1] == "”" and "“" not in self.t[s:e]:
            s, e = _trim(self.t, s, e - 1)  # the end of a quotation opened before the item
        if e - s < least:
            return 0
        self.d.items.append(Item(text=self.d.src[s:e], start=s, end=e))
        return 1

    def _extend(self, item: Item, b: int) -> None:
        _, e = _trim(self.t, item.start, b)
        item.end, item.text = e, self.d.src[item.start : e]
