"""The problem API of docs/api.md: the ledger and its filters, create with similar problems, measures,
confirm, close with its refusal, 回头看, common problems — and bad input that writes nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.core.text import NUL_REFUSED
from luoshi.org.models import Unit
from luoshi.problems.models import Measure, Problem
from luoshi.tasks.models import Task

from .conftest import TEXT

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def unit_id(demo):
    return lambda code: Unit.objects.get(code=code).pk


def test_create_answers_the_problem_and_similar_ones(api_as, unit_id, record, category):
    earlier = record(by="head", unit="gb2", description="干部二科选人用人档案审核不严，出生日期前后不一致")
    Problem.objects.filter(pk=earlier.pk).update(status="closed")  # rectified before: the new one is old
    response = api_as("gb1-staff").post(
        "/api/v1/problems/",
        {"unit": unit_id("gb1"), "source": "inspection", "description": TEXT, "category": category.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (
        body["status"] == "recorded"
        and body["unit_name"] == "干部一科"
        and body["events"][0]["action"] == "recorded"
    )
    # gb1-staff cannot see 干部二科's problem: the answer lists none of it, and another unit's closed problem
    # does not make 干部一科's old
    assert body["similar"]["results"] == [] and body["previous"] is None and body["is_old"] is False
    head = api_as("head").get("/api/v1/problems/similar/", {"text": TEXT, "unit": unit_id("gb1")}).json()
    relations = {m["id"]: m["relation"] for m in head["results"]}
    assert relations == {earlier.pk: "other_unit", body["id"]: "duplicate"}
    fresh = api_as("gb1-staff").post(
        "/api/v1/problems/",
        {"unit": unit_id("gb1"), "source": "visit", "description": "窗口服务无人值守，群众办事找不到人"},
        format="json",
    )
    assert fresh.json()["previous"] is None and fresh.json()["is_old"] is False


def test_the_attack_a_body_cannot_claim_a_campaign_finding_as_its_origin(api_as, unit_id):
    """Where a problem came from is set by recording a finding, never by the body: a clerk off the team
    could list his own text beside the campaign's findings and carry its name into a 督办单."""
    response = api_as("gb1-staff").post(
        "/api/v1/problems/",
        {
            "unit": unit_id("gb1"),
            "source": "inspection",
            "description": TEXT,
            "origin": "campaign:1",
            "origin_label": "专项督查：伪造要点",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    problem = Problem.objects.get(pk=response.json()["id"])
    assert problem.origin == "" and problem.origin_label == ""
    listed = api_as("gb1-staff").get("/api/v1/problems/", {"origin": "campaign:1"}).json()["results"]
    assert problem.pk not in [row["id"] for row in listed]


def test_create_with_a_photo(api_as, unit_id):
    response = api_as("gb1-staff").post(
        "/api/v1/problems/",
        {
            "unit": unit_id("gb1"),
            "source": "visit",
            "description": "窗口无人值守",
            "files": [SimpleUploadedFile("现场.png", PNG)],
        },
        format="multipart",
    )
    assert response.status_code == 201 and response.json()["files"][0]["name"] == "现场.png"


def test_create_answers_the_similar_problems_the_recorder_may_see(api_as, unit_id, record):
    """The 201 body carries the matches themselves, as ``GET similar/`` answers them."""
    earlier = record()  # 干部一科's own, open: the new one is recorded again (本单位已登记)
    response = api_as("gb1-head").post(
        "/api/v1/problems/", {"unit": unit_id("gb1"), "source": "visit", "description": TEXT}, format="json"
    )
    assert response.status_code == 201, response.json()
    results = response.json()["similar"]["results"]
    assert [(m["id"], m["relation"], m["unit_name"]) for m in results] == [
        (earlier.pk, "duplicate", "干部一科")
    ]
    assert results[0]["score"] > 0.2 and results[0]["words"]


def test_create_with_files_answers_the_similar_problems(api_as, unit_id, record):
    earlier = record()
    response = api_as("gb1-head").post(
        "/api/v1/problems/",
        {
            "unit": unit_id("gb1"),
            "source": "visit",
            "description": TEXT,
            "files": [SimpleUploadedFile("现场.png", PNG)],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["files"][0]["name"] == "现场.png"
    assert [m["id"] for m in body["similar"]["results"]] == [earlier.pk]


def test_a_reader_who_may_not_see_the_previous_problem_reads_no_trace_of_it(api_as, record, unit_id):
    old = record(title="去年的档案审核问题")
    Problem.objects.filter(pk=old.pk).update(status="closed")
    again = record(by="gb1-head")
    assert again.previous_id == old.pk and again.recurring
    # 干部二科 rectifies it: its clerk sees the problem, not 干部一科's earlier one
    Problem.objects.filter(pk=again.pk).update(responsible_unit=unit_id("gb2"))
    clerk = api_as("gb2-staff")
    assert clerk.get(f"/api/v1/problems/{old.pk}/").status_code == 404
    response = clerk.get(f"/api/v1/problems/{again.pk}/")
    body = response.json()
    assert response.status_code == 200 and body["previous"] is None and body["is_old"] and body["recurring"]
    assert "去年的档案审核问题" not in response.content.decode()
    listed = clerk.get("/api/v1/problems/").json()["results"]
    assert [(r["id"], r["previous"]) for r in listed] == [(again.pk, None)]
    assert api_as("gb1-head").get(f"/api/v1/problems/{again.pk}/").json()["previous"] == old.pk


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"source": "inspection", "description": "无单位"}, 400, "unit_required"),
        ({"unit": "gb2", "source": "inspection", "description": "别的科室"}, 403, "outside_scope"),
        ({"unit": "gb1", "source": "gossip", "description": "来源不对"}, 400, "invalid"),
        ({"unit": "gb1", "source": "inspection", "description": " "}, 400, "description_required"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_writes_nothing(api_as, unit_id, body, status, code):
    if "unit" in body:
        body = {**body, "unit": unit_id(body["unit"])}
    response = api_as("gb1-staff").post("/api/v1/problems/", body, format="json")
    assert response.status_code == status and response.json()["code"] == code
    assert Problem.objects.count() == 0


def test_a_nul_character_in_a_text_is_refused_in_plain_chinese(api_as, unit_id):
    body = {"unit": unit_id("gb1"), "source": "inspection", "description": "窗口无人\x00值守"}
    response = api_as("gb1-staff").post("/api/v1/problems/", body, format="json")
    assert response.status_code == 400 and response.json()["errors"]["description"] == [NUL_REFUSED]
    assert response.json()["detail"] == f"提交的数据有误：description：{NUL_REFUSED}"
    assert Problem.objects.count() == 0


def test_a_file_that_is_not_evidence_is_refused(api_as, unit_id):
    response = api_as("gb1-staff").post(
        "/api/v1/problems/",
        {
            "unit": unit_id("gb1"),
            "source": "visit",
            "description": "x问题",
            "files": [SimpleUploadedFile("a.exe", b"MZ")],
        },
        format="multipart",
    )
    assert (
        response.status_code == 400
        and response.json()["code"] == "file_type"
        and Problem.objects.count() == 0
    )


def test_a_double_submit_with_the_same_key_records_once(api_as, unit_id):
    client = api_as("gb1-staff")
    body = {"unit": unit_id("gb1"), "source": "inspection", "description": TEXT}
    first = client.post("/api/v1/problems/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = client.post("/api/v1/problems/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    without_key = client.post("/api/v1/problems/", body, format="json")
    assert without_key.status_code == 409 and without_key.json()["code"] == "duplicate_submit"
    assert Problem.objects.count() == 1


def test_confirm_measures_close_and_recheck(api_as, record, finish, today):
    problem = record()
    due = (today + dt.timedelta(days=20)).isoformat()
    head = api_as("gb1-head")
    response = head.post(
        f"/api/v1/problems/{problem.pk}/confirm/",
        {"root_cause": "审核制度不细", "measures": [{"kind": "quick", "title": "逐一核对", "due_date": due}]},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "rectifying"
    added = head.post(
        f"/api/v1/problems/{problem.pk}/measures/",
        {"kind": "lasting", "title": "建立专审制度", "due_date": due},
        format="json",
    )
    assert added.status_code == 201 and added.json()["kind_label"] == "治本"
    measures = head.get(f"/api/v1/problems/{problem.pk}/measures/").json()
    assert [m["kind"] for m in measures] == ["quick", "lasting"] and all(
        m["status"] == "assigned" for m in measures
    )
    leader = api_as("deputy1")
    refused = leader.post(f"/api/v1/problems/{problem.pk}/close/", {"note": "同意"}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "open_measures"
    assert (
        "还有2项整改措施未销号" in refused.json()["detail"] and len(refused.json()["errors"]["measures"]) == 2
    )
    for measure in Measure.objects.filter(problem=problem):
        finish(measure.task)
    own = head.post(f"/api/v1/problems/{problem.pk}/close/", {"note": "同意"}, format="json")
    assert own.status_code == 403 and own.json()["code"] == "not_reviewer"
    assert "责任单位的人员不能为本单位的问题销号" in own.json()["detail"]
    assert Problem.objects.get(pk=problem.pk).status == "rectifying"
    closed = leader.post(f"/api/v1/problems/{problem.pk}/close/", {"note": "同意"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert (
        head.post(f"/api/v1/problems/{problem.pk}/recheck/", {"rebounded": False}, format="json").status_code
        == 403
    )
    rebound = leader.post(
        f"/api/v1/problems/{problem.pk}/recheck/", {"rebounded": True, "note": "又出现"}, format="json"
    )
    assert rebound.json()["status"] == "rectifying" and rebound.json()["recurring"] is True
    again = leader.post(f"/api/v1/problems/{problem.pk}/close/", {"note": "反弹后直接销号"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "rebound_unrectified"
    assert "增加整改措施" in again.json()["detail"]
    assert Problem.objects.get(pk=problem.pk).status == "rectifying"


def test_a_measure_due_before_the_problem_was_found_is_a_400_and_no_task(api_as, record, today):
    problem = record(found_on=today - dt.timedelta(days=3))
    before = Task.objects.count()
    response = api_as("gb1-head").post(
        f"/api/v1/problems/{problem.pk}/confirm/",
        {
            "root_cause": "根源",
            "measures": [
                {"kind": "quick", "title": "a", "due_date": (today + dt.timedelta(days=5)).isoformat()},
                {"kind": "lasting", "title": "b", "due_date": (today - dt.timedelta(days=4)).isoformat()},
            ],
        },
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "measure_due_before_found"
    assert Task.objects.count() == before and Problem.objects.get(pk=problem.pk).status == "recorded"


@pytest.mark.parametrize("who, status", [("gb1-staff", 403), ("gb2-staff", 404), ("admin", 403)])
def test_confirm_without_the_right(api_as, record, who, status):
    problem = record()
    response = api_as(who).post(
        f"/api/v1/problems/{problem.pk}/confirm/", {"root_cause": "x", "measures": []}, format="json"
    )
    assert response.status_code == status and Problem.objects.get(pk=problem.pk).status == "recorded"


def test_the_ledger_filters(api_as, record, confirmed, django_assert_max_num_queries):
    confirmed()
    record(by="head", unit="gb2", description="干部二科党费收缴不及时", source="audit")
    client = api_as("head")
    with django_assert_max_num_queries(12):
        body = client.get("/api/v1/problems/").json()
    assert body["count"] == 2 and {r["light"] for r in body["results"]} == {"green", "none"}
    assert client.get("/api/v1/problems/", {"source": "audit"}).json()["count"] == 1
    assert client.get("/api/v1/problems/", {"status": "rectifying"}).json()["count"] == 1
    assert client.get("/api/v1/problems/", {"novelty": "new"}).json()["count"] == 2
    assert client.get("/api/v1/problems/", {"commonality": "common"}).json()["count"] == 0
    assert client.get("/api/v1/problems/", {"overdue": "true"}).json()["count"] == 0
    bad = client.get("/api/v1/problems/", {"status": "lost"})
    assert bad.status_code == 400 and "无法识别的取值" in bad.json()["detail"]


def test_common_problem_from_three_units(api_as, record, unit_id, today):
    ids = [
        record(by="head", unit=code, description=f"{code}干部档案审核不严，出生日期前后不一致").pk
        for code in ("gb1", "gb2", "gbjd")
    ]
    response = api_as("head").post(
        "/api/v1/problems/common/",
        {
            "problems": ids,
            "title": "干部档案出生日期认定不严",
            "lead_unit": unit_id("gbjd"),
            "measure": {
                "kind": "lasting",
                "title": "制定专项审核办法",
                "due_date": (today + dt.timedelta(days=30)).isoformat(),
            },
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["problems"] == sorted(ids) and response.json()["measures"][0]["upstream"] is True
    listed = api_as("head").get("/api/v1/problems/", {"commonality": "common"}).json()
    assert listed["count"] == 3 and all(r["measure_count"] == 1 for r in listed["results"])


def test_the_problems_own_unit_cannot_dismiss_it_its_leader_can(api_as, record):
    problem = record(by="inspector", severity="serious")
    own = api_as("gb1-head").post(
        f"/api/v1/problems/{problem.pk}/dismiss/", {"reason": "经核实不属实，不予认定"}, format="json"
    )
    assert own.status_code == 403 and own.json()["code"] == "not_reviewer"
    assert "责任单位的人员不能为本单位的问题作出不予认定" in own.json()["detail"]
    assert Problem.objects.get(pk=problem.pk).status == "recorded"
    done = api_as("deputy1").post(
        f"/api/v1/problems/{problem.pk}/dismiss/", {"reason": "经核实不属实"}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "dismissed"


def test_the_office_naming_another_section_responsible_is_a_403_and_nothing_changes(
    api_as, record, unit_id, today
):
    problem = record(by="inspector", unit="bgs", description="办公室工作台账未及时更新，部分事项进展不清")
    before = Task.objects.count()
    response = api_as("bgs-head").post(
        f"/api/v1/problems/{problem.pk}/confirm/",
        {
            "root_cause": "一科未及时报送材料",
            "responsible_unit": unit_id("gb1"),
            "measures": [
                {
                    "kind": "quick",
                    "title": "一科补报材料",
                    "due_date": (today + dt.timedelta(days=9)).isoformat(),
                }
            ],
        },
        format="json",
    )
    body = response.json()
    assert response.status_code == 403 and body["code"] == "responsible_unit_not_allowed"
    assert "不能指定干部一科为责任单位" in body["detail"]
    assert Task.objects.count() == before and Problem.objects.get(pk=problem.pk).status == "recorded"


def test_reopening_a_measure_of_a_closed_problem_is_a_409_and_the_page_keeps_the_reason(
    api_as, client_as, confirmed, finish, user
):
    from luoshi.problems import services

    problem = confirmed()
    for measure in problem.measures.all():
        finish(measure.task)
    services.close_problem(problem, actor=user("deputy1"), note="同意")
    task = problem.measures.first().task
    response = api_as("deputy1").post(
        f"/api/v1/tasks/{task.pk}/reopen/", {"reason": "整改不彻底"}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "problem_closed"
    assert "问题已销号，如需重新整改请发起回头看" in response.json()["detail"]
    page = client_as("deputy1").post(
        f"/tasks/{task.pk}/do/reopen/", {"reason": "档案仍不一致", "form_key": "r1"}
    )
    html = page.content.decode()
    assert (
        page.status_code == 409 and "问题已销号，如需重新整改请发起回头看" in html and "档案仍不一致" in html
    )
    assert (
        Task.objects.get(pk=task.pk).status == "closed"
        and Problem.objects.get(pk=problem.pk).status == "closed"
    )


@pytest.mark.parametrize(
    ("typed", "code", "said"),
    [
        ({"found_on": "0001-01-01"}, "invalid", "发现日期不能早于2000年"),
        ({"found_on": "1900-01-01"}, "invalid", "发现日期不能早于2000年"),
        ({"description": "x" * 100_000}, "description_too_long", "问题描述不能超过5000字（现为100000字）"),
    ],
)
def test_create_refuses_an_implausible_date_or_a_pasted_document(api_as, unit_id, typed, code, said):
    body = {"unit": unit_id("gb1"), "source": "self_check", "description": "远古问题测试甲乙丙", **typed}
    response = api_as("gb1-head").post("/api/v1/problems/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == code
    assert said in response.json()["detail"] and not Problem.objects.exists()
