"""A ledger's rows read into tasks-to-be: each row's fields, its place in the tree (一、(一) 1. …), its
units and people resolved, its deadline read, and every problem found — before anything is written."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from luoshi.core import cadence as cadence_mod
from luoshi.core.reading import column_letter
from luoshi.org.models import Person, Unit

from .choices import FIELD_LABELS
from .dates import Due, Reference, parse_due, read_cadence, read_period, unkept
from .resolve import Resolver, UnitMatch

TITLE_MAX = 200
SHOWN = 40  # characters of a cell a warning quotes; the whole text goes to the task's content
ERROR, WARNING = "error", "warning"
CN = "一二三四五六七八九十百"
# Outline markers, from the top level down; a row without one sits below the last numbered row.
MARKERS = [
    re.compile(rf"^第[{CN}]+(?:部分|章|篇)?[、，.．\s]?"),
    re.compile(rf"^[{CN}]+[、.．]"),
    re.compile(rf"^[（(][{CN}]+[)）]"),
    re.compile(r"^\d{1,3}(?:[.．、](?!\d)|$)"),
    re.compile(r"^[（(]\d{1,3}[)）]|^\d{1,3}[)）]"),
    re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"),
]
LEAF = len(MARKERS)
BARE_CN = re.compile(rf"[{CN}]+")
FOOTER = re.compile(r"^(?:注|备注|说明|填表人|填报人|审核人|制表|联系人|联系电话)[:：\s]")


@dataclass
class Problem:
    field: str
    level: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "level": self.level, "message": self.message}


@dataclass
class Row:
    number: int  # as the spreadsheet shows it (1-based)
    cells: dict[str, Any]
    values: list[Any] = field(default_factory=list)  # every column, as read
    columns: dict[str, int] = field(default_factory=dict)  # field → the column it was read from
    level: int = LEAF
    title: str = ""
    notes: list[str] = field(default_factory=list)
    lead: UnitMatch | None = None
    lead_unit: Unit | None = None
    co: list[UnitMatch] = field(default_factory=list)
    co_text: list[str] = field(default_factory=list)  # co-unit names kept as text (Resolver.dropped)
    owner: Person | None = None
    leader: Person | None = None
    due: Due = field(default_factory=lambda: Due(""))
    due_date: dt.date | None = None
    cadence: str | None = None
    parent: Row | None = None
    children: int = 0
    key: str = ""
    path: str = ""  # the outline numbers of the rows above it and its own (一、/（二）/3.)
    problems: list[Problem] = field(default_factory=list)
    settled: bool = False  # its lead unit and problems are final
    category: bool = False  # a heading naming no unit over its rows (一、党的建设): no task of its own
    seen: dict[str, int] = field(default_factory=dict)  # the rows under it so far, by their key's basis
    task_id: int | None = None  # once imported (now or before)
    skipped: bool = False  # left out by the user: never written, the rows under it go under its parent
    merged: bool = False  # its one text was merged across the row: a heading

    @property
    def ok(self) -> bool:
        return not any(p.level == ERROR for p in self.problems)

    def problem(self, name: str, level: str, message: str) -> None:
        """Note a problem once: a cell merged over two fields says what is wrong with it once each."""
        found = Problem(name, level, message)
        if found not in self.problems:
            self.problems.append(found)

    @property
    def description(self) -> str:
        return "\n".join(self.notes)

    @property
    def task_cadence(self) -> str:
        """The task's 反馈周期: the one the row names, else the one a new task gets."""
        return self.cadence or cadence_mod.DEFAULT

    @property
    def cadence_read(self) -> str:
        """What the preview says of the task's 反馈周期: the cadence luoshi will keep, and that it is the
        default when the row names none."""
        cadence = cadence_mod.parse(self.task_cadence)
        kept = {"none": "不设反馈周期", "once": cadence.label}.get(cadence.kind, f"{cadence.label}报送")
        return kept if self.cadence else f"{kept}（未写明，按默认）"

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.number,
            "parent_row": self.parent.number if self.parent else None,
            "level": self.level,
            "title": self.title,
            "lead_unit": self.lead_unit.pk if self.lead_unit else None,
            "lead_unit_name": self.lead_unit.name if self.lead_unit else None,
            "co_units": [m.unit.pk for m in self.co if m.unit],
            "co_unit_names": [m.unit.name for m in self.co if m.unit],
            "owner": self.owner.pk if self.owner else None,
            "owner_name": self.owner.name if self.owner else None,
            "leader": self.leader.pk if self.leader else None,
            "leader_name": self.leader.name if self.leader else None,
            "due_phrase": self.due.phrase,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "due_read": self.due.date.isoformat() if self.due.date else None,
            "ongoing": self.due.ongoing,
            "cadence": self.cadence,
            "cadence_read": self.cadence_read,
            "cells": {k: _text(v) for k, v in self.cells.items()},
            "values": [_text(v) for v in self.values],
            "merged": self.merged,
            "category": self.category,
            "problems": [p.to_json() for p in self.problems],
            "ok": self.ok,
        }


