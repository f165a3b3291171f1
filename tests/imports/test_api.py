"""The import endpoints: upload and preview (201), change the mapping or a unit (PATCH), commit."""

from __future__ import annotations

import re

import pytest

from luoshi.imports.models import ImportBatch
from luoshi.org.models import Unit
from luoshi.tasks.models import Task
from tests.core.documents import task_document
from tests.core.ledgers import ROWS, TASKS, ledger, upload

pytestmark = pytest.mark.django_db

UNKNOWN = [*ROWS, [3, "完善人才引进政策", "人才工作领导小组", "", "", "", "2099.9.30", "", ""]]


def post_file(api, data: bytes, name: str = "台账.xlsx"):
    return api.post("/api/v1/imports/tasks/", {"file": upload(data, name)}, format="multipart")


def test_upload_answers_the_preview(api_as):
    response = post_file(api_as("bgs-staff"), ledger())
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["id"] and body["sheet"] == "重点任务台账" and body["header_row"] == 4
    assert body["mapping"]["1"] == "title" and body["columns"][2] == {
        "index": 2,
        "letter": "C",
        "name": "牵头单位",
        "field": "lead_unit",
    }
    assert len(body["rows"]) == len(ROWS) and body["rows"][2]["lead_unit_name"] == "干部一科"
    assert not Task.objects.exists()


def test_preview_lists_at_most_200_rows(api_as):
    rows = [[n, f"任务{n}", "干部一科", "", "", "", "2099.3.31", "", ""] for n in range(1, 251)]
    body = post_file(api_as("bgs-staff"), ledger(rows)).json()
    assert len(body["rows"]) == 200 and body["limit"] == 200


