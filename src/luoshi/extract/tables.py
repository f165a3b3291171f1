"""Task tables (任务分工表): rows from Word tables, pasted Excel (tabs) or web pages (``|``).

The task cell is the item; the owner and deadline columns fill its fields.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import owners as own
from . import weeks
from .barred import barred_rows
from .boxes import box_tables
from .columns import (
    CATEGORY,
    CATEGORY_NUMBER,
    DATE_ONLY,
    NUMBER,
    Row,
    category,
    choose,
    column_roles,
    is_actor,
    is_task,
    is_time,
    names_a_column,
    page_mark,
    person,
    read_header,
    units,
)
from .flattened import PlainTable, plain_tables
from .numerals import NUM_RE
from .records import record_tables
from .shapes import heading_above, line_tables, shaped_roles

_WEEK_ROW = re.compile(
    rf"\s*(?:第\s*{NUM_RE}\s*(?:[-—－~～至到]\s*第?\s*{NUM_RE}\s*)?周|周次|周别|教学周)\s*\t"
)
# 序号  工作任务  牵头单位  完成时限: cells parted by runs of spaces (two or more, or full-width ones)
_SPACED = re.compile(r"[^\s|]+(?:(?: {2,}|\u3000+)[^\s|](?:[^\s|]| (?! ))*){2,}")
_GAP = re.compile(r" {2,}|\u3000+")
# 1 建立河长制工作台账 市水利局 9月底前: cells parted by single spaces (a PDF's text), under a header only
_SINGLE = re.compile(r"[^\s|]+(?: [^\s|]+){2,}")


def _lines(t: str):
    """(start, line) of every line of the text."""
    pos = 0
    for line in t.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _logical_rows(t: str) -> list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]:
    """(cells, line spans) of every table row, whatever its layout.

    A row is a line of tab-separated cells (Word, Excel), a line of ``|``-separated cells, or cells
    each on a line led by ``|``. (One cell a line, each closed by `` |``, is a table flattened: columns.py.)
    """
    out = barred_rows(t)
    barred = [(lines[0][0], lines[-1][1]) for _, lines in out]
    closed = False  # in a run of cells each closed by `` |`` on a line of its own
    led: list[tuple[int, int]] = []  # cells of the current row, each on a line led by ``|``
    lines = list(_lines(t)) + [(len(t) + 1, "")]
    # the tabs and the bars of the last row of tab- or bar-separated cells; the last line a row took
    tabs, bars, done = 0, 0, -1
    for i, (start, line) in enumerate(lines):
        if i <= done or any(a <= start <= b + 1 for a, b in barred):  # (b + 1: the closing bar)
            continue
        stripped = line.rstrip()
        lead = line.lstrip()
        if _RULE.fullmatch(stripped):
            continue  # ---|---|---: a markdown table's rule under its header
        if closed and stripped and not stripped.strip(" |"):
            continue  # `` |``, ``||``: empty cells
        if lead.startswith("|") and lead.count("|") == 1:
            a = start + len(line) - len(lead) + 1
            led.append((a, max(a, start + len(stripped))))
            continue
        if led and lead and len(lead) <= 20:
            led[-1] = (led[-1][0], start + len(stripped))  # 职能目标\n(340分): a cell wrapped
            continue
        if led:
            if len(led) >= 2:
                out.append((led, [(led[0][0] - 1, led[-1][1])]))
            led = []
        closed = stripped.endswith("|") and stripped.count("|") == 1 and len(stripped) > 1
        if closed:
            continue
        sep = "\t" if "\t" in line else "|"
        done = _run(lines, i, tabs if sep == "\t" else bars, sep)
        if done > i:  # a cell of several paragraphs (Word, a web page): the row runs over lines
            end = lines[done][0] + len(lines[done][1])
            out.append((_split_cells(start, t[start:end], sep), [(start, end)]))
        elif line.count("\t") >= 2 or (line.count("\t") == 1 and _WEEK_ROW.match(line)):
            out.append((_split_cells(start, line, "\t"), [(start, start + len(line))]))
            tabs = line.count("\t") if line.count("\t") >= 2 else tabs
        elif line.count("|") >= 3 or (stripped.count("|") == 2 and stripped.endswith("|")):
            # 周次 | 工作要点 |: a row of two cells, each closed by `` |`` as web pages are stored
            out.append((_split_cells(start, line, "|"), [(start, start + len(line))]))
            bars = line.count("|") if line.count("|") >= 3 else bars
        elif _SPACED.fullmatch(line.strip()):
            out.append((_spaced_cells(start, line, _GAP), [(start, start + len(line))]))
        elif _SINGLE.fullmatch(line.strip()):
            out.append((_spaced_cells(start, line, re.compile(" ")), [(start, start + len(line))]))
    return sorted(out, key=lambda row: row[1][0][0])


_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*")
# 2\t…: a line opening a row of tab-separated cells with its number
_ROW_START = {"\t": re.compile(r"\s*\d{1,3}[.、．]?\t"), "|": re.compile(r"\s*\|?\s*\d{1,3}[.、．]?\s*\|")}


def _run(lines: list[tuple[int, str]], i: int, seps: int, sep: str) -> int:
    """The last line of a row of ``seps`` separators that starts at line ``i`` and runs over lines
    because a cell holds several paragraphs (1\t加强…，\n完善…\t市水利局\t6月底前, or with bars:
    | 1 | 加强…，\n完善… | 市水利局 |), else ``i``."""
    have = lines[i][1].count(sep)
    if seps < 2 or not 1 <= have < seps:
        return i
    for j in range(i + 1, min(len(lines), i + 12)):
        line = lines[j][1]
        if _ROW_START[sep].match(line) or not line.strip():
            return i
        have += line.count(sep)
        if have >= seps:
            return j if have == seps else i
    return i


def _spaced_cells(start: int, line: str, gap: re.Pattern) -> list[tuple[int, int]]:
    lead = len(line) - len(line.lstrip())
    body = line.strip()
    bounds = [0] + [k for m in gap.finditer(body) for k in (m.start(), m.end())] + [len(body)]
    return [(start + lead + a, start + lead + b) for a, b in zip(bounds[::2], bounds[1::2], strict=True)]


def _split_cells(start: int, line: str, sep: str) -> list[tuple[int, int]]:
    out, pos = [], start
    for cell in line.split(sep):
        out.append((pos, pos + len(cell)))
        pos += len(cell) + 1
    return out


def find_tables(t: str) -> tuple[list[Row], list[tuple[int, int]]]:
    """Rows of every table in the normalised text, and the spans of all table lines."""
    rows: list[Row] = []
    spans: list[tuple[int, int]] = []
    regions: list[tuple[int, int]] = []
    headed = plain_tables(t)
    for table in headed + line_tables(t, headed):
        spans += table.spans
        regions.append((min(a for a, _ in table.spans), max(b for _, b in table.spans)))
        rows += _plain_rows(t, table)
    boxed, drawn = box_tables(t)
    rows, spans, regions = rows + boxed, spans + drawn, regions + drawn
    turned, lines = record_tables(t)
    rows, spans, regions = rows + turned, spans + lines, regions + lines
    roles: dict[str, int] | None = None
    heads_now: list[str] = []  # the header's cells, to know it again on a new page
    free: list[int] = []
    week: _When | None = None  # the calendar week the rows below belong to
    above: Row | None = None  # the row above, whose merged cells a row lacking them shares
    last_end = -1
    logical = _logical_rows(t)
    for k, (cells, lines) in enumerate(logical):
        if any(a <= lines[0][0] < b for a, b in regions):
            continue
        shaped = shaped_roles(t, logical, k) if roles is None else {}  # a table with no header
        if roles is None and _single(t, lines[0]) and not (shaped or read_header([t[a:b] for a, b in cells])):
            continue  # a line of words parted by single spaces is a row under a header only
        between = _between(t, last_end, lines[0][0])
        wrapped = _wrapped(t, last_end, lines[0][0]) if between is None and above is not None else []
        if wrapped and above is not None:
            spans += wrapped
            _go_on(t, above, wrapped)
        elif between is None:
            roles, week, above = None, None, None  # text between two rows ends a table
        else:
            spans += between  # a category row, a page's number: the table goes on
        if lines[0][0] < last_end:
            continue  # the second line of a header split over two
        last_end = lines[-1][1]
        texts = [t[a:b].strip() for a, b in cells]
        heads = [re.sub(r"\s", "", x) for x in texts]  # 日 期 | 内 容: a header spaced out
        if roles is not None and heads == heads_now:
            spans += lines  # the header repeated on a new page
            continue
        if roles is None:
            found, lines, last_end = _header_lines(t, logical, k, heads, lines)
            if found:
                roles, free = found
                heads_now, above = heads, None
                spans += lines
                continue
        led = t[cells[0][0] - 1 : cells[0][0]] == "|"
        loose = len(cells) == 3 and not texts[2] or not any(c in t[slice(*lines[0])] for c in "|\t")
        if (led or loose) and roles is None and not shaped:
            continue  # lines led by |, rows of two cells, cells parted by spaces: under a header only
        spans += lines + (heading_above(t, lines[0][0]) if shaped and above is None else [])
        if roles is not None and _category_row(texts):
            continue
        if loose and roles is not None and "content" in roles and len(cells) > len(heads_now):
            cells = _task_rejoined(cells, roles["content"], len(cells) - len(heads_now))
            texts = [t[a:b].strip() for a, b in cells]
        r, lacks = (
            _aligned(texts, roles, heads_now, free, led) if roles else (shaped or _guess_roles(texts), set())
        )
        when = _when(cells, texts, r)
        week = when or week
        row = _row(t, cells, texts, r, roles is not None)
        if row is None:
            continue
        if between and "number" in lacks and NUMBER.fullmatch(t[slice(*between[-1])].strip()):
            row.content[0] = (between[-1][0], row.content[0][1])  # 1\n加强…\t…: the number on a line above
        if above is not None:
            _share(row, above, lacks, r, texts, week is None)
        if row.due is None and week is not None:  # a row under a week's row takes the week's dates
            row.due = week.due
        if week is not None:
            row.week, row.week_cell = week.week, week.cell
        rows.append(row)
        above = row
    return rows, spans


def _single(t: str, line: tuple[int, int]) -> bool:
    body = t[slice(*line)].strip()
    return not _SPACED.fullmatch(body) and bool(_SINGLE.fullmatch(body))


def _task_rejoined(cells: list[tuple[int, int]], task: int, surplus: int) -> list[tuple[int, int]]:
    """A row of more space-parted cells than its header has columns: the spaces inside its task cell
    parted it (完成老旧小区 改造工作), so the surplus cells are the task's."""
    if task + surplus >= len(cells):
        return cells
    return cells[:task] + [(cells[task][0], cells[task + surplus][1])] + cells[task + surplus + 1 :]


