"""The execution loop's state changes: rights, states, history, notifications; refusals change nothing."""

import datetime as dt
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from luoshi.core import cadence
from luoshi.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from luoshi.notify.models import Notification
from luoshi.org.models import Person, Unit
from luoshi.tasks import services
from luoshi.tasks.choices import EventKind, ExtensionStatus, TaskStatus
from luoshi.tasks.models import Feedback, Task
from luoshi.workdays.calendar import get_calendar
from tests.concurrency import at_once, codes, raised
from tests.factories import office_file


def kinds(task):
    return list(task.events.values_list("kind", flat=True))


def test_a_new_task_is_a_draft_with_a_created_event(make_task):
    task = make_task()
    assert task.status == TaskStatus.DRAFT and task.tree_path == f"/{task.pk:010d}/"
    assert kinds(task) == [EventKind.CREATED]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"due_date": dt.date(2020, 1, 1)}, "已经过去"),
        ({"cadence": "daily"}, "反馈周期“daily”无法识别"),
        ({"title": "  "}, "任务名称不能为空"),
        ({"title": "年轻干部\n调研"}, "任务名称应写在一行内"),
        ({"weight": 0}, "权重应在1到100之间"),
    ],
)
def test_bad_fields_are_refused_in_chinese_and_nothing_is_created(make_task, fields, message):
    before = Task.objects.count()
    with pytest.raises(InvalidInput, match=message):
        make_task(**fields)
    assert Task.objects.count() == before


def test_assign_notifies_the_section_head(make_task, user):
    task = make_task(assign=True)
    assert task.status == TaskStatus.ASSIGNED
    note = Notification.objects.get(task=task)
    assert note.recipient.username == "gb1-head" and note.kind == "assigned"


def test_acknowledge_by_the_section_head_sets_the_first_report_date(make_task, user, today):
    task = make_task(acknowledge=True)
    assert task.status == TaskStatus.ACKNOWLEDGED
    assert task.next_report_due and task.next_report_due.weekday() == 4 and task.next_report_due > today


@pytest.mark.parametrize(
    "username, error", [("gb1-staff", Forbidden), ("gb2-head", NotFound), ("deputy2", NotFound)]
)
def test_only_the_lead_units_managers_acknowledge(make_task, user, username, error):
    task = make_task(assign=True)
    with pytest.raises(error):
        services.acknowledge(task, actor=user(username))
    task.refresh_from_db()
    assert task.status == TaskStatus.ASSIGNED


