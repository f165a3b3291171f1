"""Task API: permission matrix, every transition (right state, wrong state, wrong person, forged id),
validation in Chinese, filters, ordering, pagination, constant query counts, files."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from luoshi.org.models import Person, Unit
from luoshi.tasks import rollup, services
from luoshi.tasks.choices import EventKind, ExtensionStatus, TaskStatus
from luoshi.tasks.models import ExtensionRequest, Task
from tests.core.images import jpeg
from tests.factories import UnitFactory, macro_office_file, office_file, task_of
from tests.testing import APITests, world  # noqa: F401  (fixture)

NOT_FOUND = {"detail": "对象不存在或您无权访问", "code": "not_found"}
ADMINS = ("admin", "secadmin", "auditor")


def person(username):
    return Person.objects.get(user__username=username).pk


# ---------------------------------------------------------------- permission matrix

# Who sees a task of 干部一科 made by the office and in deputy1's charge.
SEES_GB1_TASK = {
    "head": 200,
    "deputy1": 200,
    "gb1-head": 200,
    "gb1-staff": 200,
    "inspector": 200,
    "gb2-head": 404,
    "deputy2": 404,
    "admin": 403,
    "secadmin": 403,
    "auditor": 403,
}


@pytest.mark.parametrize("username, expected", SEES_GB1_TASK.items())
@pytest.mark.parametrize("suffix", ["", "feedback/", "history/"])
def test_reading_a_task_per_role(api_as, make_task, username, expected, suffix):
    task = make_task(acknowledge=True)
    response = api_as(username).get(f"/api/v1/tasks/{task.pk}/{suffix}")
    assert response.status_code == expected, (username, suffix)
    if expected == 404:
        assert response.json() == NOT_FOUND
    if expected == 403:
        assert response.json() == {"detail": "管理员账号不能访问业务数据", "code": "permission_denied"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/tasks/",
        "/api/v1/extensions/",
        "/api/v1/tasks/1/",
        "/api/v1/tasks/1/history/",
        "/api/v1/tasks/1/feedback/",
    ],
)
def test_anonymous_is_401(demo, path):
    response = APIClient().get(path)
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/tasks/",
        "/api/v1/tasks/1/assign/",
        "/api/v1/tasks/1/feedback/",
        "/api/v1/extensions/1/approve/",
    ],
)
def test_anonymous_writes_are_401(demo, path):
    assert APIClient().post(path, {}, format="json").status_code == 401


@pytest.mark.parametrize("username", ADMINS)
@pytest.mark.parametrize(
    "path", ["/api/v1/tasks/", "/api/v1/tasks/{pk}/assign/", "/api/v1/tasks/{pk}/cancel/"]
)
def test_admins_get_403_on_business_writes(api_as, make_task, username, path):
    task = make_task()
    response = api_as(username).post(path.format(pk=task.pk), {"reason": "x"}, format="json")
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAFT


def test_lists_show_only_visible_tasks(api_as, make_task):
    mine = make_task()
    other = make_task(lead="gb2", leader=Person.objects.get(user__username="deputy1"), title="二科的任务")
    ids = lambda username: {t["id"] for t in api_as(username).get("/api/v1/tasks/").json()["results"]}
    assert ids("gb1-staff") == {mine.pk}
    assert ids("gb2-head") == {other.pk}
    assert ids("head") == {mine.pk, other.pk} == ids("deputy1") == ids("inspector")
    assert ids("deputy2") == set()


@pytest.mark.parametrize("ordering", ["", "&ordering=-due_date"])
def test_an_unfiltered_list_pages_like_the_ordinary_query(api_as, make_task, user, today, ordering):
    """No filter: the deadline-ordered source (queries.VisibleByDueDate); empty ``q``: the ordinary query."""
    parent = make_task(acknowledge=True)
    for days in (5, 40, 40, 12):  # led by a county: seen only through the parent
        services.create_task(
            actor=user("bgs-staff"),
            parent=parent,
            lead_unit=Unit.objects.get(code="jcq"),
            due_date=today + dt.timedelta(days=days),
            title=f"区县{days}",
        )
    make_task(lead="gb2", co_units=[Unit.objects.get(code="gb1")], title="一科配合的二科任务")
    client = api_as("gb1-staff")

    def pages(query):
        got, page = [], 1
        while True:
            body = client.get(f"/api/v1/tasks/?page_size=2&page={page}{query}{ordering}").json()
            got += [t["id"] for t in body["results"]]
            if not body["next"]:
                return got, body["count"]
            page += 1

    fast, ordinary = pages(""), pages("&q=")
    assert fast == ordinary and fast[1] == 6


def test_asking_for_a_unit_shows_only_what_the_reader_may_see(api_as, make_task, demo):
    """A unit the reader may view lists all its tasks; any other unit lists only those visible otherwise."""
    mine = make_task()
    cooperating = make_task(lead="gb2", co_units=[Unit.objects.get(code="gb1")], title="一科配合的二科任务")
    make_task(lead="gb2", title="二科自己的任务")
    staff = api_as("gb1-staff")

    def ids(unit):
        return {t["id"] for t in staff.get("/api/v1/tasks/", {"lead_unit": demo[unit]}).json()["results"]}

    assert ids("gb1") == {mine.pk}
    assert ids("gb2") == {cooperating.pk}


# ---------------------------------------------------------------- create and edit


def test_create_a_draft(api_as, demo, today):
    body = {
        "title": "年轻干部调研",
        "lead_unit": demo["gb1"],
        "co_units": [demo["gb2"]],
        "is_key": True,
        "due_date": (today + dt.timedelta(days=20)).isoformat(),
        "cadence": "weekly:5",
        "leader": person("deputy1"),
        "finish_standard": "形成调研报告",
    }
    response = api_as("bgs-staff").post("/api/v1/tasks/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft" and data["light"] == "none" and data["co_units"] == [demo["gb2"]]
    assert data["lead_unit_name"] == "干部一科" and data["leader_name"] == "刘振华"
    assert data["children_count"] == 0 and data["open_children_count"] == 0
    expected = {
        "id",
        "title",
        "description",
        "parent",
        "directive",
        "requirement",
        "is_key",
        "lead_unit",
        "co_units",
        "owner",
        "leader",
        "start_date",
        "due_date",
        "cadence",
        "finish_standard",
        "status",
        "light",
        "progress",
        "children_count",
        "open_children_count",
        "created_at",
        "updated_at",
    }
    assert expected <= set(data)


@pytest.fixture
def speech(user, today):
    """A speech the office (bgs-staff) entered: the office and the leaders over it link tasks to it."""
    from luoshi.directives.services import create_directive

    return create_directive(
        actor=user("bgs-staff"), title="讲话", text="一要抓好落实。", issued_on=today - dt.timedelta(days=1)
    )


def test_a_task_is_linked_to_a_directive_only_by_who_takes_up_its_requirements(api_as, demo, speech, today):
    """A task linked to a 讲话文件 counts in its 已转任务 for every reader (and makes its unit one expected
    to study it), so linking one is the right of 转为任务 (the directive's unit and its leaders): another
    unit's head is refused in Chinese, nothing made; a forged directive is not found."""
    body = {
        "title": "我科自报的落实任务",
        "lead_unit": demo["gb1"],
        "directive": speech.pk,
        "due_date": (today + dt.timedelta(days=20)).isoformat(),
    }
    refused = api_as("gb1-head").post("/api/v1/tasks/", body, format="json")
    assert refused.status_code == 403, refused.json()
    assert refused.json()["code"] == "not_directive_owner" and "录入该文件的单位" in refused.json()["detail"]
    forged = api_as("bgs-staff").post("/api/v1/tasks/", {**body, "directive": 999999}, format="json")
    assert forged.status_code == 404 and forged.json() == NOT_FOUND
    assert not Task.objects.filter(title="我科自报的落实任务").exists() and not speech.tasks.exists()
    own = api_as("gb1-head").post("/api/v1/tasks/", {**body, "directive": None}, format="json")
    assert own.status_code == 201 and own.json()["directive"] is None
    for username in ("bgs-staff", "head"):  # the registrar's unit, and a leader over it
        linked = api_as(username).post("/api/v1/tasks/", body, format="json")
        assert linked.status_code == 201 and linked.json()["directive"] == speech.pk
    assert speech.tasks.count() == 2


def test_a_unit_splits_a_task_it_was_given_under_the_directive_but_links_none_of_its_own(
    api_as, demo, speech, today, user
):
    """A sub-task keeps its parent's directive (the right is to change the parent): the unit given work
    under the speech splits it; naming the directive on a task of its own stays refused."""
    given = task_of(Unit.objects.get(pk=demo["gb1"]), by=user("bgs-staff"), directive=speech)
    due = (today + dt.timedelta(days=10)).isoformat()
    body = {"title": "分解的子任务", "lead_unit": demo["gb1"], "due_date": due, "parent": given.pk}
    part = api_as("gb1-head").post("/api/v1/tasks/", body, format="json")
    assert part.status_code == 201 and part.json()["directive"] == speech.pk
    alone = api_as("gb1-head").post(
        "/api/v1/tasks/", {**body, "parent": None, "directive": speech.pk}, format="json"
    )
    assert alone.status_code == 403 and alone.json()["code"] == "not_directive_owner"
    assert set(speech.tasks.values_list("pk", flat=True)) == {given.pk, part.json()["id"]}


def test_a_tasks_directive_is_not_changed_by_an_edit(api_as, demo, speech, make_task):
    """PATCH never links: another directive (or none, or a forged one) is a 400 and nothing of the edit is
    kept; the task's own directive sent back as read passes."""
    task = make_task(title="原任务")
    for value in (speech.pk, 999999):
        refused = api_as("bgs-staff").patch(
            f"/api/v1/tasks/{task.pk}/", {"title": "改名", "directive": value}, format="json"
        )
        assert refused.status_code == 400 and refused.json()["code"] == "directive_fixed", refused.json()
        assert "来源文件" in refused.json()["detail"]
    task.refresh_from_db()
    assert task.title == "原任务" and task.directive_id is None and not speech.tasks.exists()
    linked = make_task(title="文件下的任务", directive=speech)
    unlinked = api_as("bgs-staff").patch(f"/api/v1/tasks/{linked.pk}/", {"directive": None}, format="json")
    assert unlinked.status_code == 400 and unlinked.json()["code"] == "directive_fixed"
    same = api_as("bgs-staff").patch(
        f"/api/v1/tasks/{linked.pk}/", {"title": "改名", "directive": speech.pk}, format="json"
    )
    assert (
        same.status_code == 200 and same.json()["title"] == "改名" and same.json()["directive"] == speech.pk
    )


def test_create_with_a_past_due_date_is_a_chinese_400(api_as, demo):
    response = api_as("bgs-staff").post(
        "/api/v1/tasks/", {"title": "x", "lead_unit": demo["gb1"], "due_date": "2020-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "完成时限 2020-01-01 已经过去，请填写今天或以后的日期",
        "code": "due_in_past",
    }
    assert not Task.objects.filter(title="x").exists()


@pytest.mark.parametrize(
    "body, words",
    [
        ({"lead_unit": "gb1"}, "title"),
        ({"title": "x"}, "lead_unit"),
        ({"title": "x", "lead_unit": 999999}, "lead_unit"),
        ({"title": "x", "lead_unit": "gb1", "cadence": "daily"}, "反馈周期“daily”无法识别"),
        ({"title": "x", "lead_unit": "gb1", "due_date": "明天"}, "due_date"),
    ],
)
def test_bad_create_is_a_400_in_chinese(api_as, demo, body, words):
    body = {k: demo[v] if k == "lead_unit" and v in demo else v for k, v in body.items()}
    response = api_as("bgs-staff").post("/api/v1/tasks/", body, format="json")
    assert response.status_code == 400
    data = response.json()
    assert words in data["detail"] and data["code"] in {"invalid", "invalid_cadence"}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in data["detail"])
    assert not Task.objects.filter(title="x").exists()


def test_a_sub_task_under_an_invisible_parent_is_a_404(api_as, make_task, demo):
    parent = make_task(lead="gb2")
    response = api_as("gb1-head").post(
        "/api/v1/tasks/", {"title": "x", "lead_unit": demo["gb1"], "parent": parent.pk}, format="json"
    )
    assert response.status_code == 404 and response.json() == NOT_FOUND


def test_sub_tasks_count_in_the_parent(api_as, make_task, user):
    parent = make_task(acknowledge=True)
    child = make_task(parent=parent, title="子任务一")
    make_task(parent=parent, title="子任务二")
    services.cancel(child, actor=user("gb1-head"), reason="合并")
    data = api_as("gb1-head").get(f"/api/v1/tasks/{parent.pk}/").json()
    assert (
        data["children_count"] == 2 and data["open_children_count"] == 0
    )  # drafts and cancelled are not open
    children = api_as("gb1-head").get("/api/v1/tasks/", {"parent": parent.pk}).json()
    assert children["count"] == 2


def test_patch_edits_and_leaves_a_trace(api_as, make_task):
    task = make_task()
    response = api_as("gb1-head").patch(
        f"/api/v1/tasks/{task.pk}/", {"title": "新标题", "is_key": True}, format="json"
    )
    assert response.status_code == 200 and response.json()["title"] == "新标题"
    history = api_as("gb1-head").get(f"/api/v1/tasks/{task.pk}/history/").json()["results"]
    assert (
        history[-1]["action"] == "updated"
        and {"field": "title", "label": "任务", "old": task.title, "new": "新标题"} in history[-1]["changes"]
    )


@pytest.mark.parametrize("username, expected", [("gb1-staff", 403), ("gb2-head", 404), ("admin", 403)])
def test_patch_by_the_wrong_person(api_as, make_task, username, expected):
    task = make_task()
    response = api_as(username).patch(f"/api/v1/tasks/{task.pk}/", {"title": "改"}, format="json")
    assert response.status_code == expected
    task.refresh_from_db()
    assert task.title != "改"


def test_patch_of_the_due_date_after_assignment_is_a_409(api_as, make_task, today):
    task = make_task(assign=True)
    response = api_as("gb1-head").patch(
        f"/api/v1/tasks/{task.pk}/", {"due_date": (today + dt.timedelta(days=90)).isoformat()}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "use_extension"


def test_a_co_unit_beyond_the_callers_reach_is_refused_and_nothing_changes(api_as, make_task, demo, today):
    """The page offers 配合单位 from the caller's reach only; the API must not name one further away."""
    county_section = UnitFactory(parent=Unit.objects.get(code="jcq"), name="江城区委组织部组织科")
    body = {
        "title": "请区里的科配合",
        "lead_unit": demo["gb1"],
        "co_units": [demo["gb2"], county_section.pk],
        "due_date": (today + dt.timedelta(days=20)).isoformat(),
    }
    response = api_as("gb1-head").post("/api/v1/tasks/", body, format="json")
    assert response.status_code == 403, response.json()
    assert response.json()["code"] == "outside_co_unit_scope"
    assert "江城区委组织部组织科" in response.json()["detail"]
    assert not Task.objects.filter(title="请区里的科配合").exists()
    task = make_task()
    events = task.events.count()
    response = api_as("gb1-head").patch(
        f"/api/v1/tasks/{task.pk}/", {"co_units": [county_section.pk]}, format="json"
    )
    assert response.status_code == 403 and response.json()["code"] == "outside_co_unit_scope"
    assert not task.co_units.exists() and task.events.count() == events


# ---------------------------------------------------------------- transitions


def post(client, task, action, body=None, **kwargs):
    return client.post(
        f"/api/v1/tasks/{task.pk if hasattr(task, 'pk') else task}/{action}/",
        body or {},
        format=kwargs.pop("format", "json"),
        **kwargs,
    )


def test_the_whole_loop_through_the_api(api_as, make_task, today):
    task = make_task()
    office, head, staff, deputy = (
        api_as("bgs-staff"),
        api_as("gb1-head"),
        api_as("gb1-staff"),
        api_as("deputy1"),
    )
    assert post(office, task, "assign").json()["status"] == "assigned"
    acknowledged = post(head, task, "acknowledge").json()
    assert acknowledged["status"] == "acknowledged" and acknowledged["light"] == "green"
    reported = post(
        staff,
        task,
        "feedback",
        {"progress_text": "已走访5个单位", "percent": 40, "difficulties": "时间紧", "next_steps": "形成初稿"},
    )
    assert reported.status_code == 200 and reported.json()["progress"] == 40
    assert reported.json()["status"] == "in_progress"
    new_due = (today + dt.timedelta(days=60)).isoformat()
    extension = post(staff, task, "request-extension", {"new_due_date": new_due, "reason": "需要补充调研"})
    assert extension.status_code == 200
    pending = deputy.get("/api/v1/extensions/", {"status": "pending"}).json()
    assert pending["count"] == 1 and pending["results"][0]["new_due_date"] == new_due
    approved = deputy.post(f"/api/v1/extensions/{pending['results'][0]['id']}/approve/", {}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert deputy.get(f"/api/v1/tasks/{task.pk}/").json()["due_date"] == new_due
    closing = post(
        staff,
        task,
        "request-close",
        {"evidence_text": "报告已印发", "recheck_on": (today + dt.timedelta(days=90)).isoformat()},
    )
    # The close-out is the completion report: no 100% feedback before it.
    assert (closing.json()["status"], closing.json()["progress"]) == ("close_requested", 100)
    reports = staff.get(f"/api/v1/tasks/{task.pk}/feedback/").json()["results"]
    assert [(r["percent"], r["progress_text"]) for r in reports] == [
        (100, "报告已印发"),
        (40, "已走访5个单位"),
    ]
    assert post(deputy, task, "reject-close", {"reason": "缺少佐证"}).json()["status"] == "in_progress"
    post(staff, task, "request-close", {"evidence_text": "补充了印发文件"})
    closed = post(deputy, task, "approve-close", {"note": "同意"}).json()
    assert closed["status"] == "closed" and closed["light"] == "none"
    reopened = post(deputy, task, "reopen", {"reason": "回头看发现问题"}).json()
    assert reopened["status"] == "in_progress"
    cancelled = post(deputy, task, "cancel", {"reason": "工作调整"}).json()
    assert cancelled["status"] == "cancelled"
    history = deputy.get(f"/api/v1/tasks/{task.pk}/history/").json()
    assert [e["action"] for e in history["results"]] == [
        "created",
        "assigned",
        "acknowledged",
        "feedback",
        "extension_requested",
        "extension_approved",
        "close_requested",
        "close_rejected",
        "close_requested",
        "close_approved",
        "reopened",
        "cancelled",
    ]
    first = history["results"][1]
    assert set(first) >= {"at", "actor", "action", "changes"}
    assert first["actor"] == person("bgs-staff") and first["actor_name"]


def test_return_needs_a_reason(api_as, make_task):
    task = make_task(assign=True)
    response = post(api_as("gb1-head"), task, "return", {"reason": " "})
    assert response.status_code == 400 and response.json() == {
        "detail": "请填写退回理由",
        "code": "reason_required",
    }
    assert post(api_as("gb1-head"), task, "return", {"reason": "不属于本科"}).json()["status"] == "returned"


# action, state the task is put in, who may do it, body
TRANSITIONS = [
    ("assign", "draft", "bgs-staff", {}),
    ("acknowledge", "assigned", "gb1-head", {}),
    ("return", "assigned", "gb1-head", {"reason": "不属于本科"}),
    ("feedback", "acknowledged", "gb1-staff", {"progress_text": "进展", "percent": 10}),
    ("request-extension", "acknowledged", "gb1-staff", {"new_due_date": "2099-01-01", "reason": "需要时间"}),
    ("request-close", "acknowledged", "gb1-staff", {"evidence_text": "已完成"}),
    ("approve-close", "close_requested", "deputy1", {}),
    ("reject-close", "close_requested", "deputy1", {"reason": "材料不全"}),
    ("reopen", "closed", "deputy1", {"reason": "回头看"}),
    ("cancel", "acknowledged", "deputy1", {"reason": "调整"}),
]
WRONG_STATE = {
    "assign": "closed",
    "acknowledge": "draft",
    "return": "acknowledged",
    "feedback": "assigned",
    "request-extension": "draft",
    "request-close": "assigned",
    "approve-close": "in_progress",
    "reject-close": "acknowledged",
    "reopen": "in_progress",
    "cancel": "closed",
}
# Visible but without the right (403), and not visible at all (404).
WRONG_PEOPLE = {
    "assign": ("gb1-staff", "gb2-head"),
    "acknowledge": ("gb1-staff", "gb2-head"),
    "return": ("gb1-staff", "gb2-head"),
    "feedback": ("inspector", "gb2-head"),
    "request-extension": ("inspector", "deputy2"),
    "request-close": ("inspector", "gb2-staff"),
    "approve-close": ("gb1-staff", "gb2-head"),
    "reject-close": ("inspector", "deputy2"),
    "reopen": ("gb1-staff", "gb2-head"),
    "cancel": ("gb1-staff", "gb2-head"),
}


@pytest.fixture
def task_in(make_task, user):
    """A task of 干部一科 brought to a state through the services."""

    def bring(state):
        return Task.objects.get(pk=_bring(state).pk)

    def _bring(state):
        if state == "draft":
            return make_task()
        if state == "assigned":
            return make_task(assign=True)
        task = make_task(acknowledge=True)
        if state == "acknowledged":
            return task
        if state == "in_progress":
            services.submit_feedback(task, actor=user("gb1-staff"), progress_text="进展", percent=20)
            return task
        services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
        if state == "close_requested":
            return task
        services.approve_close(task, actor=user("deputy1"))
        return task

    return bring


@pytest.mark.parametrize("action, state, username, body", TRANSITIONS)
def test_each_transition_answers_the_updated_task(api_as, task_in, action, state, username, body):
    task = task_in(state)
    before = task.events.count()
    response = post(api_as(username), task, action, body)
    assert response.status_code == 200, response.json()
    data = response.json()
    task.refresh_from_db()
    assert data["id"] == task.pk and data["status"] == task.status and "light" in data
    assert task.events.count() == before + 1


@pytest.mark.parametrize("action, state, username, body", TRANSITIONS)
def test_each_transition_from_the_wrong_state_is_a_409(api_as, task_in, action, state, username, body):
    task = task_in(WRONG_STATE[action])
    before = (task.status, task.events.count())
    response = post(api_as(username), task, action, body)
    assert response.status_code == 409, (action, response.json())
    assert response.json()["code"] == "wrong_state" and "任务当前状态为" in response.json()["detail"]
    task.refresh_from_db()
    assert (task.status, task.events.count()) == before


@pytest.mark.parametrize("action, state, username, body", TRANSITIONS)
def test_each_transition_by_the_wrong_person_is_a_403_or_404(api_as, task_in, action, state, username, body):
    task = task_in(state)
    before = (task.status, task.events.count())
    visible, invisible = WRONG_PEOPLE[action]
    denied = post(api_as(visible), task, action, body)
    assert denied.status_code == 403, (action, visible, denied.json())
    assert denied.json()["code"] == "permission_denied"
    hidden = post(api_as(invisible), task, action, body)
    assert hidden.status_code == 404 and hidden.json() == NOT_FOUND
    for admin in ADMINS:
        assert post(api_as(admin), task, action, body).status_code == 403
    task.refresh_from_db()
    assert (task.status, task.events.count()) == before


@pytest.mark.parametrize("action, state, username, body", TRANSITIONS)
@pytest.mark.parametrize("forged", ["999999", "abc"])
def test_each_transition_on_a_forged_id_is_a_404(api_as, demo, action, state, username, body, forged):
    response = post(api_as(username), forged, action, body)
    assert response.status_code == 404 and response.json() == NOT_FOUND


def test_the_creator_and_assigner_reopen_no_approved_close_out_and_are_told_whom_to_ask(api_as, task_in):
    task = task_in("closed")
    denied = post(api_as("bgs-staff"), task, "reopen", {"reason": "还需补充"})
    assert denied.status_code == 403 and denied.json() == {
        "detail": "已销号的任务由有权审批其销号的领导（分管领导或上级负责人）重新打开；"
        "创建人、交办人和责任人认为需要重新打开的，请向分管领导提出",
        "code": "permission_denied",
    }
    assert Task.objects.get(pk=task.pk).status == "closed"


# ---------------------------------------------------------------- idempotency


def test_double_submit_with_the_same_key_has_one_effect(api_as, task_in):
    task = task_in("acknowledged")
    client = api_as("gb1-staff")
    body = {"progress_text": "已走访", "percent": 30}
    first = post(client, task, "feedback", body, HTTP_IDEMPOTENCY_KEY="k-1")
    second = post(client, task, "feedback", body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json() and second["Idempotent-Replayed"] == "true"
    assert task.feedback.count() == 1 and task.events.filter(kind=EventKind.FEEDBACK).count() == 1


def test_the_same_key_with_another_body_is_a_409(api_as, task_in):
    task = task_in("acknowledged")
    client = api_as("gb1-staff")
    post(client, task, "feedback", {"progress_text": "一", "percent": 30}, HTTP_IDEMPOTENCY_KEY="k-2")
    response = post(
        client, task, "feedback", {"progress_text": "二", "percent": 50}, HTTP_IDEMPOTENCY_KEY="k-2"
    )
    assert response.status_code == 409 and response.json()["code"] == "idempotency_key_reused"
    assert task.feedback.count() == 1


def test_a_create_with_the_same_key_creates_once(api_as, demo):
    client = api_as("bgs-staff")
    body = {"title": "一次", "lead_unit": demo["gb1"]}
    ids = {
        client.post("/api/v1/tasks/", body, format="json", HTTP_IDEMPOTENCY_KEY="c-1").json()["id"]
        for _ in range(3)
    }
    assert len(ids) == 1 and Task.objects.filter(title="一次").count() == 1


def test_a_failed_request_records_nothing_and_can_be_retried(api_as, task_in):
    task = task_in("assigned")
    client = api_as("gb1-head")
    assert post(client, task, "return", {"reason": ""}, HTTP_IDEMPOTENCY_KEY="r-1").status_code == 400
    assert post(client, task, "return", {"reason": ""}, HTTP_IDEMPOTENCY_KEY="r-1").status_code == 400
    # The client fixes the body under a new key; the old one did nothing.
    assert (
        post(client, task, "return", {"reason": "不属于本科"}, HTTP_IDEMPOTENCY_KEY="r-2").status_code == 200
    )


def test_keys_are_per_user(api_as, task_in):
    task = task_in("acknowledged")
    body = {"progress_text": "同一个键", "percent": 30}
    post(api_as("gb1-staff"), task, "feedback", body, HTTP_IDEMPOTENCY_KEY="shared")
    post(api_as("gb1-head"), task, "feedback", body, HTTP_IDEMPOTENCY_KEY="shared")
    assert task.feedback.count() == 2


# ---------------------------------------------------------------- feedback and files


def test_feedback_with_files_lists_download_urls(api_as, task_in, settings):
    task = task_in("acknowledged")
    files = [
        SimpleUploadedFile("进展.docx", office_file(".docx")),
        SimpleUploadedFile("照片.jpg", jpeg(800, 600)),
    ]
    response = post(
        api_as("gb1-staff"),
        task,
        "feedback",
        {"progress_text": "附材料", "percent": 50, "files": files},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    listed = api_as("deputy1").get(f"/api/v1/tasks/{task.pk}/feedback/").json()
    assert listed["count"] == 1
    report = listed["results"][0]
    assert {"late", "period_due", "percent", "progress_text", "files"} <= set(report)
    assert report["late"] is False and report["period_due"]
    assert sorted(f["name"] for f in report["files"]) == ["照片.jpg", "进展.docx"]
    assert all(f["url"].startswith("/tasks/files/") and f["url"].endswith("/") for f in report["files"])


def test_a_broken_photo_with_a_report_is_refused_as_a_file_and_nothing_is_kept(api_as, task_in):
    task = task_in("acknowledged")
    response = post(
        api_as("gb1-staff"),
        task,
        "feedback",
        {
            "progress_text": "附照片",
            "percent": 50,
            "files": [SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff\xe0")],
        },
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "file_content" and "“照片.jpg”已损坏" in body["detail"]
    assert "photos" not in body.get("errors", {})  # a report's field is files, not the visits' photos
    assert not task.feedback.exists()


@pytest.mark.parametrize(
    ("name", "how"),
    [("宏.docx", "named"), ("宏.xlsx", "named"), ("宏3.docx", "main"), ("宏2.docx", "disguised")],
)
def test_an_attachment_carrying_vba_is_refused_like_a_docm(api_as, task_in, name, how):
    task = task_in("acknowledged")
    response = post(
        api_as("gb1-staff"),
        task,
        "feedback",
        {
            "progress_text": "x",
            "percent": 41,
            "files": [SimpleUploadedFile(name, macro_office_file(name[-5:], how))],
        },
        format="multipart",
    )
    assert response.status_code == 400 and response.json()["code"] == "file_macro"
    assert "含有宏" in response.json()["detail"] and task.feedback.count() == 0


@pytest.mark.parametrize(
    "name, size, code", [("run.exe", 10, "file_type"), ("big.pdf", 1024 * 1024 + 1, "file_too_big")]
)
def test_forbidden_or_oversized_files_are_a_400_and_change_nothing(
    api_as, task_in, settings, name, size, code
):
    settings.LUOSHI_MAX_UPLOAD_MB = 1
    task = task_in("acknowledged")
    upload = SimpleUploadedFile(name, b"x" * size)
    for action, body in (
        ("feedback", {"progress_text": "x", "percent": 5}),
        ("request-close", {"evidence_text": "x"}),
    ):
        response = post(api_as("gb1-staff"), task, action, {**body, "files": [upload]}, format="multipart")
        assert response.status_code == 400 and response.json()["code"] == code
        upload.seek(0)
    task.refresh_from_db()
    assert (
        task.status == TaskStatus.ACKNOWLEDGED
        and not task.feedback.exists()
        and not task.attachments.exists()
    )


def test_late_feedback_is_marked(api_as, task_in, today):
    task = task_in("acknowledged")
    Task.objects.filter(pk=task.pk).update(next_report_due=today - dt.timedelta(days=2))
    post(api_as("gb1-staff"), task, "feedback", {"progress_text": "迟报", "percent": 5})
    report = api_as("gb1-staff").get(f"/api/v1/tasks/{task.pk}/feedback/").json()["results"][0]
    assert report["late"] is True and report["period_due"] == (today - dt.timedelta(days=2)).isoformat()


def test_a_parent_reports_without_a_percent_and_keeps_the_one_derived_from_below(api_as, make_task, user):
    parent = make_task(acknowledge=True)
    child = make_task(parent=parent, acknowledge=True, title="子任务")
    services.submit_feedback(child, actor=user("gb1-staff"), progress_text="进展", percent=40)
    staff = api_as("gb1-staff")
    assert post(staff, parent, "feedback", {"progress_text": "汇总：子任务推进中"}).status_code == 200
    assert post(staff, parent, "feedback", {"progress_text": "再报", "percent": 90}).status_code == 200
    reports = staff.get(f"/api/v1/tasks/{parent.pk}/feedback/").json()["results"]
    assert [r["percent"] for r in reports] == [40, 40]
    assert staff.get(f"/api/v1/tasks/{parent.pk}/").json()["progress"] == 40


def test_a_task_without_sub_tasks_must_give_its_percent(api_as, task_in):
    task = task_in("acknowledged")
    response = post(api_as("gb1-staff"), task, "feedback", {"progress_text": "进展"})
    assert response.status_code == 400 and "完成百分比应为0到100之间的整数" in response.content.decode()
    assert not task.feedback.exists()


# ---------------------------------------------------------------- extensions


def test_extension_refusal_needs_a_reason_and_a_second_decision_is_a_409(api_as, task_in, user):
    task = task_in("acknowledged")
    extension = services.request_extension(
        task, actor=user("gb1-staff"), new_due_date=dt.date(2099, 1, 1), reason="需要时间"
    )
    deputy = api_as("deputy1")
    empty = deputy.post(f"/api/v1/extensions/{extension.pk}/refuse/", {"reason": ""}, format="json")
    assert empty.status_code == 400
    refused = deputy.post(
        f"/api/v1/extensions/{extension.pk}/refuse/", {"reason": "时限不能再延"}, format="json"
    )
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    again = deputy.post(f"/api/v1/extensions/{extension.pk}/approve/", {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_decided"


def test_a_deadline_beyond_the_horizon_is_refused_for_an_extension_and_for_the_task_alike(api_as, task_in):
    task = task_in("acknowledged")
    staff = api_as("gb1-staff")
    far = post(staff, task, "request-extension", {"new_due_date": "9999-12-31", "reason": "需要时间"})
    assert far.status_code == 400 and far.json()["code"] == "due_too_far"
    assert far.json()["detail"] == "申请的完成时限 9999-12-31 太远，不能晚于2099年12月31日，请检查年份"
    assert not task.extensions.exists()
    created = api_as("bgs-staff").post(
        "/api/v1/tasks/",
        {"title": "开展专题调研", "lead_unit": task.lead_unit_id, "due_date": "2100-01-01"},
        format="json",
    )
    assert created.status_code == 400 and created.json()["code"] == "due_too_far"
    assert "完成时限 2100-01-01 太远" in created.json()["detail"]
    last = post(staff, task, "request-extension", {"new_due_date": "2099-12-31", "reason": "需要时间"})
    assert last.status_code == 200 and task.extensions.get().new_due_date == dt.date(2099, 12, 31)


def test_an_extension_of_a_cancelled_task_says_so_once(api_as, task_in, user):
    task = task_in("acknowledged")
    extension = services.request_extension(
        task, actor=user("gb1-staff"), new_due_date=dt.date(2099, 1, 1), reason="需要时间"
    )
    services.cancel(task, actor=user("bgs-staff"), reason="不再需要")
    response = api_as("deputy1").post(f"/api/v1/extensions/{extension.pk}/approve/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == "任务已撤销，这条延期申请无需再审批"


@pytest.mark.parametrize(
    "username, expected",
    [
        ("gb1-staff", 403),
        ("gb1-head", 200),
        ("gb2-head", 404),
        ("deputy2", 404),
        ("admin", 403),
        ("head", 200),
    ],
)
def test_who_decides_an_extension(api_as, task_in, user, username, expected):
    task = task_in("acknowledged")
    extension = services.request_extension(
        task, actor=user("gb1-staff"), new_due_date=dt.date(2099, 1, 1), reason="需要时间"
    )
    response = api_as(username).post(f"/api/v1/extensions/{extension.pk}/approve/", {}, format="json")
    assert response.status_code == expected
    extension.refresh_from_db()
    assert (extension.status == ExtensionStatus.APPROVED) == (expected == 200)


def test_extensions_list_only_visible_ones(api_as, make_task, user):
    for lead in ("gb1", "gb2"):
        task = make_task(lead=lead, acknowledge=True)
        services.request_extension(
            task, actor=user(f"{lead}-head"), new_due_date=dt.date(2099, 1, 1), reason="需要时间"
        )
    count = lambda username: (
        api_as(username).get("/api/v1/extensions/", {"status": "pending"}).json()["count"]
    )
    assert (
        count("gb1-staff") == 1 and count("gb2-head") == 1 and count("deputy1") == 2 and count("deputy2") == 0
    )
    assert count("bgs-staff") == 2  # the assigner sees the requests on what they assigned
    assert api_as("deputy1").get("/api/v1/extensions/", {"status": "approved"}).json()["count"] == 0
    assert ExtensionRequest.objects.count() == 2


# ---------------------------------------------------------------- filters, ordering, pagination


@pytest.fixture
def spread(make_task, user, today):
    """Four tasks: a red one, a yellow one, a green key one, a draft."""
    red = make_task(acknowledge=True, title="逾期的任务", due_date=today + dt.timedelta(days=1))
    Task.objects.filter(pk=red.pk).update(due_date=today - dt.timedelta(days=3))
    rollup.refresh(red)
    yellow = make_task(acknowledge=True, title="快到期的任务", due_date=today + dt.timedelta(days=1))
    green = make_task(
        acknowledge=True,
        title="重点调研",
        is_key=True,
        due_date=today + dt.timedelta(days=60),
        description="关于年轻干部",
    )
    draft = make_task(lead="gb2", title="草稿", due_date=today + dt.timedelta(days=10))
    return {"red": red, "yellow": yellow, "green": green, "draft": draft}


def ids(client, **params):
    return [t["id"] for t in client.get("/api/v1/tasks/", params).json()["results"]]


def test_filters(api_as, spread, demo, today):
    head = api_as("head")
    pk = {k: v.pk for k, v in spread.items()}
    assert ids(head, light="red") == [pk["red"]]
    assert set(ids(head, light="red,yellow")) == {pk["red"], pk["yellow"]}
    assert ids(head, light="none") == [pk["draft"]]
    assert ids(head, status="draft") == [pk["draft"]]
    assert set(ids(head, status="acknowledged")) == {pk["red"], pk["yellow"], pk["green"]}
    assert ids(head, lead_unit=demo["gb2"]) == [pk["draft"]]
    assert len(ids(head, leader=person("deputy1"))) == 4 and ids(head, leader=person("deputy2")) == []
    assert ids(head, is_key="true") == [pk["green"]]
    assert set(ids(head, due_before=(today + dt.timedelta(days=10)).isoformat())) == {
        pk["red"],
        pk["yellow"],
        pk["draft"],
    }
    assert ids(head, due_after=(today + dt.timedelta(days=11)).isoformat()) == [pk["green"]]
    assert ids(head, overdue="true") == [pk["red"]]
    assert pk["red"] not in ids(head, overdue="false") and len(ids(head, overdue="false")) == 3
    assert ids(head, q="年轻干部") == [pk["green"]]
    assert ids(head, parent=pk["green"]) == []


def test_owner_and_directive_filters(api_as, make_task, speech):
    owned = make_task(owner=Person.objects.get(user__username="gb1-staff"), directive=speech)
    make_task()
    assert ids(api_as("head"), owner=person("gb1-staff")) == [owned.pk]
    assert ids(api_as("head"), directive=speech.pk) == [owned.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "done"},
        {"light": "blue"},
        {"ordering": "title"},
        {"due_before": "明天"},
        {"overdue": "maybe"},
    ],
)
def test_bad_filter_values_are_a_400(api_as, demo, params):
    response = api_as("head").get("/api/v1/tasks/", params)
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_ordering(api_as, spread):
    head = api_as("head")
    pk = {k: v.pk for k, v in spread.items()}
    assert ids(head, ordering="light") == [pk["red"], pk["yellow"], pk["green"], pk["draft"]]
    assert ids(head, ordering="-light")[0] == pk["draft"]
    assert ids(head, ordering="due_date") == [pk["red"], pk["yellow"], pk["draft"], pk["green"]]
    assert ids(head, ordering="-due_date")[0] == pk["green"]
    services.update_task(pk["yellow"], actor=spread["yellow"].created_by, title="刚改过的")
    assert ids(head, ordering="-updated_at")[0] == pk["yellow"]


def test_pagination_format_and_cap(api_as, make_task):
    for i in range(3):
        make_task(title=f"任务{i}")
    data = api_as("head").get("/api/v1/tasks/", {"page_size": 2}).json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 3 and len(data["results"]) == 2 and data["next"] and data["previous"] is None
    second = api_as("head").get(data["next"]).json()
    assert len(second["results"]) == 1 and second["previous"] and second["next"] is None
    assert api_as("head").get("/api/v1/tasks/", {"page_size": 1000}).status_code == 200


def test_page_size_is_capped_at_200(api_as, make_task, user, demo):
    from luoshi.org.models import Unit

    gb1 = Unit.objects.get(code="gb1")
    for i in range(205):
        Task.objects.create(title=f"批量{i}", lead_unit=gb1, created_by=user("bgs-staff"), tree_path="/")
    data = api_as("head").get("/api/v1/tasks/", {"page_size": 1000}).json()
    assert data["count"] == 205 and len(data["results"]) == 200


def queries(client, path, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, {"page_size": 200, **params})
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()["count"]


@pytest.mark.parametrize("username", ["head", "gb1-staff", "deputy1"])
def test_list_queries_do_not_grow_with_rows(api_as, make_task, user, username):
    from luoshi.org.models import Unit

    co_units = list(Unit.objects.filter(code__in=["bgs", "gb2"]))

    def grow(n):
        for i in range(n):
            parent = make_task(
                acknowledge=True,
                title=f"任务{i}",
                co_units=co_units,
                owner=Person.objects.get(user__username="gb1-staff"),
            )
            if i % 3 == 0:
                make_task(parent=parent, title=f"子任务{i}")
            services.request_extension(
                parent, actor=user("gb1-staff"), new_due_date=dt.date(2099, 1, 1), reason="需要时间"
            )

    grow(3)
    small = {path: queries(api_as(username), path) for path in ("/api/v1/tasks/", "/api/v1/extensions/")}
    grow(27)
    large = {path: queries(api_as(username), path) for path in ("/api/v1/tasks/", "/api/v1/extensions/")}
    for path, (small_queries, small_bytes) in small.items():
        assert large[path][1] > small_bytes * 5, path
        assert large[path][0] == small_queries, (path, small[path], large[path])


def test_history_and_feedback_queries_do_not_grow(api_as, task_in, user):
    task = task_in("acknowledged")

    def report(n):
        for i in range(n):
            services.submit_feedback(
                task,
                actor=user("gb1-staff"),
                progress_text=f"第{i}次",
                percent=i,
                files=[SimpleUploadedFile(f"f{i}.txt", b"x")],
            )

    report(2)
    small = [queries(api_as("deputy1"), f"/api/v1/tasks/{task.pk}/{s}/") for s in ("history", "feedback")]
    report(10)
    large = [queries(api_as("deputy1"), f"/api/v1/tasks/{task.pk}/{s}/") for s in ("history", "feedback")]
    assert [q for q, _ in small] == [q for q, _ in large]


# ---------------------------------------------------------------- schema

API_PATHS = [
    "/api/v1/directives/",
    "/api/v1/directives/{id}/",
    "/api/v1/directives/{id}/requirements/",
    "/api/v1/requirements/{id}/accept/",
    "/api/v1/requirements/{id}/reject/",
    "/api/v1/tasks/",
    "/api/v1/tasks/{id}/",
    "/api/v1/tasks/{id}/feedback/",
    "/api/v1/tasks/{id}/history/",
    *[
        f"/api/v1/tasks/{{id}}/{a}/"
        for a in (
            "assign",
            "acknowledge",
            "return",
            "request-extension",
            "request-close",
            "approve-close",
            "reject-close",
            "reopen",
            "cancel",
        )
    ],
    "/api/v1/extensions/",
    "/api/v1/extensions/{id}/approve/",
    "/api/v1/extensions/{id}/refuse/",
    "/api/v1/units/",
    "/api/v1/people/",
    "/api/v1/me/",
    "/api/v1/auth/token/",
]


def test_schema_lists_every_path_of_api_md(api_as, demo):
    schema = api_as("head").get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    missing = [p for p in API_PATHS if p not in schema["paths"]]
    assert not missing
    tasks = schema["paths"]["/api/v1/tasks/"]
    assert {"get", "post"} <= set(tasks) and "patch" in schema["paths"]["/api/v1/tasks/{id}/"]
    assert "put" not in schema["paths"]["/api/v1/tasks/{id}/"]
    feedback = schema["paths"]["/api/v1/tasks/{id}/feedback/"]
    assert {"get", "post"} <= set(feedback)
    assert "multipart/form-data" in feedback["post"]["requestBody"]["content"]
    for path in API_PATHS[:-4]:
        for method, operation in schema["paths"][path].items():
            if method == "post":
                assert any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", [])), path
                assert {"403", "404"} & set(operation["responses"]) or path.endswith("/directives/"), path
    params = {p["name"] for p in tasks["get"]["parameters"]}
    assert {
        "status",
        "light",
        "lead_unit",
        "leader",
        "owner",
        "directive",
        "parent",
        "is_key",
        "due_before",
        "due_after",
        "overdue",
        "q",
        "ordering",
        "page",
        "page_size",
    } <= params
    light = schema["components"]["schemas"]["Task"]["properties"]["light"]
    assert light.get("readOnly") or "enum" in str(light)


# ---------------------------------------------------------------- representation


def test_a_list_row_reads_exactly_as_drf_serializes_the_task(make_task, today):
    """TaskSerializer writes its dictionary by hand (docs/benchmarks.md says what that buys): DRF's own
    fields are the reference, key for key and value for value, on a parent with a co-unit and its
    sub-task. A field added to Meta.fields and not to the hand-written dictionary fails here."""
    from django.db.models import F
    from rest_framework import serializers

    from luoshi.tasks.api import TaskSerializer
    from luoshi.tasks.lights import with_lights
    from luoshi.tasks.queries import late_rows

    parent = make_task(acknowledge=True, co_units=[Unit.objects.get(code="zz1")], is_key=True)
    child = make_task(parent=parent, title="子任务", due_date=today + dt.timedelta(days=3))
    ids = [parent.pk, child.pk]
    reference = {
        task.pk: serializers.ModelSerializer.to_representation(TaskSerializer(), task)
        for task in with_lights(Task.objects.filter(pk__in=ids), today).annotate(
            parent_title=F("parent__title"),
            directive_title=F("directive__title"),
            owner_name=F("owner__name"),
            leader_name=F("leader__name"),
        )
    }
    rows = [TaskSerializer().to_representation(row) for row in late_rows(ids, today)]
    assert [list(row) for row in rows] == [list(TaskSerializer().fields)] * 2
    assert rows == [reference[pk] for pk in ids]
    assert rows[0]["co_units"] and rows[1]["parent"] == parent.pk


class TestTaskAPIAccess(APITests):
    path = "/api/v1/tasks/{pk}/"
    refused_status = 403  # an administrator's account is refused the business API before any lookup

    def make(self, unit):
        return task_of(unit)
