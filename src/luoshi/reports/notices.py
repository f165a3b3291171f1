"""督办单 and 催办函 for one matter (a task or a problem), from plain fields, as .docx.

督办单 is a form: title, number, the matter's particulars in a two-column table and what is asked by
when. 催办函 is a letter in the 公文 layout (``official.write_official``) addressed to the unit.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH

from . import official


@dataclass
class Matter:
    """What a notice is about, as its reader needs it."""

    kind: str  # 任务 / 问题
    title: str
    unit: str  # 责任单位
    particulars: list[tuple[str, str]]  # (label, value): 责任人, 分管领导, 完成时限, 当前进展 …
    duty: str = "牵头办理"  # what the unit does with it: 牵头办理 a task, 负责整改 a problem


@dataclass
class Notice:
    issuer: str  # 督办单位 / 发文机关
    number: str
    matter: Matter
    request: str  # 督办要求 / 催办事由
    reply_by: dt.date | None
    date: dt.date


def write_supervision(notice: Notice) -> bytes:
    """督办单: one page; the number at the top right, the particulars as a table, the issuer and date."""
    doc = official.new_document()
    official.add_title(doc, "督 办 单")
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    official.add_run(p, notice.number, official.BODY_FONT, official.SIZE_3)
    reply = official.chinese_date(notice.reply_by) if notice.reply_by else "收到后5个工作日内"
    rows = [
        [f"督办{notice.matter.kind}", notice.matter.title],
        ["责任单位", notice.matter.unit],
        *[[label, value or "—"] for label, value in notice.matter.particulars],
        ["督办要求", notice.request],
        ["反馈时限", f"请于{reply}前将办理情况书面反馈{notice.issuer}"],
    ]
    table = official.add_table(doc, ["项目", "内容"], rows, widths_mm=[32, 124])
    for row in table.rows[1:]:
        for run in row.cells[0].paragraphs[0].runs:
            official.set_font(run, official.HEADING_FONT, official.SIZE_TABLE)
    official.add_blank(doc)
    official.add_signature(doc, notice.issuer, notice.date)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_urging(notice: Notice, issuer_mark: str) -> bytes:
    """催办函: a letter to the responsible unit in the 公文 layout."""
    matter = notice.matter
    facts = "；".join(f"{label}：{value}" for label, value in matter.particulars if value)
    reply = official.chinese_date(notice.reply_by) if notice.reply_by else "收到本函后5个工作日内"
    body = [
        f"“{matter.title}”由你单位{matter.duty}。{facts}。",
        notice.request,
        f"请于{reply}将办理进展和下步打算书面报{notice.issuer}。",
    ]
    return official.write_official(
        official.OfficialDocument(
            issuer_mark=issuer_mark,
            number=notice.number,
            title=f"关于抓紧{matter.duty[-2:]}“{matter.title}”的催办函",
            addressee=matter.unit,
            opening=[text for text in body if text],
            signature=notice.issuer,
            date=notice.date,
        )
    )
