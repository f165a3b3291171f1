"""Task tables turned on their side: a row written as its column names each followed by its cell.

A page that lays one task out per block (具体任务 / the task / 责任单位 / the units / 完成时限 / the time),
or a table of two columns whose first names the field (具体任务\t…, | 责任单位 | … |), keeps the header's
vocabulary beside each value instead of above it. Each block is read as one row of a table whose header
is its labels, a role named again starting the next block.
"""

from __future__ import annotations

import datetime as dt
import re

from . import weeks
from .columns import Row, fit, is_task, roles_of, units

# a label cell: a short name, no punctuation, no digit (具体任务, 责任单位, 完成时限)
_LABEL = re.compile(r"[\u4e00-\u9fff（）()]{2,8}")
_MOST = 6  # lines a value may run over
_YEAR2000 = dt.date(2000, 1, 1)
_ROLES = ("content", "lead", "co", "person", "due")


def _pieces(t: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each non-blank line, stripped, or of both cells of a line of two tab- or
    bar-parted cells (a label and its value); a line of more cells is one piece, no label."""
    out, pos = [], 0
    for line in t.split("\n"):
        cells, at = [], pos
        for c in re.split(r"[\t|]", line):
            if c.strip():
                a = at + len(c) - len(c.lstrip())
                cells.append((a, a + len(c.strip()), c.strip()))
            at += len(c) + 1
        if len(cells) > 2:
            cells = [(cells[0][0], cells[-1][1], line.strip())]
        out += cells
        pos += len(line) + 1
    return out


def _role(cell: str) -> str | None:
    """The role a label names alone (具体任务 → content, 配合单位 → co), or None for a value."""
    if not _LABEL.fullmatch(cell):
        return None
    roles = roles_of([cell])
    return next((r for r in _ROLES if r in roles), None)


def record_tables(t: str) -> tuple[list[Row], list[tuple[int, int]]]:
    """The rows of every block of labels each followed by its value, and the spans of their lines.

    A block holds a task label with a task under it and a unit label with units under it (a time label
    alone makes none: 活动时间 / 工作目标 are a plan's headings); anything else ends the block."""
    pieces = _pieces(t)
    rows: list[Row] = []
    spans: list[tuple[int, int]] = []
    block: dict[str, tuple[int, int]] = {}  # role → its value's span
    lines: list[tuple[int, int]] = []
    i = 0
    while i <= len(pieces):
        role = _role(pieces[i][2]) if i < len(pieces) else None
        j = i + 1
        while j < len(pieces) and j - i <= _MOST and _role(pieces[j][2]) is None:
            j += 1
        if j >= len(pieces) or _role(pieces[j][2]) is None:
            j = min(i + 2, len(pieces))  # the block's last value: its first line, the text after it no cell
        value = (pieces[i + 1][0], pieces[j - 1][1]) if role and j > i + 1 else None
        if role is None or value is None or role in block or not _fits(role, t[value[0] : value[1]]):
            row = _row(t, block)
            if row is not None:
                rows.append(row)
                spans += lines
            block, lines = {}, []
            if role is None or value is None or not _fits(role, t[value[0] : value[1]]):
                i += 1
                continue
        block[role] = value
        nl = t.find("\n", value[1])
        lines.append((t.rfind("\n", 0, pieces[i][0]) + 1, len(t) if nl < 0 else nl))  # whole lines
        i = j
    return rows, spans


def _fits(role: str, value: str) -> bool:
    """The value holds what its label's column holds: a task, units or persons, a time."""
    if role == "due":
        return bool(weeks.cell_times(value, _YEAR2000))
    return is_task(value) if role == "content" else fit(role, value) > 0


def _row(t: str, block: dict[str, tuple[int, int]]) -> Row | None:
    if "content" not in block or not {"lead", "co"} & block.keys():
        return None
    row = Row(content=[block["content"]], due=block.get("due"))
    for name in ("lead", "co", "person"):
        if name in block:
            getattr(row, name).extend(units(t[slice(*block[name])]))
    return row
