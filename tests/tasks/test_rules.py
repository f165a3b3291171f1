"""Who may do what to a task: the one-task form of the visibility rule agrees with the set form."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from luoshi.org.models import Person, Unit
from luoshi.tasks import services
from luoshi.tasks.models import Task
from luoshi.tasks.visibility import may_see


@pytest.mark.django_db
def test_one_task_and_the_visible_set_agree_for_every_account_and_task(demo_work):
    tasks = list(Task.objects.order_by("pk"))
    seen_through_ancestors = 0
    for account in get_user_model().objects.order_by("pk"):
        visible = set(Task.objects.restrict(account, "view").values_list("pk", flat=True))
        assert {t.pk for t in tasks if may_see(account, t)} == visible, account.username
        assert {t.pk for t in tasks if account.has_perm("tasks.view_task", t)} == visible, account.username
        seen_through_ancestors += sum(
            t.parent_id is not None and t.lead_unit_id not in _units(account)
            for t in tasks
            if t.pk in visible
        )
    assert seen_through_ancestors, "no account saw a sub-task only through its ancestors"


def _units(account) -> set[int]:
    from luoshi.org.scopes import unit_scope

    scope = unit_scope(account, "view")
    return set(Unit.objects.values_list("pk", flat=True)) if scope.everything else set(scope.unit_ids)


@pytest.mark.django_db
def test_nobody_and_the_admins_see_no_task(user, make_task):
    task = make_task()
    assert not may_see(None, task)
    for admin in ("admin", "secadmin", "auditor"):
        assert not may_see(user(admin), task)


def test_only_a_co_units_people_may_report_its_part(make_task, user):
    task = make_task(acknowledge=True, co_units=[Unit.objects.get(code="gb2")])
    assert user("gb2-staff").has_perm("tasks.report_part", task)
    assert not user("gb1-staff").has_perm("tasks.report_part", task)
    assert not user("jcq-head").has_perm("tasks.report_part", task)


def _closed_by_deputy1(task, user):
    request = services.request_close(task, actor=user("gb1-staff"), evidence_text="调研报告已印发")
    if services.needs_review(task, request):
        services.review_close(task, actor=user("gb1-head"))
    return services.approve_close(task, actor=user("deputy1"))


def test_who_may_reopen_an_approved_close_out_across_every_account(make_task, user, today):
    """Reopening undoes the decider's approval: the reopeners, declared, are who may decide the close-out
    (the section head for routine work only) and who stands above the unit — never the section head who
    created and assigned the task for his own section, nor the office that made it."""
    own = services.create_task(
        actor=user("gb1-head"),
        title="干部一科自行部署的重点任务",
        lead_unit=Unit.objects.get(code="gb1"),
        is_key=True,
        due_date=today + dt.timedelta(days=30),
        leader=Person.objects.get(user__username="deputy1"),
    )
    services.assign(own, actor=user("gb1-head"))
    services.acknowledge(own, actor=user("gb1-head"))
    expected = {
        _closed_by_deputy1(own, user): {"head", "deputy1"},
        _closed_by_deputy1(make_task(acknowledge=True), user): {"head", "deputy1", "gb1-head"},
        _closed_by_deputy1(make_task(acknowledge=True, is_key=True), user): {"head", "deputy1"},
    }
    for task, reopeners in expected.items():
        found = {u.username for u in get_user_model().objects.all() if u.has_perm("tasks.reopen_task", task)}
        assert found == reopeners, task.title
        assert found <= {
            u.username for u in get_user_model().objects.all() if u.has_perm("tasks.view_task", task)
        }


def test_who_set_the_terms_directs_the_task_only_while_he_may_give_its_unit_work(make_task, user):
    """The office staff member who assigned 干部一科 a task in the department's name loses his role (the
    security admin moves him on): he no longer changes its terms or cancels it, and nothing changes."""
    from luoshi.core.errors import Forbidden
    from luoshi.org import services as org_services

    task = make_task(assign=True)
    clerk = Person.objects.get(user__username="bgs-staff")
    assert user("bgs-staff").has_perm("tasks.cancel_task", task)
    org_services.set_rights(clerk, actor=user("secadmin"), admin_role="", roles=[], oversight=[])
    moved = get_user_model().objects.get(username="bgs-staff")
    assert not moved.has_perm("tasks.direct_task", task)
    with pytest.raises(Forbidden):
        services.cancel(task, actor=moved, reason="调离后撤销")
    assert Task.objects.get(pk=task.pk).status == "assigned"
    assert not moved.has_perm("tasks.urge_task", task)
    assert user("deputy1").has_perm("tasks.cancel_task", task)


def test_the_attack_the_office_changes_no_task_it_gave_once_its_delegation_ends(make_task, user):
    """The office clerk created and assigned 干部一科 a task in the department's name; the security admin
    ends the office's 代上级交办. She no longer rewrites the task, puts co-units on it or hangs a sub-task
    of her own under it (which held up its close-out and changed its roll-up), and nothing changes."""
    from luoshi.core.errors import Forbidden
    from luoshi.org import services as org_services

    task = make_task(acknowledge=True)
    assert user("bgs-staff").has_perm("tasks.change_task", task)
    office = Unit.objects.get(code="bgs")
    org_services.set_assign_delegation(office, actor=user("secadmin"), enabled=False)
    clerk = user("bgs-staff")
    assert not clerk.has_perm("tasks.change_task", task)
    with pytest.raises(Forbidden):
        services.update_task(task, actor=clerk, description="由办公室改写")
    with pytest.raises(Forbidden):
        services.update_task(task, actor=clerk, co_units=[Unit.objects.get(code="gb2")])
    with pytest.raises(Forbidden):
        services.create_task(
            actor=clerk, title="办公室插入的子任务", lead_unit=office, parent=task, due_date=task.due_date
        )
    task.refresh_from_db()
    assert task.description == "" and not task.co_units.exists() and not task.children.exists()
    assert user("gb1-head").has_perm("tasks.change_task", task)


def test_a_county_head_decides_his_countys_city_work_only_where_the_policy_lets_the_lead_units_head(
    make_task, user
):
    """A county's 部长 heads the lead unit of the city's work given to his county, as a section head heads
    his section's: he decides its requests only for the levels whose 审批规则 lets the lead unit's head
    decide (routine work by default). Key work, and routine work once the system admin says so, is decided
    by the level that assigned it (the city's 部长), and the county head is told who decides."""
    from luoshi.core.errors import Forbidden
    from luoshi.org import services as org_services
    from luoshi.org.choices import Role
    from luoshi.tasks.choices import TaskLevel
    from luoshi.tasks.services.policy import set_decision_policy

    county = Unit.objects.get(code="jcq")
    clerk = org_services.create_person(
        actor=user("admin"), username="jcq-staff", name="区干部", password=None, unit=county
    )
    org_services.set_roles(clerk, actor=user("secadmin"), roles=[(county, Role.STAFF)])
    routine, key = (
        make_task(acknowledge=True, lead="jcq"),
        make_task(acknowledge=True, lead="jcq", is_key=True),
    )
    county_head, city_head = user("jcq-head"), user("head")
    assert county_head.has_perm("tasks.decide_task", routine) and city_head.has_perm(
        "tasks.decide_task", routine
    )
    assert not county_head.has_perm("tasks.decide_task", key) and city_head.has_perm("tasks.decide_task", key)

    asked = services.request_extension(
        key, actor=user("jcq-staff"), reason="需补充调研", new_due_date=key.due_date + dt.timedelta(days=7)
    )
    services.request_close(key, actor=user("jcq-staff"), evidence_text="已完成")
    services.review_close(key, actor=county_head)
    for attempt in (
        lambda: services.decide_extension(asked, actor=county_head, approve=True),
        lambda: services.approve_close(key, actor=county_head),
    ):
        with pytest.raises(Forbidden) as refused:
            attempt()
        assert refused.value.message.startswith("延期和销号申请由分管领导或上级负责人审批")
        assert "区县组织部部长" in refused.value.message
    services.decide_extension(asked, actor=city_head, approve=True)
    assert services.approve_close(key, actor=city_head).status == "closed"

    set_decision_policy(
        TaskLevel.ROUTINE, actor=user("admin"), section_head_decides=False, section_head_reviews_close=False
    )
    assert not get_user_model().objects.get(username="jcq-head").has_perm("tasks.decide_task", routine)
    assert get_user_model().objects.get(username="head").has_perm("tasks.decide_task", routine)
