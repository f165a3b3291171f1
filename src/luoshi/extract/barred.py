"""Rows of a web table stored as one cell a line with bars: the first cell alone, each further cell led
by ``|``, each row closed by a bar on a line of its own (责任目标\n| 责任主体\n| 完成时间\n|)."""

from __future__ import annotations

Cells = list[tuple[int, int]]


def _lines(t: str) -> list[tuple[int, str]]:
    """(start, line) of every line of the text."""
    out, pos = [], 0
    for line in t.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _led(line: str) -> bool:
    """| 党委宣传部: a cell on a line led by a bar."""
    lead = line.lstrip()
    return lead.startswith("|") and lead.count("|") == 1 and bool(lead[1:].strip())


def barred_rows(t: str) -> list[tuple[Cells, Cells]]:
    """Rows of a web table stored with its first cell on a line of its own, each further cell on a line
    led by ``|`` and each row closed by a bar alone (责任目标\n| 责任主体\n| 完成时间\n|); a cell runs
    over the lines up to the next bar. The header is the line before a run of led lines closed by a bar;
    the table ends where a row is not closed by one."""
    lines = _lines(t)
    bars = [i for i, (_, line) in enumerate(lines) if line.strip() == "|"]
    out: list[tuple[Cells, Cells]] = []
    k = 0
    while k < len(bars):
        first = bars[k] - 1
        while first > 0 and _led(lines[first][1]):
            first -= 1
        if first >= bars[k] - 2 or _led(lines[first][1]) or not lines[first][1].strip(" \t|"):
            k += 1  # no header of a first cell and at least two led ones
            continue
        rows, top = [], first
        while k < len(bars) and bars[k] - top <= 40:
            cells = _barred_cells(lines, top, bars[k])
            if not cells:
                break
            rows.append((cells, [(lines[top][0], lines[bars[k] - 1][0] + len(lines[bars[k] - 1][1]))]))
            top = bars[k] + 1
            k += 1
            if k < len(bars) and any(not lines[j][1].strip() for j in range(top, bars[k])):
                break  # a blank line: other text
        if len(rows) >= 3:
            out += rows
        k += not rows
    return out


def _barred_cells(lines: list[tuple[int, str]], top: int, bar: int) -> list[tuple[int, int]]:
    """The cells of one bar-closed row over lines ``top`` to ``bar`` (the bar's line excluded): the
    lines before its first led line (none: the row lacks its first cell), then each led line with
    the lines that follow it."""
    cells: list[tuple[int, int]] = []
    for j in range(top, bar):
        start, line = lines[j]
        body = line.strip()
        if not body:
            return []
        if _led(line) or not cells:
            a = start + line.index("|") + 1 if _led(line) else start + len(line) - len(line.lstrip())
            cells.append((a, start + len(line.rstrip())))
        else:
            cells[-1] = (cells[-1][0], start + len(line.rstrip()))
    return cells
