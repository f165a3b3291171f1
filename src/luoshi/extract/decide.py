"""A learned decision over the rules' candidates: which spans are required items.

The rules propose spans (the items they emit, the ones they set aside as not tasks, and the sentences
and list elements they left alone); a linear model over small, readable features of each span (its
marker and place in the outline and in the document, its first modal word, review words, its first
characters, what it does and the kind of part it sits in (``passages``: an addressee and an action, a
review, creed, hopes, reasons), the genre words of the title, and whether the rules chose it)
decides which candidates are items; only those are filled, by the same grammar and with the same
context as the rules' own items (``fill``). The weights are a JSON of feature → weight that
``bench/train_extract.py`` fits on the development documents alone, with the rules' verdict taken from
the engine of the time before each document was in the corpus; deciding is a sum of weights (no
numpy, no pickle). The weights ship in ``data/decide.json``; which decision ``extract`` uses is decided
in one place, ``engine.extract_items``. Measured in docs/extract.md ("A learned decision").
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from . import owners as own
from .classifier import _TERMS, STRONG, _sentences, _strip_marker
from .deadlines import IsWorkday
from .engine import _finalize, read_rules, rule_soft
from .fields import _Doc
from .items import _Extractor
from .model import Extraction, Item, NotTask
from .outline import Marker, walk
from .passages import part_kinds, span_cues, topic_list
from .picker import OwnerModel, apply, shipped
from .scopes import _MONTH_LINE, _TIME_HEAD
from .soft import soft_reason

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
    veto: str | None = None  # why the span is never an item, whatever the weights (``_veto``)


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
) -> tuple[_Doc, list[Marker], list[Candidate]]:
    """Every candidate span of ``text`` as an item, in the order written; nothing decided and no field
    filled yet (``fill``)."""
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
    doc.items.sort(key=lambda i: i.start)
    out = [Candidate(it, *source[it.start]) for it in doc.items]
    parents = {m.start for m in walk(roots) if m.children and m.heading}
    fields = sorted((te.start, a) for a, _, te in doc.section_deadlines)
    for c in out:
        c.veto = _veto(doc.t, c, parents, fields)
    return doc, roots, out


# a line that states a field of the items around it: 责任单位：…, 时间：…, 报送时间：…, 九月份
_FIELD_LINE = re.compile(rf"(?:{own.ATTR_LINE.pattern}|{_TIME_HEAD.pattern})")


def _veto(t: str, c: Candidate, parents: set[int], fields: list[tuple[int, int]]) -> str | None:
    """Why a candidate is no item whatever its weights: what a staff member relies on. A span the rules
    set aside or that reads as soft (hopes, transmittals: it stays under 不作为任务), the heading line
    of a part with numbered elements under it (its elements are the items), and a line that states a
    field of other items (an owner or time line, a month line, a section-wide limit) are fragments."""
    if c.soft:
        return "soft"
    if c.source in ("rule", "table"):
        return None
    a, b = c.item.start, c.item.end
    if a in parents:
        return "heading"
    bare = _strip_marker(t[a:b]).strip()
    if "\n" not in bare and (_FIELD_LINE.match(bare) or _MONTH_LINE.fullmatch(bare)):
        return "field"
    for i in range(bisect.bisect_left(fields, (a, -1)), len(fields)):
        if fields[i][0] >= b:
            break
        if fields[i][1] < a:  # a limit the span states for the items before it
            return "field"
    if soft_reason(t[a:b]):
        return "soft"
    return None


def fill(doc: _Doc, roots: list[Marker], items: list[Item]) -> Extraction:
    """The extraction of ``items`` (candidates of ``doc``) with their fields filled as the rules fill
    their own: section owners and dates, table columns, and the actor that opens a sentence for the
    parallel clauses after it (that clause is read too, kept or not)."""
    chosen = {id(it) for it in items}
    heads = [g[0] for g in doc.groups if id(g[0]) not in chosen and any(id(x) in chosen for x in g)]
    doc.items = [*items, *heads]
    result = _finalize(doc, roots, "learned", verdict=lambda d, i: None)
    result.items = [it for it in result.items if id(it) in chosen]
    return result


# whether the rules made the candidate an item (training puts in the verdict of the engine of the time)
VERDICT = {True: "rules:item", False: "rules:none"}
# modal words as written (no dev-tuned look-arounds): the first one a candidate holds, and where
_PLAIN_MODALS = (
    "必须",
    "务必",
    "确保",
    "应当",
    "力争",
    "严禁",
    "不得",
    "希望",
    "负责",
    "牵头",
    "要",
    "应",
    "须",
    "需",
    "请",
    "将",
)
# what a review says of work done
_REVIEW_WORDS = ("完成了", "已经", "以来", "目前", "去年", "今年以来", "累计", "共计")
# a date or limit written in the span (月底前, 6月30日, 年内), and a named body before a modal
# where a span may hold more than one sentence (classifier._sentences); without one it is one sentence
_BREAK = re.compile(f"[{_TERMS}\n]")
_TIME = re.compile(r"[\d一二三四五六七八九十]{1,2}月|年底|年内|月底|季度|上半年|下半年|前完成|之前|以前")
_BODY = re.compile(  # a body's suffix after a Chinese character (never a lead run: it backtracks)
    r"(?<=[\u4e00-\u9fff])(?:部|委|办|局|处|科|室|单位|部门|小组|组|院|校|系|中心|站|所|会)"
    r"(?:要|须|应|负责|牵头|配合|将)"
)


def features(doc: _Doc, roots: list[Marker], cands: list[Candidate], verdict: bool = True) -> list[list[str]]:
    """Readable binary features of each candidate's span (names are the model's vocabulary): its shape
    (marker, depth, place in the document and in its section, length, how many siblings and whether
    they are short topic names), its words (the first modal, review words, its first two characters,
    what it does: ``passages.span_cues``), the kind of part it sits in or titles, the genre words of the
    title and a speech's opening. General cues, not the span's own character pairs: those let the
    model learn the development documents by heart and carried less to unseen text. None
    reads the candidate's fields, so only the items kept are filled. Without ``verdict`` the model
    does not see whether the rules chose the span. A vetoed candidate has them too: the model learns
    from it what no item looks like."""
    t, n = doc.t, max(1, len(doc.t))
    head = "".join(t[:300].split("\n")[:4])
    genre = [f"g:{g}" for g in _GENRE if g in head]
    markers = {m.start: m for m in walk(roots)}
    place = {}  # a marker's place among its siblings, and whether it is the last
    for group in [*(m.children for m in walk(roots)), *_sequences(roots)]:
        for k, x in enumerate(group):
            place[id(x)] = (k, k == len(group) - 1)
    speech = "同志们" in t[:800] or "讲话" in head
    topics = {}  # whether a marker's sibling list is one of short topic names
    for group in [*(m.children for m in walk(roots)), *_sequences(roots)]:
        flag = topic_list([_title(t, x) for x in group])
        for x in group:
            topics[id(x)] = (len(group), flag)
    starts: dict[int, list[int]] = {}
    sections: dict[int, list[str]] = {}  # the features of the parts holding a span, by innermost part
    genres: dict[tuple[str, bool, str | None], list[str]] = {}
    out: list[list[str]] = []
    for c in cands:
        it = c.item
        s = t[it.start : it.end]
        bare = _strip_marker(s).lstrip("“ ")
        mk = markers.get(it.start)
        src = "src:table" if c.source == "table" else "src:marked" if mk else "src:free"
        f = [src, "bias", *span_cues(bare)]
        if speech:
            f.append("doc:speech")
        v = VERDICT[c.source in ("rule", "table") and not c.soft] if verdict else None
        if v:
            f += [v, f"{v}&{src}"]
        f.append(f"mk:{mk.kind}" if mk else "mk:none")
        ancestors = _ancestors(roots, it.start, starts)
        if mk:
            f.append(f"lvl:{min(mk.level, 4)}")
            f += [f"own:{k}" for k in part_kinds(_title(t, mk))]  # its own title: 深刻认识…, 主要精神
            if mk.heading:
                f.append("heading")
            k, last = place[id(mk)]
            f.append(f"sib:{min(k, 3)}")
            if last:
                f.append("sib:last")
            nsib, topical = topics[id(mk)]
            f.append(f"sibn:{min(nsib, 4)}")
            if topical:
                f.append("sibs:topic")
        f.append(f"depth:{min(len(ancestors) + bool(mk), 4)}")
        f.append(f"len:{min(int(math.log2(max(2, len(s)))), 9)}")
        f.append(f"pos:{min(4, 5 * it.start // n)}")
        if ancestors:
            p = ancestors[-1]
            f.append(f"secpos:{min(3, 4 * (it.start - p.start) // max(1, p.end - p.start))}")
        f.append(f"sents:{min(3, len(_sentences(t, it.start, it.end))) if _BREAK.search(s) else 1}")
        f += [f"w:{w}" for w in _WORDS if w in s]
        f += [f"rv:{w}" for w in _REVIEW_WORDS if w in s]
        first = min(((s.find(w), w) for w in _PLAIN_MODALS if w in s), default=None)
        if first:
            f.append(f"modal:{first[1]}")
            f.append(f"modalpos:{min(3, first[0] // 8)}")
            f.append(f"after:{s[first[0] + len(first[1]) : first[0] + len(first[1]) + 2]}")
        if STRONG.search(s):
            f.append("strong")
        if _TIME.search(s):
            f.append("time")
        if _BODY.search(s):
            f.append("body")
        if doc.report:
            f.append("report")
        if s.rstrip().endswith(("：", ":")):
            f.append("colon_end")
        f += [f"p1:{bare[:1]}", f"p2:{bare[:2]}"]
        before = t[max(0, it.start - 40) : it.start]
        f += [f"pre:{w}" for w in _CONTEXT if w in before]
        if ancestors:
            key = id(ancestors[-1])
            if key not in sections:
                sections[key] = _section_features(t, ancestors)
            f += sections[key]
        key2 = (src, bool(first), v)
        if key2 not in genres:
            genres[key2] = [
                *genre,
                *(f"{g}&{x}" for g in genre for x in (src, f"modal:{bool(first)}", v) if x),
            ]
        f += genres[key2]
        f.append(f"{src}&modal:{bool(first)}")
        out.append(list(dict.fromkeys(f)))  # each once, in a fixed order
    return out


def _section_features(t: str, ancestors: list[Marker]) -> list[str]:
    """What the parts holding a span say: context words near the innermost part's marker, the kind
    of part its title names (review, creed, hopes, … ``passages.part_kinds``) and the kinds the
    outer parts' titles name, section words of every part's title (the same for every span of the
    part)."""
    p = ancestors[-1]
    f = [f"par:{w}" for w in _CONTEXT if w in t[p.start : p.body + 40]]
    f += [f"part:{k}" for k in part_kinds(_title(t, p))]
    f += [f"apart:{k}" for a in ancestors[:-1] for k in part_kinds(_title(t, a))]
    for p in ancestors:
        title = t[p.body : min(p.end, p.body + 24)]
        f += [f"anc:{w}" for w in _SECTION if w in title]
    return list(dict.fromkeys(f))


def _title(t: str, m: Marker) -> str:
    """A marker's title: its text up to the end of its first sentence or line (30 characters at most)."""
    head = t[m.body : min(max(m.end, m.body), m.body + 30)]
    return re.split(r"[。；：:！？\n]", head, maxsplit=1)[0]


