"""Reading ledgers: merged ranges filled, cached formula values, CSV encodings, refusals by content."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pytest

from luoshi.core import reading
from luoshi.core.errors import InvalidInput
from luoshi.core.reading import check_upload, column_index, column_letter, decode_text, open_table
from tests.core.ledgers import bare_sheet, ledger, part_rewritten, upload, wps_style


def test_merged_ranges_give_their_value_to_every_cell():
    table = open_table(ledger(), ".xlsx")
    rows = list(table.sheet(None).rows())
    table.close()
    assert rows[0][:3] == ["2099年度全市组织工作重点任务推进台账"] * 3  # the title merged across
    assert rows[2][2] == rows[2][3] == "责任单位" and rows[3][2:4] == ["牵头单位", "配合单位"]
    assert rows[2][0] == rows[3][0] == "序号"  # merged down over the two header rows


def test_a_wps_style_dimension_does_not_hide_rows():
    table = open_table(wps_style(ledger()), ".xlsx")
    assert len(list(table.sheet(None).rows())) == 13
    table.close()


def test_hidden_sheets_are_left_out():
    wb = openpyxl.Workbook()
    wb.active.title = "台账"
    wb.create_sheet("隐藏").sheet_state = "hidden"
    buffer = io.BytesIO()
    wb.save(buffer)
    table = open_table(buffer.getvalue(), ".xlsx")
    assert [s.name for s in table.sheets] == ["台账"]
    table.close()


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "utf-8-sig"])
def test_csv_encodings(encoding):
    assert decode_text("序号,任务内容\n".encode(encoding)) == "序号,任务内容\n"


def test_a_tab_separated_csv():
    table = open_table("序号\t任务内容\n1\t调研\n".encode("gb18030"), ".csv")
    assert list(table.sheet(None).rows()) == [["序号", "任务内容"], ["1", "调研"]]


def test_a_broken_workbook_is_a_chinese_error():
    data = ledger()
    with pytest.raises(InvalidInput) as refused:
        open_table(data[: len(data) // 2], ".xlsx")
    assert refused.value.code == "file_content"


def test_check_upload_names_the_suffix():
    assert check_upload(upload(ledger())) == ".xlsx"
    assert check_upload(upload("序号,任务\n".encode(), "a.csv")) == ".csv"


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 701)] == ["A", "Z", "AA", "ZZ"]
    assert [column_index(x) for x in ("A", "Z", "AA", "ZZ")] == [0, 25, 26, 701]


def _rows_book(rows: list[list[object]], far: int | None = None) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    if far is not None:
        wb.active.cell(far, 1, "末行")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        bare_sheet(41),  # no <dimension>: counted as it is read
        _rows_book([["序号", "任务内容"], [1, "调研"]], far=1_048_576),  # two rows, the last one far down
        ("序号,任务内容\n" + "1,调研\n" * 41).encode(),
    ],
    ids=["rows", "far-row", "csv"],
)
def test_a_sheet_of_more_rows_than_one_import_takes_is_refused_as_it_is_read(monkeypatch, data):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)  # and 30 above them for the title and header
    suffix = ".csv" if data.startswith("序号".encode()) else ".xlsx"
    with pytest.raises(InvalidInput) as refused:
        open_table(data, suffix)
    assert refused.value.code == "too_many_rows"
    assert "超过10行，一次最多导入10行" in refused.value.message


def test_a_sheet_at_the_row_limit_opens_and_knows_its_size(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    table = open_table(bare_sheet(39), ".xlsx")
    assert table.sheets[0].size == 40
    assert len(list(table.sheet(None).rows())) == 40
    assert list(table.sheet(None).rows())[1] == [1, "调研", "办公室", "2099-12-31"]
    table.close()


def _dimension(ref: str) -> Callable[[bytes], bytes]:
    return lambda body: body.replace(b"<sheetData>", f'<dimension ref="{ref}"/><sheetData>'.encode(), 1)


def _never_opened(*args, **kwargs):
    raise AssertionError("openpyxl opened a workbook the survey should have refused")


def test_a_forged_dimension_neither_hides_rows_nor_adds_them(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    monkeypatch.setattr(reading.openpyxl, "load_workbook", _never_opened)
    with pytest.raises(InvalidInput) as refused:  # 42 rows that claim to be 5
        open_table(part_rewritten(bare_sheet(41), _dimension("A1:D5")), ".xlsx")
    assert refused.value.code == "too_many_rows"
    monkeypatch.undo()
    table = open_table(part_rewritten(bare_sheet(4), _dimension("A1:D1048576")), ".xlsx")
    assert table.sheets[0].size == 5 and len(list(table.sheet(None).rows())) == 5
    table.close()


def test_a_sheet_of_too_many_rows_is_refused_before_openpyxl_opens_it(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    monkeypatch.setattr(reading.openpyxl, "load_workbook", _never_opened)
    with pytest.raises(InvalidInput) as refused:
        open_table(bare_sheet(1_000), ".xlsx")
    assert refused.value.message == "工作表“台账”超过10行，一次最多导入10行。请按单位或月份拆分后分批导入"


def test_a_zip_bomb_of_a_sheet_is_refused_as_it_is_unpacked(monkeypatch):
    """Three rows and megabytes of blanks between them: a few kilobytes in the archive."""
    monkeypatch.setattr(reading, "MAX_SHEET_MB", 2)
    monkeypatch.setattr(reading.openpyxl, "load_workbook", _never_opened)
    data = part_rewritten(
        bare_sheet(3), lambda body: body.replace(b"</row>", b"</row>" + b" " * 3_000_000, 1)
    )
    assert len(data) < 50_000
    with pytest.raises(InvalidInput) as refused:
        open_table(data, ".xlsx")
    assert refused.value.code == "file_too_big"
    assert refused.value.message == "工作表“台账”解压后超过2MB，不是正常的台账，无法导入"


def test_a_sheet_declaring_entities_is_refused():
    laughs = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lol">]>'
    with pytest.raises(InvalidInput) as refused:
        open_table(part_rewritten(bare_sheet(3), lambda body: laughs + body), ".xlsx")
    assert refused.value.code == "file_content"


def test_the_attack_a_csv_cell_longer_than_the_csv_module_reads_is_a_chinese_error():
    data = ("序号,任务内容,牵头单位\n1," + "长" * 200_000 + ",干部一科\n").encode()
    with pytest.raises(InvalidInput) as refused:
        open_table(data, ".csv")
    assert refused.value.code == "file_content"
    assert refused.value.message.startswith("CSV文件第2行无法读取")


def test_the_attack_a_csv_wider_than_a_worksheet_is_refused_as_it_is_read(monkeypatch):
    monkeypatch.setattr(reading, "MAX_COLUMNS", 10)
    open_table(("序号,任务内容," + ",".join("c" * 8) + "\n").encode(), ".csv")  # ten columns: a sheet
    with pytest.raises(InvalidInput) as refused:
        open_table(("序号,任务内容\n1," + ",".join("c" * 10) + "\n").encode(), ".csv")
    assert refused.value.code == "file_content"
    assert refused.value.message.startswith("CSV文件第2行超过10列")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_attack_a_cell_loses_its_zero_width_and_direction_characters(suffix):
    """A ledger's cell nobody can retype is read without what would make its title invisible twins."""
    if suffix == ".csv":
        data = "序号,任务内容\n1,\u200b完成\u202e调研\u2069\n".encode()
    else:
        wb = openpyxl.Workbook()
        wb.active.append(["序号", "任务内容"])
        wb.active.append([1, "\u200b完成\u202e调研\u2069"])
        buffer = io.BytesIO()
        wb.save(buffer)
        data = buffer.getvalue()
    table = open_table(data, suffix)
    assert list(table.sheets[0].rows())[1] == [1 if suffix == ".xlsx" else "1", "完成调研"]
    table.close()


def test_a_limit_of_no_rows_is_that_limit_not_the_default():
    """``limit=0`` refuses any table past its header rows; only an absent limit means MAX_ROWS."""
    import docx

    document = docx.Document()
    document.add_table(rows=reading.TOP_ROWS + 1, cols=2)
    buf = io.BytesIO()
    document.save(buf)
    reading.check_document_rows(buf.getvalue(), "台账.docx")
    reading.check_document_rows(buf.getvalue(), "台账.docx", limit=1)
    with pytest.raises(InvalidInput, match="超过0行") as refused:
        reading.check_document_rows(buf.getvalue(), "台账.docx", limit=0)
    assert refused.value.code == "too_many_rows"
