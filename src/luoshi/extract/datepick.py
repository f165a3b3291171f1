"""Deadline picker: which of the dates the grammar can place is an item's deadline, if any.

The date grammar (deadlines.py reads phrases, scopes.py hands a scope's date to the items it holds) was
written document by document, and its choice among the dates around an item — its own clause's, the
list's lead-in, the headings above it, a calendar's period line, a notice's time section, a table's time
column — does not carry to text it has not seen. So the grammar proposes every date it can place for an
item, and a linear model over general features of each (where the phrase stands relative to the item,
what kind of phrase it is, the words beside it, whether the item states a cadence or a start, whether
the other items of the scope state dates of their own) picks the best one, or none when no candidate's
weights reach the threshold: a date where the item has none costs as much as a missed one. The weights
are JSON written by ``bench/train_deadlines.py`` from the development split alone; choosing is a sum of
weights (no numpy, no pickle).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .deadlines import TimeExpr, parse_times
from .linear import Linear
from .model import Item
from .scopes import _as_of, _limit, _of_cadence, _scheduled, offered

if TYPE_CHECKING:
    from .fields import _Doc

# what kind of phrase: a limit (前, 底, 内, a range's end), a bare day or month, a period, a holiday
_KINDS = (
    ("before", re.compile(r"(?:前|以前|之前)$")),
    ("end", re.compile(r"[底末]")),
    ("range", re.compile(r"至|到|—|[-－~～]")),
    ("within", re.compile(r"内$")),
    ("half", re.compile(r"半年")),
    ("quarter", re.compile(r"季")),
    ("year", re.compile(r"全年|年内|年$")),
    ("xun", re.compile(r"[上中下]旬")),
    ("day", re.compile(r"[日号]")),
    ("month", re.compile(r"月份?$")),
    ("week", re.compile(r"周|星期")),
    ("workday", re.compile(r"工作日")),
    ("festival", re.compile(r"节|元旦|五一|七一|十一|国庆")),
)
# the word after the phrase: a limit, a start, an event, the action it dates
_NEXT = (
    "前",
    "起",
    "开始",
    "结束",
    "完成",
    "召开",
    "举行",
    "举办",
    "开展",
    "启动",
    "报送",
    "上报",
    "报",
    "提交",
    "交",
    "期间",
    "以后",
    "后",
    "止",
    "为",
    "内",
    "，",
    "。",
    "：",
    "\n",
    "）",
)
_PREV = "于在到至从自截止前为（，：\n"


@dataclass
class Option:
    """A date the grammar can place for an item, and where it comes from (``own``, ``row`` or the kind
    of scope that hands it down, ``TimeExpr.scope``)."""

    x: TimeExpr
    source: str
    feats: list[str]


def options(doc: _Doc, item: Item, times: list[TimeExpr]) -> list[Option]:
    """Every date the grammar can place for ``item`` (``times``: the phrases it states itself,
    fields.times_of), each with its features."""
    t = doc.t
    row = item.start in doc.table_rows
    # a phrase that schedules an event, states an as-of date or a cadence's day is no option (``_fits``)
    dated = [x for x in times if x.kind == "deadline" and (x.date or x.placeholder) and _fits(t, x)]
    opts = [Option(x, "row" if row else "own", []) for x in dated]
    if row and not opts:  # a row whose time column gives no date: its task cell may state one
        found = parse_times(t[item.start : item.end], doc.base, item.start, doc.calendar)
        opts += [Option(x, "own", []) for x in found if x.kind == "deadline" and x.date and _fits(t, x)]
    own = [o.x for o in opts]
    kinds = {x.kind for x in times}
    flags = [f"it:{k}" for k in sorted(kinds - {"deadline"})]
    flags += ["it:row"] if row else []
    flags += ["it:ownlimit"] if any(_limit(t, x) for x in own) else []
    # the date an item states itself wins over its scopes' (on the development split, always); a cadence
    # is no deadline, and the date of the part that holds it is not its own (每月5日前报送进展)
    scopes = offered(doc, item.start, item.end) if not own and "cadence" not in kinds else []
    opts += [Option(x, x.scope or "scope", [f"rank:{min(k, 2)}"]) for k, x in enumerate(scopes)]
    latest = max((x.date for x in own if x.date), default=None)
    for o in opts:
        o.feats = sorted(set(o.feats + flags + _features(doc, item, o, latest, len(own))))
    return opts


def _features(doc: _Doc, item: Item, o: Option, latest: object, n_own: int) -> list[str]:
    t, x = doc.t, o.x
    src = o.source
    f = ["bias", f"src:{src}"]
    kinds = [name for name, pattern in _KINDS if pattern.search(x.phrase)]
    f += [f"k:{k}" for k in kinds] + [f"{src}&k:{k}" for k in kinds]
    if x.placeholder:
        f.append("k:placeholder")
    if _limit(t, x):
        f += ["g:limit", f"{src}&g:limit"]
    nxt = next((w for w in _NEXT if t.startswith(w, x.end)), "other")
    f += [f"next:{nxt}", f"{src}&next:{nxt}"]
    prev = t[x.start - 1] if x.start and t[x.start - 1] in _PREV else "other"
    f.append(f"prev:{prev}")
    if x.date is not None:
        if x.date < doc.base:
            f.append("past")
        elif (x.date - doc.base).days > 400:
            f.append("far")
    if src in ("own", "row"):
        f.append(f"own:n{min(n_own, 3)}")
        if x.date is not None and x.date == latest:
            f.append("own:latest")
        f.append("own:head" if x.start - item.start < 12 else "own:body")
    else:
        gap = item.start - x.end
        f.append("gap:line" if "\n" not in t[max(x.end, 0) : max(item.start, x.end)].strip() else "gap:far")
        f.append("gap:near" if 0 <= gap < 80 else "gap:mid" if 0 <= gap < 600 else "gap:wide")
        f.append(f"sib:{_siblings(doc, item, x)}")
        f += [f"{src}&{c}" for c in f if c.startswith(("rank", "sib", "it:"))]
    return f


def _fits(t: str, x: TimeExpr) -> bool:
    """A phrase that may be a deadline: neither an event's schedule, an as-of date nor a cadence's day."""
    return not (_scheduled(t, x) or _as_of(t, x) or _of_cadence(t, x))


def _siblings(doc: _Doc, item: Item, x: TimeExpr) -> str:
    """Whether the other items under the scope that holds ``x`` state dates of their own."""
    lo = x.end
    hi = max((b for a, b, y in doc.section_deadlines if y is x), default=item.end)
    others = [it for it in doc.items if lo <= it.start < hi and it is not item]
    if not others:
        return "alone"
    dated = sum(1 for it in others if _states_date(doc, it))
    return "none" if not dated else "all" if dated == len(others) else "some"


def _states_date(doc: _Doc, it: Item) -> bool:
    key = (it.start, it.end)
    if key not in doc.stated:
        found = parse_times(doc.t[it.start : it.end], doc.base, it.start, doc.calendar)
        doc.stated[key] = any(y.kind == "deadline" and y.date and not _scheduled(doc.t, y) for y in found)
    return doc.stated[key]


@dataclass
class DeadlinePicker(Linear):
    """The best-scoring option is the deadline when it reaches the threshold."""

    def best(self, feats: list[list[str]]) -> int | None:
        """The index of the option chosen, None for no date."""
        scored = [(self.score(f), -i) for i, f in enumerate(feats)]
        if not scored:
            return None
        s, i = max(scored)
        return -i if s >= self.threshold else None

    def choose(self, opts: list[Option]) -> TimeExpr | None:
        k = self.best([o.feats for o in opts])
        return None if k is None else opts[k].x


WEIGHTS = Path(__file__).parent / "data" / "deadline_picker.json"


@functools.cache
def shipped() -> DeadlinePicker | None:
    """The weights that ship with the package, if any."""
    return DeadlinePicker.from_json(WEIGHTS) if WEIGHTS.exists() else None
