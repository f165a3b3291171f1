"""The date an item inherits from the scopes that enclose it (docs/extract.md, "Deadlines").

One rule: an item takes the date of the nearest enclosing scope that states one, and a date the item
states itself wins. A scope is a stretch of text with its own date: the sentence that introduces a list
(``请于6月28日前完成以下工作：`` over ``1.… 2.…``), the heading of a part (``（二）自查摸底阶段（7月3日至
7月15日）``) and the headings above it, a stage or period line of a plan's calendar (``九月份``,
``第二周（9月11日—9月15日）``, read by ``fields.period_deadlines``), a notice's time section, a
section-wide ``以上工作要在…前完成``. The nearest is the one that opens last before the item. A scope's
phrase dates nothing when it is a cadence's day (``每季度最后一个月的20日前``), a start
(``从2023年第二季度起``), the date a count is taken at or an event's schedule (``定于…``); a list's
introduction and a parent heading date their items only with a limit (``…前``, ``…底``, a range's end).
"""

from __future__ import annotations

import re

from .classifier import MODAL, _sentences
from .cues import _NOTICE_OPENING, _TRANSMITS
from .deadlines import parse_times
from .fields import _as_of, _Doc, _limit, _of_cadence, _scheduled
from .outline import Marker, walk

# 特提出如下要求：, 请于…前完成以下工作：, 具体安排如下: a sentence that introduces the list after it
_INTRODUCES = re.compile(r"[：:]\s*$|如下|以下|下列")


def outline_scopes(doc: _Doc, roots: list[Marker]) -> None:
    """Register the dated scopes of the outline: list introductions and headings."""
    t = doc.t
    for parent, seqs in _sequences(roots):
        lo = parent.body if parent else 0
        for first, last in seqs:
            intro = _intro(doc, lo, first.start)
            if intro:
                a, b = intro
                _register(doc, a, b, last.end, limit=True)
            lo = last.end
    for mk in walk(roots):
        if mk.children:
            head = _sentences(t, mk.start, mk.children[0].start)
            # （一）动员部署阶段（3月1日—3月15日）\n1、…: a limit only (二、到2025年主要任务 dates nothing)
            _register(doc, mk.start, head[0][1] if head else mk.body, mk.end, limit=True)
            continue
        sents = _sentences(t, mk.start, mk.end)
        if len(sents) > 1 and not MODAL.search(t, mk.body, sents[0][1]):
            # （二）排查阶段（…至4月15日）。A要…。B要…: a title's date for the sentences under it
            _register(doc, mk.start, sents[0][1], mk.end)
        elif mk.heading and len(sents) == 1:
            # 1、宣传发动阶段（11月18日至11月23日） alone on its line: up to the next heading like it
            siblings = mk.parent.children if mk.parent else roots
            later = [c.start for c in siblings if c.start > mk.start and c.kind == mk.kind]
            _register(doc, mk.start, mk.end, later[0] if later else (mk.parent.end if mk.parent else len(t)))


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


def _register(doc: _Doc, a: int, b: int, end: int, limit: bool = False) -> None:
    """The scope ``[a, end)`` whose phrase is ``t[a:b]``, when that phrase states a date it may hand down."""
    t = doc.t
    dated = [
        x
        for x in parse_times(t[a:b], doc.base, a, doc.calendar)
        if x.kind == "deadline"
        and not _scheduled(t, x)
        and not _as_of(t, x)
        and not _of_cadence(t, x)
        and (not limit or _limit(t, x))
    ]
    if dated and b < end:
        doc.section_deadlines.append((a, end, dated[-1]))
