"""Parts of a speech that assign no work, judged by their heading and what they hold.

A leader's speech reviews last year's work (``一、关于2005年的工作回顾``, ``一、成绩来之不易``) and asks
for cognition (``一、务必要提高认识，正视问题``, ``二是全面认识学校发展的大局``) before it deploys the
year's work; a span inside such a part is no task, whatever its words, unless the cognition part
turns to a named actor who must act (``一是强化思想意识。各乡镇各部门…一定要把…列入议事日程``).
The verdict is by the part, not by the sentence's shape: the same ``要…`` is a task under
``二、今年的工作任务``.

The opening of a speech, before the speaker announces his points (``下面，我讲几点意见``) and before
any heading, holds the meeting's purpose, praise of the reports heard, the background and the
formulas that close them (``大家要抓好落实``); only a clause that turns to a named actor with a
concrete act (``会后，两办要尽快整理印发``) is work.
"""

from __future__ import annotations

import re

from .outline import Marker, walk
from .soft import ACTOR_MUST, COGNITION, cognition_only

REVIEW = "工作回顾，不是任务"
OPENING = "讲话的开场白，不是任务"

# 一、关于2005年的工作回顾, 一、2024年基层党建工作成效显著, 一、成绩来之不易: a heading that looks back;
# never one that also looks ahead (2023年工作回顾和2024年工作安排)
_REVIEW_HEAD = re.compile(r"回顾|成效(?:显著|明显)|成绩(?:显著|斐然|突出)|来之不易")
_AHEAD = re.compile(r"安排|部署|任务|打算|思路|计划|要求|意见|下一步|今后|明年|重点")
_TITLE_END = re.compile(r"[。；;！!？?\n]")
# 下面，我讲几点意见; 我围绕全市组织工作讲三个问题; 今天，我主要讲以下二个事情; 我再强调三点意见
_ANNOUNCE = re.compile(
    r"我(?:再|就|想|主要|先|代表[^，。；]{1,12})?(?:围绕[^，。；]{1,30})?(?:讲|谈|强调|提)(?:以下)?"
    r"[几两二三四五六七八九十]+(?:点|个问题|个方面|件事|个事情)"
)
_CLAUSE = re.compile(r"[^，。；：！？\n]+[，。；：！？\n]*")
# the formula that closes a report heard, no concrete act: 各部门、各街道要全力抓好落实
_FORMULA = re.compile(r"(?:抓好|抓|贯彻|狠抓|推动)(?:贯彻)?落实(?:到位)?[，。；！\s]*$")


def soft_parts(t: str, roots: list[Marker]) -> list[tuple[int, int, str]]:
    """The parts (start, end, reason) of ``t`` whose spans are no tasks: a part headed by a review,
    and an element whose title is cognition only and whose body names no actor who must act."""
    out: list[tuple[int, int, str]] = []
    for m in walk(roots):
        if out and m.start < out[-1][1]:
            continue  # inside a part already set aside
        title = _TITLE_END.split(t[m.body : m.end], maxsplit=1)[0]
        if (m.children or m.heading) and _REVIEW_HEAD.search(title) and not _AHEAD.search(title):
            out.append((m.start, m.end, REVIEW))
        elif cognition_only(title) and not ACTOR_MUST.search(t[m.body : m.end]):
            out.append((m.start, m.end, COGNITION))
    return out + _opening(t, roots)


def _opening(t: str, roots: list[Marker]) -> list[tuple[int, int, str]]:
    """The runs of clauses of a speech's opening that hold no actor's concrete act: the paragraphs
    without a heading that lead up to the speaker's announcement of his points."""
    m = _ANNOUNCE.search(t)
    if not m:
        return []
    heads = [r.start for r in walk(roots) if r.start < m.start()]
    a = t.rfind("\n", 0, m.start()) + 1
    while a > 0 and not any(t.rfind("\n", 0, a - 1) < h < a for h in heads):
        a = t.rfind("\n", 0, a - 1) + 1
    if any(a <= h for h in heads):
        return []  # the announcement closes a numbered point: no opening
    out: list[tuple[int, int, str]] = []
    for c in _CLAUSE.finditer(t, a):
        if c.start() >= m.end():
            break
        if ACTOR_MUST.search(c.group()) and not _FORMULA.search(c.group()):
            continue  # 两办要尽快整理印发: work, and the run of soft clauses breaks here
        if out and out[-1][1] == c.start():
            out[-1] = (out[-1][0], c.end(), OPENING)
        else:
            out.append((c.start(), c.end(), OPENING))
    return out


def part_reason(parts: list[tuple[int, int, str]], a: int, b: int) -> str | None:
    """The reason of the part that holds the span ``[a, b)``, if one does."""
    return next((r for s, e, r in parts if s <= a and b <= e), None)
