"""考核结果通报: a published period's ranking by peer group, its 红榜 and 黑榜, and every unit's scores as
the annex, laid out as a 公文 by ``official.write_official`` (as the 督查通报 is).

Takes plain text and rows (the assessment app builds them), never models.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .official import NUMERALS, Annex, OfficialDocument, report_document, write_official

ANNEX_HEADER = ["序号", "单位", "比较组", "过程得分", "效果得分", "加分", "扣分", "总分", "名次"]
# The type area is 156 mm wide.
ANNEX_WIDTHS_MM = [11, 33, 26, 17, 17, 12, 12, 15, 13]


@dataclass
class Placed:
    """A unit's line in its group: ``place`` and ``movement`` already in words (``第2名``, ``↑1``)."""

    unit: str
    place: str
    total: str
    movement: str = ""


@dataclass
class Group:
    label: str
    placed: list[Placed] = field(default_factory=list)
    red: list[str] = field(default_factory=list)
    black: list[str] = field(default_factory=list)
    idle: list[str] = field(default_factory=list)  # nothing to assess: not ranked


@dataclass
class ResultsContent:
    issuer_mark: str
    number: str
    title: str
    addressee: str
    signature: str
    date: dt.date
    overview: str
    groups: list[Group]
    requirements: list[str] = field(default_factory=list)
    annex_rows: list[list[str]] = field(default_factory=list)
    printed_by: str = ""


def _ranking(group: Group) -> str:
    lines = "；".join(
        f"{p.place}{p.unit}（{p.total}分{'，较上期' + p.movement if p.movement else ''}）"
        for p in group.placed
    )
    text = f"{lines}。" if lines else "本期无参加排名的单位。"
    if group.idle:
        text += f"{'、'.join(group.idle)}本期无可考核事项，不参加排名。"
    return text


def document_of(content: ResultsContent) -> OfficialDocument:
    """Overview, the ranking of each peer group, the boards, the requirements, and the scores as annex."""
    ranking: list[str] = []
    for n, group in enumerate(content.groups, 1):
        ranking += [f"（{NUMERALS[(n - 1) % 10]}）{group.label}", _ranking(group)]
    parts = [
        ("总体情况", [content.overview]),
        ("比学赶超排名", ranking),
        ("红榜", [f"{g.label}：{'、'.join(g.red)}。" for g in content.groups if g.red]),
        ("黑榜", [f"{g.label}：{'、'.join(g.black)}。" for g in content.groups if g.black]),
        ("有关要求", [f"{n}．{text.rstrip('。')}。" for n, text in enumerate(content.requirements, 1)]),
    ]
    annex = Annex("考核得分表", ANNEX_HEADER, content.annex_rows, ANNEX_WIDTHS_MM)
    return report_document(content, parts, annex)


def write_results(content: ResultsContent) -> bytes:
    return write_official(document_of(content))
