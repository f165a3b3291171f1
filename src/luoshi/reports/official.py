"""The one document module: GB/T 9704 (党政机关公文格式) for Word documents, as far as python-docx reaches.

Page, fonts, title and tables serve any printed table (任务分解表); ``write_official`` lays out a whole
公文 — red 发文机关标志, 文号, red rule, title, 主送机关, body on a grid of 28 lines × 28 characters,
署名 and date, 附件 tables, 版记 and page numbers — from a plain ``OfficialDocument``: callers pass
text and rows, never models.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from luoshi.core.xmltext import xml_text

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_TABLE = Pt(12)  # 小四
RED = RGBColor(0xFF, 0x00, 0x00)
# The type area (版心) within the margins below: 156 mm × 225 mm.
TYPE_WIDTH_MM, TYPE_HEIGHT_MM = 156, 225
LINES_PER_PAGE, CHARS_PER_LINE = 28, 28
# Character spacing in twentieths of a point that puts CHARS_PER_LINE 三号 characters on a line.
CONDENSE_TWENTIETHS = -5
# A paragraph that is a 二级 heading: （一）… on a line of its own.
SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）[^。；]{0,40}$")
RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:lang")


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
    _title_spacing(p)
    add_run(p, text, TITLE_FONT, SIZE_2)
    doc.add_paragraph()


def _title_spacing(paragraph) -> None:
    """A title's lines are spaced for 二号, not on the body's grid."""
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(SIZE_2.pt * 1.4)


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
        add_run(para, text, HEADING_FONT, SIZE_TABLE, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = ""
            add_run(cell.paragraphs[0], str(text), BODY_FONT, SIZE_TABLE)
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


# ---------------------------------------------------------------- a whole 公文


@dataclass
class Section:
    """A part of the body: a heading (一、…) and its paragraphs; sub-headings start with （一）."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Annex:
    """附件: a title and a table, on a page of its own after the body."""

    title: str
    header: list[str]
    rows: list[list[str]]
    widths_mm: Sequence[float] | None = None


@dataclass
class OfficialDocument:
    issuer_mark: str  # 发文机关标志, e.g. 中共江城市委组织部文件
    number: str  # 发文字号, e.g. 江组督〔2026〕3号
    title: str
    addressee: str = ""  # 主送机关
    opening: list[str] = field(default_factory=list)  # paragraphs before the first heading
    sections: list[Section] = field(default_factory=list)
    signature: str = ""  # 发文机关署名
    date: dt.date | None = None  # 成文日期
    annexes: list[Annex] = field(default_factory=list)
    printed_by: str = ""  # 版记: 印发机关


NUMERALS = "一二三四五六七八九十"


class Masthead(Protocol):
    """What a 通报 says around its body: who issues it, its number and title, to whom, signed and dated."""

    issuer_mark: str
    number: str
    title: str
    addressee: str
    signature: str
    date: dt.date
    printed_by: str


def report_document(head: Masthead, parts: Sequence[tuple[str, list[str]]], annex: Annex) -> OfficialDocument:
    """A 通报 from its masthead, its parts in reading order and its annex table. A part with nothing to
    say is left out and the headings 一、二、… close over it; an annex without rows is left out too."""
    kept = [(heading, body) for heading, body in parts if body]
    return OfficialDocument(
        issuer_mark=head.issuer_mark,
        number=head.number,
        title=head.title,
        addressee=head.addressee,
        sections=[Section(f"{NUMERALS[n]}、{heading}", body) for n, (heading, body) in enumerate(kept)],
        signature=head.signature,
        date=head.date,
        annexes=[annex] if annex.rows else [],
        printed_by=head.printed_by,
    )


def chinese_date(day: dt.date) -> str:
    """成文日期 in Arabic numerals, as GB/T 9704-2012 asks: 2026年12月4日."""
    return f"{day.year}年{day.month}月{day.day}日"


