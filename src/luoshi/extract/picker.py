"""Owner picker: which actor phrases written inside an item are its owners.

The owner grammar (owners.py) was written on the development documents and misses most owners of text
it has not seen, mostly names written inside the very item it found. The picker proposes every actor
phrase an item holds (the longest actor opening a clause, after a list marker, after 请/由/会同/配合/要求, and
each unit of a list such as ``A、B和C``), the grammar's own mentions and the units the text before the
item hands it to (the subject of its lead-in, a heading or a colon above its entry), and a linear model over
small readable features (the phrase's neighbours, suffix, place in the item, whether the grammar chose it)
keeps the ones whose weights sum to the threshold. The weights are JSON written by
``bench/train_owners.py`` from the development split alone, with the grammar's verdict taken from the
engine of the time before each document was in the corpus (``bench/fresh_verdicts.py``); deciding is a
sum of weights (no numpy, no pickle).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from . import owners as own
from .lexicon import AFTER_ACTOR, VERBS
from .linear import Linear
from .mentions import _COMRADE, _MARKER, _MARKER_END, core, dedupe, lead_in
from .model import Item, Owner
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
_MODALS = ("要", "必须", "务必", "应", "须", "需", "负责", "牵头", "配合", "确保", "将")
_ROLE = re.compile(r"牵头|负责|配合|协助|参与|会同|主办|承办")
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
    """Where an actor may begin: after a boundary, a cue, a list marker or a time phrase."""
    out = {0}
    out.update(m.end() for m in _START.finditer(t))  # no two of these overlap in any text
    out.update(m.end() for m in _MARKER.finditer(t))
    return sorted(p for p in out if p < len(t))


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
_MODAL_AFTER = re.compile(r"[^，。；]{0,4}?(?:要|应|须|必须|务必|需(?!求)|负责|牵头)")


def _subject(t: str, a: int, b: int) -> bool:
    """``t[a:b]`` opens a clause (or is asked: 要求X…) and a modal or a verb of action follows it: the
    clause's actor, not an organisation its action names (指导X, 对X, 《X…》)."""
    opens = _SUBJECT_AT.search(t, 0, a) or any(t.endswith(c, 0, a) for c in _ASKS)
    acts = _MODAL_AFTER.match(t, b) or t[b : b + 2] in VERBS | AFTER_ACTOR | {"根据", "按照"}
    return bool(opens and acts)


def _subjects(before: str) -> list[Phrase]:
    """The subjects the lead-in ``before`` (as written) names, each with the stops before the item; the
    units its governing line or a colon that ends it name (各单位：, 要求各乡镇，), marked by their kind."""
    head, _, para = before.rpartition("\n")
    t = normalize(para)
    out: list[Phrase] = []
    for x in phrases(t, [], para):
        kind = "" if _subject(t, x.start, x.end) else _governs(t, x.start, x.end)
        if x.part or kind is None:
            continue
        back = sum(1 for c in t[x.end :] if c in "。；\n")
        names = own.split_actors(para[x.start : x.end]) if x.whole else [x.mention]
        out.extend(Phrase(mention_key(n), -1, -1, x.whole, False, back, kind) for n in names)
    h = normalize(head)
    kind = "heading" if _MARKER.match(h) else "colon"
    for x in phrases(h, [], head) if head else []:
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


def phrases(t: str, grammar: list[str], src: str | None = None, before: str = "") -> list[Phrase]:
    """Actor phrases of the normalised item text ``t`` and the grammar's mentions, each once; mentions
    as written in ``src`` (the item's source text, same length as ``t``); with ``before`` (the item's
    lead-in as written), the subjects named there too."""
    src = t if src is None else src
    found: dict[str, Phrase] = {}
    for p in _starts(t):
        # a verb of action or a modal opens no name (（一）成立机构, 必须依托网站), as in the grammar
        if (
            t[p] in own._NOT_FIRST
            and t[p] != "全"
            or _MARKER.match(t, p)
            or t[p : p + 2] in own._NOT_ACTOR_OPENER
        ):
            continue
        ends = [
            e
            for e in range(min(len(t), p + 24), p + 1, -1)
            if t[e - 1] in own._LAST_CHARS and own.ACTOR.fullmatch(t, p, e)
        ]
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
            for n in parts:
                i = t.find(n, p, e)
                k = mention_key(src[i : i + len(n)]) if i >= 0 else ""
                if k and k not in found:
                    found[k] = Phrase(k, i, i + len(n), True, False)
        if e := _people(t, p):
            key = mention_key(src[p:e])
            kind = "relative" if "的" in key else "people"
            found.setdefault(key, Phrase(key, p, e, False, False, kind=kind))
    for g in (core(g) for g in grammar):
        k = mention_key(g)
        if k and k not in found:
            i = src.find(g)
            i = t.find(g) if i < 0 else i
            found[k] = Phrase(k, i, i + len(g) if i >= 0 else -1, False, False)
    for x in _subjects(before) if before else []:
        found.setdefault(x.mention, x)
    return sorted(found.values(), key=lambda x: (x.start, -x.end))


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


