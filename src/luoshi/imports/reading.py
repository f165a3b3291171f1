"""A ledger file's sheets as rows of plain values: .xlsx read streaming, .csv in UTF-8 or GB18030, the
tables of a .docx (imports.word) as sheets.

What a file is, is judged by its content (core.uploads) before anything reads it. Macro-enabled
workbooks and documents are refused and never opened by anything that could run them; a
password-protected workbook or document is an OLE container, not a zip, and is named as such.
Formulas give their cached values (``data_only``). Merged cells give their value to every cell they
cover, so a 牵头单位 merged over five rows belongs to each of the five.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from luoshi.core.errors import InvalidInput
from luoshi.core.uploads import OLE_MAGIC, check_files

SUFFIXES = (".xlsx", ".csv", ".docx")
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".xlsb", ".docm", ".dotm")
OLD_SUFFIXES = (".xls", ".et", ".ett", ".doc", ".wps")
ZIPPED = {".xlsx": "Excel工作簿", ".docx": "Word文档"}
MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
ROW = re.compile(rb'<(?:\w+:)?row(?=[\s/>])(?:[^>]*?\sr="(\d+)")?')
CHUNK = 1024 * 1024
# A ledger is read whole before its preview answers (a .csv parsed, a workbook's rows counted): 45 MB of
# CSV held a worker 9-18 s. A ledger of 20,000 rows is about 2 MB; past this it is split, not waited on.
MAX_LEDGER_MB = 10
# The rows one import takes (below the header); a sheet may have as many more above them for its title and
# header. A workbook of 8 MB can hold 420,000 rows: the count is checked as the sheet is read, never after.
MAX_ROWS = 200_000
TOP_ROWS = 30


@dataclass
class Sheet:
    """One sheet; ``rows()`` iterates it again from the top each time it is called."""

    name: str
    source: Any
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # row1, col1, row2, col2 (0-based)
    size: int | None = None  # its last row, counted as it was read

    def rows(self) -> Iterator[list[Any]]:
        """Each row (0-based by position) as a list of values: text stripped, dates as dates, whole
        numbers as int; merged ranges filled."""
        if isinstance(self.source, list):
            yield from self.source
            return
        starts: dict[int, list[tuple[int, int, int, int]]] = {}
        for merge in self.merges:
            starts.setdefault(merge[0], []).append(merge)
        active: list[tuple[int, int, int, Any]] = []  # last row, first col, last col, value
        for number, raw in enumerate(self.source.iter_rows(values_only=True)):
            row = [plain(value) for value in raw]
            active = [a for a in active if a[0] >= number]
            for last, col1, col2, value in active:
                _fill(row, col1, col2, value)
            for row1, col1, row2, col2 in starts.pop(number, ()):
                value = row[col1] if col1 < len(row) else ""
                _fill(row, col1, col2, value)
                if row2 > row1:
                    active.append((row2, col1, col2, value))
            yield row


def _fill(row: list[Any], col1: int, col2: int, value: Any) -> None:
    if len(row) <= col2:
        row.extend([""] * (col2 + 1 - len(row)))
    for col in range(col1, col2 + 1):
        row[col] = value


def plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass
class Table:
    """An opened ledger: its sheets, and the workbook to close when done."""

    sheets: list[Sheet]
    book: Any = None

    def sheet(self, name: str | None) -> Sheet:
        return next((s for s in self.sheets if s.name == name), self.sheets[0])

    def close(self) -> None:
        if self.book is not None:
            self.book.close()


def check_upload(upload: Any) -> str:
    """The upload's suffix once it passed every check; else a Chinese InvalidInput."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    save_as = ".docx" if suffix in (".docm", ".dotm", ".doc", ".wps") else ".xlsx"
    if suffix in MACRO_SUFFIXES:
        raise InvalidInput(
            f"“{name}”是含宏或二进制格式的文件，出于安全考虑不予导入。"
            f"请在Office或WPS中另存为 {save_as} 后重新上传",
            "file_macro",
        )
    if suffix in OLD_SUFFIXES:
        raise InvalidInput(
            f"暂不支持旧版格式“{suffix}”。请在Office或WPS中打开“{name}”，另存为 {save_as} 后重新上传",
            "file_type",
        )
    if suffix not in SUFFIXES:
        raise InvalidInput(f"只能导入 .xlsx、.csv 或 .docx 文件，“{name}”不是", "file_type")
    upload.seek(0)
    head = upload.read(len(OLE_MAGIC))
    upload.seek(0)
    if suffix in ZIPPED and head == OLE_MAGIC:
        raise InvalidInput(
            f"“{name}”设有打开密码（已加密），无法读取。请取消密码后另存为 {suffix} 再上传", "file_encrypted"
        )
    if (upload.size or 0) > MAX_LEDGER_MB * 1024 * 1024:
        raise InvalidInput(
            f"“{name}”超过{MAX_LEDGER_MB}MB，台账导入一次最多{MAX_LEDGER_MB}MB。请按单位或月份拆分后分批导入",
            "file_too_big",
        )
    check_files([upload], SUFFIXES)  # an Office file carrying VBA too (core.uploads)
    return suffix


