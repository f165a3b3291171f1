"""An uploaded table's sheets as rows of plain values: .xlsx read streaming, .csv in UTF-8 or GB18030, the
tables of a .docx (core.word) as sheets. In core because every import reads its workbook this one way:
a task ledger (imports), the org chart (org) and a year's workdays (workdays).

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
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

import openpyxl

from luoshi.core.errors import InvalidInput
from luoshi.core.text import visible
from luoshi.core.uploads import OLE_MAGIC, check_files, suffix_of

SUFFIXES = (".xlsx", ".csv", ".docx")
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".xlsb", ".docm", ".dotm")
OLD_SUFFIXES = (".xls", ".et", ".ett", ".doc", ".wps")
ZIPPED = {".xlsx": "Excel工作簿", ".docx": "Word文档"}
CELL = re.compile(r"([A-Z]{1,3})(\d+)")
CHUNK = 1024 * 1024
# A ledger is read whole before its preview answers (a .csv parsed, a workbook's rows counted): 45 MB of
# CSV held a worker 9-18 s. A ledger of 20,000 rows is about 2 MB; past this it is split, not waited on.
MAX_LEDGER_MB = 10
# The rows one import takes (below the header); a sheet may have as many more above them for its title and
# header. A workbook of 8 MB can hold 420,000 rows: the count is checked as the sheet is read, never after.
MAX_ROWS = 200_000
TOP_ROWS = 30
# A worksheet's width (XFD): a .csv row wider than a workbook's could be is no ledger, and reading the
# header of 200,000 columns held a worker past its timeout.
MAX_COLUMNS = 16_384
# A sheet's XML as unpacked: 200,000 rows of a twenty-column ledger are about 150 MB. Past this a sheet is a
# zip bomb rather than a ledger, and unpacking it further would only hold the worker.
MAX_SHEET_MB = 256
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


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
        return visible(value).strip()
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


def check_format(name: str, accepted: tuple[str, ...] = SUFFIXES) -> str:
    """The name's suffix, for the caller's own check of suffixes; but a macro-enabled or old binary file
    (.xlsm, .xls, .doc, WPS's .et …) of a kind ``accepted`` in its plain form is told, in Chinese, to be
    saved as that form (.xlsx or .docx)."""
    suffix = suffix_of(name)
    save_as = ".docx" if suffix in (".docm", ".dotm", ".doc", ".wps") else ".xlsx"
    if save_as not in accepted:
        return suffix
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
    return suffix


def check_upload(upload: Any) -> str:
    """The upload's suffix once it passed every check; else a Chinese InvalidInput."""
    name = upload.name or ""
    suffix = check_format(name)
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
        return Table([Sheet("CSV", rows, size=len(rows))])
    if suffix == ".docx":
        from .word import open_document

        return open_document(data)[0]
    book, surveyed = open_workbook(data)
    sheets = []
    for name, state, merges, size in surveyed:
        if state == "visible" and name in book.sheetnames:
            ws = book[name]
            ws.reset_dimensions()  # a recorded <dimension> may be wrong (WPS writes A1): read every row
            sheets.append(Sheet(name, ws, merges, size))
    if not sheets:
        book.close()
        raise InvalidInput("工作簿中没有可见的工作表", "file_content")
    return Table(sheets, book)


def open_workbook(data: bytes) -> tuple[Any, list[tuple[str, str, list[tuple[int, int, int, int]], int]]]:
    """An .xlsx as openpyxl's streaming workbook, and each worksheet's name, state, merged ranges and last
    row, surveyed before openpyxl reads it: a sheet of more rows than one import takes, or of a zip bomb's
    XML, and a file no reader can open are a Chinese InvalidInput."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        surveyed = [
            (name, state, *_survey(archive, path, name)) for name, state, path in _sheet_parts(archive)
        ]
    except (zipfile.BadZipFile, KeyError, ValueError, expat.ExpatError) as exc:
        raise InvalidInput(
            "文件已损坏或不是有效的Excel工作簿，无法打开，请检查后重新上传", "file_content"
        ) from exc
    for name, _state, _merges, size in surveyed:
        _check_size(name, size)  # a hidden sheet too: openpyxl would read it through
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file: all mean "cannot read it"
        raise InvalidInput(
            "文件已损坏或不是有效的Excel工作簿，无法打开，请检查后重新上传", "file_content"
        ) from exc
    return book, surveyed


# A workbook filled in from one of the administrators' templates (the org chart, a year's workdays) that
# is no workbook at all.
NOT_A_TEMPLATE = "文件不是有效的Excel工作簿（.xlsx），请用模板填写后上传"


def open_template_workbook(upload: Any) -> Any:
    """The file the user uploaded, filled in from one of the administrators' templates (the org chart, a
    year's workdays), as openpyxl's streaming workbook, checked as a ledger is: its name, content, unpacked
    size and compression ratio as every upload's (core.uploads), its sheets surveyed (``open_workbook``), so
    neither a zip bomb nor a sheet of millions of rows holds the worker. A broken file is told to use the
    template; an old .xls (or .et, .xlsm) is told to be saved as .xlsx, as a ledger is (``check_format``);
    every other refusal says its own reason and names the file (a Chinese InvalidInput)."""
    check_format(upload.name or "", (".xlsx",))
    try:
        check_files([upload], (".xlsx",))
        upload.seek(0)
        return open_workbook(upload.read())[0]
    except InvalidInput as exc:
        if exc.code == "file_content":
            raise InvalidInput(NOT_A_TEMPLATE, "file_content") from exc
        raise


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """Each worksheet's name, state and part in the archive, found as openpyxl finds them: the package's
    office document, its <sheet> elements and their relationships (chartsheets left out)."""
    main = main_part(archive)
    folder, base = posixpath.split(main)
    targets = {
        a.get("Id"): (a.get("Target", ""), a.get("Type", ""))
        for _, a in _parse(archive, posixpath.join(folder, "_rels", base + ".rels"))
    }
    parts = []
    for tag, attrs in _parse(archive, main):
        target, kind = targets.get(attrs.get(f"{RELATIONSHIPS} id"), ("", ""))
        if tag.endswith(" sheet") and target and "chartsheet" not in kind:
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            parts.append((attrs.get("name", ""), attrs.get("state", "visible"), posixpath.normpath(path)))
    return parts


def main_part(archive: zipfile.ZipFile) -> str:
    """The package's office document (xl/workbook.xml, word/document.xml), as its relationships name it."""
    return next(
        (
            a.get("Target", "")
            for _, a in _parse(archive, "_rels/.rels")
            if a.get("Type", "").endswith("/officeDocument")
        ),
        "",
    ).lstrip("/")


def check_document_rows(
    data: bytes, name: str, limit: int | None = None, advice: str = "请按单位或月份拆分后分批导入"
) -> None:
    """A Word document of more table rows than ``limit`` (one import's, MAX_ROWS, by default) is refused as
    its XML is read (the rows of all its tables counted, stopping at the first past the limit), before
    python-docx parses it whole: a 2.6 MB document of 250,000 rows held a worker 150 s and 1.2 GB."""
    limit = MAX_ROWS if limit is None else limit  # read when called: a limit of 0 is a limit
    rows = 0

    def start(tag: str, _attrs: dict[str, str]) -> None:
        nonlocal rows
        if tag.endswith(":tr"):
            rows += 1
            if rows > limit + TOP_ROWS:
                raise _Enough

    parser = _parser(start)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        with archive.open(main_part(archive)) as member:
            for chunk in iter(lambda: member.read(CHUNK), b""):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Enough:
        raise InvalidInput(
            f"“{name}”的表格超过{limit}行，一次最多导入{limit}行。{advice}",
            "too_many_rows",
        ) from None
    except (zipfile.BadZipFile, KeyError, ValueError, expat.ExpatError) as exc:
        raise InvalidInput(
            f"“{name}”已损坏或不是有效的Word文档，无法打开。请用Word或WPS打开后另存为 .docx 再上传",
            "file_content",
        ) from exc


def _parse(archive: zipfile.ZipFile, path: str) -> list[tuple[str, dict[str, str]]]:
    """The elements of a small part of the package, in document order: each tag and its attributes, their
    namespaces spelled out ("uri name")."""
    found: list[tuple[str, dict[str, str]]] = []
    parser = _parser(lambda tag, attrs: found.append((tag, attrs)), namespaces=True)
    with archive.open(path) as member:
        parser.ParseFile(member)
    return found


def _parser(start: Any, *, namespaces: bool = False) -> Any:
    """An expat parser calling ``start`` on each element; a part declaring a DTD (entities) is refused."""

    def doctype(*_: Any) -> None:
        raise expat.ExpatError("a part of a workbook declares no DTD")

    parser = expat.ParserCreate(namespace_separator=" " if namespaces else None)
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    return parser


def _check_size(name: str, size: int) -> None:
    if size > MAX_ROWS + TOP_ROWS:
        raise InvalidInput(
            f"工作表“{name}”超过{MAX_ROWS}行，一次最多导入{MAX_ROWS}行。请按单位或月份拆分后分批导入",
            "too_many_rows",
        )


class _Enough(Exception):
    """The survey has read past the rows one import takes."""


def _survey(archive: zipfile.ZipFile, path: str, name: str) -> tuple[list[tuple[int, int, int, int]], int]:
    """The merged ranges of a sheet and its last row, read from its XML as a stream (openpyxl's streaming
    reader has no merges, and its recorded <dimension> is not trusted). The last row is the greatest r of
    a <row>, or one past the row before when r is left out, as openpyxl fills rows an r skips; the
    reading stops at the first row past what one import takes, and at MAX_SHEET_MB of unpacked XML."""
    if path not in archive.namelist():
        return [], 0
    found: list[tuple[int, int, int, int]] = []
    last = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal last
        if tag == "row" or tag.endswith(":row"):
            number = attrs.get("r")
            last = max(last, int(number)) if number else last + 1
            if last > MAX_ROWS + TOP_ROWS:
                raise _Enough
        elif tag == "mergeCell" or tag.endswith(":mergeCell"):
            ends = [CELL.fullmatch(part) for part in attrs.get("ref", "").split(":")]
            if len(ends) == 2 and ends[0] and ends[1]:
                (col1, row1), (col2, row2) = ends[0].groups(), ends[1].groups()
                found.append((int(row1) - 1, column_index(col1), int(row2) - 1, column_index(col2)))

    parser = _parser(start)
    read = 0
    try:
        with archive.open(path) as member:
            for chunk in iter(lambda: member.read(CHUNK), b""):
                read += len(chunk)
                if read > MAX_SHEET_MB * 1024 * 1024:
                    raise InvalidInput(
                        f"工作表“{name}”解压后超过{MAX_SHEET_MB}MB，不是正常的台账，无法导入",
                        "file_too_big",
                    )
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Enough:
        pass
    return found, last


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
    """The rows of a .csv, counted and measured as they are read: past the row limit, wider than a
    worksheet or with a cell longer than the csv module reads (128 KB), it is refused in Chinese."""
    text = decode_text(data)
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if len(row) > MAX_COLUMNS:
                raise InvalidInput(
                    f"CSV文件第{len(rows) + 1}行超过{MAX_COLUMNS}列，不是台账的格式，请检查分隔符后重新上传",
                    "file_content",
                )
            rows.append([visible(cell).strip() for cell in row])
            _check_size("CSV", len(rows))
    except csv.Error:
        raise InvalidInput(
            f"CSV文件第{len(rows) + 1}行无法读取（单元格超过13万字或格式有误），"
            "请在Excel中打开另存为CSV后重新上传",
            "file_content",
        ) from None
    return rows


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