def _people(t: str, p: int) -> int:
    """The end of the people or the relative phrase opening at ``p`` that a clause, a modal or a verb
    follows (0: none): the longest, with no modal in the relative and no verb or time before the people."""
    # 请学生…: the cue opens no name, the phrase after it does; after a verb (提醒学生, 督促…) the people
    # are its object
    if _START.match(t, p) or p and not _PEOPLE_AFTER.search(t, 0, p):
        return 0
    # 条件好、达标早的先进党组织: the list is one relative, its part none
    listed = t.endswith("、", 0, p) and not _MARKER_END.search(t, max(0, p - 6), p)
    m = None if listed else _RELATIVE.match(t, p)
    if m and not _MODAL_IN.search(m.group(0)):
        h = m.end()
        for e in range(min(len(t), h + 12), h, -1):
            head = _RELATIVE_HEAD.fullmatch(t, h, e) or own.ACTOR.fullmatch(t, h, e)
            if head and _ends_people(t, e) and not own.opens_word(t, e):
                return e
    m = _PEOPLE.match(t, p)
    # 审批通过后班级: a time or a step before the people is no part of them
    return m.end() if m and _ends_people(t, m.end()) and not _NOT_PEOPLE.search(m.group(0)) else 0


def _ends_people(t: str, e: int) -> bool:
    # 学生需及时联系…, 汉外单位代表请于…; not 学生需求, a noun
    return _ends_name(t, e) or t[e] in "需请按于" and not t.startswith("需求", e)


_STATED_BEFORE = re.compile(r"(?:由|会同|协同|联合|配合|请)$")
# 原则同意区人防办提交的改造方案，要求…: the unit whose proposal a meeting approved carries it on
_PROPOSED = re.compile(r"(?:提出|提交|上报|报送|起草)的")
_REPORTS = re.compile(r"(?:强调|指出|表示|要求)[，：]")


def _stated(t: str, a: int, b: int, attr: list[tuple[int, int]]) -> bool:
    """The role is stated in words: a ``牵头单位：`` label, ``X牵头/配合``, ``由X``, ``会同X``, ``请X``."""
    return (
        any(s <= a < e for s, e in attr)
        or bool(_ROLE.match(t, b))
        or bool(_STATED_BEFORE.search(t, max(0, a - 2), a))
        or t.endswith("同意", 0, a)
        and bool(_PROPOSED.match(t, b))
    )


def _clause_index(t: str, pos: int) -> int:
    return sum(1 for c in t[:pos] if c in "，。；\n")


# a verb that names a unit's work (督查室, 信息化局) or a conjunction (区科技和经信局) does not end a name
_OPENS_CLAUSE = tuple(c for c in _CUES if c not in "和及与")
_ACTS = VERBS - own._NAME_VERBS
_MODAL_BEFORE = re.compile(r"要(?!求)|应当?|必须|务必|须(?!经)")
_BRACKETS = re.compile(r"[（(][^（）()]*[）)]")
_TIME_BEFORE = re.compile(rf"(?:前|后|期间|以来|{own.WHEN}|\d{{1,2}}日)，?$")


def _after_cue(t: str, a: int) -> bool:
    """``t[a:]`` starts after a cue or a time phrase, not inside a word (改革局 of 发展和改革局)."""
    return any(t.endswith(c, 0, a) for c in _OPENS_CLAUSE) or bool(_TIME_BEFORE.search(t, 0, a))


def _loose(t: str, ph: list[Phrase], gram: set[str]) -> dict[int, list[int]]:
    """The grammar's mentions that run past a name (``各系组织参评支部``: a verb and its object;
    ``安排体育教研室``, ``学期末教务办``: a verb or a time before it), each with the phrase that is the
    names inside it: {index of the loose mention: indices of its cores}."""
    out: dict[int, list[int]] = {}
    for i, x in enumerate(ph):
        if x.mention not in gram or x.start < 0:
            continue
        for j, y in enumerate(ph):
            if j == i or y.start < x.start or y.end > x.end or (y.start, y.end) == (x.start, x.end):
                continue
            tail = y.end == x.end and y.start - x.start > 1 and _after_cue(t, y.start)  # not 后|勤
            head = y.start == x.start and _verb_at(t, y.end)
            if tail or head:
                out.setdefault(i, []).append(j)
    return out


