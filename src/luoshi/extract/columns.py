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
        r"具体措施|工作措施|主要措施|整改措施|举措|具体要求|具体工作",
        r"任务内容|工作内容|主要内容|具体内容|具体任务|工作任务",
        r"重点任务|任务|事项|内容|主要工作|工作安排|工作要点|措施",
        r"目标$",  # 责任目标, 工作目标: the task column of a header naming no other
    )
]
# a column of units named by its head noun (实施单位, 主管部门, 责任处室, 评分部门), never 序号单位 (a header
# wrapped) nor 单位 or 计量单位 (a measure's)
_UNIT_COLUMN = re.compile(
    r"^(?!.*(?:序号|编号|计量))(?:[\u4e00-\u9fff]{1,6}(?:单位|主体)|[\u4e00-\u9fff]{0,6}(?:部门|处室|科室))"
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


NUMBER_COLUMN = re.compile(r"序号|编号|^序$")
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
# a task's opening verb (开工建设…, 新建…, 成功创建…城镇: an adverb before it) opens no unit's name but a
# short one's or one that ends like an office (建设局, 建设工程质量监督站, 创建工作领导小组)
_OPENERS = "|".join(sorted(VERBS | {"开工", "新建", "改建", "扩建", "新增", "打通", "创建"}))
_TASKLIKE = re.compile(
    rf"(?:成功|全面|加快|积极|大力|进一步|切实|着力|深入|力争|确保)?(?:{_OPENERS}).{{3,}}"
    r"(?<![局委办站心部科室府司团道区位门组])$"
)
_COUNTED = re.compile(r"[\d一二两三四五六七八九十百千]+[处个所家条座项]$")  # 公园两处: a count


def is_task(cell: str) -> bool:
    return len(re.findall(r"[\u4e00-\u9fff]", cell)) >= 4 and not DATE_ONLY.fullmatch(cell)


def roles_of(header: list[str]) -> dict[str, int]:
    """The column of each role a header names: content, lead, co, person, week, due, number, and units
    (a column of units that are no owners)."""
    roles: dict[str, int] = {}
    # the first pattern's first cell, but a task's name (任务名称 | 工作目标) is the item's head, not its body
    found = [
        (i, k)
        for k, pat in enumerate(_CONTENT)
        for i, h in enumerate(header)
        if pat.search(h) and not LEAD.search(h) and not DUE.search(h)
    ]
    if found:
        roles["content"] = min(found, key=lambda c: ("名称" in header[c[0]], c[1], c[0]))[0]
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
    hit = [i for i, h in enumerate(header) if NUMBER_COLUMN.search(h) and i not in roles.values()]
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
