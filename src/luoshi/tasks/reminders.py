"""What the tick reminds people of, as of a day: computed for all open tasks at once.

A fixed set of queries whatever the number of tasks (tasks, memberships, oversight, recent reminders,
existing keys, robots/names for the outbox), each list bound a slice at a time (core.chunks), plus the
writes. Each reminder is named by (kind, task, period, person), so re-running the tick, or running two
at once, never makes it twice; the period is the report's due date, the task's due date, the
assignment day or the 回头看 date, so a fact is told once, and a late report climbs to the section head
and then to the leader in charge instead of nagging the same person every day.

The tick finds this planner through ``notify.planners`` (registered in ``TasksConfig.ready``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from luoshi.core.chunks import BULK_BATCH, in_slices
from luoshi.notify.choices import NotificationKind as K
from luoshi.notify.models import Notification
from luoshi.notify.planners import Planned
from luoshi.notify.services import queue_deliveries
from luoshi.org.choices import Role
from luoshi.org.models import Membership, Oversight, Person
from luoshi.workdays.calendar import get_calendar

from .choices import EventKind, TaskStatus
from .models import ReminderPolicy, Task, TaskEvent
from .trail import fact

S = TaskStatus
ACTIVE = [S.ASSIGNED, S.ACKNOWLEDGED, S.IN_PROGRESS]
REPORTING = [S.ACKNOWLEDGED, S.IN_PROGRESS]
RECHECK_WINDOW = dt.timedelta(days=7)  # a tick that was down on the day still brings the 回头看 back
# When several reminders about one task fall to one person, the most pressing goes first.
PRIORITY = [K.OVERDUE, K.FEEDBACK_OVERDUE, K.ACKNOWLEDGE_DUE, K.FEEDBACK_DUE, K.DUE_SOON, K.RECHECK_DUE]


@dataclass(frozen=True)
class Reminder:
    kind: str
    task: Task
    recipients: tuple[Any, ...]
    key: str
    title: str
    body: str = ""
    event: str = ""  # a TaskEvent kind for the task's timeline, when this reminder is one (催办/督办)


class People:
    """Who stands behind a unit or a task, from three bulk queries: each person's account is built once,
    not once per task (a province-wide tick looks at tens of thousands of tasks)."""

    def __init__(self, unit_ids: set[int], person_ids: set[int]):
        self.users = {
            person.pk: person.user
            for part in in_slices(Person.objects.select_related("user"), "pk", person_ids)
            for person in part
        }
        self.by_role: dict[tuple[int, str], list[Any]] = defaultdict(list)
        memberships = (
            Membership.objects.filter(role__in=[Role.HEAD, Role.SECTION_HEAD, Role.STAFF])
            .select_related("person__user")
            .order_by("id")
        )
        for part in in_slices(memberships, "unit_id", sorted(unit_ids)):
            for m in part:
                role = Role.STAFF if m.role == Role.STAFF else Role.SECTION_HEAD
                self.by_role[(m.unit_id, role)].append(m.person.user)
        self.overseers: dict[int, list[Any]] = defaultdict(list)
        for part in in_slices(
            Oversight.objects.select_related("leader__user").order_by("id"), "unit_id", sorted(unit_ids)
        ):
            for o in part:
                self.overseers[o.unit_id].append(o.leader.user)

    def managers(self, task: Task) -> list[Any]:
        """The section head(s), or the head of a county department; the leaders when a unit has none."""
        return self.by_role[(task.lead_unit_id, Role.SECTION_HEAD)] or self.leaders(task)

    def leaders(self, task: Task) -> list[Any]:
        return [self.users[task.leader_id]] if task.leader_id else self.overseers[task.lead_unit_id]

    def reporters(self, task: Task) -> list[Any]:
        """The owner, or the unit's staff when nobody owns it."""
        if task.owner_id:
            return [self.users[task.owner_id]]
        return self.by_role[(task.lead_unit_id, Role.STAFF)] or self.managers(task)

    def responsible(self, task: Task) -> list[Any]:
        return [self.users[task.owner_id]] if task.owner_id else self.managers(task)


