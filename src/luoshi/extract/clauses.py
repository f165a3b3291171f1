"""A later clause of a sentence that a different actor opens with its own modal
(``…要指导好…，驻村干部需下村督查…``): each actor's clause is a required item of its own."""

from __future__ import annotations

import re

from . import owners as own

# the modal a clause's actor opens with, after an adverb that links it to the clause before (也要, 还须)
# (所需, 所须: a need named, not a modal); an action follows the modal
_OPENING_MODAL = re.compile(
    r"(?:也|还|都|则|亦)?(?:必须|务必|(?<![所必])需要?|(?<![所必])须|应当?|要|负责)(?![求点])(?=..)"
)
_CLAUSE_END = re.compile(r"[，；。！？\n]")
_ACTOR_REACH = 24  # an actor phrase before its modal is short (各县市区人民政府及相关责任单位)


def clause_actors(clause: str) -> frozenset[str]:
    """The actors a clause opens with when a modal follows them (``驻村干部需…``), else none: a name
    after a verb (``要指导乡镇…``) is that verb's object, never the clause's actor."""
    for m in _OPENING_MODAL.finditer(clause, 0, min(len(clause), _ACTOR_REACH + 4)):
        if m.start() == 0:
            continue  # 要…, or the 应 of 应急管理局
        found = own.subject_owners(clause[: m.start()])
        if found:
            return frozenset(o.mention for o in found)
    return frozenset()


def second_actor(t: str, lo: int, c: int, hi: int) -> bool:
    """The clause at ``c`` of the sentence ``t[lo:hi]`` opens with an actor and its modal, and the
    sentence's first clause names a different actor before its own modal."""
    end = _CLAUSE_END.search(t, c, hi)
    later = clause_actors(t[c : end.start() if end else hi])
    if not later:
        return False
    first = frozenset[str]()
    for a in (lo, *[m.end() for m in _CLAUSE_END.finditer(t, lo, c)]):
        if a >= c:
            break
        stop = _CLAUSE_END.search(t, a, c)
        first = clause_actors(t[a : stop.start() if stop else c])
        if first:
            break
    return bool(first) and first != later