def write_official(spec: OfficialDocument) -> bytes:
    """The document as .docx bytes."""
    doc = new_document()
    set_grid(doc)
    add_page_numbers(doc)
    add_issuer_mark(doc, spec.issuer_mark)
    add_number(doc, spec.number)
    add_red_rule(doc)
    add_blank(doc, 2)  # two lines below the red rule
    add_title(doc, spec.title)
    if spec.addressee:
        add_body(doc, f"{spec.addressee}：", indent=False)
    for text in spec.opening:
        add_body(doc, text)
    for section in spec.sections:
        add_heading(doc, section.heading)
        for text in section.paragraphs:
            if SUBHEADING.match(text):
                add_heading(doc, text)
            else:
                add_body(doc, text)
    if spec.annexes:
        add_blank(doc)
        for n, annex in enumerate(spec.annexes, 1):
            label = "附件：" if n == 1 else "　　　"
            number = f"{n}．" if len(spec.annexes) > 1 else ""
            add_body(doc, f"{label}{number}{annex.title}")
    add_signature(doc, spec.signature, spec.date)
    for n, annex in enumerate(spec.annexes, 1):
        add_annex(doc, annex, n if len(spec.annexes) > 1 else None)
    if spec.printed_by:
        add_imprint(doc, spec.printed_by, spec.date)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _line_pitch_twips() -> int:
    return int(Mm(TYPE_HEIGHT_MM).twips) // LINES_PER_PAGE


def set_grid(doc) -> None:
    """LINES_PER_PAGE lines of CHARS_PER_LINE characters of 三号 in the type area.

    Lines: the section's line grid (w:docGrid, which Word's page setup shows) and, for every paragraph,
    an exact line spacing of the same pitch, which LibreOffice honours too. Characters: 28 三号 characters
    (448 pt) are a little wider than the type area (442 pt), so each character is condensed by a quarter
    point (``CONDENSE``), which both Word and LibreOffice apply; a character grid (linesAndChars) would be
    spread out by LibreOffice instead."""
    sec = doc.sections[0]
    grid = sec._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = sec._sectPr.makeelement(qn("w:docGrid"), {})
        sec._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(_line_pitch_twips()))
    fmt = doc.styles["Normal"].paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(_line_pitch_twips() / 20)
    fmt.space_before = fmt.space_after = Pt(0)
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    spacing = rpr.makeelement(qn("w:spacing"), {qn("w:val"): str(CONDENSE_TWENTIETHS)})
    following = next((rpr.find(qn(tag)) for tag in RPR_AFTER_SPACING if rpr.find(qn(tag)) is not None), None)
    if following is not None:  # the schema's order of run properties, which Word checks
        following.addprevious(spacing)
    else:
        rpr.append(spacing)


def add_run(paragraph, text: str, font: str, size: Pt, color: RGBColor | None = None, bold: bool = False):
    """A run of ``text`` in ``font``: every text of a document is written here, without the characters
    XML forbids (python-docx raises on a control character a user typed)."""
    run = paragraph.add_run(xml_text(text))
    set_font(run, font, size, bold=bold)
    if color is not None:
        run.font.color.rgb = color
    return run


def add_blank(doc, lines: int = 1) -> None:
    for _ in range(lines):
        doc.add_paragraph()


def add_issuer_mark(doc, text: str) -> None:
    """发文机关标志: red 小标宋, centred, as large as fits the type area's width (at most 52 pt)."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    size = Pt(min(52, int(Mm(TYPE_WIDTH_MM).pt / max(len(text), 1)) - 1))
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(size.pt * 1.25)
    add_run(p, text, TITLE_FONT, size, RED)
    add_blank(doc, 2)  # two lines between the mark and the number


def add_number(doc, number: str) -> None:
    """发文字号: centred, 仿宋 三号 (a 下行文 has no 签发人)."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(p, number, BODY_FONT, SIZE_3)


def add_red_rule(doc) -> None:
    """The red separating rule 4 mm below the number, as wide as the type area."""
    p = doc.add_paragraph()
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(Mm(4).pt)
    ppr = p._p.get_or_add_pPr()
    borders = ppr.makeelement(qn("w:pBdr"), {})
    bottom = borders.makeelement(
        qn("w:bottom"),
        {qn("w:val"): "single", qn("w:sz"): "12", qn("w:space"): "0", qn("w:color"): "FF0000"},
    )
    borders.append(bottom)
    _insert_in_order(ppr, borders)