@pytest.mark.parametrize("username", ["deputy1", "head"])
def test_the_attack_a_leader_above_does_not_sign_for_the_section(make_task, user, username):
    """签收 is the unit accepting its work: its head signs (its staff while he lets them), never the
    deputy in charge or the 部长 above it — who signed 干部一科's task in its name through the API, so the
    section counted 按时签收 for work its head had not seen."""
    task = make_task(assign=True)
    with pytest.raises(Forbidden) as refused:
        services.acknowledge(task, actor=user(username))
    assert refused.value.message == (
        "交办给单位的任务由该单位负责人签收（负责人允许时本单位干部也可签收），上级领导不代为签收"
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.ASSIGNED and kinds(task) == [EventKind.CREATED, EventKind.ASSIGNED]
    with pytest.raises(Forbidden):
        services.return_task(task, actor=user(username), reason="不属于本科室职责")
    assert services.acknowledge(task, actor=user("gb1-head")).status == TaskStatus.ACKNOWLEDGED


@pytest.mark.parametrize("username", ["inspector", "deputy1"])
def test_the_attack_a_role_held_in_the_unit_is_not_its_staff_signing(make_task, user, username):
    """允许本单位干部签收 lets the unit's staff sign: the read-only 督查员 and the deputies, whose roles
    are held in the 部机关 too, signed the 部机关's own task once the 部长 let its staff sign."""
    from luoshi.org.services import set_staff_acknowledge

    task = make_task(assign=True, lead="swzzb")
    set_staff_acknowledge(task.lead_unit, actor=user("head"), enabled=True)
    with pytest.raises(Forbidden):
        services.acknowledge(task, actor=user(username))
    task.refresh_from_db()
    assert task.status == TaskStatus.ASSIGNED


def test_a_transition_from_the_wrong_state_is_a_409(make_task, user):
    task = make_task(acknowledge=True)
    with pytest.raises(Conflict, match="任务当前状态为“已签收”，不能签收"):
        services.acknowledge(task, actor=user("gb1-head"))


def test_a_forged_id_is_a_404(user, demo):
    with pytest.raises(NotFound):
        services.assign(999999, actor=user("head"))


def test_return_needs_a_reason_and_tells_the_assigner(make_task, user):
    task = make_task(assign=True)
    with pytest.raises(InvalidInput, match="请填写退回理由"):
        services.return_task(task, actor=user("gb1-head"), reason=" ")
    services.return_task(task, actor=user("gb1-head"), reason="应由干部二科牵头")
    task.refresh_from_db()
    assert task.status == TaskStatus.RETURNED
    assert Notification.objects.filter(task=task, kind="returned", recipient__username="bgs-staff").exists()
    services.update_task(task, actor=user("bgs-staff"), lead_unit=Unit.objects.get(code="gb2"))
    assert services.assign(task, actor=user("bgs-staff")).status == TaskStatus.ASSIGNED


def test_feedback_moves_progress_and_marks_lateness(make_task, user, today):
    task = make_task(acknowledge=True)
    feedback = services.submit_feedback(
        task,
        actor=user("gb1-staff"),
        progress_text="完成调研提纲",
        percent=30,
        files=[SimpleUploadedFile("提纲.docx", office_file(".docx"))],
    )
    task.refresh_from_db()
    assert (task.status, task.progress, feedback.late) == (TaskStatus.IN_PROGRESS, 30, False)
    assert feedback.files.get().name == "提纲.docx"
    Feedback.objects.filter(pk=feedback.pk).update(
        period_due=today - dt.timedelta(days=9), submitted_at=timezone.now() - dt.timedelta(days=10)
    )
    Task.objects.filter(pk=task.pk).update(next_report_due=today - dt.timedelta(days=2))
    late = services.submit_feedback(task, actor=user("gb1-staff"), progress_text="补报", percent=40)
    assert late.late and late.period_due == today - dt.timedelta(days=2)


def test_two_reports_on_one_day_answer_one_period(make_task, user, today):
    task = make_task(acknowledge=True)
    first = services.submit_feedback(task, actor=user("gb1-staff"), progress_text="完成调研提纲", percent=30)
    task.refresh_from_db()
    next_due = task.next_report_due
    second = services.submit_feedback(task, actor=user("gb1-staff"), progress_text="补充一句", percent=35)
    task.refresh_from_db()
    assert (task.next_report_due, task.progress) == (next_due, 35)
    assert (first.period_due is not None, second.period_due, second.late) == (True, None, False)
    assert next_due == cadence.next_due(
        cadence.parse(task.cadence), first.period_due, task.due_date, get_calendar().add_working_days
    )


def test_a_late_report_and_a_second_one_that_day_answer_one_period(make_task, user, today):
    task = make_task(acknowledge=True)
    Task.objects.filter(pk=task.pk).update(next_report_due=today - dt.timedelta(days=15))
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="补报", percent=30)
    task.refresh_from_db()
    next_due = task.next_report_due
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="再补充", percent=35)
    task.refresh_from_db()
    assert task.next_report_due == next_due > today
    assert list(task.feedback.values_list("late", flat=True)) == [False, True]


@pytest.mark.parametrize("percent", [-1, 101, "abc", None])
def test_bad_percent_is_refused(make_task, user, percent):
    task = make_task(acknowledge=True)
    with pytest.raises(InvalidInput, match="完成百分比"):
        services.submit_feedback(task, actor=user("gb1-staff"), progress_text="x", percent=percent)
    assert not task.feedback.exists()


@pytest.mark.parametrize(
    "name, size, message",
    [
        ("virus.exe", 10, "不支持上传"),
        ("page.html", 10, "不支持上传"),
        ("big.pdf", 51 * 1024 * 1024, "超过50MB"),
    ],
)
def test_forbidden_or_oversized_files_change_nothing(make_task, user, name, size, message):
    task = make_task(acknowledge=True)

    class Fake:
        def __init__(self):
            self.name, self.size, self.content_type = name, size, "application/octet-stream"

    with pytest.raises(InvalidInput, match=message):
        services.submit_feedback(task, actor=user("gb1-staff"), progress_text="x", percent=10, files=[Fake()])
    assert not task.feedback.exists() and not task.attachments.exists()


