"""Task tables without a header row: rows known by the kinds of their cells, alike from row to row.

A list pasted from a spreadsheet or a PDF often starts below its header, or has none: ``1  加快推进老旧
小区改造  市住建局  6月底前``. A line whose cells are a row's number, one task, units and perhaps a time,
next to a line whose cells are of the same kinds in the same order, is a row of such a table, read in the
roles its cells' kinds give. A web table flattened one cell a line without its header (1 / 加快推进… /
市住建局 / 6月底前 / 2 / …) is read the same way, its rows the runs of lines from one number to the next.
"""

from __future__ import annotations

from .columns import CATEGORY, NUMBER, category, is_actor, is_task, is_time
from .flattened import PlainTable, line_pieces

Cells = list[tuple[int, int]]


def _kinds(texts: list[str]) -> tuple[str, ...] | None:
    """Each cell's kind (number, content, lead, due), or None for a line that is no headerless row: its
    first cell a number, exactly one task cell, at least one unit cell, every cell of a known kind."""
    kinds = tuple(
        "number"
        if NUMBER.fullmatch(x)
        else "due"
        if is_time(x)
        else "lead"
        if is_actor(x)
        else "content"
        if is_task(x)
        else "?"
        for x in texts
    )
    if kinds[:1] != ("number",) or "?" in kinds or kinds.count("content") != 1 or "lead" not in kinds:
        return None
    return kinds


def _heading(x: str) -> bool:
    """一、城市建设: a category line over the rows below it, no row of its own."""
    return bool(CATEGORY.match(x) and category(x))


def heading_above(t: str, start: int) -> list[tuple[int, int]]:
    """The span of the category line right above a headerless table's first row at ``start``, if any
    (it is the table's, not an outline heading whose body the rows would be)."""
    a = t.rfind("\n", 0, max(0, start - 1)) + 1
    return [(a, start - 1)] if start and _heading(t[a : start - 1].strip()) else []


def _texts(t: str, cells: Cells) -> list[str]:
    return [t[a:b].strip() for a, b in cells]


def _near(t: str, a: int, b: int) -> bool:
    """Two rows next to each other: only blank lines between, or at most three short ones (a cell
    wrapped onto lines of its own)."""
    lines = [x.strip() for x in t[a:b].split("\n") if x.strip()]
    return len(lines) <= 3 and all(len(x) <= 40 for x in lines)


def _roles(kinds: tuple[str, ...]) -> dict[str, int]:
    """The roles of cells of these kinds: the first unit cell leads, a second works with it."""
    roles = {"number": 0, "content": kinds.index("content")}
    leads = [i for i, x in enumerate(kinds) if x == "lead"]
    roles["lead"] = leads[0]
    if len(leads) > 1:
        roles["co"] = leads[1]
    if "due" in kinds:
        roles["due"] = kinds.index("due")
    return roles


def shaped_roles(t: str, logical: list[tuple[Cells, Cells]], k: int) -> dict[str, int]:
    """The roles of row ``k``'s cells when it is a row of a table without a header (its cells' kinds those
    of a row next to it), else {}: the first unit cell leads, a second works with it."""
    kinds = _kinds(_texts(t, logical[k][0]))
    if kinds is None:
        return {}
    alike = any(
        0 <= i
        and j < len(logical)
        and _near(t, logical[i][1][-1][1], logical[j][1][0][0])
        and _kinds(_texts(t, logical[other][0])) == kinds
        for i, j, other in ((k - 1, k, k - 1), (k, k + 1, k + 1))
    )
    return _roles(kinds) if alike else {}


def _numbered(x: str) -> int | None:
    return int(x.strip("（()）.、．")) if NUMBER.fullmatch(x) else None


def line_tables(t: str, taken: list[PlainTable]) -> list[PlainTable]:
    """Tables stored one cell a line with no header (outside the tables ``taken``): at least two rows
    numbered one after the other (1, 2, …), each the lines from its number to the next (a category line
    before the next left out), whose cells are of the same kinds in the same order; the last row takes
    as many lines as the one before it."""
    inside = [(min(a for a, _ in x.spans), max(b for _, b in x.spans)) for x in taken]
    pieces = [p for p in line_pieces(t) if not any(a <= p[0] < b for a, b in inside)]
    texts = [t[a:b].strip() for a, b in pieces]
    out: list[PlainTable] = []
    k = 0
    while k < len(pieces):
        rows, kinds = _rows_from(texts, k)
        if len(rows) < 2 or kinds is None:
            k += 1
            continue
        cells: list[list[tuple[int, int] | None]] = [[pieces[i] for i in range(a, b)] for a, b in rows]
        first = k - 1 if k and _heading(texts[k - 1]) else k
        spans = pieces[first : rows[-1][1]]  # the rows' lines, and the category lines above them
        out.append(PlainTable([], _roles(kinds), [], cells, spans))
        k = rows[-1][1]
    return out


def _rows_from(texts: list[str], k: int) -> tuple[list[tuple[int, int]], tuple[str, ...] | None]:
    """(first, end) pieces of the rows of a headerless table one cell a line whose first row's number is
    piece ``k`` (the rows that follow it numbered one after the other, all of its first row's kinds),
    and those kinds."""
    n = _numbered(texts[k])
    rows: list[tuple[int, int]] = []
    kinds: tuple[str, ...] | None = None
    if n is None:
        return rows, kinds
    a = k
    while a < len(texts):
        b = next((j for j in range(a + 1, min(len(texts), a + 9)) if _numbered(texts[j]) == n + 1), None)
        if b is None:  # the last row: as many lines as the rows above it
            b = a + len(kinds) if kinds else a
        end = min(b, len(texts))
        while end > a + 1 and _heading(texts[end - 1]):
            end -= 1
        here = _kinds(texts[a:end]) if b <= len(texts) else None
        if here is None or kinds is not None and here != kinds:
            break
        kinds = here
        rows.append((a, end))
        a, n = b, n + 1
    return rows, kinds
