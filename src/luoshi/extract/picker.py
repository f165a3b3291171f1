"""Owner picker: which actor phrases of an item are its owners.

The owner grammar (owners.py) was written on the development documents and misses most owners of text
it has not seen, mostly names written inside the very item it found. The picker weighs every candidate
(candidates.py: the actor phrases the item holds, the grammar's own mentions, the units its lead-in hands
it) by a linear model over small readable features (the phrase's neighbours, suffix, place in the item,
whether the grammar chose it) and keeps the ones whose weights sum to the threshold. The weights are JSON
written by ``bench/train_owners.py`` from the development split alone, with the grammar's verdict taken
from the engine of the time before each document was in the corpus (``bench/fresh_verdicts.py``);
deciding is a sum of weights (no numpy, no pickle).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from . import owners as own
from .candidates import _CUES, NEED, Phrase, Seen, _subject, grammar_keys, phrases
from .lexicon import AFTER_ACTOR, VERBS
from .linear import Linear
from .mentions import _MARKER, _MARKER_END, dedupe, lead_in
from .model import Item, Owner
from .normalize import normalize

_MODALS = {
    w: re.compile(NEED if w == "需" else w)
    for w in ("要", "必须", "务必", "应", "须", "需", "负责", "牵头", "配合", "确保", "将")
}
_ROLE = re.compile(r"牵头|负责|配合|协助|参与|会同|主办|承办")

_STATED_BEFORE = re.compile(r"(?:由|会同|协同|联合|配合|请)$")
# 原则同意区人防办提交的改造方案，要求…: the unit whose proposal a meeting approved carries it on
_PROPOSED = re.compile(r"(?:提出|提交|上报|报送|起草)的")


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
    return sum(t.count(c, 0, pos) for c in "，。；\n")


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


# what joins the units of a list the grammar reads unit by unit (a list longer than one actor's reach)
_LIST_JOIN = re.compile(r"\s*(?:、|，?以及|和|及|与)\s*")


def _lists(t: str, ph: list[Phrase]) -> list[tuple[int, int]]:
    """The stretches of the item that are lists of its actor phrases (A、B，以及C和D): each run of two or
    more phrases that only list joins part, from the first's start to the last's end."""
    spans = sorted({(x.start, x.end) for x in ph if x.start >= 0})
    out: list[tuple[int, int]] = []
    for a, b in spans:
        for i, (c, d) in enumerate(out):
            if c < a and d <= a and _LIST_JOIN.fullmatch(t, d, a):
                out[i] = (c, b)
                break
        else:
            if not any(c <= a < d for c, d in out):
                out.append((a, b))
    return [(a, b) for a, b in out if (a, b) not in spans]


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

    lists = _lists(t, ph)

    def subject(x: Phrase) -> bool:
        """The phrase is the clause's actor, or one unit of a list that is (A、B要…, A、B以及C等单位要…)."""
        spans = [(a, b) for a, b in wholes if a <= x.start < x.end <= b] if x.part else [(x.start, x.end)]
        spans += [(a, b) for a, b in lists if a <= x.start < x.end <= b]
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
            window = re.split(r"[，。；：\n]", t[b : b + 8])[0]
            f += [f"modal:{w}" for w, m in _MODALS.items() if m.search(window)]
            f.append(f"clause:{min(3, _clause_index(t, a))}")
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
        a name and its tail): an owner is one stretch of the text. A unit a heading or a colon hands
        down yields to an actor the item names itself (training and cross-validation choose so too)."""
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
        if any(ph[i].start >= 0 for i in out):
            out = [i for i in out if ph[i].kind not in ("heading", "colon")]
        return sorted(out)

    def keeps(self, feats: list[str]) -> bool:
        """A mention the grammar read outside the item (a table's unit column, a section's 责任单位
        line) or in a role stated in words (``由A牵头，B配合``) is kept as read: the picker judges the
        actors the grammar guessed at and the ones it missed; an addressee without owner never."""
        return "collective" not in feats and self.score(feats) >= self.threshold


def pick(
    src: str, start: int, end: int, owners: list[Owner], model: OwnerModel, seen: Seen | None = None
) -> list[Owner]:
    """The owners of the item ``src[start:end]``: the phrases ``model`` keeps, in the order written,
    as written in ``src``; a mention the grammar read keeps its role. ``seen``: the actors read in the
    document's other items (candidates.actor_ends)."""
    t = normalize(src[start:end])
    grammar = [o.mention for o in owners]
    ph = phrases(t, grammar, src[start:end], lead_in(src, start), seen)
    by_key = {k: o for o in owners for k, g in grammar_keys([o.mention]).items()}
    out = []
    tabled = [o.mention for o in owners if o.tabled]
    chosen = [ph[i] for i in model.choose(ph, features(t, ph, grammar, tabled))]
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
    seen: Seen = {}
    for it in items:
        it.owners = pick(src, it.start, it.end, it.owners, model, seen)
        lint = [x for x in it.lint if x != "no_owner"]
        it.lint = lint if it.owners else ["no_owner", *lint]
