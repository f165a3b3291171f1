from __future__ import annotations

import datetime as dt

from django.utils import timezone

from luoshi.meetings.ledger import LISTED, month_figures, summary_text
from luoshi.org.models import Unit
from luoshi.tasks.choices import TaskStatus
from luoshi.tasks.models import Task
from tests.factories import task_of


def test_the_summary_counts_the_month_from_the_ledger(demo):
    gb1, gb2 = Unit.objects.get(code="gb1"), Unit.objects.get(code="gb2")
    today = timezone.localdate()
    closed = task_of(gb1, title="完成换届调研")
    earlier = task_of(gb1, title="上月销号的任务")
    late = task_of(gb1, title="逾期的任务")
    key = task_of(gb1, title="年轻干部培养", is_key=True)
    task_of(gb2, title="别的科室的任务")
    moment = timezone.make_aware(dt.datetime.combine(today.replace(day=1), dt.time(9)))
    Task.objects.filter(pk=closed.pk).update(status=TaskStatus.CLOSED, closed_at=moment)
    Task.objects.filter(pk=earlier.pk).update(
        status=TaskStatus.CLOSED, closed_at=moment - dt.timedelta(days=1)
    )
    yesterday = today - dt.timedelta(days=1)
    Task.objects.filter(pk=late.pk).update(due_date=yesterday, subtree_due_date=yesterday)
    Task.objects.filter(pk=key.pk).update(progress=40)

    figures = month_figures(gb1.pk, today, today)
    assert [t.title for t in figures.closed] == ["完成换届调研"]
    assert [t.title for t in figures.overdue] == ["逾期的任务"]
    assert [(t.title, t.progress) for t in figures.key] == [("年轻干部培养", 40)]
    text = summary_text(figures)
    assert f"{today.month}月工作总结" in text
    assert f"{today.month}月销号任务1项" in text and "完成换届调研" in text and "上月销号" not in text
    assert "逾期未完成任务1项" in text and f"逾期的任务（时限{yesterday.month}月{yesterday.day}日）" in text
    assert "年轻干部培养：进度40%" in text
    body = figures.as_dict()
    assert body["overdue"][0]["due_date"] == yesterday and body["key_tasks"][0]["progress"] == 40


def test_a_long_list_is_cut_and_says_how_many_more(demo):
    gb1 = Unit.objects.get(code="gb1")
    for number in range(LISTED + 2):
        task_of(gb1, title=f"重点任务{number}", is_key=True)
    text = summary_text(month_figures(gb1.pk, timezone.localdate()))
    assert "重点任务12项在办" in text and "……另有2项，见任务台账" in text
