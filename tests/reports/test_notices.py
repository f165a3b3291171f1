import datetime as dt
import io

import docx

from luoshi.reports.notices import Matter, Notice, write_supervision, write_urging

MATTER = Matter(
    "任务", "开展年轻干部专题调研", "干部一科", [("责任人", "韩立新"), ("完成时限", "2026-12-31")]
)


def notice(**changes):
    fields = dict(
        issuer="江城市委组织部办公室",
        number="督办〔2026〕7号",
        matter=MATTER,
        request="请抓紧推进。",
        reply_by=dt.date(2026, 12, 11),
        date=dt.date(2026, 12, 4),
    )
    fields.update(changes)
    return Notice(**fields)


def test_a_supervision_form_lists_the_matter_and_its_number():
    document = docx.Document(io.BytesIO(write_supervision(notice())))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "督 办 单" in text and "督办〔2026〕7号" in text
    cells = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert cells["督办任务"] == "开展年轻干部专题调研" and cells["责任单位"] == "干部一科"
    assert "2026年12月11日前" in cells["反馈时限"]


def test_an_urging_letter_is_addressed_to_the_unit():
    document = docx.Document(io.BytesIO(write_urging(notice(reply_by=None), "江城市委组织部")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于抓紧办理“开展年轻干部专题调研”的催办函" in text
    assert "干部一科：" in text and "收到本函后5个工作日内" in text
