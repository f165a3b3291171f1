"""督查通报: the bulletin of a campaign or a period, from the content its author edited, as a 公文 (.docx).

Takes plain text and rows (the inspections app builds them); laid out by ``official.write_official``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .official import NUMERALS, Annex, OfficialDocument, chinese_date, report_document, write_official

ANNEX_HEADER = ["序号", "单位", "检查要点", "发现的问题", "整改时限", "整改情况"]
# The type area is 156 mm wide; the problem takes the most.
ANNEX_WIDTHS_MM = [11, 24, 35, 46, 22, 18]


@dataclass
class UnitProblems:
    unit: str
    problems: list[str]


@dataclass
class Requirement:
    text: str
    deadline: dt.date | None = None


@dataclass
class BulletinContent:
    issuer_mark: str
    number: str
    title: str
    addressee: str
    signature: str
    date: dt.date
    overview: str = ""
    good_practice: str = ""
    problems: list[UnitProblems] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    annex_rows: list[list[str]] = field(default_factory=list)
    printed_by: str = ""


def paragraphs(text: str) -> list[str]:
    """A form's text as paragraphs: one per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def requirement_text(n: int, requirement: Requirement) -> str:
    text = requirement.text.rstrip("。；; ")
    if requirement.deadline:
        text += f"，{chinese_date(requirement.deadline)}前完成"
    return f"{n}．{text}。"


def document_of(content: BulletinContent) -> OfficialDocument:
    """The bulletin's parts in the order a reader expects: overview, good practice, problems by unit,
    rectification requirements with their deadlines, and the problem list as the annex."""
    by_unit: list[str] = []
    for n, unit in enumerate((u for u in content.problems if u.problems), 1):
        by_unit.append(f"（{NUMERALS[(n - 1) % 10]}）{unit.unit}")
        by_unit.extend(f"{i}．{text.rstrip('。')}。" for i, text in enumerate(unit.problems, 1))
    requirements = (r for r in content.requirements if r.text)
    parts = [
        ("总体情况", paragraphs(content.overview)),
        ("好的做法", paragraphs(content.good_practice)),
        ("存在的问题", by_unit),
        ("整改要求", [requirement_text(n, r) for n, r in enumerate(requirements, 1)]),
    ]
    annex = Annex("督查发现问题清单", ANNEX_HEADER, content.annex_rows, ANNEX_WIDTHS_MM)
    return report_document(content, parts, annex)


def write_bulletin(content: BulletinContent) -> bytes:
    return write_official(document_of(content))
