"""Importing ledgers end to end through the services: upload, preview, adjust, commit, import again."""

from __future__ import annotations

import datetime as dt
import io
import time
from typing import Any

import openpyxl
import pytest
from django.db import connection

from luoshi.core import reading
from luoshi.core.errors import Conflict, InvalidInput
from luoshi.imports import services
from luoshi.imports.models import ImportBatch, ImportedRow
from luoshi.org.models import Unit
from luoshi.tasks.models import Task, TaskEvent
from luoshi.tasks.services import assign, create_task
from tests.core.documents import task_document, wps_document
from tests.core.ledgers import (
    HEADER,
    ROWS,
    TASKS,
    THIS_YEAR,
    headings_beside_number,
    ledger,
    unread_cadence,
    upload,
    with_cached_values,
    wps_style,
)
from tests.factories import macro_office_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(user):
    return user("bgs-staff")  # 办公室 assigns in the department's name


def test_upload_finds_the_header_below_title_and_merged_cells(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    assert batch.sheet == "重点任务台账"
    assert batch.header_row == 4  # the second header row: 牵头单位|配合单位 under the merged 责任单位
    assert batch.mapping == {
        "0": "seq",
        "1": "title",
        "2": "lead_unit",
        "3": "co_units",
        "4": "owner",
        "5": "leader",
        "6": "due",
        "7": "progress",
        "8": "remarks",
    }
    assert not Task.objects.exists()


def test_a_two_row_header_over_a_lone_unit_column_is_not_read_as_a_task(staff):
    header = [name for name in HEADER if name != "配合单位"]
    rows = [[value for name, value in zip(HEADER, row, strict=True) if name != "配合单位"] for row in ROWS]
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(rows, header)))
    assert batch.header_row == 4 and batch.mapping["2"] == "lead_unit"
    titles = [row["title"] for row in services.preview(batch, actor=staff)["rows"]]
    assert "重点任务" not in titles and titles[0] == "干部队伍建设"


def test_preview_reads_every_row_and_writes_nothing(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    body = services.preview(batch, actor=staff)
    rows = {r["row"]: r for r in body["rows"]}
    assert len(rows) == len(ROWS)
    assert rows[5]["title"] == "干部队伍建设" and rows[5]["parent_row"] is None
    assert rows[6]["parent_row"] == 5 and rows[7]["parent_row"] == 6
    assert rows[7]["lead_unit_name"] == "干部一科" and rows[7]["co_unit_names"] == ["研究室"]
    assert rows[7]["due_date"] == "2099-03-31"
    assert rows[8]["due_date"] == "2099-06-30" and rows[8]["co_unit_names"] == ["干部二科", "信息中心"]
    assert rows[10]["cadence"] == "monthly:25" and rows[10]["cadence_read"] == "每月25日前报送"
    assert rows[7]["cadence"] is None and rows[7]["cadence_read"] == "每周五报送（未写明，按默认）"
    # 第一季度: the coming 31 March, or a past one named as such (it depends on today)
    assert (rows[12]["due_date"] or "").endswith("-03-31") or rows[12]["problems"][0]["field"] == "due"
    assert rows[13]["lead_unit_name"] == "基层党建科"  # 组织二科 is an alias
    # a heading naming no unit is a category over its rows, no task: no unit, nothing wrong with it
    assert rows[5]["category"] and rows[5]["lead_unit_name"] is None and rows[6]["category"] is False
    assert all(r["ok"] for r in body["rows"]), [r["problems"] for r in body["rows"] if not r["ok"]]
    assert [p["field"] for r in body["rows"] for p in r["problems"] if r["row"] != 12] == []
    assert not Task.objects.exists() and not ImportedRow.objects.exists()


def test_a_chinese_numeral_alone_in_its_number_cell_heads_the_rows_below(staff):
    rows = [
        ["一", "干部队伍建设", "", "", "", "", "", "", ""],
        [1, "完成年度干部综合分析研判", "干部一科", "", "", "", "2099年12月31日", "", ""],
        [2, "开展年轻干部选派工作", "干部二科", "", "", "", "2099年3月底", "", ""],
        ["二", "基层组织建设", "", "", "", "", "", "", ""],
        [1, "推进软弱涣散村党组织整顿提升", "基层党建科", "", "", "", "2099-01-31", "", ""],
    ]
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(rows)))
    found = {r["row"]: r for r in services.preview(batch, actor=staff)["rows"]}
    assert [found[n]["parent_row"] for n in range(5, 10)] == [None, 5, 5, None, 8]
    assert found[5]["category"] and found[5]["ok"] and found[8]["category"]
    assert found[9]["lead_unit_name"] == "基层党建科"  # not 干部二科 from the row above


