"""Who may do what to a task: the one-task form of the visibility rule agrees with the set form."""
import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from luoshi.directives.demo import load_directives
from luoshi.org.models import Person, Unit
from luoshi.tasks import services
from luoshi.tasks.demo import load_tasks
from luoshi.tasks.models import Task


def _tree_reaching_every_branch(user) -> None:
    """Sub-tasks seen only through an ancestor: its co-unit, its owner, its leader, its creator."""
    due = timezone.localdate() + dt.timedelta(days=30)
    parent = services.create_task(actor=user("bgs-staff"), title="上级：干部二科牵头、干部一科配合", due_date=due,
                                  lead_unit=Unit.objects.get(code="gb2"), co_units=[Unit.objects.get(code="zz1")],
                                  owner=Person.objects.get(user__username="gb2-staff"),
                                  leader=Person.objects.get(user__username="deputy2"))
    child = services.create_task(actor=user("gb2-head"), title="下级：区县落实", parent=parent, due_date=due,
                                 lead_unit=Unit.objects.get(code="jcq"))
    services.create_task(actor=user("jcq-head"), title="再下级", parent=child, due_date=due,
                         lead_unit=Unit.objects.get(code="jcq"))


@pytest.mark.django_db
def test_one_task_and_the_visible_set_agree_for_every_account_and_task(user):
    for directive in load_directives(user("head"), timezone.localdate()):  # the demo's weeks of work
        load_tasks(directive, timezone.localdate())
    _tree_reaching_every_branch(user)
    tasks = list(Task.objects.order_by("pk"))
    seen_through_ancestors = 0
    for account in get_user_model().objects.order_by("pk"):
        visible = set(Task.objects.restrict(account, "view").values_list("pk", flat=True))
        assert {t.pk for t in tasks if t.is_visible_to(account)} == visible, account.username
        assert {t.pk for t in tasks if account.has_perm("tasks.view_task", t)} == visible, account.username
        seen_through_ancestors += sum(t.parent_id is not None and t.lead_unit_id not in _units(account) for t in tasks
                                      if t.pk in visible)
    assert seen_through_ancestors, "no account saw a sub-task only through its ancestors"


def _units(account) -> set[int]:
    from luoshi.org.scopes import unit_scope

    scope = unit_scope(account, "view")
    return set(Unit.objects.values_list("pk", flat=True)) if scope.everything else set(scope.unit_ids)


@pytest.mark.django_db
def test_nobody_and_the_admins_see_no_task(user, make_task):
    task = make_task()
    assert not task.is_visible_to(None)
    for admin in ("admin", "secadmin", "auditor"):
        assert not task.is_visible_to(user(admin))
