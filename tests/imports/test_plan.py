"""Reading rows below the header: a text merged across a row is a heading, not a unit."""

from __future__ import annotations

from luoshi.imports.plan import read_rows

MAPPING = {"0": "seq", "1": "title", "2": "lead_unit", "3": "due"}


def test_a_text_merged_across_the_row_is_a_heading():
    rows = [
        ["序号", "任务", "牵头单位", "时限"],
        ["一、干部队伍建设"] * 4,
        ["1", "调研", "干部一科", "3月底"],
    ]
    heading, task = read_rows(rows, 0, MAPPING)
    assert heading.merged and heading.cells == {
        "seq": "",
        "title": "一、干部队伍建设",
        "lead_unit": "",
        "due": "",
    }
    assert not task.merged and task.cells["lead_unit"] == "干部一科"


def test_one_filled_column_is_not_a_merge():
    rows = [["序号", "任务", "牵头单位", "时限"], ["", "二、基层党建", "", ""]]
    (row,) = read_rows(rows, 0, MAPPING)
    assert not row.merged and row.cells["title"] == "二、基层党建"


def test_a_heading_beside_its_own_number_cell_is_a_heading():
    rows = [
        ["序号", "任务", "牵头单位", "时限", "备注"],
        ["一、", "干部队伍建设", "干部队伍建设", "干部队伍建设", "干部队伍建设"],  # B:E merged
        ["1", "调研", "干部一科", "3月底", ""],
    ]
    heading, task = read_rows(rows, 0, MAPPING)
    assert heading.merged and heading.cells == {
        "seq": "一、",
        "title": "干部队伍建设",
        "lead_unit": "",
        "due": "",
    }
    assert not task.merged


def test_a_row_whose_cells_differ_beside_its_number_is_a_task():
    rows = [["序号", "任务", "牵头单位", "时限"], ["（一）", "年轻干部培养", "干部一科", ""]]
    (row,) = read_rows(rows, 0, MAPPING)
    assert not row.merged and row.cells["lead_unit"] == "干部一科"
