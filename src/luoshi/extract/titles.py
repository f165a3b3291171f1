"""A short, clean task title from a requirement's text.

A requirement reads "（一）干部一科要在明年1月底前完成干部档案专项审核，确保……"; its task is named
"完成干部档案专项审核": the list marker, the actor and its 要/必须 lead-in and the deadline phrase go,
and the name stops at the first clause boundary.
"""

from __future__ import annotations

import re

TITLE_LENGTH = 30
NUM = "一二三四五六七八九十"
MARKER = re.compile(
    rf"^\s*(?:[（(][{NUM}\d]{{1,3}}[）)]|[{NUM}]{{1,3}}[、.．]|\d{{1,3}}(?:[、.．](?!\d)|[）)])|[①-⑳]"
    rf"|第[{NUM}\d]{{1,3}}[，、,：:]?|[{NUM}]{{1,3}}(?:是|要|来)|(?:首先|其次|再次|最后|同时)[，,])\s*"
)
ACTOR = (
    r"(?:[\u4e00-\u9fa5、和及与]{0,16}?(?:科|室|部|处|局|委|组|办|院|所|长|员|们|单位|部门|党组|党委|支部"
    r"|各地|各级|大家|我们|同志们?|乡镇|县区|区县|县（市、区）))?"
)
LEAD_IN = re.compile(rf"^{ACTOR}(?:要求|必须|务必|需要|应当|要|须)(?!求)")
CLAUSE_END = re.compile(r"[。；;，,：:！!？?\n]")


def _drop_phrase(text: str, phrase: str) -> str:
    """The text without the deadline phrase and the 在/于 that introduces it."""
    if not phrase:
        return text
    at = text.find(phrase)
    if at < 0:
        return text
    before, after = text[:at], text[at + len(phrase) :]
    before = re.sub(r"(要|必须|务必)?(?:力争|争取|确保)?(?:在|于)$", r"\1", before)
    after = re.sub(r"^[，,]", "", after)
    return before + after


def short_title(text: str, deadline_phrase: str = "", limit: int = TITLE_LENGTH) -> str:
    """The requirement's work as a task name: no marker, actor, lead-in or deadline; one clause."""
    title = " ".join((text or "").split())
    for _ in range(3):
        stripped = MARKER.sub("", title, count=1)
        if stripped == title:
            break
        title = stripped
    title = _drop_phrase(title, deadline_phrase.strip())
    lead = LEAD_IN.match(title)
    if lead and len(title) - lead.end() >= 4:
        title = title[lead.end() :]
    title = title.lstrip("，,、：: ")
    cut = next((m.start() for m in CLAUSE_END.finditer(title) if m.start() >= 4), None)
    if cut is not None:
        title = title[:cut]
    title = title.strip("，,。；;：: ") or " ".join((text or "").split())
    return title if len(title) <= limit else title[: limit - 1] + "…"
