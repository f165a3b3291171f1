"""What a numbered heading says and what its body holds: features of the learned decision (``features``).

A reader decides a numbered title line by two things. The heading's phrase: a directive (verb + object or
a modal: ``二、加强安全检查``), a target (``地区生产总值增长7%以上``), a ``label：value`` line, or a nominal
label named by its head noun; among labels, a frame (``指导思想``, ``组织领导``, ``经费预算``: the issuer's
own setting, no item) or an arrangement (``活动时间``, ``参加对象``: it dates or places the work under it).
And the body: numbered children, one actor's work, the sentences of several actors, background with no
work in it, or nothing. A heading over one actor's work is one item with its body; over several actors
its sentences are the items; a frame label's body is no item; a bare entry is an item in a plan by
months or a list of work, not in a list of goals. A candidate's span against its heading says which of
these it would be: the title alone, the heading with its body, or a piece of the body.
"""

from __future__ import annotations

import re

from .classifier import MODAL, _sentences
from .lexicon import VERBS
from .outline import Marker

# a target or an indicator: a figure with its unit or a rate (增长7%以上, 控制在3.5‰以内, 达到95%)
_TARGET = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|‰|个百分点|亿|万|倍)|(?:增长|下降|提高|达到|控制在)\s*\d")
# the head noun of a label that frames the plan (why, by what principle, who leads, what it costs)
_FRAME = re.compile(
    r"(?:思想|原则|目标|意义|背景|依据|概况|领导|机构|组织|保障|预算|经费|职责|分工|范围|对象|人员|单位|主题|口号)$"
)
# the head noun of a label that dates, places or orders the work under it
_ARRANGE = re.compile(r"(?:时间|日期|地点|安排|步骤|阶段|方式|流程|程序|进度|要求|事项|纪律|办法|内容|形式)$")
# a manner or a degree before the verb (切实加强, 进一步完善, 认真做好)
_MANNER = re.compile(
    r"^(?:切实|认真|扎实|积极|全力|着力|努力|全面|进一步|大力|深入|持续|不断|继续|严格|及时)+"
)
# the subject of a clause, before its modal or its verb of duty: a named body or people
_ACTOR = re.compile(
    r"(?:各|全体|所有)?[\u4e00-\u9fff、]{0,14}?"
    r"(?:部|委|办|局|处|科|室|单位|部门|小组|组|院|校|系|中心|站|所|会|政府|支部|班|队|司|厅|街道|社区|村|镇|乡|县|市|区"
    r"|同志|书记|主任|局长|校长|老师|教师|学生|党员|干部|人员|家长|员工)$"
)
_DUTY = re.compile(rf"{MODAL.pattern}|负责|牵头|配合")
# a month or a season that heads the entries of a plan (九月份：, 3月, 第一季度)
_MONTH = re.compile(
    r"(?:[（(]?[一二三四五六七八九十\d]{1,3}[、.．）)])?\s*"
    r"(?:[一二三四五六七八九十\d]{1,3}月|第?[一二三四1-4]季度|[上下]半年)"
)
_HEADER_LINE = re.compile(rf"^\s*{_MONTH.pattern}份?[^，。；\n]{{0,8}}[：:]?\s*$", re.MULTILINE)
_MARKER_LEAD = re.compile(r"^\s*(?:[（(][^）)]{1,3}[）)]|[一二三四五六七八九十\d]{1,3}[、.．是要]|[①-⑳])\s*")


def title_of(t: str, m: Marker) -> tuple[str, int, bool]:
    """A marker's title (its text to the first stop or the line's end, at most 30 characters), where the
    title ends in ``t``, and whether a ``：`` with text after it on the line makes it ``label：value``."""
    line_end = t.find("\n", m.body)
    line_end = len(t) if line_end < 0 else line_end
    head = t[m.body : min(line_end, m.body + 30)]
    cut = re.search(r"[。；！？：:]", head)
    title = head[: cut.start()] if cut else head
    end = m.body + len(title) + (1 if cut else 0)
    labelled = bool(cut and cut.group() in "：:" and t[end:line_end].strip())
    return title.strip(), end, labelled


