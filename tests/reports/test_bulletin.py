import datetime as dt
import io

import docx

from luoshi.reports.bulletin import BulletinContent, Requirement, UnitProblems, document_of, write_bulletin


def content(**changes):
    fields = dict(
        issuer_mark="江城市委组织部文件",
        number="江组督〔2026〕1号",
        title="关于专项督查情况的通报",
        addressee="各科室",
        signature="江城市委组织部",
        date=dt.date(2026, 12, 4),
        overview="共检查单位3个。\n\n发现问题2个。",
        good_practice="干部一科建立台账。",
        problems=[UnitProblems("干部一科", ["调研报告未成稿"]), UnitProblems("干部二科", [])],
        requirements=[Requirement("完成整改", dt.date(2026, 12, 31)), Requirement("")],
        annex_rows=[["1", "干部一科", "形成调研报告", "调研报告未成稿", "2026-12-31", "整改中"]],
    )
    fields.update(changes)
    return BulletinContent(**fields)


def test_the_parts_come_in_order_and_empty_ones_are_left_out():
    doc = document_of(content(good_practice=""))
    assert [s.heading for s in doc.sections] == ["一、总体情况", "二、存在的问题", "三、整改要求"]
    assert doc.sections[0].paragraphs == ["共检查单位3个。", "发现问题2个。"]
    assert doc.sections[1].paragraphs == ["（一）干部一科", "1．调研报告未成稿。"]  # 干部二科 had none
    assert doc.sections[2].paragraphs == ["1．完成整改，2026年12月31日前完成。"]


def test_the_annex_is_the_problem_table():
    document = docx.Document(io.BytesIO(write_bulletin(content())))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "单位",
        "检查要点",
        "发现的问题",
        "整改时限",
        "整改情况",
    ]
    assert table.rows[1].cells[1].text == "干部一科"


def test_without_problems_there_is_no_annex():
    document = docx.Document(io.BytesIO(write_bulletin(content(annex_rows=[]))))
    assert document.tables == []
