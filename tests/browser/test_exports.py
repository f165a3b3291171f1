"""A large list exported from its page: the button makes a job, its page shows the rows written while the
runner writes them, across a reload, then the download; 我的导出 lists it."""

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from luoshi.exports import services
from luoshi.exports.jobs import run_export_jobs
from luoshi.exports.models import ExportJob
from luoshi.org.models import Unit
from luoshi.tasks import services as task_services
from luoshi.tasks.models import Task

pytestmark = pytest.mark.browser
TITLES = ["建立优秀年轻干部储备库", "开展年轻干部专题调研", "完善干部考核办法"]


def shot(page, tmp_path, name):
    folder = Path(os.environ.get("LUOSHI_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_large_export_shows_its_progress_across_a_reload_then_downloads(
    page_as, live_demo, tmp_path, phone, monkeypatch, settings
):
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(services, "INLINE_ROWS", 2)  # three tasks count as a large list
    staff = get_user_model().objects.get(username="bgs-staff")
    for title in TITLES:
        task_services.create_task(
            actor=staff,
            title=title,
            lead_unit=Unit.objects.get(code="gb1"),
            due_date=timezone.localdate() + dt.timedelta(days=30),
        )
    page = page_as("head", phone=phone)
    if not phone:
        page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_demo}/tasks/?q=%E5%B9%B2%E9%83%A8")  # 干部: the three tasks
    shot(page, tmp_path, f"exports-ledger-{'phone' if phone else 'desktop'}.png")  # the button's place
    page.get_by_role("button", name="导出Excel").click()
    expect(page.get_by_role("heading", name="正在导出：任务台账")).to_be_visible()
    job = ExportJob.objects.get()
    assert job.total == len(TITLES) and "关键词“干部”" in job.note
    expect(page.get_by_text("排队中")).to_be_visible()
    ExportJob.objects.filter(pk=job.pk).update(
        status="running", total=4000, done=1000
    )  # as the runner writes
    expect(page.get_by_text("已写入 1,000 行，共 4,000 行")).to_be_visible()  # the poll brings it
    page.reload()  # the bar survives a reload
    expect(page.get_by_text("已写入 1,000 行，共 4,000 行")).to_be_visible()
    expect(page.get_by_role("progressbar", name="导出进度")).to_have_attribute("aria-valuenow", "25")
    shot(page, tmp_path, f"exports-progress-{'phone' if phone else 'desktop'}.png")
    ExportJob.objects.filter(pk=job.pk).update(status="queued", total=None, done=0)
    assert run_export_jobs() == 1
    link = page.get_by_role("link", name="下载 任务台账-")  # the page reloads itself once it is done
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    path = tmp_path / "downloaded.xlsx"
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    assert sorted(row[1] for row in sheet.iter_rows(min_row=4, values_only=True)) == sorted(TITLES)
    page.get_by_role("link", name="我的导出").click()
    expect(page.get_by_role("heading", name="我的导出")).to_be_visible()
    expect(page.get_by_text("已完成")).to_be_visible()
    shot(page, tmp_path, f"exports-index-{'phone' if phone else 'desktop'}.png")
    assert Task.objects.count() == len(TITLES)
