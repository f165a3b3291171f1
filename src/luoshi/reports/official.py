"""GB/T 9704 layout for Word documents, as far as python-docx reaches: page, fonts, title, tables."""

from __future__ import annotations

from collections.abc import Sequence

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_TABLE = Pt(12)  # 小四


def set_font(run, name: str, size: Pt | None = None, bold: bool | None = None) -> None:
    """Set Latin and East-Asian font; Word ignores ``font.name`` for Chinese without w:eastAsia."""
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold


def new_document(landscape: bool = False):
    """A document with the official margins (37/35/28/26 mm) and 仿宋 三号 as the normal style."""
    import docx
    from docx.enum.section import WD_ORIENT

    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    return doc


def add_title(doc, text: str) -> None:
    """The document title: 小标宋 二号, centred, a blank line after it."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run(text), TITLE_FONT, SIZE_2)
    doc.add_paragraph()


def add_table(doc, header: list[str], rows: list[list[str]], widths_mm: Sequence[float] | None = None):
    """A bordered table, header in 黑体 repeated on every page, cells in 仿宋 小四 (smaller than the body).

    ``widths_mm`` are written as a fixed layout (the grid, the table's width and every cell): Word reads
    the cells, LibreOffice the grid, and an autofit table would share the page equally among columns."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    repeat = table.rows[0]._tr.get_or_add_trPr().makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        para = cell.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(para.add_run(text), HEADING_FONT, SIZE_TABLE, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = ""
            set_font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, SIZE_TABLE)
    if widths_mm:
        _fix_widths(table, widths_mm)
    return table


def _fix_widths(table, widths_mm: Sequence[float]) -> None:
    table.autofit = False  # w:tblLayout fixed
    width = table._tbl.tblPr.find(
        qn("w:tblW")
    )  # python-docx writes one (auto); edited in place keeps the schema order
    width.set(qn("w:w"), str(int(Mm(sum(widths_mm)).twips)))
    width.set(qn("w:type"), "dxa")
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)
