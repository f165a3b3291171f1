"""One trail per task: the field changes django-simple-history kept move into the events, each event's
changes become a list in plain Chinese, and the history tables go.

What it needs of the code is frozen here: the labels, the shown fields and how a value is said."""

import datetime as dt
from bisect import bisect_left

import django.db.models.deletion
from django.db import migrations, models

LABELS = {
    "title": "任务",
    "description": "任务内容",
    "is_key": "重点任务",
    "lead_unit": "牵头单位",
    "owner": "责任人",
    "leader": "分管领导",
    "start_date": "开始日期",
    "due_date": "完成时限",
    "cadence": "反馈周期",
    "finish_standard": "完成标准",
    "weight": "权重",
    "status": "状态",
    "progress": "进度",
    "next_report_due": "下次复命日期",
    "recheck_on": "回头看日期",
    "co_units": "配合单位",
    "parent": "上级任务",
    "directive": "来源文件",
    "requirement": "来源要求",
}
STATUS = {
    "draft": "草稿",
    "assigned": "已交办",
    "acknowledged": "已签收",
    "in_progress": "推进中",
    "close_requested": "申请销号",
    "closed": "已销号",
    "returned": "已退回",
    "cancelled": "已撤销",
}
WEEKDAYS = "一二三四五六日"
PEOPLE = ("owner", "leader")
# A history row this close before an event is the save that event made.
SAME_STEP = dt.timedelta(seconds=60)


def _cadence(value):
    kind, _, n = (value or "none").partition(":")
    if kind == "weekly" and n.isdigit() and 1 <= int(n) <= 7:
        return f"每周{WEEKDAYS[int(n) - 1]}"
    if kind == "monthly" and n:
        return f"每月{n}日前"
    if kind == "workdays" and n:
        return f"每{n}个工作日"
    return {"once": "完成时报一次", "none": "不定期"}.get(kind, value)


def _said(name, value, names):
    if value is None or value == "" or value == []:
        return "（空）"
    if name == "status":
        return STATUS.get(value, value)
    if name == "cadence":
        return _cadence(value)
    if name == "progress":
        return f"{value}%"
    if name in names:
        return names[name].get(value, str(value))
    if name == "co_units" and isinstance(value, list):
        return "、".join(sorted(names["lead_unit"].get(pk, str(pk)) for pk in value)) or "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _change(name, old, new, names):
    return {
        "field": name,
        "label": LABELS.get(name, name),
        "old": _said(name, old, names),
        "new": _said(name, new, names),
    }


def _from_dict(kind, changes, names):
    """An event's old changes (``{"field": [old, new]}`` or the event's own details) as the list."""
    listed = []
    for name, value in changes.items():
        if name in LABELS and isinstance(value, list) and len(value) == 2:
            old, new = value
            if name in ("due_date", "start_date", "next_report_due", "recheck_on"):
                old, new = (dt.date.fromisoformat(v) if isinstance(v, str) else v for v in (old, new))
            listed.append(_change(name, old, new, names))
        elif name == "new_due_date":
            listed.append({"field": "due_date", "label": "申请完成时限", "old": None, "new": value})
        elif name == "late" and value:
            listed.append({"field": "", "label": "逾期报送", "old": None, "new": "是"})
        elif name == "to":
            listed.append({"field": "", "label": "已通知", "old": None, "new": "、".join(value)})
    return listed


def forward(apps, schema_editor):
    # PostgreSQL creates the new column's index at the end of the migration: no row change of this one may
    # leave a deferred foreign-key check pending by then.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Task = apps.get_model("tasks", "Task")
    HistoricalTask = apps.get_model("tasks", "HistoricalTask")
    TaskEvent = apps.get_model("tasks", "TaskEvent")
    Unit = apps.get_model("org", "Unit")
    Person = apps.get_model("org", "Person")
    units = dict(Unit.objects.values_list("pk", "name"))
    people = dict(Person.objects.values_list("pk", "name"))
    names = {
        "lead_unit": units,
        "owner": people,
        "leader": people,
        "parent": dict(Task.objects.values_list("pk", "title")),
    }
    shown = [name for name in LABELS if name not in ("co_units", "directive", "requirement")]
    columns = [f"{name}_id" if name in ("lead_unit", "owner", "leader", "parent") else name for name in shown]

    events = {}
    for pk, task_id, at, kind, changes in (
        TaskEvent.objects.order_by("task_id", "at", "id")
        .values_list("pk", "task_id", "at", "kind", "changes")
        .iterator()
    ):
        events.setdefault(task_id, []).append([at, pk, kind, changes if isinstance(changes, dict) else {}])
    listed, reports = {}, {}
    for task_events in events.values():
        for at, pk, kind, changes in task_events:
            listed[pk] = _from_dict(kind, changes, names)
            if isinstance(changes.get("feedback"), int):
                reports[pk] = changes["feedback"]

    previous, new_events = None, []
    rows = (
        HistoricalTask.objects.order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "history_user_id", "history_change_reason", *columns)
        .iterator()
    )
    for task_id, at, user_id, reason, *values in rows:
        row = dict(zip(shown, values))
        if previous is None or previous[0] != task_id:
            previous = (task_id, row)
            continue
        diff = [
            _change(name, previous[1][name], row[name], names)
            for name in shown
            if previous[1][name] != row[name]
        ]
        previous = (task_id, row)
        if not diff:
            continue
        task_events = events.get(task_id, [])
        index = bisect_left([e[0] for e in task_events], at)
        event = task_events[index] if index < len(task_events) else None
        if event is not None and event[0] - at <= SAME_STEP:
            known = {c["field"] for c in listed[event[1]]}
            listed[event[1]] = [c for c in diff if c["field"] not in known] + listed[event[1]]
        else:
            new_events.append(
                (
                    TaskEvent(
                        task_id=task_id, actor_id=user_id, kind="updated", note=reason or "", changes=diff
                    ),
                    at,
                )
            )
    TaskEvent.objects.update(changes=[])
    TaskEvent.objects.bulk_update(
        [
            TaskEvent(pk=pk, changes=changes, feedback_id=reports.get(pk))
            for pk, changes in listed.items()
            if changes or pk in reports
        ],
        ["changes", "feedback"],
        batch_size=500,
    )
    for event, at in new_events:
        event.save()
        TaskEvent.objects.filter(pk=event.pk).update(at=at)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("tasks", "0009_pace_dates"),
    ]

    operations = [
        migrations.AddField(
            model_name="taskevent",
            name="feedback",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="tasks.feedback",
            ),
        ),
        migrations.AlterField(
            model_name="taskevent",
            name="changes",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="HistoricalExtensionRequest",
        ),
        migrations.DeleteModel(
            name="HistoricalTask",
        ),
    ]
