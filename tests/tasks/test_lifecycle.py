"""Assigning a task tells each person the step that is his: the signer signs, an owner who may not sign
is told who does."""

from luoshi.notify.models import Notification
from luoshi.org.models import Person, Unit


def bodies(task):
    return {n.recipient.username: n.body for n in Notification.objects.filter(task=task, kind="assigned")}


def test_an_owner_who_may_not_sign_is_not_asked_to(make_task):
    task = make_task(assign=True, owner=Person.objects.get(user__username="gb1-staff"))
    told = bodies(task)
    assert told["gb1-head"].endswith("请及时签收。")
    assert "签收后请按期复命" in told["gb1-staff"] and "请及时签收" not in told["gb1-staff"]


def test_an_owner_whose_head_lets_staff_sign_is_asked_to_sign(make_task):
    Unit.objects.filter(code="gb1").update(staff_acknowledge=True)
    task = make_task(assign=True, owner=Person.objects.get(user__username="gb1-staff"))
    assert bodies(task)["gb1-staff"].endswith("请及时签收。")