def _insert_in_order(ppr, borders) -> None:
    """w:pBdr comes before spacing, indentation and alignment in a paragraph's properties (the schema
    order Word checks)."""
    for tag in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc"):
        following = ppr.find(qn(tag))
        if following is not None:
            following.addprevious(borders)
            return
    ppr.append(borders)


def add_body(doc, text: str, *, indent: bool = True, align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    """A body paragraph: 仿宋 三号, the first line indented two characters."""
    p = doc.add_paragraph()
    p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(SIZE_3.pt * 2)
    add_run(p, text, BODY_FONT, SIZE_3)
    return p


def add_heading(doc, text: str) -> None:
    """一级 headings (一、) in 黑体, 二级 (（一）) in 楷体, both 三号 and indented like the body."""
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(SIZE_3.pt * 2)
    add_run(p, text, KAI_FONT if text.startswith("（") else HEADING_FONT, SIZE_3)


def add_signature(doc, signature: str, day: dt.date | None) -> None:
    """署名 and 成文日期 on the right, the date four characters in from the right edge, 署名 centred
    above it."""
    if not signature and day is None:
        return
    add_blank(doc, 2)
    date_text = chinese_date(day) if day else ""
    if signature:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        pad = max((len(date_text) - len(signature)) // 2, 0)
        p.paragraph_format.right_indent = Pt(SIZE_3.pt * (4 + pad))
        add_run(p, signature, BODY_FONT, SIZE_3)
    if date_text:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(SIZE_3.pt * 4)
        add_run(p, date_text, BODY_FONT, SIZE_3)


def add_annex(doc, annex: Annex, number: int | None) -> None:
    """An annex on a new page: 附件 (with its number) in 黑体 at the top left, its title, its table."""
    p = doc.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    add_run(p, f"附件{number or ''}", HEADING_FONT, SIZE_3)
    add_blank(doc)
    t = doc.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _title_spacing(t)
    add_run(t, annex.title, TITLE_FONT, SIZE_2)
    add_blank(doc)
    add_table(doc, annex.header, annex.rows, widths_mm=annex.widths_mm)


def add_imprint(doc, printed_by: str, day: dt.date | None) -> None:
    """版记: 印发机关 on the left and 印发日期 on the right between two thin black rules, 仿宋 四号."""
    add_blank(doc, 2)
    p = doc.add_paragraph()
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Pt(SIZE_4.pt)
    ppr = p._p.get_or_add_pPr()
    borders = ppr.makeelement(qn("w:pBdr"), {})
    for side in ("top", "bottom"):
        borders.append(
            borders.makeelement(
                qn(f"w:{side}"),
                {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1", qn("w:color"): "000000"},
            )
        )
    _insert_in_order(ppr, borders)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(TYPE_WIDTH_MM) - Pt(SIZE_4.pt * 2), WD_TAB_ALIGNMENT.RIGHT)
    add_run(p, printed_by, BODY_FONT, SIZE_4)
    if day is not None:
        add_run(p, f"\t{chinese_date(day)}印发", BODY_FONT, SIZE_4)


def add_page_numbers(doc) -> None:
    """页码: 宋体 四号 Arabic numerals between two 一字线 (— 1 —), below the type area; odd pages on
    the right, even pages on the left, each one character in from the edge."""
    doc.settings.odd_and_even_pages_header_footer = True
    sec = doc.sections[0]
    sec.footer_distance = Mm(21)
    for footer, align in (
        (sec.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        p.alignment = align
        fmt = p.paragraph_format
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(SIZE_4.pt)
        else:
            fmt.left_indent = Pt(SIZE_4.pt)
        add_run(p, "— ", PAGE_NUMBER_FONT, SIZE_4)
        _page_field(p)
        add_run(p, " —", PAGE_NUMBER_FONT, SIZE_4)


def _page_field(paragraph) -> None:
    """The PAGE field as begin / instruction / separate / value / end runs (Word and LibreOffice both
    update it; a bare w:fldSimple is dropped by some readers)."""
    for kind, text in (
        ("begin", None),
        ("instr", " PAGE "),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        run = add_run(paragraph, "", PAGE_NUMBER_FONT, SIZE_4)
        if kind == "instr":
            node = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            node.text = text
        elif kind == "text":
            node = run._r.makeelement(qn("w:t"), {})
            node.text = text
        else:
            node = run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        run._r.append(node)