def _d(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


CANDIDATE_FIELDS = (
    "title",
    "status",
    "assigned_at",
    "next_report_due",
    "due_date",
    "recheck_on",
    "lead_unit",
    "owner",
    "leader",
)


def candidate_tasks(today: dt.date, soon_days: int) -> list[Task]:
    """Each task that may owe something as of ``today`` (due within ``soon_days`` working days): one query."""
    soon = get_calendar().add_working_days(today, soon_days)
    end_of_today = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min))
    return list(
        Task.objects.filter(
            Q(status=S.ASSIGNED, assigned_at__lt=end_of_today)
            | Q(status__in=REPORTING, next_report_due__lte=today)
            | Q(status__in=ACTIVE, due_date__lte=soon)
            | Q(status=S.CLOSED, recheck_on__gte=today - RECHECK_WINDOW, recheck_on__lte=today)
        )
        .select_related("lead_unit")
        .only(*CANDIDATE_FIELDS, "lead_unit__name")
        .order_by("id")
    )


def due_reminders(today: dt.date) -> list[Reminder]:
    """The reminders owed as of ``today``, before deduplication and the minimum interval."""
    cal, policy = get_calendar(), ReminderPolicy.current()
    soon = cal.add_working_days(today, policy.due_soon_days)
    tasks = candidate_tasks(today, policy.due_soon_days)
    named = {t.owner_id for t in tasks} | {t.leader_id for t in tasks}
    people = People({t.lead_unit_id for t in tasks}, {pk for pk in named if pk is not None})
    section_days, leader_days = policy.escalate_section_head_days, policy.escalate_leader_days
    overdue_days = policy.escalate_overdue_days
    out: list[Reminder] = []
    for t in tasks:

        def add(
            kind: str,
            who: list[Any],
            period: Any,
            title: str,
            body: str = "",
            event: str = "",
            level: str = "",
        ) -> None:
            key = f"{kind}{':' + level if level else ''}:{t.pk}:{period}"
            out.append(Reminder(kind, t, tuple(u for u in who if u.is_active), key, title, body, event))

        if t.status == S.ASSIGNED and t.assigned_at is not None:
            assigned_on = timezone.localtime(t.assigned_at).date()
            if cal.add_working_days(assigned_on, 1) <= today:
                add(
                    K.ACKNOWLEDGE_DUE,
                    people.managers(t),
                    assigned_on,
                    f"请签收：{t.title}",
                    f"{_d(assigned_on)}交办，至今未签收。",
                )
        due = t.next_report_due
        if t.status in REPORTING and due is not None and due <= today:
            if due == today:
                add(
                    K.FEEDBACK_DUE,
                    people.reporters(t),
                    due,
                    f"今天请复命：{t.title}",
                    f"本期复命应于今天（{_d(due)}）报送。",
                )
            else:
                late = cal.working_days_between(due, today)
                add(
                    K.FEEDBACK_OVERDUE,
                    people.reporters(t),
                    due,
                    f"复命逾期：{t.title}",
                    f"本期复命应于{_d(due)}报送，已逾期{late}个工作日。",
                    event=EventKind.REMINDED,
                )
                for level, days, who, whom in (
                    ("section_head", section_days, people.managers(t), "牵头单位负责人"),
                    ("leader", leader_days, people.leaders(t), "分管领导"),
                ):
                    if late >= days:
                        add(
                            K.ESCALATED,
                            who,
                            due,
                            f"督办：{t.title}",
                            f"{t.lead_unit.name}本期复命应于{_d(due)}报送，已逾期{late}个工作日，提请{whom}督办。",
                            event=EventKind.ESCALATED,
                            level=level,
                        )
        if t.status in ACTIVE and t.due_date is not None:
            if t.due_date < today:
                overdue = cal.working_days_between(t.due_date, today)
                add(
                    K.OVERDUE,
                    people.responsible(t),
                    t.due_date,
                    f"任务已逾期：{t.title}",
                    f"完成时限为{_d(t.due_date)}，已逾期{overdue}个工作日。如需延期请提出延期申请。",
                    event=EventKind.REMINDED,
                )
                if overdue >= overdue_days:  # once per due date: an extension's new date may climb again
                    add(
                        K.ESCALATED,
                        people.leaders(t),
                        t.due_date,
                        f"督办：{t.title}",
                        f"{t.lead_unit.name}牵头的任务完成时限为{_d(t.due_date)}，已逾期{overdue}个工作日，"
                        "提请分管领导督办。",
                        event=EventKind.ESCALATED,
                        level="overdue",
                    )
            elif t.due_date <= soon:
                add(
                    K.DUE_SOON,
                    people.responsible(t),
                    t.due_date,
                    f"即将到期：{t.title}",
                    f"完成时限为{_d(t.due_date)}，"
                    f"还有{cal.working_days_between(today, t.due_date)}个工作日。",
                )
        if t.status == S.CLOSED and t.recheck_on is not None:
            add(
                K.RECHECK_DUE,
                people.managers(t),
                t.recheck_on,
                f"回头看：{t.title}",
                f"该任务销号时约定于{_d(t.recheck_on)}回头看，请检查整改成效是否巩固。",
            )
    return out


