"""The parts of a candidate that holds several sentences, as candidates of their own, and the choice
between a candidate and its parts (``decide``).

A notice's numbered element often asks several things of several addressees (``（三）…学校安排有关人员值班。
值班人员应…；各部门也要…``), and the labelling rules make each of them an item; a work plan's element
is as often one task told in several sentences. The rules' span is the whole element, so no sentence of
it was ever a candidate. Each sentence (and each ``；``-clause) of a multi-sentence span is proposed
too, marked as a part; the learned decision weighs parts as it weighs any candidate, and ``resolve``
keeps the parts instead of their whole when the model keeps two of them, or one while it rejects the
whole: never both, so the items never overlap.
"""

from __future__ import annotations

from .classifier import _MIN_ITEM, _sentences, _trim

_SEP = "；"


def part_spans(t: str, a: int, b: int) -> list[tuple[int, int]]:
    """The sentences and ``；``-clauses of ``t[a:b]`` (trimmed, at least ``_MIN_ITEM`` long), or none
    when the span is one of them."""
    out = []
    for sa, sb in _sentences(t, a, b):
        lo, depth = sa, 0
        for i in range(sa, sb):
            c = t[i]
            if c in "（(“《":
                depth += 1
            elif c in "）)”》":
                depth = max(0, depth - 1)
            elif c == _SEP and depth == 0:
                out.append(_trim(t, lo, i + 1))
                lo = i + 1
        out.append(_trim(t, lo, sb))
    spans = [(x, y) for x, y in out if y - x >= _MIN_ITEM]
    return spans if len(spans) >= 2 else []


def part_features(k: int, n: int, whole: str) -> list[str]:
    """A part's place among its whole's parts, how many they are, and whether its whole is the rules'
    item (``whole``: the whole's source, ``rule`` or ``leaf``)."""
    f = ["piece", f"piece:{min(k, 2)}", f"pieces:{min(n, 4)}"]
    if k == n - 1:
        f.append("piece:last")
    f.append(f"piece:of-{whole}")
    return f


def resolve(parents: list[int | None], keep: list[bool]) -> list[int]:
    """The indices kept once each whole and its parts are settled: the kept parts replace their
    whole when there are two or more, or one and the whole is not kept; else the whole as decided."""
    parts: dict[int, list[int]] = {}
    for i, p in enumerate(parents):
        if p is not None and keep[i]:
            parts.setdefault(p, []).append(i)
    out = []
    for i, p in enumerate(parents):
        if p is None:
            got = parts.get(i, [])
            if len(got) >= 2 or got and not keep[i]:
                out += got
            elif keep[i]:
                out.append(i)
    return sorted(out)