def _sequences(roots: list[Marker]) -> list[list[Marker]]:
    """The top-level markers grouped by the sequence they belong to, in the order written."""
    seqs: dict[int, list[Marker]] = {}
    for x in roots:
        seqs.setdefault(x.seq, []).append(x)
    return list(seqs.values())


def _ancestors(roots: list[Marker], pos: int, starts: dict[int, list[int]]) -> list[Marker]:
    """The markers whose part holds ``pos``, outermost first (``starts``: each sibling list's starts,
    filled as met)."""
    out, nodes = [], roots
    while nodes:
        key = id(nodes)
        if key not in starts:
            starts[key] = [x.start for x in nodes]
        i = bisect.bisect_right(starts[key], pos) - 1
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
        return sum(map(self.weights.get, feats, _ZEROS)) >= self.threshold


_ZEROS = itertools.repeat(0.0)  # the weight of a feature the model never saw


def decide_items(
    text: str, model: Model, base_date: dt.date | None = None, calendar: IsWorkday | None = None
) -> Extraction:
    """The rules' candidates decided by ``model``, the kept ones filled with the grammar's owners; a
    rule item it rejects becomes a not task, with the rules' reason when they gave one."""
    doc, roots, cands = candidates(text, base_date, calendar)
    keep, rejected = [], []
    for c, f in zip(cands, features(doc, roots, cands, model.verdict), strict=True):
        if c.veto is None and model.keeps(f):
            keep.append(c.item)
        elif c.source in ("rule", "table"):
            rejected.append(NotTask(c.item.text, c.item.start, c.item.end, c.soft or SET_ASIDE))
    result = fill(doc, roots, keep)
    result.not_tasks = rejected
    return result


def decide(
    text: str,
    model: Model,
    base_date: dt.date | None = None,
    calendar: IsWorkday | None = None,
    owners: OwnerModel | None = None,
) -> Extraction:
    """``decide_items`` with the owners picked by ``owners`` (default: the picker that ships)."""
    result = decide_items(text, model, base_date, calendar)
    picker = owners or shipped()
    if picker is not None:
        apply(text, result.items, picker)
    return result


SET_ASIDE = "按语料学得的判断，不像交办的任务"
WEIGHTS = Path(__file__).parent / "data" / "decide.json"


@functools.cache
def shipped_model() -> Model | None:
    """The weights that ship with the package (``bench/train_extract.py --write``), if any."""
    return Model.from_json(WEIGHTS) if WEIGHTS.exists() else None
