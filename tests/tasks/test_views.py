"""Task pages for every role; actions through the browser's forms; lists in constant queries."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.core.errors import Conflict, Forbidden
from luoshi.org.choices import Role
from luoshi.org.models import Person
from luoshi.tasks import services
from luoshi.tasks.choices import EventKind, TaskStatus
from luoshi.tasks.models import Task, TaskEvent
from tests.conftest import ROLE_ACCOUNTS
from tests.factories import office_file, task_of
from tests.testing import ViewTests, world  # noqa: F401  (fixture)

BUSINESS = {"staff", "section_head", "deputy", "head", "inspector"}
LEADERS = {"section_head", "deputy", "head", "inspector"}
PAGES = {"/tasks/": BUSINESS, "/tasks/inbox/": BUSINESS, "/tasks/new/": BUSINESS, "/tasks/overview/": LEADERS}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_page_permissions(client_as, demo, path, role):
    response = client_as(ROLE_ACCOUNTS[role]).get(path)
    assert response.status_code == (200 if role in PAGES[path] else 403), (path, role)


@pytest.mark.parametrize(
    "username, status",
    [
        ("gb1-staff", 200),
        ("gb1-head", 200),
        ("deputy1", 200),
        ("head", 200),
        ("inspector", 200),
        ("bgs-staff", 200),
        ("gb2-head", 404),
        ("deputy2", 404),
        ("admin", 404),
    ],
)
def test_task_page_is_visible_to_its_people_only(client_as, make_task, username, status):
    task = make_task(assign=True)
    assert client_as(username).get(f"/tasks/{task.pk}/").status_code == status


def test_the_timeline_names_each_actor_and_the_system(client_as, make_task):
    task = make_task(assign=True)
    TaskEvent.objects.create(task=task, actor=None, kind=EventKind.ESCALATED, note="超期未报，系统督办")
    page = client_as("gb1-staff").get(f"/tasks/{task.pk}/").content.decode()
    timeline = page[page.index("ls-timeline") :]
    actor = Person.objects.get(user__username="bgs-staff").name
    assert f'<span class="badge text-bg-info">交办</span> {actor}</span>' in timeline
    assert "</span> 系统</span>" in timeline and "超期未报，系统督办" in timeline


def test_forged_task_ids_are_404(client_as, demo):
    client = client_as("head")
    assert client.get("/tasks/999999/").status_code == 404
    assert client.post("/tasks/999999/do/assign/").status_code == 404
    assert client.get("/tasks/files/not-a-token/").status_code == 404


def test_the_whole_loop_through_the_forms(client_as, make_task):
    task = make_task(assign=True)
    head, staff, deputy = client_as("gb1-head"), client_as("gb1-staff"), client_as("deputy1")
    assert "待签收" in head.get("/tasks/inbox/").content.decode()
    head.post(f"/tasks/{task.pk}/do/acknowledge/")
    staff.post(
        f"/tasks/{task.pk}/do/feedback/",
        {
            "progress_text": "已完成摸底",
            "percent": 60,
            "difficulties": "",
            "next_steps": "形成报告",
            "files": [SimpleUploadedFile("摸底表.xlsx", office_file(".xlsx"))],
        },
    )
    page = staff.post(f"/tasks/{task.pk}/do/request_close/", {"evidence_text": "报告已印发"}, follow=True)
    assert "销号申请已提交" in page.content.decode()
    assert "待审批销号" in deputy.get("/tasks/inbox/").content.decode()
    deputy.post(f"/tasks/{task.pk}/do/approve_close/")
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED


def test_a_double_submitted_approval_is_a_chinese_message_not_a_second_effect(client_as, make_task, user):
    task = make_task(acknowledge=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    deputy = client_as("deputy1")
    deputy.post(f"/tasks/{task.pk}/do/approve_close/")
    page = deputy.post(f"/tasks/{task.pk}/do/approve_close/", follow=True).content.decode()
    assert "任务当前状态为“已销号”，不能批准销号" in page
    assert task.events.filter(kind="close_approved").count() == 1


def test_staff_cannot_approve_through_the_form(client_as, make_task, user):
    task = make_task(acknowledge=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    page = client_as("gb1-staff").post(f"/tasks/{task.pk}/do/approve_close/", follow=True).content.decode()
    assert "延期和销号申请由分管领导或上级负责人审批" in page
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSE_REQUESTED


def test_a_past_due_date_on_creation_is_refused_in_chinese(client_as, demo):
    response = client_as("bgs-staff").post(
        "/tasks/new/",
        {
            "title": "补报材料",
            "lead_unit": demo["gb1"],
            "due_date": "2020-01-01",
            "cadence": "once",
            "weight": 1,
            "finish_standard": "材料齐全",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "已经过去" in _errors_beside(page, "id_due_date"), "the error stands beside the deadline"
    assert 'value="补报材料"' in page and "材料齐全" in page


def test_a_title_with_a_line_break_is_refused_beside_it_by_the_form_and_the_api(
    client_as, api_as, demo, today
):
    """A title is one line on every door: the form and the API ask the same rule."""
    due = (today + dt.timedelta(days=20)).isoformat()
    body = {"title": "补报\n材料", "lead_unit": demo["gb1"], "due_date": due, "cadence": "once", "weight": 1}
    response = client_as("bgs-staff").post("/tasks/new/", {**body, "finish_standard": "材料齐全"})
    page = response.content.decode()
    assert response.status_code == 400 and "任务名称应写在一行内" in _errors_beside(page, "id_title")
    assert "材料齐全" in page
    answer = api_as("bgs-staff").post("/api/v1/tasks/", body, format="json")
    assert answer.status_code == 400 and answer.json()["code"] == "title_multiline"
    assert "任务名称应写在一行内" in answer.json()["detail"]
    assert not Task.objects.filter(title__startswith="补报").exists()


def test_an_edit_the_unit_has_no_right_to_answers_403_as_typed(client_as, make_task):
    task = make_task(acknowledge=True)
    data = {
        "title": "改个名",
        "lead_unit": task.lead_unit_id,
        "leader": task.leader_id,
        "due_date": task.due_date.isoformat(),
        "cadence": task.cadence,
        "weight": task.weight,
        "finish_standard": task.finish_standard,
    }
    response = client_as("gb1-head").post(f"/tasks/{task.pk}/edit/", data)
    assert response.status_code == 403 and 'value="改个名"' in response.content.decode()
    task.refresh_from_db()
    assert task.title != "改个名"


def test_a_changed_deadline_on_the_edit_page_is_refused_beside_it_with_the_way_to_extend(
    client_as, make_task
):
    task = make_task(acknowledge=True)
    due = task.due_date
    later = (due + dt.timedelta(days=300)).isoformat()
    data = {
        "title": task.title,
        "description": "补充说明",
        "lead_unit": task.lead_unit_id,
        "leader": task.leader_id,
        "due_date": later,
        "cadence": task.cadence,
        "weight": task.weight,
        "finish_standard": task.finish_standard,
    }
    response = client_as("bgs-staff").post(f"/tasks/{task.pk}/edit/", data)
    page = response.content.decode()
    assert response.status_code == 409 and "已保存修改" not in page
    assert "申请延期" in _errors_beside(page, "id_due_date") and f'value="{later}"' in page
    task.refresh_from_db()
    assert task.due_date == due and task.description != "补充说明"
    data["due_date"] = due.isoformat()
    assert client_as("bgs-staff").post(f"/tasks/{task.pk}/edit/", data).status_code == 302
    task.refresh_from_db()
    assert task.description == "补充说明"


def test_files_are_downloads_for_viewers_only(client_as, make_task, user):
    task = make_task(acknowledge=True)
    feedback = services.submit_feedback(
        task,
        actor=user("gb1-staff"),
        progress_text="x",
        percent=10,
        files=[SimpleUploadedFile("说明.pdf", b"%PDF-1.4 test")],
    )
    token = feedback.files.get().token
    response = client_as("deputy1").get(f"/tasks/files/{token}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert client_as("gb2-head").get(f"/tasks/files/{token}/").status_code == 404


def test_exports_and_downloads_are_audit_events_with_the_source_address(client_as, make_task, user):
    from luoshi.accounts.models import SecurityEvent

    task = make_task(acknowledge=True)
    feedback = services.submit_feedback(
        task,
        actor=user("gb1-staff"),
        progress_text="x",
        percent=10,
        files=[SimpleUploadedFile("说明.pdf", b"%PDF-1.4 test")],
    )
    attachment = feedback.files.get()
    client = client_as("deputy1")
    b"".join(client.get("/tasks/export.xlsx", {"is_key": "true"}, REMOTE_ADDR="10.1.2.3").streaming_content)
    client.get(f"/tasks/files/{attachment.token}/", REMOTE_ADDR="10.1.2.4")
    client_as("gb2-head").get(f"/tasks/files/{attachment.token}/")  # refused: not a download
    export, download = SecurityEvent.objects.filter(kind__in=["export", "file_download"]).order_by("id")
    assert (export.kind, export.username, export.ip_address, export.target) == (
        "export",
        "deputy1",
        "10.1.2.3",
        "任务台账",
    )
    assert export.detail == {"format": "xlsx", "filters": "is_key=true"}
    assert (download.kind, download.username, download.ip_address, download.target) == (
        "file_download",
        "deputy1",
        "10.1.2.4",
        "说明.pdf",
    )
    assert download.detail == {"task": task.pk, "attachment": attachment.pk}


@pytest.mark.parametrize("path", ["/tasks/", "/tasks/inbox/", "/tasks/overview/"])
def test_list_pages_run_a_constant_number_of_queries(client_as, make_task, path):
    client = client_as("head")
    make_task(assign=True)
    client.get(path)  # the working-day calendar loads once per process
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    for i in range(12):
        make_task(assign=True, title=f"任务{i}", lead=["gb1", "gb2", "zz1"][i % 3])
    with CaptureQueriesContext(connection) as many:
        client.get(path)
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_a_double_submitted_feedback_form_is_recorded_once(client_as, make_task):
    task = make_task(acknowledge=True)
    staff = client_as("gb1-staff")
    form = {"progress_text": "完成摸底", "percent": 30, "form_key": "k-123"}
    staff.post(f"/tasks/{task.pk}/do/feedback/", form)
    page = staff.post(f"/tasks/{task.pk}/do/feedback/", form, follow=True).content.decode()
    assert "这张表单已经提交过了" in page
    assert task.feedback.count() == 1


def test_a_refused_form_can_be_sent_again_with_the_same_key(client_as, make_task):
    task = make_task(acknowledge=True)
    staff = client_as("gb1-staff")
    staff.post(f"/tasks/{task.pk}/do/feedback/", {"progress_text": "x", "percent": 300, "form_key": "k-9"})
    staff.post(f"/tasks/{task.pk}/do/feedback/", {"progress_text": "x", "percent": 30, "form_key": "k-9"})
    assert task.feedback.count() == 1


def test_a_forged_filter_value_is_a_chinese_message_not_an_error(client_as, make_task):
    make_task()
    page = client_as("head").get("/tasks/", {"status": "bogus", "light": "purple"})
    assert page.status_code == 200 and "筛选条件有误" in page.content.decode()


OVERVIEW_ROW = re.compile(
    r'<tr><td>(?:<a href="\?unit=(?P<drill>\d+)"[^>]*>)?(?P<name>[^<]+?) ?(?:<i [^>]*></i></a>)?'
    r'(?P<own> <span class="text-muted small">本级</span>)?</td>\s*'
    r"<td[^>]*>(?:<a [^>]*>)?(?P<red>\d+)(?:</a>)?</td><td[^>]*>(?:<a [^>]*>)?(?P<yellow>\d+)(?:</a>)?</td>"
    r"<td[^>]*>(?:<a [^>]*>)?(?P<green>\d+)(?:</a>)?</td>"
)


def _overview_rows(response) -> dict[str, dict]:
    """The 各单位情况 table in its order, by unit code (":own": the standing unit's own tasks)."""
    from luoshi.org.models import Unit

    code_of = {unit.display_name: unit.code for unit in Unit.objects.all()}
    html = response.content.decode()
    table = html[html.index("各单位情况") : html.index('<i class="bi bi-alarm"></i> 红灯任务')]
    return {
        code_of[row["name"]] + (":own" if row["own"] else ""): {
            "red": int(row["red"]),
            "open": int(row["red"]) + int(row["yellow"]) + int(row["green"]),
            "drill": row["drill"] is not None,
        }
        for row in OVERVIEW_ROW.finditer(table)
    }


def _overview_totals(response) -> dict[str, int]:
    """The red, yellow and green counts at the top of the page."""
    html = response.content.decode()
    return {
        light: int(re.search(rf'<div class="ls-stat-n text-{color}">(\d+)</div>', html)[1])
        for light, color in (("red", "danger"), ("yellow", "warning"), ("green", "success"))
    }


def _overdue_ids(response) -> list[int]:
    """The tasks in the 红灯任务 list, in its order."""
    html = response.content.decode()
    overdue = html[html.index('<i class="bi bi-alarm"></i> 红灯任务') :]
    return [int(pk) for pk in re.findall(r'class="ls-task-title" href="/tasks/(\d+)/"', overdue)]


def test_overview_reads_one_level_down_and_drills_into_a_unit(client_as, make_task, user, today, demo):
    import datetime as dt

    from luoshi.tasks import rollup
    from luoshi.tasks.models import Task

    late = make_task(acknowledge=True, title="逾期的")
    Task.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=2))
    rollup.refresh(late)
    make_task(acknowledge=True, lead="gb2")
    head = client_as("head")
    rows = _overview_rows(head.get("/tasks/overview/"))
    assert rows["gb1"] == {"red": 1, "open": 1, "drill": False} and rows["gb2"]["open"] == 1
    assert next(iter(rows)) == "gb1", "red first"
    assert "jcq" in rows and "swzzb:own" not in rows, (
        "a county with no work still shows; an empty own row does not"
    )
    drilled = head.get("/tasks/overview/", {"unit": demo["gb1"]})
    assert list(_overview_rows(drilled)) == ["gb1:own"] and _overdue_ids(drilled) == [late.pk]
    deputy = _overview_rows(client_as("deputy1").get("/tasks/overview/"))
    assert set(deputy) == {"bgs", "gb1", "gb2"}


