"""申请销号 rests on a completion report: the request is the task's 复命 at 100%, written once."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from luoshi.core.errors import Conflict, InvalidInput
from luoshi.tasks import services
from luoshi.tasks.choices import EventKind, TaskStatus
from luoshi.tasks.lights import periods_answered
from luoshi.tasks.services.steps import next_report


def test_a_close_out_at_any_progress_reports_the_work_complete(make_task, user, today):
    task = make_task(acknowledge=True)
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="已走访5个单位", percent=60)
    request = services.request_close(
        task,
        actor=user("gb1-staff"),
        evidence_text="调研报告已经部务会审定印发",
        files=[SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4")],
    )
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.CLOSE_REQUESTED, 100)
    report = task.feedback.first()
    assert (report.percent, report.progress_text) == (100, "调研报告已经部务会审定印发")
    assert report.author.user.username == "gb1-staff" and task.feedback.count() == 2
    # The evidence is stored once and belongs to both the request and its report.
    assert [f.name for f in report.files.all()] == [f.name for f in request.files.all()] == ["调研报告.pdf"]
    event = task.events.order_by("-at", "-id").first()
    assert (event.kind, event.feedback_id) == (EventKind.CLOSE_REQUESTED, report.pk)
    assert {"label": "进度", "old": "60%", "new": "100%"}.items() <= next(
        c for c in event.changes if c["label"] == "进度"
    ).items()


def test_a_close_out_right_after_sign_off_answers_the_period_owed_as_a_report_would(make_task, user):
    task, twin = make_task(acknowledge=True), make_task(acknowledge=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="已完成")
    services.submit_feedback(twin, actor=user("gb1-staff"), progress_text="已完成", percent=100)
    task.refresh_from_db()
    twin.refresh_from_db()
    assert task.progress == 100 and list(task.feedback.values_list("percent", flat=True)) == [100]
    assert task.feedback.get().period_due == twin.feedback.get().period_due is not None
    assert twin.next_report_due is not None and task.next_report_due is None  # none due while it waits
    assert periods_answered(task.feedback.get().period_due).count() == 2


def test_a_parent_closes_on_the_progress_derived_from_below(make_task, user):
    parent = make_task(acknowledge=True)
    child = make_task(parent=parent, acknowledge=True, title="制定调研方案")
    services.request_close(child, actor=user("gb1-staff"), evidence_text="方案已印发")
    services.approve_close(child, actor=user("deputy1"))
    services.request_close(parent, actor=user("gb1-staff"), evidence_text="全部完成")
    parent.refresh_from_db()
    assert parent.progress == 100 and parent.feedback.get().percent == 100


@pytest.mark.parametrize(
    "setup, error",
    [
        ("open_child", Conflict),
        ("past_recheck", InvalidInput),
    ],
)
def test_a_refused_close_out_writes_no_report(make_task, user, today, setup, error):
    task = make_task(acknowledge=True)
    services.submit_feedback(task, actor=user("gb1-staff"), progress_text="推进中", percent=40)
    if setup == "open_child":
        make_task(parent=task, assign=True, title="制定调研方案")
    with pytest.raises(error):
        services.request_close(
            task,
            actor=user("gb1-staff"),
            evidence_text="已完成",
            recheck_on=today - dt.timedelta(days=1) if setup == "past_recheck" else None,
        )
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and list(
        task.feedback.values_list("percent", flat=True)
    ) == [40]


def test_a_close_out_sent_back_stays_reported_complete(make_task, user):
    task = make_task(acknowledge=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="已完成")
    services.reject_close(task, actor=user("deputy1"), reason="缺少印发文件")
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.IN_PROGRESS, 100)


@pytest.mark.parametrize("outcome", ["reject", "withdraw"])
def test_no_report_is_due_while_a_close_out_waits_and_one_is_due_again_after_it(make_task, user, outcome):
    task = make_task(acknowledge=True)
    services.request_close(task, actor=user("gb1-staff"), evidence_text="已完成")
    task.refresh_from_db()
    assert task.next_report_due is None and task.subtree_report_due is None
    if outcome == "reject":
        services.reject_close(task, actor=user("deputy1"), reason="缺少印发文件")
    else:
        services.withdraw_close(task, actor=user("gb1-staff"))
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    assert task.next_report_due == next_report(task, timezone.localdate()) is not None


def test_an_approved_extension_moves_the_report_owed_on_the_old_deadline(make_task, user, today):
    task = make_task(acknowledge=True, cadence="once")
    assert task.next_report_due == task.due_date
    new = task.due_date + dt.timedelta(days=14)
    extension = services.request_extension(
        task, actor=user("gb1-staff"), new_due_date=new, reason="档案需从原籍调取"
    )
    services.decide_extension(extension, actor=user("deputy1"), approve=True)
    task.refresh_from_db()
    assert (task.due_date, task.next_report_due) == (new, new)


def test_an_approved_extension_leaves_a_report_owed_before_the_deadline(make_task, user):
    task = make_task(acknowledge=True)  # weekly: the next Friday, well before the deadline
    owed = task.next_report_due
    extension = services.request_extension(
        task, actor=user("gb1-staff"), new_due_date=task.due_date + dt.timedelta(days=14), reason="等文件"
    )
    services.decide_extension(extension, actor=user("deputy1"), approve=True)
    task.refresh_from_db()
    assert task.next_report_due == owed
