"""A learned decision over the rules' candidates: which spans are required items.

An experiment measured by ``bench/train_extract.py`` and ``bench/extract.py --model`` (docs/extract.md):
the rules propose spans (the items they emit, the ones they set aside as not tasks, and the sentences
and list elements they left alone); every candidate's fields are filled by the same grammar; a linear
model over small, readable features decides which candidates are items. The weights are a JSON of
feature → weight trained on the development documents alone; deciding is a sum of weights (no numpy,
no pickle). No weights ship with the package: on the test split the learned decision raised item F1
but lowered owner F1, so ``extract`` keeps the rules' decision.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path

from .classifier import (
    MODAL,
    STRONG,
    _sentences,
    _strip_marker,
    actor_statement,
    is_directive,
    starts_imperative,
)
from .deadlines import IsWorkday
from .engine import _finalize, read_rules, rule_soft
from .fields import _Doc
from .items import _Extractor
from .model import Extraction, Item, NotTask
from .outline import Marker, walk
from .picker import OwnerModel, apply

_GENRE = (
    "讲话",
    "发言",
    "会议",
    "纪要",
    "常务",
    "方案",
    "计划",
    "要点",
    "通知",
    "通报",
    "督查",
    "分工",
    "意见",
    "批示",
    "报告",
    "总结",
    "强调",
    "学校",
)
_SECTION = (
    "目标",
    "要求",
    "原则",
    "思想",
    "情况",
    "成效",
    "问题",
    "做法",
    "任务",
    "措施",
    "步骤",
    "阶段",
    "保障",
)
_WORDS = (
    "要",
    "必须",
    "务必",
    "确保",
    "力争",
    "希望",
    "请",
    "应",
    "须",
    "需",
    "了",
    "已",
    "将",
    "是",
    "会议",
    "强调",
    "指出",
    "要求",
    "同意",
    "研究",
    "听取",
    "通过",
    "进行",
    "完成",
    "加强",
    "推进",
    "开展",
    "做好",
    "落实",
    "我们",
    "大家",
    "同志们",
    "贯彻",
    "学习",
    "坚持",
    "取得",
    "成绩",
    "存在",
    "不足",
    "负责",
    "牵头",
    "配合",
    "严禁",
    "不得",
    "亿",
    "%",
    "意义",
    "重要",
    "？",
    "：",
)


# the words just before a candidate, or in the heading above it, that say what the passage is
_CONTEXT = (
    "要求",
    "如下",
    "以下",
    "成绩",
    "取得",
    "问题",
    "不足",
    "希望",
    "强调",
    "指出",
    "会议",
    "措施",
    "任务",
    "：",
)


@dataclass
class Candidate:
    """A span the rules proposed, how they judged it, and the item with its fields filled."""

    item: Item
    source: str  # rule | table | leaf | sentence
    soft: str | None  # the rules' not-task reason, if they set the span aside


class _Spans:
    """Non-overlapping spans, sorted, with an overlap test."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect.bisect_right(self.starts, a) - 1
        if i >= 0 and self.ends[i] > a:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < b

    def add(self, a: int, b: int) -> None:
        i = bisect.bisect_right(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)


def candidates(
    text: str, base_date: dt.date | None = None, calendar: IsWorkday | None = None
) -> tuple[_Doc, list[Marker], Extraction, list[Candidate]]:
    """Every candidate span of ``text`` as an item with its fields (nothing decided yet)."""
    doc, roots = read_rules(text, base_date, calendar)
    doc.items.sort(key=lambda i: i.start)
    taken = _Spans()
    source: dict[int, tuple[str, str | None]] = {}
    kept = []
    for it in doc.items:
        if not taken.overlaps(it.start, it.end):
            taken.add(it.start, it.end)
            kept.append(it)
            source[it.start] = ("table" if it.start in doc.table_rows else "rule", rule_soft(doc, it))
    doc.items = kept
    ex = _Extractor(doc)

    def propose(a: int, b: int, kind: str) -> None:
        n = len(doc.items)
        if doc.in_noise(a) or not ex.emit(a, b):
            return
        it = doc.items[-1]
        if taken.overlaps(it.start, it.end):
            del doc.items[n:]
            return
        taken.add(it.start, it.end)
        source[it.start] = (kind, None)

    for m in walk(roots):
        if not m.children:
            propose(m.start, m.end, "leaf")
    for a, b in _sentences(doc.t, 0, len(doc.t)):
        propose(a, b, "sentence")
    result = _finalize(doc, roots, verdict=lambda d, i: None)
    return doc, roots, result, [Candidate(it, *source[it.start]) for it in result.items]


