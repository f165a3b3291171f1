"""我的导出 and a list's 导出Excel button: a small list downloads at once, a large one becomes a job whose
page shows its progress (across reloads) and then the download, for its requester only."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from luoshi.accounts.models import SecurityEvent
from luoshi.exports import jobs
from luoshi.exports.models import ExportJob

pytestmark = pytest.mark.django_db


def test_a_small_list_downloads_at_once_through_the_streamed_export(client_as, tasks):
    tasks()
    response = client_as("head").post("/exports/start/tasks-ledger/?is_key=true")
    assert response.status_code == 302 and response["Location"] == "/tasks/export.xlsx?is_key=true"
    assert not ExportJob.objects.exists()


def test_a_large_list_becomes_a_job_whose_page_shows_progress_across_reloads(client_as, tasks, large):
    tasks(count=3)
    client = client_as("gb1-staff")
    response = client.post("/exports/start/tasks-ledger/?is_key=true")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/{job.pk}/"
    assert job.params == "is_key=true" and job.note == "筛选：只含重点任务" and job.total == 1
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert (
        "正在导出：任务台账" in page and "排队中" in page and f'hx-get="/exports/{job.pk}/progress/"' in page
    )
    ExportJob.objects.filter(pk=job.pk).update(
        status="running", total=4000, done=1000
    )  # as the runner writes
    for path in (f"/exports/{job.pk}/", f"/exports/{job.pk}/progress/"):  # the page after a reload, the poll
        body = client.get(path).content.decode()
        assert "已写入 1,000 行，共 4,000 行" in body and "25%" in body
    assert "HX-Refresh" not in client.get(f"/exports/{job.pk}/progress/")
    ExportJob.objects.filter(pk=job.pk).update(status="queued")
    jobs.run_export_jobs()
    assert client.get(f"/exports/{job.pk}/progress/")["HX-Refresh"] == "true"  # done: the page reloads
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert "下载 任务台账-" in page and f'href="/exports/{job.pk}/download/"' in page
    download = client.get(f"/exports/{job.pk}/download/", REMOTE_ADDR="10.1.2.3")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet["B4"].value == "干部一科任务0" and sheet.max_row == 4
    event = SecurityEvent.objects.filter(kind="export").latest("pk")
    assert event.target == "任务台账" and event.ip_address == "10.1.2.3" and event.detail["job"] == job.pk
    listing = client.get("/exports/").content.decode()
    assert "我的导出" in listing and "已完成" in listing and "筛选：只含重点任务" in listing


def test_only_the_requester_sees_or_downloads_an_export(client_as, tasks, large):
    tasks()
    client_as("gb1-staff").post("/exports/start/tasks-ledger/")
    job = ExportJob.objects.get()
    jobs.run_export_jobs()
    assert client_as("gb1-staff").get(f"/exports/{job.pk}/download/").status_code == 200
    for other in ("gb1-head", "head", "gb2-staff", "admin"):
        client = client_as(other)
        for path in ("", "progress/", "download/"):
            assert client.get(f"/exports/{job.pk}/{path}").status_code == 404, (other, path)
        assert f"/exports/{job.pk}/" not in client.get("/exports/").content.decode()


def test_a_failed_export_says_why_in_chinese(client_as, tasks, large, user):
    tasks()
    client = client_as("gb1-staff")
    client.post("/exports/start/problems-ledger/")
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(params="status=nonsense")  # a filter no longer valid
    jobs.run_export_jobs()
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert "导出失败：筛选条件有误" in page
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404


def test_a_filter_that_makes_no_sense_goes_back_to_the_list_with_the_reason(client_as, large):
    client = client_as("gb1-head")
    response = client.post("/exports/start/tasks-ledger/?lead_unit=12345678901234567890")
    assert response.status_code == 302 and response["Location"] == "/tasks/?lead_unit=12345678901234567890"
    assert "筛选条件有误" in client.get(response["Location"]).content.decode()
    assert not ExportJob.objects.exists()


def test_the_button_is_posted_and_needs_the_lists_permission(client_as):
    opened = client_as("head").get("/exports/start/tasks-ledger/")
    assert (opened.status_code, opened["Location"]) == (302, "/exports/"), "a GET opens 我的导出"
    assert client_as("admin").post("/exports/start/tasks-ledger/").status_code == 403
    assert client_as("head").post("/exports/start/no-such-list/").status_code == 404


@pytest.mark.parametrize(("path", "kind"), [("/tasks/", "tasks-ledger"), ("/problems/", "problems-ledger")])
def test_the_lists_button_posts_their_filters_and_links_my_exports(client_as, path, kind):
    page = client_as("head").get(f"{path}?q=%E5%B9%B2%E9%83%A8").content.decode()
    assert f'action="/exports/start/{kind}/?q=%E5%B9%B2%E9%83%A8"' in page and 'href="/exports/"' in page


def test_a_problem_export_says_its_filters_in_words(client_as, problems, large, demo):
    problems()
    client_as("head").post(
        f"/exports/start/problems-ledger/?status=recorded,rectifying&unit={demo['gb1']}&q=问题"
    )
    assert (
        ExportJob.objects.get().note == "筛选：状态：待确认、整改中；问题所在单位：干部一科；关键词：“问题”"
    )
