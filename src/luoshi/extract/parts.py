"""Parts of a speech that assign no work, judged by their heading and what they hold.

A leader's speech reviews last year's work (``一、关于2005年的工作回顾``, ``一、成绩来之不易``) and asks
for cognition (``一、务必要提高认识，正视问题``, ``二是全面认识学校发展的大局``) before it deploys the
year's work; a span inside such a part is no task, whatever its words, unless the cognition part
turns to a named actor who must act (``一是强化思想意识。各乡镇各部门…一定要把…列入议事日程``).
The verdict is by the part, not by the sentence's shape: the same ``要…`` is a task under
``二、今年的工作任务``.
"""

from __future__ import annotations

import re

from .outline import Marker, walk
from .soft import ACTOR_MUST, COGNITION, cognition_only

REVIEW = "工作回顾，不是任务"

# 一、关于2005年的工作回顾, 一、2024年基层党建工作成效显著, 一、成绩来之不易: a heading that looks back;
# never one that also looks ahead (2023年工作回顾和2024年工作安排)
_REVIEW_HEAD = re.compile(r"回顾|成效(?:显著|明显)|成绩(?:显著|斐然|突出)|来之不易")
_AHEAD = re.compile(r"安排|部署|任务|打算|思路|计划|要求|意见|下一步|今后|明年|重点")
_TITLE_END = re.compile(r"[。；;！!？?\n]")


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
    return out


def part_reason(parts: list[tuple[int, int, str]], a: int, b: int) -> str | None:
    """The reason of the part that holds the span ``[a, b)``, if one does."""
    return next((r for s, e, r in parts if s <= a and b <= e), None)