def title_kind(title: str, labelled: bool = False) -> str:
    """``target``, ``label_value``, ``directive`` (verb + object or a modal), ``frame`` or ``arrange`` (a
    nominal label by its head noun) or ``nominal``."""
    if _TARGET.search(title):
        return "target"
    bare = _MANNER.sub("", title)
    label = _FRAME.search(title) or _ARRANGE.search(title)
    # 指导思想, 报送时间: a modifier and its noun, no verb and its object
    if label and label.start() <= 2 and not MODAL.search(title):
        return "frame" if _FRAME.search(title) else "arrange"
    if MODAL.search(title) or bare[:2] in VERBS or bare[:1] in ("抓", "做", "搞", "建", "办", "保", "促"):
        return "directive"
    if labelled:
        return "label_value"
    if _FRAME.search(title):
        return "frame"
    if _ARRANGE.search(title):
        return "arrange"
    return "nominal"


def body_kind(t: str, m: Marker, body_start: int) -> str:
    """``children``, ``empty``, ``background`` (no sentence asks for work), ``several`` (the sentences of
    different actors) or ``one`` (one actor's work, or none named)."""
    if m.children:
        return "children"
    body = _HEADER_LINE.sub("", t[body_start : m.end])
    if not body.strip(" \t\n。；："):
        return "empty"
    actors, work = set(), False
    for a, b in _sentences(t, body_start, m.end):
        s = _MARKER_LEAD.sub("", t[a:b])
        duty = _DUTY.search(s)
        if duty or _MANNER.sub("", s)[:2] in VERBS:
            work = True
        subject = s[: duty.start()].strip("，, ") if duty else ""
        if subject and _ACTOR.search(subject):
            actors.add(subject[-6:])
    if not work:
        return "background"
    return "several" if len(actors) > 1 else "one"


def heading_features(t: str, m: Marker, start: int, end: int) -> list[str]:
    """The features of a candidate ``[start, end)`` that opens at the marker ``m``: the kind of its title
    and of its body, and whether the span is the title alone, the whole element or a piece of it."""
    title, title_end, labelled = title_of(t, m)
    tk = title_kind(title, labelled)
    bk = body_kind(t, m, title_end)
    span = "title" if end <= title_end + 1 or bk == "empty" else "whole" if end >= m.end - 1 else "part"
    out = [f"hk:{tk}&{bk}", f"hk:{bk}&{span}", f"hk:{tk}&{bk}&{span}"]
    if bk == "empty":
        out.append(f"hk:under:{_list_kind(t, m)}")
    return out


def _list_kind(t: str, m: Marker) -> str:
    """What the list a bare entry belongs to is: entries of a month (a month line above it, or as its
    parent's title), or named by its parent's title kind (``top`` when it has none)."""
    above = ""
    for line in reversed(t[max(0, m.start - 400) : m.start].split("\n")[:-1]):
        if line.strip() and not (_MARKER_LEAD.match(line) and len(line) <= 30):  # the entries before it
            above = line.strip()
            break
    parent = m.parent
    if _MONTH.match(above) or parent is not None and _MONTH.match(title_of(t, parent)[0]):
        return "month"
    if parent is None:
        return "top"
    title, _, labelled = title_of(t, parent)
    return title_kind(title, labelled)


def part_features(t: str, m: Marker, seen: dict[int, list[str]]) -> list[str]:
    """The features of a candidate inside the body of ``m`` that does not open at it: the kinds of the
    part's title and body (``seen``: by marker, filled as met)."""
    if id(m) not in seen:
        title, title_end, labelled = title_of(t, m)
        seen[id(m)] = [f"in:{title_kind(title, labelled)}&{body_kind(t, m, title_end)}"]
    return seen[id(m)]
