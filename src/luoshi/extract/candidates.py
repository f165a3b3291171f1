"""The owner picker's candidates: the actor phrases an item holds and the units its lead-in hands it.

Every actor phrase an item holds (the longest actor opening a clause, after a list marker, after
请/由/会同/配合/要求, and each unit of a list such as ``A、B和C``), the people a clause picks out by what they
are, the grammar's own mentions and the units the text before the item hands it to (the subject of its
lead-in, a heading or a colon above its entry); the picker (picker.py) weighs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import owners as own
from .lexicon import AFTER_ACTOR, VERBS
from .mentions import _BEFORE_NAME, _COMRADE, _MARKER, _MARKER_END, core
from .normalize import normalize

_CUES = (
    "须经",  # 须经学校法务办审核: the unit whose review the clause requires
    "需经",
    "请",
    "望",
    "由",
    "会同",
    "协同",
    "联合",
    "配合",
    "要求",
    "安排",
    "委托",
    "督促",
    "责成",
    "提醒",
    "强调",
    "和",
    "及",
    "与",
)
# a time phrase before the actor: ``8月7日前金元村…``, ``寒假开始前总务处要…``
_AFTER_TIME = rf"(?:前|后|期间|以来|{own.WHEN}，?)(?=[\u4e00-\u9fff])"
_START = re.compile(rf"[，。；：、\n（〔【 \t]|{'|'.join(_CUES)}|{_AFTER_TIME}")
_PUNCT = "，。；：、）\n"


@dataclass
class Phrase:
    """An actor phrase of an item: the mention as compared (spaces removed) and where it is written."""

    mention: str
    start: int  # offset in the item's text, -1 when the grammar read it outside the item
    end: int
    part: bool  # one unit of a longer list phrase
    whole: bool  # a list phrase that splits into several units
    back: int = -1  # the subject of a clause before the item, so many stops back (-1: in the item)
    kind: str = ""  # people, relative: never a name to the grammar (_people); heading, colon: (_subjects)


def _starts(t: str) -> list[int]:
    """Where an actor may begin: after a boundary, a cue, a list marker or a time phrase; where what
    opens there is a time, a speaker or a verb before a name (3月4日组织各班, 结合市局), after it instead;
    never at a conjunction (与兄弟学校进行…: a partner, named after its cue)."""
    out = {0}
    out.update(m.end() for m in _START.finditer(t))  # no two of these overlap in any text
    out.update(m.end() for m in _MARKER.finditer(t))
    for p in sorted(out):
        q = p
        while (h := _BEFORE_NAME.match(t, q)) and h.end() > q and _names_at(t, h.end()):
            q = h.end()
        if q != p:
            out.discard(p)
            out.add(q)
    return sorted(p for p in out if p < len(t) and not _CONJUNCTION.match(t, p))


_CONJUNCTION = re.compile(r"[与和及跟](?!会)")


def _names_at(t: str, p: int) -> bool:
    """A name opens at ``p``, more than a bare head noun (加强领导 names no one)."""
    m = own.ACTOR.match(t, p)
    return m is not None and not own.ACTOR_SUFFIX_AT.fullmatch(m.group(0))


def _ends_name(t: str, e: int) -> bool:
    return (
        e == len(t)
        or t[e] in _PUNCT
        or t[e] in "要必应须将"
        or t[e : e + 2] in VERBS
        or t[e : e + 2] in AFTER_ACTOR
    )


def mention_key(s: str) -> str:
    """A mention as compared and reported: spaces and owner brackets removed, a person without ``同志``."""
    s = "".join(s.split()).strip("〔〕【】")
    m = _COMRADE.match(s)
    return m.group(1) if m and not own.collective(s) and not s.startswith(("各", "全", "有关")) else s


def grammar_keys(grammar: list[str]) -> dict[str, str]:
    """The grammar's mentions by the key of the name each holds (mentions.core): a time, a verb or a clause
    tail read with a name is judged as the name alone; an addressee without owner is no mention."""
    return {mention_key(c): g for g in grammar if (c := core(g))}


# a subject: an actor opening a clause, a modal or a verb of action after it
_SUBJECT_AT = re.compile(r"(?:^|(?<=[，。；：、\n]))\s*$")
_ASKS = ("请", "要求", "责成", "由")  # 会议要求各单位…: the one asked is the subject
# 需 as a modal: 需求 after a name is a noun the name qualifies (用人单位需求), no modal after an actor
NEED = r"需(?!求)"
_NEED_AT = re.compile(NEED)
_MODAL_AFTER = re.compile(rf"[^，。；]{{0,4}}?(?:要|应|须|必须|务必|{NEED}|负责|牵头)")


def _subject(t: str, a: int, b: int) -> bool:
    """``t[a:b]`` opens a clause (or is asked: 要求X…) and a modal or a verb of action follows it: the
    clause's actor, not an organisation its action names (指导X, 对X, 《X…》)."""
    opens = _SUBJECT_AT.search(t, 0, a) or any(t.endswith(c, 0, a) for c in _ASKS)
    acts = _MODAL_AFTER.match(t, b) or t[b : b + 2] in VERBS | AFTER_ACTOR | {"根据", "按照"}
    return bool(opens and acts)