def test_patch_names_a_unit_then_commit_creates_and_again_skips(api_as, demo):
    api = api_as("bgs-staff")
    body = post_file(api, ledger(UNKNOWN)).json()
    assert body["unknown_units"][0]["mention"] == "人才工作领导小组"
    refused = api.post(f"/api/v1/imports/{body['id']}/commit/")
    assert refused.status_code == 400 and refused.json()["code"] == "rows_refused"
    assert refused.json()["errors"]["refused"] == [
        {
            "row": 14,
            "reasons": ["牵头单位“人才工作领导小组”在组织架构中找不到，是否指“人才工作科”？请指定对应的单位"],
        }
    ]
    assert not Task.objects.exists()
    patched = api.patch(
        f"/api/v1/imports/{body['id']}/", {"unit_overrides": {"人才工作领导小组": demo["rc"]}}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["unknown_units"] == []
    done = api.post(f"/api/v1/imports/{body['id']}/commit/")
    assert done.status_code == 200 and done.json()["created"] == TASKS + 1
    assert api.post(f"/api/v1/imports/{body['id']}/commit/").status_code == 409
    again = post_file(api, ledger(UNKNOWN)).json()
    assert all(r["imported"] or r["category"] for r in again["rows"][:-1])
    api.patch(
        f"/api/v1/imports/{again['id']}/", {"unit_overrides": {"人才工作领导小组": demo["rc"]}}, format="json"
    )
    report = api.post(f"/api/v1/imports/{again['id']}/commit/").json()
    assert report["created"] == 0 and report["skipped"] == TASKS + 1
    assert Task.objects.count() == TASKS + 1


def test_the_preview_tells_no_other_unit_that_a_row_was_imported(api_as):
    rows = [[1, "开展干部调研", "干部一科", "", "", "", "2099.9.30", "", ""]]
    first = api_as("gb1-head")
    assert (
        first.post(f"/api/v1/imports/{post_file(first, ledger(rows)).json()['id']}/commit/").status_code
        == 200
    )
    body = post_file(api_as("gb2-head"), ledger(rows)).json()
    assert body["rows"][0]["imported"] is False and body["tally"]["imported"] == 0


def test_patch_skips_rows_and_the_report_counts_them(api_as):
    api = api_as("gb1-staff")
    body = post_file(api, ledger()).json()
    tally = {"blocked": 4, "warned": 0, "ready": 3, "skipped": 0, "imported": 0, "categories": 2}
    assert body["tally"] == tally
    patched = api.patch(f"/api/v1/imports/{body['id']}/", {"skip_rows": [9, 10, 12]}, format="json")
    assert patched.status_code == 200 and patched.json()["skip_rows"] == [9, 10, 12]
    assert [r["row"] for r in patched.json()["rows"] if r["skip"]] == [9, 10, 12]
    assert patched.json()["errors"] == 1
    wrong = api.patch(f"/api/v1/imports/{body['id']}/", {"skip_rows": [2]}, format="json")
    assert wrong.status_code == 400 and "第2行不在表头以下" in wrong.json()["detail"]
    patched = api.patch(f"/api/v1/imports/{body['id']}/", {"skip_errors": True}, format="json")
    assert patched.json()["skip_rows"] == [9, 10, 12, 13] and patched.json()["errors"] == 0
    report = api.post(f"/api/v1/imports/{body['id']}/commit/").json()
    assert (report["created"], report["skipped"], report["skipped_by_user"]) == (3, 0, 4)
    assert report["skipped_by_user_rows"] == [9, 10, 12, 13]


def test_two_columns_for_one_field_is_a_400_and_changes_nothing(api_as):
    api = api_as("bgs-staff")
    body = post_file(api, ledger()).json()
    response = api.patch(
        f"/api/v1/imports/{body['id']}/", {"mapping": {**body["mapping"], "3": "lead_unit"}}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "duplicate_mapping"
    assert ImportBatch.objects.get().mapping == body["mapping"]


def test_a_macro_workbook_is_refused(api_as):
    response = post_file(api_as("bgs-staff"), b"PK\x03\x04", "台账.xlsm")
    assert response.status_code == 400 and response.json()["code"] == "file_macro"
    assert not ImportBatch.objects.exists()


def test_no_file_is_a_400(api_as):
    response = api_as("bgs-staff").post("/api/v1/imports/tasks/", {}, format="multipart")
    assert response.status_code == 400 and response.json()["code"] == "file_required"


def test_someone_else_gets_404(api_as):
    body = post_file(api_as("bgs-staff"), ledger()).json()
    assert api_as("gb1-head").get(f"/api/v1/imports/{body['id']}/").status_code == 404
    assert api_as("gb1-head").post(f"/api/v1/imports/{body['id']}/commit/").status_code == 404
    assert api_as("admin").get(f"/api/v1/imports/{body['id']}/").status_code == 403


def _openapi_to_jsonschema(node):
    """OpenAPI 3.0's ``nullable`` as JSON Schema's null type, so jsonschema can check a body."""
    if isinstance(node, dict):
        node = {k: _openapi_to_jsonschema(v) for k, v in node.items()}
        if node.pop("nullable", False):
            if "type" in node:
                node["type"] = [node["type"], "null"]
            elif "allOf" in node or "$ref" in node:
                node = {"anyOf": [{k: v for k, v in node.items()}, {"type": "null"}]}
            if "enum" in node:
                node["enum"] = [*node["enum"], None]
        return node
    if isinstance(node, list):
        return [_openapi_to_jsonschema(v) for v in node]
    return node


def test_the_preview_and_the_report_match_the_schema(client_as, demo):
    import jsonschema
    from drf_spectacular.generators import SchemaGenerator

    document = _openapi_to_jsonschema(SchemaGenerator().get_schema(request=None, public=True))

    def check(response, path, method):
        body = document["paths"][path][method]["responses"][str(response.status_code)]
        schema = body["content"]["application/json"]["schema"]
        jsonschema.validate(response.json(), {**schema, "components": document["components"]})

    client = client_as("bgs-staff")
    created = client.post("/api/v1/imports/tasks/", {"file": upload(ledger(UNKNOWN))})
    check(created, "/api/v1/imports/tasks/", "post")
    pk = created.json()["id"]
    check(client.post(f"/api/v1/imports/{pk}/commit/"), "/api/v1/imports/{id}/commit/", "post")
    client.patch(
        f"/api/v1/imports/{pk}/",
        {
            "mapping": {"0": "seq", "1": "title", "2": "lead_unit"},
            "unit_overrides": {"人才工作领导小组": demo["rc"]},
        },
        content_type="application/json",
    )
    done = client.post(f"/api/v1/imports/{pk}/commit/")
    assert done.status_code == 200, done.json()
    check(done, "/api/v1/imports/{id}/commit/", "post")
    check(client.get(f"/api/v1/imports/{pk}/"), "/api/v1/imports/{id}/", "get")


def test_a_word_task_breakdown_and_its_prose_as_a_directive(api_as):
    api = api_as("bgs-staff")
    body = post_file(api, task_document(), "任务分解表.docx").json()
    assert body["sheet"] == "表格1" and body["header_row"] == 3 and body["prose"].startswith("中共")
    assert api.post(f"/api/v1/imports/{body['id']}/commit/").json()["created"] == TASKS
    made = api.post(f"/api/v1/imports/{body['id']}/directive/")
    assert made.status_code == 201, made.json()
    assert (
        made.json()["requirements"] >= 1
        and made.json()["url"] == f"/api/v1/directives/{made.json()['directive']}/"
    )
    assert api.get(f"/api/v1/imports/{body['id']}/").json()["directive"] == made.json()["directive"]
    again = api.post(f"/api/v1/imports/{body['id']}/directive/")
    assert again.status_code == 409 and again.json()["code"] == "prose_entered"


def test_a_macro_enabled_document_is_refused(api_as):
    response = post_file(api_as("bgs-staff"), task_document(), "任务分解表.docm")
    assert response.status_code == 400 and response.json()["code"] == "file_macro"
    assert not ImportBatch.objects.exists()


def test_an_imported_ledger_exports_in_its_own_layout(api_as):
    import io

    import openpyxl

    api = api_as("bgs-staff")
    body = post_file(api, ledger()).json()
    early = api.get(f"/api/v1/imports/{body['id']}/export/")
    assert early.status_code == 409 and early.json()["code"] == "not_committed"
    api.post(f"/api/v1/imports/{body['id']}/commit/")
    response = api.get(f"/api/v1/imports/{body['id']}/export/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [c["name"] for c in body["columns"]]  # the header's two rows, merged as in the file
    assert [c.value for c in sheet[3]][:2] == names[:2] and [c.value for c in sheet[4]][2:4] == names[2:4]
    assert sheet.max_row == 4 + len(ROWS)


def test_patch_keeps_an_unknown_co_unit_as_text(api_as):
    api = api_as("bgs-staff")
    rows = [[1, "开展干部政治素质考察", "干部一科", "党校", "", "", "2099.9.30", "", ""]]
    body = post_file(api, ledger(rows)).json()
    assert body["unknown_units"][0]["co"] is True
    patched = api.patch(f"/api/v1/imports/{body['id']}/", {"dropped_units": ["党校"]}, format="json")
    assert patched.status_code == 200 and patched.json()["unknown_units"] == []
    assert patched.json()["dropped_units"] == ["党校"]
    assert api.post(f"/api/v1/imports/{body['id']}/commit/").json()["created"] == 1
    assert "原表配合单位：党校" in Task.objects.get().description


def test_patch_remembers_a_unit_choice_as_its_alias_for_every_later_ledger(api_as, demo):
    api = api_as("bgs-staff")
    body = post_file(api, ledger(UNKNOWN)).json()
    change = {"unit_overrides": {"人才工作领导小组": demo["rc"]}, "unit_aliases": ["人才工作领导小组"]}
    for _ in range(2):  # sent twice: recorded once
        patched = api.patch(f"/api/v1/imports/{body['id']}/", change, format="json")
        assert patched.status_code == 200 and patched.json()["unknown_units"] == []
    assert Unit.objects.get(code="rc").aliases.count("人才工作领导小组") == 1
    later = post_file(api_as("head"), ledger(UNKNOWN), "另一份台账.xlsx").json()
    assert later["unknown_units"] == [] and later["rows"][-1]["lead_unit_name"] == "人才工作科"


@pytest.mark.parametrize(
    "change, status, code",
    [
        ({"unit_overrides": {"人才工作领导小组": "yjs"}}, 403, "outside_assign_scope"),  # a forged choice
        (
            {"unit_overrides": {"人才工作领导小组": "gb1"}, "unit_aliases": ["一科"]},
            400,
            "alias_without_unit",
        ),
        ({"unit_overrides": {"人才工作领导小组": "gb1"}, "unit_aliases": [""]}, 400, "alias_required"),
        ({"unit_overrides": {"人" * 120: "gb1"}}, 400, "alias_too_long"),
        ({"unit_overrides": {"二 科": "gb1"}}, 400, "alias_taken"),  # 干部二科 is called so
    ],
)
def test_patch_refuses_a_bad_alias_in_chinese_and_changes_nothing(api_as, demo, change, status, code):
    api = api_as("gb1-staff")
    body = post_file(api, ledger(UNKNOWN)).json()
    overrides = {name: demo[unit] for name, unit in change["unit_overrides"].items()}
    aliases = change.get("unit_aliases", list(overrides))
    patched = api.patch(
        f"/api/v1/imports/{body['id']}/",
        {"unit_overrides": overrides, "unit_aliases": aliases},
        format="json",
    )
    assert patched.status_code == status and patched.json()["code"] == code, patched.json()
    assert re.search(r"[\u4e00-\u9fff]", patched.json()["detail"])
    assert ImportBatch.objects.get().unit_overrides == {}
    assert {u.code: u.aliases for u in Unit.objects.filter(code__in=["gb1", "gb2", "yjs"])} == {
        "gb1": ["一科", "干部科", "干部一处"],
        "gb2": ["二科", "干部二处"],
        "yjs": ["政策法规研究室", "调研室"],
    }
