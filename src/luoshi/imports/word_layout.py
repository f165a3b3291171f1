"""An imported Word 任务分解表 written back as a Word document in its own layout: the stored document,
kept to the table that was imported and the title lines just above it (附件1, the title, a 填报 line,
whose 填报日期 says today), its page setup, headers and footers; the table's header rows as they were
(merges, widths, shading, repeated on every page as the file had them), then one row per source row in
the first body row's look, a heading merged across the row as it came.

The prose around the table (the 通知 that sent it out, its 落款 and date too when they stand above the
table) is left out: what goes back is the table and its own title.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import Any

from luoshi.core.wordml import W, blocks, cell_elements, local, number, paragraph_text, row_elements, span_of
from luoshi.core.xmltext import xml_text

from .sheet_layout import filed_text

TITLE_LINES = 4  # short lines above the table kept as its title (附件1, the title, 填报单位, 填报日期)
TITLE_LENGTH = 60
SHEET_NUMBER = re.compile(r"表格(\d+)")
# the 落款 of a 通知 sent before the table: its date on a line of its own (2026年2月20日,
# 二〇二六年二月二十日) or an 印发 line; it and the lines above it are the notice's, not the table's title
DIGIT = "\\d〇零一二三四五六七八九十"
SIGNED = re.compile(rf"[{DIGIT}]{{4}}年[{DIGIT}]{{1,2}}月[{DIGIT}]{{1,3}}日(?:印发)?|.*印发")


def layout_document(
    data: bytes, sheet: str, first_body: int, rows: Iterable[tuple[bool, list[Any]]], today: dt.date
) -> bytes:
    """The document ``data`` with its table ``sheet`` (表格N) holding ``rows`` (a heading's flag and its
    cells) below the rows above ``first_body`` (1-based, as the import counted the table's rows)."""
    import docx

    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    tables = [b for b in blocks(body) if local(b) == "tbl"]
    found = SHEET_NUMBER.match(sheet)
    table = tables[int(found[1]) - 1 if found and int(found[1]) <= len(tables) else 0]
    title = _title(body, table)
    _take_section(body, table)
    for child in list(body):
        if local(child) != "sectPr" and not any(_contains(child, kept) for kept in [*title, table]):
            body.remove(child)
    for paragraph in title:
        text = paragraph_text(paragraph)
        if (filed := filed_text(text, today)) != text:
            _set_text(paragraph, filed)
    elements = list(row_elements(table))
    below = elements[first_body - 1 :]
    template = copy.deepcopy(_template(below or elements[-1:]))
    for element in below:
        top = _outermost(element, table)
        if top.getparent() is not None:
            table.remove(top)
    width = len(table.findall(f"{W}tblGrid/{W}gridCol"))
    for heading, cells in rows:
        table.append(_heading_row(template, width, cells) if heading else _row(template, cells))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _contains(parent: Any, element: Any) -> bool:
    return any(node is element for node in parent.iter())


def _outermost(element: Any, stop: Any) -> Any:
    """What holds ``element`` (a content control, or the element itself) directly under ``stop``."""
    while element.getparent() is not None and element.getparent() is not stop:
        element = element.getparent()
    return element


def _title(body: Any, table: Any) -> list[Any]:
    """The short lines right above the table (in content controls or not), in order, up to the 通知 before
    it: a sentence, a line ending in a colon, or its 落款 (a date on its own, an 印发 line)."""
    found: list[Any] = []
    for sibling in _outermost(table, body).itersiblings(preceding=True):
        if local(sibling) == "tbl":
            break
        paragraphs = [b for b in blocks(sibling) if local(b) == "p"] if local(sibling) != "p" else [sibling]
        for paragraph in reversed(paragraphs):
            text = paragraph_text(paragraph).strip()
            if not text:
                continue
            if (
                len(text) > TITLE_LENGTH
                or text.endswith(("。", "：", ":"))
                or SIGNED.fullmatch("".join(text.split()))
                or len(found) >= TITLE_LINES
            ):
                return found[::-1]
            found.append(paragraph)
    return found[::-1]


def _take_section(body: Any, table: Any) -> None:
    """The page setup of the section the table is in becomes the document's: that section may end in a
    paragraph after the table, which is left out."""
    for sibling in _outermost(table, body).itersiblings():
        if local(sibling) == "sectPr":
            return
        section = next(sibling.iter(f"{W}sectPr"), None)
        last = body.find(f"{W}sectPr")
        if section is not None and last is not None:
            body.replace(last, copy.deepcopy(section))
            return


def _template(rows: list[Any]) -> Any:
    """The row new rows copy their look from: the first one whose cells each fill one grid column."""
    plain = [r for r in rows[:30] if all(span_of(tc) == 1 for tc in cell_elements(r))]
    return (plain or rows)[0]


def _row(template: Any, cells: list[Any]) -> Any:
    row = copy.deepcopy(template)
    column = number(row, f"{W}trPr/{W}gridBefore", 0)
    for tc in cell_elements(row):
        merge = tc.find(f"{W}tcPr/{W}vMerge")
        if merge is not None:
            merge.getparent().remove(merge)
        _fill(tc, cells[column] if column < len(cells) else "")
        column += span_of(tc)
    return row


def _heading_row(template: Any, width: int, cells: list[Any]) -> Any:
    """A heading's row: one cell across the grid holding its text."""
    row = _row(template, cells)
    first, *extra = list(cell_elements(row))
    for tc in extra:
        tc.getparent().remove(tc)
    properties = first.find(f"{W}tcPr")
    if properties is None:
        properties = first.makeelement(f"{W}tcPr", {})
        first.insert(0, properties)
    for old in properties.findall(f"{W}gridSpan") + properties.findall(f"{W}tcW"):
        properties.remove(old)
    span = width - number(row, f"{W}trPr/{W}gridBefore", 0)
    at = 1 if properties.find(f"{W}cnfStyle") is not None else 0  # the schema's order: after cnfStyle
    properties.insert(at, properties.makeelement(f"{W}gridSpan", {f"{W}val": str(span)}))
    _fill(
        first, "".join(str(c).strip() for c in cells if str(c).strip())
    )  # 一、 of its own cell and the text
    return row


def _fill(tc: Any, value: Any) -> None:
    """The cell's text replaced, in its first paragraph and its first run's look."""
    paragraphs = [b for b in blocks(tc) if local(b) == "p"]
    for extra in paragraphs[1:]:
        extra.getparent().remove(extra)
    for nested in [b for b in blocks(tc) if local(b) == "tbl"]:
        nested.getparent().remove(nested)
    if not paragraphs:
        paragraph = tc.makeelement(f"{W}p", {})
        tc.append(paragraph)
    else:
        paragraph = paragraphs[0]
    _set_text(paragraph, _shown(value))


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return "" if value is None else str(value)


def _set_text(paragraph: Any, text: str) -> None:
    """The paragraph's runs replaced by one run of ``text`` in the first run's look, lines as breaks."""
    first = next(paragraph.iter(f"{W}r"), None)
    look = first.find(f"{W}rPr") if first is not None else None
    look = copy.deepcopy(look) if look is not None else None
    for child in list(paragraph):
        if local(child) != "pPr":
            paragraph.remove(child)
    run = paragraph.makeelement(f"{W}r", {})
    if look is not None:
        run.append(look)
    for index, line in enumerate(text.split("\n")):
        if index:
            run.append(run.makeelement(f"{W}br", {}))
        piece = run.makeelement(f"{W}t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
        piece.text = xml_text(line)
        run.append(piece)
    paragraph.append(run)