def features(doc: _Doc, roots: list[Marker], cands: list[Candidate], verdict: bool = True) -> list[list[str]]:
    """Readable binary features of each candidate (names are the model's vocabulary); without
    ``verdict`` the model does not see whether the rules chose the span, only its shape."""
    t, n = doc.t, max(1, len(doc.t))
    head = "".join(t[:300].split("\n")[:4])
    genre = [f"g:{g}" for g in _GENRE if g in head]
    markers = {m.start: m for m in walk(roots)}
    out = []
    for c in cands:
        it = c.item
        s = t[it.start : it.end]
        bare = _strip_marker(s).lstrip("“ ")
        mk = markers.get(it.start)
        if verdict:
            src = f"src:{c.source}"
        else:
            src = "src:table" if c.source == "table" else "src:marked" if mk else "src:free"
        f = [src, "bias"]
        if c.soft and verdict:
            f.append(f"soft:{c.soft}")
        f.append(f"mk:{mk.kind}" if mk else "mk:none")
        if mk:
            f.append(f"lvl:{min(mk.level, 4)}")
            if mk.heading:
                f.append("heading")
        f.append(f"depth:{min(len(it.outline_path), 4)}")
        f.append(f"len:{min(int(math.log2(max(2, len(s)))), 9)}")
        f.append(f"pos:{min(4, 5 * it.start // n)}")
        f.append(f"sents:{min(3, len(_sentences(t, it.start, it.end)))}")
        for w in _WORDS:
            if w in s:
                f.append(f"w:{w}")
        m = MODAL.search(s)
        if m:
            f.append(f"modal:{m.group(0)}")
            f.append(f"modalpos:{min(3, m.start() // 8)}")
            f.append(f"after:{s[m.end() : m.end() + 2]}")
        if STRONG.search(s):
            f.append("strong")
        head_s = s[:200]
        directs = is_directive(head_s, doc.base)
        for name, on in (
            ("dir", directs),
            ("imp", starts_imperative(head_s, doc.base)),
            ("actor", actor_statement(head_s)),
            ("owner", bool(it.owners)),
            ("deadline", bool(it.deadline)),
            ("cadence", bool(it.cadence and it.cadence != "once")),
            ("target", bool(it.targets)),
            ("vague", "vague" in it.lint),
            ("report", doc.report),
            ("colon_end", s.rstrip().endswith(("：", ":"))),
        ):
            if on:
                f.append(name)
        f += [f"p1:{bare[:1]}", f"p2:{bare[:2]}", f"p3:{bare[:3]}", f"e2:{s.rstrip('。；， ')[-2:]}"]
        f += [f"b:{bare[i : i + 2]}" for i in range(min(len(bare) - 1, 16))]
        before = t[max(0, it.start - 40) : it.start]
        f += [f"pre:{w}" for w in _CONTEXT if w in before]
        ancestors = _ancestors(roots, it.start)
        if ancestors:
            f += [f"par:{w}" for w in _CONTEXT if w in t[ancestors[-1].start : ancestors[-1].body + 40]]
        for p in ancestors:
            title = t[p.body : min(p.end, p.body + 24)]
            f += [f"anc:{w}" for w in _SECTION if w in title]
        f += genre
        f += [f"{g}&{src}" for g in genre]
        f += [f"{g}&dir:{directs}" for g in genre]
        f.append(f"{src}&dir:{directs}")
        out.append(sorted(set(f)))
    return out


def _ancestors(roots: list[Marker], pos: int) -> list[Marker]:
    out, nodes = [], roots
    while nodes:
        i = bisect.bisect_right([x.start for x in nodes], pos) - 1
        if i < 0 or not nodes[i].start <= pos < max(nodes[i].end, nodes[i].body):
            break
        if nodes[i].start < pos:
            out.append(nodes[i])
        nodes = nodes[i].children
    return out


@dataclass
class Model:
    """A linear model: a candidate is an item when its features' weights sum to ``threshold``."""

    weights: dict[str, float]
    threshold: float
    verdict: bool = True  # the rules' own decision is one of the features

    @classmethod
    def from_json(cls, path: str | Path) -> Model:
        """The weights ``bench/train_extract.py --write`` wrote (plain JSON, never a pickle)."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["weights"], data["threshold"], data.get("verdict", True))

    def keeps(self, feats: list[str]) -> bool:
        return sum(self.weights.get(x, 0.0) for x in feats) >= self.threshold


def decide(
    text: str,
    model: Model,
    base_date: dt.date | None = None,
    calendar: IsWorkday | None = None,
    owners: OwnerModel | None = None,
) -> Extraction:
    """The rules' candidates decided by ``model``; a rule item it rejects becomes a not task. With an
    owner picker every kept item's owners are the picker's; without one, a span the rules did not
    choose keeps no owner."""
    doc, roots, result, cands = candidates(text, base_date, calendar)
    keep = []
    for c, f in zip(cands, features(doc, roots, cands, model.verdict), strict=True):
        if model.keeps(f):
            if owners is not None:
                apply(text, [c.item], owners)
            elif c.source not in ("rule", "table") or c.soft:
                _drop_owners(c.item)
            keep.append(c.item)
        elif c.source in ("rule", "table"):
            result.not_tasks.append(NotTask(c.item.text, c.item.start, c.item.end, c.soft or SET_ASIDE))
    result.items = keep
    result.not_tasks.sort(key=lambda x: x.start)
    result.engine = "learned"
    return result


SET_ASIDE = "按语料学得的判断，不像交办的任务"


def _drop_owners(item: Item) -> None:
    """A span the rules did not choose keeps no owner read by the grammar: on the development
    documents those owners were wrong more often than right."""
    item.owners = []
    if "no_owner" not in item.lint:
        item.lint.insert(0, "no_owner")
