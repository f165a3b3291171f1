"""create_tasks: many tasks at once, checked as create_task checks one, with the same rows written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from luoshi.org.models import Person, Unit
from luoshi.tasks import services
from luoshi.tasks.models import Task, TaskAncestor, TaskEvent
from luoshi.tasks.services import NewTask, TasksRefused, create_tasks

pytestmark = pytest.mark.django_db

DUE = timezone.localdate() + dt.timedelta(days=30)
COMPARED = (
    "title",
    "description",
    "lead_unit_id",
    "leader_id",
    "due_date",
    "cadence",
    "status",
    "progress",
    "pace_date",
    "children_count",
    "open_children_count",
    "subtree_due_date",
    "subtree_report_due",
    "subtree_pace_date",
    "directive_id",
    "created_by_id",
)


def _tree(actor, make):
    """A heading, two rows under it and one under the second: made by ``make``."""
    gb1, gb2, yjs = (Unit.objects.get(code=c) for c in ("gb1", "gb2", "yjs"))
    leader = Person.objects.get(user__username="deputy1")
    return make(
        [
            ("干部队伍建设", gb1, [], None, {"leader": leader}),
            ("开展专题调研", gb1, [yjs], 0, {"due_date": DUE, "cadence": "monthly:25"}),
            ("完善考核办法", gb2, [], 0, {"description": "按季度更新"}),
            ("起草考核细则", gb2, [gb1], 2, {"due_date": DUE}),
        ]
    )


def _one_by_one(actor):
    def make(specs):
        made = []
        for title, lead, co, parent, fields in specs:
            made.append(
                services.create_task(
                    actor=actor,
                    title=title,
                    lead_unit=lead,
                    co_units=co,
                    parent=made[parent] if parent is not None else None,
                    **fields,
                )
            )
        return [task.pk for task in made]

    return make


def _at_once(actor):
    def make(specs):
        items = [NewTask(t, lead, co, parent, None, fields) for t, lead, co, parent, fields in specs]
        return create_tasks(actor=actor, items=items)

    return make


def _snapshot(ids):
    rows = []
    for pk in ids:
        task = Task.objects.get(pk=pk)
        depth = task.tree_path.count("/")
        ancestors = TaskAncestor.objects.filter(task=task).count()
        events = list(TaskEvent.objects.filter(task=task).values_list("kind", "actor_id", "changes"))
        co = sorted(task.co_units.values_list("code", flat=True))
        rows.append(([getattr(task, name) for name in COMPARED], depth, ancestors, events, co))
    return rows


def test_the_same_rows_as_one_by_one(user):
    actor = user("bgs-staff")
    alone = _snapshot(_tree(actor, _one_by_one(actor)))
    Task.objects.update(parent=None)
    TaskAncestor.objects.all().delete()
    Task.objects.all().delete()
    together = _tree(actor, _at_once(actor))
    assert _snapshot(together) == alone
    heading, _, middle, below = (Task.objects.get(pk=pk) for pk in together)
    assert heading.children_count == 2 and below.tree_path.startswith(middle.tree_path)


def test_under_an_existing_task_its_roll_up_follows(user):
    actor = user("bgs-staff")
    gb1 = Unit.objects.get(code="gb1")
    parent = services.create_task(actor=actor, title="上级任务", lead_unit=gb1)
    create_tasks(
        actor=actor,
        items=[NewTask("子任务", gb1, parent_task=parent), NewTask("子任务二", gb1, parent_task=parent)],
    )
    parent.refresh_from_db()
    assert parent.children_count == 2 and TaskAncestor.objects.filter(ancestor=parent).count() == 2


def test_every_failing_item_is_named_and_nothing_is_written(user):
    actor = user("gb1-staff")
    gb1, gb2 = Unit.objects.get(code="gb1"), Unit.objects.get(code="gb2")
    items = [
        NewTask("可以", gb1),
        NewTask("不是本单位", gb2),
        NewTask("", gb1),
        NewTask("已过期", gb1, fields={"due_date": timezone.localdate() - dt.timedelta(days=1)}),
        NewTask("没有单位", None),
        NewTask("未知字段", gb1, fields={"status": "closed"}),
    ]
    with pytest.raises(TasksRefused) as refused:
        create_tasks(actor=actor, items=items)
    assert [index for index, _ in refused.value.refusals] == [1, 2, 3, 4, 5]
    assert "只能交办给本单位及下级单位" in refused.value.refusals[0][1]
    assert not Task.objects.exists()


def test_an_ineligible_leader_is_refused_for_each_of_its_items(user):
    actor = user("bgs-staff")
    gb1 = Unit.objects.get(code="gb1")
    stranger = Person.objects.get(user__username="deputy4")
    items = [NewTask(f"任务{n}", gb1, fields={"leader": stranger}) for n in range(3)]
    with pytest.raises(TasksRefused) as refused:
        create_tasks(actor=actor, items=items)
    assert len(refused.value.refusals) == 3 and "不分管" in refused.value.refusals[0][1]


def test_a_closed_parent_takes_no_children(user):
    actor = user("bgs-staff")
    gb1 = Unit.objects.get(code="gb1")
    parent = services.create_task(actor=actor, title="上级任务", lead_unit=gb1)
    services.cancel(parent, actor=actor, reason="不再需要")
    with pytest.raises(TasksRefused):
        create_tasks(actor=actor, items=[NewTask("子任务", gb1, parent_task=parent)])
