"""催办 by hand: who may, who hears, what the trail and the outbox keep."""
import pytest

from luoshi.core.errors import Conflict, Forbidden, NotFound
from luoshi.notify.models import Notification, OutboxMessage
from luoshi.org.models import Person
from luoshi.tasks import services
from luoshi.tasks.models import TaskEvent


def test_urge_tells_the_owner_at_once_and_stays_on_the_trail(make_task, user, settings):
    settings.LUOSHI_SMTP_HOST = "smtp.example"
    owner = Person.objects.get(user__username="gb1-staff")
    owner.user.email = "staff@example.org"
    owner.user.save()
    task = make_task(acknowledge=True, owner=owner)
    services.urge_task(task, actor=user("deputy1"), message="  本周五前  报送进展 ")
    note = Notification.objects.get(kind="urged")
    assert note.recipient.username == "gb1-staff" and note.body.endswith("催办：本周五前 报送进展")
    assert OutboxMessage.objects.get(notification=note).status == "pending"  # not held for the digest
    event = TaskEvent.objects.get(task=task, kind="reminded")
    assert event.actor.username == "deputy1" and event.changes[0]["label"] == "已通知"
    assert event.changes[0]["new"] == owner.name


def test_a_task_awaiting_sign_off_is_urged_to_the_unit_head(make_task, user):
    task = make_task(assign=True)
    services.urge_task(task, actor=user("bgs-staff"))
    note = Notification.objects.get(kind="urged")
    assert note.recipient.username == "gb1-head" and "请尽快签收" in note.body


@pytest.mark.parametrize("username, error", [("gb1-staff", Forbidden), ("gb2-head", NotFound)])
def test_who_may_not_urge(make_task, user, username, error):
    task = make_task(acknowledge=True)
    with pytest.raises(error):
        services.urge_task(task, actor=user(username))
    assert not Notification.objects.filter(kind="urged").exists()


def test_a_draft_is_not_urged(make_task, user):
    with pytest.raises(Conflict):
        services.urge_task(make_task(), actor=user("bgs-staff"))