@pytest.mark.parametrize("unit", ["999999", "abc", "zz1"])
def test_overview_refuses_a_unit_out_of_reach(client_as, demo, unit):
    response = client_as("deputy1").get("/tasks/overview/", {"unit": demo.get(unit, unit)})
    assert response.status_code == 404


def test_overview_counts_are_shared_for_a_minute_and_the_overdue_list_is_live(
    client_as, make_task, settings, today
):
    import datetime as dt

    from luoshi.tasks import rollup
    from luoshi.tasks.models import Task

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "overview-test"}
    }
    from django.core.cache import cache

    cache.clear()
    make_task(acknowledge=True)
    first = client_as("head").get("/tasks/overview/")
    late = make_task(acknowledge=True, title="新逾期")
    Task.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=1))
    rollup.refresh(late)
    again = client_as("inspector").get("/tasks/overview/")
    assert _overview_totals(again) == _overview_totals(first), "the same reach reads the same minute's counts"
    assert _overdue_ids(again) == [late.pk]
    assert "每分钟更新" in again.content.decode()
    cache.clear()


def test_ledger_filter_choices_are_shared_for_a_minute_per_reach(client_as, make_task, demo, settings):
    from django.core.cache import cache

    from luoshi.org.models import Unit

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "choices-test"}
    }
    cache.clear()
    make_task()

    def offered_name(username):
        page = client_as(username).get("/tasks/").content.decode()
        return re.search(rf'<option value="{demo["gb1"]}"[^>]*>\u3000*([^<]*)</option>', page).group(1)

    assert offered_name("gb1-head") == "干部一科"
    Unit.objects.filter(code="gb1").update(short_name="一科")  # the ledger's column names it so
    assert offered_name("gb1-head") == "干部一科", "the same reach reads the same minute's list"
    assert offered_name("head") == "一科", "another reach has its own"
    cache.clear()
    assert offered_name("gb1-head") == "一科"


