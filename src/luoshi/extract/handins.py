"""Dates an item takes from the sentences that hand in what it prepares: the limit of a sentence that
hands in a material the item names (总结材料要涵盖… under …形成总结材料，并于12月15日前报…), and of the
sentence right after the item that hands in its work (…制定…规划和措施。具体措施于11月20日前上报。), and of
a list element that hands in what the elements before it prepare (3.以上材料，请于5月20日前报送…)."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from .classifier import _sentences, sentences
from .deadlines import TimeExpr, parse_times
from .limits import hands_down
from .outline import Marker, walk

if TYPE_CHECKING:
    from .fields import _Doc


# 总结材料, 汇报材料, 自评报告: the material a notice asks to be handed in, named by what it holds
_MATERIAL = re.compile(r"[\u4e00-\u9fff]{2}(?:材料|报告)(?![\u4e00-\u9fff]*》)")  # not 《政府工作报告》
_HANDS_IN = re.compile(r"报送|上报|提交|报|交|送")
# 将汇报材料交…, 形成总结材料，并于…前报…: the material is what the sentence hands in (not 返回相关入党材料)
_TAKES = re.compile(r"(?:将|把|形成)[^。；]{0,20}$")


def same_material(doc: _Doc, start: int, end: int) -> TimeExpr | None:
    """The limit of the nearest sentence that hands in a material the item's sentence names."""
    if doc.materials is None:
        doc.materials = _materials(doc)
    opens = max(doc.t.rfind(c, 0, start) for c in "。！？\n") + 1
    said = doc.t[opens:end]
    near = [(abs(a - start), x) for a, name, x in doc.materials if name in said and not opens <= a < end]
    return min(near, key=lambda pair: pair[0])[1] if near else None


# a word of the thing handed in: two characters, none of them a function word
_WORD = re.compile(r"(?=([\u4e00-\u9fff]{2}))")
_FUNCTION = set("的地得和及与并将把于在后前请各等或之其此该以为对由向从要需须务")
_SENDS = re.compile(r"报送|上报|提交|报|交|送|发至|发到|发送|寄")
_GENERIC = {"工作", "情况", "有关", "相关", "单位", "部门", "要求", "及时", "进行", "开展", "落实", "本单"}


def handed_after(doc: _Doc, start: int, end: int) -> TimeExpr | None:
    """The limit of the sentence right after the item, in its paragraph, that hands in what the item
    prepares (…制定贯彻落实的规划和措施。贯彻落实的具体措施于11月20日前上报。): a word of the thing handed in
    is the item's."""
    t = doc.t
    stop = t.find("\n", end)
    stop = len(t) if stop < 0 else stop
    said_after = (s for s in sentences(t, end, stop) if len(t[s[0] : s[1]].strip(" 。；，\n")) > 1)
    for a, b in itertools.islice(said_after, 2):  # a line of many entries is read no further
        limits = [x for x in parse_times(t[a:b], doc.base, a, doc.calendar) if hands_down(t, x, limit=True)]
        if not limits:
            continue
        verb = _SENDS.search(t, limits[0].end, b)
        if len(limits) != 1 or not verb:
            return None
        thing = t[a : limits[0].start] + t[limits[0].end : verb.start()]
        words = {m.group(1) for m in _WORD.finditer(thing)} - _GENERIC
        said = t[start:end]
        if any(not (set(w) & _FUNCTION) and w in said for w in words):
            return limits[0]
        return None
    return None


def _materials(doc: _Doc) -> list[tuple[int, str, TimeExpr]]:
    """(where, material, limit) of each sentence that hands in a material by a limit (…前将汇报材料交…)."""
    t = doc.t
    out = []
    for a, b in _sentences(t, 0, len(t)):
        names = {
            m.group(0)
            for m in _MATERIAL.finditer(t, a, b)
            if _TAKES.search(t, a, m.start()) and _HANDS_IN.search(t, m.end(), b)
        }
        if not names:
            continue
        limits = [x for x in parse_times(t[a:b], doc.base, a, doc.calendar) if hands_down(t, x, limit=True)]
        if len(limits) == 1:
            out += [(a, name, limits[0]) for name in names]
    return out


# 3.以上材料，请于5月20日前报送…, 请于…前将上述表格交…: an element that hands in what the ones before
# it prepare
_BACK = re.compile(r"(?:以上|上述)(?:各项|所有)?(?:材料|资料|表格|报表|内容|名单)")
SENT = re.compile(r"报送|上报|提交|报至|交至|发送|发至|发到|交|报")


def handed_back(doc: _Doc, roots: list[Marker]) -> None:
    """A list element that hands in the materials of the elements before it (``以上材料``) by one limit
    dates those elements, as decision 385 of the labels has it."""
    t = doc.t
    for mk in walk(roots):
        back = _BACK.search(t, mk.body, mk.end)
        if mk.children or not back or back.start() - mk.body > 30:
            continue
        times = parse_times(t[mk.body : mk.end], doc.base, mk.body, doc.calendar)
        limits = [x for x in times if hands_down(t, x, limit=True)]
        if len(limits) != 1 or not SENT.search(t, limits[0].end, mk.end):
            continue
        first = next(m for m in (mk.parent.children if mk.parent else roots) if m.seq == mk.seq)
        if first.start < mk.start:
            limits[0].scope = "closing"
            doc.section_deadlines.append((first.start, mk.start, limits[0]))