def test_commit_makes_the_tree_through_the_services_and_again_skips(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    report = services.commit(batch, actor=staff)
    assert report["created"] == TASKS and report["skipped"] == 0 and report["rows"] == len(ROWS)
    assert not Task.objects.filter(title__in=["干部队伍建设", "基层党建"]).exists()  # the categories
    child = Task.objects.get(title="年轻干部培养", parent=None)
    leaf = Task.objects.get(title="开展年轻干部专题调研")
    assert leaf.parent == child and leaf.tree_path.startswith(child.tree_path)
    assert Task.objects.get(title="整顿软弱涣散基层党组织").parent is None
    assert leaf.lead_unit.code == "gb1" and [u.code for u in leaf.co_units.all()] == ["yjs"]
    assert "进展情况：已完成方案" in leaf.description
    assert Task.objects.get(title="举办中青年干部培训班").cadence == "monthly:25"
    assert TaskEvent.objects.filter(kind="created").count() == TASKS  # each through create_task
    batch.refresh_from_db()
    assert batch.status == "committed" and batch.counts["created"] == TASKS

    again = services.upload_ledger(actor=staff, upload=upload(ledger()))
    report = services.commit(again, actor=staff)
    assert report == {**report, "created": 0, "skipped": TASKS}
    assert Task.objects.count() == TASKS


def test_a_new_row_in_a_ledger_imported_before_lands_under_its_old_heading(staff):
    services.commit(services.upload_ledger(actor=staff, upload=upload(ledger())), actor=staff)
    more = [*ROWS, [3, "开展干部监督专项检查", "干部监督科", "", "", "", "2099年9月", "", ""]]
    report = services.commit(services.upload_ledger(actor=staff, upload=upload(ledger(more))), actor=staff)
    assert report["created"] == 1 and report["skipped"] == TASKS
    new = Task.objects.get(title="开展干部监督专项检查")  # under the category 二、基层党建, as its rows are
    assert new.parent is None and Task.objects.get(title="推进党支部标准化建设").parent is None


def test_committing_twice_is_a_conflict(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    services.commit(batch, actor=staff)
    with pytest.raises(Conflict):
        services.commit(batch, actor=staff)


def test_unknown_unit_refuses_everything_until_named(staff, demo):
    rows = [*ROWS, [3, "完善人才引进政策", "人才工作领导小组", "", "", "", "2099.9.30", "", ""]]
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(rows)))
    body = services.preview(batch, actor=staff)
    assert [u["mention"] for u in body["unknown_units"]] == ["人才工作领导小组"]
    assert body["errors"] == 1
    with pytest.raises(InvalidInput) as refused:
        services.commit(batch, actor=staff)
    assert refused.value.code == "rows_refused" and "第14行" in refused.value.message
    assert refused.value.errors["refused"][0]["row"] == 14
    assert not Task.objects.exists()
    services.update_batch(batch, actor=staff, unit_overrides={"人才工作领导小组": demo["rc"]})
    assert services.commit(batch, actor=staff)["created"] == len(rows) - 2
    assert Task.objects.get(title="完善人才引进政策").lead_unit.code == "rc"


def test_two_columns_mapped_to_one_field_is_refused(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    with pytest.raises(InvalidInput) as refused:
        services.update_batch(batch, actor=staff, mapping={**batch.mapping, "3": "lead_unit"})
    assert refused.value.code == "duplicate_mapping"
    assert "C列、D列都对应“牵头单位”" in refused.value.message
    batch.refresh_from_db()
    assert batch.mapping["3"] == "co_units"


def test_a_unit_outside_the_importers_reach_is_refused(user):
    batch = services.upload_ledger(actor=user("gb1-staff"), upload=upload(ledger()))
    body = services.preview(batch, actor=user("gb1-staff"))
    messages = [p["message"] for r in body["rows"] for p in r["problems"]]
    assert any("您不能向“干部二科”交办任务" in m for m in messages)
    with pytest.raises(InvalidInput):
        services.commit(batch, actor=user("gb1-staff"))
    assert not Task.objects.exists()


def test_a_county_clerks_short_name_is_his_countys_unit_and_the_citys_clerks_the_citys(user):
    rows = [[1, "开展年轻干部调研", "组织部（牵头）", "", "", "", "2099年6月底前", "", ""]]
    county = user("qhx-head")
    body = services.preview(services.upload_ledger(actor=county, upload=upload(ledger(rows))), actor=county)
    row = body["rows"][0]
    assert row["lead_unit_name"] == "清河县委组织部" and row["ok"]
    assert [p["message"] for p in row["problems"]] == [
        "第5行C列牵头单位“组织部”按“清河县委组织部”导入（匹配度90%）"
    ]
    city = user("bgs-staff")
    body = services.preview(services.upload_ledger(actor=city, upload=upload(ledger(rows))), actor=city)
    assert body["rows"][0]["lead_unit_name"] == "江城市委组织部" and body["rows"][0]["problems"] == []


def test_a_next_steps_column_is_kept_in_the_tasks_content_beside_its_progress(staff):
    rows = [[1, "开展年轻干部调研", "干部一科", "", "", "", "2099年6月底前", "已完成摸底", "形成调研报告"]]
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(rows, [*HEADER[:-1], "下步计划"])))
    assert batch.mapping["7"] == "progress" and batch.mapping["8"] == "plan"
    services.commit(batch, actor=staff)
    description = Task.objects.get().description
    assert "进展情况：已完成摸底" in description and "下步计划：形成调研报告" in description


