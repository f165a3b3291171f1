"""An imported ledger written back in its own layout, with the tasks' current values."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
import xlsxwriter
from django.utils import timezone
from docx.oxml.ns import qn

from luoshi.core.errors import Conflict
from luoshi.core.wordml import blocks, local, paragraph_text, table_rows
from luoshi.exports import services as export_services
from luoshi.exports.jobs import run_export_jobs
from luoshi.exports.models import ExportJob
from luoshi.imports import services
from luoshi.imports.export import layout_file
from luoshi.tasks.models import Feedback, Task
from tests.core.documents import TITLE, in_content_controls, task_document, wps_document
from tests.core.ledgers import (
    FOOTER,
    HEADER,
    ROWS,
    TASKS,
    department,
    dressed,
    headings_beside_number,
    ledger,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(user):
    return user("bgs-staff")


def exported(batch, actor):
    batch.refresh_from_db()
    return openpyxl.load_workbook(io.BytesIO(b"".join(layout_file(batch, actor)))).active


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
    assert services.commit(batch, actor=staff)["skipped"] == 3  # 一、 over them is a category, no task
    rows = read_back(batch, staff)[4:]
    assert [r[1] for r in rows] == [r[1] for r in ROWS]
    assert rows[2][2] == "干部一科"


def word_back(batch, actor) -> list:
    """The exported document's paragraphs and tables, as core.wordml reads them."""
    import docx

    batch.refresh_from_db()
    body = docx.Document(io.BytesIO(b"".join(layout_file(batch, actor)))).element.body
    return [paragraph_text(b) if local(b) == "p" else table_rows(b) for b in blocks(body)]


@pytest.mark.parametrize("make", [task_document, wps_document, lambda: in_content_controls(task_document())])
def test_a_word_ledger_comes_back_as_its_table_in_word(staff, make):
    source = make()
    batch = services.upload_ledger(actor=staff, upload=upload(source, "任务分解表.docx"))
    services.commit(batch, actor=staff)
    task = Task.objects.get(title="开展年轻干部专题调研")
    Feedback.objects.create(task=task, author=staff.person, progress_text="调研报告已成稿", percent=80)
    blocks_back = word_back(batch, staff)
    assert [b for b in blocks_back if isinstance(b, str) and b] == []  # the 通知 around it is left out
    tables = [b for b in blocks_back if isinstance(b, list)]
    assert len(tables) == 1  # a table WPS broke over two pages comes back as one
    rows = [row[-len(HEADER) :] for row in tables[0]]
    assert (
        rows[0] == [TITLE] * len(HEADER) and rows[2] == HEADER
    )  # its title and two header rows as they were
    body = rows[3:]
    assert len(body) == len(ROWS)
    assert body[0] == ["一、干部队伍建设"] * len(HEADER)  # a heading merged across its row, as it came
    assert body[2][:4] == ["1", "开展年轻干部专题调研", "干部一科", "研究室"]
    assert body[2][6] == "2099年3月31日" and body[2][7].endswith("：调研报告已成稿")
    assert body[3][8] == "按季度更新"


def test_a_word_ledger_comes_back_with_a_report_typed_with_a_control_character(staff):
    """XML forbids the control characters a report may be typed with; the document drops them."""
    batch = services.upload_ledger(actor=staff, upload=upload(task_document(), "任务分解表.docx"))
    services.commit(batch, actor=staff)
    task = Task.objects.get(title="开展年轻干部专题调研")
    Feedback.objects.create(
        task=task, author=staff.person, progress_text="调研报告\x0b已成稿\x08", percent=80
    )
    table = next(b for b in word_back(batch, staff) if isinstance(b, list))
    rows = [row[-len(HEADER) :] for row in table]
    assert rows[5][7].endswith("：调研报告已成稿")