def open_table(data: bytes, suffix: str) -> Table:
    """The file's sheets (a .csv is one sheet); a file no reader can open, or a sheet of more rows than one
    import takes, is a Chinese InvalidInput."""
    if suffix == ".csv":
        rows = _csv_rows(data)
        _check_size("CSV", len(rows))
        return Table([Sheet("CSV", rows, size=len(rows))])
    if suffix == ".docx":
        from .word import open_document

        return open_document(data)[0]
    try:
        reader = _Reader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read()
    except Exception as exc:  # openpyxl raises many kinds on a broken file: all mean "cannot read it"
        raise InvalidInput(
            "文件已损坏或不是有效的Excel工作簿，无法打开，请检查后重新上传", "file_content"
        ) from exc
    book = reader.wb
    try:
        sheets = []
        archive = zipfile.ZipFile(io.BytesIO(data))
        for ws in book.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            merges, size = _survey(archive, getattr(ws, "_worksheet_path", ""))
            _check_size(ws.title, size)
            sheets.append(Sheet(ws.title, ws, merges, size))
    except InvalidInput:
        book.close()
        raise
    if not sheets:
        book.close()
        raise InvalidInput("工作簿中没有可见的工作表", "file_content")
    return Table(sheets, book)


class _Sheet(ReadOnlyWorksheet):  # type: ignore[misc]
    """A sheet read as a stream that never looks for its dimension: openpyxl looks for <dimension> until
    the end of <sheetData>, so a sheet without one is parsed whole when the workbook is opened (a crafted
    420,000-row workbook: 15 s before a row is read). Its rows are counted by ``_survey`` instead, and
    recorded dimensions are not trusted anyway (WPS and others write wrong ones)."""

    def _get_size(self) -> None:
        pass


class _Reader(ExcelReader):  # type: ignore[misc]
    """openpyxl's reader of a workbook, its sheets as ``_Sheet``."""

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                ws = _Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
                ws.sheet_state = sheet.state
                self.wb._sheets.append(ws)


def _check_size(name: str, size: int) -> None:
    if size > MAX_ROWS + TOP_ROWS:
        raise InvalidInput(
            f"工作表“{name}”超过{MAX_ROWS}行，一次最多导入{MAX_ROWS}行。请按单位或月份拆分后分批导入",
            "too_many_rows",
        )


def _survey(archive: zipfile.ZipFile, path: str) -> tuple[list[tuple[int, int, int, int]], int]:
    """The merged ranges of a sheet and its last row, read from its XML as a stream (openpyxl's streaming
    reader has no merges); the reading stops at the first row past what one import takes."""
    path = path.lstrip("/")
    if not path or path not in archive.namelist():
        return [], 0
    found: list[tuple[int, int, int, int]] = []
    last, tail = 0, b""
    with archive.open(path) as member:
        for chunk in iter(lambda: member.read(CHUNK), b""):
            text = tail + chunk
            cut = text.rfind(b"<")
            end = cut if cut > 0 else len(text)
            found.extend(_merged(text, end))
            last = _last_row(text, end, last)
            if last > MAX_ROWS + TOP_ROWS:
                break
            tail = text[cut:] if cut > 0 else b""
        else:
            found.extend(_merged(tail, len(tail)))
            last = _last_row(tail, len(tail), last)
    return found, last


def _merged(text: bytes, end: int) -> Iterator[tuple[int, int, int, int]]:
    for m in MERGE.finditer(text, 0, end):
        yield (int(m[2]) - 1, column_index(m[1].decode()), int(m[4]) - 1, column_index(m[3].decode()))


def _last_row(text: bytes, end: int, last: int) -> int:
    """The last row number after the <row> tags in ``text``: its r, or the next one (as openpyxl reads
    them, filling the rows an r skips)."""
    for m in ROW.finditer(text, 0, end):
        last = max(last, int(m[1])) if m[1] else last + 1
    return last


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def column_letter(index: int) -> str:
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _csv_rows(data: bytes) -> list[list[Any]]:
    text = decode_text(data)
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without its byte-order mark) or GB18030, whichever the bytes are."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise InvalidInput(
            "CSV文件的编码无法识别，请另存为UTF-8或GBK编码后重新上传", "file_content"
        ) from None