def test_a_long_time_cell_is_warned_of_by_its_start_and_kept_whole_in_the_content(staff):
    long_cell = "按上级要求" * 1000
    rows = [[1, "按要求报送材料", "办公室", "", "", "", long_cell, "", ""]]
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(rows)))
    [problem] = services.preview(batch, actor=staff)["rows"][0]["problems"]
    assert problem["field"] == "due" and f"“{long_cell[:40]}…”无法识别" in problem["message"]
    assert len(problem["message"]) < 200
    services.commit(batch, actor=staff)
    assert f"原完成时限：{long_cell}" in Task.objects.get(title="按要求报送材料").description


def test_a_past_deadline_is_kept_and_an_unreadable_one_kept_as_text(staff):
    rows = [
        [1, "总结上年工作", "办公室", "", "", "", "2020年3月底前", "", ""],
        [2, "按要求报送材料", "办公室", "", "", "", "按上级要求", "", ""],
    ]
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(rows)))
    body = services.preview(batch, actor=staff)
    past_row = body["rows"][0]
    assert past_row["due_date"] == past_row["due_read"] == "2020-03-31"
    assert past_row["problems"] == [
        {
            "field": "due",
            "level": "warning",
            "message": "完成时限 2020-03-31 已过期，按原表导入；交办前需改期",
        }
    ]
    unread = body["rows"][1]
    assert unread["problems"] == [
        {
            "field": "due",
            "level": "warning",
            "message": f"第{unread['row']}行G列完成时限“按上级要求”无法识别，应为日期（如“6月底前”"
            "“2026年12月31日”）或“长期坚持”，将不填完成时限（原文记入任务内容）",
        }
    ]
    services.commit(batch, actor=staff)
    past = Task.objects.get(title="总结上年工作")
    assert past.due_date == dt.date(2020, 3, 31) and past.status == "draft"  # overdue, as in the ledger
    assert "原完成时限：按上级要求" in Task.objects.get(title="按要求报送材料").description
    with pytest.raises(InvalidInput) as refused:  # the one rule: a task is not handed out already late
        assign(past, actor=staff)
    assert refused.value.code == "due_in_past"
    with pytest.raises(InvalidInput):  # and nobody types a past deadline on a new task
        create_task(actor=staff, title="补报材料", lead_unit=past.lead_unit, due_date=dt.date(2020, 3, 31))


def test_formulas_give_their_cached_values(staff):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([1, '="开展"&"专题调研"', "干部一科", "", "", "", "2099.3.31", "", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    data = with_cached_values(buffer.getvalue(), {"B2": "开展专题调研"})
    batch = services.upload_ledger(actor=staff, upload=upload(data))
    services.commit(batch, actor=staff)
    assert Task.objects.get().title == "开展专题调研"


def test_merged_cells_in_the_body_give_their_value_to_every_row(staff):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for n in range(1, 4):
        ws.append([n, f"任务{n}", "干部一科" if n == 1 else None, "", "", "", "2099.3.31", "", ""])
    ws.merge_cells("C2:C4")
    buffer = io.BytesIO()
    wb.save(buffer)
    batch = services.upload_ledger(actor=staff, upload=upload(buffer.getvalue()))
    services.commit(batch, actor=staff)
    assert {t.lead_unit.code for t in Task.objects.all()} == {"gb1"} and Task.objects.count() == 3


def test_csv_in_gb18030_and_utf8(staff):
    text = (
        "序号,任务内容,牵头单位,完成时限\n1,开展专题调研,干部一科,2099年3月底前\n"
        "2,完善考核办法,干部二科,2099.6.30\n"
    )
    for encoding in ("gb18030", "utf-8-sig"):
        batch = services.upload_ledger(actor=staff, upload=upload(text.encode(encoding), "台账.csv"))
        body = services.preview(batch, actor=staff)
        assert [r["lead_unit_name"] for r in body["rows"]] == ["干部一科", "干部二科"]


def test_a_file_saved_the_wps_way(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(wps_style(ledger())))
    assert services.commit(batch, actor=staff)["created"] == TASKS


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("台账.xlsm", b"PK\x03\x04whatever", "file_macro"),
        ("台账.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "file_encrypted"),
        ("台账.xlsx", b"PK\x03\x04 broken zip", "file_content"),
        ("台账.xlsx", b"just some text", "file_content"),
        ("台账.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "file_type"),
        ("台账.pdf", b"%PDF-1.4", "file_type"),
    ],
)
def test_bad_files_are_refused_in_chinese_and_nothing_is_kept(staff, name, data, code):
    with pytest.raises(InvalidInput) as refused:
        services.upload_ledger(actor=staff, upload=upload(data, name))
    assert refused.value.code == code and any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)
    assert not ImportBatch.objects.exists()


def test_a_workbook_carrying_macros_under_an_xlsx_name_is_refused(staff):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(ledger())) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"\0" * 100)
    with pytest.raises(InvalidInput) as refused:
        services.upload_ledger(actor=staff, upload=upload(out.getvalue()))
    assert refused.value.code == "file_macro"


def test_an_oversized_file_is_refused(staff, settings):
    settings.LUOSHI_MAX_UPLOAD_MB = 0
    with pytest.raises(InvalidInput) as refused:
        services.upload_ledger(actor=staff, upload=upload(ledger()))
    assert refused.value.code == "file_too_big"