def test_the_ledger_offers_the_unit_and_leader_of_every_task_it_lists_in_constant_queries(
    client_as, make_task, settings
):
    """A task the office gave 干部一科 is in the office clerk's ledger though 干部一科 is outside her
    reach: its unit and its leader are offered to filter for, read in as many queries for one task as for
    several of several units."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "offered-test"}
    }

    def offered(client):
        cache.clear()
        with CaptureQueriesContext(connection) as read:
            page = client.get("/tasks/").content.decode()
        units = page.split('id="lead_unit"')[1].split("</select>")[0]
        leaders = page.split('id="leader"')[1].split("</select>")[0]
        return (
            re.findall(r'<option value="(\d+)"', units),
            re.findall(r'<option value="(\d+)"', leaders),
            read,
        )

    task = make_task(assign=True)
    client = client_as("bgs-staff")
    client.get("/tasks/")  # the session's first page reads more (its sign-in); not the ledger's
    units, leaders, one = offered(client)
    assert str(task.lead_unit_id) in units and str(task.leader_id) in leaders
    listed = client.get(
        "/tasks/", {"lead_unit": task.lead_unit_id, "leader": task.leader_id}
    ).content.decode()
    assert task.title in listed
    others = [make_task(assign=True, lead=code, title=f"{code}的任务") for code in ("gb2", "zz1", "rc")]
    units, leaders, many = offered(client)
    assert {str(t.lead_unit_id) for t in others} <= set(units)
    assert len(many) == len(one)
    cache.clear()


def test_the_ledger_filter_folds_behind_a_toggle_on_a_phone_saying_how_many_are_set(client_as, demo):
    client = client_as("gb1-head")
    page = client.get("/tasks/").content.decode()
    assert 'id="ledger-filters"' in page and "collapse d-md-block" in page
    assert re.search(r'data-testid="filter-toggle">.*?筛选</button>', page)
    page = client.get("/tasks/?status=assigned&is_key=true&ordering=title").content.decode()
    assert "筛选（已设 2 项）" in page


def test_the_every_task_ledger_counts_once_a_minute_and_says_so(client_as, make_task, settings):
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "count-test"}
    }
    cache.clear()
    make_task()

    def said(username, query=""):
        return re.search(
            r"共 (\d+) 项(（统计于 \d\d:\d\d，每分钟更新）)?",
            client_as(username).get(f"/tasks/{query}").content.decode(),
        ).groups()

    count, label = said("head")
    assert count == "1" and label, "the head's whole ledger says when it was counted"
    make_task(title="又一项")
    assert said("head")[0] == "1", "the same minute's count"
    assert said("head", "?status=draft") == ("2", None), "a filtered list counts live"
    assert said("gb1-head") == ("2", None), "a reach short of everything counts live"
    cache.clear()
    assert said("head")[0] == "2"


def test_the_office_sees_no_decision_buttons_for_the_sections_requests(client_as, make_task, user, today):
    """bgs-staff assigned every task: she sees the requests, never 批准."""
    task = make_task(acknowledge=True)
    services.request_extension(
        task, actor=user("gb1-staff"), new_due_date=task.due_date + dt.timedelta(days=9), reason="需要时间"
    )
    page = client_as("bgs-staff").get(f"/tasks/{task.pk}/").content.decode()
    assert "延期申请（待审批）" in page and "批准延期" not in page
    assert "批准" not in client_as("bgs-staff").get("/tasks/inbox/").content.decode()
    assert "批准延期" in client_as("gb1-head").get(f"/tasks/{task.pk}/").content.decode()
    inbox = client_as("deputy1").get("/tasks/inbox/").content.decode()
    assert 'data-testid="inbox-extensions"' in inbox and task.title in inbox


def test_a_key_close_out_shows_review_to_the_section_head_and_approval_to_the_leader_after(
    client_as, make_task, user
):
    task = make_task(acknowledge=True, is_key=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    as_head, as_deputy = client_as("gb1-head"), client_as("deputy1")
    assert "审核通过，报分管领导" in as_head.get(f"/tasks/{task.pk}/").content.decode()
    deputy_page = as_deputy.get(f"/tasks/{task.pk}/").content.decode()
    assert "待牵头单位负责人审核" in deputy_page and "批准销号" not in deputy_page
    assert task.title in as_head.get("/tasks/inbox/").content.decode()
    assert task.title not in as_deputy.get("/tasks/inbox/").content.decode()
    services.review_close(task, actor=user("gb1-head"))
    assert "批准销号" in as_deputy.get(f"/tasks/{task.pk}/").content.decode()
    assert task.title in as_deputy.get("/tasks/inbox/").content.decode()
    assert "批准销号" not in as_head.get(f"/tasks/{task.pk}/").content.decode()


def test_who_reviewed_a_close_out_is_not_asked_to_approve_it(client_as, make_task, user):
    """The department's head may review a section's key close-out, and then may not approve it
    (reviewer_decides): 我的待办 lists it for the leader in charge only."""
    task = make_task(acknowledge=True, is_key=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    services.review_close(task, actor=user("head"))
    assert task.title in client_as("deputy1").get("/tasks/inbox/").content.decode()
    assert task.title not in client_as("head").get("/tasks/inbox/").content.decode()


def test_the_policy_page_is_the_system_admins_and_saves_each_level(client_as, demo):
    from luoshi.tasks.models import DecisionPolicy

    for username in ("head", "gb1-head", "secadmin", "auditor"):
        assert client_as(username).get("/tasks/policy/").status_code == 403
    admin = client_as("admin")
    page = admin.get("/tasks/policy/").content.decode()
    # The lead unit's head is a section's 科室负责人 or a county department's 部长: the label says both.
    assert "审批规则" in page and "负责人（科室/县委组织部）可审批延期和销号" in page
    assert "科室负责人可审批" not in page
    response = admin.post(
        "/tasks/policy/", {"key-reviews": "on", "routine-decides": "on", "key-decides": "on"}
    )
    assert response.status_code == 302
    assert {
        p.level: (p.section_head_decides, p.section_head_reviews_close) for p in DecisionPolicy.objects.all()
    } == {"routine": (True, False), "key": (True, True)}


@pytest.mark.parametrize(
    "refusal, status",
    [(Forbidden("只有系统管理员可以设置审批规则"), 403), (Conflict("规则已被修改", "stale"), 409)],
)
def test_a_refused_policy_answers_its_status_with_the_message_and_what_was_ticked(
    client_as, demo, monkeypatch, refusal, status
):
    def refuse(*args, **kwargs):
        raise refusal

    monkeypatch.setattr(services, "set_decision_policy", refuse)
    response = client_as("admin").post("/tasks/policy/", {"routine-decides": "on", "key-reviews": "on"})
    page = response.content.decode()
    assert response.status_code == status and refusal.message in page and 'data-testid="policy-form"' in page
    assert 'id="routine-decides" name="routine-decides" checked' in page
    assert 'id="key-decides" name="key-decides">' in page


def test_a_parent_due_later_reads_late_below_not_overdue_and_reports_no_percent(client_as, make_task, today):
    from luoshi.tasks import rollup
    from luoshi.tasks.models import Task

    parent = make_task(acknowledge=True, due_date=today + dt.timedelta(days=20))
    child = make_task(parent=parent, acknowledge=True, title="子任务")
    Task.objects.filter(pk=child.pk).update(due_date=today - dt.timedelta(days=3))
    rollup.refresh(Task.objects.get(pk=child.pk))
    page = client_as("gb1-staff").get(f"/tasks/{parent.pk}/").content.decode()
    assert "· 下级任务逾期" in page and "已逾期" not in page
    assert 'name="percent"' not in page and "完成百分比由子任务按权重汇总（当前 0%）" in page
    assert "· 已逾期3天" in client_as("gb1-staff").get(f"/tasks/{child.pk}/").content.decode()
    overview = client_as("head").get("/tasks/overview/").content.decode()
    listed = overview[overview.index("红灯任务（含下级逾期）") :]
    assert f"/tasks/{parent.pk}/" in listed and "下级逾期" in listed


def test_the_task_page_has_one_trail_with_changes_in_plain_chinese(client_as, make_task, user, today):
    task = make_task(acknowledge=True)
    services.update_task(task, actor=user("bgs-staff"), finish_standard="形成调研报告")
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="已走访三个县", percent=40)
    page = client_as("gb1-head").get(f"/tasks/{task.pk}/").content.decode()
    assert "变更记录" not in page and "复命记录" not in page and "<del>" not in page
    assert page.count("已走访三个县") == 1, "a report shows once, in its event"
    timeline = page[page.index('id="timeline"') :]
    assert "完成标准：设为" in timeline and "形成调研报告" in timeline
    assert "进度：由 0% 改为" in timeline and "状态：由 已签收 改为" in timeline
    assert "操作：" not in page and "GET" not in timeline


def _errors_beside(page: str, field_id: str) -> str:
    """The text between a field and the next field's label: where its error is shown."""
    after = page[page.index(f'id="{field_id}"') :]
    return after[: after.find("<label", 10) if "<label" in after[10:] else None]


