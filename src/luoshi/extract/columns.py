"""A task table's columns: the header's vocabulary, and which column each cell of a row fills.

A pasted table loses its grid: a web page flattened stores one cell a line, a merged cell once over the
rows it spans, a task cell broken over lines. The header still names the columns (序号, 工作任务, 牵头单位,
完成时限…), and what a cell holds — a number, a task, units, persons, a date — says which of them it
fills, so a row is read as the assignment of its cells to the header's columns that fits best.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from . import owners as own
from . import weeks
from .lexicon import VERBS

_CONTENT = [
    re.compile(p)
    for p in (
        r"具体措施|工作措施|主要措施|整改措施|举措|具体要求",
        r"任务内容|工作内容|主要内容|具体内容|具体任务|工作任务",
        r"重点任务|任务|事项|内容|主要工作|工作安排|工作要点|措施",
        r"目标$",  # 责任目标, 工作目标: the task column of a header naming no other
    )
]
# a column of units named by its head noun (实施单位, 主管部门, 责任处室, 评分部门), never 序号单位 (a header
# wrapped) nor 单位 alone (a measure's)
_UNIT_COLUMN = re.compile(
    r"^(?!.*(?:序号|编号))(?:[\u4e00-\u9fff]{1,6}(?:单位|主体)|[\u4e00-\u9fff]{0,6}(?:部门|处室|科室))"
    r"(?:[（(][^）)]{1,6}[)）])?$"
)
# who acts: a word naming the lead (牵头, 负责), or a unit column — but not one of who checks the work
# (评分部门, 督办单位) or of measure (计量单位)
LEAD = re.compile(
    rf"牵头|负责|主责|承办|主办|^(?!.*(?:评分|考核|考评|督查|督办|监督|填报|报送|统计|计量)){_UNIT_COLUMN.pattern[1:]}"
)
_CO = re.compile(r"配合|协办|参与|协助|协同")
HEAD = re.compile(r"序号|项目|类别|分值|分数|指标|备注")  # words of a header row naming no role
# the words of other columns a task table holds (当前进度, 推进情况, 说明, 目标): they name a column, no role
_OTHER = re.compile(r"进度|进展|情况|说明|标准|要求|成效|目标|依据|级别|类型|金额|投资|规模|地点|备注|编号")
DUE = re.compile(r"时限|时间|节点|期限|日期|进度安排")
WEEK = re.compile(r"周次|周别|^周$|教学周")
# 分管领导, 牵头领导, 联系人: persons who answer for the row (牵头单位及主要负责人 names the unit first)
_PERSON = re.compile(r"^(?!.*(?:单位|部门|处室|科室)).*?(?:责任人|负责人|联系人|领导(?:同志)?$)")
_PERSON_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}(?<![局委办处科室部门镇村街区县市省厅院校会队所站心组团司])")
_BY_SURNAME = re.compile(r"(?:.*[处科室部局委办院系校组心])?[^处科室部局委办院系校组心各]老师")


def person(name: str) -> bool:
    """A cell's name is a person's (伍泽国, 刘老师, 教务处刘老师), not a unit's or a role's (各班主任老师):
    a person answers for the row and is no owner (GUIDE)."""
    return bool(_PERSON_NAME.fullmatch(name) and not own.ACTOR.fullmatch(name) or _BY_SURNAME.fullmatch(name))


_NUMBER_COLUMN = re.compile(r"序号|编号|^序$")
_KIND = re.compile(r"类别|分类|类型|领域|板块")
# a cell holding only a date, a range or a week (3月1日-3月7日, 第三周): never the task
DATE_ONLY = re.compile(r"[\d〇零一二两三四五六七八九十月日号年周第至到\-—－~～.．/（）()\s]+")
NUMBER = re.compile(r"[（(]?\d{1,3}[)）]?[.、．]?")
# 一、产业发展, （二）民生保障, 第一部分: a category row's cell
CATEGORY = re.compile(
    r"[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十]{1,3}[部章类]"
)
CATEGORY_NUMBER = re.compile(r"[（(]?[一二三四五六七八九十]{1,3}[)）]?[、.．]?")
# a time column's words that date nothing or date by a period the deadline grammar reads elsewhere
_OPEN_TIME = re.compile(
    r"(?:长期|持续|常态化|常年|定期|适时|年内|全年|每[年季月周天日]|按[年季月周]|逐年|分阶段)\S{0,12}"
    r"|(?:\d{4}年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?:[-—~～至到]\d{1,2})?月份?(?:[上中下]旬|底|末|中)?(?:前|之前|完成)?"
    r"|(?:\d{4}年)?(?:第?[一二三四1-4]季度|[上下]半年)(?:末|底)?(?:前)?|\d{4}(?:[-—~～至]\d{4})?年(?:底|末)?(?:前|完成)?"
)
_PERSONS = re.compile(r"[\u4e00-\u9fff]{2,4}(?:[、，,\s][\u4e00-\u9fff]{2,4})*")
_PAGE = re.compile(r"[—\-－]+\s*\d{1,3}\s*[—\-－]+|第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?")
_YEAR2000 = dt.date(2000, 1, 1)
# a task's opening verb (开工建设…, 新建…, 推进…) opens no unit's name but a short one's or one that ends
# like an office (建设局, 建设工程质量监督站)
_OPENERS = "|".join(sorted(VERBS | {"开工", "新建", "改建", "扩建", "新增", "打通"}))
_TASKLIKE = re.compile(rf"(?:{_OPENERS}).{{3,}}(?<![局委办站心部科室府司团道区位门])$")
_COUNTED = re.compile(r"[\d一二两三四五六七八九十百千]+[处个所家条座项]$")  # 公园两处: a count
_HALF = re.compile(r"[\u4e00-\u9fff]{1,6}")  # a header cell split over two lines, or its half


def is_task(cell: str) -> bool:
    return len(re.findall(r"[\u4e00-\u9fff]", cell)) >= 4 and not DATE_ONLY.fullmatch(cell)


def roles_of(header: list[str]) -> dict[str, int]:
    """The column of each role a header names: content, lead, co, person, week, due, number, and units
    (a column of units that are no owners)."""
    roles: dict[str, int] = {}
    for pat in _CONTENT:
        hit = [i for i, h in enumerate(header) if pat.search(h) and not LEAD.search(h) and not DUE.search(h)]
        if hit:
            roles["content"] = hit[0]
            break
    for name, pat in (("co", _CO), ("person", _PERSON), ("week", WEEK), ("due", DUE)):
        hit = [i for i, h in enumerate(header) if pat.search(h) and i not in roles.values()]
        if hit:
            roles[name] = hit[0]
    hit = [i for i, h in enumerate(header) if LEAD.search(h) and i not in roles.values()]
    # 牵头责任单位 | 责任单位, 主要责任单位 | 责任单位: the leading one leads, the other works with it
    hit.sort(key=lambda i: not re.search(r"牵头|主要|主责|主办", header[i]))
    if hit:
        roles["lead"] = hit[0]
    if len(hit) > 1 and "co" not in roles:
        roles["co"] = hit[1]
    # 评分部门, 督办单位: units that check the work, no owners, but what the column holds is units
    hit = [i for i, h in enumerate(header) if _UNIT_COLUMN.match(h) and i not in roles.values()]
    if hit:
        roles["units"] = hit[0]
    hit = [i for i, h in enumerate(header) if _NUMBER_COLUMN.search(h) and i not in roles.values()]
    # 序号 | 类别 | 工作内容: a category cell spanning several rows lies outside a row's item, and so does
    # the number before it
    task = roles.get("content", len(header))
    if hit and not any(_KIND.search(h) for h in header[hit[0] + 1 : task]):
        roles["number"] = hit[0]
    return roles


def names_a_column(head: str) -> bool:
    """A header cell's word: a role's, or one of a column naming no role (序号, 项目, 备注)."""
    return bool(
        LEAD.search(head)
        or DUE.search(head)
        or _CONTENT[2].search(head)
        or HEAD.fullmatch(head)
        or WEEK.search(head)
        or _CO.search(head)
        or _PERSON.search(head)
        or _OTHER.search(head)
        or _UNIT_COLUMN.match(head)
    )


def read_header(heads: list[str]) -> tuple[dict[str, int], list[int]] | None:
    """The roles of a header row and the columns it names nothing for, or None for a row that is none."""
    named = sum(
        bool(LEAD.search(x) or DUE.search(x) or _CONTENT[2].search(x) or HEAD.fullmatch(x) or WEEK.search(x))
        for x in heads
    )
    # 发布单位 | 区政府 | 发文日期 | 2022-07-14: a page's catalogue line holds values, a header names only
    if named < 2 or any(len(x) > 12 or DATE_ONLY.fullmatch(x) and re.search(r"\d", x) for x in heads):
        return None
    roles = roles_of(heads)
    # 周次 | 日期 | 学校工作 | 备注: no column named the task's; it is one of those named nothing
    free = [i for i, h in enumerate(heads) if i not in roles.values() and not HEAD.search(h)]
    if "content" not in roles and not any(heads[i] for i in free):  # 序号 | 项目 | 责任部门: the project
        free = [i for i, h in enumerate(heads) if i not in roles.values() and "项目" in h]
    return roles, free


def is_time(cell: str) -> bool:
    if len(cell) > 40 or NUMBER.fullmatch(cell):
        return False
    return bool(_OPEN_TIME.fullmatch(cell)) or len(cell) <= 24 and bool(weeks.cell_times(cell, _YEAR2000))


def units(cell: str) -> list[str]:
    """The units a unit cell names, a line each when it runs over lines, parted by spaces too
    (区投资促进中心。: its full stop no part of a name), and each after the column's name a cell may
    label its units with (牵头单位：市住建局；配合单位：市财政局)."""
    lines = [_CELL_LABEL.sub(_unlabel, x) for x in re.split(r"[\n；;]", cell)]
    parts = [p for line in lines for p in _spaced(line.strip().rstrip("。；;，,. "))]
    return [n for p in parts for n in own.split_actors(p)]


_CELL_LABEL = re.compile(r"^\s*([\u4e00-\u9fff]{2,6})[：:]\s*")


def _unlabel(m: re.Match) -> str:
    return "" if names_a_column(m.group(1)) else m.group(0)


def _spaced(line: str) -> list[str]:
    """教务处 各系(部): units parted by a space, when every part is one (俞 悦 is one person)."""
    parts = line.split()
    named = len(parts) > 1 and all(len(p) >= 2 for p in parts) and any(own.ACTOR.fullmatch(p) for p in parts)
    return parts if named else [line]


def is_actor(cell: str) -> bool:
    """A unit cell: every name in it a unit's, none a task that ends like one (新建城区公园两处,
    开工建设老年大学: a verb opens it, a count closes it)."""
    names = units(cell) if 0 < len(cell) <= 120 else []
    return bool(names) and all(
        own.ACTOR.fullmatch(n) and not _TASKLIKE.match(n) and not _COUNTED.search(n) for n in names
    )


def fit(role: str, cell: str) -> float:
    """How well a cell's text fits a column of the role: positive when it holds what the column holds."""
    if not cell:
        return -0.3
    if role == "number":
        return 3.0 if NUMBER.fullmatch(cell) else -3.0
    if role == "content":
        return (
            -2.0
            if is_actor(cell) or is_time(cell) or NUMBER.fullmatch(cell)
            else 1.5
            if is_task(cell) and not (CATEGORY.match(cell) and category(cell))
            else 0.3
        )
    if role in ("lead", "co", "units"):
        return 2.0 if is_actor(cell) else -2.0
    if role == "due":
        return 2.0 if is_time(cell) else -2.0
    if role == "week":
        return 2.0 if weeks.week_numbers(cell, True) else -1.0
    if role == "person":
        return 1.5 if _PERSONS.fullmatch(cell) or is_actor(cell) else -1.0
    return 0.3  # a column naming no role (备注, 进展情况, 分值) holds anything


