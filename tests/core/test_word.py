"""Reading a Word 任务分解表: merged cells, a table broken over pages, WPS's rows, the prose apart."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from luoshi.core import reading, word
from luoshi.core.errors import InvalidInput
from luoshi.core.word import open_document
from tests.core.documents import NOTICE, TITLE, in_content_controls, task_document, wps_document
from tests.core.ledgers import HEADER, ROWS


def rows_of(data: bytes) -> tuple[list[str], list[list[str]], str]:
    table, prose = open_document(data)
    return [s.name for s in table.sheets], list(table.sheets[0].rows()), prose


def test_merged_cells_give_their_text_to_every_cell_they_cover():
    names, rows, _ = rows_of(task_document())
    assert names == ["表格1"]
    assert rows[0] == [TITLE] * len(HEADER)  # the title merged across
    assert rows[1][:4] == ["序号", "重点任务", "责任单位", "责任单位"]  # 责任单位 across two, 序号 down
    assert rows[2] == HEADER
    assert rows[3] == ["一、干部队伍建设"] * len(HEADER)  # a heading merged across its row
    assert rows[7][2] == rows[8][2] == "干部二科"  # a 牵头单位 merged down over the row under it
    assert rows[5] == [
        "1",
        "开展年轻干部专题调研",
        "干部一科",
        "研究室",
        "",
        "",
        "2099年3月底前",
        "已完成方案",
        "",
    ]
    assert len(rows) == 3 + len(ROWS)


def test_the_prose_outside_the_tables_is_kept_apart():
    *_, prose = rows_of(task_document())
    assert prose.split("\n") == NOTICE
    assert "序号" not in prose and "开展年轻干部专题调研" not in prose


def test_a_wps_table_broken_over_pages_reads_as_one_with_its_columns_in_place():
    data = wps_document()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert xml.count(b"<w:tbl>") == 2 and b"gridBefore" in xml  # the shape this test is about
    names, rows, _ = rows_of(data)
    assert names == ["表格1–2"]
    assert [r[1] for r in rows].count("序号") == 2  # the header once (two rows), not again on page two
    assert len(rows) == 3 + len(ROWS)
    assert rows[-1] == ["", "2", "推进党支部标准化建设", "组织二科", "", "", "", "2099-12-31", "", ""]
    assert rows[5][2] == "开展年轻干部专题调研"  # text in several runs reads whole


def test_a_form_s_content_controls_read_as_the_plain_table():
    form = in_content_controls(task_document())
    plain = docx.Document(io.BytesIO(form))
    assert not plain.tables  # python-docx sees none: the table is inside a content control
    assert rows_of(form) == rows_of(task_document())


def test_tables_of_different_widths_are_separate_sheets():
    document = docx.Document(io.BytesIO(task_document()))
    document.add_paragraph("附件2")
    document.add_table(rows=2, cols=3).cell(0, 0).text = "联系人"
    buffer = io.BytesIO()
    document.save(buffer)
    table, _ = open_document(buffer.getvalue())
    assert [s.name for s in table.sheets] == ["表格1", "表格2"]


def test_a_document_without_a_table_is_refused_in_chinese():
    document = docx.Document()
    document.add_paragraph("关于做好年轻干部工作的通知")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(InvalidInput) as refused:
        open_document(buffer.getvalue(), "通知.docx")
    assert refused.value.code == "no_table" and "讲话文件" in refused.value.message


def test_a_broken_document_is_refused_in_chinese():
    with pytest.raises(InvalidInput) as refused:
        open_document(task_document()[:2000], "坏.docx")
    assert refused.value.code == "file_content" and "坏.docx" in refused.value.message


def test_the_attack_a_document_of_more_rows_than_an_import_takes_is_refused_before_it_is_parsed(monkeypatch):
    """250,000 rows in a 2.6 MB document held a worker 150 s and 1.2 GB in python-docx; a workbook's rows
    were already counted as its XML is read."""
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    monkeypatch.setattr(word, "_document", _never_parsed)
    with pytest.raises(InvalidInput) as refused:
        open_document(task_document(ROWS * 10), "台账.docx")
    assert refused.value.code == "too_many_rows"
    assert (
        refused.value.message == "“台账.docx”的表格超过10行，一次最多导入10行。请按单位或月份拆分后分批导入"
    )
    monkeypatch.undo()
    assert len(list(open_document(task_document(ROWS * 3))[0].sheets[0].rows())) > 10


def _never_parsed(*args, **kwargs):
    raise AssertionError("python-docx parsed a document the row count should have refused")
