"""Task tables (任务分工表): rows from Word tables, pasted Excel (tabs) or web pages (``|``).

The task cell is the item; the owner and deadline columns fill its fields.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from . import owners as own
from . import weeks
from .numerals import NUM_RE

_CONTENT = [
    re.compile(p)
    for p in (
        r"具体措施|工作措施|主要措施|整改措施",
        r"任务内容|工作内容|主要内容|具体任务|工作任务",
        r"重点任务|任务|事项|内容|主要工作|工作安排|工作要点|措施",
    )
]
_LEAD = re.compile(r"牵头|责任单位|责任部门|负责|处室|科室|主责|承办|主办|^(?:执行|实施|组织)?部门$")
_CO = re.compile(r"配合|协办|参与|协助")
_HEAD = re.compile(r"序号|项目|类别|分值|分数|指标|备注")  # words of a header row naming no role
_DUE = re.compile(r"时限|时间|节点|期限|日期|进度安排")
_WEEK = re.compile(r"周次|周别|^周$|教学周")
# 第三周\t…, 周次\t…: a calendar of two columns, the week and its work
_WEEK_ROW = re.compile(
    rf"\s*(?:第\s*{NUM_RE}\s*(?:[-—－~～至到]\s*第?\s*{NUM_RE}\s*)?周|周次|周别|教学周)\s*\t"
)
# a cell holding only a date, a range or a week (3月1日-3月7日, 第三周): never the task
_DATE_ONLY = re.compile(r"[\d〇零一二两三四五六七八九十月日号年周第至到\-—－~～.．/（）()\s]+")
_PERSON = re.compile(r"责任人|责任领导|分管领导")
# 序号  工作任务  牵头单位  完成时限: cells parted by runs of spaces (two or more, or full-width ones)
_SPACED = re.compile(r"[^\s|]+(?:(?: {2,}|\u3000+)[^\s|](?:[^\s|]| (?! ))*){2,}")
_GAP = re.compile(r" {2,}|\u3000+")
_SUB = re.compile(r"(?:^|(?<=[；;。]))\s*\d{1,2}[.、．](?!\d)")


@dataclass
class Row:
    content: list[tuple[int, int]]  # spans of the task text (one per numbered sub-task)
    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    person: list[str] = field(default_factory=list)
    due: tuple[int, int] | None = None  # span of the deadline cell
    week: tuple[int, int] | None = None  # a calendar's teaching weeks (first, last), 第3-4周 → (3, 4)
    week_cell: tuple[int, int] | None = None  # span of the cell naming them


def _roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for pat in _CONTENT:
        hit = [
            i for i, h in enumerate(header) if pat.search(h) and not _LEAD.search(h) and not _DUE.search(h)
        ]
        if hit:
            roles["content"] = hit[0]
            break
    for name, pat in (("co", _CO), ("person", _PERSON), ("week", _WEEK), ("due", _DUE)):
        hit = [i for i, h in enumerate(header) if pat.search(h) and i not in roles.values()]
        if hit:
            roles[name] = hit[0]
    hit = [i for i, h in enumerate(header) if _LEAD.search(h) and i not in roles.values()]
    if hit:
        roles["lead"] = hit[0]
    return roles


def _lines(t: str):
    """(start, line) of every line of the text."""
    pos = 0
    for line in t.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _logical_rows(t: str) -> list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]:
    """(cells, line spans) of every table row, whatever its layout.

    A row is a line of tab-separated cells (Word, Excel), a line of ``|``-separated cells, or
    — as web pages are often stored — one cell per line, each ending in `` |``, a row starting at
    its number cell and holding as many cells as the header.
    """
    out: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]] = []
    block: list[tuple[int, int]] = []  # cell-per-line spans of the current block
    led: list[tuple[int, int]] = []  # cells of the current row, each on a line led by ``|``
    for start, line in list(_lines(t)) + [(len(t) + 1, "")]:
        stripped = line.rstrip()
        lead = line.lstrip()
        if block and stripped and not stripped.strip("|"):
            block += [(start + k, start + k) for k in range(len(stripped))]  # ``||``: empty cells
            continue
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
        if stripped.endswith("|") and stripped.count("|") == 1 and len(stripped) > 1:
            block.append((start, start + len(stripped) - 1))
            continue
        if block:
            out += _block_rows(t, block)
            block = []
        if line.count("\t") >= 2 or (line.count("\t") == 1 and _WEEK_ROW.match(line)):
            out.append((_split_cells(start, line, "\t"), [(start, start + len(line))]))
        elif line.count("|") >= 3 or (stripped.count("|") == 2 and stripped.endswith("|")):
            # 周次 | 工作要点 |: a row of two cells, each closed by `` |`` as web pages are stored
            out.append((_split_cells(start, line, "|"), [(start, start + len(line))]))
        elif _SPACED.fullmatch(line.strip()):
            out.append((_spaced_cells(start, line), [(start, start + len(line))]))
    return out


def _block_rows(t: str, block: list[tuple[int, int]]):
    """Rows of a cell-per-line block: the header's cells up to the first number cell, then rows as
    wide as the header, or — when rows lack or add cells — each row from one serial number to the next."""
    texts = [t[a:b].strip() for a, b in block]
    width = next((i for i, x in enumerate(texts) if x.isdigit()), 0)
    if width < 2:
        return []
    starts = list(range(0, len(block), width))
    if not all(texts[k].isdigit() for k in starts[1:]):
        starts, n = [0, width], int(texts[width])
        for k in range(width + 2, len(block)):
            if texts[k] == str(n + 1) and k - starts[-1] >= 2:
                starts.append(k)
                n += 1
    rows = []
    for a, b in itertools.pairwise([*starts, len(block)]):
        cells = block[a:b]
        rows.append((cells, [(cells[0][0], cells[-1][1])]))
    return rows


def _spaced_cells(start: int, line: str) -> list[tuple[int, int]]:
    lead = len(line) - len(line.lstrip())
    body = line.strip()
    bounds = [0] + [k for m in _GAP.finditer(body) for k in (m.start(), m.end())] + [len(body)]
    return [(start + lead + a, start + lead + b) for a, b in zip(bounds[::2], bounds[1::2], strict=True)]


def _split_cells(start: int, line: str, sep: str) -> list[tuple[int, int]]:
    out, pos = [], start
    for cell in line.split(sep):
        out.append((pos, pos + len(cell)))
        pos += len(cell) + 1
    return out


def _header(heads: list[str]) -> tuple[dict[str, int], list[int]] | None:
    """The roles of a header row and the columns it names nothing for, or None for a row that is none."""
    named = sum(
        bool(
            _LEAD.search(x)
            or _DUE.search(x)
            or _CONTENT[2].search(x)
            or _HEAD.fullmatch(x)
            or _WEEK.search(x)
        )
        for x in heads
    )
    if named < 2 or any(len(x) > 12 for x in heads):
        return None
    roles = _roles(heads)
    # 周次 | 日期 | 学校工作 | 备注: no column named the task's; it is one of those named nothing
    free = [i for i, h in enumerate(heads) if i not in roles.values() and not _HEAD.search(h)]
    if "content" not in roles and not any(heads[i] for i in free):  # 序号 | 项目 | 责任部门: the project
        free = [i for i, h in enumerate(heads) if i not in roles.values() and "项目" in h]
    return roles, free


def find_tables(t: str) -> tuple[list[Row], list[tuple[int, int]]]:
    """Rows of every table in the normalised text, and the spans of all table lines."""
    rows: list[Row] = []
    spans: list[tuple[int, int]] = []
    roles: dict[str, int] | None = None
    width = 0  # the header's cells
    free: list[int] = []
    week: _When | None = None  # the calendar week the rows below belong to
    spans_below: tuple[int, int] | None = None  # a leading time cell merged over the rows below it
    last_end = -1
    logical = _logical_rows(t)
    for k, (cells, lines) in enumerate(logical):
        if t[last_end : lines[0][0]].strip(" \t\n|"):  # (the `` |`` closing a cell-per-line row is none)
            roles, week, spans_below = None, None, None  # text between two rows ends a table
        if lines[0][0] < last_end:
            continue  # the second line of a header split over two
        last_end = lines[-1][1]
        texts = [t[a:b].strip() for a, b in cells]
        heads = [re.sub(r"\s", "", x) for x in texts]  # 日 期 | 内 容: a header spaced out
        if roles is None:
            nxt = logical[k + 1] if k + 1 < len(logical) else None
            # 序号 | 工作 | 责任 | 完成 | over | | 任务 | 单位 | 时限 |: a header split over two lines, its
            # second holding only words that finish the first's cells
            rest = [re.sub(r"\s", "", t[a:b]) for a, b in nxt[0]] if nxt else []
            found = _header(heads)
            joined = [a + b for a, b in zip(heads, rest, strict=True)] if len(rest) == len(heads) else []
            both = (
                _header(joined)
                if joined and all(len(x) <= 6 and not _DATE_ONLY.fullmatch(x) for x in rest if x)
                else None
            )
            if (
                nxt
                and both
                and len(both[0]) > len(found[0] if found else {})
                and not t[last_end : nxt[1][0][0]].strip(" \t\n|")
            ):
                found, lines, last_end = both, lines + nxt[1], nxt[1][-1][1]
            if found:
                roles, free = found
                width = len(heads)
                spans += lines
                continue
        led = t[cells[0][0] - 1 : cells[0][0]] == "|"
        loose = len(cells) == 3 and not texts[2] or not any(c in t[slice(*lines[0])] for c in "|\t")
        if (led or loose) and roles is None:
            continue  # lines led by |, rows of two cells, cells parted by spaces: under a header only
        spans += lines
        r = _aligned(texts, roles, width, free, led) if roles else _guess_roles(texts)
        when = _when(cells, texts, r)
        week = when or week
        if "content" not in r or r["content"] >= len(cells):
            continue
        a, b = cells[r["content"]]
        if not _is_task(t[a:b].strip()) or roles is None and len(t[a:b].strip()) < 6:
            continue  # | 2020-10-20 |, | 部门文件 |: a catalogue's value, | 3月1日-3月7日 |: a week's row
        row = Row(content=_split_sub(t, a, b))
        for name in ("lead", "co", "person"):
            if name in r and r[name] < len(texts):
                getattr(row, name).extend(own.split_actors(texts[r[name]]))
        if "due" in r and r["due"] < len(cells) and texts[r["due"]]:
            row.due = cells[r["due"]]
            spans_below = row.due
        elif week is None and roles and "due" in roles and r.get("due", 0) == 0:
            # 9月 | 召开开学典礼 |\n| 庆祝教师节活动 |: a row that lacks its leading time cell, or leaves it
            # empty, lies under the one above (a calendar's rows lie under their week's row, below)
            row.due = spans_below
        if row.due is None and week is not None:  # a row under a week's row takes the week's dates
            row.due = week.due
        if week is not None:
            row.week, row.week_cell = week.week, week.cell
        rows.append(row)
    return rows, spans


def _is_task(cell: str) -> bool:
    return len(re.findall(r"[\u4e00-\u9fff]", cell)) >= 4 and not _DATE_ONLY.fullmatch(cell)


def _aligned(
    texts: list[str], roles: dict[str, int], width: int, free: list[int], led: bool
) -> dict[str, int]:
    """The header's roles for one row.

    A row with fewer cells than its header lacks a leading cell (a category or month spanning several
    rows) or a trailing one: the reading whose task cell holds a task, whose week cell a week and whose
    date cell a date wins, a web table's row led by ``|`` reading leading first. Under a header that names
    no task column (``free``: the columns it names nothing for) the task is the row's longest such cell.
    """
    shift = width - len(texts)
    offsets = ([shift, 0] if led else [0, shift]) if shift > 0 else [0]
    best: tuple[int, dict[str, int]] | None = None
    for off in offsets:
        r = {k: v - off for k, v in roles.items() if v >= off}
        tasks = [i - off for i in free if 0 <= i - off < len(texts) and _is_task(texts[i - off])]
        if "content" not in r and tasks:
            r["content"] = max(tasks, key=lambda i: len(texts[i]))
        fit = sum(
            (
                2 * bool(r.get("content", len(texts)) < len(texts) and _is_task(texts[r["content"]])),
                "week" in r and r["week"] < len(texts) and bool(weeks.week_numbers(texts[r["week"]], True)),
                "due" in r
                and r["due"] < len(texts)
                and bool(weeks.cell_times(texts[r["due"]], dt.date(2000, 1, 1))),
            )
        )
        if best is None or fit > best[0]:
            best = (fit, r)
    return best[1] if best else roles


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
        and _DATE_ONLY.fullmatch(texts[j])
        and weeks.cell_times(texts[j], dt.date(2000, 1, 1))
    ]
    return _When(w, cells[i], cells[dated[0]] if dated else None)


def _guess_roles(texts: list[str]) -> dict[str, int]:
    """A row with no header: the longest cell is the task, actor-only cells the owners."""
    tasks = [i for i, x in enumerate(texts) if not _DATE_ONLY.fullmatch(x)] or list(range(len(texts)))
    roles: dict[str, int] = {"content": max(tasks, key=lambda i: len(re.sub(r"\s", "", texts[i])))}
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


def _split_sub(t: str, a: int, b: int) -> list[tuple[int, int]]:
    """``1.…；2.…`` inside one cell are two tasks."""
    starts = [a + m.start() + (len(m.group(0)) - len(m.group(0).lstrip())) for m in _SUB.finditer(t[a:b])]
    if len(starts) < 2:
        return [(a, b)]
    bounds = starts + [b]
    return list(itertools.pairwise(bounds))