def tally(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Previewed rows (``Row.to_json`` with ``imported`` and ``skip``) by what a commit does with each:
    ``blocked`` (an error: nothing is imported until it is fixed or skipped), ``warned`` (imported, with
    a note), ``ready``, ``skipped`` by the user, ``imported`` before, ``categories`` (headings, not
    tasks). Each row counts once."""
    counts = dict.fromkeys(("blocked", "warned", "ready", "skipped", "imported", "categories"), 0)
    for row in rows:
        if row["category"] and not row["imported"]:
            counts["categories"] += 1
        elif row["imported"] or row["skip"]:
            counts["imported" if row["imported"] else "skipped"] += 1
        else:
            counts["blocked" if not row["ok"] else "warned" if row["problems"] else "ready"] += 1
    return counts


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def squash(text: Any) -> str:
    return "".join(str(text or "").split())


def outline_level(text: str) -> tuple[int, str]:
    """The outline level a 序号 or a task's text starts with, and the text without the marker."""
    for level, pattern in enumerate(MARKERS):
        m = pattern.match(text)
        if m:
            return level, text[m.end() :].strip()
    return LEAF, text


def read_rows(
    rows: Iterable[list[Any]], header_row: int, mapping: dict[str, str], limit: int | None = None
) -> Iterator[Row]:
    """The rows below the header as field → value, blank rows and footers (注：…, 填表人：…) left out;
    a row whose one text is merged across its columns is a heading (``heading_text``), its text the
    task's, its 序号 kept when it has a cell of its own."""
    columns = [(int(col), key) for col, key in mapping.items()]
    read_from = {key: col for col, key in columns}
    yielded = 0
    for index, values in enumerate(rows):
        if index <= header_row:
            continue
        cells = {key: values[col] if col < len(values) else "" for col, key in columns}
        filled = [v for v in cells.values() if squash(v)]
        if not filled:
            continue
        text = heading_text(values, cells)
        if text is not None:
            own = {"title": text, "seq": cells.get("seq") if squash(cells.get("seq")) != squash(text) else ""}
            cells = {key: own.get(key, "") for key in cells}
        first = next((str(v) for v in values if squash(v)), "")
        if FOOTER.match(first) and not squash(cells.get("lead_unit")):
            continue
        yield Row(index + 1, cells, values, read_from, merged=text is not None)
        yielded += 1
        if limit is not None and yielded >= limit:
            return


def heading_text(values: list[Any], cells: dict[str, Any]) -> str | None:
    """The text of a heading row, or None: one text merged across the row's mapped columns
    (一、干部队伍建设 over A:I), or after an outline marker in a cell of its own (一、 in A, 干部队伍建设
    merged over B:I), which merged cells give to every column they cover."""
    texts = [str(v).strip() for v in values if squash(v)]
    if len(texts) > 1 and _bare_marker(texts[0]):
        texts = texts[1:]  # a bare 序号 in its own cell
    spread = sum(1 for v in cells.values() if squash(v) and squash(v) == squash(texts[0])) if texts else 0
    if spread > 1 and len({squash(t) for t in texts}) == 1:
        return texts[0]
    return None


def _bare_marker(text: str) -> bool:
    level, rest = outline_level(text)
    return level < LEAF and not rest


def plan(
    rows: Iterable[Row],
    resolver: Resolver,
    today: dt.date,
    ledger: str,
    is_workday: Any = None,
    reference: Reference | None = None,
) -> Iterator[Row]:
    """Each row with its task fields and problems, in order, parents before children, as soon as it is
    settled: a row naming no unit waits, and the rows after it with it, until the rows under it are read
    (with rows under it it is a category, without it lacks its unit). So a ledger streams through in
    bounded memory. Its dates are read against ``reference`` (the ledger's own date and year,
    dates.reference_of), found overdue against ``today``."""
    stack: list[Row] = []
    waiting: deque[Row] = deque()
    top: dict[str, int] = {}  # the rows without a parent, as the rows under each parent (Row.seen)
    for row in rows:
        _read_fields(row, resolver, today, is_workday, reference or Reference(today, "uploaded", today.year))
        while stack and stack[-1].level >= row.level:
            _close(stack.pop(), resolver)
        row.parent = stack[-1] if stack else None
        if row.parent:
            row.parent.children += 1
            if row.lead_unit is None and not squash(row.cells.get("lead_unit")):
                row.lead_unit = row.parent.lead_unit  # a unit written once on the heading holds below it
        _key(row, ledger, row.parent.seen if row.parent else top)
        if row.lead_unit is not None or squash(row.cells.get("lead_unit")):
            _settle(row, resolver)
        stack.append(row)
        waiting.append(row)
        while waiting and waiting[0].settled:
            yield waiting.popleft()
    while stack:
        _close(stack.pop(), resolver)
    yield from waiting


def _close(row: Row, resolver: Resolver) -> None:
    """Every row under ``row`` is read. A heading naming no unit, none held from above, is a category
    (一、党的建设 over tasks of several units): it groups its rows and is no task, since no unit is
    answerable for it; the import puts its rows under the row above it. A row without a unit and
    without rows is a task missing its unit."""
    if not row.settled:
        if row.children:
            row.category = row.settled = True
            row.problems = [p for p in row.problems if p.level != ERROR]  # nothing of it is written
        else:
            _settle(row, resolver)
    row.seen = {}  # a closed row gets no more rows under it


def _settle(row: Row, resolver: Resolver) -> None:
    _check(row, resolver)
    row.settled = True


def _key(row: Row, ledger: str, seen: dict[str, int]) -> None:
    """What identifies a source row whoever uploads its ledger, however often (a department sends its
    ledger again each month with 进展情况 changed): the ledger's year (``ledger``), the outline numbers
    of the headings above it (not their wording), its own text and lead unit as written."""
    above = row.parent.path if row.parent else ""
    row.path = f"{above}/{_marker(row)}"
    basis = "|".join([ledger, above, squash(row.title), squash(row.cells.get("lead_unit"))])
    seen[basis] = seen.get(basis, 0) + 1
    if seen[basis] > 1:  # the same row twice in one ledger: two tasks, each imported once
        basis += f"#{seen[basis]}"
    row.key = hashlib.sha256(basis.encode("utf-8")).hexdigest()


def _marker(row: Row) -> str:
    """The row's outline number: its 序号, else the marker its text starts with, else its level."""
    seq = squash(row.cells.get("seq"))
    if seq:
        return seq
    text = squash(row.cells.get("title"))
    _, rest = outline_level(text)
    return text[: len(text) - len(rest)] or str(row.level)


def _read_fields(row: Row, resolver: Resolver, today: dt.date, is_workday: Any, reference: Reference) -> None:
    cells = row.cells
    # A line break in a ledger's cell is its layout; a task's title is one line (tasks.eligibility).
    content = "".join(line.strip() for line in str(cells.get("title", "")).splitlines())
    seq = squash(cells.get("seq"))
    level, stripped = outline_level(content)
    if seq:
        seq_level, _ = outline_level(seq)
        if seq_level < LEAF:
            level = seq_level
        if level == LEAF and seq.isdigit():
            level = 3
        elif level == LEAF and BARE_CN.fullmatch(seq):
            level = 1  # 一 alone in its 序号 cell, as many ledgers write 一、
    content = stripped
    if not content:
        row.problem("title", ERROR, "任务内容为空")
    row.title = content if len(content) <= TITLE_MAX else content[: TITLE_MAX - 1] + "…"
    if len(content) > TITLE_MAX:
        row.notes.append(content)
    row.level = level
    mentions = resolver.split(cells.get("lead_unit"))
    if mentions:
        row.lead = resolver.unit(mentions[0])
        row.lead_unit = row.lead.unit
    co, row.co_text = resolver.co_units(cells.get("co_units"))
    row.co = [resolver.unit(m) for m in mentions[1:]] + co
    if row.co_text:
        row.notes.append(f"原表配合单位：{'、'.join(row.co_text)}")
    row.due = parse_due(cells.get("due"), reference.date, is_workday, reference.year)
    row.cadence = (
        row.due.cadence
        or read_period(cells.get("cadence"), reference.date, is_workday)
        or read_cadence(cells.get("remarks"), reference.date, is_workday)
    )
    _check_cadence(row, reference.date, is_workday)
    if row.due.date:
        row.due_date = row.due.date  # a past one too: the ledger's overdue work stays overdue
        if row.due.date < today:
            row.problem("due", WARNING, f"完成时限 {row.due.date:%Y-%m-%d} 已过期，按原表导入；交办前需改期")
    elif row.due.phrase and not row.due.understood:
        _unread_cell(
            row,
            "due",
            row.due.phrase,
            "无法识别，应为日期（如“6月底前”“2026年12月31日”）或“长期坚持”",
            "将不填完成时限",
        )
    elif row.due.ongoing:
        row.notes.append(f"完成时限：{row.due.phrase}")
    for key in ("measures", "progress", "plan", "remarks"):
        text = str(cells.get(key, "")).strip()
        if text:
            row.notes.append(f"{FIELD_LABELS[key]}：{text}")


def _check_cadence(row: Row, reference: dt.date, is_workday: Any) -> None:
    """A 反馈周期 cell that names no cadence is said so, with what it should say; the row is imported
    with the cadence read elsewhere in it, else none for a period luoshi has no cadence for (每两周),
    else the default."""
    written = " ".join(str(row.cells.get("cadence") or "").split())
    if not written or read_period(written, reference, is_workday) is not None:
        return
    if unkept(written):
        row.cadence = row.cadence or "none"
        why = "在落实中没有对应的周期，交办前可改为每周或每10个工作日"
    else:
        why = "无法识别，应为每周、每月、每季度这样的周期（如“每周五”“每月25日前”）"
    cadence = cadence_mod.parse(row.task_cadence)
    outcome = "将不设反馈周期" if cadence.kind == "none" else f"将按{cadence.label}报送"
    _unread_cell(row, "cadence", written, why, outcome)


def _unread_cell(row: Row, name: str, written: str, why: str, outcome: str) -> None:
    """A cell the import cannot take as written, as a warning naming it (第3行G列), its text, why (what
    it should say) and what the task gets instead; the rest of the row imports as read, the text kept
    in the task's content."""
    label = FIELD_LABELS[name]
    shown = written if len(written) <= SHOWN else written[:SHOWN] + "…"
    row.problem(name, WARNING, f"{_cell(row, name)}{label}“{shown}”{why}，{outcome}（原文记入任务内容）")
    row.notes.append(f"原{label}：{written}")


def _cell(row: Row, name: str) -> str:
    """Where the row's field was read: 第3行G列 (第3行 when no column of its own was mapped)."""
    column = row.columns.get(name)
    return f"第{row.number}行{column_letter(column) + '列' if column is not None else ''}"


def _unit_problem(row: Row, name: str, match: UnitMatch) -> None:
    label = FIELD_LABELS[name]
    if match.unit is None:
        part = f"（“{match.part}”只是其中一部分，不按“{match.part}”导入）" if match.part else ""
        hint = f"，是否指“{match.suggestion.name}”？" if match.suggestion else "，"
        row.problem(name, ERROR, f"{label}“{match.mention}”在组织架构中找不到{part}{hint}请指定对应的单位")
    elif match.guessed:
        taken = f"按“{match.unit.name}”导入（匹配度{match.confidence:.0%}）"
        row.problem(name, WARNING, f"{_cell(row, name)}{label}“{match.mention}”{taken}")


def _check(row: Row, resolver: Resolver) -> None:
    if row.lead is not None:
        _unit_problem(row, "lead_unit", row.lead)
    elif row.lead_unit is None:
        row.problem("lead_unit", ERROR, "未填写牵头单位")
    lead = row.lead_unit
    if lead is not None and not resolver.may_assign(lead):
        row.problem("lead_unit", ERROR, f"您不能向“{lead.name}”交办任务：只能交办给本单位及下级单位")
    for match in row.co:
        _unit_problem(row, "co_units", match)
    if lead is None:
        return
    owner = squash(row.cells.get("owner"))
    if owner:
        row.owner = resolver.owner(owner, lead)
        if row.owner is None:
            row.problem(
                "owner",
                WARNING,
                f"责任人“{owner}”不是{lead.name}的在职人员，将不填责任人（原文记入任务内容）",
            )
            row.notes.append(f"原表责任人：{owner}")
    leader = squash(row.cells.get("leader"))
    if leader:
        row.leader = resolver.leader(leader, lead)
        if row.leader is None:
            row.problem("leader", WARNING, f"“{leader}”不分管{lead.name}，分管领导按分管关系确定")
    if row.leader is None:
        row.leader = resolver.default_leader(lead)