def test_a_word_ledger_keeps_its_title_lines_page_and_header_look(staff):
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    document = docx.Document(
        io.BytesIO(task_document(notice=["附件1", "2099年度重点任务分解表", "填报日期：    年  月  日"]))
    )
    section = document.sections[0]
    section.orientation, section.page_width, section.page_height = WD_ORIENT.LANDSCAPE, Mm(297), Mm(210)
    header = document.tables[0].rows[1]._tr
    header.get_or_add_trPr().append(header.makeelement(qn("w:tblHeader"), {}))
    shade = header.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:fill"): "D9D9D9"})
    document.tables[0].rows[1].cells[0]._tc.get_or_add_tcPr().append(shade)
    buffer = io.BytesIO()
    document.save(buffer)
    batch = services.upload_ledger(actor=staff, upload=upload(buffer.getvalue(), "任务分解表.docx"))
    services.commit(batch, actor=staff)
    batch.refresh_from_db()
    back = docx.Document(io.BytesIO(b"".join(layout_file(batch, staff))))
    today = timezone.localdate()
    assert [p.text for p in back.paragraphs if p.text] == [
        "附件1",
        "2099年度重点任务分解表",
        f"填报日期：{today.year}年{today.month}月{today.day}日",
    ]
    assert back.sections[0].orientation == WD_ORIENT.LANDSCAPE
    row = back.tables[0].rows[1]._tr
    assert row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # repeated on every page, as it was
    assert (
        back.tables[0].rows[1].cells[0]._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill"))
        == "D9D9D9"
    )


def test_a_ledger_not_yet_imported_has_nothing_to_export(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    with pytest.raises(Conflict) as refused:
        layout_file(batch, staff)
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


def test_a_ledger_in_a_default_font_of_its_own_comes_back_in_it(staff):
    buffer = io.BytesIO()
    font = {"font_name": "仿宋_GB2312", "font_size": 14}
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "default_format_properties": font})
    sheet = book.add_worksheet("重点任务台账")
    for number, values in enumerate([HEADER, *ROWS]):
        sheet.write_row(number, 0, values)
    book.close()
    batch = services.upload_ledger(actor=staff, upload=upload(buffer.getvalue()))
    services.commit(batch, actor=staff)
    ws = exported(batch, staff)
    normal = ws.parent.create_sheet().cell(1, 1)
    normal.style = "Normal"
    assert (normal.font.name, normal.font.sz) == ("仿宋_GB2312", 14)  # the file's Normal style, as it was
    assert ws["B1"].value == "重点任务" and ws["B4"].value == "开展年轻干部专题调研"
    assert (ws["B4"].font.name, ws["B4"].font.sz) == ("仿宋_GB2312", 14)


def test_a_heading_merged_across_its_row_comes_back_merged(staff):
    book = openpyxl.load_workbook(io.BytesIO(ledger()))
    sheet = book.active
    sheet["A5"], sheet["B5"] = "一、干部队伍建设", None
    sheet.merge_cells("A5:I5")
    buffer = io.BytesIO()
    book.save(buffer)
    batch = services.upload_ledger(actor=staff, upload=upload(buffer.getvalue()))
    services.commit(batch, actor=staff)
    ws = exported(batch, staff)
    assert "A5:I5" in {str(r) for r in ws.merged_cells.ranges} and ws["A5"].value == "一、干部队伍建设"
    assert ws["B7"].value == "开展年轻干部专题调研"


def test_a_heading_beside_its_number_comes_back_beside_it(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(headings_beside_number(ledger())))
    services.commit(batch, actor=staff)
    ws = exported(batch, staff)
    assert "B5:I5" in {str(r) for r in ws.merged_cells.ranges}
    assert [ws["A5"].value, ws["B5"].value, ws["D5"].value] == ["一、", "干部队伍建设", None]


def test_a_ledger_whose_file_sets_no_print_setup_prints_as_every_ledger(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(title=False), "无标题.xlsx"))
    services.commit(batch, actor=staff)
    ws = exported(batch, staff)
    assert [ws["A1"].value, ws["C2"].value] == ["序号", "牵头单位"] and ws["B3"].value == "干部队伍建设"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$2"
    assert ws.column_dimensions["B"].width == pytest.approx(40.71, abs=0.01)  # the title field's 40, padded


def imported_department(staff):
    """The section's ledger imported, its 一、 headings (their text merged over the other columns) too."""
    batch = services.upload_ledger(actor=staff, upload=upload(department(ledger())))
    assert services.commit(batch, actor=staff)["created"] == TASKS
    return batch


def test_items_take_an_item_row_look_and_headings_their_own(staff):
    batch = imported_department(staff)
    ws = exported(batch, staff)
    heading, sub, item = ws[5], ws[6], ws[7]  # 一、干部队伍建设, （一）年轻干部培养, 1. 开展年轻干部专题调研
    assert item[1].value == "开展年轻干部专题调研" and not item[1].font.b  # the body is not a heading's
    assert (
        item[1].alignment.wrap_text and item[1].border.left.style == "thin" and item[1].fill.fill_type is None
    )
    assert all(not ws.cell(row, 2).font.b for row in (8, 10, 12, 13))  # every item row
    assert heading[1].font.b and heading[1].font.name == "黑体" and heading[1].fill.fgColor.rgb == "FFF2F2F2"
    assert "B5:I5" in {str(r) for r in ws.merged_cells.ranges}  # merged as it was, its text once
    assert heading[1].value == "干部队伍建设" and heading[2].value is None
    assert sub[1].font.b and sub[2].value == "干部一科" and not sub[2].font.b  # a heading's own look
    assert "B6:I6" not in {str(r) for r in ws.merged_cells.ranges}