def column_roles(roles: dict[str, int], free: list[int], width: int) -> list[str]:
    """The role of each column: a header naming no task column has its task among the free ones."""
    out = ["other"] * width
    for name, i in roles.items():
        if i < width:
            out[i] = name
    if "content" not in roles and free:
        out[free[0]] = "content"
    return out


def choose(texts: list[str], cols: list[str], prefer: list[tuple[int, ...]]) -> tuple[int, ...]:
    """The header columns a row of fewer cells fills (in order): the reading whose cells fit their columns
    best; ``prefer`` (a leading or a trailing cell missing, as merged cells lose them) wins a tie."""
    width = len(cols)
    best: tuple[float, tuple[int, ...]] | None = None
    candidates = list(prefer) + [
        c for c in itertools.combinations(range(width), len(texts)) if c not in prefer
    ]
    for c in candidates[:400]:
        score = sum(fit(cols[j], x) for j, x in zip(c, texts, strict=True))
        if best is None or score > best[0] + 1e-9:
            best = (score, c)
    return best[1] if best else tuple(range(len(texts)))


def category(cell: str) -> bool:
    """A category row's cell between task rows (一、产业发展, （二）民生保障)."""
    return len(cell) <= 30 and not cell.endswith(("。", "；")) and not is_actor(cell) and not is_time(cell)


def page_mark(cell: str) -> bool:
    """A page's number or mark between the rows a page break parted (— 2 —, 第2页)."""
    return bool(_PAGE.fullmatch(cell))


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
    if role in ("lead", "co", "units", "person"):
        return 1.0 if alone > 0 else -2.0
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
class Row:
    """A task row as every table layout reads it: its task text and the cells that fill its fields."""

    content: list[tuple[int, int]]  # spans of the task text (one per numbered sub-task)
    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    person: list[str] = field(default_factory=list)
    due: tuple[int, int] | None = None  # span of the deadline cell
    week: tuple[int, int] | None = None  # a calendar's teaching weeks (first, last), 第3-4周 → (3, 4)
    week_cell: tuple[int, int] | None = None  # span of the cell naming them


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
        if len(x) <= 10 and names_a_column(x):
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
        first = next((i for i, c in enumerate(cells) if i and _NUMBER_COLUMN.fullmatch(_joined(heads, c))), 0)
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
