"""The name an owner mention holds, as the grammar and the picker report it: what its clause wrote
around the name cut off, each name once; and the text before an item where the names it shares are
written (its lead-in)."""

from __future__ import annotations

import re

from .lexicon import AFTER_ACTOR, VERBS
from .model import Owner
from .normalize import normalize
from .owners import _ACTION, _ETC, _NAME_VERBS, ACTOR, ACTOR_SUFFIX_AT, WHEN, collective

_COMRADE = re.compile(r"^([\u4e00-\u9fff]{2,3})(?:等)?同志$")

# what a mention read too long carries before the name: who spoke (徐校长强调), a time (2022年, 3月4日,
# 寒假开始前) or a verb whose object the name is (安排体育教研室, 组织各班, 结合市局)
_BEFORE_NAME = re.compile(
    r"[^，。；]{0,12}?(?:强调|指出|提出|表示)，?|"
    rf"(?:{WHEN}|\d{{1,2}}月(?:\d{{1,2}}[日号])?|\d{{1,2}}[日号])(?:[上下]午)?(?:之?前|之?后|以[前后]|期间|起)?，?|"
    r"[^，。；]{0,4}?(?:开始|结束)(?:之?前|之?后|以后)，?|"
    rf"(?:并|由|请|如遇|如有|若遇|结合|{_ACTION}|组织(?=各|全体|有关|相关))"
)
# what a clause puts after the name: a note (按职责分工负责, a bracket that says more than a name)
_TAIL_NOTE = re.compile(r"[（(][^（）()]*[，,。；;][^（）()]*[）)]|按职责(?:分工)?负责$")
# the person a clause designates is its object, never its actor (并确定一名领导班子成员)
_DESIGNATED = re.compile(r"(?:确定|指定|委托|明确)[一两\d]+[名位个]")


# the verbs of a predicate, which never open a unit's name — 组织 and 协调 too, when no suffix follows
# (组织部 is a name, 各系组织参评支部 a clause)
_PREDICATE = (VERBS - _NAME_VERBS) | {"组织", "协调"}


def core(mention: str) -> str:
    """The name a mention holds, without what its clause wrote around it: a speaker, a time or a verb at
    its head, the clause's action after it (各单位通知本单位 → 各单位), a note, a doubled head noun
    (支部支部); "" for an addressee the guide leaves without owner and for a designated person."""
    m = _TAIL_NOTE.sub("", mention.strip())
    m = re.sub(r"([\u4e00-\u9fff]{2,4})\1$", r"\1", m)
    for _ in range(3):
        h = _BEFORE_NAME.match(m)
        if not (h and h.end() and len(m) - h.end() >= 2 and ACTOR.fullmatch(m, h.end())):
            break
        m = m[h.end() :]
    for e in range(2, len(m) - 1):  # the actor ends where the clause's own verb starts
        # a verb a suffix follows, or a name after it, is part of the name (宣传部, 综合办公室, 主管部门);
        # after a predicate's verb the name is its object (各系组织参评支部, …计生委协调本省份…部门)
        verb = m[e : e + 2]
        acts = verb in VERBS | AFTER_ACTOR and not ACTOR_SUFFIX_AT.match(m, e + 2)
        if acts and ACTOR.fullmatch(m, 0, e) and (verb in _PREDICATE or not ACTOR.fullmatch(m, e)):
            m = m[:e]
            break
    e_ = _ETC.search(m)
    m = m[: e_.start()] if e_ and ACTOR.fullmatch(m[: e_.start()]) else m
    return "" if collective(m) or _DESIGNATED.search(m) else m


def dedupe(owners: list[Owner]) -> list[Owner]:
    """Each mention once, as the name it holds (core), a person named as ``晏丽君同志`` by the name alone."""
    seen: dict[str, Owner] = {}
    for o in owners:
        o.mention = core(o.mention)
        name = _COMRADE.match(o.mention)
        if name and not collective(o.mention) and not name.group(1).startswith(("各", "全", "有关")):
            o.mention = name.group(1)
        key = "".join(o.mention.split())
        if key and key not in seen:
            seen[key] = o
    return list(seen.values())


# a list marker: （一）, 一、, 一是, 1.
_MARKER = re.compile(
    r"(?:（[一二三四五六七八九十\d]{1,3}）|[一二三四五六七八九十]{1,3}[、是]|\d{1,2}[.、．])"
)
_MARKER_END = re.compile(_MARKER.pattern + r"\s*$")


def lead_in(src: str, start: int) -> str:
    """The item's paragraph before it (会议要求，各单位要…；要…): where a subject it shares is named; after
    a newline before it, the line that governs the item's entry, when one does (二、物业服务中心⏎1、…)."""
    line = src.rfind("\n", 0, start) + 1
    para = src[max(line, start - _LEAD_IN_CHARS) : start]
    head = _governing(src, line)
    return f"{head}\n{para}" if head else para


_LEAD_IN_CHARS = 200
_HEAD_CHARS = 40
_HEAD_LINES = 12


# the longest marker is five characters (（十一）); normalising one more keeps its last one as in the line
_MARKER_CHARS = 6


def _kind(line: str) -> str:
    """The kind of list marker opening ``line`` (1. and 2. one kind, 一、 and （一） others), "" for none."""
    m = _MARKER.match(normalize(line[:_MARKER_CHARS]))
    return re.sub(r"\d+", "N", re.sub("[一二三四五六七八九十]+", "C", m.group(0))) if m else ""


def _governing(src: str, line: int) -> str:
    """The short line above the line at ``line`` that governs it: back over the entries of its own kind
    to a line of another marker (二、物业服务中心⏎1、…⏎2、…) or one a colon ends (各单位：⏎1.…⏎2.…);
    none across a paragraph of no entry."""
    kind = _kind(src[line:].lstrip())
    first = True
    for _ in range(_HEAD_LINES):
        if line == 0:
            break
        prev = src.rfind("\n", 0, line - 1) + 1
        text, line = src[prev : line - 1].strip(), prev
        if not text:
            continue
        k = _kind(text)
        if k and k != kind or not k and text.endswith(("：", ":")) and (kind or first):
            return text if len(text) <= _HEAD_CHARS else ""
        if not kind or k != kind:
            break
        first = False
    return ""
