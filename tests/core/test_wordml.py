"""Reading a .docx body as Word shows it: content controls opened (around runs, paragraphs, cells, rows
and tables), tracked changes accepted, nested tables and merged cells — documents built with python-docx
and their XML written in by lxml, as WPS and Office forms have it."""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from luoshi.core.wordml import blocks, local, paragraph_text, table_rows


def run(text: str) -> str:
    return f"<w:r><w:t>{text}</w:t></w:r>"


def p(*runs: str) -> str:
    return f"<w:p>{''.join(runs)}</w:p>"


def sdt(inner: str) -> str:
    """A content control around ``inner`` (a run, paragraph, cell, row or table), as a form has it."""
    properties = '<w:sdtPr><w:alias w:val="填写"/><w:tag w:val="f"/></w:sdtPr>'
    return f"<w:sdt>{properties}<w:sdtContent>{inner}</w:sdtContent></w:sdt>"


def tc(inner: str, pr: str = "") -> str:
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{inner}</w:tc>"


def tr(*cells: str, pr: str = "") -> str:
    return f"<w:tr>{'<w:trPr>' + pr + '</w:trPr>' if pr else ''}{''.join(cells)}</w:tr>"


def tbl(*rows: str, width: int = 3) -> str:
    grid = "".join('<w:gridCol w:w="2000"/>' for _ in range(width))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def document(body: str) -> bytes:
    """A .docx made by python-docx whose body is ``body`` (before its section properties)."""
    made = docx.Document()
    section = made.element.body[-1]
    for child in parse_xml(f"<w:body {nsdecls('w')}>{body}</w:body>"):
        section.addprevious(child)
    buffer = io.BytesIO()
    made.save(buffer)
    return buffer.getvalue()


def read(data: bytes) -> list[str | list[list[str]]]:
    body = docx.Document(io.BytesIO(data)).element.body
    return [paragraph_text(b) if local(b) == "p" else table_rows(b) for b in blocks(body)]


FORM = document(
    sdt(p(run("2099年度重点任务分解表")))  # a paragraph in a block-level content control
    + sdt(  # the table in one too, its rows, cells and runs in their own
        tbl(
            tr(tc(p(run("序号"))), tc(p(run("任务内容"))), tc(p(run("牵头单位")))),
            tr(tc(p(run("1"))), sdt(tc(p(run("开展专题调研")))), tc(sdt(p(run("干部一科"))))),
            sdt(tr(tc(p(run("2"))), tc(p(run("建立"), sdt(run("储备库")))), tc(p(run("干部二科"))))),
        )
    )
    + p(run("各科室要抓好落实。"))
)


def test_content_controls_are_read_in_document_order():
    data = FORM
    plain = docx.Document(io.BytesIO(data))
    assert (
        not plain.tables and "".join(x.text for x in plain.paragraphs) == "各科室要抓好落实。"
    )  # python-docx
    assert read(data) == [
        "2099年度重点任务分解表",
        [
            ["序号", "任务内容", "牵头单位"],
            ["1", "开展专题调研", "干部一科"],
            ["2", "建立储备库", "干部二科"],
        ],
        "各科室要抓好落实。",
    ]


def test_tracked_changes_read_as_accepted():
    inserted = f'<w:ins w:id="1" w:author="审核人" w:date="2099-01-05T00:00:00Z">{run("标准化")}</w:ins>'
    deleted = '<w:del w:id="2" w:author="审核人"><w:r><w:delText>规范化</w:delText></w:r></w:del>'
    moved = f'<w:moveFrom w:id="3" w:author="审核人">{run("挪走的")}</w:moveFrom>'
    data = document(
        p(run("推进"), inserted, deleted, moved, run("建设"))
        + tbl(
            tr(tc(p(run("1"))), tc(p(run("保留的行"))), tc(p(run("组织一科")))),
            tr(
                tc(p(run("2"))),
                tc(p(run("删掉的行"))),
                tc(p(run("组织二科"))),
                pr='<w:del w:id="4" w:author="审核人"/>',
            ),
        )
    )
    assert read(data) == ["推进标准化建设", [["1", "保留的行", "组织一科"]]]


def test_a_table_in_a_cell_gives_its_rows_as_lines():
    inner = tbl(
        tr(tc(p(run("责任人"))), tc(p(run("张三")))), tr(tc(p(run("分管领导"))), tc(p(run("李四")))), width=2
    )
    data = document(tbl(tr(tc(p(run("1"))), tc(p(run("说明")) + inner + p())), width=2))
    assert read(data) == [[["1", "说明\n责任人 张三\n分管领导 李四"]]]


def test_merged_cells_give_their_text_to_each_column_and_row():
    span = '<w:gridSpan w:val="2"/>'
    data = document(
        tbl(
            tr(tc(p(run("一、干部队伍建设")), '<w:gridSpan w:val="3"/>')),
            tr(tc(p(run("1"))), tc(p(run("任务甲"))), tc(p(run("干部一科")), '<w:vMerge w:val="restart"/>')),
            tr(tc(p(run("2"))), tc(p(run("任务乙"))), tc(p(), "<w:vMerge/>")),
            tr(tc(p(run("3")), span), tc(p(run("干部二科")))),
            tr(tc(p(run("任务丙"))), tc(p(run("干部三科"))), pr='<w:gridBefore w:val="1"/>'),
        )
    )
    assert read(data) == [
        [
            ["一、干部队伍建设"] * 3,
            ["1", "任务甲", "干部一科"],
            ["2", "任务乙", "干部一科"],  # the vertical merge's text in each row it spans
            ["3", "3", "干部二科"],
            ["", "任务丙", "干部三科"],  # a row starting one column in keeps its columns
        ]
    ]
