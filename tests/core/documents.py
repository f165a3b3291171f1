"""Real-shaped Word 任务分解表 built with python-docx: the 通知 that sends it out, then the table — its
title merged across, a two-row header (责任单位 over 牵头单位|配合单位, the other names merged down), headings
一、… merged across the row, a 牵头单位 merged down over the rows it leads — and the WPS shape of it."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

import docx
from docx.enum.text import WD_BREAK

from .ledgers import HEADER, ROWS

NOTICE = [
    "中共××市委组织部",
    "关于印发《2099年度全市组织工作重点任务分解表》的通知",
    "各科室、各直属单位：",
    "现将《2099年度全市组织工作重点任务分解表》印发给你们，请结合实际认真抓好落实。",
    "各牵头单位要于每月25日前报送工作进展情况，干部一科负责汇总，6月底前形成半年工作总结。",
    "市委组织部办公室",
    "2099年1月5日",
]
TITLE = "2099年度全市组织工作重点任务分解表"


def _heading(values: Sequence[Any]) -> str:
    """A 一、 row naming nothing but its title, as one text: merged across the row, as Word has it."""
    filled = [str(v) for v in values if str(v)]
    return "".join(filled) if len(filled) == 2 and filled[0].endswith("、") else ""


def _fill(cell: Any, text: str, runs: bool) -> None:
    if not runs or len(text) < 4:
        cell.text = text
        return
    cell.text = ""
    paragraph = cell.paragraphs[0]
    half = len(text) // 2  # WPS splits a cell's text into runs wherever its formatting was touched
    paragraph.add_run(text[:half])
    paragraph.add_run(text[half:])


def _table(document: Any, rows: Sequence[Sequence[Any]], header: Sequence[str], runs: bool) -> None:
    width = len(header)
    table = document.add_table(rows=3 + len(rows), cols=width)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(0, width - 1)).text = TITLE
    units = [i for i, name in enumerate(header) if name in ("牵头单位", "配合单位")]
    for col, name in enumerate(header):
        if col in units:
            table.cell(2, col).text = name
        else:
            table.cell(1, col).merge(table.cell(2, col)).text = name
    if units:
        table.cell(1, units[0]).merge(table.cell(1, units[-1])).text = "责任单位"
    for offset, values in enumerate(rows):
        r = 3 + offset
        if _heading(values):
            table.cell(r, 0).merge(table.cell(r, width - 1)).text = _heading(values)
            continue
        for col, value in enumerate(values):
            text = str(value)
            above = rows[offset - 1] if offset else None
            if (
                text
                and header[col] == "牵头单位"
                and above is not None
                and not _heading(above)
                and str(above[col]) == text
            ):
                table.cell(r - 1, col).merge(table.cell(r, col)).text = text  # merged down
            elif text:
                _fill(table.cell(r, col), text, runs)


def task_document(
    rows: Sequence[Sequence[Any]] = ROWS,
    header: Sequence[str] = HEADER,
    *,
    notice: Sequence[str] = NOTICE,
    split: int | None = None,
    runs: bool = False,
) -> bytes:
    """The 通知 then its 任务分解表; ``split`` breaks the table after that many rows into a second table
    on the next page that repeats the title and header, as WPS does."""
    document = docx.Document()
    for line in notice[:5]:
        document.add_paragraph(line)
    parts = [rows] if split is None else [rows[:split], rows[split:]]
    for index, part in enumerate(parts):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _table(document, part, header, runs)
    for line in notice[5:]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def wps_document(rows: Sequence[Sequence[Any]] = ROWS) -> bytes:
    """The document as WPS 文字 leaves it: the table broken over two pages, text in several runs, rows
    starting one grid column in (``gridBefore``) with an empty first column, KSO as the application.
    (Not a file saved by WPS itself: none can be made on this machine.)"""
    data = task_document([["", *row] for row in rows], ["", *HEADER], split=4, runs=True)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "word/document.xml":
                body = _grid_before(body)
            if item.filename == "docProps/app.xml":
                body = re.sub(
                    rb"<Application>[^<]*</Application>", b"<Application>WPS Office</Application>", body
                )
            dst.writestr(item, body)
    return out.getvalue()


def _grid_before(xml: bytes) -> bytes:
    """Each row's first (empty) cell dropped and declared as a grid column skipped before the row."""

    def row(m: re.Match) -> bytes:
        tr = m[0]
        first = re.search(rb"<w:tc>.*?</w:tc>", tr, re.DOTALL)
        if first is None or b"gridSpan" in first[0] or b"<w:t>" in first[0] or b"<w:t " in first[0]:
            return tr
        tr = tr[: first.start()] + tr[first.end() :]
        pr = b'<w:trPr><w:gridBefore w:val="1"/></w:trPr>'
        return re.sub(rb"(<w:tr\b[^>]*>)", lambda t: t[1] + pr, tr, count=1)

    return re.sub(rb"<w:tr\b.*?</w:tr>", row, xml, flags=re.DOTALL)


def in_content_controls(data: bytes) -> bytes:
    """The document as a form made in Office or WPS has it: the table in a content control (``w:sdt``),
    every other row in one, the other rows' cells each in one, and every run of text in one."""
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))

    def wrap(element: Any) -> None:
        control = element.makeelement(qn("w:sdt"), {})
        control.append(control.makeelement(qn("w:sdtPr"), {}))
        content = control.makeelement(qn("w:sdtContent"), {})
        control.append(content)
        element.addprevious(control)
        content.append(element)

    for run in list(document.element.body.iter(qn("w:r"))):
        wrap(run)
    for table in list(document.element.body.iter(qn("w:tbl"))):
        for index, row in enumerate(list(table.iter(qn("w:tr")))):
            if index % 2:
                wrap(row)
            else:
                for cell in list(row.iter(qn("w:tc"))):
                    wrap(cell)
        wrap(table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
