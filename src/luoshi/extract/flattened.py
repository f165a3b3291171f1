"""Tables stored one cell a line (an HTML table flattened): their header, and their rows read by a
dynamic programme over how well each line fits the column it would fill (columns.fit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .columns import (
    CATEGORY,
    CATEGORY_NUMBER,
    NUMBER_COLUMN,
    category,
    column_roles,
    fit,
    names_a_column,
    page_mark,
    read_header,
)

_HALF = re.compile(r"[\u4e00-\u9fff]{1,6}")  # a header cell split over two lines, or its half
_MEASURE = re.compile(r"(?:计量)?单位")  # 考核内容 | 单位 | 年度目标: the column of a measure's unit


def segment(
    pieces: list[str], cols: list[str], header: list[str]
) -> tuple[list[list[tuple[int, int] | None]], list[int], int]:
    """Rows of a table stored one cell a line: the pieces (non-blank lines) after the header, each row
    as the range of pieces of every column (None: a cell the row lacks, merged above it or empty).

    A dynamic programme over (pieces read, next column) sums how well each run of pieces fits its
    column (a task cell may run over lines, a row may lack a cell); between rows it skips a category
    row, the header repeated on a new page and a page's number. The table ends after the row where the
    sum is highest, so the text after it is left alone. Returns the rows, the skipped pieces and the
    number of pieces the table holds.
    """
    n, m = len(pieces), len(cols)
    most = {"content": 8, "other": 3, "lead": 3, "co": 3, "units": 3, "person": 2}
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, str] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    single = [[fit(c, p) for p in pieces] for c in cols]
    h = len(header)
    for i in range(n + 1):
        if best[i][m] > best[i][0]:  # a finished row: the next one starts here
            best[i][0], back[i][0] = best[i][m], (i, m, "row")
        for j in range(m):
            s = best[i][j]
            if s == neg:
                continue
            if j == 0 and i < n:  # between rows
                skips = []
                if [re.sub(r"\s", "", x) for x in pieces[i : i + h]] == header:
                    skips.append((h, 0.5 * h))  # the header repeated on a new page: surely no row
                if page_mark(pieces[i]):
                    skips.append((1, 0.0))
                if category(pieces[i]):  # marked (一、…) it costs less than a row lacking its number
                    skips.append((1, -0.2 if CATEGORY.match(pieces[i]) else -0.8))
                if CATEGORY_NUMBER.fullmatch(pieces[i]) and i + 1 < n and category(pieces[i + 1]):
                    skips.append((2, -0.2))
                for k, cost in skips:
                    if s + cost > best[i + k][0]:
                        best[i + k][0], back[i + k][0] = s + cost, (i, 0, "skip")
            role = cols[j]
            top = most.get(role, 1)
            for k in range(0 if role != "content" else 1, min(top, n - i) + 1):
                if k == 0:
                    gain = -2.0 if role == "number" else -0.3 if role == "other" else -1.0
                else:
                    gain = single[j][i] + sum(
                        _more(role, pieces[x], single[j][x]) for x in range(i + 1, i + k)
                    )
                nj = (j + 1) % m
                total = s + gain
                row_end = nj == 0
                if row_end and total > best[i + k][m]:
                    best[i + k][m], back[i + k][m] = total, (i, j, "cell")
                if not row_end and total > best[i + k][nj]:
                    best[i + k][nj], back[i + k][nj] = total, (i, j, "cell")
    end = max(range(n + 1), key=lambda i: (best[i][0], -i))
    return _rows_back(back, end, m)


def _more(role: str, cell: str, alone: float) -> float:
    """A further line of a cell: a task's sentence goes on, a unit list runs over lines."""
    if role == "content":
        return -2.0 if alone < 0 or CATEGORY.match(cell) else 0.5
    if role in ("lead", "co", "person"):
        return 1.0 if alone > 0 else -2.0
    if role == "units":  # units that check the work (评分部门) are few: a run of units is the actors' first
        return 0.9 if alone > 0 else -2.0
    return 0.1 if role == "other" else -2.0


def _rows_back(
    back: list[list[tuple[int, int, str] | None]], end: int, m: int
) -> tuple[list[list[tuple[int, int] | None]], list[int], int]:
    rows: list[list[tuple[int, int] | None]] = []
    skipped: list[int] = []
    cur: list[tuple[int, int] | None] = [None] * m
    i, j = end, 0
    while i > 0 or j > 0:
        step = back[i][j]
        if step is None:
            break
        pi, pj, kind = step
        if kind == "row":
            cur = [None] * m
            i, j = pi, m
            continue
        if kind == "skip":
            skipped += range(pi, i)
            i, j = pi, 0
            continue
        cur[pj] = (pi, i) if i > pi else None
        if pj == 0:
            rows.append(cur)
        i, j = pi, pj
    rows.reverse()
    skipped.sort()
    return rows, skipped, end


@dataclass
class PlainTable:
    """A table stored one cell a line, with no bar or tab: its header and its rows' cells."""

    heads: list[str]
    roles: dict[str, int]
    free: list[int]
    rows: list[list[tuple[int, int] | None]]  # per row, each column's span (None: the row lacks it)
    spans: list[tuple[int, int]]  # the header's, the rows' and the skipped lines' spans


