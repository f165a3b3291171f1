"""A learned decision over the rules' candidates: which spans are required items.

The rules propose spans (the items they emit, the ones they set aside as not tasks, and the sentences
and list elements they left alone); a linear model over small, readable features of each span
(``features``: its shape, its words, what it does and the kind of part it sits in, the genre words of
the title, and whether the rules chose it) decides which candidates are items; only those are filled,
by the same grammar and with the same context as the rules' own items (``fill``). The weights are a
JSON of feature → weight that ``bench/train_extract.py`` fits on the development documents alone,
with the rules' verdict taken from the engine of the time before each document was in the corpus;
deciding is a sum of weights (no numpy, no pickle). The weights ship in ``data/decide.json``; which
decision ``extract`` uses is decided in one place, ``engine.extract_items``. Measured in
docs/extract.md ("A learned decision").
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from . import owners as own
from .classifier import MODAL, _sentences, _strip_marker
from .cues import _ARRANGEMENT, _SPEC
from .deadlines import IsWorkday
from .engine import _finalize, read_rules, rule_soft
from .features import features
from .fields import _Doc
from .items import _Extractor
from .linear import Linear
from .model import Extraction, Item, NotTask
from .outline import Marker, walk
from .parts import part_reason
from .picker import OwnerModel, apply, shipped
from .scopes import _MONTH_LINE, _TIME_HEAD
from .soft import soft_reason


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
    arranged = _arranged(doc.t, roots)
    for c in out:
        c.veto = _veto(doc.t, c, parents, fields) or (
            "soft" if part_reason(doc.parts, c.item.start, c.item.end) else None
        )
        if (
            c.veto is None
            and c.source != "table"
            and _within(c.item, arranged)
            and not _ASKS.search(c.item.text)
        ):
            c.veto = "field"
    return doc, roots, out


# a line that states a field of the items around it: 责任单位：…, 时间：…, 报送时间：…, 九月份
_FIELD_LINE = re.compile(rf"(?:{own.ATTR_LINE.pattern}|{_TIME_HEAD.pattern})")


# (二)医疗机构自查整改和依法执业承诺情况, (五)…的意见和建议, 1、《党支部建设立项总结》格式: what a check,
# a report or an attachment covers, no task
_CONTENTS = re.compile(
    r"(?:[^，。；：\n]{4,}(?:情况|意见和建议|意见建议)|《[^》]+》[^，。；：\n]{0,6})[。；]?"
)
# a request inside a line that specifies (成绩报送方式：由…将…): the line asks someone
_ASKS = re.compile(rf"{MODAL.pattern}|请|须|需|应|由|要求")


def _arranged(t: str, roots: list[Marker]) -> list[tuple[int, int, int]]:
    """The parts of a notice's own arrangements (``二、参加对象``, ``三、会议地点``, ``参会人员：``): their
    start, end and the end of their title."""
    out = []
    for m in walk(roots):
        title = re.split(r"[。；：！？\n]", t[m.body : m.body + 30], maxsplit=1)[0].strip()
        if _ARRANGEMENT.fullmatch(title):
            out.append((m.start, m.end, m.body + len(title)))
    return out


def _within(it: Item, arranged: list[tuple[int, int, int]]) -> bool:
    """Whether the span says whom or where an arrangement concerns: inside such a part, beyond its title."""
    return any(a <= it.start and it.end <= b and (it.start > a or it.end > h + 1) for a, b, h in arranged)


def _names_contents(bare: str) -> bool:
    """A list element that names what a check, a report or an attachment covers (``…整改情况``,
    ``《…》格式``), asking no one."""
    return bool(_CONTENTS.fullmatch(bare)) and not _ASKS.search(bare)


def _veto(t: str, c: Candidate, parents: set[int], fields: list[tuple[int, int]]) -> str | None:
    """Why a candidate is no item whatever its weights: what a staff member relies on. A span the rules
    set aside or that reads as soft (hopes, transmittals: it stays under 不作为任务), the heading line
    of a part with numbered elements under it (its elements are the items), and a line that states a
    field of other items (an owner or time line, a month line, a section-wide limit) are fragments."""
    if c.soft:
        return "soft"
    a, b = c.item.start, c.item.end
    bare = _strip_marker(t[a:b]).strip()
    if c.source != "table" and bare != t[a:b].strip() and _names_contents(bare):
        return "contents"
    if c.source in ("rule", "table"):
        return None
    if a in parents:
        return "heading"
    if "\n" not in bare and _SPEC.match(bare) and not _ASKS.search(bare):
        return "field"
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


@dataclass
class Model(Linear):
    """Whether a candidate is an item."""

    verdict: bool = True  # the rules' own decision is one of the features

    def keeps(self, feats: list[str]) -> bool:
        return self.score(feats) >= self.threshold


def decide_items(
    text: str,
    model: Model,
    base_date: dt.date | None = None,
    calendar: IsWorkday | None = None,
) -> Extraction:
    """The rules' candidates decided by ``model``, the kept ones filled with the grammar's owners and
    deadlines; a rule item it rejects becomes a not task, with the rules' reason when they gave one."""
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
