"""Large ledgers imported outside the request: queued, run by the import runner in chunks inside one
transaction, progress seen from outside it, 导入失败 with the reasons when a row cannot go in."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from luoshi.core.errors import Conflict
from luoshi.imports import jobs, services
from luoshi.imports.models import ImportBatch, ImportedRow
from luoshi.org.models import Unit
from luoshi.tasks.models import Task
from tests.core.ledgers import ROWS, TASKS, ledger, upload

pytestmark = pytest.mark.django_db

UNKNOWN = [*ROWS, [3, "完善人才引进政策", "人才工作领导小组", "", "", "", "2099.9.30", "", ""]]


@pytest.fixture
def staff(user):
    return user("bgs-staff")


@pytest.fixture
def large(settings):
    settings.LUOSHI_IMPORT_INLINE_ROWS = 3  # the test ledgers count as large


def test_a_large_ledger_is_queued_then_the_runner_imports_it_in_chunks(staff, large, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 2)  # headings in one chunk, their rows in the next
    seen: list[int] = []
    monkeypatch.setattr(
        jobs,
        "cache",
        type(
            "Recorder",
            (),
            {"set": lambda self, key, row, *a: seen.append(row), "delete": lambda self, key: None},
        )(),
    )
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    assert batch.rows_hint == len(ROWS)
    assert services.commit_or_queue(batch, actor=staff) is None
    batch.refresh_from_db()
    assert batch.status == "queued" and not Task.objects.exists()
    assert services.progress_of(batch) == {"done": 0, "total": len(ROWS), "percent": 0}

    assert jobs.run_import_jobs() == 1
    batch.refresh_from_db()
    assert batch.status == "committed" and batch.counts["created"] == TASKS
    assert seen == [6, 8, 10, 12, 13]  # the last row of each chunk, as written
    leaf = Task.objects.get(title="开展年轻干部专题调研")
    assert leaf.parent.title == "年轻干部培养" and leaf.parent.parent is None  # 干部队伍建设: a category
    # the category 二、基层党建 closes in a later chunk than its first row: its rows are still top tasks
    assert Task.objects.get(title="推进党支部标准化建设").parent is None
    assert ImportedRow.objects.filter(batch=batch).count() == TASKS
    assert jobs.run_import_jobs() == 0  # nothing waits any more


def test_a_refused_row_fails_the_queued_import_and_writes_nothing(staff, large):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger(UNKNOWN)))
    services.queue_commit(batch, actor=staff)
    jobs.run_import_jobs()
    batch.refresh_from_db()
    assert batch.status == "failed" and "整份台账均未导入" in batch.error
    assert [r["row"] for r in batch.report["refused"]] == [14]
    assert not Task.objects.exists() and not ImportedRow.objects.exists()
    # the mapping and units can be changed again, and the import tried again
    services.update_batch(
        batch, actor=staff, unit_overrides={"人才工作领导小组": Unit.objects.get(code="rc").pk}
    )
    report = services.commit(batch, actor=staff)
    assert report["created"] == TASKS + 1


def test_a_queued_import_cannot_be_changed_or_committed_again(staff, large):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    services.queue_commit(batch, actor=staff)
    with pytest.raises(Conflict) as caught:
        services.commit(batch.pk, actor=staff)
    assert caught.value.code == "import_running"
    with pytest.raises(Conflict):
        services.update_batch(batch.pk, actor=staff, mapping={"1": "title"})


def test_an_unexpected_failure_ends_the_import_failed_in_chinese(staff, large, monkeypatch):
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    services.queue_commit(batch, actor=staff)

    def broken(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(services, "create_tasks", broken)
    jobs.run_import_jobs()
    batch.refresh_from_db()
    assert batch.status == "failed" and batch.error == jobs.FAILED_MESSAGE and not Task.objects.exists()


def test_the_process_runner_starts_when_the_queue_commits(
    staff, large, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.LUOSHI_IMPORT_RUNNER = "process"
    started: list[str] = []
    monkeypatch.setattr(services, "start_command", started.append)
    batch = services.upload_ledger(actor=staff, upload=upload(ledger()))
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_commit(batch, actor=staff)
    assert started == ["import-jobs"]


def test_the_page_shows_the_progress_and_reloads_once_done(client_as, large, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client = client_as("bgs-staff")
    response = client.post("/imports/", {"file": upload(ledger())})
    pk = ImportBatch.objects.get().pk
    response = client.post(f"/imports/{pk}/commit/")
    assert response.status_code == 302
    page = client.get(f"/imports/{pk}/").content.decode()
    assert "正在导入" in page and 'data-testid="import-progress"' in page and "every 2s" in page
    cache.set(services.progress_key(pk), 8)  # row 8 written: 4 rows below the header of 9
    bar = client.get(f"/imports/{pk}/progress/")
    assert bar.status_code == 200 and "HX-Refresh" not in bar and "已处理 4 行" in bar.content.decode()
    jobs.run_import_jobs()
    done = client.get(f"/imports/{pk}/progress/")
    assert done["HX-Refresh"] == "true"
    assert "导入结果" in client.get(f"/imports/{pk}/").content.decode()


def test_the_api_answers_202_with_the_import_to_poll(api_as, large):
    api = api_as("bgs-staff")
    pk = api.post("/api/v1/imports/tasks/", {"file": upload(ledger())}, format="multipart").json()["id"]
    response = api.post(f"/api/v1/imports/{pk}/commit/")
    assert response.status_code == 202, response.json()
    assert response["Location"] == f"/api/v1/imports/{pk}/" and response.json()["status"] == "queued"
    assert api.post(f"/api/v1/imports/{pk}/commit/").json()["code"] == "import_running"
    jobs.run_import_jobs()
    body = api.get(f"/api/v1/imports/{pk}/").json()
    assert body["status"] == "committed" and body["report"]["created"] == TASKS