def _verb_at(t: str, e: int) -> bool:
    """A verb of action opens at ``e``: not a verb naming a unit's work that a suffix ends (督查室)."""
    v = t[e : e + 2]
    return v in _ACTS or v in VERBS and not own.ACTOR_SUFFIX_AT.match(t, e + 2)


def features(t: str, ph: list[Phrase], grammar: list[str], tabled: Collection[str] = ()) -> list[list[str]]:
    """Readable binary features of each phrase (the model's vocabulary); ``tabled``: the grammar's
    mentions a table's unit cell names (stated by the table, wherever the cell lies)."""
    gram = set(grammar_keys(grammar))
    table = set(grammar_keys(list(tabled)))
    attr = [(m.start("val"), m.end("val")) for m in own.ATTR.finditer(t)]
    loose = _loose(t, ph, gram)
    cores = {j for js in loose.values() for j in js}
    # a list the grammar keeps as one name (各有关部门、单位: a part without a name of its own, 57)
    joined = [
        (x.start, x.end)
        for x in ph
        if x.start >= 0 and "、" in _BRACKETS.sub("", x.mention) and not x.whole and not x.part
    ]
    wholes = [(y.start, y.end) for y in ph if y.whole and y.start >= 0]

    def subject(x: Phrase) -> bool:
        """The phrase is the clause's actor, or one unit of a list that is (A、B要…)."""
        spans = [(a, b) for a, b in wholes if a <= x.start < x.end <= b] if x.part else [(x.start, x.end)]
        return any(_subject(t, a, b) for a, b in spans)

    out = []
    own_subject = any(x.start >= 0 or x.mention in gram for x in ph)
    for rank, x in enumerate(ph):
        m = x.mention
        if x.back >= 0:
            out.append(_lead_in_features(t, x, own_subject))
            continue
        f = ["bias", f"n:{min(4, len(ph))}", f"rank:{min(3, rank)}", f"len:{min(8, len(m) // 2)}"]
        f.append("g" if m in gram else "g:none" if not gram else "g:other")
        if m not in gram and any(m in g for g in gram):
            f.append("g:inside")
        if m not in gram and any(g in m for g in gram):
            f.append("g:holds")
        f += [f"kind:{x.kind}"] if x.kind else []
        f += ["part"] if x.part else []
        f += ["whole"] if x.whole else []
        f += [f"suf1:{m[-1]}", f"suf2:{m[-2:]}", f"pre1:{m[0]}"]
        if own.collective(m):
            f.append("collective")
        if own._NOT_AN_ACTOR.search(m):
            f.append("not_actor")
        if x.start < 0:
            f.append("outside")
        else:
            a, b = x.start, x.end
            prev = t[max(0, a - 2) : a]
            f.append("prev:bos" if a == 0 else f"prev1:{t[a - 1]}")
            if a and "\u4e00" <= t[a - 1] <= "\u9fff" and not any(t.endswith(c, 0, a) for c in _CUES):
                f.append("prev:word")  # starts inside a word: 改革局 of 区发展和改革局
            if prev in _CUES or prev[-1:] in ("请", "由"):
                f.append(f"prev2:{prev}")
            if _MARKER_END.search(t, max(0, a - 6), a):
                f.append("prev:marker")
            nxt = t[b : b + 2]
            f.append(f"next1:{t[b : b + 1] or 'eos'}")
            if nxt in VERBS:
                f.append("next:verb")
            if nxt in AFTER_ACTOR:
                f.append("next:adv")
            if _ROLE.match(t, b):
                f.append("next:role")
            # 用人单位需求: 需求 is a noun the name qualifies, no modal after an actor
            window = re.split(r"[，。；：\n]", t[b : b + 8])[0].replace("需求", "")
            for w in _MODALS:
                if w in window:
                    f.append(f"modal:{w}")
            k = _clause_index(t, a)
            f.append(f"clause:{min(3, k)}")
            # the object of the clause's action (A要指导B, 组织B开展…), not its actor
            if t[max(0, a - 2) : a] in _ACTS:
                f.append("prev:verb")
            if _MODAL_BEFORE.search(t, max(t.rfind(c, 0, a) for c in "，。；：\n") + 1, a):
                f.append("after_modal")
            if any(s <= a < e for s, e in attr):
                f.append("attr")
            if t.rfind("（", 0, a) > t.rfind("）", 0, a):
                f.append("paren")
            if t.count(m) > 1:
                f.append("repeated")
            if subject(x):
                f.append("subject")
        f += [f"{c}&g" for c in f if c.startswith(("prev", "next", "modal")) and m in gram]
        f += ["g:loose"] if rank in loose else ["g:core"] if rank in cores else []
        if (x.start, x.end) in joined:
            f.append("joined")
        elif any(a <= x.start < x.end <= b for a, b in joined):
            f.append("in_joined")
        # a mention the grammar read past the name is judged like its core, never kept as read
        said = x.start >= 0 and _stated(t, x.start, x.end, attr)
        if m in table or m in gram and rank not in loose and said:
            f.append("stated")
        out.append(sorted(set(f)))
    return out


