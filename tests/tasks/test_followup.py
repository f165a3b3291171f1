"""催办 by hand: who may, who hears, what the trail and the outbox keep."""

import pytest

from luoshi.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from luoshi.notify.models import Notification, OutboxMessage
from luoshi.org.models import Person
from luoshi.tasks import services
from luoshi.tasks.models import Task, TaskEvent


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


@pytest.mark.parametrize("assign_only", [False, True])
def test_the_lead_units_head_urging_his_own_work_reaches_its_staff(make_task, user, assign_only, settings):
    settings.LUOSHI_SMTP_HOST = "smtp.example"
    for person in Person.objects.filter(memberships__unit__code="gb1").select_related("user"):
        person.user.email = f"{person.user.username}@example.org"
        person.user.save()
    task = make_task(assign=True) if assign_only else make_task(acknowledge=True)
    services.urge_task(task, actor=user("gb1-head"), message="抓紧")
    notes = Notification.objects.filter(kind="urged")
    staff = Person.objects.filter(memberships__unit__code="gb1", memberships__role="staff")
    assert (
        set(notes.values_list("recipient__username", flat=True))
        == set(staff.values_list("user__username", flat=True))
        >= {"gb1-staff"}
    )
    assert not notes.filter(recipient__username="gb1-head").exists()
    sent = OutboxMessage.objects.filter(notification__in=notes)
    assert sent.count() == staff.count() and not sent.filter(notification__recipient__username="gb1-head")
    event = TaskEvent.objects.get(task=task, kind="reminded")
    assert "gb1-staff" not in event.changes[0]["new"] and staff.get(user__username="gb1-staff").name in str(
        event.changes[0]["new"]
    )


def test_the_head_urging_a_task_he_owns_reaches_its_staff_not_himself(make_task, user):
    head = Person.objects.get(user__username="gb1-head")
    task = make_task(acknowledge=True, owner=head)
    services.urge_task(task, actor=user("gb1-head"))
    recipients = set(Notification.objects.filter(kind="urged").values_list("recipient__username", flat=True))
    assert "gb1-staff" in recipients and "gb1-head" not in recipients


@pytest.mark.parametrize("username, error", [("gb1-staff", Forbidden), ("gb2-head", NotFound)])
def test_who_may_not_urge(make_task, user, username, error):
    task = make_task(acknowledge=True)
    with pytest.raises(error):
        services.urge_task(task, actor=user(username))
    assert not Notification.objects.filter(kind="urged").exists()


def test_a_draft_is_not_urged(make_task, user):
    with pytest.raises(Conflict):
        services.urge_task(make_task(), actor=user("bgs-staff"))


def _closed_with_recheck(make_task, user, today):
    import datetime as dt

    task = make_task(acknowledge=True)
    services.request_close(
        task, actor=user("gb1-staff"), evidence_text="完成", recheck_on=today + dt.timedelta(days=30)
    )
    services.approve_close(task, actor=user("deputy1"))
    Task.objects.filter(pk=task.pk).update(recheck_on=today)  # its day has come
    return task


def test_recheck_held_keeps_it_closed_and_leaves_the_inbox(make_task, user, today, client_as):
    task = _closed_with_recheck(make_task, user, today)
    assert f"/tasks/{task.pk}/" in client_as("gb1-head").get("/tasks/inbox/").content.decode()
    services.recheck_task(task, actor=user("gb1-head"), rebounded=False, note="成效巩固")
    task.refresh_from_db()
    assert (task.status, task.recheck_on) == ("closed", None)
    assert TaskEvent.objects.filter(task=task, kind="rechecked", note="问题未反弹：成效巩固").exists()
    assert f"/tasks/{task.pk}/" not in client_as("gb1-head").get("/tasks/inbox/").content.decode()


