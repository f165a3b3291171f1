"""An imported ledger written back in its own layout, with the tasks' current values."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from luoshi.core.errors import Conflict
from luoshi.imports import services
from luoshi.imports.export import layout_workbook
from luoshi.tasks.models import Feedback, Task

from .documents import task_document
from .documents import upload as doc_upload
from .ledgers import HEADER, ROWS, dressed, ledger, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(user):
    return user("bgs-staff")


def exported(batch, actor):
    batch.refresh_from_db()
    return openpyxl.load_workbook(io.BytesIO(b"".join(layout_workbook(batch, actor)))).active


def read_back(batch, actor) -> list[list]:
    return [
        [("" if v is None else v) for v in row] for row in exported(batch, actor).iter_rows(values_only=True)
    ]


def test_the_same_columns_under_the_same_names_with_current_values(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    services.commit(batch, actor=staff)
    task = Task.objects.get(title="开展年轻干部专题调研")
    Feedback.objects.create(task=task, author=staff.person, progress_text="调研报告已成稿", percent=80)
    Task.objects.filter(title="推进党支部标准化建设").update(title="推进党支部标准化规范化建设")
    rows = read_back(batch, staff)
    assert rows[0][0] == "2099年度全市组织工作重点任务推进台账"
    assert (
        rows[3][2:4] == HEADER[2:4] and rows[2][:2] == HEADER[:2]
    )  # the two header rows as the file has them
    body = rows[4:]
    assert len(body) == len(ROWS)
    row = body[2]
    assert row[:4] == [1, "开展年轻干部专题调研", "干部一科", "研究室"]
    assert row[6] == dt.datetime(2099, 3, 31)
    assert row[7].endswith("：调研报告已成稿")  # 进展情况 now: the latest report, not the file's text
    assert body[3][8] == "按季度更新"  # 备注 as the file had it
    assert body[0][:2] == ["一、", "干部队伍建设"] and body[5][6] == "每月25日前"  # no date: the phrase
    assert body[8][1] == "推进党支部标准化规范化建设"  # the task's title now


def test_rows_imported_before_come_out_in_their_place(staff):
    services.commit(services.upload_ledger(actor=staff, upload=upload(ledger(ROWS[:4]))), actor=staff)
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    assert services.commit(batch, actor=staff)["skipped"] == 4
    rows = read_back(batch, staff)[4:]
    assert [r[1] for r in rows] == [r[1] for r in ROWS]
    assert rows[2][2] == "干部一科"


def test_a_word_ledger_comes_back_with_its_merged_headings_on_one_cell(staff):
    batch = services.upload_ledger(actor=staff, upload=doc_upload(task_document()))
    services.commit(batch, actor=staff)
    rows = read_back(batch, staff)[3:]
    assert rows[0][1] == "一、干部队伍建设" and not any(rows[0][:1] + rows[0][2:])
    assert rows[2][:3] == ["1", "开展年轻干部专题调研", "干部一科"]


def test_a_ledger_not_yet_imported_has_nothing_to_export(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    with pytest.raises(Conflict) as refused:
        layout_workbook(batch, staff)
    assert refused.value.code == "not_committed"


def test_a_dressed_ledger_keeps_its_shape(staff):
    source = dressed(ledger())
    batch = services.upload_ledger(actor=staff, upload=upload(source))
    services.commit(batch, actor=staff)
    Task.objects.filter(title="开展年轻干部专题调研").update(due_date=dt.date(2099, 4, 30))
    ws = exported(batch, staff)
    original = openpyxl.load_workbook(io.BytesIO(source)).active
    assert ws.title == "重点任务台账" and ws["A1"].value == "2099年度全市组织工作重点任务推进台账"
    assert ws["A2"].value == "填报单位（盖章）：市委组织部办公室"
    today = timezone.localdate()
    assert ws["H2"].value == f"填报日期：{today.year}年{today.month}月{today.day}日"  # the date it is filed
    assert {str(r) for r in ws.merged_cells.ranges} == {str(r) for r in original.merged_cells.ranges}
    assert {"A1:I1", "C3:D3", "A3:A4"} <= {str(r) for r in ws.merged_cells.ranges}
    assert [ws.column_dimensions[c].width for c in "ABHI"] == [6, 36, 40, 16]
    assert (
        ws.row_dimensions[1].height == 36
        and ws["A1"].font.sz == 18
        and ws["A1"].font.name == "方正小标宋简体"
    )
    header = ws["C3"]
    assert header.font.b and header.font.name == "黑体" and header.alignment.wrap_text
    assert (
        header.fill.fill_type == "solid" and header.fill.fgColor.rgb == "FFB9CDE5"
    )  # the theme's accent 1 (4F81BD) 60 % lighter
    assert header.border.left.style == "thin" and ws["D4"].border.bottom.style == "thin"
    assert ws.print_title_rows == "$3:$4" and ws.freeze_panes == "A5"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0  # one page wide
    assert ws.oddFooter.center.text == "第 &P 页"
    row = [cell for cell in ws[7]]  # 1. 开展年轻干部专题调研, the fifth row of the body as in the file
    assert [c.value for c in row[:4]] == [1, "开展年轻干部专题调研", "干部一科", "研究室"]
    assert row[6].value == dt.datetime(2099, 4, 30) and row[6].is_date  # the task's deadline now
    assert row[1].alignment.wrap_text and row[7].border.right.style == "thin"
    assert ws.max_row == 4 + len(ROWS)


def test_a_ledger_whose_file_sets_no_print_setup_prints_as_every_ledger(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(title=False), "无标题.xlsx"))
    services.commit(batch, actor=staff)
    ws = exported(batch, staff)
    assert [ws["A1"].value, ws["C2"].value] == ["序号", "牵头单位"] and ws["B3"].value == "干部队伍建设"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$2"
    assert ws.column_dimensions["B"].width == pytest.approx(40.71, abs=0.01)  # the title field's 40, padded
