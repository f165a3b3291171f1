"""Task tables without a header row: rows known by the kinds of their cells, alike from row to row.

A list pasted from a spreadsheet or a PDF often starts below its header, or has none: ``1  加快推进老旧
小区改造  市住建局  6月底前``. A line whose cells are a row's number, one task, units and perhaps a time,
next to a line whose cells are of the same kinds in the same order, is a row of such a table, read in the
roles its cells' kinds give.
"""

from __future__ import annotations

from .columns import NUMBER, is_actor, is_task, is_time

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


def _texts(t: str, cells: Cells) -> list[str]:
    return [t[a:b].strip() for a, b in cells]


def _near(t: str, a: int, b: int) -> bool:
    """Two rows next to each other: only blank lines between, or at most three short ones (a cell
    wrapped onto lines of its own)."""
    lines = [x.strip() for x in t[a:b].split("\n") if x.strip()]
    return len(lines) <= 3 and all(len(x) <= 40 for x in lines)


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
    if not alike:
        return {}
    roles = {"number": 0, "content": kinds.index("content")}
    leads = [i for i, x in enumerate(kinds) if x == "lead"]
    roles["lead"] = leads[0]
    if len(leads) > 1:
        roles["co"] = leads[1]
    if "due" in kinds:
        roles["due"] = kinds.index("due")
    return roles