def test_progress_rolls_up_weighted_with_closed_as_full_and_cancelled_ignored(make_task, user):
    parent = make_task(acknowledge=True, is_key=True)
    a = make_task(parent=parent, acknowledge=True, title="子任务甲", weight=1)
    b = make_task(parent=parent, acknowledge=True, title="子任务乙", weight=3)
    c = make_task(parent=parent, title="子任务丙")
    services.submit_feedback(a, actor=user("gb1-staff"), progress_text="x", percent=40)
    services.submit_feedback(b, actor=user("gb1-staff"), progress_text="x", percent=80)
    parent.refresh_from_db()
    assert parent.progress == round((40 * 1 + 80 * 3 + 0 * 1) / 5)
    services.cancel(c, actor=user("gb1-head"), reason="合并到子任务乙")
    parent.refresh_from_db()
    assert parent.progress == 70
    services.request_close(a, actor=user("gb1-staff"), evidence_text="已完成")
    services.approve_close(a, actor=user("deputy1"))
    parent.refresh_from_db()
    assert parent.progress == 85


def test_extension_approved_keeps_both_dates(make_task, user, today):
    task = make_task(acknowledge=True)
    old = task.due_date
    new = old + dt.timedelta(days=20)
    extension = services.request_extension(
        task, actor=user("gb1-head"), new_due_date=new, reason="需等待省委文件"
    )
    with pytest.raises(Conflict, match="已有一条待审批"):
        services.request_extension(task, actor=user("gb1-head"), new_due_date=new, reason="再次")
    with pytest.raises(Forbidden):
        services.decide_extension(extension, actor=user("gb1-head"), approve=True)
    services.decide_extension(extension, actor=user("deputy1"), approve=True)
    task.refresh_from_db()
    assert task.due_date == new
    assert task.events.get(kind=EventKind.EXTENSION_APPROVED).changes == [
        {"field": "due_date", "label": "完成时限", "old": f"{old:%Y-%m-%d}", "new": f"{new:%Y-%m-%d}"}
    ]
    with pytest.raises(Conflict, match="已经审批过了"):
        services.decide_extension(extension, actor=user("deputy1"), approve=False, note="x")


def test_refusing_an_extension_needs_a_reason(make_task, user):
    task = make_task(acknowledge=True)
    extension = services.request_extension(
        task, actor=user("gb1-head"), new_due_date=task.due_date + dt.timedelta(days=5), reason="理由"
    )
    with pytest.raises(InvalidInput, match="不批准的理由"):
        services.decide_extension(extension, actor=user("deputy1"), approve=False)
    services.decide_extension(extension, actor=user("deputy1"), approve=False, note="按期完成")
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.REFUSED


def test_an_earlier_extension_date_is_refused(make_task, user):
    task = make_task(acknowledge=True)
    with pytest.raises(InvalidInput, match="应晚于原完成时限"):
        services.request_extension(task, actor=user("gb1-head"), new_due_date=task.due_date, reason="x")


def test_close_is_refused_while_a_sub_task_is_open_and_the_refusal_lists_it(make_task, user):
    parent = make_task(acknowledge=True)
    make_task(parent=parent, assign=True, title="制定调研方案")
    with pytest.raises(Conflict, match="还有1项子任务未销号，不能销号：制定调研方案"):
        services.request_close(parent, actor=user("gb1-staff"), evidence_text="已完成")
    parent.refresh_from_db()
    assert parent.status == TaskStatus.ACKNOWLEDGED


def test_close_out_with_recheck_and_reopen(make_task, user, today):
    task = make_task(acknowledge=True)
    recheck = today + dt.timedelta(days=60)
    services.request_close(
        task,
        actor=user("gb1-staff"),
        evidence_text="调研报告已印发",
        files=[SimpleUploadedFile("报告.pdf", b"%PDF-1.4")],
        recheck_on=recheck,
    )
    services.approve_close(task, actor=user("deputy1"), note="同意销号")
    task.refresh_from_db()
    assert (task.status, task.recheck_on, task.progress) == (TaskStatus.CLOSED, recheck, 100)
    with pytest.raises(Conflict):
        services.approve_close(task, actor=user("head"))
    services.reopen(task, actor=user("deputy1"), reason="回头看发现问题反弹")
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.closed_at is None and task.recheck_on is None
    assert kinds(task)[-3:] == [EventKind.CLOSE_REQUESTED, EventKind.CLOSE_APPROVED, EventKind.REOPENED]


