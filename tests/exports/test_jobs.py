"""Large exports written outside the request: run as their requester by the export runner, with the
streamed export's own rows, progress kept on the job, a Chinese reason when they fail, files that expire."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.http import QueryDict
from django.utils import timezone
from openpyxl import load_workbook

from luoshi.core import jobs as core_jobs
from luoshi.core.errors import Conflict, Forbidden, NotFound
from luoshi.exports import jobs, services
from luoshi.exports.models import ExportJob, folder
from luoshi.tasks import printing

pytestmark = pytest.mark.django_db


def rows_of(data: bytes, first: int) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [row for row in sheet.iter_rows(min_row=first, values_only=True)]


def queued(user, key: str, query: str = "") -> ExportJob:
    job = services.queue_export(key, QueryDict(query), actor=user)
    assert job is not None and job.status == "queued"
    return job


@pytest.mark.parametrize(
    ("key", "path", "first", "query"),
    [
        ("tasks-ledger", "/tasks/export.xlsx", 4, "is_key=true"),
        ("tasks-ledger", "/tasks/export.xlsx", 4, ""),
        ("problems-ledger", "/problems/export.xlsx", 4, "unit="),
    ],
)
def test_the_jobs_file_has_the_same_rows_as_the_streamed_export(
    tasks, problems, user, client_as, key, path, first, query
):
    tasks(count=4, key=2)
    problems()
    job = queued(user("gb1-staff"), key, query)
    assert jobs.run_export_jobs() == 1
    job.refresh_from_db()
    assert job.status == "done" and job.percent == 100 and job.size == job.path.stat().st_size
    streamed = client_as("gb1-staff").get(f"{path}?{query}")
    body = b"".join(streamed.streaming_content)
    assert rows_of(job.path.read_bytes(), first) == rows_of(body, first)
    assert job.total == job.done == len(rows_of(body, first)) > 0
    # the same heading too: the filters in words, under the title
    assert load_workbook(job.path).active["A2"].value.split("　", 1)[1] == job.note


def test_the_filters_run_as_the_requester_when_the_job_runs(tasks, user):
    tasks(count=2)
    job = queued(user("gb2-staff"), "tasks-ledger")
    assert job.total == 1  # 干部二科's own task only
    tasks(count=1)  # written after the request: the job reads the ledger as it is when it runs
    jobs.run_export_jobs()
    job.refresh_from_db()
    titles = [row[1] for row in rows_of(job.path.read_bytes(), 4)]
    assert titles == ["干部二科任务", "干部二科任务"] and job.total == job.done == 2


def test_progress_is_kept_on_the_job_as_rows_are_written(tasks, user, monkeypatch):
    tasks(count=5)
    job = queued(user("head"), "tasks-ledger")
    seen: list[tuple[int, int]] = []  # the job's row as the writer takes each ledger row
    real = printing.write_ledger

    def watched(rows, *args, **kwargs):
        def each():
            for row in rows:
                now = ExportJob.objects.get(pk=job.pk)
                seen.append((now.done, now.total))
                yield row

        return real(each(), *args, **kwargs)

    monkeypatch.setattr(printing, "write_ledger", watched)
    monkeypatch.setattr("luoshi.core.jobs.PROGRESS_EVERY", 2)
    jobs.run_export_jobs()
    assert seen == [(0, 6), (2, 6), (2, 6), (4, 6), (4, 6), (6, 6)]  # every two rows
    job.refresh_from_db()
    assert job.done == job.total == 6 and job.status == "done"


def test_a_requester_who_lost_the_permission_gets_a_failed_job_with_the_reason(tasks, user):
    tasks()
    staff = user("gb1-staff")
    job = queued(staff, "tasks-ledger")
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    jobs.run_export_jobs()
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "您没有导出任务台账的权限" and job.path is None


def test_an_unexpected_failure_says_so_in_chinese_and_leaves_no_file(tasks, user, monkeypatch):
    tasks()
    job = queued(user("head"), "tasks-ledger")
    monkeypatch.setattr(printing, "write_ledger", lambda *a, **k: 1 / 0)
    jobs.run_export_jobs()
    job.refresh_from_db()
    assert job.status == "failed" and job.error == jobs.FAILED_MESSAGE
    assert job.path is None and not list(folder().iterdir())


def test_a_job_left_running_by_a_dead_runner_is_taken_again(tasks, user):
    tasks()
    job = queued(user("head"), "tasks-ledger")
    ExportJob.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now())
    assert jobs.run_export_jobs() == 0  # still running elsewhere
    ExportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - core_jobs.STALE - dt.timedelta(1))
    assert jobs.run_export_jobs() == 1


def test_expired_exports_are_removed_with_their_files(tasks, user):
    tasks()
    old, new = queued(user("head"), "tasks-ledger"), queued(user("head"), "tasks-ledger")
    jobs.run_export_jobs()
    old.refresh_from_db()
    new.refresh_from_db()
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - jobs.KEEP - dt.timedelta(1))
    assert old.path.exists() and jobs.purge_expired() == 1
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [new.pk]
    assert not old.path.exists() and new.path.exists()


def test_the_process_runner_starts_when_the_job_is_committed(
    tasks, user, settings, monkeypatch, django_capture_on_commit_callbacks
):
    tasks()
    settings.LUOSHI_EXPORT_RUNNER = "process"
    started: list[str] = []
    monkeypatch.setattr(services, "start_command", started.append)
    with django_capture_on_commit_callbacks(execute=True):
        queued(user("head"), "tasks-ledger")
    assert started == ["export-jobs"]


def test_a_small_list_is_left_to_the_streamed_export(tasks, user):
    tasks()
    assert services.queue_export("tasks-ledger", QueryDict(""), actor=user("head"), inline_rows=10) is None
    assert not ExportJob.objects.exists()


def test_nobody_without_the_lists_permission_queues_it(user):
    with pytest.raises(Forbidden, match="您没有导出问题清单的权限"):
        services.queue_export("problems-ledger", QueryDict(""), actor=user("admin"))
    with pytest.raises(NotFound):
        services.queue_export("no-such-list", QueryDict(""), actor=user("head"))
    assert not ExportJob.objects.exists()


def test_one_person_waits_for_a_few_exports_at_most(tasks, user):
    tasks()
    for _ in range(services.WAITING_PER_USER):
        queued(user("head"), "tasks-ledger")
    with pytest.raises(Conflict, match="您已有3个导出在排队或生成中") as refused:
        queued(user("head"), "tasks-ledger")
    assert refused.value.code == "too_many_exports"
    assert ExportJob.objects.count() == services.WAITING_PER_USER
    queued(user("gb1-head"), "tasks-ledger")  # another person's exports wait beside them
    jobs.run_export_jobs()
    queued(user("head"), "tasks-ledger")  # written ones no longer count
