"""Task tables drawn with box characters (┌─┬─┐ │ ├─┼─┤), as legal-text sites and old documents print them.

Every line of such a table holds one segment per column between its vertical rules, so a column is read
down its own segments: a horizontal rule in a column closes that column's cell, and a cell runs over as
many lines as it needs — a task wrapped over lines, or a unit cell merged over several task rows, which
the rows beside it share. The first cell of each column is the header, which names the columns.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .columns import Row, is_task, read_header, units

_VERTICAL = "│┃├┤┼┬┴┌┐└┘┝┥┿┠┨╋┣┫┳┻┏┓┗┛║╔╗╚╝╠╣╦╩╬╟╢╤╧╪╫"
_LINE = re.compile(rf"\s*[{_VERTICAL}].*[{_VERTICAL}]\s*")
_SPLIT = re.compile(rf"[{_VERTICAL}]")
_RULE = re.compile(r"[─━═\-－]+")
# △ 加强…, ● …, 1. …: a line opening one of several tasks a cell lists
_BULLET = re.compile(r"\s*(?:[△▲●○■□◆◇★☆•·※]|\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）]|[①-⑳])")


@dataclass
class _Cell:
    first: int  # the table line it starts on
    last: int
    pieces: list[tuple[int, int]]  # its text on each line (stripped; blank lines left out)

    def text(self, t: str) -> str:
        return "".join(re.sub(r"\s", "", t[a:b]) for a, b in self.pieces)


def _segments(start: int, line: str) -> list[tuple[int, int]]:
    """Spans of the segments between a line's vertical rules."""
    bars = [m.start() for m in _SPLIT.finditer(line)]
    return [(start + a + 1, start + b) for a, b in itertools.pairwise(bars)]


def _blocks(t: str) -> list[list[tuple[int, str]]]:
    """Runs of consecutive box-drawn lines, each line with its offset."""
    out: list[list[tuple[int, str]]] = []
    run: list[tuple[int, str]] = []
    pos = 0
    for line in t.split("\n"):
        if _LINE.fullmatch(line):
            run.append((pos, line))
        else:
            if len(run) >= 3:
                out.append(run)
            run = []
        pos += len(line) + 1
    if len(run) >= 3:
        out.append(run)
    return out


def _columns(t: str, block: list[tuple[int, str]]) -> list[list[_Cell]]:
    """Each column's cells, read down its segments; a line of another width ends the table."""
    width = max(len(_segments(a, line)) for a, line in block)
    cols: list[list[_Cell]] = [[] for _ in range(width)]
    open_: list[_Cell | None] = [None] * width
    for k, (a, line) in enumerate(block):
        segs = _segments(a, line)
        if len(segs) != width:
            if any(not _RULE.fullmatch(t[x:y].strip()) for x, y in segs if t[x:y].strip()):
                break  # ┌───┬───┐ over a narrower header, or a line the store cut: rules only go on
            open_ = [None] * width
            continue
        for j, (x, y) in enumerate(segs):
            body = t[x:y]
            if _RULE.fullmatch(body.strip()):
                open_[j] = None
                continue
            cell = open_[j]
            if cell is None:
                cell = open_[j] = _Cell(k, k, [])
                cols[j].append(cell)
            cell.last = k
            if body.strip():
                lead = len(body) - len(body.lstrip())
                cell.pieces.append((x + lead, x + len(body.rstrip())))
    return cols


def _tasks(t: str, cell: _Cell) -> list[tuple[int, int]]:
    """(start, end) of each task a content cell holds: one per bulleted line when it lists
    several (△…\n△…), else the whole cell."""
    heads = [i for i, (a, b) in enumerate(cell.pieces) if _BULLET.match(t[a:b])]
    if not cell.pieces:
        return []
    if len(heads) < 2:
        heads = [0]
    elif heads[0] != 0:
        heads = [0, *heads]
    bounds = [*heads, len(cell.pieces)]
    return [(cell.pieces[i][0], cell.pieces[j - 1][1]) for i, j in itertools.pairwise(bounds)]


def _covering(cells: list[_Cell], line: int) -> _Cell | None:
    """The column's cell beside a line; on the line of its rule, the cell below it, where the row starts."""
    return next((c for c in cells if c.last >= line), None)


def box_tables(t: str) -> tuple[list[Row], list[tuple[int, int]]]:
    """The task rows of every box-drawn table, and the spans of its lines.

    A block whose first cells name no columns goes on under the header of the block before it (a table
    continued on a new page without its header); the header repeated inside a block is no row."""
    rows: list[Row] = []
    spans: list[tuple[int, int]] = []
    header: tuple[dict[str, int], list[int], list[str]] | None = None
    for block in _blocks(t):
        cols = _columns(t, block)
        heads = [c[0].text(t) if c else "" for c in cols]
        found = read_header(heads)
        if found is not None:
            header = (*found, heads)
        elif header is None or len(header[2]) != len(cols):
            continue
        roles, free, named = header
        spans += [(a, a + len(line)) for a, line in block]
        task = roles.get("content", free[0] if free else -1)
        for cell in cols[task] if 0 <= task < len(cols) else []:
            if cell.text(t) == named[task]:
                continue
            for a, b in _tasks(t, cell):
                if is_task(re.sub(r"\s", "", t[a:b])):
                    rows.append(_row(t, cols, roles, named, _line_of(block, a), (a, b)))
    return rows, spans


def _row(
    t: str, cols: list[list[_Cell]], roles: dict[str, int], named: list[str], line: int, task: tuple[int, int]
) -> Row:
    """The row of a task on ``line``: the cells of the other columns beside it (a merged one shared)."""
    row = Row(content=[task])
    for name, j in roles.items():
        got = _covering(cols[j], line) if j < len(cols) else None
        if got is None or not got.pieces or got.text(t) == named[j]:
            continue
        if name in ("lead", "co", "person"):
            getattr(row, name).extend(units(got.text(t)))
        elif name == "due":
            row.due = got.pieces[0]  # its first line: a later one may hold other columns' text
    return row


def _line_of(block: list[tuple[int, str]], pos: int) -> int:
    return max(k for k, (a, _) in enumerate(block) if a <= pos)