def test_a_ledger_past_the_preview_cap_is_refused_before_it_is_read(staff):
    line = "1,开展年轻干部专题调研,干部一科,2026-12-31\n".encode()
    data = "序号,任务内容,牵头单位,完成时限\n".encode() + line * (11 * 1024 * 1024 // len(line))
    started = time.perf_counter()
    with pytest.raises(InvalidInput) as refused:
        services.upload_ledger(actor=staff, upload=upload(data, "大台账.csv"))
    assert refused.value.code == "file_too_big" and "超过10MB" in refused.value.message
    assert time.perf_counter() - started < 1 and not ImportBatch.objects.exists()


def test_a_sheet_without_a_header_is_refused(staff):
    wb = openpyxl.Workbook()
    wb.active.append(["张三", "李四"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(InvalidInput) as refused:
        services.upload_ledger(actor=staff, upload=upload(buffer.getvalue()))
    assert refused.value.code == "no_header"


def test_others_cannot_reach_a_batch(staff, user):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    with pytest.raises(Exception) as refused:
        services.commit(batch, actor=user("gb1-head"))
    assert getattr(refused.value, "status", None) == 404
    assert Unit.objects.exists() and not Task.objects.exists()


def test_a_word_task_breakdown_imports_as_the_ledger_does(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(task_document(), "任务分解表.docx"))
    assert (batch.sheet, batch.header_row) == ("表格1", 3)  # the title row and 责任单位 above the header
    assert batch.mapping == services.upload_ledger(actor=staff, upload=upload(ledger())).mapping
    body = services.preview(batch, actor=staff)
    rows = {r["row"]: r for r in body["rows"]}
    assert len(rows) == len(ROWS)
    assert rows[4]["title"] == "干部队伍建设" and rows[4]["level"] == 1  # merged across: a heading
    assert rows[9]["parent_row"] == 8 and rows[9]["lead_unit_name"] == "干部二科"  # merged down
    assert all(r["ok"] for r in body["rows"]), [r["problems"] for r in body["rows"] if not r["ok"]]
    assert body["prose"].startswith("中共××市委组织部") and body["directive"] is None
    report = services.commit(batch, actor=staff)
    assert report["created"] == TASKS
    leaf = Task.objects.get(title="开展年轻干部专题调研")
    assert leaf.parent.title == "年轻干部培养" and leaf.parent.parent is None  # 干部队伍建设: a category
    assert leaf.lead_unit.code == "gb1" and "进展情况：已完成方案" in leaf.description
    again = services.upload_ledger(actor=staff, upload=upload(task_document(), "任务分解表.docx"))
    assert services.commit(again, actor=staff)["skipped"] == TASKS


def test_a_word_document_saved_the_wps_way(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(wps_document(), "任务分解表.docx"))
    assert batch.sheet == "表格1–2" and batch.mapping["2"] == "title"
    assert services.commit(batch, actor=staff)["created"] == TASKS


def test_the_prose_becomes_a_directive_through_the_decomposition_engine_once(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(task_document(), "任务分解表.docx"))
    directive, requirements = services.prose_to_directive(batch, actor=staff)
    assert directive.title == "关于印发《2099年度全市组织工作重点任务分解表》的通知"
    assert directive.kind == "document" and str(directive.issued_on) == "2099-01-05"
    assert directive.text == batch.prose and requirements  # the engine found what the 通知 asks
    assert any("半年工作总结" in r.text for r in requirements)
    batch.refresh_from_db()
    assert batch.directive == directive and not Task.objects.exists()
    with pytest.raises(Conflict) as twice:
        services.prose_to_directive(batch, actor=staff)
    assert twice.value.code == "prose_entered"


def test_a_ledger_without_prose_has_nothing_to_decompose(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    with pytest.raises(InvalidInput) as refused:
        services.prose_to_directive(batch, actor=staff)
    assert refused.value.code == "no_prose"


def _with_macros(data: bytes) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("word/vbaProject.bin", b"\0" * 100)
    return out.getvalue()


def _zip(members: dict[str, Any]) -> bytes:
    """A zip of something else than a Word document."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, body in members.items():
            dst.writestr(name, body)
    return out.getvalue()


def _no_table() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("关于做好年轻干部工作的通知")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("分解表.docm", lambda: task_document(), "file_macro"),
        ("分解表.docx", lambda: _with_macros(task_document()), "file_macro"),
        ("分解表.docx", lambda: macro_office_file(".docx", "disguised"), "file_macro"),
        ("分解表.docx", lambda: macro_office_file(".docx", "main"), "file_macro"),
        ("分解表.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "file_encrypted"),
        ("分解表.docx", lambda: task_document()[:3000], "file_content"),
        ("分解表.docx", lambda: ledger(), "file_content"),  # a workbook named .docx
        ("分解表.docx", lambda: _zip({"照片/1.jpg": b"\xff\xd8\xff", "说明.txt": "附件"}), "file_content"),
        ("分解表.docx", lambda: _zip({"word/styles.xml": "<styles/>"}), "file_content"),  # no document in it
        ("分解表.docx", _no_table, "no_table"),
        ("分解表.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "file_type"),
    ],
)
def test_bad_word_files_are_refused_in_chinese_and_nothing_is_kept(staff, name, make, code):
    with pytest.raises(InvalidInput) as refused:
        services.upload_ledger(actor=staff, upload=upload(make(), name))
    assert refused.value.code == code and any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)
    assert not ImportBatch.objects.exists()


def test_a_section_head_skips_the_rows_other_sections_lead_and_imports_its_own(user):
    gb1 = user("gb1-staff")
    batch = services.upload_ledger(actor=gb1, upload=upload(ledger()))
    with pytest.raises(InvalidInput):
        services.commit(batch, actor=gb1)
    batch = services.update_batch(batch, actor=gb1, skip_errors=True)
    body = services.preview(batch, actor=gb1)
    assert body["skip_rows"] == [9, 10, 12, 13]  # 一、 and 二、 are categories: nobody's task to refuse
    tally = {"blocked": 0, "warned": 0, "ready": 3, "skipped": 4, "imported": 0, "categories": 2}
    assert body["tally"] == tally
    assert body["errors"] == 0 and body["rows"][4]["skip"] and body["rows"][4]["problems"]
    report = services.commit(batch, actor=gb1)
    assert (report["created"], report["skipped"], report["skipped_by_user"]) == (3, 0, 4)
    assert report["skipped_by_user_rows"] == [9, 10, 12, 13] and report["refused"] == []
    assert Task.objects.get(title="年轻干部培养").parent is None  # its heading is a category
    assert Task.objects.count() == 3
    batch.refresh_from_db()
    assert batch.counts == {"created": 3, "skipped": 0, "skipped_by_user": 4, "rows": 9}

    again = services.upload_ledger(actor=gb1, upload=upload(ledger()))
    again = services.update_batch(again, actor=gb1, skip_rows=[9, 10, 12, 13])
    assert services.preview(again, actor=gb1)["tally"]["imported"] == 3
    report = services.commit(again, actor=gb1)
    assert (report["created"], report["skipped"], report["skipped_by_user"]) == (0, 3, 4)
    assert Task.objects.count() == 3


def test_the_rows_under_a_skipped_row_go_under_the_row_above_it(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    batch = services.update_batch(batch, actor=staff, skip_rows=[9, 9])
    assert services.preview(batch, actor=staff)["skip_rows"] == [9]
    services.commit(batch, actor=staff)
    assert not Task.objects.filter(title="干部教育培训").exists()
    assert Task.objects.get(title="举办中青年干部培训班").parent is None  # 干部队伍建设 is a category
    # imported later, the skipped row comes in alone: what was imported stays where it is
    report = services.commit(services.upload_ledger(actor=staff, upload=upload(ledger())), actor=staff)
    assert (report["created"], report["skipped"]) == (1, TASKS - 1)


def test_skipping_a_row_above_the_header_or_restoring_all(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    with pytest.raises(InvalidInput) as refused:
        services.update_batch(batch, actor=staff, skip_rows=[4])
    assert "第4行不在表头以下" in refused.value.message
    services.update_batch(batch, actor=staff, skip_rows=[7])
    services.update_batch(batch, actor=staff, skip_rows=[])
    batch.refresh_from_db()
    assert batch.skip_rows == []


def test_a_heading_merged_beside_its_number_is_the_sections_category(staff):
    merged = services.upload_ledger(actor=staff, upload=upload(ledger()))
    beside = services.upload_ledger(actor=staff, upload=upload(headings_beside_number(ledger()), "B-I.xlsx"))
    rows = {r["row"]: r for r in services.preview(beside, actor=staff)["rows"]}
    heading = rows[5]
    assert (heading["title"], heading["level"], heading["merged"]) == ("干部队伍建设", 1, True)
    assert heading["problems"] == [] and heading["due_phrase"] == ""  # no unit or date read from its text
    first = {r["row"]: r for r in services.preview(merged, actor=staff)["rows"]}[5]
    assert heading["category"] and first["category"] and heading["lead_unit"] is None  # as A:I is
    assert rows[6]["parent_row"] == 5 and rows[11]["title"] == "基层党建"
    services.commit(beside, actor=staff)
    leaf = Task.objects.get(title="开展年轻干部专题调研")
    assert leaf.parent.title == "年轻干部培养" and leaf.parent.parent is None


def test_deadlines_without_their_year_are_read_in_the_ledgers_year(staff):
    data = ledger(THIS_YEAR, heading="干部一科2026年重点工作任务推进台账", filed="填报日期：2026年2月28日")
    batch = services.upload_ledger(actor=staff, upload=upload(data))
    body = services.preview(batch, actor=staff)
    assert body["reference"] == {
        "date": "2026-02-28",
        "basis": "filed",
        "note": "按表中填报日期2026年2月28日推算",
    }
    rows = {r["title"]: r for r in body["rows"]}
    assert (
        rows["开展年轻干部专题调研"]["due_read"]
        == rows["完善干部选任工作纪实制度"]["due_read"]
        == "2026-03-31"
    )
    assert (rows["推进平时考核常态化"]["cadence"], rows["推进平时考核常态化"]["ongoing"]) == (
        "quarterly",
        False,
    )
    undated = ledger(THIS_YEAR, heading="工作台账", filed="填报日期：    年  月  日")
    body = services.preview(services.upload_ledger(actor=staff, upload=upload(undated)), actor=staff)
    assert body["reference"]["basis"] == "uploaded"
    services.commit(batch, actor=staff)
    assert Task.objects.get(title="推进平时考核常态化").cadence == "quarterly"


def test_a_ledger_sent_again_reworded_updated_or_by_another_unit_creates_only_new_rows(staff, user):
    services.commit(services.upload_ledger(actor=staff, upload=upload(ledger())), actor=staff)
    march = [list(row) for row in ROWS]
    march[0][1] = "加强干部队伍建设"  # a heading reworded
    march[2][7] = "调研报告已成稿"  # 进展情况 updated
    march.insert(4, [3, "开展年轻干部实践锻炼", "干部一科", "", "", "", "2099年9月", "", ""])
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(march), "台账（3月）.xlsx"))
    rows = {r["title"]: r for r in services.preview(batch, actor=staff)["rows"]}
    assert rows["加强干部队伍建设"]["category"] and rows["开展年轻干部专题调研"]["imported"]
    assert not rows["开展年轻干部实践锻炼"]["imported"]
    report = services.commit(batch, actor=staff)
    assert (report["created"], report["skipped"]) == (1, TASKS)
    assert Task.objects.get(title="开展年轻干部实践锻炼").parent.title == "年轻干部培养"
    assert not Task.objects.filter(title="加强干部队伍建设").exists()  # the task keeps its own title
    assert (
        "进展情况：已完成方案" in Task.objects.get(title="开展年轻干部专题调研").description
    )  # not overwritten
    colleague = user("bgs-head")  # of the same office: its imports are the office's
    again = services.upload_ledger(actor=colleague, upload=upload(ledger()))
    assert services.preview(again, actor=colleague)["tally"]["imported"] == TASKS
    assert services.commit(again, actor=colleague)["created"] == 0


def test_a_row_imported_elsewhere_is_imported_only_for_who_may_know_of_it(user):
    """The preview says 已导入 only of a row imported by one's own unit or made into a task one may see:
    else it would tell of tasks hidden from the reader."""
    rows = [[1, "开展干部调研", "干部一科", "", "", "", "2099.9.30", "", ""]]
    gb1 = user("gb1-head")
    services.commit(services.upload_ledger(actor=gb1, upload=upload(ledger(rows))), actor=gb1)
    for name, known in [("gb2-head", False), ("rc-head", False), ("gb1-staff", True), ("deputy1", True)]:
        reader = user(name)
        body = services.preview(
            services.upload_ledger(actor=reader, upload=upload(ledger(rows))), actor=reader
        )
        assert body["rows"][0]["imported"] is known and body["tally"]["imported"] == int(known), name
    refused = services.upload_ledger(actor=user("gb2-head"), upload=upload(ledger(rows)))
    with pytest.raises(InvalidInput):  # 干部一科 is not gb2-head's to hand work to: nothing twice
        services.commit(refused, actor=user("gb2-head"))
    assert Task.objects.filter(title="开展干部调研").count() == 1


def test_the_same_rows_in_another_years_ledger_are_new_tasks(staff):
    services.commit(services.upload_ledger(actor=staff, upload=upload(ledger())), actor=staff)
    last_year = ledger(heading="2098年度全市组织工作重点任务推进台账", filed="填报日期：2098年1月5日")
    report = services.commit(services.upload_ledger(actor=staff, upload=upload(last_year)), actor=staff)
    assert report["created"] == TASKS


def test_a_unit_named_as_lead_and_co_unit_is_said_once_for_each_field(staff):
    rows = [[1, "完善人才引进政策", "人才工作领导小组", "人才工作领导小组", "", "", "2099.9.30", "", ""]]
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(rows)))
    body = services.preview(batch, actor=staff)
    assert [p["message"][:4] for p in body["rows"][0]["problems"]] == ["牵头单位", "配合单位"]
    assert body["unknown_units"][0]["rows"] == [5]
    with pytest.raises(services.ImportRefused) as refused:
        services.commit(batch, actor=staff)
    assert [len(reasons) for _, reasons in refused.value.refused] == [2]


def test_a_co_unit_named_only_in_part_waits_for_a_choice_and_traditional_names_resolve(staff, demo):
    rows = [
        [1, "开展干部政治素质考察", "干部一科", "人才工作领导小组办公室", "", "", "2099.9.30", "", ""],
        [2, "做好党员发展质量检查", "干部一科", "組織一科", "", "", "2099.9.30", "", ""],
    ]
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(rows)))
    body = services.preview(batch, actor=staff)
    (unknown,) = body["unknown_units"]
    assert unknown["mention"] == "人才工作领导小组办公室" and unknown["part"] == "办公室"
    (problem,) = body["rows"][0]["problems"]
    assert problem["level"] == "error" and "“办公室”只是其中一部分" in problem["message"]
    assert body["rows"][1]["co_unit_names"] == ["组织一科"] and not body["rows"][1]["problems"]


def test_an_unknown_co_unit_kept_as_text_keeps_its_name_in_the_description(staff, demo):
    rows = [[1, "开展干部政治素质考察", "干部一科", "党校、研究室", "", "", "2099.9.30", "", ""]]
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(rows)))
    (unknown,) = services.preview(batch, actor=staff)["unknown_units"]
    assert unknown["mention"] == "党校" and unknown["co"]
    services.update_batch(batch, actor=staff, unit_overrides={"党校": demo["yjs"]})
    batch = services.update_batch(batch, actor=staff, dropped_units=["党校"])
    assert batch.unit_overrides == {} and batch.dropped_units == ["党校"]  # one choice or the other
    body = services.preview(batch, actor=staff)
    assert body["unknown_units"] == [] and body["rows"][0]["ok"] and body["dropped_units"] == ["党校"]
    services.commit(batch, actor=staff)
    task = Task.objects.get()
    assert [u.name for u in task.co_units.all()] == ["研究室"]
    assert "原表配合单位：党校" in task.description


def test_what_the_ledger_says_beyond_the_fields_stays_on_the_task(staff):
    header = [
        *HEADER[:2],
        "具体措施",
        *HEADER[2:],
    ]  # 序号 重点任务 具体措施 牵头 配合 责任人 分管 时限 进展 备注
    row = [1, "开展班子运行情况分析研判", "对42家单位逐一分析", "干部一科", "", "张伟", "", "2099.3.31"]
    batch = services.upload_ledger(
        actor=staff, upload=upload(ledger([[*row, "已完成18家", "按月"]], header), "干部一科台账.xlsx")
    )
    assert batch.mapping["2"] == "measures"
    (planned,) = services.preview(batch, actor=staff)["rows"]
    assert "将不填责任人（原文记入任务内容）" in planned["problems"][0]["message"]
    services.commit(batch, actor=staff)
    task = Task.objects.get()
    assert task.owner is None
    assert task.description.split("\n") == [
        "具体措施：对42家单位逐一分析",
        "进展情况：已完成18家",
        "备注：按月",
        "原表责任人：张伟",
    ]
    created = TaskEvent.objects.get(task=task)
    assert created.note == f"导入自《干部一科台账.xlsx》第{planned['row']}行"


TALENT = [*ROWS, [3, "完善人才引进政策", "人才工作领导小组", "", "", "", "2099.9.30", "", ""]]


def test_a_unit_choice_remembered_as_its_alias_resolves_the_next_ledger_silently(staff, demo):
    first = services.upload_ledger(actor=staff, upload=upload(ledger(TALENT)))
    services.update_batch(
        first,
        actor=staff,
        unit_overrides={"人才工作领导小组": demo["rc"]},
        unit_aliases=["人才工作领导小组", "人才工作领导小组"],
    )
    rc = Unit.objects.get(code="rc")
    assert rc.aliases[-1] == "人才工作领导小组"
    assert rc.history.first().history_change_reason == "导入《台账.xlsx》时记为别名“人才工作领导小组”"
    second = services.upload_ledger(
        actor=staff, upload=upload(ledger(TALENT, heading="2098年度重点任务台账"))
    )
    body = services.preview(second, actor=staff)
    assert body["unknown_units"] == [] and body["errors"] == 0 and second.unit_overrides == {}
    assert body["rows"][-1]["lead_unit_name"] == "人才工作科"


@pytest.mark.parametrize(
    "choice, aliases, code",
    [
        ({"人才工作领导小组": "gb1"}, ["一科"], "alias_without_unit"),  # no unit chosen for that name
        ({"人才工作领导小组": "gb1"}, [""], "alias_required"),
        ({"干部科": "rc"}, ["干部科"], "alias_taken"),  # 干部一科's alias
    ],
)
def test_an_alias_refused_changes_nothing_not_even_the_unit_choice(staff, demo, choice, aliases, code):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(TALENT)))
    with pytest.raises(InvalidInput) as refused:
        services.update_batch(
            batch,
            actor=staff,
            unit_overrides={name: demo[unit] for name, unit in choice.items()},
            unit_aliases=aliases,
        )
    assert refused.value.code == code
    batch.refresh_from_db()
    assert batch.unit_overrides == {}
    assert [u.aliases for u in Unit.objects.filter(code__in=["gb1", "rc"]).order_by("code")] == [
        ["一科", "干部科", "干部一处"],
        ["人才办", "人才工作办公室", "人才科"],
    ]


def test_a_ledger_of_more_rows_than_one_import_takes_is_refused_at_upload_and_nothing_is_kept(
    staff, monkeypatch
):
    monkeypatch.setattr(reading, "MAX_ROWS", 5)  # and 30 above them for the title and header
    rows = [[n, f"任务{n}", "干部一科", "", "", "", "2099-12-31", "", ""] for n in range(1, 40)]
    with pytest.raises(InvalidInput) as refused:
        services.upload_ledger(actor=staff, upload=upload(ledger(rows)))
    assert refused.value.code == "too_many_rows"
    assert refused.value.message.startswith("工作表“重点任务台账”超过5行，一次最多导入5行")
    assert not ImportBatch.objects.exists()


def test_the_attack_a_ledger_is_read_outside_any_transaction(staff, monkeypatch):
    """On SQLite a transaction holds the write lock from its start: a 2 MB .csv of 200,000 columns, read
    inside one, held every other user's change until the worker was killed."""
    depth = len(connection.savepoint_ids)  # the test's own transaction
    opened = []

    def open_table(data: bytes, suffix: str) -> reading.Table:
        opened.append(len(connection.savepoint_ids))
        return reading.open_table(data, suffix)

    monkeypatch.setattr(services, "open_table", open_table)
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    assert opened == [depth] and batch.columns


def test_the_cadence_is_read_from_the_remarks_or_its_own_column(staff):
    rows = [
        ["一、", "干部队伍建设", "", "", "", "", "", "", ""],
        [1, "开展年轻干部专题调研", "干部一科", "", "", "", "2099年12月底前", "", "每季度报送进展"],
        [2, "建立优秀年轻干部储备库", "干部一科", "", "", "", "2099年12月底前", "", "每月25日前报送"],
        [3, "完善干部选任工作纪实制度", "干部一科", "", "", "", "2099年12月底前", "", ""],
    ]
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(rows)))
    read = {r["title"]: r["cadence"] for r in services.preview(batch, actor=staff)["rows"]}
    assert read["开展年轻干部专题调研"] == "quarterly" and read["建立优秀年轻干部储备库"] == "monthly:25"
    assert read["完善干部选任工作纪实制度"] is None
    services.commit(batch, actor=staff)
    assert Task.objects.get(title="开展年轻干部专题调研").cadence == "quarterly"
    header = [*HEADER[:-1], "报送频次"]
    weekly = [[*row[:-1], "每周五"] if isinstance(row[0], int) else row for row in rows]
    batch = services.upload_ledger(
        actor=staff, upload=upload(ledger(weekly, header, heading="2099年工作台账"))
    )
    read = {r["title"]: r["cadence"] for r in services.preview(batch, actor=staff)["rows"]}
    assert set(read.values()) - {None} == {"weekly:5"}


def test_a_cadence_cell_it_cannot_read_is_said_and_the_rest_of_the_row_kept(staff):
    batch = services.upload_ledger(actor=staff, upload=upload(unread_cadence()))
    unread, read = services.preview(batch, actor=staff)["rows"]
    assert unread["problems"] == [
        {
            "field": "cadence",
            "level": "warning",
            "message": f"第{unread['row']}行I列反馈周期“看情况”无法识别，应为每周、每月、每季度这样的周期"
            "（如“每周五”“每月25日前”），将按每周五报送（原文记入任务内容）",
        }
    ]
    assert unread["ok"] and unread["lead_unit_name"] == "干部一科" and unread["due_date"] == "2099-12-31"
    assert (read["cadence"], read["problems"]) == ("monthly:25", [])
    assert not Task.objects.exists()  # nothing is written until the user imports
    services.commit(batch, actor=staff)
    task = Task.objects.get(title="开展年轻干部专题调研")
    assert task.cadence == "weekly:5" and "原反馈周期：看情况" in task.description


@pytest.mark.parametrize("word", ["每两周", "每半月", "半月报"])
def test_a_period_luoshi_has_no_cadence_for_imports_without_one_and_says_so(staff, word):
    rows = [[1, "开展年轻干部专题调研", "干部一科", "", "", "", "2099年12月底前", "", word]]
    data = ledger(rows, [*HEADER[:-1], "反馈周期"], heading="2099年工作台账")
    batch = services.upload_ledger(actor=staff, upload=upload(data))
    (row,) = services.preview(batch, actor=staff)["rows"]
    assert row["cadence"] == "none" and row["ok"]
    assert row["problems"] == [
        {
            "field": "cadence",
            "level": "warning",
            "message": f"第{row['row']}行I列反馈周期“{word}”在落实中没有对应的周期，交办前可改为每周或"
            "每10个工作日，将不设反馈周期（原文记入任务内容）",
        }
    ]
    services.commit(batch, actor=staff)
    task = Task.objects.get(title="开展年轻干部专题调研")
    assert task.cadence == "none" and f"原反馈周期：{word}" in task.description


@pytest.mark.parametrize(
    ("word", "cadence"),
    [
        ("月报", "monthly:31"),
        ("周报", "weekly:5"),
        ("季报", "quarterly"),
        ("不定期", "none"),
        ("随时", "none"),
    ],
)
def test_a_report_name_or_an_irregular_period_is_the_cadence_it_means(staff, word, cadence):
    rows = [[1, "开展年轻干部专题调研", "干部一科", "", "", "", "2099年12月底前", "", word]]
    data = ledger(rows, [*HEADER[:-1], "反馈周期"], heading="2099年工作台账")
    batch = services.upload_ledger(actor=staff, upload=upload(data))
    (row,) = services.preview(batch, actor=staff)["rows"]
    assert (row["cadence"], row["problems"]) == (cadence, [])
    services.commit(batch, actor=staff)
    assert Task.objects.get(title="开展年轻干部专题调研").cadence == cadence


@pytest.mark.parametrize("word", ["每月", "每月报送", "月报"])
def test_a_bare_每月_is_kept_as_each_months_end_and_the_preview_says_so(staff, word):
    rows = [[1, "开展年轻干部专题调研", "干部一科", "", "", "", "2099年12月底前", "", word]]
    data = ledger(rows, [*HEADER[:-1], "反馈周期"], heading="2099年工作台账")
    batch = services.upload_ledger(actor=staff, upload=upload(data))
    (row,) = services.preview(batch, actor=staff)["rows"]
    assert (row["cadence"], row["cadence_read"], row["problems"]) == ("monthly:31", "每月月底前报送", [])