def test_recheck_rebounded_reopens_with_the_finding(make_task, user, today):
    task = _closed_with_recheck(make_task, user, today)
    with pytest.raises(InvalidInput):
        services.recheck_task(task, actor=user("deputy1"), rebounded=True)
    services.recheck_task(task, actor=user("deputy1"), rebounded=True, note="问题再次出现")
    task.refresh_from_db()
    assert (task.status, task.recheck_on, task.closed_at) == ("in_progress", None, None)
    assert TaskEvent.objects.filter(task=task, kind="reopened", note="回头看发现反弹：问题再次出现").exists()


def test_recheck_is_for_the_unit_and_its_leaders(make_task, user, today):
    task = _closed_with_recheck(make_task, user, today)
    with pytest.raises(Forbidden):
        services.recheck_task(task, actor=user("gb1-staff"), rebounded=False)
    with pytest.raises(Conflict):
        services.recheck_task(make_task(acknowledge=True), actor=user("gb1-head"), rebounded=False)


def test_the_task_page_records_a_recheck(make_task, user, today, client_as):
    task = _closed_with_recheck(make_task, user, today)
    client = client_as("gb1-head")
    assert 'id="recheck-held"' in client.get(f"/tasks/{task.pk}/").content.decode()
    client.post(f"/tasks/{task.pk}/do/recheck/", {"result": "held", "form_key": "k-recheck"})
    assert Task.objects.get(pk=task.pk).recheck_on is None


def test_the_unit_finds_a_rebound_at_the_recheck_the_close_out_set(make_task, user, today):
    task = _closed_with_recheck(make_task, user, today)
    services.recheck_task(task, actor=user("gb1-head"), rebounded=True, note="问题再次出现")
    assert Task.objects.get(pk=task.pk).status == "in_progress"


