"""An imported workbook's own shape, kept for its export: the rows above the body (the title, the 填报单位
and 填报日期 lines, a header of however many rows) with their values, merges, heights and cell styles, the
columns' widths, each column's body style (an ordinary item row's, not a heading's), each heading row's
own look (its cells' styles and the ranges merged in it), the rows under the table (注：…, 填表人：…) as
they were, the freeze and the print setup. They are read
from the stored file and written again with XlsxWriter around the current rows, in constant memory, so
the file goes back to whoever asked for it in the shape they asked for.

Only the top of the file is loaded with its styles: each sheet's XML is cut after the first item row
before openpyxl reads it (a full load of a 100,000-row sheet would hold hundreds of megabytes); the
rows below are read again with openpyxl's streaming reader as the export passes them (``SourceRows``).
What openpyxl reads of a style carries over (sheet_styles); conditional formats and pictures do not.
What the file does not set itself is set as on every ledger: A4 landscape, one page wide, the header
rows on every printed page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NamedTuple
from xml.sax.saxutils import unescape

from luoshi.reports.official import chinese_date
from luoshi.reports.sheets import write_cell, xlsxwriter_workbook

from .sheet_styles import cell_style, font_style, theme_colours

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
HEADER_STYLE = {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1}
BODY_STYLE = {"text_wrap": True, "valign": "top", "border": 1}
DATE_FORMAT = "yyyy-mm-dd"
BLANKS = 20  # blank rows under the body after which nothing more of the file is looked for


@dataclass
class Shape:
    """What of a sheet's look its export keeps; rows and columns 0-based."""

    name: str
    top: list[list[tuple[Any, dict[str, Any]]]]  # the rows above the body: each cell's value and style
    body: list[dict[str, Any]]  # each column's style in the body
    widths: list[float | None]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # within ``top``
    later: list[tuple[int, int, int, int]] = field(default_factory=list)  # the file's merges below it
    source: SourceRows | None = None  # the file's rows below the top, for a heading's own look
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


class Line(NamedTuple):
    """A row of the export: its cells, whether its one text was merged across the row, and the file's
    row it stands for (1-based) when it is a heading that keeps that row's own look."""

    merged: bool
    cells: list[Any]
    number: int = 0
    heading: bool = False


class SourceRows:
    """The stored sheet's rows from the body down, read once and in order as the export passes them, with
    openpyxl's streaming reader (constant memory): a heading row's own cell styles, and the rows under
    the body (注：…, 填表人：…) as they are."""

    def __init__(self, data: bytes, sheet: str, first_body: int, width: int, theme: list[str]):
        import openpyxl

        self.book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = self.book[sheet] if sheet in self.book.sheetnames else self.book.worksheets[0]
        ws.reset_dimensions()  # a dimension recorded wrong (WPS) must not end the rows early
        self.rows = enumerate(ws.iter_rows(min_row=first_body, max_col=width), start=first_body)
        self.theme = theme
        self.first = first_body
        self.last = first_body - 1  # the last row read

    def _at(self, number: int) -> tuple[Any, ...]:
        if number > self.last:
            for at, cells in self.rows:
                self.last = at
                if at == number:
                    return tuple(cells)
        return ()

    def look(self, number: int) -> list[dict[str, Any]]:
        """Each cell's style in row ``number`` (rows are asked for in order)."""
        return [cell_style(cell, self.theme) for cell in self._at(number)]

    def after(self, number: int) -> list[list[tuple[Any, dict[str, Any]]]]:
        """The rows after row ``number`` (the body's last) down to the last one with a value: each cell's
        value and style; blank rows between them kept, a run of more than ``BLANKS`` ends them."""
        self._at(number)
        rows: list[list[tuple[Any, dict[str, Any]]]] = []
        kept = 0
        for at, cells in self.rows:
            self.last = at
            rows.append([(cell.value, cell_style(cell, self.theme)) for cell in cells])
            if any(value not in (None, "") for value, _ in rows[-1]):
                kept = len(rows)
            elif len(rows) - kept > BLANKS:
                break
        return rows[:kept]

    def close(self) -> None:
        self.book.close()


def plain_shape(name: str, top: list[list[Any]], widths: list[float | None]) -> Shape:
    """A file that keeps no look of its own (a .csv): its rows above the body, the header's last row
    bold and bordered, the body wrapped and bordered, printed as every ledger is."""
    last = len(top) - 1
    rows = [[(value, HEADER_STYLE if n == last else {}) for value in row] for n, row in enumerate(top)]
    shape = Shape(name, rows, [BODY_STYLE] * len(widths), widths, freeze=(len(top), 0))
    shape.repeat = (last, last) if top else None
    return shape


