import io

import docx
import openpyxl

from luoshi.reports.decomposition import COLUMNS, rows_from_extraction, write_docx, write_xlsx


def test_rows(seed_result):
    rows = rows_from_extraction(seed_result)
    assert rows[0]["牵头单位"] == "各分管副部长" and rows[0]["序号"] == 1
    assert "出处" in rows[0]["备注"]


def test_xlsx_table(seed_result):
    ws = openpyxl.load_workbook(io.BytesIO(write_xlsx(seed_result, title="测试"))).active
    assert ws["A1"].value == "测试" and [c.value for c in ws[2]] == COLUMNS
    assert ws.max_row == 2 + len(seed_result.items)


def test_docx_official_layout(seed_result):
    d = docx.Document(io.BytesIO(write_docx(seed_result)))
    sec = d.sections[0]
    assert round(sec.top_margin.mm) == 37 and round(sec.bottom_margin.mm) == 35
    assert round(sec.left_margin.mm) == 28 and round(sec.right_margin.mm) == 26
    title_run = d.paragraphs[0].runs[0]
    assert title_run.font.size.pt == 22
    assert (
        title_run._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "方正小标宋简体"
    )
    assert [c.text for c in d.tables[0].rows[0].cells] == COLUMNS


def test_writers_accept_plain_rows():
    rows = [{"序号": 1, "任务内容": "制定方案", "牵头单位": "干部一科"}]
    assert write_xlsx(rows)[:2] == b"PK" and write_docx(rows)[:2] == b"PK"
