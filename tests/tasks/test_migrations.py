"""The move to one trail: the field changes simple_history kept land in the task's events."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("tasks", "0009_pace_dates")]
AFTER = [("tasks", "0010_one_trail")]


@pytest.mark.django_db(transaction=True)
def test_history_rows_become_changes_of_the_events_they_belong_to():
    executor = MigrationExecutor(connection)
    before = BEFORE + [node for node in executor.loader.graph.leaf_nodes() if node[0] == "org"]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Unit = apps.get_model("org", "Unit")
    Task, TaskEvent = apps.get_model("tasks", "Task"), apps.get_model("tasks", "TaskEvent")
    HistoricalTask = apps.get_model("tasks", "HistoricalTask")
    unit = Unit.objects.create(name="干部一科", code="m-gb1", tree_path="/m/")
    task = Task.objects.create(title="调研", lead_unit=unit, status="acknowledged", progress=0)
    at = timezone.now() - dt.timedelta(days=3)
    base = {
        f.attname: getattr(task, f.attname)
        for f in Task._meta.concrete_fields
        if f.attname in {h.attname for h in HistoricalTask._meta.concrete_fields}
    }
    HistoricalTask.objects.create(**base, history_date=at, history_type="+")
    HistoricalTask.objects.create(
        **{**base, "status": "in_progress", "progress": 40},
        history_date=at + dt.timedelta(hours=1),
        history_type="~",
    )
    HistoricalTask.objects.create(
        **{**base, "status": "in_progress", "progress": 40, "weight": 2},
        history_date=at + dt.timedelta(hours=2),
        history_type="~",
        history_change_reason="修改任务",
    )
    feedback = TaskEvent.objects.create(task=task, kind="feedback", note="已走访", changes={"late": True})
    TaskEvent.objects.filter(pk=feedback.pk).update(at=at + dt.timedelta(hours=1, seconds=1))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    events = list(apps.get_model("tasks", "TaskEvent").objects.filter(task_id=task.pk).order_by("at"))
    assert [e.kind for e in events] == ["feedback", "updated"]
    assert events[0].changes == [
        {"field": "status", "label": "状态", "old": "已签收", "new": "推进中"},
        {"field": "progress", "label": "进度", "old": "0%", "new": "40%"},
        {"field": "", "label": "逾期报送", "old": None, "new": "是"},
    ]
    assert events[1].changes == [{"field": "weight", "label": "权重", "old": "1", "new": "2"}]
    assert events[1].note == "修改任务"

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target if target else executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_a_task_waiting_for_its_close_out_owes_no_report_after_the_migration(make_task, user, today):
    """Tasks that asked for 销号 before 申请销号 cleared the next report date lose it, and their roll-up
    with it; a task still reporting keeps its own."""
    from luoshi.tasks import services
    from luoshi.tasks.models import Task

    waiting = make_task(acknowledge=True)
    services.request_close(waiting, actor=user("gb1-staff"), evidence_text="已完成")
    reporting = make_task(acknowledge=True, title="仍在复命")
    stale = today - dt.timedelta(days=3)
    Task.objects.filter(pk=waiting.pk).update(next_report_due=stale, subtree_report_due=stale)
    kept = Task.objects.get(pk=reporting.pk).next_report_due
    assert kept is not None

    _migrate([("tasks", "0015_close_withdrawn_event")])
    _migrate([("tasks", "0016_no_report_due_while_close_requested")])
    waiting = Task.objects.get(pk=waiting.pk)
    assert (waiting.status, waiting.next_report_due, waiting.subtree_report_due) == (
        "close_requested",
        None,
        None,
    )
    assert Task.objects.get(pk=reporting.pk).next_report_due == kept
    _migrate(None)