def _subjects(before: str, seen: Seen) -> list[Phrase]:
    """The subjects the lead-in ``before`` (as written) names, each with the stops before the item; the
    units its governing line or a colon that ends it name (各单位：, 要求各乡镇，), marked by their kind."""
    head, _, para = before.rpartition("\n")
    t = normalize(para)
    out: list[Phrase] = []
    for x in phrases(t, [], para, seen=seen):
        kind = "" if _subject(t, x.start, x.end) else _governs(t, x.start, x.end)
        if x.part or kind is None:
            continue
        back = sum(t.count(c, x.end) for c in "。；\n")
        names = own.split_actors(para[x.start : x.end]) if x.whole else [x.mention]
        out.extend(Phrase(mention_key(n), -1, -1, x.whole, False, back, kind) for n in names)
    h = normalize(head)
    kind = "heading" if _MARKER.match(h) else "colon"
    for x in phrases(h, [], head, seen=seen) if head else []:
        if not x.whole and _HEAD_OPEN.fullmatch(h, 0, x.start) and _HEADS.fullmatch(h, x.end):
            out.append(Phrase(_SCORE.sub("", x.mention), -1, -1, x.part, False, 0, kind))
    return out


# the units a colon hands the item to (各县要：), a comma after the one asked (要求全体镇村干部，一要…), a
# heading that is a unit's name and its part (县示范区管委会牵头工作（8项）, 镇乡工作职责), its score after it
_MODAL_COLON = r"(?:要|应当?|须|必须|务必|需|负责)?："
_COLON_END = re.compile(rf"{_MODAL_COLON}\s*")
_HEADS = re.compile(
    rf"(?:{_MODAL_COLON}|(?:牵头|负责|承担)?(?:工作)?(?:职责|任务)?(?:（[^（）]*）)?[：。]?)\s*"
)
_ASKED_END = re.compile(r"[，：]\s*")
_HEAD_OPEN = re.compile(rf"(?:{_MARKER.pattern})?\s*")
_SCORE = re.compile(r"[（(][^（）()]*\d[^（）()]*[）)]$")


def _governs(t: str, a: int, b: int) -> str | None:
    """The kind of a unit of the lead-in ``t`` that no clause makes its subject but that governs the item:
    "heading" when it names the entry the item is in (2.轮值单位。①…), "colon" when a colon ends the
    lead-in after it or a comma after it asked (要求X，), None when neither."""
    if _MARKER_END.fullmatch(t, 0, a) and t[b : b + 1] in ("。", "："):
        return "heading"
    asked = any(t.endswith(c, 0, a) for c in _ASKS)
    if _COLON_END.fullmatch(t, b) or asked and _ASKED_END.fullmatch(t, b):
        return "colon"
    return None


# the ends of the actors a run of text opens, by the character before it and the run (actor_ends)
Seen = dict[tuple[str, str], list[int]]


def actor_ends(t: str, p: int, seen: Seen) -> list[int]:
    """The ends of the actors opening at ``p``, longest first. An actor reads no more of the text than
    the character before it (a lookbehind) and its own, so a run is read once in ``seen``: the lead-ins
    of a paragraph's items share most of their text."""
    left, run = t[p - 1 : p], t[p : own.actor_reach(t, p, 24)]
    if (left, run) not in seen:
        s, a = left + run, len(left)
        ends = range(len(s), a + 1, -1)
        seen[left, run] = [
            e - a for e in ends if s[e - 1] in own._LAST_CHARS and own.ACTOR.fullmatch(s, a, e)
        ]
    return [p + e for e in seen[left, run]]