def test_the_attack_a_section_head_reopens_no_close_out_his_leader_approved(user, today):
    """The section head who created and assigned a key task for his own section cannot undo the close-out
    the leader in charge approved: refused in Chinese saying whom to ask, nothing written, nobody told;
    the approver reopens it."""
    task = services.create_task(
        actor=user("gb1-head"),
        title="干部一科自行部署的重点任务",
        lead_unit=Unit.objects.get(code="gb1"),
        is_key=True,
        due_date=today + dt.timedelta(days=30),
        leader=Person.objects.get(user__username="deputy1"),
    )
    services.assign(task, actor=user("gb1-head"))
    services.acknowledge(task, actor=user("gb1-head"))
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    services.review_close(task, actor=user("gb1-head"))
    services.approve_close(task, actor=user("deputy1"))
    before = (kinds(task), Notification.objects.count())
    with pytest.raises(Forbidden, match="请向分管领导提出") as refused:
        services.reopen(task, actor=user("gb1-head"), reason="还需补充")
    assert refused.value.code == "permission_denied"
    task.refresh_from_db()
    assert (task.status, kinds(task), Notification.objects.count()) == ("closed", *before)
    services.reopen(task, actor=user("deputy1"), reason="回头看发现问题反弹")
    assert Task.objects.get(pk=task.pk).status == TaskStatus.IN_PROGRESS


