"""The rule engine: outline, items by the labelling rules (docs/extract.md), owners, deadlines, targets, lint.

Everything runs on a same-length normalised copy of the text, so offsets are source offsets.
``extract_items`` is the one place that decides which decision picks the items.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable

from . import owners as own
from .classifier import _trim
from .deadlines import IsWorkday, document_date
from .errors import ExtractError
from .fields import _Doc, _fill, _source_mentions
from .items import _Extractor
from .model import ENGINES, Extraction, Item, NotTask, OutlineNode
from .noise import inside
from .outline import Marker, build_tree, find_markers, walk
from .parts import part_reason, soft_parts
from .scopes import outline_scopes, period_deadlines
from .soft import soft_reason
from .tables import Row, find_tables


def _prepare(
    text: str, base_date: dt.date | None, calendar: IsWorkday | None
) -> tuple[_Doc, list[Row], list[Marker]]:
    base = base_date or document_date(text) or dt.date.today()  # noqa: DTZ011 (no Django here: the machine's date)
    doc = _Doc(text, base, calendar)
    rows, table_spans = find_tables(doc.t)
    noise = inside(doc.noise)  # a catalogue printed as a table above the document holds no task
    rows = [r for r in rows if not any(noise(a) for a, _ in r.content)]
    doc.noise += table_spans
    roots = build_tree(doc.t, find_markers(doc.t, doc.noise), own.ATTR_LINE)
    doc.parts = soft_parts(doc.t, roots)
    return doc, rows, roots


def rule_soft(doc: _Doc, it: Item) -> str | None:
    """The rules' reason why an emitted span is no task (a table row is always one): the part of the
    speech it sits in, or its own words."""
    if it.start in doc.table_rows:
        return None
    return part_reason(doc.parts, it.start, it.end) or soft_reason(doc.t[it.start : it.end])


def _finalize(
    doc: _Doc,
    roots: list[Marker],
    engine: str = "rules",
    verdict: Callable[[_Doc, Item], str | None] = rule_soft,
) -> Extraction:
    """Fields of the items ``verdict`` keeps (None); a reason moves an item to ``not_tasks``."""
    doc.items.sort(key=lambda i: i.start)
    items: list[Item] = []
    not_tasks: list[NotTask] = []
    for it in doc.items:
        if items and it.start < items[-1].end:
            continue
        reason = verdict(doc, it)
        if reason:
            not_tasks.append(NotTask(it.text, it.start, it.end, reason))
        else:
            items.append(it)
    outline_scopes(doc, roots)
    period_deadlines(doc, roots)
    for it in items:
        _fill(doc, it, roots)
    # 各级党委要…，对表现突出的干部要…: the actor opening the sentence acts in every clause of it;
    # never one named inside a later clause (…；要…，各相关部门要…；要…) nor borrowed from a later
    # one (作业要适量；语文组要…)
    for group in doc.groups:
        owners = _opening(doc, group[0])
        for g in group[1:]:
            if not g.owners and owners:
                g.owners = [own.Owner(o.mention, o.role) for o in owners]
                g.lint = [x for x in g.lint if x != "no_owner"]
    for it in items:
        _source_mentions(doc, it)
    outline = [
        OutlineNode(
            m.level,
            doc.src[m.start : m.start + len(m.text)],
            _title(doc, m),
            m.start,
            _trim(doc.t, m.start, m.end)[1],
        )
        for m in walk(roots)
    ]
    return Extraction(
        chars=len(doc.src),
        base_date=doc.base,
        outline=outline,
        items=items,
        engine=engine,
        not_tasks=not_tasks,
    )


# a modal of a clause before the actor (一是要重学习，各支部要…): that clause already directs without it
_EARLIER_MODAL = re.compile(r"(?<![主重需])要(?!求)|必须|务必|应当")


def _opening(doc: _Doc, first: Item) -> list[own.Owner]:
    """The owners of a sentence's first clause, unless a modal clause precedes them: ``一是要重学习，
    各支部要…；二是要…`` names 各支部 for its own clause only."""
    t = doc.t[first.start : first.end]
    return [o for o in first.owners if not _EARLIER_MODAL.search(t, 0, max(0, t.find(o.mention)))]


def read_rules(
    text: str, base_date: dt.date | None = None, calendar: IsWorkday | None = None
) -> tuple[_Doc, list[Marker]]:
    """The spans the rules emit (``doc.items``, fields not yet filled) and the outline."""
    doc, rows, roots = _prepare(text, base_date, calendar)
    ex = _Extractor(doc)
    ex.region(0, len(text), roots)
    for row in rows:
        for a, b in row.content:
            if ex.emit(a, b, least=4):  # a task column's cell is a task, short as it is (转专业咨询, 订教材)
                doc.table_rows[doc.items[-1].start] = row
    return doc, roots


def extract_rules(
    text: str, base_date: dt.date | None = None, calendar: IsWorkday | None = None
) -> Extraction:
    """The rule engine. ``text`` is already normalised (see ``read_document``)."""
    return _finalize(*read_rules(text, base_date, calendar))


def extract_items(
    text: str,
    base_date: dt.date | None = None,
    calendar: IsWorkday | None = None,
    engine: str | None = None,
) -> Extraction:
    """Items of ``text`` with the grammar's owners, by the decision asked for — the one place that decides.

    ``engine`` (``extract(engine=…)``, ``luoshi extract --engine``), else the environment's
    ``LUOSHI_EXTRACT_ENGINE``, else ``learned``: the learned decision over the rules' candidates
    (decide.py) with the weights shipped in ``data/decide.json``; it finds more of the required items on
    documents the rules were not written on (docs/extract.md). ``rules`` is the rules' own decision, the
    fallback when that file is absent; ``llm`` asks the configured model server (the rules on failure).
    """
    name = engine or os.environ.get("LUOSHI_EXTRACT_ENGINE") or "learned"
    if name == "learned":
        from .decide import decide_items, shipped_model

        model = shipped_model()
        if model is not None:
            return decide_items(text, model, base_date, calendar)
        name = "rules"
    if name == "rules":
        return extract_rules(text, base_date, calendar)
    if name == "llm":
        from .llm import extract_llm

        return extract_llm(text, base_date, calendar=calendar)
    raise ExtractError(f"未知的抽取引擎：{name}（可选 {'、'.join(ENGINES)}）")


def extraction_from_spans(
    text: str,
    spans: list[tuple[int, int]],
    base_date: dt.date | None = None,
    calendar: IsWorkday | None = None,
    engine: str = "llm",
) -> Extraction:
    """Items at given spans (from a model), with fields filled by the same grammar as the rules."""
    doc, _, roots = _prepare(text, base_date, calendar)
    ex = _Extractor(doc)
    for a, b in spans:
        ex.emit(a, b)
    return _finalize(doc, roots, engine)


def _title(doc: _Doc, m: Marker) -> str:
    end = m.body
    while end < m.end and doc.t[end] not in "。！？；：\n":
        end += 1
    return doc.src[m.body : min(end, m.body + 40)].strip()