def read_shape(
    data: bytes, sheet: str, first_body: int, header_row: int, item_row: int | None = None
) -> Shape:
    """The shape of the workbook ``data``'s sheet ``sheet`` whose body starts at row ``first_body``
    (1-based, as are ``header_row`` and ``item_row``, the first ordinary row under the headings, whose
    look the body takes; the first body row when not given)."""
    import openpyxl

    item_row = max(item_row or first_body, first_body)
    book = openpyxl.load_workbook(io.BytesIO(_top_only(data, item_row)), data_only=True)
    ws = book[sheet] if sheet in book.sheetnames else book.worksheets[0]
    theme = theme_colours(book.loaded_theme)
    width = ws.max_column
    top = [
        [(cell.value, cell_style(cell, theme)) for cell in row]
        for row in ws.iter_rows(min_row=1, max_row=first_body - 1, max_col=width)
    ]
    body_row = next(ws.iter_rows(min_row=item_row, max_row=item_row, max_col=width), ())
    body = [cell_style(cell, theme) or BODY_STYLE for cell in body_row] or [BODY_STYLE] * width
    ranges = [(r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in ws.merged_cells.ranges]
    shape = Shape(ws.title, top, body, [None] * width, [r for r in ranges if r[2] < first_body - 1])
    shape.later = [r for r in ranges if r[0] >= first_body - 1]
    shape.source = SourceRows(data, ws.title, first_body, width, theme)
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
    return font_style(cell.font, theme)


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


def write_shape(shape: Shape, rows: Iterable[Line]) -> Iterator[bytes]:
    """The workbook: the shape's top rows as the file had them, then ``rows``: an ordinary row in the
    body's styles, a heading in its own row's look (its styles and merges) when the shape has the
    file's rows, else its text merged across the row as it came; written to a temporary file as the
    rows arrive, then handed out in chunks."""
    try:
        yield from _written(shape, rows)
    finally:
        if shape.source is not None:
            shape.source.close()


def _written(shape: Shape, rows: Iterable[Line]) -> Iterator[bytes]:
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
        spans: dict[int, list[tuple[int, int]]] = {}  # the ranges merged within one row below the top
        for r1, c1, r2, c2 in shape.later:
            if r1 == r2:
                spans.setdefault(r1, []).append((c1, c2))
        number, last = len(shape.top) - 1, 0
        for number, line in enumerate(rows, start=len(shape.top)):
            values, own, last = line.cells, None, line.number
            if line.heading and shape.source is not None:
                own = shape.source.look(line.number) or None
                for c1, c2 in spans.get(line.number - 1, []):
                    _merge(sheet, number, c1, number, c2)
                    text = next((value for value in values[c1 : c2 + 1] if value != ""), "")
                    values = [*values[:c1], text, *[""] * (c2 - c1), *values[c2 + 1 :]]
            elif line.merged and len(values) > 1:
                values, start = heading_cells(values)
                _merge(sheet, number, start, number, len(values) - 1)
            for col, value in enumerate(values):
                if own is not None:
                    style = own[col] if col < len(own) else {}
                    cell, date = formats.get(style), formats.dated(style)
                else:
                    cell, date = body[col] if col < len(body) else (None, formats.dated({}))
                write_cell(sheet, number, col, value, cell, date)
        if shape.source is not None:
            _below(sheet, formats, shape.source, shape.later, last or shape.source.first - 1, number + 1)
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


def _below(
    sheet: Any,
    formats: _Formats,
    source: SourceRows,
    merges: list[tuple[int, int, int, int]],
    last: int,
    start: int,
) -> None:
    """The file's rows after its body's last row ``last`` (1-based), from row ``start`` (0-based) as
    they were: values, styles and ``merges`` (the file's, below its top)."""
    rows = source.after(last)
    shift = start - last  # a row of the file (0-based) to its row here
    for r1, c1, r2, c2 in merges:
        if last <= r1 and r2 < last + len(rows):
            _merge(sheet, r1 + shift, c1, r2 + shift, c2)
    for number, cells in enumerate(rows, start=start):
        for col, (value, style) in enumerate(cells):
            write_cell(sheet, number, col, value, formats.get(style), formats.dated(style))


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