def test_without_a_recheck_date_a_rebound_is_the_deciders_to_find(make_task, user):
    """A 回头看 nobody set would be a way round the reopen rule: the lead unit's head, who may not reopen a
    key task, finds no rebound on it, and nothing changes; the leader in charge may."""
    task = make_task(acknowledge=True, is_key=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    services.review_close(task, actor=user("gb1-head"))
    services.approve_close(task, actor=user("deputy1"))
    events = task.events.count()
    with pytest.raises(Forbidden, match="已销号的任务由有权审批其销号的领导") as refused:
        services.recheck_task(task, actor=user("gb1-head"), rebounded=True, note="问题再次出现")
    assert refused.value.code == "permission_denied"
    task.refresh_from_db()
    assert (task.status, task.events.count()) == ("closed", events)
    services.recheck_task(task, actor=user("deputy1"), rebounded=True, note="问题再次出现")
    assert Task.objects.get(pk=task.pk).status == "in_progress"


def test_before_its_date_a_rebound_is_the_deciders_to_find(make_task, user, today):
    """The 回头看 date the close-out set is when the unit checks; before it, 发现反弹 would let the task's
    creator or the lead unit's head undo the leader's approval the day after it (tasks.reopen_task): a
    key task's close-out, approved by deputy1, stays closed and nothing is written."""
    import datetime as dt

    task = make_task(acknowledge=True, is_key=True)
    services.request_close(
        task, actor=user("gb1-staff"), evidence_text="完成", recheck_on=today + dt.timedelta(days=30)
    )
    services.review_close(task, actor=user("gb1-head"))
    services.approve_close(task, actor=user("deputy1"))
    events = task.events.count()
    with pytest.raises(Forbidden, match="未到：到期后由本单位回头看") as refused:
        services.recheck_task(task, actor=user("gb1-head"), rebounded=True, note="问题再次出现")
    assert refused.value.code == "permission_denied"
    task.refresh_from_db()
    assert (task.status, task.events.count()) == ("closed", events)
    services.recheck_task(task, actor=user("deputy1"), rebounded=True, note="问题再次出现")
    assert Task.objects.get(pk=task.pk).status == "in_progress"


def test_before_its_date_the_unit_does_not_end_its_recheck(make_task, user, today):
    """未反弹 the day after the close-out would spare the task the 回头看 its decider asked for."""
    import datetime as dt

    task = make_task(acknowledge=True, is_key=True)
    services.request_close(
        task, actor=user("gb1-staff"), evidence_text="完成", recheck_on=today + dt.timedelta(days=30)
    )
    services.review_close(task, actor=user("gb1-head"))
    services.approve_close(task, actor=user("deputy1"))
    with pytest.raises(Forbidden, match="提前回头看须由有权审批其销号的领导"):
        services.recheck_task(task, actor=user("gb1-head"), rebounded=False)
    task.refresh_from_db()
    assert task.recheck_on == today + dt.timedelta(days=30)
    services.recheck_task(task, actor=user("deputy1"), rebounded=False)
    assert Task.objects.get(pk=task.pk).recheck_on is None


def test_the_task_page_offers_the_unit_its_recheck_from_its_date(make_task, user, today, client_as):
    import datetime as dt

    task = make_task(acknowledge=True, is_key=True)
    services.request_close(
        task, actor=user("gb1-staff"), evidence_text="完成", recheck_on=today + dt.timedelta(days=30)
    )
    services.review_close(task, actor=user("gb1-head"))
    services.approve_close(task, actor=user("deputy1"))
    assert 'id="recheck-held"' not in client_as("gb1-head").get(f"/tasks/{task.pk}/").content.decode()
    assert 'id="recheck-held"' in client_as("deputy1").get(f"/tasks/{task.pk}/").content.decode()
    Task.objects.filter(pk=task.pk).update(recheck_on=today)
    assert 'id="recheck-held"' in client_as("gb1-head").get(f"/tasks/{task.pk}/").content.decode()


def _urged(task, username, user):
    from luoshi.tasks.services.followup import urged_people

    return sorted(u.username for u in urged_people(task, user(username)))


def test_who_a_urge_reaches_in_each_case(make_task, user):
    """The owner of work taken up, the heads of work awaiting sign-off, and never the one who urges: the
    next in line then (the owner, else the unit's staff)."""
    from luoshi.org.models import Membership

    staff = sorted(
        Person.objects.filter(memberships__unit__code="gb1", memberships__role="staff").values_list(
            "user__username", flat=True
        )
    )
    owner = Person.objects.get(user__username="gb1-staff")
    taken_up = make_task(acknowledge=True, owner=owner)
    waiting = make_task(assign=True)
    waiting_owned = make_task(assign=True, title="有责任人的待签收任务", owner=owner)
    head_owns = make_task(acknowledge=True, owner=Person.objects.get(user__username="gb1-head"))
    # the leader in charge
    assert _urged(taken_up, "deputy1", user) == ["gb1-staff"]
    assert _urged(waiting, "deputy1", user) == ["gb1-head"]
    assert _urged(waiting_owned, "deputy1", user) == ["gb1-head"]
    # the lead unit's head: the owner, else the staff, never himself
    assert _urged(taken_up, "gb1-head", user) == ["gb1-staff"]
    assert _urged(waiting, "gb1-head", user) == staff
    assert _urged(waiting_owned, "gb1-head", user) == ["gb1-staff"]
    # the urger himself owns the work: its staff
    assert _urged(head_owns, "gb1-head", user) == staff
    # the owner urging his own work (a staff member) reaches the rest of the staff
    assert _urged(taken_up, "gb1-staff", user) == [name for name in staff if name != "gb1-staff"]
    # no head: the owner, else the staff
    Membership.objects.filter(unit__code="gb1", role__in=["section_head", "head"]).delete()
    assert _urged(waiting, "deputy1", user) == staff
    assert _urged(waiting_owned, "deputy1", user) == ["gb1-staff"]
    assert _urged(taken_up, "deputy1", user) == ["gb1-staff"]


def test_who_a_urge_reaches_is_one_query(make_task, user, django_assert_num_queries):
    from luoshi.tasks.services.followup import urged_people

    waiting, taken_up = make_task(assign=True), make_task(acknowledge=True)
    head, deputy = user("gb1-head"), user("deputy1")
    for task, actor in [(waiting, deputy), (waiting, head), (taken_up, deputy), (taken_up, head)]:
        with django_assert_num_queries(1):
            assert [person.username for person in urged_people(task, actor)]