def make_reminders(today: dt.date, now: dt.datetime | None = None) -> Planned:
    """Write the new reminders, their outbox rows and timeline events (in the caller's transaction).

    ``now`` is the moment the minimum interval is measured from; by default it moves with ``today``,
    so evaluating several days in a row behaves as the days would.
    """
    if now is None:
        now = timezone.now() + (today - timezone.localdate())
    reminders = due_reminders(today)
    rank = {kind: i for i, kind in enumerate(PRIORITY)}
    # Escalations (unranked) first, then the most pressing reminder about a task.
    wanted = sorted(
        ((r, u, f"{r.key}:{u.pk}") for r in reminders for u in r.recipients),
        key=lambda item: rank.get(item[0].kind, -1),
    )
    existing = {
        key
        for part in in_slices(Notification.objects.all(), "dedupe_key", (key for _, _, key in wanted))
        for key in part.values_list("dedupe_key", flat=True)
    }
    since = now - dt.timedelta(hours=settings.LUOSHI_REMIND_MIN_HOURS)
    recently = Notification.objects.filter(kind__in=K.REMINDERS, created_at__gt=since)
    recent = {
        pair
        for part in in_slices(recently, "task_id", sorted({r.task.pk for r in reminders}))
        for pair in part.values_list("task_id", "recipient_id")
    }
    new: list[Notification] = []
    told: dict[str, list[str]] = defaultdict(list)
    events: dict[str, Reminder] = {}
    throttled = 0
    for reminder, user, key in wanted:
        if key in existing:
            continue
        pair = (reminder.task.pk, user.pk)
        if reminder.kind in K.REMINDERS:
            if pair in recent:
                throttled += 1
                continue
            recent.add(pair)  # one reminder per task and person per interval, this tick included
        existing.add(key)
        new.append(
            Notification(
                recipient=user,
                kind=reminder.kind,
                task=reminder.task,
                title=reminder.title[:300],
                body=reminder.body,
                dedupe_key=key,
                created_at=now,
            )
        )
        if reminder.event:
            events[reminder.key] = reminder
            told[reminder.key].append(getattr(getattr(user, "person", None), "name", None) or user.username)
    Notification.objects.bulk_create(new, batch_size=BULK_BATCH)
    queue_deliveries(new)
    TaskEvent.objects.bulk_create(
        [
            TaskEvent(task=r.task, actor=None, kind=r.event, note=r.body, changes=[fact("已通知", told[key])])
            for key, r in events.items()
        ],
        batch_size=BULK_BATCH,
    )
    return Planned(new, sum(n.kind == K.ESCALATED for n in new), throttled)
