"""A workbook's shape written again: the merges XlsxWriter is given in constant memory mode."""

from __future__ import annotations

import io

import openpyxl

from luoshi.imports.sheet_layout import HEADER_STYLE, Line, Shape, write_shape


def written(shape: Shape, rows: list[Line]):
    return openpyxl.load_workbook(io.BytesIO(b"".join(write_shape(shape, rows)))).active


def test_merges_over_several_rows_keep_every_cell_of_their_rows():
    top = [[("序号", HEADER_STYLE), ("责任单位", HEADER_STYLE), ("", HEADER_STYLE), ("备注", HEADER_STYLE)]]
    top.append(
        [("", HEADER_STYLE), ("牵头单位", HEADER_STYLE), ("配合单位", HEADER_STYLE), ("", HEADER_STYLE)]
    )
    shape = Shape("台账", top, [{}] * 4, [None] * 4, [(0, 0, 1, 0), (0, 1, 0, 2), (0, 3, 1, 3)])
    ws = written(shape, [Line(True, ["一、", "", "", ""]), Line(False, ["1", "调研", "干部一科", ""])])
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:A2", "B1:C1", "D1:D2", "A3:D3"}
    assert [ws["B1"].value, ws["D1"].value, ws["B2"].value, ws["C2"].value] == [
        "责任单位",
        "备注",
        "牵头单位",
        "配合单位",
    ]
    assert ws["C2"].font.b and ws["C2"].border.left.style == "thin"  # each cell in its own style
    assert ws["A3"].value == "一、" and ws["B4"].value == "调研"


def test_a_single_cell_or_an_overlapping_range_is_not_merged():
    shape = Shape("台账", [[("标题", {}), ("", {}), ("", {})]], [{}] * 3, [None] * 3)
    shape.merges = [(0, 0, 0, 1), (0, 1, 0, 2), (0, 2, 0, 2)]
    ws = written(shape, [Line(False, ["1", "调研", "干部一科"])])
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:B1"}
    assert ws["A1"].value == "标题" and ws["C2"].value == "干部一科"
