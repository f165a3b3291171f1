"""An imported workbook's own shape, kept for its export: the rows above the body (the title, the 填报单位
and 填报日期 lines, a header of however many rows) with their values, merges, heights and cell styles, the
columns' widths, each column's body style (the first body row's), the freeze and the print setup. They
are read from the stored file and written again with XlsxWriter around the current rows, in constant
memory, so the file goes back to whoever asked for it in the shape they asked for.

Only the top of the file is loaded with its styles: each sheet's XML is cut after the first body row
before openpyxl reads it (a full load of a 100,000-row sheet would hold hundreds of megabytes). What
openpyxl reads of a style carries over: fonts, solid fills (theme colours resolved against the file's
theme), borders, alignment and wrap, number formats; conditional formats and pictures do not. What the
file does not set itself is set as on every ledger: A4 landscape, one page wide, the header rows on
every printed page.
"""

from __future__ import annotations

import colorsys
import datetime as dt
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import unescape

from luoshi.reports.official import chinese_date
from luoshi.reports.sheets import write_cell, xlsxwriter_workbook

ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
SHEET_DATA_END = re.compile(rb"</(?:\w+:)?sheetData>")
CHUNK = 1 << 16
A4 = 9
PADDING = 5 / 7
# 填报日期：2026年1月5日 (or 2026-1-5, or left blank as ____年__月__日) on a line above the header
FILED = re.compile(
    r"((?:填报|填表|报送|统计)(?:日期|时间)\s*[:：]\s*?)"
    r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}([-./])\d{1,2}\3\d{1,2}|[\s_]*年[\s_]*月[\s_]*日|\s*$)"
)
BORDERS = {
    "thin": 1,
    "medium": 2,
    "dashed": 3,
    "dotted": 4,
    "thick": 5,
    "double": 6,
    "hair": 7,
    "mediumDashed": 8,
    "dashDot": 9,
    "mediumDashDot": 10,
    "dashDotDot": 11,
    "mediumDashDotDot": 12,
    "slantDashDot": 13,
}
ALIGN = {"left": "left", "center": "center", "right": "right", "fill": "fill", "justify": "justify"}
ALIGN |= {"centerContinuous": "center_across", "distributed": "distributed"}
VALIGN = {"top": "top", "center": "vcenter", "bottom": "bottom", "justify": "vjustify"}
VALIGN |= {"distributed": "vdistributed"}
SCHEME = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6")
HEADER_STYLE = {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1}
BODY_STYLE = {"text_wrap": True, "valign": "top", "border": 1}
DATE_FORMAT = "yyyy-mm-dd"


@dataclass
class Shape:
    """What of a sheet's look its export keeps; rows and columns 0-based."""

    name: str
    top: list[list[tuple[Any, dict[str, Any]]]]  # the rows above the body: each cell's value and style
    body: list[dict[str, Any]]  # each column's style in the body
    widths: list[float | None]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # within ``top``
    heights: dict[int, float] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)  # columns
    font: dict[str, Any] = field(default_factory=dict)  # the workbook's default
    repeat: tuple[int, int] | None = None  # rows printed on every page
    freeze: tuple[int, int] | None = None
    paper: int = A4
    landscape: bool = True
    fit: tuple[int, int] | None = (1, 0)
    scale: int | None = None
    margins: dict[str, float] = field(default_factory=dict)
    header: str = ""
    footer: str = "&C第 &P 页，共 &N 页"
    centered: bool = False
    gridlines: bool = False


def plain_shape(name: str, top: list[list[Any]], widths: list[float | None]) -> Shape:
    """A file that keeps no look of its own (a .csv): its rows above the body, the header's last row
    bold and bordered, the body wrapped and bordered, printed as every ledger is."""
    last = len(top) - 1
    rows = [[(value, HEADER_STYLE if n == last else {}) for value in row] for n, row in enumerate(top)]
    shape = Shape(name, rows, [BODY_STYLE] * len(widths), widths, freeze=(len(top), 0))
    shape.repeat = (last, last) if top else None
    return shape


