"""Who may do what to a task: the one-task form of the visibility rule agrees with the set form."""

import pytest
from django.contrib.auth import get_user_model

from luoshi.org.models import Unit
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