def _plain_rows(t: str, table: PlainTable) -> list[Row]:
    """The task rows of a table stored one cell a line, a row lacking a merged cell sharing the one above."""
    out: list[Row] = []
    above: Row | None = None
    for spans in table.rows:
        cells = [c or (0, 0) for c in spans]
        texts = [t[a:b].strip() if c else "" for c, (a, b) in zip(spans, cells, strict=True)]
        r = dict(table.roles)
        if "content" not in r and table.free:
            r["content"] = table.free[0]
        row = _row(t, cells, texts, r, True)
        if row is None:
            continue
        if above is not None:
            lacks = {name for name, col in table.roles.items() if spans[col] is None}
            _share(row, above, lacks, r, texts, True)
        out.append(row)
        above = row
    return out


def _header_lines(
    t: str,
    logical: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]],
    k: int,
    heads: list[str],
    lines: list[tuple[int, int]],
) -> tuple[tuple[dict[str, int], list[int]] | None, list[tuple[int, int]], int]:
    """The header a row starts (its roles and free columns), with its lines and where it ends.

    序号 | 工作 | 责任 | 完成 | over | | 任务 | 单位 | 时限 |: a header split over two lines, its second
    holding only words that finish the first's cells, is read joined when that names more columns."""
    found = read_header(heads)
    nxt = logical[k + 1] if k + 1 < len(logical) else None
    if nxt and not t[lines[-1][1] : nxt[1][0][0]].strip(" \t\n|"):
        rest, more = [re.sub(r"\s", "", t[a:b]) for a, b in nxt[0]], nxt[1]
    else:  # 单位  时限: a line of two words below the header is no row of its own
        a = lines[-1][1] + 1
        b = t.find("\n", a) % (len(t) + 1) if a < len(t) else a
        rest, more = [x for x in re.split(r"[\s|]+", t[a:b]) if x], [(a, b)]
    joined = [a + b for a, b in zip(heads, rest, strict=True)] if len(rest) == len(heads) else []
    if rest and not joined and len([x for x in rest if x]) < len(heads):
        joined = _completed(heads, [x for x in rest if x])
    both = (
        read_header(joined)
        if joined and all(len(x) <= 6 and not DATE_ONLY.fullmatch(x) for x in rest if x)
        else None
    )
    if both and len(both[0]) > len(found[0] if found else {}):
        return both, lines + more, more[-1][1]
    return found, lines, lines[-1][1]


