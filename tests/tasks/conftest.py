import datetime as dt

import pytest

from luoshi.notify.models import Notification
from luoshi.org.models import Person, Unit
from luoshi.tasks import services


@pytest.fixture
def demo_work(user, today):
    """The demo's weeks of work, and sub-tasks seen only through an ancestor (its co-unit, owner, leader,
    creator): every branch of the visibility rule, for tests that hold two forms of it to one answer."""
    from luoshi.directives.demo import load_directives
    from luoshi.directives.replay import load_tasks

    for directive in load_directives(today):
        load_tasks(directive, today)
    due = today + dt.timedelta(days=30)
    parent = services.create_task(
        actor=user("bgs-staff"),
        title="上级：干部二科牵头、组织一科配合",
        due_date=due,
        lead_unit=Unit.objects.get(code="gb2"),
        co_units=[Unit.objects.get(code="zz1")],
        owner=Person.objects.get(user__username="gb2-staff"),
        leader=Person.objects.get(user__username="deputy1"),
    )
    child = services.create_task(
        actor=user("bgs-staff"),
        title="下级：区县落实",
        parent=parent,
        due_date=due,
        lead_unit=Unit.objects.get(code="jcq"),
    )
    services.create_task(
        actor=user("jcq-head"),
        title="再下级",
        parent=child,
        due_date=due,
        lead_unit=Unit.objects.get(code="jcq"),
    )


def sent_to(kind, task=None):
    """Who got a notification of this kind (about this task), as sorted usernames."""
    rows = Notification.objects.filter(kind=kind)
    if task is not None:
        rows = rows.filter(task=task)
    return sorted(rows.values_list("recipient__username", flat=True))


@pytest.fixture
def speech(user):
    """A 讲话文件 of the minister's, recorded by the office, for a ledger to be filtered by."""
    from luoshi.directives.services import create_directive

    return create_directive(
        actor=user("bgs-staff"),
        title="部长在务虚会上的讲话",
        text="要抓好干部调研。",
        issued_on=dt.date(2026, 1, 5),
    )