def phrases(
    t: str, grammar: list[str], src: str | None = None, before: str = "", seen: Seen | None = None
) -> list[Phrase]:
    """Actor phrases of the normalised item text ``t`` and the grammar's mentions, each once; mentions
    as written in ``src`` (the item's source text, same length as ``t``); with ``before`` (the item's
    lead-in as written), the subjects named there too. ``seen`` keeps the actors read across the items
    of a document."""
    src = t if src is None else src
    seen = {} if seen is None else seen
    found: dict[str, Phrase] = {}
    joined: list[tuple[int, int]] = []
    for p in _starts(t):
        # a verb of action or a modal opens no name (（一）成立机构, 必须依托网站), as in the grammar
        if (
            t[p] in own._NOT_FIRST
            and t[p] != "全"
            or _MARKER.match(t, p)
            or t[p : p + 2] in own._NOT_ACTOR_OPENER
        ):
            continue
        ends = actor_ends(t, p, seen)
        # the longest actor, and a shorter one where a clause, a modal or a verb follows it
        # (各级各部门思想认识…要: the suffix 站 of 政治站位 makes a longer false name); when the longest
        # would end inside a word (市委决策部|署) the text there is a noun phrase, and only a name that a
        # clause, a modal or a verb follows stands (省委、市委决策部署 holds no 市委)
        longest = ends[:1] if ends and not own.opens_word(t, ends[0]) else []
        for e in longest + [e for e in ends[1:] if _ends_name(t, e) and not own.opens_word(t, e)]:
            if _REPORTS.match(t, e):  # 市政府秘书长某某同志要求，…: who speaks, not who acts
                continue
            parts = own.split_actors(t[p:e])
            key = mention_key(src[p:e])
            if key not in found:
                found[key] = Phrase(key, p, e, False, len(parts) > 1 or parts != [t[p:e]])
            if parts == [t[p:e]] and "、" in _IN_BRACKETS.sub("", parts[0]):
                joined.append((p, e))
            for n in parts:
                i = t.find(n, p, e)
                k = mention_key(src[i : i + len(n)]) if i >= 0 else ""
                if k and k not in found:
                    found[k] = Phrase(k, i, i + len(n), True, False)
        if e := _people(t, p):
            key = mention_key(src[p:e])
            kind = "relative" if "的" in key else "people"
            found.setdefault(key, Phrase(key, p, e, False, False, kind=kind))
    # a list the grammar reads as one mention (各有关部门、单位, 学生、后勤、保卫部门): its pieces are none
    found = {k: x for k, x in found.items() if not any(_within(x, a, b) for a, b in joined)}
    for g in (core(g) for g in grammar):
        k = mention_key(g)
        if k and k not in found:
            i = src.find(g)
            i = t.find(g) if i < 0 else i
            found[k] = Phrase(k, i, i + len(g) if i >= 0 else -1, False, False)
    for x in _subjects(before, seen) if before else []:
        found.setdefault(x.mention, x)
    return sorted(found.values(), key=lambda x: (x.start, -x.end))


_IN_BRACKETS = re.compile(r"[（(][^（）()]*[）)]")


def _within(x: Phrase, a: int, b: int) -> bool:
    """``x`` lies inside ``[a, b)`` and is not all of it."""
    return a <= x.start and x.end <= b and (x.start, x.end) != (a, b)


# the people a clause picks out by what they are (学生, 欠费学生, 汉外单位代表) or by a relative clause
# (存在消防安全隐患的单位, 参加旁听的党员, 排名落后的地方): owners as written (LABELLING 85, 201), whose
# the grammar never reads as names
_PEOPLE_HEAD = r"(?:学生|同学|家长|师生员工|师生|志愿者|代表|村民|居民|村（居）民|班级)"
_PEOPLE = re.compile(rf"[\u4e00-\u9fff]{{0,6}}?{_PEOPLE_HEAD}")
_RELATIVE = re.compile(r"(?:[\u4e00-\u9fff“”]|（[^（）]{1,6}）){2,14}?的")
_RELATIVE_HEAD = re.compile(rf"{_PEOPLE.pattern}|党员|村庄|地方|村")
_MODAL_IN = re.compile(r"要|须|应|必须|务必")
_NOT_PEOPLE = re.compile(rf"{own._VERB_ANYWHERE.pattern}|[前后]")
_PEOPLE_AFTER = re.compile(
    rf"(?:[，。；：、\n（ \t]|请|要求|由|{_MARKER.pattern}|前|后|期间|以来|{own.WHEN}，?)$"
)
_PEOPLE_AFTER_CHARS = 7  # its longest cue (2024年度，): read back no further than that


def _people(t: str, p: int) -> int:
    """The end of the people or the relative phrase opening at ``p`` that a clause, a modal or a verb
    follows (0: none): the longest, with no modal in the relative and no verb or time before the people."""
    # 请学生…: the cue opens no name, the phrase after it does; after a verb (提醒学生, 督促…) the people
    # are its object
    if _START.match(t, p) or p and not _PEOPLE_AFTER.search(t, max(0, p - _PEOPLE_AFTER_CHARS), p):
        return 0
    # 条件好、达标早的先进党组织: the list is one relative, its part none
    listed = t.endswith("、", 0, p) and not _MARKER_END.search(t, max(0, p - 6), p)
    m = None if listed else _RELATIVE.match(t, p)
    if m and not _MODAL_IN.search(m.group(0)):
        h = m.end()
        for e in range(own.actor_reach(t, h, 12), h, -1):
            if (
                _ends_people(t, e)
                and not own.opens_word(t, e)
                and (_RELATIVE_HEAD.fullmatch(t, h, e) or own.ACTOR.fullmatch(t, h, e))
            ):
                return e
    m = _PEOPLE.match(t, p)
    # 审批通过后班级: a time or a step before the people is no part of them
    return m.end() if m and _ends_people(t, m.end()) and not _NOT_PEOPLE.search(m.group(0)) else 0


def _ends_people(t: str, e: int) -> bool:
    # 学生需及时联系…, 汉外单位代表请于…; not 学生需求, a noun
    return _ends_name(t, e) or t[e] in "请按于" or bool(_NEED_AT.match(t, e))


_REPORTS = re.compile(r"(?:强调|指出|表示|要求)[，：]")
