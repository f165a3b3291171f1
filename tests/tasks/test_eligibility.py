"""Every person or unit a task names must fit it, whatever door the value comes through."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from luoshi.core.errors import Forbidden, InvalidInput
from luoshi.org import services as org_services
from luoshi.org.choices import Role
from luoshi.org.models import Person, Unit
from luoshi.tasks import services
from luoshi.tasks.eligibility import co_unit_reach
from luoshi.tasks.models import Task
from tests.factories import UnitFactory, member


def person(username):
    return Person.objects.get(user__username=username)


def unit(code):
    return Unit.objects.get(code=code)


def test_a_section_head_cannot_make_himself_the_leader_through_the_api(api_as, make_task):
    draft, assigned = make_task(), make_task(acknowledge=True)
    response = api_as("gb1-head").patch(
        f"/api/v1/tasks/{draft.pk}/", {"leader": person("gb1-head").pk}, format="json"
    )
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "ineligible_leader"
    assert "不能担任这项任务的分管领导" in response.json()["detail"]
    response = api_as("gb1-head").patch(
        f"/api/v1/tasks/{assigned.pk}/", {"leader": person("gb1-head").pk}, format="json"
    )
    assert response.status_code == 403 and response.json()["code"] == "terms_locked"
    for task in (draft, assigned):
        task.refresh_from_db()
        assert task.leader == person("deputy1")


@pytest.mark.parametrize(
    "field, username, code",
    [
        ("leader", "deputy2", "ineligible_leader"),  # a deputy not in charge of 干部一科
        ("leader", "admin", "ineligible_leader"),  # admins hold no business role
        ("owner", "gb2-staff", "ineligible_owner"),  # another section's clerk
        ("owner", "secadmin", "ineligible_owner"),
        ("owner", "auditor", "ineligible_owner"),
    ],
)
def test_ineligible_people_are_refused_and_nothing_changes(api_as, make_task, field, username, code):
    task = make_task()
    before = (task.leader_id, task.owner_id, task.events.count())
    response = api_as("gb1-head").patch(
        f"/api/v1/tasks/{task.pk}/", {field: person(username).pk}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == code
    task.refresh_from_db()
    assert (task.leader_id, task.owner_id, task.events.count()) == before


def test_eligible_people_are_accepted(make_task, user):
    task = make_task()
    services.update_task(task, actor=user("gb1-head"), owner=person("gb1-staff"), leader=person("head"))
    task.refresh_from_db()
    assert (task.owner.name, task.leader.name) == (person("gb1-staff").name, person("head").name)


def test_moving_a_task_to_another_unit_checks_the_people_it_keeps(make_task, user):
    task = make_task(owner=person("gb1-staff"))
    with pytest.raises(InvalidInput, match="不是干部二科（或其下级单位）的在职人员"):
        services.update_task(task, actor=user("bgs-staff"), lead_unit=unit("gb2"))
    task.refresh_from_db()
    assert task.lead_unit.code == "gb1"


def test_a_county_head_assigns_within_the_county_only(user, today):
    due = today + dt.timedelta(days=20)
    before = Task.objects.count()
    with pytest.raises(Forbidden, match="您不能向“干部一科”交办任务"):
        services.create_task(
            actor=user("jcq-head"),
            title="市里的事",
            lead_unit=unit("gb1"),
            due_date=due,
            leader=person("head"),
        )
    assert Task.objects.count() == before
    own = services.create_task(actor=user("jcq-head"), title="区里的事", lead_unit=unit("jcq"), due_date=due)
    services.assign(own, actor=user("jcq-head"))


def test_a_county_head_is_no_leader_in_charge_of_her_own_units_tasks(user, today):
    """Else she would decide her own unit's key tasks, extensions and close-outs; for the units below
    her she is, and for the department's own tasks its 部长 is, since nobody is above."""
    due = today + dt.timedelta(days=20)
    with pytest.raises(InvalidInput, match="不能担任这项任务的分管领导") as refused:
        services.create_task(
            actor=user("bgs-staff"),
            title="区县重点任务",
            lead_unit=unit("jcq"),
            due_date=due,
            leader=person("jcq-head"),
        )
    assert refused.value.code == "ineligible_leader"
    section = UnitFactory(parent=unit("jcq"), name="江城区委组织部组织科")
    below = services.create_task(
        actor=user("jcq-head"), title="组织科的事", lead_unit=section, due_date=due, leader=person("jcq-head")
    )
    assert below.leader == person("jcq-head")
    top = unit("gb1").parent
    department = services.create_task(
        actor=user("head"), title="全部的事", lead_unit=top, due_date=due, leader=person("head")
    )
    assert department.leader == person("head")


