"""The export API: POST answers 202 with a status URL, the status shows the rows written, the file
downloads for its requester only."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from luoshi.exports import jobs
from luoshi.exports.models import ExportJob

pytestmark = pytest.mark.django_db


def test_an_export_is_asked_for_polled_and_downloaded(api_as, tasks):
    tasks(count=3, key=2)
    api = api_as("gb1-staff")
    response = api.post(
        "/api/v1/exports/", {"kind": "tasks-ledger", "filters": {"is_key": "true"}}, format="json"
    )
    assert response.status_code == 202
    body = response.json()
    job = ExportJob.objects.get()
    assert response["Location"] == body["url"] == f"/api/v1/exports/{job.pk}/"
    assert body["status"] == "queued" and body["total"] == 2 and body["download_url"] is None
    assert body["note"] == "筛选：只含重点任务"
    early = api.get(f"/api/v1/exports/{job.pk}/download/")
    assert early.status_code == 409 and early.json()["code"] == "not_ready"
    jobs.run_export_jobs()
    done = api.get(body["url"]).json()
    assert done["status"] == "done" and done["done"] == done["total"] == 2 and done["percent"] == 100
    file = api.get(done["download_url"])
    sheet = load_workbook(io.BytesIO(b"".join(file.streaming_content))).active
    assert [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)] == [
        "干部一科任务0",
        "干部一科任务1",
    ]
    assert [item["id"] for item in api.get("/api/v1/exports/").json()] == [job.pk]
    assert api_as("gb1-head").get(body["url"]).status_code == 404
    assert api_as("gb1-head").get("/api/v1/exports/").json() == []


def test_a_ledger_of_text_with_control_characters_exports(api_as, tasks):
    """XlsxWriter writes a control character as Excel's escape (``_x001F_``), which Excel reads back as
    that character: the workbook opens, each text as typed."""
    from luoshi.tasks.models import Task

    tasks(count=1, key=1)
    Task.objects.filter(is_key=True).update(title="干部一科\x1f任务0", finish_standard="形成\x0b报告")
    api = api_as("gb1-staff")
    body = api.post(
        "/api/v1/exports/", {"kind": "tasks-ledger", "filters": {"is_key": "true"}}, format="json"
    ).json()
    jobs.run_export_jobs()
    file = api.get(api.get(body["url"]).json()["download_url"])
    assert file.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(file.streaming_content))).active
    texts = [str(value) for row in sheet.iter_rows(min_row=4, values_only=True) for value in row]
    assert "干部一科_x001F_任务0" in texts and "形成_x000B_报告" in texts


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"kind": "no-such-list"}, 404, "unknown_export"),
        ({"kind": "tasks-ledger", "filters": {"lead_unit": "12345678901234567890"}}, 400, "bad_filter"),
        ({}, 400, "invalid"),
    ],
)
def test_a_bad_request_is_refused_in_chinese_and_makes_no_job(api_as, body, status, code):
    response = api_as("head").post("/api/v1/exports/", body, format="json")
    assert response.status_code == status and response.json()["code"] == code, response.json()
    assert not ExportJob.objects.exists()


def test_an_imported_ledger_is_asked_for_back_in_its_layout_by_its_uploader_only(api_as, user):
    from luoshi.imports import services as imports

    from ..core.ledgers import ledger, upload

    staff = user("bgs-staff")
    batch = imports.upload_ledger(actor=staff, upload=upload(ledger()))
    api = api_as("bgs-staff")
    asked = {"kind": "imports-layout", "filters": {"pk": str(batch.pk)}}
    early = api.post("/api/v1/exports/", asked, format="json")
    assert early.status_code == 409 and early.json()["code"] == "not_committed"
    imports.commit(batch, actor=staff)
    for who, pk in [("gb1-staff", batch.pk), ("bgs-staff", 999999), ("bgs-staff", "abc")]:
        refused = api_as(who).post(
            "/api/v1/exports/", {"kind": "imports-layout", "filters": {"pk": str(pk)}}, format="json"
        )
        assert refused.status_code == 404 and refused.json()["code"] == "not_found", (who, pk)
        assert refused.json()["detail"] == "导入记录不存在或您无权访问"
    assert not ExportJob.objects.exists()
    body = api.post("/api/v1/exports/", asked, format="json").json()
    assert body["status"] == "queued" and body["total"] == 9 and body["title"] == "台账（当前情况）"
    jobs.run_export_jobs()
    file = api.get(api.get(body["url"]).json()["download_url"])
    assert ".xlsx" in file["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(file.streaming_content))).active
    assert sheet["A1"].value == "2099年度全市组织工作重点任务推进台账"