def read_shape(data: bytes, sheet: str, first_body: int, header_row: int) -> Shape:
    """The shape of the workbook ``data``'s sheet ``sheet`` whose body starts at row ``first_body``
    (1-based, as is ``header_row``)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(_top_only(data, first_body)), data_only=True)
    ws = book[sheet] if sheet in book.sheetnames else book.worksheets[0]
    theme = _theme(book.loaded_theme)
    width = ws.max_column
    top = [
        [(cell.value, _style(cell, theme)) for cell in row]
        for row in ws.iter_rows(min_row=1, max_row=first_body - 1, max_col=width)
    ]
    body_row = next(ws.iter_rows(min_row=first_body, max_row=first_body, max_col=width), ())
    body = [_style(cell, theme) or BODY_STYLE for cell in body_row] or [BODY_STYLE] * width
    merges = [
        (r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1)
        for r in ws.merged_cells.ranges
        if r.max_row < first_body
    ]
    shape = Shape(ws.title, top, body, [None] * width, merges)
    shape.font = _normal_font(book, theme)
    for dim in list(ws.column_dimensions.values()):  # the widths the file sets; the others its default
        for col in range(dim.min or 1, min(dim.max or 1, width) + 1):
            if dim.customWidth or dim.width:
                shape.widths[col - 1] = _typed_width(float(dim.width))
            if dim.hidden:
                shape.hidden.add(col - 1)
    shape.heights = {
        n - 1: dim.height for n, dim in ws.row_dimensions.items() if n < first_body and dim.height is not None
    }
    frozen = ws[ws.freeze_panes] if ws.freeze_panes else None
    shape.freeze = (frozen.row - 1, frozen.column - 1) if frozen else (first_body - 1, 0)
    _print_setup(ws, shape, _header_start(shape.merges, header_row - 1), first_body - 2)
    return shape


def _normal_font(book: Any, theme: list[str]) -> dict[str, Any]:
    """The workbook's default font, its Normal style's: read off a cell given that style on a sheet of
    its own, added to the loaded copy (which is never saved)."""
    if "Normal" not in book.named_styles:
        return {}
    cell = book.create_sheet().cell(1, 1)
    cell.style = "Normal"
    return _font(cell.font, theme)


def _typed_width(stored: float) -> float:
    """The width XlsxWriter is given for a column the file stores as ``stored`` wide (XlsxWriter adds the
    cell padding, 5 pixels of 7 to a character, as Excel does to a width typed in)."""
    return stored - PADDING if stored >= 1 + PADDING else stored


def _header_start(merges: list[tuple[int, int, int, int]], row: int) -> int:
    """The header's first row: the detected row, and the rows above it merged down into the header."""
    while any(r1 == row - 1 and r2 >= row for r1, _, r2, _ in merges):
        row -= 1
    return row


def _print_setup(ws: Any, shape: Shape, header_first: int, header_last: int) -> None:
    setup, properties = ws.page_setup, ws.sheet_properties.pageSetUpPr
    shape.paper = int(setup.paperSize or A4)
    shape.landscape = setup.orientation != "portrait"
    if properties is not None and properties.fitToPage:
        shape.fit = (
            int(setup.fitToWidth if setup.fitToWidth is not None else 1),
            int(setup.fitToHeight or 0),
        )
    elif setup.scale and int(setup.scale) != 100:
        shape.fit, shape.scale = None, int(setup.scale)
    titles = re.fullmatch(r"\$?(\d+):\$?(\d+)", ws.print_title_rows or "")
    shape.repeat = (int(titles[1]) - 1, int(titles[2]) - 1) if titles else (header_first, header_last)
    margins = ws.page_margins
    shape.margins = {side: float(getattr(margins, side)) for side in ("left", "right", "top", "bottom")}
    if ws.oddHeader:
        shape.header = unescape(str(ws.oddHeader))
    if ws.oddFooter:
        shape.footer = unescape(str(ws.oddFooter))
    shape.centered = bool(ws.print_options.horizontalCentered)
    shape.gridlines = bool(ws.print_options.gridLines)


def _top_only(data: bytes, first_body: int) -> bytes:
    """The workbook with every sheet's rows after ``first_body`` left out."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename.startswith("xl/worksheets/") and item.filename.endswith(".xml"):
                with src.open(item) as member:
                    dst.writestr(item.filename, _cut(member, first_body))
            else:
                dst.writestr(item, src.read(item))
    return out.getvalue()


def _cut(member: IO[bytes], keep: int) -> bytes:
    """A sheet's XML up to its row ``keep``, the rest of its rows skipped as they stream past."""
    kept, scan, number = b"", 0, 0
    while chunk := member.read(CHUNK):
        kept += chunk
        for tag in ROW_TAG.finditer(kept, scan):
            found = ROW_NUMBER.search(tag[1])
            number = int(found[1]) if found else number + 1
            if number > keep:
                return kept[: tag.start()] + _after_rows(kept[tag.start() :], member)
            scan = tag.end()
    return kept