def test_the_lines_under_the_table_come_back_under_it(staff):
    batch = imported_department(staff)
    ws = exported(batch, staff)
    last = 4 + len(ROWS)  # the body as many rows as the file's, so the lines stand where they stood
    assert ws.cell(last, 2).value == "推进党支部标准化建设"
    assert ws.cell(last + 1, 1).value is None  # the blank row between, kept
    note, signed = ws.cell(last + 2, 1), ws.cell(last + 3, 1)
    assert [note.value, signed.value] == FOOTER
    assert note.font.name == "仿宋" and note.font.sz == 10 and not note.border.left.style
    assert f"A{last + 3}:I{last + 3}" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.max_row == last + 3


def test_a_notice_signed_above_the_table_leaves_its_signature_out_of_the_title(staff):
    import docx

    notice = [
        "关于印发《2099年度干部监督工作任务分解表》的通知",
        "各科室：现将任务分解表印发给你们，请结合实际认真抓好落实，各单位于每季度末报送工作进展。",
        "市委组织部干部一科",
        "2099年2月20日",
        "2099年度干部监督工作任务分解表",
    ]
    batch = services.upload_ledger(
        actor=staff, upload=upload(task_document(notice=notice), "任务分解表.docx")
    )
    services.commit(batch, actor=staff)
    batch.refresh_from_db()
    back = docx.Document(io.BytesIO(b"".join(layout_file(batch, staff))))
    assert [p.text for p in back.paragraphs if p.text] == ["2099年度干部监督工作任务分解表"]


def test_a_name_kept_as_text_is_written_back_as_it_was(staff):
    header = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "责任人", "完成时限"]
    rows = [[1, "开展干部政治素质考察", "逐一谈话", "干部一科", "研究室、党校", "张伟", "2099.9.30"]]
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(rows, header)))
    services.update_batch(batch, actor=staff, dropped_units=["党校"])
    services.commit(batch, actor=staff)
    body = read_back(batch, staff)[4]
    assert body[2:6] == ["逐一谈话", "干部一科", "研究室、党校", "张伟"]


@pytest.fixture
def large(monkeypatch, settings, tmp_path):
    """Every imported ledger counts as large: its 按原表格式导出 becomes an export job."""
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(export_services, "INLINE_ROWS", 2)


def looks(book: openpyxl.Workbook) -> dict:
    """What a reader of the sheet sees: every cell's value and look, merges, widths, print setup."""
    ws = book.active
    cells = [
        [(c.value, c.font.name, c.font.sz, c.font.b, c.fill.fgColor.rgb, c.border.left.style) for c in row]
        for row in ws.iter_rows()
    ]
    widths = {key: dim.width for key, dim in ws.column_dimensions.items()}
    merged = sorted(str(r) for r in ws.merged_cells.ranges)
    return {
        "title": ws.title,
        "cells": cells,
        "merged": merged,
        "widths": widths,
        "print": ws.print_title_rows,
    }


def test_a_large_ledger_goes_back_as_a_job_whose_file_is_the_one_the_request_writes(client_as, staff, large):
    batch = services.upload_ledger(actor=staff, upload=upload(dressed(ledger()), "重点任务台账.xlsx"))
    services.commit(batch, actor=staff)
    client = client_as("bgs-staff")
    response = client.post(f"/exports/start/imports-layout/?pk={batch.pk}")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/{job.pk}/"
    assert (job.kind, job.params, job.total, job.title) == (
        "imports-layout",
        f"pk={batch.pk}",
        len(ROWS),
        "重点任务台账（当前情况）",
    )
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert "正在导出：重点任务台账（当前情况）" in page and "排队中" in page
    assert f'href="/imports/{batch.pk}/"' in page and "回到导入结果" in page
    assert run_export_jobs() == 1
    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total == len(ROWS)
    download = client.get(f"/exports/{job.pk}/download/")
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert job.file_name.startswith("重点任务台账（当前情况）-") and job.file_name.endswith(".xlsx")
    by_job = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    in_request = client.get(f"/imports/{batch.pk}/export/")
    assert looks(by_job) == looks(openpyxl.load_workbook(io.BytesIO(b"".join(in_request.streaming_content))))


