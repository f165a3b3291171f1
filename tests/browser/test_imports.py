"""导入台账 in a browser: upload a ledger, change a column's field and name a unit in the preview
(htmx refreshes it; the name remembered as the unit's alias), import, find the tasks in the ledger and
export it back in its own layout; a Word 任务分解表 imports the same way and its 通知 becomes a directive; a
large one shows its progress while the runner imports it, across a reload, and then its result, and goes
back in its layout as an export job."""

import os
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from luoshi.directives.models import Directive
from luoshi.exports import services as export_services
from luoshi.exports.jobs import run_export_jobs
from luoshi.exports.models import ExportJob
from luoshi.imports import services
from luoshi.imports.jobs import run_import_jobs
from luoshi.imports.models import ImportBatch
from luoshi.org.models import Unit
from luoshi.tasks.models import Task

from ..core.documents import wps_document
from ..core.ledgers import HEADER, ROWS, TASKS, ledger

pytestmark = pytest.mark.browser

UNKNOWN = [*ROWS, [3, "完善人才引进政策", "人才工作领导小组", "", "", "", "2099.9.30", "", ""]]


def shot(page, tmp_path, name):
    folder = Path(os.environ.get("LUOSHI_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)


def redraw(page, action):
    """Do what makes htmx redraw the preview, and wait until the new preview is in place: a field
    filled before the swap would be filled in the old preview and lost with it."""
    page.evaluate(
        "() => { window.settled = false;"
        " document.addEventListener('htmx:afterSettle', () => { window.settled = true }, {once: true}) }"
    )
    action()
    page.wait_for_function("() => window.settled")


def test_on_a_phone_the_preview_rows_stack_within_the_screen(page_as, live_demo, tmp_path):
    path = tmp_path / "重点任务台账.xlsx"
    path.write_bytes(ledger(UNKNOWN))
    page = page_as("bgs-staff", phone=True)
    page.goto(f"{live_demo}/imports/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state()
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.ls-preview-wrap, .ls-preview tbody tr')]"
        ".map(e => e.scrollWidth - e.clientWidth)"
    )
    assert widths and max(widths) <= 1  # no row nor the table runs past the screen's edge
    expect(page.get_by_label("第I列（备注）导入为")).to_be_visible()  # the columns' choices above the rows
    expect(page.locator("td[data-label='完成时限']").first).to_be_visible()
    shot(page, tmp_path, "imports-preview-stacked-phone.png")


def test_the_closest_unit_is_accepted_with_one_click_and_nothing_is_imported_before_the_import(
    page_as, live_demo, tmp_path
):
    path = tmp_path / "重点任务台账.xlsx"
    path.write_bytes(ledger(UNKNOWN))
    page = page_as("bgs-staff")
    page.goto(f"{live_demo}/imports/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state()
    expect(page.get_by_text("1 行有错误")).to_be_visible()
    redraw(page, lambda: page.get_by_role("button", name="“人才工作领导小组”按“人才工作科”导入").click())
    expect(page.get_by_text("没有错误")).to_be_visible()
    expect(page.get_by_label("“人才工作领导小组”对应的单位")).to_have_value(
        "人才工作科"
    )  # can be changed back
    batch = ImportBatch.objects.get()
    assert (
        batch.unit_overrides == {"人才工作领导小组": Unit.objects.get(code="rc").pk}
        and batch.status == "preview"
    )
    assert not Task.objects.exists() and "人才工作领导小组" not in Unit.objects.get(code="rc").aliases


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_upload_fix_the_mapping_and_a_unit_then_import(page_as, live_demo, tmp_path, phone):
    path = tmp_path / "重点任务台账.xlsx"
    path.write_bytes(ledger(UNKNOWN))
    page = page_as("bgs-staff", phone=phone)
    page.goto(f"{live_demo}/imports/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state()
    expect(page.get_by_text("1 行有错误")).to_be_visible()
    expect(page.get_by_role("button", name="导入为任务")).to_be_disabled()
    shot(page, tmp_path, f"imports-preview-{'phone' if phone else 'desktop'}.png")
    # 备注 is not wanted: its column is left out, and htmx redraws the preview
    redraw(page, lambda: page.get_by_label("第I列（备注）导入为").select_option(""))
    expect(page.get_by_label("第I列（备注）导入为")).to_have_value("")
    # ticked before the unit is chosen, the box waits for it; then the name is the unit's for good
    redraw(page, lambda: page.get_by_label("记为该单位别名").check())
    expect(page.get_by_label("记为该单位别名")).to_be_checked()
    unit = page.get_by_label("“人才工作领导小组”对应的单位")
    unit.fill("人才工作科")
    shot(page, tmp_path, f"imports-alias-{'phone' if phone else 'desktop'}.png")
    redraw(page, lambda: unit.press("Tab"))
    expect(page.get_by_text("没有错误")).to_be_visible()
    expect(page.get_by_text("已记为该单位别名，今后导入直接采用")).to_be_visible()
    assert "人才工作领导小组" in Unit.objects.get(code="rc").aliases
    page.get_by_role("button", name="导入为任务").click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"新建 {TASKS + 1} 项任务")).to_be_visible()
    shot(page, tmp_path, f"imports-done-{'phone' if phone else 'desktop'}.png")
    task = Task.objects.get(title="建立优秀年轻干部储备库")
    assert "按季度更新" not in task.description and task.lead_unit.code == "gb1"
    assert Task.objects.get(title="完善人才引进政策").lead_unit.code == "rc"
    # and back out, in the layout it came in, with what the tasks now say
    with page.expect_download() as info:
        page.get_by_role("button", name="按原表格式导出").click()
    download = info.value
    assert download.suggested_filename == "重点任务台账（当前情况）.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    assert sheet["A1"].value == "2099年度全市组织工作重点任务推进台账"  # the file's title, its header's
    assert [c.value for c in sheet[3]][:2] == HEADER[:2] and [c.value for c in sheet[4]][2:4] == HEADER[2:4]
    assert {"A3:A4", "C3:D3"} <= {str(merged) for merged in sheet.merged_cells.ranges}  # two rows, merged
    rows = {row[1]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert len(rows) == len(UNKNOWN)
    assert rows["建立优秀年轻干部储备库"][2:4] == ("干部一科", "干部二科、信息中心")
    assert rows["建立优秀年轻干部储备库"][8] == "按季度更新"  # a column not imported keeps its text
    assert rows["完善人才引进政策"][2] == "人才工作科"  # the unit named in the preview


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_large_import_shows_its_progress_across_a_reload_and_its_result_then_goes_back_as_a_job(
    page_as, live_demo, tmp_path, phone, settings, monkeypatch
):
    settings.LUOSHI_IMPORT_INLINE_ROWS = 3  # this ledger counts as large: it is queued
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(export_services, "INLINE_ROWS", 3)  # and its export back too: a job
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    path = tmp_path / "重点任务台账.xlsx"
    path.write_bytes(ledger())
    page = page_as("bgs-staff", phone=phone)
    page.goto(f"{live_demo}/imports/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state()
    expect(page.get_by_text("台账较大，将在后台导入")).to_be_visible()
    page.get_by_role("button", name="导入为任务").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="正在导入：重点任务台账.xlsx")).to_be_visible()
    batch = ImportBatch.objects.get()
    assert batch.status == "queued" and not Task.objects.exists()
    ImportBatch.objects.filter(pk=batch.pk).update(status="running")  # as the runner claims it
    cache.set(services.progress_key(batch.pk), 8)  # and has written up to row 8
    expect(page.get_by_text("已处理 4 行，共约 9 行")).to_be_visible()  # the poll brings it
    page.reload()  # the bar survives a reload
    expect(page.get_by_text("已处理 4 行，共约 9 行")).to_be_visible()
    shot(page, tmp_path, f"imports-progress-{'phone' if phone else 'desktop'}.png")
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued")
    assert run_import_jobs() == 1
    expect(page.get_by_text(f"新建 {TASKS} 项任务")).to_be_visible()  # the page reloads itself
    expect(page.get_by_role("heading", name="导入结果：重点任务台账.xlsx")).to_be_visible()
    shot(page, tmp_path, f"imports-result-{'phone' if phone else 'desktop'}.png")
    # back out in its own layout: written outside the request, its progress on a page of its own
    page.get_by_role("button", name="按原表格式导出").click()
    expect(page.get_by_role("heading", name="正在导出：重点任务台账（当前情况）")).to_be_visible()
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(status="running", done=4)  # as the runner writes
    expect(page.get_by_text(f"已写入 4 行，共 {len(ROWS)} 行")).to_be_visible()
    page.reload()  # the bar survives a reload
    expect(page.get_by_text(f"已写入 4 行，共 {len(ROWS)} 行")).to_be_visible()
    shot(page, tmp_path, f"imports-export-progress-{'phone' if phone else 'desktop'}.png")
    ExportJob.objects.filter(pk=job.pk).update(status="queued", done=0)
    assert run_export_jobs() == 1
    link = page.get_by_role("link", name="下载 重点任务台账（当前情况）-")  # the page reloads itself
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / "back.xlsx"
    info.value.save_as(saved)
    assert openpyxl.load_workbook(saved).active["A1"].value == "2099年度全市组织工作重点任务推进台账"
    page.get_by_role("link", name="回到导入结果").click()
    expect(page.get_by_role("heading", name="导入结果：重点任务台账.xlsx")).to_be_visible()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_word_breakdown_imports_and_its_notice_becomes_a_directive(page_as, live_demo, tmp_path, phone):
    path = tmp_path / "任务分解表.docx"
    path.write_bytes(wps_document())
    page = page_as("bgs-staff", phone=phone)
    page.goto(f"{live_demo}/imports/")
    shot(page, tmp_path, f"imports-index-{'phone' if phone else 'desktop'}.png")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Word 文档中的“表格1–2”")).to_be_visible()
    expect(page.get_by_text("没有错误")).to_be_visible()
    page.get_by_text("查看正文").click()
    expect(page.get_by_text("各牵头单位要于每月25日前报送工作进展情况")).to_be_visible()
    shot(page, tmp_path, f"imports-word-{'phone' if phone else 'desktop'}.png")
    page.get_by_role("button", name="导入为任务").click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"新建 {TASKS} 项任务")).to_be_visible()
    page.get_by_role("button", name="录入为讲话文件并分解要求").click()
    page.wait_for_load_state()
    directive = Directive.objects.get()
    assert page.url.endswith(f"/directives/{directive.pk}/") and directive.requirements.exists()
    page.go_back()
    page.reload()
    expect(page.get_by_role("link", name=f"已录入为讲话文件“{directive.title}”")).to_be_visible()
    shot(page, tmp_path, f"imports-word-done-{'phone' if phone else 'desktop'}.png")
    # back out as a Word document: the table (broken over two pages, one again) without the 通知
    with page.expect_download() as info:
        page.get_by_role("button", name="按原表格式导出").click()
    assert info.value.suggested_filename == "任务分解表（当前情况）.docx"
    saved = tmp_path / "back.docx"
    info.value.save_as(saved)
    back = docx.Document(str(saved))
    assert len(back.tables) == 1 and len(back.tables[0].rows) == 3 + len(ROWS)
    assert not any("各牵头单位" in p.text for p in back.paragraphs)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_section_skips_the_rows_it_may_not_assign_and_imports_the_rest(page_as, live_demo, tmp_path, phone):
    path = tmp_path / "重点任务台账.xlsx"
    path.write_bytes(ledger())
    page = page_as("gb1-staff", phone=phone)
    page.goto(f"{live_demo}/imports/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state()
    expect(page.get_by_text("4 行有错误，须修改或跳过")).to_be_visible()
    redraw(page, lambda: page.get_by_role("button", name="跳过第9行").click())
    expect(page.get_by_text("1 行已跳过，不导入")).to_be_visible()
    expect(page.get_by_role("button", name="恢复第9行")).to_be_visible()
    redraw(page, lambda: page.get_by_role("button", name="跳过所有标红的行").click())
    expect(page.get_by_text("4 行已跳过，不导入")).to_be_visible()
    expect(page.get_by_text("3 行无问题，可导入")).to_be_visible()
    shot(page, tmp_path, f"imports-skipped-{'phone' if phone else 'desktop'}.png")
    page.get_by_role("button", name="导入为任务").click()
    page.wait_for_load_state()
    expect(page.get_by_text("4 行按您的选择跳过、未导入")).to_be_visible()
    assert Task.objects.count() == 3