def test_a_section_assigns_to_itself_not_to_another_section(api_as, today):
    response = api_as("gb1-head").post(
        "/api/v1/tasks/",
        {
            "title": "让二科做",
            "lead_unit": unit("gb2").pk,
            "due_date": (today + dt.timedelta(days=9)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 403 and response.json()["code"] == "outside_assign_scope"
    assert not Task.objects.filter(title="让二科做").exists()


def test_the_office_assigns_for_the_department_only_while_the_security_admin_grants_it(user, today):
    office = unit("bgs")
    due = today + dt.timedelta(days=9)
    with pytest.raises(Forbidden):  # the system admin does not grant business rights
        org_services.set_assign_delegation(office, actor=user("admin"), enabled=False)
    org_services.set_assign_delegation(office, actor=user("secadmin"), enabled=False)
    with pytest.raises(Forbidden, match="只能交办给本单位及下级单位"):
        services.create_task(actor=user("bgs-staff"), title="代部交办", lead_unit=unit("gb1"), due_date=due)
    org_services.set_assign_delegation(office, actor=user("secadmin"), enabled=True)
    services.create_task(actor=user("bgs-staff"), title="代部交办", lead_unit=unit("gb1"), due_date=due)
    from luoshi.accounts.models import SecurityEvent

    assert (
        SecurityEvent.objects.filter(kind="delegation_changed", target="办公室").count() == 1 + 2
    )  # the demo's grant


def test_an_inactive_co_unit_is_refused(make_task, user):
    task = make_task()
    Unit.objects.filter(code="rc").update(is_active=False)
    with pytest.raises(InvalidInput, match="配合单位已停用：人才工作科"):
        services.update_task(task, actor=user("gb1-head"), co_units=[unit("rc")])
    assert not task.co_units.exists()


def test_the_unit_cannot_change_the_terms_it_was_given(api_as, make_task):
    """A section head who could downgrade a key task could then close it alone."""
    task = make_task(acknowledge=True, is_key=True)
    for field, value in (
        ("is_key", False),
        ("finish_standard", "随便"),
        ("weight", 100),
        ("title", "改个名"),
    ):
        response = api_as("gb1-head").patch(f"/api/v1/tasks/{task.pk}/", {field: value}, format="json")
        assert response.status_code == 403 and response.json()["code"] == "terms_locked", field
    task.refresh_from_db()
    assert task.is_key and task.weight == 1
    owner = person("gb1-staff").pk
    assert (
        api_as("gb1-head").patch(f"/api/v1/tasks/{task.pk}/", {"owner": owner}, format="json").status_code
        == 200
    )
    assert (
        api_as("deputy1").patch(f"/api/v1/tasks/{task.pk}/", {"is_key": False}, format="json").status_code
        == 200
    )


def test_who_assigned_a_key_task_cannot_make_it_routine_so_the_unit_closes_it(api_as, make_task, user):
    """The office clerk who assigned it lowers it, then the unit's head would approve its own close-out."""
    task = make_task(acknowledge=True, is_key=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="已完成")
    assert (
        api_as("gb1-head").post(f"/api/v1/tasks/{task.pk}/approve-close/", {}, format="json").status_code
        == 403
    )
    for who in ("bgs-staff", "gb1-head"):
        response = api_as(who).patch(f"/api/v1/tasks/{task.pk}/", {"is_key": False}, format="json")
        assert response.status_code == 403 and response.json()["code"] in {"key_locked", "terms_locked"}, who
    response = api_as("bgs-staff").patch(f"/api/v1/tasks/{task.pk}/", {"is_key": False}, format="json")
    assert response.json()["code"] == "key_locked" and "重点任务" in response.json()["detail"]
    task.refresh_from_db()
    assert task.is_key and task.status == "close_requested"
    assert not task.events.filter(kind="updated").exists()
    moved = api_as("bgs-staff").patch(
        f"/api/v1/tasks/{task.pk}/",
        {"due_date": (task.due_date + dt.timedelta(days=200)).isoformat()},
        format="json",
    )
    assert moved.status_code == 409 and moved.json()["code"] == "use_extension"
    assert "申请延期" in moved.json()["detail"]
    lowered = api_as("deputy1").patch(f"/api/v1/tasks/{task.pk}/", {"is_key": False}, format="json")
    assert lowered.status_code == 200 and lowered.json()["is_key"] is False


def test_a_key_task_still_a_draft_changes_level_freely(make_task, user):
    task = make_task(is_key=True)
    task = services.update_task(task, actor=user("bgs-staff"), is_key=False)
    assert not task.is_key


def test_the_new_task_form_offers_only_units_one_may_assign_to(client_as, demo):
    page = client_as("jcq-head").get("/tasks/new/").content.decode()
    lead = page[page.index('name="lead_unit"') : page.index("</select>", page.index('name="lead_unit"'))]
    assert "江城区委组织部" in lead and "干部一科" not in lead


# ---------------------------------------------------------------- co-units: one reach, picker and services


@pytest.fixture
def county_section(demo):
    """A section of a county department: beside none of the city's sections."""
    return UnitFactory(parent=unit("jcq"), name="江城区委组织部组织科")


def names(scope):
    return set(Unit.objects.filter(scope.q("pk")).values_list("name", flat=True))


def test_a_co_unit_is_one_seen_or_assigned_to_or_beside_those(user, county_section):
    """A section asks the sections and counties beside it (same parent) for help; it hands work to none."""
    staff = names(co_unit_reach(user("gb1-staff")))
    assert {"干部一科", "干部二科", "组织一科", "办公室", "江城区委组织部"} <= staff
    assert "江城区委组织部组织科" not in staff and "江城市委组织部" not in staff
    county = names(co_unit_reach(user("jcq-head")))
    assert {"江城区委组织部", "江城区委组织部组织科", "东湖区委组织部", "干部一科"} <= county
    assert co_unit_reach(user("head")).everything and not co_unit_reach(user("admin")).unit_ids


def test_the_picker_offers_exactly_the_co_units_the_service_accepts(client_as, user, county_section):
    page = client_as("gb1-staff").get("/org/pick/units/", {"reach": "co_units", "q": "组织"}).content.decode()
    assert "组织一科" in page and "江城区委组织部组织科" not in page
    offered = {int(pk) for pk in re.findall(r'data-pick="(\d+)"', page)}
    reach = co_unit_reach(user("gb1-staff"))
    assert offered and all(pk in reach for pk in offered)


def test_a_co_unit_beyond_the_reach_is_refused_at_every_door_and_nothing_is_written(
    make_task, user, today, county_section
):
    due = today + dt.timedelta(days=20)
    before = Task.objects.count()
    with pytest.raises(Forbidden, match="您不能指定“江城区委组织部组织科”为配合单位"):
        services.create_task(
            actor=user("gb1-head"),
            title="越界",
            lead_unit=unit("gb1"),
            due_date=due,
            co_units=[county_section],
        )
    with pytest.raises(services.TasksRefused) as refused:
        services.create_tasks(
            actor=user("gb1-head"),
            items=[
                services.NewTask("可以", unit("gb1"), co_units=[unit("gb2")], fields={"due_date": due}),
                services.NewTask("越界", unit("gb1"), co_units=[county_section], fields={"due_date": due}),
            ],
        )
    assert [index for index, _ in refused.value.refusals] == [1]
    assert Task.objects.count() == before
    task = make_task()
    with pytest.raises(Forbidden, match="配合单位只能是您可查看或可交办的单位"):
        services.update_task(task, actor=user("gb1-head"), co_units=[unit("gb2"), county_section])
    assert not task.co_units.exists() and task.events.count() == 1


def test_a_co_unit_the_task_already_names_stays_whoever_edits_it(make_task, user, county_section):
    task = make_task(co_units=[county_section])  # named by the office, which assigns for the department
    services.update_task(task, actor=user("gb1-head"), co_units=[county_section, unit("gb2")], title="改名")
    assert {u.name for u in task.co_units.all()} == {"江城区委组织部组织科", "干部二科"}


def test_the_form_accepts_a_section_beside_and_refuses_one_beyond(client_as, demo, county_section):
    data = {
        "title": "请二科配合",
        "lead_unit": demo["gb1"],
        "co_units": [demo["gb2"]],
        "due_date": "2099-01-01",
        "cadence": "once",
        "weight": 1,
    }
    assert client_as("gb1-staff").post("/tasks/new/", data).status_code == 302
    assert [u.code for u in Task.objects.get(title="请二科配合").co_units.all()] == ["gb2"]
    response = client_as("gb1-staff").post("/tasks/new/", {**data, "co_units": [county_section.pk]})
    assert response.status_code == 400 and "所选单位不在您可选择的范围内" in response.content.decode()


def test_the_owner_is_one_the_picker_offers_and_a_forged_one_is_refused(db, client):
    """A clerk hands work to his own unit only: the picker offers its people, not those of a unit below
    it, and the service accepts exactly those (an id typed into the API or the form is refused)."""
    county = UnitFactory(name="清河县委组织部")
    section = UnitFactory(name="清河组织股", parent=county)
    clerk, colleague, below = member(county), member(county), member(section)
    member(section, Role.SECTION_HEAD)
    client.force_login(clerk.user)
    offered = client.get("/org/pick/people/", {"reach": "owners", "lead_unit": county.pk, "q": ""})
    assert colleague.name in offered.content.decode() and below.name not in offered.content.decode()
    due = timezone.localdate() + dt.timedelta(days=30)
    with pytest.raises(InvalidInput) as refused:
        services.create_task(actor=clerk.user, title="调研", lead_unit=county, owner=below, due_date=due)
    assert refused.value.code == "ineligible_owner" and "owner" in refused.value.errors
    task = services.create_task(
        actor=clerk.user, title="调研", lead_unit=county, owner=colleague, due_date=due
    )
    with pytest.raises(InvalidInput):
        services.update_task(task, actor=clerk.user, owner=below)
    assert Task.objects.get(pk=task.pk).owner == colleague


def test_a_start_date_sent_alone_is_held_to_the_due_date_kept(api_as, make_task):
    """A PATCH with only ``start_date`` (or only a draft's ``due_date``) is checked against the other date
    the task keeps: a start after the deadline is refused in Chinese and nothing changes."""
    task = make_task(acknowledge=True, start_date=timezone.localdate())
    late = task.due_date + dt.timedelta(days=1)
    response = api_as("bgs-staff").patch(
        f"/api/v1/tasks/{task.pk}/", {"start_date": late.isoformat()}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "start_after_due"
    assert "晚于完成时限" in response.json()["detail"]
    draft = make_task(start_date=timezone.localdate() + dt.timedelta(days=10))
    with pytest.raises(InvalidInput, match="晚于完成时限"):
        services.update_task(
            draft, actor=draft.created_by, due_date=timezone.localdate() + dt.timedelta(days=5)
        )
    assert Task.objects.get(pk=task.pk).start_date == timezone.localdate()
    assert Task.objects.get(pk=draft.pk).due_date == draft.due_date


@pytest.mark.parametrize("field, label", [("description", "任务内容"), ("finish_standard", "完成标准")])
def test_the_attack_a_text_of_800000_characters_is_refused_in_chinese_and_nothing_is_written(
    api_as, make_task, field, label
):
    body = {"title": "超长内容的任务", "lead_unit": unit("gb1").pk, field: "很长的任务内容" * 114286}
    created = api_as("gb1-head").post("/api/v1/tasks/", body, format="json")
    assert created.status_code == 400 and created.json()["code"] == "text_too_long"
    assert f"{label}不能超过20000字（现为800002字）" in created.json()["detail"]
    assert not Task.objects.filter(title="超长内容的任务").exists()
    task = make_task()
    changed = api_as("gb1-head").patch(f"/api/v1/tasks/{task.pk}/", {field: "字" * 20001}, format="json")
    assert changed.status_code == 400 and changed.json()["errors"] == {field: ["不能超过20000字"]}
    task.refresh_from_db()
    assert getattr(task, field) != "字" * 20001
    kept = api_as("gb1-head").patch(f"/api/v1/tasks/{task.pk}/", {field: "字" * 20000}, format="json")
    assert kept.status_code == 200, kept.json()


LONG = "字" * 20001


@pytest.mark.parametrize(
    "field, label", [("progress_text", "工作进展"), ("difficulties", "存在困难"), ("next_steps", "下步打算")]
)
def test_a_report_text_over_the_cap_is_refused_in_chinese_and_nothing_is_written(
    api_as, client_as, make_task, field, label
):
    task = make_task(acknowledge=True)
    body = {"progress_text": "完成摸底", "percent": 30, field: LONG}
    sent = api_as("gb1-staff").post(f"/api/v1/tasks/{task.pk}/feedback/", body, format="json")
    assert sent.status_code == 400 and sent.json()["code"] == "text_too_long"
    assert f"{label}不能超过20000字（现为20001字）" in sent.json()["detail"]
    assert sent.json()["errors"] == {field: ["不能超过20000字"]}
    page = client_as("gb1-staff").post(f"/tasks/{task.pk}/do/feedback/", body)
    html = page.content.decode()
    assert page.status_code == 400 and LONG in html and "不能超过20000字" in html
    assert task.feedback.count() == 0
    body[field] = "字" * 20000
    kept = api_as("gb1-staff").post(f"/api/v1/tasks/{task.pk}/feedback/", body, format="json")
    assert kept.status_code == 200


def test_a_close_out_text_over_the_cap_is_refused_in_chinese_and_nothing_is_written(
    api_as, client_as, make_task, user
):
    task = make_task(acknowledge=True)
    staff = api_as("gb1-staff")
    sent = staff.post(f"/api/v1/tasks/{task.pk}/request-close/", {"evidence_text": LONG}, format="json")
    assert sent.status_code == 400 and sent.json()["errors"] == {"evidence_text": ["不能超过20000字"]}
    assert "完成情况与佐证说明不能超过20000字" in sent.json()["detail"]
    page = client_as("gb1-staff").post(f"/tasks/{task.pk}/do/request_close/", {"evidence_text": LONG})
    assert page.status_code == 400 and LONG in page.content.decode()
    assert task.feedback.count() == 0 and not task.close_requests.exists()
    services.request_close(task, actor=user("gb1-staff"), evidence_text="调研报告已印发")
    for action, body in (("reject-close", {"reason": LONG}), ("approve-close", {"note": LONG})):
        refused = api_as("deputy1").post(f"/api/v1/tasks/{task.pk}/{action}/", body, format="json")
        assert refused.status_code == 400 and refused.json()["code"] == "text_too_long", action
    with pytest.raises(InvalidInput, match="撤回理由不能超过20000字"):
        services.withdraw_close(task, actor=user("gb1-staff"), reason=LONG)
    task.refresh_from_db()
    assert task.status == "close_requested" and task.close_requests.get().decision_note == ""


def test_a_part_report_over_the_cap_is_refused(make_task, user):
    task = make_task(acknowledge=True, co_units=[unit("gb2")])
    with pytest.raises(InvalidInput, match="本单位承担部分的工作进展不能超过20000字"):
        services.report_part(task, unit("gb2"), actor=user("gb2-staff"), progress_text=LONG, percent=10)