def line_pieces(t: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines, stripped, and of a cell closed by `` |`` on a line of its own
    (a web table as pages are stored: the same one cell a line), its bar left out."""
    out, pos = [], 0
    for line in t.split("\n"):
        body = line.strip()
        if body.endswith("|") and body.count("|") == 1:
            body = body[:-1].rstrip()
        if body:
            a = pos + len(line) - len(line.lstrip())
            out.append((a, a + len(body)))
        pos += len(line) + 1
    return out


def _header_at(heads: list[str], k: int, joined: list[bool]) -> tuple[list[tuple[int, int]], int]:
    """The header cells (as ranges of pieces) of a header stored one cell a line from piece ``k``, a
    cell split over two lines (完成 / 时限, 牵头 / 单位) joined; ``joined``: a piece follows the one
    before it with no other line between."""
    cells: list[tuple[int, int]] = []
    i = k
    while i < len(heads) and (i == k or joined[i]):
        x = heads[i]
        if _MEASURE.fullmatch(x) and cells and len(_joined(heads, cells[-1])) > 2:
            cells.append((i, i + 1))  # its own column, no half of 牵头 / 单位 nor of 单位 / 年度目标
        elif len(x) <= 10 and names_a_column(x):
            cells.append((i, i + 1))
        elif (
            i + 1 < len(heads)
            and joined[i + 1]
            and _HALF.fullmatch(x + heads[i + 1])
            and names_a_column(x + heads[i + 1])
        ):
            cells.append((i, i + 2))
            i += 1
        elif (
            cells
            and _HALF.fullmatch(x + _joined(heads, cells[-1]))
            and names_a_column(_joined(heads, cells[-1]) + x)
        ):
            cells[-1] = (cells[-1][0], i + 1)
        elif (
            cells
            and _HALF.fullmatch(x)
            and i + 1 < len(heads)
            and joined[i + 1]
            and len(heads[i + 1]) <= 10
            and (names_a_column(heads[i + 1]) or _opens_a_column(heads, i + 1, joined))
            and sum(c[1] - c[0] == 1 and not names_a_column(heads[c[0]]) for c in cells) < 2
        ):
            cells.append((i, i + 1))  # 序号 / 民生实事 / 责任单位: a column named in words of its own
        else:
            break
        i += 1
    return cells, i


def _opens_a_column(heads: list[str], i: int, joined: list[bool]) -> bool:
    """责任 / 领导: the piece and the next make a column's word."""
    return (
        i + 1 < len(heads)
        and joined[i + 1]
        and bool(_HALF.fullmatch(heads[i] + heads[i + 1]))
        and names_a_column(heads[i] + heads[i + 1])
    )


def _joined(heads: list[str], cell: tuple[int, int]) -> str:
    return "".join(heads[cell[0] : cell[1]])


# 责任单位 over 牵头单位 | 配合单位: a first-level header cell spanning the columns of who acts
_GROUP = re.compile(r"责任(?:单位|部门|主体|分工)?|分工|单位|承办单位")
_SUB = re.compile(r"牵头|主责|主办|配合|协办|参与|协助|责任人|领导")


def _levels(names: list[str]) -> list[str]:
    """The columns of a two-level header flattened one cell a line: 序号 | 重点任务 | 责任单位 | 完成时限 |
    牵头单位 | 配合单位 holds 牵头单位 and 配合单位 under 责任单位, so they take its place (the second
    level's cells follow the first level's last)."""
    n = 0
    while n < len(names) and _SUB.search(names[len(names) - 1 - n]) and len(names[len(names) - 1 - n]) <= 6:
        n += 1
    groups = [g for g, x in enumerate(names[: len(names) - n]) if _GROUP.fullmatch(x)]
    if n < 2 or len(groups) != 1:
        return names
    g = groups[0]
    return names[:g] + names[len(names) - n :] + names[g + 1 : len(names) - n]


def plain_tables(t: str) -> list[PlainTable]:
    """Tables whose header and rows are stored one cell a line (an HTML table flattened): a header of at
    least three cells naming its columns by their vocabulary, then the rows it heads, up to a line
    with a bar or a tab."""
    pieces = [p for p in line_pieces(t) if "\t" not in t[p[0] : p[1]] and "|" not in t[p[0] : p[1]]]
    heads = [re.sub(r"\s", "", t[a:b]) for a, b in pieces]
    joined = [i > 0 and not t[pieces[i - 1][1] : pieces[i][0]].strip(" \t\n|-:") for i in range(len(pieces))]
    out: list[PlainTable] = []
    k = 0
    while k < len(pieces):
        cells, stop = _header_at(heads, k, joined)
        # 任务分解表 over 序号 | 重点任务 | …: a table's title is no column; the number column is its first
        first = next((i for i, c in enumerate(cells) if i and NUMBER_COLUMN.fullmatch(_joined(heads, c))), 0)
        k, cells = (cells[first][0], cells[first:]) if first else (k, cells)
        names = _levels([_joined(heads, c) for c in cells])
        found = read_header(names) if len(cells) >= 3 else None
        if found is None or not {"content", "lead", "due", "person"} & found[0].keys():
            k += 1
            continue
        roles, free = found
        last = stop
        while last < len(pieces) and joined[last]:
            last += 1
        cols = column_roles(roles, free, len(cells))
        rows, skipped, used = segment([t[a:b] for a, b in pieces[stop:last]], cols, heads[k:stop])
        if "content" not in cols or not rows:
            k += 1
            continue
        spans = [(pieces[k][0], pieces[stop - 1][1])]
        table = []
        for row in rows:
            table.append([(pieces[stop + c[0]][0], pieces[stop + c[1] - 1][1]) if c else None for c in row])
            spans += [x for x in table[-1] if x]
        spans += [pieces[stop + s] for s in skipped]
        out.append(PlainTable(names, roles, free, table, spans))
        k = stop + max(used, 1)
    return out