def _after_rows(text: bytes, member: IO[bytes]) -> bytes:
    """What follows the sheet's rows (merges, page setup…), the rows before it read and dropped."""
    while True:
        end = SHEET_DATA_END.search(text)
        if end:
            return text[end.start() :] + member.read()
        chunk = member.read(CHUNK)
        if not chunk:
            return b""
        text = text[-32:] + chunk


def _theme(xml: bytes | None) -> list[str]:
    """The theme's colours in the order cells name them (background 1, text 1, background 2, …)."""
    if not xml:
        return []
    colours = {}
    for name in SCHEME:
        found = re.search(
            rb"<(?:\w+:)?" + name.encode() + rb'>.*?(?:val|lastClr)="([0-9A-Fa-f]{6})"', xml, re.DOTALL
        )
        colours[name] = found[1].decode() if found else "000000"
    return [colours[name] for name in SCHEME]


def _colour(color: Any, theme: list[str]) -> str | None:
    """An openpyxl colour as #RRGGBB: its own, an indexed one, or the theme's with its tint."""
    from openpyxl.styles.colors import COLOR_INDEX

    if color is None:
        return None
    if color.type == "rgb" and isinstance(color.rgb, str) and len(color.rgb) == 8:
        return "#" + color.rgb[2:]
    if color.type == "indexed" and isinstance(color.indexed, int) and color.indexed < 64:
        return "#" + COLOR_INDEX[color.indexed][2:]
    if color.type == "theme" and isinstance(color.theme, int) and color.theme < len(theme):
        red, green, blue = (int(theme[color.theme][i : i + 2], 16) / 255 for i in (0, 2, 4))
        hue, light, sat = colorsys.rgb_to_hls(red, green, blue)
        tint = float(color.tint or 0)
        light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
        return "#" + "".join(f"{round(v * 255):02X}" for v in colorsys.hls_to_rgb(hue, light, sat))
    return None