_OPENS_WITHOUT_SUBJECT = re.compile(
    rf"\s*(?:{_MARKER.pattern})?\s*(?:同时|并|还|更|也|都)?(?:要|应|须|必须|务必|需)"
)


def _lead_in_features(t: str, x: Phrase, own_subject: bool) -> list[str]:
    """A subject of the lead-in: how far back it is named, and whether the item names one of its own."""
    # features of their own: a lead-in's subject and a unit handed down are weighed apart from the item's
    if x.kind:
        f = ["bias", f"gov:{x.kind}", f"gov:{x.kind}:pre1:{x.mention[0]}", f"gov:suf1:{x.mention[-1]}"]
        f += [f"gov:{x.kind}:alone"] if not own_subject else []
        f += ["gov:part"] if x.part else []
        return sorted(set(f + (["gov:collective"] if own.collective(x.mention) else [])))
    f = ["bias", "ctx", f"ctx:back{min(3, x.back)}", f"ctx:pre1:{x.mention[0]}"]
    f += ["ctx:alone"] if not own_subject else []
    f += ["ctx:modal"] if _OPENS_WITHOUT_SUBJECT.match(t) else []
    f += ["ctx:part"] if x.part else []
    if own.collective(x.mention) or own._NOT_AN_ACTOR.search(x.mention):
        f.append("ctx:collective")
    return sorted(set(f))


@dataclass
class OwnerModel(Linear):
    """A phrase is an owner when its features' weights reach the threshold."""

    def score(self, feats: list[str]) -> float:
        if "outside" in feats or "stated" in feats:
            return math.inf
        return super().score(feats)

    def choose(self, ph: list[Phrase], feats: list[list[str]]) -> list[int]:
        """The phrases kept, best first, none overlapping another kept one (a name and its parts,
        a name and its tail): an owner is one stretch of the text."""
        scored = sorted((-self.score(f), i) for i, f in enumerate(feats) if self.keeps(f))
        taken: list[tuple[int, int]] = []
        out = []
        for _, i in scored:
            a, b = ph[i].start, ph[i].end
            if a >= 0 and any(a < y and x < b for x, y in taken):
                continue
            if a >= 0:
                taken.append((a, b))
            out.append(i)
        return sorted(out)

    def keeps(self, feats: list[str]) -> bool:
        """A mention the grammar read outside the item (a table's unit column, a section's 责任单位
        line) or in a role stated in words (``由A牵头，B配合``) is kept as read: the picker judges the
        actors the grammar guessed at and the ones it missed; an addressee without owner never."""
        return "collective" not in feats and self.score(feats) >= self.threshold


def pick(src: str, start: int, end: int, owners: list[Owner], model: OwnerModel) -> list[Owner]:
    """The owners of the item ``src[start:end]``: the phrases ``model`` keeps, in the order written,
    as written in ``src``; a mention the grammar read keeps its role."""
    t = normalize(src[start:end])
    grammar = [o.mention for o in owners]
    ph = phrases(t, grammar, src[start:end], lead_in(src, start))
    by_key = {k: o for o in owners for k, g in grammar_keys([o.mention]).items()}
    out = []
    tabled = [o.mention for o in owners if o.tabled]
    chosen = [ph[i] for i in model.choose(ph, features(t, ph, grammar, tabled))]
    if any(x.start >= 0 for x in chosen):  # an item naming its own actor keeps it: none is handed down
        chosen = [x for x in chosen if x.kind not in ("heading", "colon")]
    for x in chosen:
        if x.mention in by_key:
            out.append(by_key[x.mention])  # as the name it holds (mentions.dedupe)
            continue
        co = x.start >= 0 and bool(
            re.search(r"(?:会同|协同|联合|配合)$", t[max(0, x.start - 2) : x.start])
            or t.startswith(("配合", "协助", "参与"), x.end)
        )
        out.append(Owner(x.mention, "co" if co else "lead"))
    return dedupe(out)


WEIGHTS = Path(__file__).parent / "data" / "owner_picker.json"


@functools.cache
def shipped() -> OwnerModel | None:
    """The weights that ship with the package, if any."""
    return OwnerModel.from_json(WEIGHTS) if WEIGHTS.exists() else None


def apply(src: str, items: list[Item], model: OwnerModel) -> None:
    """Replace each item's owners by the picker's, keeping the ``no_owner`` lint in step."""
    for it in items:
        it.owners = pick(src, it.start, it.end, it.owners, model)
        lint = [x for x in it.lint if x != "no_owner"]
        it.lint = lint if it.owners else ["no_owner", *lint]