def test_a_refused_report_comes_back_as_typed_with_the_error_beside_its_field(client_as, make_task):
    task = make_task(acknowledge=True)
    response = client_as("gb1-staff").post(
        f"/tasks/{task.pk}/do/feedback/",
        {
            "progress_text": "   ",
            "percent": "40",
            "difficulties": "缺少样本数据",
            "next_steps": "下周走访",
            "form_key": "k-refused",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "缺少样本数据" in page and "下周走访" in page and 'value="40"' in page
    assert "invalid-feedback" in _errors_beside(page, "feedback_progress_text")
    assert not task.feedback.exists()


@pytest.mark.parametrize(
    "action, data, field, kept",
    [
        (
            "request_extension",
            {"new_due_date": "2020-01-01", "reason": "需等待省委文件"},
            "extension_new_due_date",
            "需等待省委文件",
        ),
        (
            "request_close",
            {"evidence_text": "调研报告已印发", "recheck_on": "2020-01-01"},
            "close_recheck_on",
            "调研报告已印发",
        ),
    ],
)
def test_a_refused_request_comes_back_open_as_typed(client_as, make_task, action, data, field, kept):
    task = make_task(acknowledge=True)
    response = client_as("gb1-head").post(
        f"/tasks/{task.pk}/do/{action}/", {**data, "form_key": f"k-{action}"}
    )
    page = response.content.decode()
    assert response.status_code == 400 and kept in page
    assert "invalid-feedback" in _errors_beside(page, field)
    assert 'class="collapse show"' in page
    task.refresh_from_db()
    assert task.status == TaskStatus.ACKNOWLEDGED


def test_the_feedback_text_is_kept_as_a_draft_until_sent(client_as, make_task):
    task = make_task(acknowledge=True)
    page = client_as("gb1-staff").get(f"/tasks/{task.pk}/").content.decode()
    assert (
        f'data-draft="feedback-{task.pk}"' in page
        and "luoshi/draft.js" in page
        and "data-draft-sent" not in page
    )
    client = client_as("gb1-staff")
    client.post(
        f"/tasks/{task.pk}/do/feedback/", {"progress_text": "已起草", "percent": "20", "form_key": "k-d"}
    )
    assert f'data-draft-sent="feedback-{task.pk}"' in client.get(f"/tasks/{task.pk}/").content.decode()


class TestTaskPageAccess(ViewTests):
    path = "/tasks/{pk}/"
    refused_status = 404

    def make(self, unit):
        return task_of(unit)


class TestTaskEditAccess(ViewTests):
    """The edit form only for those who may change the task: its unit's head, not its staff."""

    path = "/tasks/{pk}/edit/"
    refused_status = 404
    served_role = Role.SECTION_HEAD

    def make(self, unit):
        return task_of(unit)

    def test_staff_of_the_unit_read_but_do_not_edit(self, world):
        assert self.get(world.member, self.make(world.unit)).status_code == 403


class TestLedgerAccess(ViewTests):
    path = "/tasks/"


class TestInboxAccess(ViewTests):
    path = "/tasks/inbox/"


def test_sign_off_is_offered_only_for_the_units_one_heads(client_as, make_task):
    task = make_task(assign=True)
    link = f"/tasks/{task.pk}/"
    assert link in client_as("gb1-head").get("/tasks/inbox/").content.decode()
    for above in ("head", "deputy1"):
        assert link not in client_as(above).get("/tasks/inbox/").content.decode(), above


def test_a_clerk_sees_who_is_to_sign_off(client_as, make_task):
    task = make_task(assign=True)
    head = Person.objects.get(user__username="gb1-head")
    page = client_as("gb1-staff").get(f"/tasks/{task.pk}/").content.decode()
    assert "待干部一科签收" in page and head.name in page
    assert "待干部一科签收" not in client_as("gb1-head").get(f"/tasks/{task.pk}/").content.decode()


def test_signing_from_the_inbox_returns_to_the_inbox_for_the_next_one(client_as, make_task):
    first, second = make_task(assign=True, title="第一项"), make_task(assign=True, title="第二项")
    head = client_as("gb1-head")
    inbox = head.get("/tasks/inbox/").content.decode()
    assert f'action="/tasks/{first.pk}/do/acknowledge/"' in inbox
    assert '<input type="hidden" name="next" value="/tasks/inbox/"><button class="btn btn-sm' in inbox
    answer = head.post(f"/tasks/{first.pk}/do/acknowledge/", {"next": "/tasks/inbox/"}, follow=True)
    assert answer.redirect_chain[-1][0] == "/tasks/inbox/"
    page = answer.content.decode()
    assert "已签收：第一项" in page and f'action="/tasks/{second.pk}/do/acknowledge/"' in page
    assert f'action="/tasks/{first.pk}/do/acknowledge/"' not in page
    # from the task page, or with a next pointing elsewhere, the task page again
    elsewhere = head.post(f"/tasks/{second.pk}/do/acknowledge/", {"next": "https://example.com/"})
    assert elsewhere.url == f"/tasks/{second.pk}/"


def test_staff_sign_off_for_their_unit_once_its_head_allows_it(client_as, make_task):
    task = make_task(assign=True)
    staff = client_as("gb1-staff")
    page = staff.get(f"/tasks/{task.pk}/").content.decode()
    assert 'data-testid="awaiting-sign-off"' in page
    inbox = staff.get("/tasks/inbox/").content.decode()  # listed, saying whose 签收 it waits for
    assert task.title in inbox and "待负责人签收" in inbox
    assert f"/tasks/{task.pk}/do/acknowledge/" not in inbox
    assert "待负责人签收" not in client_as("gb1-head").get("/tasks/inbox/").content.decode()
    staff.post(f"/tasks/{task.pk}/do/acknowledge/")
    task.refresh_from_db()
    assert task.status == "assigned"

    head = client_as("gb1-head")
    answer = head.post(f"/org/units/{task.lead_unit_id}/staff-acknowledge/", {"enabled": "1"}, follow=True)
    assert "本单位干部现在可以签收" in answer.content.decode()
    inbox = staff.get("/tasks/inbox/").content.decode()
    assert "inbox-acknowledge" in inbox and "待签收" in inbox and "待负责人签收" not in inbox
    assert f"/tasks/{task.pk}/do/acknowledge/" in inbox
    staff.post(f"/tasks/{task.pk}/do/acknowledge/")
    task.refresh_from_db()
    assert task.status == "acknowledged"


def test_only_the_units_head_sees_and_uses_the_sign_off_switch(client_as, make_task):
    task = make_task(assign=True)
    unit = task.lead_unit_id
    assert "允许本单位干部签收" in client_as("gb1-head").get(f"/org/units/{unit}/").content.decode()
    for username in ("gb1-staff", "deputy1", "gb2-staff"):
        client = client_as(username)
        assert "允许本单位干部签收" not in client.get(f"/org/units/{unit}/").content.decode()
        assert client.post(f"/org/units/{unit}/staff-acknowledge/", {"enabled": "1"}).status_code == 403
    task.lead_unit.refresh_from_db()
    assert not task.lead_unit.staff_acknowledge


def test_reports_due_are_listed_for_the_units_one_belongs_to_not_every_unit_below(
    client_as, make_task, today
):
    task = make_task(acknowledge=True)
    Task.objects.filter(pk=task.pk).update(next_report_due=today)
    for username in ("gb1-staff", "gb1-head"):
        assert 'data-testid="inbox-report"' in client_as(username).get("/tasks/inbox/").content.decode()
    for username in ("head", "deputy1", "gb2-staff"):
        assert task.title not in client_as(username).get("/tasks/inbox/").content.decode()


def test_every_pending_close_out_names_who_acts_next(client_as, make_task, user):
    """The clerk's request: the section head (who cannot approve it here) and the clerk read whose turn it
    is, by the same rules that give that person the button."""
    deputy = user("deputy1").person.name
    task = make_task(acknowledge=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    for who in ("gb1-staff", "bgs-staff", "gb1-head"):
        page = client_as(who).get(f"/tasks/{task.pk}/").content.decode()
        assert f"待审批：{deputy}、{user('gb1-head').person.name}" in page, who
    key = make_task(acknowledge=True, is_key=True, title="重点任务")
    services.request_close(key, actor=user("gb1-staff"), evidence_text="完成")
    page = client_as("deputy1").get(f"/tasks/{key.pk}/").content.decode()
    assert f"待牵头单位负责人审核：{user('gb1-head').person.name}" in page
    services.review_close(key, actor=user("gb1-head"))
    page = client_as("gb1-staff").get(f"/tasks/{key.pk}/").content.decode()
    assert f"待分管领导审批：{deputy}" in page


def test_only_the_requester_sees_withdraw_and_it_reopens_the_forms(client_as, make_task, user):
    task = make_task(acknowledge=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    assert "撤回销号申请" not in client_as("gb1-head").get(f"/tasks/{task.pk}/").content.decode()
    staff = client_as("gb1-staff")
    assert "撤回销号申请" in staff.get(f"/tasks/{task.pk}/").content.decode()
    response = staff.post(f"/tasks/{task.pk}/do/withdraw_close/", follow=True)
    assert "已撤回销号申请" in response.content.decode() and 'id="feedback-form"' in response.content.decode()


def test_a_ledger_reached_from_a_directive_shows_its_source_as_a_removable_chip(client_as, make_task, speech):
    make_task(title="甲任务", directive=speech)
    make_task(title="乙任务")
    page = (
        client_as("head").get("/tasks/", {"directive": speech.pk, "is_key": "", "page": "1"}).content.decode()
    )
    assert "甲任务" in page and "乙任务" not in page
    chip = re.search(r'data-testid="active-filters">(.*?)</div>', page, re.DOTALL).group(1)
    assert "来源：部长在务虚会上的讲话" in chip and 'href="?is_key="' in chip, "removing it keeps the others"
    assert f'<input type="hidden" name="directive" value="{speech.pk}">' in page, "filtering more keeps it"
    assert 'data-testid="active-filters"' not in client_as("head").get("/tasks/").content.decode()


def test_the_ledger_offers_a_new_task_only_to_who_has_a_unit_to_lead_it(client_as):
    new = 'href="/tasks/new/"'
    assert new in client_as("bgs-staff").get("/tasks/").content.decode()
    assert new in client_as("gb1-staff").get("/tasks/").content.decode()
    assert new not in client_as("inspector").get("/tasks/").content.decode()


def test_red_counts_say_whose_tasks_they_count_and_agree_for_the_head_and_a_deputy(
    client_as, make_task, user, today
):
    import datetime as dt

    from luoshi.org.models import Unit
    from luoshi.tasks import rollup
    from luoshi.tasks.models import Task

    # an office task in deputy1's charge, red through a sub-task 人才科 leads (not in his charge)
    parent = make_task(acknowledge=True, lead="bgs", title="组织专题学习")
    child = services.create_task(
        actor=user("bgs-staff"),
        title="人才科专题学习",
        lead_unit=Unit.objects.get(code="rc"),
        parent=parent,
        due_date=today + dt.timedelta(days=10),
    )
    Task.objects.filter(pk=child.pk).update(due_date=today - dt.timedelta(days=2), status="in_progress")
    rollup.refresh(Task.objects.get(pk=child.pk))

    def counts(username: str) -> tuple[int, int, int, str]:
        client = client_as(username)
        overview = client.get("/tasks/overview/")
        reach = re.search(r'href="/tasks/\?light=red&amp;(under=\w+)"', overview.content.decode())[1]
        under = client.get(f"/tasks/?light=red&{reach}").content.decode()
        seen = client.get("/tasks/?light=red").content.decode()
        words = re.search(r'data-testid="reach-words">([^<]+)牵头<', overview.content.decode())[1]
        assert f"牵头单位：{words}<a" in under and f"范围：{words}牵头的任务" in under
        assert "范围：您可查看的全部任务" in seen and "under-chip" not in seen
        listed = [int(re.search(r"共 (\d+) 项", page)[1]) for page in (under, seen)]
        return _overview_totals(overview)["red"], *listed, words

    assert counts("head") == (2, 2, 2, "全部单位")
    assert counts("deputy1") == (1, 1, 2, "本人分管的单位")  # all he sees: 人才科's sub-task too


@pytest.mark.parametrize("path", ["/tasks/?under=all", "/tasks/", "/tasks/overview/"])
def test_the_reach_in_words_asks_nothing_the_page_did_not(client_as, make_task, path):
    """The ledger and the overview word their reach (本人分管的单位) from the scope the page computed with
    the reader's grants: no query of the oversight or the scope of its own."""
    client = client_as("deputy1")
    make_task(assign=True)
    client.get(path)  # the working-day calendar loads once per process
    with CaptureQueriesContext(connection) as read:
        page = client.get(path).content.decode()
    assert ("本人分管的单位" in page) == ("under" in path or "overview" in path)
    asked = [q["sql"] for q in read.captured_queries if "org_oversight" in q["sql"]]
    assert len(asked) == 1, asked  # the grants' own


def test_a_county_department_head_reads_unit_not_section(client_as, make_task):
    # 江城区委组织部 is no 科室: its 部长 signs for 本单位 and an urge reaches the 牵头单位负责人
    task = make_task(assign=True, lead="jcq")
    inbox = client_as("jcq-head").get("/tasks/inbox/").content.decode()
    assert "交办给本单位的任务，请签收或退回" in inbox and "本科室" not in inbox
    page = client_as("head").get(f"/tasks/{task.pk}/").content.decode()
    assert "将即时通知牵头单位负责人" in page and "科室负责人" not in page


def test_a_close_out_sent_back_waits_in_the_units_inbox_until_it_reports_again(client_as, make_task, user):
    """The next periodic report may be weeks away: the sent-back task is listed for the unit at once,
    with the button to 复命, and leaves the list with the unit's next 复命."""
    task = make_task(acknowledge=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    services.reject_close(task, actor=user("deputy1"), reason="佐证材料不全")
    staff = client_as("gb1-staff")
    inbox = staff.get("/tasks/inbox/").content.decode()
    assert 'data-testid="inbox-sent_back"' in inbox and task.title in inbox
    assert f"/tasks/{task.pk}/#feedback-form" in inbox and "退回理由：佐证材料不全" in inbox
    assert inbox.count(f'href="/tasks/{task.pk}/"') == 1, "listed once, not again under 待复命"
    assert 'data-testid="inbox-sent_back"' not in client_as("gb2-staff").get("/tasks/inbox/").content.decode()
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="已补充印发文件", percent=90)
    assert 'data-testid="inbox-sent_back"' not in staff.get("/tasks/inbox/").content.decode()
