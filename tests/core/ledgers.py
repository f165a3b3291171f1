"""Real-shaped ledgers (台账) built with openpyxl: a title, a 填报单位 line, merged header cells,
一、(一) 1. numbering, unit names with and without the 市委组织部 prefix."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "责任人", "分管领导", "完成时限", "进展情况", "备注"]
ROWS: list[list[Any]] = [
    ["一、", "干部队伍建设", "", "", "", "", "", "", ""],
    ["（一）", "年轻干部培养", "市委组织部干部一科", "", "", "", "", "", ""],
    [1, "开展年轻干部专题调研", "干部一科", "研究室", "", "", "2099年3月底前", "已完成方案", ""],
    [
        2,
        "建立优秀年轻干部储备库",
        "市委组织部干部一科",
        "干部二科、信息中心",
        "",
        "",
        "2099.6.30",
        "",
        "按季度更新",
    ],
    ["（二）", "干部教育培训", "干部二科", "", "", "", "长期坚持", "", ""],
    [1, "举办中青年干部培训班", "干部二科", "", "", "", "每月25日前", "", ""],
    ["二、", "基层党建", "", "", "", "", "", "", ""],
    [1, "整顿软弱涣散基层党组织", "基层党建科", "组织一科", "", "", "第一季度", "", ""],
    [2, "推进党支部标准化建设", "组织二科", "", "", "", "2099-12-31", "", ""],
]
# 一、干部队伍建设 and 二、基层党建 name no unit: categories, headings over their rows and no tasks.
TASKS = len(ROWS) - 2


def ledger(
    rows: Sequence[Sequence[Any]] = ROWS,
    header: Sequence[str] = HEADER,
    *,
    title: bool = True,
    heading: str = "2099年度全市组织工作重点任务推进台账",
    filed: Any = "填报日期：2099年1月5日",
) -> bytes:
    """A ledger as a department keeps it: title (merged across), 填报单位 line, a two-row merged header
    (责任单位 over 牵头单位|配合单位), then the rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "重点任务台账"
    width = len(header)
    top = 1
    if title:
        ws.cell(1, 1, heading)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws.cell(2, 1, "填报单位（盖章）：市委组织部办公室")
        ws.cell(2, width - 1, filed)
        top = 3
    # the header: 责任单位 spans the two unit columns; the other names are merged down over two rows
    for col, name in enumerate(header, start=1):
        if name in ("牵头单位", "配合单位"):
            ws.cell(top + 1, col, name)
        else:
            ws.cell(top, col, name)
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    units = [i + 1 for i, n in enumerate(header) if n in ("牵头单位", "配合单位")]
    if units:
        ws.cell(top, units[0], "责任单位")
        ws.merge_cells(start_row=top, start_column=units[0], end_row=top, end_column=units[-1])
    for r, values in enumerate(rows, start=top + 2):
        for c, value in enumerate(values, start=1):
            if value != "":
                ws.cell(r, c, value).alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# a ledger of this year filled in at its start, its deadlines written without their year
THIS_YEAR: list[list[Any]] = [
    ["一、", "干部队伍建设", "", "", "", "", "", "", ""],
    [1, "开展年轻干部专题调研", "干部一科", "", "", "", "3月底前", "", ""],
    [2, "完善干部选任工作纪实制度", "干部一科", "", "", "", "第一季度", "", ""],
    [3, "推进平时考核常态化", "干部一科", "", "", "", "每季度末", "", ""],
    [4, "开展个人有关事项抽查", "干部一科", "", "", "", "每月25日前", "", ""],
]
HEADING = re.compile(r"^[一二三四五六七八九十]+、$")


def headings_beside_number(data: bytes) -> bytes:
    """The most common way a section heading is laid out: 一、 in the 序号 cell and the heading's text
    merged across every other column (B:I)."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    for row in ws.iter_rows(min_row=5):
        if isinstance(row[0].value, str) and HEADING.match(row[0].value):
            for cell in row[2:]:
                cell.value = None
            ws.merge_cells(start_row=row[0].row, start_column=2, end_row=row[0].row, end_column=ws.max_column)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def dressed(data: bytes) -> bytes:
    """The ledger as an office dresses it for printing: a big title on a tall row, widths set, the header
    bold on a theme-tinted fill with borders, the body wrapped and bordered, A4 landscape one page wide
    with the two header rows on every page."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    ws["A1"].font = Font(name="方正小标宋简体", size=18)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.row_dimensions[1].height = 36
    for letter, width in zip("ABCDEFGHI", (6, 36, 14, 16, 8, 8, 12, 40, 16)):
        ws.column_dimensions[letter].width = width
    line = Side(style="thin", color="FF333333")
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row):
        for cell in row:
            cell.border = Border(left=line, right=line, top=line, bottom=line)
            if cell.row <= 4:
                cell.font = Font(name="黑体", bold=True)
                cell.fill = PatternFill("solid", fgColor=openpyxl.styles.colors.Color(theme=4, tint=0.6))
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            else:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "3:4"
    ws.oddFooter.center.text = "第 &P 页"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