def _completed(heads: list[str], rest: list[str]) -> list[str]:
    """序号  工作任务  牵头  完成 over 单位  时限 (the second line's cells fewer, aligned by spaces): each
    word of the second line finishes the first cell after the one before it that it makes a column's
    word with (牵头 + 单位, 完成 + 时限), or [] when one finishes none."""
    out, k = list(heads), 0
    for x in rest:
        while k < len(out) and not (
            names_a_column(out[k] + x) and (len(out[k]) <= 2 or not names_a_column(out[k]))
        ):
            k += 1
        if k == len(out) or DATE_ONLY.fullmatch(x) or len(x) > 4:
            return []
        out[k] += x
        k += 1
    return out


def _between(t: str, a: int, b: int) -> list[tuple[int, int]] | None:
    """The lines between two table rows that do not end the table — a category row (一、产业发展), a
    page's number (— 2 —) — or None when other text lies there. (The `` |`` closing a cell-per-line row
    is nothing.)"""
    if a < 0 or not t[a:b].strip(" \t\n|-:"):
        return []
    out: list[tuple[int, int]] = []
    pos = a
    for line in t[a:b].split("\n"):
        body = line.strip(" \t|")
        if body:
            # (a row's number on a line of its own, above its cells, is its own)
            alone = NUMBER.fullmatch(body) and not t[pos + len(line) : b].strip()
            if len(out) >= 2 or not (page_mark(body) or alone or CATEGORY.match(body) and category(body)):
                return None
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _wrapped(t: str, a: int, b: int) -> list[tuple[int, int]]:
    """The lines between two rows of a table of one row a line that go on the row above, its cells
    wrapped (a PDF's or a narrow page's text): at most three short lines, or [] when the text there is
    other."""
    out: list[tuple[int, int]] = []
    pos = a
    for line in t[a:b].split("\n"):
        body = line.strip()
        if body:
            if len(out) >= 3 or len(body) > 40 or body.endswith(("：", ":")):
                return []
            out.append((pos + len(line) - len(line.lstrip()), pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def _go_on(t: str, row: Row, wrapped: list[tuple[int, int]]) -> None:
    """A wrapped cell's lines: units go on the row's unit cell, text on its task cell (whose span then
    runs over the other cells of its line, as a reader sees the cell); a time goes on a row with no time
    of its own only (年内完成改造20公里 under a row dated 6月底前 is its task's), and so do words that
    finish a task cut in the middle of a word (推进政务服务一 | 网通办), a unit's as they may look."""
    for a, b in wrapped:
        body = t[a:b].strip()
        cut = row.lead and "\u4e00" <= t[row.content[-1][1] - 1] <= "\u9fff" and len(body) <= 3
        if is_actor(body) and not cut:
            (row.co if row.co else row.lead).extend(units(body))
        elif row.due is not None or not is_time(body):
            row.content[-1] = (row.content[-1][0], b)


def _category_row(texts: list[str]) -> bool:
    """一 | 产业发展 | | |, 一、产业发展 | | |: a row naming the category of the rows below it."""
    full = [x for x in texts if x]
    if not full or len(full) > 2 or not category(full[-1]):
        return False
    return bool(CATEGORY_NUMBER.fullmatch(full[0]) and len(full) == 2 or CATEGORY.match(full[0]))


def _row(
    t: str, cells: list[tuple[int, int]], texts: list[str], r: dict[str, int], headed: bool
) -> Row | None:
    """The task row of cells read in the roles ``r``, or None for a row holding no task."""
    if "content" not in r or r["content"] >= len(cells):
        return None
    a, b = cells[r["content"]]
    if not is_task(t[a:b].strip()) or not headed and len(t[a:b].strip()) < 6:
        return None  # | 2020-10-20 |, | 部门文件 |: a catalogue's value, | 3月1日-3月7日 |: a week's row
    row = Row(content=[(a, b)])  # one item a row, numbered tasks inside its cell too (GUIDE)
    n = r.get("number", len(cells))  # the item runs from the row's number, 3 or （三） (GUIDE)
    if n < r["content"] and (NUMBER.fullmatch(texts[n]) or CATEGORY_NUMBER.fullmatch(texts[n])):
        row.content[0] = (cells[n][0], row.content[0][1])
    for name in ("lead", "co", "person"):
        for x in units(texts[r[name]]) if name in r and r[name] < len(texts) else []:
            # 市民政局 伍泽国 under 牵头单位及主要负责人: the unit acts, the person answers for it
            (row.person if name != "person" and person(x) else getattr(row, name)).append(x)
    if "due" in r and r["due"] < len(cells) and texts[r["due"]]:
        row.due = cells[r["due"]]
    return row


def _share(row: Row, above: Row, lacks: set[str], r: dict[str, int], texts: list[str], dated: bool) -> None:
    """A merged cell is stored once, in the first of the rows it spans: a row that lacks the cell, or
    leaves it empty, shares the row above's (9月 | 召开开学典礼 |\n| 庆祝教师节活动 |: the month's)."""

    def empty(name: str) -> bool:
        return name in lacks or name in r and r[name] < len(texts) and not texts[r[name]]

    if not row.lead and not row.co and empty("lead"):
        row.lead = list(above.lead)
        if empty("co"):
            row.co = list(above.co)
    if not row.person and empty("person"):
        row.person = list(above.person)
    if row.due is None and dated and empty("due"):
        row.due = above.due


def _aligned(
    texts: list[str], roles: dict[str, int], heads: list[str], free: list[int], led: bool
) -> tuple[dict[str, int], set[str]]:
    """The header's roles for one row, and the roles of the cells it lacks.

    A row with fewer cells than its header lacks a leading cell (a category or month spanning several
    rows), a trailing one, or one between (a unit merged over several rows): the reading whose cells fit
    their columns best wins (columns.choose), a web table's row led by ``|`` reading leading first. Under
    a header that names no task column (``free``: the columns it names nothing for) the task is the row's
    longest such cell.
    """
    width, full = len(heads), len(texts)
    while width > 1 and not heads[width - 1] and full >= width and not texts[width - 1]:
        width -= 1  # … | 说明 | (the bar closing a header and its rows: no column)
    full = min(full, width) if not any(texts[width:]) else full
    while full > 1 and not texts[full - 1] and full <= width:
        full -= 1  # 24 | … | 是 | | |: empty cells closing a row tell nothing of the cells it lacks
    shift = width - full
    if shift > 0:
        leading, trailing = tuple(range(shift, width)), tuple(range(full))
        cols = column_roles(roles, free, width)
        picked = choose(texts[:full], cols, [leading, trailing] if led else [trailing, leading])
    else:
        picked = tuple(range(len(texts)))
    at = {col: i for i, col in enumerate(picked)}
    r = {name: at[col] for name, col in roles.items() if col in at}
    tasks = [at[col] for col in free if col in at and is_task(texts[at[col]])]
    if "content" not in r and tasks:
        r["content"] = max(tasks, key=lambda i: len(texts[i]))
    return r, {name for name, col in roles.items() if col not in at}


@dataclass
class _When:
    """The week a calendar row names, with the cell holding its dates (if any)."""

    week: tuple[int, int]
    cell: tuple[int, int]
    due: tuple[int, int] | None


def _when(cells: list[tuple[int, int]], texts: list[str], r: dict[str, int]) -> _When | None:
    """The week a row names (第一周, 第3-4周) and where its dates are: its date cell, the week's own
    cell (第一周（3月1日-3月7日）) or a cell holding only dates; None for a row that names no week."""
    order = [r["week"]] if "week" in r and r["week"] < len(texts) else []
    found = next(
        ((i, w) for i in order + list(range(len(texts))) if (w := weeks.week_numbers(texts[i], i in order))),
        None,
    )
    if found is None:
        return None
    i, w = found
    dated = [
        j
        for j in [r.get("due", -1), i] + list(range(len(texts)))
        if 0 <= j < len(texts)
        and DATE_ONLY.fullmatch(texts[j])
        and weeks.cell_times(texts[j], dt.date(2000, 1, 1))
    ]
    return _When(w, cells[i], cells[dated[0]] if dated else None)


def _guess_roles(texts: list[str]) -> dict[str, int]:
    """A row with no header: the longest cell is the task, actor-only cells the owners."""
    tasks = [i for i, x in enumerate(texts) if not DATE_ONLY.fullmatch(x)] or list(range(len(texts)))
    roles: dict[str, int] = {"content": max(tasks, key=lambda i: len(re.sub(r"\s", "", texts[i])))}
    if roles["content"] > 0 and NUMBER.fullmatch(texts[0]):
        roles["number"] = 0  # the item runs from the row's number (GUIDE)
    week = [i for i, x in enumerate(texts) if weeks.week_numbers(x)]
    if week:
        roles["week"] = week[0]
    actors = [
        i
        for i, x in enumerate(texts)
        if i != roles["content"] and x and all(own.ACTOR.fullmatch(n) for n in own.split_actors(x))
    ]
    if actors:
        roles["lead"] = actors[0]
    if len(actors) > 1:
        roles["co"] = actors[1]
    for i, x in enumerate(texts):
        if i not in roles.values() and x and weeks.cell_times(x, dt.date(2000, 1, 1)):
            roles["due"] = i
    return roles
