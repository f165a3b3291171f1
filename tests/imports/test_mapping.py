"""The header row and the columns' fields, guessed from their names."""

from __future__ import annotations

import pytest

from luoshi.core.errors import InvalidInput
from luoshi.imports.mapping import (
    best_header,
    check_mapping,
    detect_header,
    field_score,
    header_names,
    propose_mapping,
)


def test_the_header_is_found_below_a_title_and_a_filing_line():
    rows = [
        ["2026年度重点任务台账", "", "", ""],
        ["填报单位：办公室", "", "填报日期：2026年1月5日", ""],
        ["序号", "工作任务", "责任单位", "时间节点"],
        [1, "开展调研", "干部一科", "3月底"],
    ]
    assert detect_header(rows) == 2


def test_a_header_on_two_rows_is_its_lower_row_when_both_name_as_many_fields():
    # 责任单位 over a lone 牵头单位: the other names merged down fill both rows
    rows = [
        ["序号", "重点任务", "责任单位", "完成时限"],
        ["序号", "重点任务", "牵头单位", "完成时限"],
        [1, "开展调研", "干部一科", "3月底"],
    ]
    assert detect_header(rows) == 1


def test_a_header_of_lead_and_co_units_under_one_heading_is_its_lower_row():
    # 责任单位 merged over 牵头 | 配合, as a clerk writes it: the lower row names both columns
    rows = [
        ["序号", "工作任务", "责任单位", "责任单位", "完成时限"],
        ["序号", "工作任务", "牵头", "配合", "完成时限"],
        [1, "开展调研", "干部一科", "干部二科", "6月底前"],
    ]
    assert detect_header(rows) == 1
    assert propose_mapping(rows[1]) == {
        "0": "seq",
        "1": "title",
        "2": "lead_unit",
        "3": "co_units",
        "4": "due",
    }


def test_a_row_naming_fewer_fields_under_the_header_is_the_body():
    rows = [["序号", "重点任务", "牵头单位", "完成时限"], ["", "重点任务", "干部一科", ""]]
    assert detect_header(rows) == 0


def test_a_title_naming_a_field_is_not_a_header():
    rows = [["重点任务推进台账"], ["序号", "重点任务", "牵头单位"]]
    assert detect_header(rows) == 1


def test_no_header_is_a_chinese_error():
    with pytest.raises(InvalidInput) as refused:
        detect_header([["张三", "李四"], [1, 2]])
    assert refused.value.code == "no_header"


@pytest.mark.parametrize(
    ("cell", "field"),
    [
        ("牵头单位/责任单位", "lead_unit"),
        ("牵头处室", "lead_unit"),
        ("完成时限\n（年月日）", "due"),
        ("时间节点", "due"),
        ("工作任务", "title"),
        ("重点任务", "title"),
        ("配合单位", "co_units"),
        ("主办", "lead_unit"),
        ("责任股室", "lead_unit"),
        ("责任股（室）", "lead_unit"),
        ("配合股室", "co_units"),
        ("协办", "co_units"),
        ("牵头领导", "leader"),
        ("分管领导", "leader"),
        ("责任人", "owner"),
        ("进展情况", "progress"),
        ("备  注", "remarks"),
        ("序号", "seq"),
        ("牵头单 位", "lead_unit"),
        ("完成时间节点要求说明文字很长很长很长很长", None),
    ],
)
def test_header_names(cell, field):
    assert field_score(cell)[0] == field


def test_the_proposal_gives_each_field_one_column():
    mapping = propose_mapping(["序号", "任务内容", "责任单位", "牵头单位", "完成时限"])
    assert mapping == {"0": "seq", "1": "title", "3": "lead_unit", "4": "due"}


def test_two_columns_for_one_field_are_refused():
    with pytest.raises(InvalidInput) as refused:
        check_mapping({"0": "title", "1": "lead_unit", "2": "lead_unit"}, 3)
    assert refused.value.code == "duplicate_mapping" and "B列、C列" in refused.value.message


def test_a_mapping_needs_the_task_column_and_real_columns():
    with pytest.raises(InvalidInput) as refused:
        check_mapping({"0": "lead_unit"}, 3)
    assert refused.value.code == "title_unmapped"
    with pytest.raises(InvalidInput):
        check_mapping({"9": "title"}, 3)
    with pytest.raises(InvalidInput):
        check_mapping({"x": "title"}, 3)
    with pytest.raises(InvalidInput):
        check_mapping({"0": "nonsense"}, 3)
    assert check_mapping({"1": "title", "0": "", "2": None}, 3) == {"1": "title"}


def test_measures_have_their_own_field_unless_they_are_the_only_task_column():
    mapping = propose_mapping(["序号", "重点任务", "具体措施", "牵头单位", "备注"])
    assert mapping == {"0": "seq", "1": "title", "2": "measures", "3": "lead_unit", "4": "remarks"}
    assert propose_mapping(["序号", "工作措施", "牵头单位"]) == {"0": "seq", "1": "title", "2": "lead_unit"}


def test_a_header_over_two_rows_with_names_merged_down_ends_on_its_second_row():
    rows = [
        ["清河县委组织部2026年度重点工作任务推进台账", "", "", "", "", ""],
        ["序号", "工作任务", "责任单位", "完成时限", "推进情况", "推进情况"],
        ["序号", "工作任务", "责任单位", "完成时限", "已完成", "下步计划"],  # A:D merged over both rows
        [1, "开展年轻干部专题调研", "县委组织部", "6月底前", "已完成初稿", "修改完善"],
    ]
    index, _ = best_header(rows)
    assert index == 2  # the body starts below it
    names = header_names(rows, index)
    assert names[4:] == ["推进情况（已完成）", "下步计划"]  # a name of its own field is kept alone
    mapping = propose_mapping(names)
    assert mapping == {"0": "seq", "1": "title", "2": "lead_unit", "3": "due", "4": "progress", "5": "plan"}
    assert header_names(rows, 1) == rows[1]
