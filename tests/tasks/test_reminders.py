"""Each reminder on a crafted day, working days across National Day, escalation, dedupe and the interval."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from luoshi.notify.models import Notification
from luoshi.tasks.models import Task, TaskEvent
from luoshi.tasks.reminders import due_reminders, make_reminders
from luoshi.workdays.calendar import get_calendar
from tests.tasks.conftest import sent_to

D = dt.date
# National Day 2026: 10-01..10-07 off, 10-10 (Saturday) a 调休 working day.
BEFORE_HOLIDAY, AFTER_HOLIDAY = D(2026, 9, 30), D(2026, 10, 8)


def test_the_calendar_facts_these_tests_rely_on(db):
    cal = get_calendar()
    assert cal.add_working_days(BEFORE_HOLIDAY, 1) == AFTER_HOLIDAY
    assert cal.is_workday(D(2026, 10, 10))
    assert cal.working_days_between(BEFORE_HOLIDAY, D(2026, 10, 13)) == 5


def test_acknowledge_due_after_one_working_day_across_the_holiday(craft):
    task = craft("assigned", assigned_on=BEFORE_HOLIDAY, due_date=D(2026, 12, 31))
    make_reminders(D(2026, 10, 7))
    assert sent_to("acknowledge_due") == []
    make_reminders(AFTER_HOLIDAY)
    assert sent_to("acknowledge_due", task) == ["gb1-head"]


def test_feedback_due_goes_to_the_owner_or_else_the_units_staff(craft):
    owned = craft(owner="gb1-2", next_report_due=D(2026, 12, 4), due_date=D(2027, 3, 1), title="有责任人")
    unowned = craft(next_report_due=D(2026, 12, 4), due_date=D(2027, 3, 1), title="无责任人")
    make_reminders(D(2026, 12, 3))
    assert sent_to("feedback_due") == []
    make_reminders(D(2026, 12, 4))
    assert sent_to("feedback_due", owned) == ["gb1-2"]
    assert sent_to("feedback_due", unowned) == ["gb1-2", "gb1-staff"]


def test_a_late_report_reminds_once_and_shows_on_the_timeline(craft):
    task = craft(owner="gb1-staff", next_report_due=D(2026, 12, 4), due_date=D(2027, 3, 1))
    for day in (D(2026, 12, 7), D(2026, 12, 8)):
        make_reminders(day)
    assert sent_to("feedback_overdue", task) == ["gb1-staff"]
    event = TaskEvent.objects.get(task=task, kind="reminded")
    assert event.actor is None and event.changes[0]["label"] == "已通知"


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2026, 10, 8), []),  # 1 working day late
        (D(2026, 10, 9), ["gb1-head"]),  # 2: the section head
        (D(2026, 10, 12), ["gb1-head"]),  # 4 (the Saturday 10-10 was a working day)
        (D(2026, 10, 13), ["deputy1", "gb1-head"]),  # 5: the leader in charge too
    ],
)
def test_escalation_climbs_by_working_days(craft, day, expected):
    task = craft(owner="gb1-staff", next_report_due=BEFORE_HOLIDAY, due_date=D(2026, 12, 31))
    make_reminders(day)
    assert sent_to("escalated", task) == expected
    assert TaskEvent.objects.filter(task=task, kind="escalated").count() == len(expected)
    # The lead unit may be a county department, whose head is its 部长, not a 科室负责人.
    sent = Notification.objects.filter(task=task, kind="escalated")
    bodies = sent.values_list("recipient__username", "body")
    whom = {"gb1-head": "提请牵头单位负责人督办。", "deputy1": "提请分管领导督办。"}
    assert all(body.endswith(whom[name]) for name, body in bodies)


def test_without_a_named_leader_the_unit_s_overseer_is_told(craft):
    task = craft(lead="zz1", leader=None, next_report_due=BEFORE_HOLIDAY, due_date=D(2026, 12, 31))
    make_reminders(D(2026, 10, 13))
    assert sent_to("escalated", task) == ["deputy3", "zz1-head"]


def test_escalation_thresholds_are_settings(craft, settings):
    settings.LUOSHI_ESCALATE_SECTION_HEAD_DAYS, settings.LUOSHI_ESCALATE_LEADER_DAYS = 1, 2
    task = craft(next_report_due=BEFORE_HOLIDAY, due_date=D(2026, 12, 31))
    make_reminders(D(2026, 10, 9))
    assert sent_to("escalated", task) == ["deputy1", "gb1-head"]


def test_due_soon_within_three_working_days_and_overdue_after(craft):
    task = craft("assigned", assigned_on=D(2026, 11, 25), due_date=D(2026, 12, 4))
    make_reminders(D(2026, 11, 30))  # Mon: 12-04 is 4 working days away
    assert sent_to("due_soon") == []
    make_reminders(D(2026, 12, 1))  # Tue: 3 working days
    assert sent_to("due_soon", task) == ["gb1-head"]
    make_reminders(D(2026, 12, 8))
    assert sent_to("overdue", task) == ["gb1-head"]


def test_recheck_comes_back_on_its_day(craft):
    task = craft("closed", recheck_on=D(2027, 3, 1))
    make_reminders(D(2027, 2, 26))
    assert sent_to("recheck_due") == []
    make_reminders(D(2027, 3, 1))
    assert sent_to("recheck_due", task) == ["gb1-head"]


def test_closed_and_cancelled_tasks_are_left_alone(craft):
    craft("closed", due_date=D(2026, 12, 1))
    assert due_reminders(D(2026, 12, 10)) == []


def test_running_twice_makes_nothing_new(craft):
    craft(owner="gb1-staff", next_report_due=BEFORE_HOLIDAY, due_date=D(2026, 10, 9))
    first = make_reminders(D(2026, 10, 13))
    assert len(first.notifications) >= 3
    count, events = Notification.objects.count(), TaskEvent.objects.count()
    second = make_reminders(D(2026, 10, 13))
    assert second.notifications == [] and Notification.objects.count() == count
    assert TaskEvent.objects.count() == events


def test_one_reminder_per_task_and_person_within_the_interval(craft, settings):
    settings.LUOSHI_REMIND_MIN_HOURS = 24
    # Due today and the task due within 3 working days: both fall to gb1-staff.
    # The moments are explicit: measured from the real clock, the interval would depend on the day the
    # suite runs (today's date decides how far the crafted days lie from now).
    first = timezone.now()
    task = craft(owner="gb1-staff", next_report_due=D(2026, 12, 2), due_date=D(2026, 12, 3))
    made = make_reminders(D(2026, 12, 2), now=first)
    assert [n.kind for n in made.notifications] == ["feedback_due"] and made.throttled == 1
    assert sent_to("due_soon", task) == []
    Task.objects.filter(pk=task.pk).update(next_report_due=None)  # reported; the due date still comes
    make_reminders(D(2026, 12, 2), now=first + dt.timedelta(hours=12))
    assert sent_to("due_soon", task) == [], "still within the interval"
    make_reminders(D(2026, 12, 3), now=first + dt.timedelta(hours=25))
    assert sent_to("due_soon", task) == ["gb1-staff"], "held back, not lost"


def test_queries_do_not_grow_with_the_number_of_tasks(craft):
    def queries(n):
        for i in range(n):
            craft(
                owner="gb1-staff", next_report_due=BEFORE_HOLIDAY, due_date=D(2026, 10, 9), title=f"任务{i}"
            )
        with CaptureQueriesContext(connection) as ctx:
            make_reminders(D(2026, 10, 13))
        return len(ctx.captured_queries)

    assert queries(2) == queries(6)


def _crowded_unit(tasks: int, staff: int) -> None:
    """``tasks`` late, overdue, unowned tasks of 干部一科 with ``staff`` more staff: each task wants a
    reminder for every one of them, a 督办 for the section head and the leader, and an overdue reminder."""
    from django.contrib.auth import get_user_model

    from luoshi.org.models import Membership, Person, Unit

    unit = Unit.objects.get(code="gb1")
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"crowd{n}") for n in range(staff)]
    )
    people = Person.objects.bulk_create([Person(user=u, name=f"科员{n}") for n, u in enumerate(users)])
    Membership.objects.bulk_create([Membership(person=p, unit=unit, role="staff") for p in people])
    leader = Person.objects.get(user__username="deputy1")
    Task.objects.bulk_create(
        [
            Task(
                title=f"积压任务{n}",
                lead_unit=unit,
                leader=leader,
                status="in_progress",
                cadence="weekly:5",
                due_date=BEFORE_HOLIDAY,
                next_report_due=BEFORE_HOLIDAY,
            )
            for n in range(tasks)
        ],
        batch_size=1000,
    )


def _largest_binding(day):
    """make_reminders as of ``day``, answering the most parameters one statement bound."""
    largest = [0]

    def watch(execute, sql, params, many, context):
        if params and not many:
            largest[0] = max(largest[0], len(params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        made = make_reminders(day)
    return made, largest[0]


def test_every_list_is_bound_a_slice_at_a_time(demo, monkeypatch):
    from luoshi.core import chunks

    monkeypatch.setattr(chunks, "SLICE", 10)
    monkeypatch.setattr("luoshi.tasks.reminders.BULK_BATCH", 10)
    monkeypatch.setattr("luoshi.notify.services.BULK_BATCH", 10)
    _crowded_unit(tasks=12, staff=5)
    made, largest = _largest_binding(D(2026, 10, 13))
    assert len(made.notifications) > 12 * 5 and largest <= 10 * 12  # a row of a bulk write binds ≤ 12 values


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's limit of 65,535 bind parameters")
def test_a_province_sized_tick_stays_under_postgresql_s_bind_limit(demo):
    _crowded_unit(tasks=1800, staff=34)  # about 66,000 reminders wanted in one tick
    made, largest = _largest_binding(D(2026, 10, 13))
    assert len(made.notifications) > 65_535 and largest <= 65_535


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2026, 12, 8), []),  # 2 working days past 12-04
        (D(2026, 12, 9), ["deputy1"]),  # 3: the leader in charge
    ],
)
def test_an_overdue_task_climbs_to_its_leader(craft, day, expected):
    task = craft(owner="gb1-staff", due_date=D(2026, 12, 4), next_report_due=D(2027, 1, 8))
    make_reminders(day)
    assert sent_to("escalated", task) == expected


def test_an_overdue_escalation_is_made_once_per_due_date(craft, settings):
    settings.LUOSHI_ESCALATE_OVERDUE_DAYS = 1
    task = craft(owner="gb1-staff", due_date=D(2026, 12, 4), next_report_due=D(2027, 1, 8))
    for day in (D(2026, 12, 7), D(2026, 12, 8), D(2026, 12, 9)):
        make_reminders(day)
    assert sent_to("escalated", task) == ["deputy1"]
    assert TaskEvent.objects.filter(task=task, kind="escalated").count() == 1