def _font(font: Any, theme: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if font.name:
        out["font_name"] = font.name
    if font.sz:
        out["font_size"] = float(font.sz)
    if font.b:
        out["bold"] = True
    if font.i:
        out["italic"] = True
    if font.u:
        out["underline"] = 2 if font.u == "double" else 1
    if colour := _colour(font.color, theme):
        out["font_color"] = colour
    return out


def _style(cell: Any, theme: list[str]) -> dict[str, Any]:
    """A cell's style as XlsxWriter format properties; {} for a cell without one."""
    if not cell.has_style:
        return {}
    out = _font(cell.font, theme)
    if cell.fill.fill_type == "solid" and (colour := _colour(cell.fill.fgColor, theme)):
        out["bg_color"] = colour
    for side in ("left", "right", "top", "bottom"):
        line = getattr(cell.border, side)
        if line is not None and line.style in BORDERS:
            out[side] = BORDERS[line.style]
            if colour := _colour(line.color, theme):
                out[f"{side}_color"] = colour
    align = cell.alignment
    if align.horizontal in ALIGN:
        out["align"] = ALIGN[align.horizontal]
    if align.vertical in VALIGN:
        out["valign"] = VALIGN[align.vertical]
    if align.wrap_text:
        out["text_wrap"] = True
    if align.shrink_to_fit:
        out["shrink"] = True
    if align.indent:
        out["indent"] = int(align.indent)
    if align.text_rotation:
        out["rotation"] = int(align.text_rotation)
    if cell.number_format and cell.number_format != "General":
        out["num_format"] = cell.number_format
    return out


def filed_text(text: str, today: dt.date) -> str:
    """A line saying 填报日期 says today, in the way it wrote its date (or 2026年12月4日 when blank)."""
    found = FILED.search(text)
    if not found:
        return text
    stamp = chinese_date(today)
    if found[3]:
        stamp = found[3].join((str(today.year), str(today.month), str(today.day)))
    return text[: found.start(2)] + stamp + text[found.end(2) :]


def filed_today(top: list[list[tuple[Any, dict[str, Any]]]], today: dt.date) -> None:
    """A 填报日期 line above the header says today: in its own text, or in the date cell after it."""
    for row in top:
        for index, (value, style) in enumerate(row):
            if not isinstance(value, str) or not (found := FILED.search(value)):
                continue
            after = next((i for i in range(index + 1, len(row)) if row[i][0] not in (None, "")), None)
            if not found[2].strip() and after is not None and isinstance(row[after][0], dt.date):
                row[after] = (today, row[after][1])
            else:
                row[index] = (filed_text(value, today), style)


def write_shape(shape: Shape, rows: Iterable[tuple[bool, list[Any]]]) -> Iterator[bytes]:
    """The workbook: the shape's top rows as the file had them, then ``rows`` (a heading's flag and the
    cells) in the body's styles, a heading's text merged across its row as it came; written to a
    temporary file as the rows arrive, then handed out in chunks."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "layout.xlsx"
        font = {key: shape.font[key] for key in ("font_name", "font_size") if key in shape.font}
        book = xlsxwriter_workbook(
            str(path),
            {
                "constant_memory": True,
                "tmpdir": folder,
                **({"default_format_properties": font} if font else {}),
            },
        )
        sheet = book.add_worksheet(shape.name[:31])
        _setup(sheet, shape)
        formats = _Formats(book)
        for merge in shape.merges:
            _merge(sheet, *merge)
        for number, cells in enumerate(shape.top):
            if number in shape.heights:
                sheet.set_row(number, shape.heights[number])
            for col, (value, style) in enumerate(cells):
                write_cell(sheet, number, col, value, formats.get(style), formats.dated(style))
        body = [(formats.get(style), formats.dated(style)) for style in shape.body]
        for number, (heading, values) in enumerate(rows, start=len(shape.top)):
            if heading and len(values) > 1:
                values, start = heading_cells(values)
                _merge(sheet, number, start, number, len(values) - 1)
            for col, value in enumerate(values):
                cell, date = body[col] if col < len(body) else (None, formats.dated({}))
                write_cell(sheet, number, col, value, cell, date)
        book.close()
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk


def heading_cells(values: list[Any]) -> tuple[list[Any], int]:
    """A heading row's cells and the column its text is merged from: its 序号 in a cell of its own
    stays there (一、 in A, the text over B:I), else its one text goes across the whole row."""
    filled = [col for col, value in enumerate(values) if value != ""]
    start = filled[-1] if len(filled) > 1 else 0
    text = values[filled[-1]] if filled else ""
    return [*values[:start], text] + [""] * (len(values) - start - 1), start


def _merge(sheet: Any, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """The range merged, its cells then written one by one in their own styles. Given no value and no
    format, ``merge_range`` writes no cell (XlsxWriter ignores a blank cell without a format), so in
    constant memory mode it leaves no row behind, even for a range over several rows; it must come
    before its first row is left. A single cell is no range; a range overlapping one merged before is
    left out, as Excel would refuse the file."""
    from xlsxwriter.exceptions import OverlappingRange

    if (first_row, first_col) == (last_row, last_col):
        return
    try:
        sheet.merge_range(first_row, first_col, last_row, last_col, None)
    except OverlappingRange:
        pass


def _setup(sheet: Any, shape: Shape) -> None:
    for col, width in enumerate(shape.widths):
        hidden = {"hidden": True} if col in shape.hidden else None
        if width is not None or hidden:
            sheet.set_column(col, col, width, None, hidden)
    if shape.freeze:
        sheet.freeze_panes(*shape.freeze)
    sheet.set_paper(shape.paper)
    if shape.landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    if shape.fit:
        sheet.fit_to_pages(*shape.fit)
    elif shape.scale:
        sheet.set_print_scale(shape.scale)
    if shape.repeat:
        sheet.repeat_rows(*shape.repeat)
    if shape.margins:
        sheet.set_margins(**shape.margins)
    if shape.header:
        sheet.set_header(shape.header)
    if shape.footer:
        sheet.set_footer(shape.footer)
    if shape.centered:
        sheet.center_horizontally()
    if shape.gridlines:
        sheet.hide_gridlines(0)


class _Formats:
    """One XlsxWriter format per distinct style, made when first asked for."""

    def __init__(self, book: Any):
        self.book = book
        self.made: dict[tuple[Any, ...], Any] = {}

    def get(self, style: dict[str, Any]) -> Any:
        if not style:
            return None
        key = tuple(sorted(style.items()))
        if key not in self.made:
            self.made[key] = self.book.add_format(style)
        return self.made[key]

    def dated(self, style: dict[str, Any]) -> Any:
        """The style for a date: its own number format when that is a date's, else ``DATE_FORMAT``."""
        from openpyxl.styles.numbers import is_date_format

        if is_date_format(style.get("num_format", "General")):
            return self.get(style)
        return self.get({**style, "num_format": DATE_FORMAT})