FOOTER = ["注：完成时限以部务会议定为准。", "填表人：刘洋        审核人：陈刚        联系电话：12345678"]


def department(data: bytes) -> bytes:
    """The ledger as a section keeps it: dressed, each outline heading's text bold (a 一、 heading's text
    merged across the rest of its row), and under the table, after a blank row, a 注 line and a
    填表人 line merged across the row."""
    wb = openpyxl.load_workbook(io.BytesIO(dressed(data)))
    ws = wb.active
    last = ws.max_row
    width = ws.max_column
    for row in range(5, last + 1):
        seq = str(ws.cell(row, 1).value or "")
        if seq.endswith("、") or seq.startswith("（"):
            ws.cell(row, 2).font = Font(name="黑体", bold=True)
            ws.cell(row, 2).fill = PatternFill("solid", fgColor="FFF2F2F2")
        if seq.endswith("、"):
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
    ws.cell(last + 2, 1, FOOTER[0]).font = Font(name="仿宋", size=10)
    ws.cell(last + 3, 1, FOOTER[1]).font = Font(name="仿宋", size=10)
    ws.merge_cells(start_row=last + 3, start_column=1, end_row=last + 3, end_column=width)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def unread_cadence() -> bytes:
    """A ledger with a 反馈周期 column: one cell names no cadence (看情况), the next one does."""
    rows = [
        [1, "开展年轻干部专题调研", "干部一科", "", "", "", "2099年12月底前", "", "看情况"],
        [2, "建立优秀年轻干部储备库", "干部一科", "", "", "", "2099年12月底前", "", "每月25日前"],
    ]
    return ledger(rows, [*HEADER[:-1], "反馈周期"], heading="2099年工作台账")


def upload(data: bytes, name: str = "台账.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """The workbook with each formula cell's cached result written in, as Excel or WPS leave it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = body.decode("utf-8")
                for ref, value in values.items():
                    text = re.sub(
                        rf'<c r="{ref}"[^>]*><f>(.*?)</f>(?:<v\s*/>|<v>[^<]*</v>)?',
                        lambda m, ref=ref, value=value: f'<c r="{ref}" t="str"><f>{m[1]}</f><v>{value}</v>',
                        text,
                    )
                body = text.encode("utf-8")
            dst.writestr(item, body)
    return out.getvalue()


def wps_style(data: bytes) -> bytes:
    """The workbook rewritten the way WPS 表格 writes its .xlsx: inline strings are not used, but the
    sheet's recorded dimension is wrong (A1) and the application is KSO's, which is what trips readers
    that trust the dimension. (Not a file saved by WPS itself: none can be made on this machine.)"""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                body = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', body)
            if item.filename == "docProps/app.xml":
                body = re.sub(
                    rb"<Application>[^<]*</Application>",
                    b"<Application>WPS \xe8\xa1\xa8\xe6\xa0\xbc</Application>",
                    body,
                )
            dst.writestr(item, body)
    return out.getvalue()


def bare_sheet(rows: int) -> bytes:
    """A workbook as small as a crafted one is: ``rows`` task rows under a header, shared strings, and no
    <dimension> (its XML written by hand, as openpyxl always writes one)."""
    strings = ["序号", "任务内容", "牵头单位", "完成时限", "调研", "办公室", "2099-12-31"]
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006"
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{package}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
            '+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{kind}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}.sharedStrings+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{package}/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook {main} xmlns:r="{rel}"><sheets>'
            '<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{package}/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/sharedStrings.xml",
            f"<sst {main}>" + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>",
        )
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f"<worksheet {main}><sheetData>".encode())
            sheet.write(
                b'<row r="1">' + b"".join(b'<c t="s"><v>%d</v></c>' % i for i in range(4)) + b"</row>"
            )
            for r in range(2, rows + 2):
                sheet.write(
                    b'<row r="%d"><c><v>%d</v></c><c t="s"><v>4</v></c><c t="s"><v>5</v></c>'
                    b'<c t="s"><v>6</v></c></row>' % (r, r - 1)
                )
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def part_rewritten(
    data: bytes, rewrite: Callable[[bytes], bytes], part: str = "xl/worksheets/sheet1.xml"
) -> bytes:
    """The file with one part of its package (the first sheet unless named) changed by ``rewrite``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            dst.writestr(item, rewrite(body) if item.filename == part else body)
    return out.getvalue()