def test_reject_close_returns_the_task_with_the_reason(make_task, user):
    task = make_task(acknowledge=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    services.reject_close(task, actor=user("deputy1"), reason="佐证材料不全")
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    assert task.close_requests.get().decision_note == "佐证材料不全"
    assert Notification.objects.filter(task=task, kind="close_rejected").exists()


@pytest.mark.parametrize("username", ["gb1-staff", "bgs-staff", "deputy2", "inspector"])
def test_who_neither_leads_nor_heads_the_unit_approves_no_close_out(make_task, user, username):
    """bgs-staff created and assigned the task: the assigner never decides its close-out."""
    task = make_task(acknowledge=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    with pytest.raises((Forbidden, NotFound)):
        services.approve_close(task, actor=user(username))
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSE_REQUESTED and kinds(task)[-1] == EventKind.CLOSE_REQUESTED


def test_updating_the_due_date_after_assignment_requires_an_extension(make_task, user):
    task = make_task(assign=True)
    with pytest.raises(Conflict, match="延期申请"):
        services.update_task(task, actor=user("bgs-staff"), due_date=task.due_date + dt.timedelta(days=1))


def test_a_draft_without_a_deadline_is_edited_without_one(make_task, user):
    """PATCH /api/v1/tasks/{id}/ with a description alone, on a draft with no 完成时限 yet: the edit is
    kept (it answered a 500, a KeyError on the due date the request did not carry)."""
    task = make_task(due_date=None)
    services.update_task(task, actor=user("bgs-staff"), description="先摸清底数")
    task.refresh_from_db()
    assert task.description == "先摸清底数" and task.due_date is None


@pytest.mark.django_db(transaction=True)
def test_two_leaders_approving_at_once_close_it_once(make_task, user):
    task = make_task(acknowledge=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    outcomes = at_once(
        lambda: services.approve_close(task.pk, actor=user("deputy1")),
        lambda: services.approve_close(task.pk, actor=user("head")),
    )
    assert [type(o).__name__ for o in raised(outcomes)] == ["Conflict"]
    assert task.events.filter(kind=EventKind.CLOSE_APPROVED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_attack_an_extension_decided_while_the_sub_task_reports_deadlocks_neither(
    make_task, user, monkeypatch
):
    """On PostgreSQL the decision locked the sub-task before its parent, a report the parent first: one of
    the two died (deadlock detected, a 500). Both lock the path root first now and wait for each other."""
    from luoshi.tasks import rollup

    child = make_task(acknowledge=True, parent=make_task(acknowledge=True))
    extension = services.request_extension(
        child, actor=user("gb1-head"), new_due_date=child.due_date + dt.timedelta(days=5), reason="等文件"
    )
    deciding, refresh = threading.Event(), rollup.refresh

    def slow_refresh(task):
        if deciding.is_set():  # the decision holds its first locks: let the report take its own
            deciding.clear()
            time.sleep(1)
        return refresh(task)

    monkeypatch.setattr(rollup, "refresh", slow_refresh)

    def decide():
        deciding.set()
        return services.decide_extension(extension.pk, actor=user("deputy1"), approve=True)

    def report():
        time.sleep(0.3)
        return services.submit_feedback(child.pk, actor=user("gb1-staff"), progress_text="进展", percent=30)

    assert codes(at_once(decide, report)) == ["ok", "ok"]
    assert child.events.filter(kind=EventKind.EXTENSION_APPROVED).count() == 1


def test_the_attack_who_may_not_see_a_task_takes_no_lock_on_it(make_task, user, monkeypatch):
    """A county's head asking for the department's task by id took the locks on its tree before he was
    refused: his 404 waited on whoever worked on it (and held them up), an absent id's did not."""
    from luoshi.tasks import rollup

    task = make_task(acknowledge=True)
    extension = services.request_extension(
        task, actor=user("gb1-head"), new_due_date=task.due_date + dt.timedelta(days=5), reason="等文件"
    )
    locked, lock_path = [], rollup.lock_path
    monkeypatch.setattr(rollup, "lock_path", lambda pk: locked.append(pk) or lock_path(pk))
    outsider, unit = user("jcq-head"), Unit.objects.get(code="jcq")
    attempts = [
        lambda: services.decide_extension(extension.pk, actor=outsider, approve=True),
        lambda: services.submit_feedback(task.pk, actor=outsider, progress_text="进展", percent=30),
        lambda: services.report_part(task.pk, unit, actor=outsider, progress_text="进展", percent=30),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()
    assert locked == []
    services.decide_extension(extension.pk, actor=user("deputy1"), approve=True)
    assert locked


# ---------------------------------------------------------------- nobody decides their own matter


def test_a_section_head_who_owns_the_task_does_not_decide_it(make_task, user):
    owner = Person.objects.get(user__username="gb1-head")
    task = make_task(acknowledge=True, owner=owner)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    with pytest.raises(Forbidden, match="责任人不能审批"):
        services.approve_close(task, actor=user("gb1-head"))
    services.approve_close(task, actor=user("deputy1"))
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED


def test_nobody_decides_their_own_extension(make_task, user):
    task = make_task(acknowledge=True)
    extension = services.request_extension(
        task, actor=user("gb1-head"), new_due_date=task.due_date + dt.timedelta(days=10), reason="需要时间"
    )
    with pytest.raises(Forbidden, match="不能审批自己提出的延期申请"):
        services.decide_extension(extension, actor=user("gb1-head"), approve=True)
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING
    services.decide_extension(extension, actor=user("deputy1"), approve=True)


def test_a_task_creator_does_not_decide_its_extension(make_task, user):
    task = make_task(acknowledge=True)  # created and assigned by bgs-staff
    extension = services.request_extension(
        task, actor=user("gb1-staff"), new_due_date=task.due_date + dt.timedelta(days=10), reason="需要时间"
    )
    with pytest.raises(Forbidden, match="交办人、创建人和责任人不能审批"):
        services.decide_extension(extension, actor=user("bgs-staff"), approve=True)
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING


def test_a_key_task_close_out_is_reviewed_by_the_section_head_then_decided_by_the_leader(make_task, user):
    task = make_task(acknowledge=True, is_key=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    with pytest.raises(Conflict, match="须先经牵头单位负责人审核"):
        services.approve_close(task, actor=user("deputy1"))
    with pytest.raises(Forbidden):
        services.review_close(task, actor=user("gb1-staff"))  # the requester does not review her own
    services.review_close(task, actor=user("gb1-head"), note="佐证齐全")
    with pytest.raises(Conflict, match="已经审核过了"):
        services.review_close(task, actor=user("gb1-head"))
    with pytest.raises(Forbidden):
        services.approve_close(task, actor=user("gb1-head"))  # a key task: the leader decides
    services.approve_close(task, actor=user("deputy1"), note="同意")
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED
    assert kinds(task)[-3:] == [EventKind.CLOSE_REQUESTED, EventKind.CLOSE_REVIEWED, EventKind.CLOSE_APPROVED]


def test_the_reviewer_and_the_decider_are_two_people(make_task, user):
    task = make_task(acknowledge=True, is_key=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    with pytest.raises(Forbidden):
        services.review_close(task, actor=user("deputy1"))  # 分管 is not heading the unit
    services.review_close(task, actor=user("head"))  # the department's head heads every unit below it
    with pytest.raises(Forbidden, match="审核人和审批人须为不同的人"):
        services.approve_close(task, actor=user("head"))
    services.approve_close(task, actor=user("deputy1"))


def test_a_key_task_requested_by_its_section_head_needs_no_second_review(make_task, user):
    task = make_task(acknowledge=True, is_key=True)
    request = services.request_close(task, actor=user("gb1-head"), evidence_text="完成")
    assert request.reviewed_by.user.username == "gb1-head"
    services.approve_close(task, actor=user("deputy1"))


def test_the_system_admin_sets_who_decides_and_nobody_else_may(make_task, user):
    task = make_task(acknowledge=True)
    extension = services.request_extension(
        task, actor=user("gb1-staff"), new_due_date=task.due_date + dt.timedelta(days=10), reason="需要时间"
    )
    for username in ("gb1-head", "head", "secadmin"):
        with pytest.raises(Forbidden, match="只有系统管理员"):
            services.set_decision_policy(
                "routine", actor=user(username), section_head_decides=False, section_head_reviews_close=False
            )
    services.set_decision_policy(
        "routine", actor=user("admin"), section_head_decides=False, section_head_reviews_close=False
    )
    with pytest.raises(Forbidden):
        services.decide_extension(extension, actor=user("gb1-head"), approve=True)
    services.decide_extension(extension, actor=user("deputy1"), approve=True)


def test_who_may_decide_each_kind_of_task_across_every_account(make_task, user, demo):
    """The deciders, declared: the leader in charge and the head; the section head for routine work only,
    and never the assigner (bgs-staff) or the owner; no admin, no other unit, no county."""
    from django.contrib.auth import get_user_model

    expected = {
        make_task(acknowledge=True): {"head", "deputy1", "gb1-head"},
        make_task(acknowledge=True, is_key=True): {"head", "deputy1"},
        make_task(lead="gb2", acknowledge=True, owner=Person.objects.get(user__username="gb2-head")): {
            "head",
            "deputy1",
        },
        make_task(lead="zz1", acknowledge=True): {"head", "deputy3", "zz1-head"},
    }
    for task, deciders in expected.items():
        found = {u.username for u in get_user_model().objects.all() if u.has_perm("tasks.decide_task", task)}
        assert found == deciders, task.title


def test_a_county_head_heads_the_countys_work_and_the_city_decides_its_key_tasks(make_task, user):
    routine = make_task(lead="jcq", acknowledge=True, leader=Person.objects.get(user__username="head"))
    key = make_task(
        lead="jcq", acknowledge=True, is_key=True, leader=Person.objects.get(user__username="head")
    )
    assert user("jcq-head").has_perm("tasks.decide_task", routine)
    assert not user("jcq-head").has_perm("tasks.decide_task", key)
    assert user("head").has_perm("tasks.decide_task", key)


def test_an_extension_of_a_closed_task_is_not_decided(make_task, user):
    task = make_task(acknowledge=True)
    extension = services.request_extension(
        task, actor=user("gb1-staff"), new_due_date=task.due_date + dt.timedelta(days=10), reason="需要时间"
    )
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    services.approve_close(task, actor=user("deputy1"))
    due = Task.objects.get(pk=task.pk).due_date
    with pytest.raises(Conflict, match="任务已销号，这条延期申请无需再审批"):
        services.decide_extension(extension, actor=user("deputy1"), approve=True)
    assert Task.objects.get(pk=task.pk).due_date == due


def test_a_change_of_the_decision_policy_is_in_the_audit_log(user):
    from luoshi.accounts.models import SecurityEvent

    services.set_decision_policy(
        "key", actor=user("admin"), section_head_decides=True, section_head_reviews_close=True
    )
    event = SecurityEvent.objects.get(kind="policy_changed")
    assert event.target == "审批规则：重点任务" and "负责人（科室/县委组织部）可审批：是" in event.detail_text


def test_each_event_carries_its_changes_in_plain_chinese(make_task, user):
    task = make_task(acknowledge=True)
    services.update_task(task, actor=user("bgs-staff"), co_units=[Unit.objects.get(code="gb2")], weight=3)
    event = task.events.get(kind=EventKind.UPDATED)
    assert {"field": "weight", "label": "权重", "old": "1", "new": "3"} in event.changes
    assert {
        "field": "co_units",
        "label": "配合单位",
        "old": "（空）",
        "new": Unit.objects.get(code="gb2").name,
    } in event.changes
    feedback = services.submit_feedback(task, actor=user("gb1-staff"), progress_text="已起草", percent=30)
    event = task.events.get(kind=EventKind.FEEDBACK)
    assert event.feedback == feedback and event.actor.username == "gb1-staff"
    assert {"field": "progress", "label": "进度", "old": "0%", "new": "30%"} in event.changes
    assert {"field": "status", "label": "状态", "old": "已签收", "new": "推进中"} in event.changes
    assert not hasattr(task, "history"), "the events are the task's only trail"


@pytest.mark.parametrize(
    "decide",
    [
        lambda task, user: services.approve_close(task, actor=user("deputy1")),
        lambda task, user: services.reject_close(task, actor=user("deputy1"), reason="佐证不全"),
    ],
)
def test_a_decided_close_out_settles_its_notices(make_task, user, decide):
    task = make_task(acknowledge=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    assert Notification.objects.filter(task=task, kind="close_requested", read_at__isnull=True).exists()
    decide(task, user)
    assert not Notification.objects.filter(task=task, kind="close_requested", read_at__isnull=True).exists()


def test_a_decided_extension_settles_its_notices(make_task, user):
    task = make_task(acknowledge=True)
    extension = services.request_extension(
        task, actor=user("gb1-head"), new_due_date=task.due_date + dt.timedelta(days=5), reason="理由"
    )
    assert Notification.objects.filter(task=task, kind="extension_requested", read_at__isnull=True).exists()
    services.decide_extension(extension, actor=user("deputy1"), approve=True)
    assert not Notification.objects.filter(
        task=task, kind="extension_requested", read_at__isnull=True
    ).exists()
    assert Notification.objects.filter(task=task, kind="extension_decided", read_at__isnull=True).exists()


def test_the_requester_withdraws_a_pending_close_out_and_its_deciders_are_told(make_task, user):
    task = make_task(acknowledge=True)
    request = services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    with pytest.raises(Forbidden, match="只有提出销号申请的人可以撤回"):
        services.withdraw_close(task, actor=user("gb1-head"))
    services.withdraw_close(task, actor=user("gb1-staff"), reason="补充复命后再申请")
    task.refresh_from_db()
    request.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    assert request.approved is False and request.decision_note == "申请人撤回：补充复命后再申请"
    assert task.events.filter(kind=EventKind.CLOSE_WITHDRAWN, note="补充复命后再申请").exists()
    assert Notification.objects.filter(
        task=task, kind="close_withdrawn", recipient__username="deputy1"
    ).exists()
    with pytest.raises(Conflict):
        services.withdraw_close(task, actor=user("gb1-staff"))


def test_a_leader_who_no_longer_oversees_the_unit_decides_nothing(make_task, user):
    """The security admin hands 干部一科 from deputy1 to deputy2: the task still names deputy1 as its
    leader, but its extensions, close-out and direction go with the section; nothing is approved by him."""
    from luoshi.org import services as org_services
    from luoshi.org.models import Oversight

    task = make_task(acknowledge=True)
    assert task.leader.user.username == "deputy1"
    gb1 = Unit.objects.get(code="gb1")
    deputy1, deputy2 = (Person.objects.get(user__username=name) for name in ("deputy1", "deputy2"))
    kept = [o.unit for o in Oversight.objects.filter(leader=deputy1).exclude(unit=gb1)]
    org_services.set_oversight(deputy1, actor=user("secadmin"), units=kept)
    taken = [o.unit for o in Oversight.objects.filter(leader=deputy2)]
    org_services.set_oversight(deputy2, actor=user("secadmin"), units=[*taken, gb1])
    extension = services.request_extension(
        task, actor=user("gb1-staff"), new_due_date=task.due_date + dt.timedelta(days=5), reason="需要时间"
    )
    assert not user("deputy1").has_perm("tasks.decide_task", task)
    assert not user("deputy1").has_perm("tasks.cancel_task", task)
    with pytest.raises(Forbidden):
        services.decide_extension(extension, actor=user("deputy1"), approve=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="完成")
    with pytest.raises(Forbidden):
        services.approve_close(task, actor=user("deputy1"))
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSE_REQUESTED
    services.approve_close(task, actor=user("deputy2"))
