"""The extraction benchmark's scoring (docs/extract.md), held equal to the reference scorer by
tests/extract/test_scoring.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    owner_tp: int = 0
    owner_fp: int = 0
    owner_fn: int = 0
    deadline_n: int = 0
    deadline_ok: int = 0
    bad_offsets: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def owner_f1(self) -> float:
        d = 2 * self.owner_tp + self.owner_fp + self.owner_fn
        return 2 * self.owner_tp / d if d else 1.0

    @property
    def deadline_acc(self) -> float:
        return self.deadline_ok / self.deadline_n if self.deadline_n else 1.0

    def summary(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "owner_f1": round(self.owner_f1, 4),
            "deadline_acc": round(self.deadline_acc, 4),
            "deadline_n": self.deadline_n,
            "bad_offsets": self.bad_offsets,
        }


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs covering half of both spans, greedily by overlap/union, largest first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = _overlap(g, p)
            gl, pl = g[1] - g[0], p[1] - p[0]
            if ov and ov * 2 >= gl and ov * 2 >= pl:
                pairs.append((ov / (gl + pl - ov), gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _norm(s: str | None) -> str:
    return "".join((s or "").split())


def _deadline_key(d: dict | None) -> str | None:
    if not d:
        return None
    return "placeholder" if d.get("placeholder") else d.get("date")


def score(gold_doc: dict[str, Any], text: str, pred_doc: dict[str, Any]) -> Score:
    """Score a prediction (``Extraction.to_dict()``) against a gold annotation of ``text``."""
    gold = []
    for g in gold_doc["items"]:
        s = text.find(g["quote"])
        if s < 0:
            raise ValueError(f"gold quote not in text: {g['quote'][:30]}")
        gold.append((g, (s, s + len(g["quote"]))))
    pred = []
    sc = Score()
    for p in pred_doc.get("items", []):
        span = (int(p["start"]), int(p["end"]))
        if p.get("text") is not None and text[span[0] : span[1]] != p["text"]:
            sc.bad_offsets += 1
        pred.append((p, span))
    pairs = match([g[1] for g in gold], [p[1] for p in pred])
    soft = {pi for gi, pi in pairs if not gold[gi][0]["required"]}
    req = [(gi, pi) for gi, pi in pairs if gold[gi][0]["required"]]
    sc.tp = len(req)
    sc.fp = len(pred) - len(soft) - sc.tp
    sc.fn = sum(1 for g, _ in gold if g["required"]) - sc.tp
    for gi, pi in req:
        g, p = gold[gi][0], pred[pi][0]
        go = {_norm(o) for o in g.get("owners", [])}
        po = {_norm(o.get("mention") if isinstance(o, dict) else o) for o in p.get("owners") or []}
        sc.owner_tp += len(go & po)
        sc.owner_fp += len(po - go)
        sc.owner_fn += len(go - po)
        gk, pk = _deadline_key(g.get("deadline")), _deadline_key(p.get("deadline"))
        if gk or pk:
            sc.deadline_n += 1
            sc.deadline_ok += gk == pk
    return sc