def test_a_large_word_ledger_goes_back_as_a_word_document(client_as, staff, large):
    import docx

    batch = services.upload_ledger(actor=staff, upload=upload(task_document(), "任务分解表.docx"))
    services.commit(batch, actor=staff)
    client = client_as("bgs-staff")
    client.post(f"/exports/start/imports-layout/?pk={batch.pk}")
    run_export_jobs()
    job = ExportJob.objects.get()
    assert job.status == "done" and job.path.suffix == ".docx"
    assert job.file_name.startswith("任务分解表（当前情况）-") and job.file_name.endswith(".docx")
    download = client.get(f"/exports/{job.pk}/download/")
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert ".docx" in download["Content-Disposition"]
    by_job = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    in_request = docx.Document(
        io.BytesIO(b"".join(client.get(f"/imports/{batch.pk}/export/").streaming_content))
    )
    assert [table_rows(t._tbl) for t in by_job.tables] == [table_rows(t._tbl) for t in in_request.tables]
    assert [p.text for p in by_job.paragraphs] == [p.text for p in in_request.paragraphs]


def test_a_small_ledger_goes_back_in_the_request(client_as, staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    services.commit(batch, actor=staff)
    response = client_as("bgs-staff").post(f"/exports/start/imports-layout/?pk={batch.pk}")
    assert response.status_code == 302 and response["Location"] == f"/imports/{batch.pk}/export/"
    assert not ExportJob.objects.exists()


def test_only_the_uploader_exports_a_ledger_and_a_forged_one_is_refused_in_chinese(client_as, staff, large):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    services.commit(batch, actor=staff)
    for who, query in [
        ("gb1-staff", f"pk={batch.pk}"),  # not the uploader: the ledger is none of theirs
        ("head", f"pk={batch.pk}"),
        ("bgs-staff", "pk=999999"),
        ("bgs-staff", "pk=abc"),
        ("bgs-staff", "pk=99999999999999999999999"),
        ("bgs-staff", ""),
    ]:
        refused = client_as(who).post(f"/exports/start/imports-layout/?{query}")
        assert refused.status_code == 404 and "页面或对象不存在" in refused.content.decode(), (who, query)
    assert client_as("admin").post(f"/exports/start/imports-layout/?pk={batch.pk}").status_code == 403
    assert not ExportJob.objects.exists()


def test_a_ledger_not_yet_imported_goes_back_to_its_page_with_the_reason(client_as, staff, large):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    client = client_as("bgs-staff")
    response = client.post(f"/exports/start/imports-layout/?pk={batch.pk}")
    assert response.status_code == 302 and response["Location"] == f"/imports/{batch.pk}/"
    assert "导入后才能按原表格式导出" in client.get(response["Location"]).content.decode()
    assert not ExportJob.objects.exists()


def test_an_export_job_is_gone_once_its_requester_may_no_longer_import(client_as, staff, large):
    from luoshi.accounts.models import Account

    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    services.commit(batch, actor=staff)
    client = client_as("bgs-staff")
    client.post(f"/exports/start/imports-layout/?pk={batch.pk}")
    run_export_jobs()
    job = ExportJob.objects.get()
    assert client.get(f"/exports/{job.pk}/download/").status_code == 200
    Account.objects.filter(user=staff).update(admin_role="system")  # now an administrator: no business data
    for path in ("", "progress/", "download/"):
        assert client.get(f"/exports/{job.pk}/{path}").status_code == 404, path
    assert f"/exports/{job.pk}/" not in client.get("/exports/").content.decode()


def test_the_jobs_writer_tells_how_many_of_the_ledgers_rows_are_written(staff, monkeypatch, tmp_path):
    from django.http import QueryDict

    from luoshi.imports.export import LAYOUT_EXPORT

    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    services.commit(batch, actor=staff)
    monkeypatch.setattr("luoshi.core.jobs.PROGRESS_EVERY", 4)
    prepared = LAYOUT_EXPORT.prepare(staff, QueryDict(f"pk={batch.pk}"))
    written: list[int] = []
    prepared.write(tmp_path / "back.xlsx", written.append)
    assert prepared.total == len(ROWS) == 9 and written == [4, 8, 9]  # every four rows, then all nine
    assert openpyxl.load_workbook(tmp_path / "back.xlsx").active["B7"].value == "开展年轻干部专题调研"
