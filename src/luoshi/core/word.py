"""A Word 任务分解表 read as a ledger: each table's rows as the spreadsheet reader gives a sheet's, and
the prose around the tables (the 通知 that sends it out) kept apart for the decomposition engine.

The body is walked as core.wordml reads it (content controls opened, tracked changes accepted, merged
cells giving their text to each column and row they cover, as merged cells do in a workbook). A table
broken over pages into several tables (WPS does this when a page break falls inside it) is read as one,
its repeated title and header rows left out.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from luoshi.core.errors import InvalidInput
from luoshi.core.reading import Sheet, Table, check_document_rows
from luoshi.core.text import visible
from luoshi.core.wordml import blocks, local, paragraph_text, table_rows

TOP_ROWS = 30  # rows of a table's top a continuing table may repeat (title, header)


def _squash(row: list[str]) -> tuple[str, ...]:
    return tuple("".join(cell.split()) for cell in row)


def _document(data: bytes, name: str) -> Any:
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken file: all mean "cannot read it"
        raise InvalidInput(
            f"“{name}”已损坏或不是有效的Word文档，无法打开。请用Word或WPS打开后另存为 .docx 再上传",
            "file_content",
        ) from exc


def open_document(data: bytes, name: str = "文档") -> tuple[Table, str]:
    """The document's tables as sheets (表格1, 表格2…; a table continued over pages as one) and its
    prose, the paragraphs outside every table; a document with no table, or of more rows than one import
    takes, is a Chinese InvalidInput."""
    check_document_rows(data, name)
    document = _document(data, name)
    groups: list[tuple[str, list[list[str]], int]] = []  # name, rows, width
    prose: list[str] = []
    joinable = False  # nothing but blank paragraphs since the last table
    count = 0
    try:
        for element in blocks(document.element.body):
            if local(element) == "p":
                text = visible(paragraph_text(element)).replace("\t", " ").strip()
                if text:
                    prose.append(text)
                    joinable = False
            else:
                count += 1
                rows = [[visible(cell).replace("\t", " ") for cell in row] for row in table_rows(element)]
                width = max((len(r) for r in rows), default=0)
                if joinable and groups and groups[-1][2] == width:
                    first, kept, _ = groups[-1]
                    top = {_squash(r) for r in kept[:TOP_ROWS] if sum(bool(c) for c in _squash(r)) > 1}
                    kept += [r for r in rows if _squash(r) not in top]
                    groups[-1] = (f"{first.split('–')[0]}–{count}", kept, width)
                elif rows:
                    groups.append((f"表格{count}", rows, width))
                joinable = True
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InvalidInput(f"“{name}”的内容已损坏，无法读取其中的表格", "file_content") from exc
    if not groups:
        raise InvalidInput(
            f"“{name}”中没有表格。导入Word文档时，任务须列在表格（任务分解表）中；"
            "如要从讲话或文件的正文中分解任务，请到“讲话文件”中录入",
            "no_table",
        )
    sheets = [Sheet(title, rows, size=len(rows)) for title, rows, _ in groups]
    return Table(sheets), "\n".join(prose)
