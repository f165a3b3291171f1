"""An imported ledger written back in its own layout, with the tasks' current values."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from luoshi.core.errors import Conflict
from luoshi.imports import services
from luoshi.imports.export import layout_workbook
from luoshi.tasks.models import Feedback, Task

from .documents import task_document
from .documents import upload as doc_upload
from .ledgers import HEADER, ROWS, ledger, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(user):
    return user("bgs-staff")


def read_back(batch, actor) -> list[list]:
    batch.refresh_from_db()
    book = openpyxl.load_workbook(io.BytesIO(b"".join(layout_workbook(batch, actor))))
    return [[("" if v is None else v) for v in row] for row in book.active.iter_rows(values_only=True)]


def test_the_same_columns_under_the_same_names_with_current_values(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    services.commit(batch, actor=staff)
    task = Task.objects.get(title="开展年轻干部专题调研")
    Feedback.objects.create(task=task, author=staff.person, progress_text="调研报告已成稿", percent=80)
    Task.objects.filter(title="推进党支部标准化建设").update(title="推进党支部标准化规范化建设")
    rows = read_back(batch, staff)
    assert rows[0][0] == "台账" and "按导入时的表格格式导出" in rows[1][0]
    assert rows[2] == HEADER  # the header as the file named its columns, in their order
    body = rows[3:]
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
    rows = read_back(batch, staff)[3:]
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
