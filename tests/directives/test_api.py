"""Directives API: a speech in (JSON, .txt, .docx), its requirements out, each accepted as a task or
rejected — per role, with Chinese errors, idempotency and constant query counts."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from luoshi.directives import services
from luoshi.directives.models import Directive, Requirement
from luoshi.org.models import Person
from luoshi.tasks.models import Task
from tests.conftest import ROLE_ACCOUNTS

# The engine (luoshi.extract) comes from its own branch; without it there is nothing to test here.
pytest.importorskip(
    "luoshi.extract.engine", reason="the extraction engine is not merged into this branch yet"
)

NOT_FOUND = {"detail": "对象不存在或您无权访问", "code": "not_found"}
BUSINESS = {"staff", "section_head", "deputy", "head", "inspector"}
SPEECH = """同志们：
今天召开会议，部署明年工作。
一要抓好年轻干部培养。干部一科要在明年6月底前完成年轻干部专题调研，形成调研报告。
二要加强干部监督。由干部二科牵头，办公室配合，每月5日前报送干部监督工作进展。
三要做好人才工作。
"""
ISSUED_ON = "2026-11-20"


def body(**extra):
    return {
        "title": "部长在务虚会上的讲话",
        "kind": "speech",
        "level": "internal",
        "issuer": "陈建国",
        "issued_on": ISSUED_ON,
        "text": SPEECH,
        **extra,
    }


@pytest.fixture
def speech(api_as):
    response = api_as("bgs-staff").post("/api/v1/directives/", body(), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def docx_bytes(text):
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- create and extract


def test_create_extracts_requirements_with_units_and_deadlines(speech, demo):
    assert speech["title"] == "部长在务虚会上的讲话" and speech["requirements_count"] == 3
    first, second, third = speech["requirements"]
    assert set(first) >= {
        "id",
        "text",
        "start",
        "end",
        "outline_path",
        "owners",
        "deadline",
        "lint",
        "status",
        "tasks",
    }
    assert SPEECH[first["start"] : first["end"]] == first["text"]
    assert first["status"] == "proposed" and first["tasks"] == [] and first["outline_path"] == ["一要"]
    assert first["owners"] == [
        {
            "mention": "干部一科",
            "unit": demo["gb1"],
            "unit_name": "干部一科",
            "role": "lead",
            "confidence": 1.0,
        }
    ]
    assert first["deadline"] == {"phrase": "明年6月底前", "date": "2027-06-30", "placeholder": False}
    assert {(o["unit"], o["role"]) for o in second["owners"]} == {(demo["gb2"], "lead"), (demo["bgs"], "co")}
    assert second["cadence"] == "monthly:5" and second["deadline"] is None
    assert third["owners"] == [] and "no_owner" in third["lint"]
    assert first["suggested_units"] == [] and second["suggested_units"] == []


def test_a_requirement_without_an_owner_gets_units_ranked_by_their_duties(speech, demo):
    third = speech["requirements"][2]
    best = third["suggested_units"][0]
    assert best["unit"] == demo["rc"] and best["unit_name"] == "人才工作科"
    assert "人才" in best["reason"] and best["score"] > 0
    scores = [s["score"] for s in third["suggested_units"]]
    assert scores == sorted(scores, reverse=True)
    counties = {demo[c] for c in ("jcq", "dhq", "xsq", "qhx", "ylx", "bsx")}
    assert not counties & {s["unit"] for s in third["suggested_units"]}  # 下级组织部 get the work by 交办


@pytest.mark.parametrize(
    "name, content",
    [
        ("讲话.txt", SPEECH.encode("utf-8")),
        ("讲话.txt", b"\xef\xbb\xbf" + SPEECH.replace("\n", "\r\n").encode()),
        ("讲话.docx", docx_bytes(SPEECH)),
    ],
)
def test_create_from_a_file(api_as, demo, name, content):
    upload = SimpleUploadedFile(name, content)
    response = api_as("gb1-staff").post(
        "/api/v1/directives/", {"file": upload, "kind": "document", "level": "municipal"}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["title"] == "讲话" and data["kind"] == "document" and data["requirements_count"] == 3
    directive = Directive.objects.get(pk=data["id"])
    assert all(directive.text[r.start : r.end] == r.text for r in directive.requirements.all())
    assert data["issued_on"]  # today when not given


@pytest.mark.parametrize(
    "payload, code",
    [
        ({"file": ("讲话.pdf", b"%PDF-1.4")}, "file_type"),
        ({"file": ("讲话.txt", b"x" * (1024 * 1024 + 1))}, "file_too_big"),
        ({"file": ("讲话.docx", b"not a zip")}, "file_content"),
        ({"file": ("讲话.txt", b"MZ\x90\x00" + b"\x00" * 200)}, "file_content"),
        ({"file": ("讲话.txt", SPEECH.encode()), "text": SPEECH}, "text_and_file"),
        ({"title": "空", "text": "   "}, "empty_text"),
        ({"title": "", "text": SPEECH}, "invalid"),
        ({"title": "x", "text": SPEECH, "kind": "poem"}, "invalid"),
    ],
)
def test_bad_directives_are_a_chinese_400_and_create_nothing(api_as, demo, settings, payload, code):
    settings.LUOSHI_MAX_UPLOAD_MB = 1
    before = Directive.objects.count()
    data = {k: SimpleUploadedFile(*v) if k == "file" else v for k, v in payload.items()}
    response = api_as("bgs-staff").post("/api/v1/directives/", data, format="multipart")
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])
    assert (
        Directive.objects.count() == before and not Requirement.objects.filter(directive__title="x").exists()
    )


def test_create_with_the_same_key_creates_once(api_as, demo):
    client = api_as("bgs-staff")
    first = client.post("/api/v1/directives/", body(), format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    second = client.post("/api/v1/directives/", body(), format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    assert first.status_code == second.status_code == 201 and first.json() == second.json()
    assert Directive.objects.filter(title="部长在务虚会上的讲话").count() == 1
    other = client.post(
        "/api/v1/directives/", body(title="另一篇"), format="json", HTTP_IDEMPOTENCY_KEY="d-1"
    )
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"


def test_extracting_again_replaces_proposed_and_keeps_decided(speech, user, api_as):
    first, second, _ = speech["requirements"]
    api_as("gb1-head").post(f"/api/v1/requirements/{first['id']}/accept/", {}, format="json")
    api_as("bgs-staff").post(
        f"/api/v1/requirements/{second['id']}/reject/", {"reason": "已有安排"}, format="json"
    )
    directive = Directive.objects.get(pk=speech["id"])
    services.extract_requirements(directive, actor=user("bgs-staff"))
    statuses = sorted(directive.requirements.values_list("status", flat=True))
    assert statuses == ["accepted", "proposed", "rejected"]
    assert Requirement.objects.filter(pk=first["id"], status="accepted").exists()


# ---------------------------------------------------------------- reading, per role


@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
@pytest.mark.parametrize(
    "template",
    [
        "/api/v1/directives/",
        "/api/v1/directives/{id}/",
        "/api/v1/directives/{id}/requirements/",
        "/api/v1/requirements/{rid}/",
    ],
)
def test_reading_per_role(api_as, speech, role, template):
    path = template.format(id=speech["id"], rid=speech["requirements"][0]["id"])
    response = api_as(ROLE_ACCOUNTS[role]).get(path)
    assert response.status_code == (200 if role in BUSINESS else 403), (role, path)


def test_the_read_only_inspector_registers_no_directive(api_as):
    refused = api_as("inspector").post("/api/v1/directives/", body(), format="json")
    assert refused.status_code == 403 and refused.json()["detail"] == "您没有执行此操作的权限"
    assert not Directive.objects.exists()


@pytest.mark.parametrize(
    "method, template",
    [
        ("get", "/api/v1/directives/"),
        ("post", "/api/v1/directives/"),
        ("get", "/api/v1/directives/{id}/requirements/"),
        ("post", "/api/v1/requirements/{rid}/accept/"),
        ("post", "/api/v1/requirements/{rid}/reject/"),
    ],
)
def test_anonymous_is_401(speech, method, template):
    path = template.format(id=speech["id"], rid=speech["requirements"][0]["id"])
    response = (
        getattr(APIClient(), method)(path, {}, format="json") if method == "post" else APIClient().get(path)
    )
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("username", ["admin", "secadmin", "auditor"])
@pytest.mark.parametrize(
    "template",
    ["/api/v1/directives/", "/api/v1/requirements/{rid}/accept/", "/api/v1/requirements/{rid}/reject/"],
)
def test_admins_cannot_write(api_as, speech, username, template):
    path = template.format(rid=speech["requirements"][0]["id"])
    before = (Directive.objects.count(), Task.objects.count())
    response = api_as(username).post(path, {**body(), "reason": "x"}, format="json")
    assert response.status_code == 403
    assert (Directive.objects.count(), Task.objects.count()) == before
    assert Requirement.objects.get(pk=speech["requirements"][0]["id"]).status == "proposed"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/directives/999999/",
        "/api/v1/directives/abc/",
        "/api/v1/directives/999999/requirements/",
        "/api/v1/requirements/999999/",
    ],
)
def test_forged_ids_are_a_404(api_as, demo, path):
    response = api_as("head").get(path)
    assert response.status_code == 404 and response.json() == NOT_FOUND


@pytest.mark.parametrize("action", ["accept", "reject"])
def test_forged_requirement_is_a_404(api_as, demo, action):
    response = api_as("head").post(f"/api/v1/requirements/999999/{action}/", {"reason": "x"}, format="json")
    assert response.status_code == 404 and response.json() == NOT_FOUND


def test_list_and_requirements_are_paginated(api_as, speech):
    listed = api_as("head").get("/api/v1/directives/").json()
    assert (
        set(listed) == {"count", "next", "previous", "results"}
        and listed["count"] == Directive.objects.count()
    )
    assert "text" not in listed["results"][0] and speech["id"] in [d["id"] for d in listed["results"]]
    reqs = api_as("head").get(f"/api/v1/directives/{speech['id']}/requirements/", {"page_size": 2}).json()
    assert reqs["count"] == 3 and len(reqs["results"]) == 2 and reqs["next"]
    assert api_as("head").get("/api/v1/directives/", {"q": "部长在务虚会"}).json()["count"] == 1
    assert api_as("head").get("/api/v1/directives/", {"kind": "minutes"}).json()["count"] == 0


# ---------------------------------------------------------------- accept and reject


def test_accept_fills_the_task_from_the_requirement(api_as, speech, demo):
    first = speech["requirements"][0]
    response = api_as("gb1-head").post(f"/api/v1/requirements/{first['id']}/accept/", {}, format="json")
    assert response.status_code == 201, response.json()
    task = response.json()
    assert task["status"] == "draft" and task["lead_unit"] == demo["gb1"] and task["due_date"] == "2027-06-30"
    assert task["title"] == "抓好年轻干部培养" and task["description"] == first["text"]
    assert task["leader"] == Person.objects.get(user__username="deputy1").pk  # 分管 干部一科
    assert (
        task["directive"] == speech["id"] and task["requirement"] == first["id"] and task["cadence"] == "once"
    )
    listed = api_as("gb1-head").get(f"/api/v1/directives/{speech['id']}/requirements/").json()["results"][0]
    assert listed["status"] == "accepted" and listed["tasks"] == [task["id"]]
    again = api_as("gb1-head").post(f"/api/v1/requirements/{first['id']}/accept/", {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_accepted"
    assert Task.objects.filter(requirement_id=first["id"]).count() == 1


def test_accept_takes_lead_and_co_units_and_cadence(api_as, speech, demo):
    second = speech["requirements"][1]
    task = api_as("deputy1").post(f"/api/v1/requirements/{second['id']}/accept/", {}, format="json").json()
    assert task["lead_unit"] == demo["gb2"] and task["co_units"] == [demo["bgs"]]
    assert task["cadence"] == "monthly:5" and task["due_date"] is None


def test_accept_with_fields_given(api_as, speech, demo):
    third = speech["requirements"][2]
    unowned = api_as("head").post(f"/api/v1/requirements/{third['id']}/accept/", {}, format="json")
    assert unowned.status_code == 400 and unowned.json() == {
        "detail": "请选择牵头单位",
        "code": "lead_unit_required",
    }
    due = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    response = api_as("head").post(
        f"/api/v1/requirements/{third['id']}/accept/",
        {"title": "人才工作", "lead_unit": demo["rc"], "due_date": due, "is_key": True},
        format="json",
    )
    assert response.status_code == 201
    task = response.json()
    assert (task["title"], task["lead_unit"], task["due_date"], task["is_key"]) == (
        "人才工作",
        demo["rc"],
        due,
        True,
    )


def test_a_past_deadline_is_not_copied(api_as, demo):
    response = (
        api_as("bgs-staff").post("/api/v1/directives/", body(issued_on="2024-01-10"), format="json").json()
    )
    first = response["requirements"][0]
    assert first["deadline"]["date"] == "2025-06-30"
    task = api_as("gb1-head").post(f"/api/v1/requirements/{first['id']}/accept/", {}, format="json").json()
    assert task["due_date"] is None


def test_accept_with_a_past_due_date_is_a_400(api_as, speech):
    first = speech["requirements"][0]
    response = api_as("gb1-head").post(
        f"/api/v1/requirements/{first['id']}/accept/", {"due_date": "2020-01-01"}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "due_in_past"
    assert Requirement.objects.get(pk=first["id"]).status == "proposed"
    assert not Task.objects.filter(requirement_id=first["id"]).exists()


def test_accept_twice_with_one_key_makes_one_task(api_as, speech):
    first = speech["requirements"][0]
    client = api_as("gb1-head")
    a = client.post(
        f"/api/v1/requirements/{first['id']}/accept/", {}, format="json", HTTP_IDEMPOTENCY_KEY="a"
    )
    b = client.post(
        f"/api/v1/requirements/{first['id']}/accept/", {}, format="json", HTTP_IDEMPOTENCY_KEY="a"
    )
    assert a.status_code == b.status_code == 201 and a.json()["id"] == b.json()["id"]
    assert Task.objects.filter(requirement_id=first["id"]).count() == 1


def test_reject_needs_a_reason_and_an_accepted_one_cannot_be_rejected(api_as, speech):
    first, second, _ = speech["requirements"]
    client = api_as("bgs-head")
    empty = client.post(f"/api/v1/requirements/{second['id']}/reject/", {"reason": " "}, format="json")
    assert empty.status_code == 400 and empty.json()["code"] == "reason_required"
    done = client.post(f"/api/v1/requirements/{second['id']}/reject/", {"reason": "已有安排"}, format="json")
    assert (
        done.status_code == 200
        and done.json()["status"] == "rejected"
        and done.json()["reject_reason"] == "已有安排"
    )
    again = client.post(f"/api/v1/requirements/{second['id']}/reject/", {"reason": "已有安排"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_rejected"
    client.post(f"/api/v1/requirements/{first['id']}/accept/", {}, format="json")
    accepted = client.post(f"/api/v1/requirements/{first['id']}/reject/", {"reason": "x"}, format="json")
    assert accepted.status_code == 409 and accepted.json()["code"] == "already_accepted"


def test_a_rejected_requirement_can_still_be_accepted(api_as, speech, demo):
    second = speech["requirements"][1]
    api_as("bgs-head").post(
        f"/api/v1/requirements/{second['id']}/reject/", {"reason": "先不做"}, format="json"
    )
    response = api_as("deputy1").post(f"/api/v1/requirements/{second['id']}/accept/", {}, format="json")
    assert response.status_code == 201 and Requirement.objects.get(pk=second["id"]).status == "accepted"


# ---------------------------------------------------------------- query counts


def test_list_queries_do_not_grow(api_as, user, demo):
    def add(n, batch):
        for i in range(n):
            directive = services.create_directive(
                actor=user("head"), title=f"讲话{batch}-{i}", text=SPEECH, issued_on=dt.date(2026, 11, 20)
            )
            services.extract_requirements(directive, actor=user("head"))

    def count(path):
        with CaptureQueriesContext(connection) as ctx:
            assert api_as("gb1-staff").get(path, {"page_size": 200}).status_code == 200
        return len(ctx.captured_queries)

    add(3, 1)
    small = count("/api/v1/directives/")
    add(27, 2)
    assert count("/api/v1/directives/") == small
    directive = Directive.objects.get(title="讲话1-0")
    req_small = count(f"/api/v1/directives/{directive.pk}/requirements/")
    detail_small = count(f"/api/v1/directives/{directive.pk}/")
    directive.text = SPEECH * 10
    directive.save(update_fields=["text"])
    services.extract_requirements(directive, actor=user("head"))
    assert directive.requirements.count() >= 30
    assert count(f"/api/v1/directives/{directive.pk}/requirements/") == req_small
    assert count(f"/api/v1/directives/{directive.pk}/") == detail_small


def test_a_directive_issued_on_the_last_day_python_knows_is_entered_without_deadlines_past_it(api_as, demo):
    text = "一要抓好调研。干部一科要在30日内完成调研，下月底前报送报告，每月5日前报送进展。\n二要加强监督。"
    response = api_as("bgs-staff").post(
        "/api/v1/directives/", body(issued_on="9999-12-31", text=text), format="json"
    )
    assert response.status_code == 201, response.json()
    deadlines = [r["deadline"] for r in response.json()["requirements"]]
    assert all(d is None or d.get("date") is None or d["date"] <= "9999-12-31" for d in deadlines)


def test_assign_several_requirements_in_one_call(api_as, speech, demo):
    first, second, *_ = speech["requirements"]
    client = api_as("bgs-staff")
    response = client.post(
        f"/api/v1/directives/{speech['id']}/assign/",
        {"items": [{"requirement": first["id"]}, {"requirement": second["id"], "due_date": "2027-01-31"}]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    tasks = response.json()
    assert [t["status"] for t in tasks] == ["assigned", "assigned"]
    assert tasks[0]["leader"] == Person.objects.get(user__username="deputy1").pk
    again = client.post(
        f"/api/v1/directives/{speech['id']}/assign/", {"items": [{"requirement": first["id"]}]}, format="json"
    )
    assert again.status_code == 409 and again.json()["code"] == "already_accepted"


def test_assign_refuses_a_requirement_of_another_directive(api_as, speech, demo):
    other = api_as("bgs-staff").post("/api/v1/directives/", body(title="另一份"), format="json").json()
    response = api_as("bgs-staff").post(
        f"/api/v1/directives/{speech['id']}/assign/",
        {"items": [{"requirement": other["requirements"][0]["id"]}]},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "unknown_requirement"
    assert not Task.objects.exists()


def test_instruction_fields_are_kept_and_shown_on_the_tasks(api_as, client_as, speech, demo):
    client = api_as("bgs-staff")
    response = client.put(
        f"/api/v1/directives/{speech['id']}/instruction/",
        {
            "instruction_date": "2026-11-22",
            "proposed_handling": "呈干部一科阅办",
            "handling_result": "已完成调研",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["instruction_date"], response.json()["handling_result"]) == (
        "2026-11-22",
        "已完成调研",
    )
    directive = Directive.objects.get(pk=speech["id"])
    assert (directive.proposed_handling, directive.handling_result) == ("呈干部一科阅办", "已完成调研")
    task = client.post(
        f"/api/v1/requirements/{speech['requirements'][0]['id']}/accept/", {}, format="json"
    ).json()
    page = client_as("gb1-head").get(f"/tasks/{task['id']}/").content.decode()
    assert 'data-testid="instruction"' in page and "呈干部一科阅办" in page and "已完成调研" in page


def test_an_instruction_dated_in_the_future_is_refused(api_as, speech):
    response = api_as("bgs-staff").put(
        f"/api/v1/directives/{speech['id']}/instruction/", {"instruction_date": "2099-01-01"}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "instruction_date_future"
    assert Directive.objects.get(pk=speech["id"]).instruction_date is None
    assert (
        api_as("admin").put(f"/api/v1/directives/{speech['id']}/instruction/", {}, format="json").status_code
        == 403
    )


# ---------------------------------------------------------------- the directive's records


@pytest.mark.parametrize("username", ["gb2-staff", "rc-staff", "gb1-head", "jcq-head", "deputy2"])
def test_a_stranger_to_the_directive_cannot_rewrite_its_records(api_as, speech, user, username):
    """The office entered it (bgs-staff): an unrelated clerk, section head, county head or a deputy not
    in charge of the office refuses to write 批示, 对标对表 or 不作为任务; nothing changes."""
    upper = api_as("bgs-staff").post("/api/v1/directives/", body(title="省里的部署"), format="json").json()
    own = Directive.objects.get(pk=speech["id"])
    services.set_answers(own, actor=user("bgs-staff"), uppers=[Directive.objects.get(pk=upper["id"])])
    rid, upper_rid = speech["requirements"][0]["id"], upper["requirements"][0]["id"]
    client = api_as(username)
    for method, path, data in (
        (
            "put",
            f"/api/v1/directives/{own.pk}/instruction/",
            {"instruction_date": "2026-12-01", "proposed_handling": "伪造"},
        ),
        ("put", f"/api/v1/directives/{own.pk}/answers/", {"answers": []}),
        ("put", f"/api/v1/requirements/{rid}/answers/", {"answers": [upper_rid]}),
        ("post", f"/api/v1/requirements/{rid}/reject/", {"reason": "不需要"}),
    ):
        response = getattr(client, method)(path, data, format="json")
        assert response.status_code == 403, (username, path, response.json())
        assert "录入" in response.json()["detail"]
    own.refresh_from_db()
    assert not own.has_instruction and list(own.answers.values_list("pk", flat=True)) == [upper["id"]]
    requirement = Requirement.objects.get(pk=rid)
    assert requirement.status == "proposed" and not requirement.answers.exists()


@pytest.mark.parametrize("username", ["bgs-staff", "bgs-head", "deputy1", "head"])
def test_the_office_and_its_leaders_keep_the_records(api_as, speech, username):
    rid = speech["requirements"][1]["id"]
    client = api_as(username)
    assert (
        client.put(f"/api/v1/directives/{speech['id']}/answers/", {"answers": []}, format="json").status_code
        == 200
    )
    assert (
        client.post(f"/api/v1/requirements/{rid}/reject/", {"reason": "已有安排"}, format="json").status_code
        == 200
    )


@pytest.mark.parametrize(
    "username, allowed", [("bgs-staff", True), ("deputy1", True), ("head", True), ("bgs-head", False)]
)
def test_the_instruction_is_a_leaders_or_recorded_by_the_registrar(api_as, speech, username, allowed):
    response = api_as(username).put(
        f"/api/v1/directives/{speech['id']}/instruction/",
        {"instruction_date": "2026-12-01", "proposed_handling": "呈部长阅示"},
        format="json",
    )
    assert response.status_code == (200 if allowed else 403)
    assert Directive.objects.get(pk=speech["id"]).has_instruction is allowed


def test_assign_refuses_a_requirement_id_too_large_for_the_database(api_as, speech, demo):
    for big in (2**63, 10**24):
        response = api_as("bgs-staff").post(
            f"/api/v1/directives/{speech['id']}/assign/", {"items": [{"requirement": big}]}, format="json"
        )
        assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert not Task.objects.exists()
