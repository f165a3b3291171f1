import pytest

from luoshi.assessment.models import Judgement, Period
from luoshi.demo import load_demo
from luoshi.meetings.models import Comment, Meeting


@pytest.mark.django_db
def test_the_demo_holds_a_meeting_with_reports_one_late_comments_and_decisions():
    load_demo()
    meeting = Meeting.objects.get()
    reports = {r.unit.code: r for r in meeting.reports.select_related("unit")}
    submitted = {code for code, r in reports.items() if r.is_submitted}
    assert submitted == {"gb1", "gb2", "zz1", "rc"}
    assert [code for code, r in reports.items() if r.is_late] == ["rc"]
    assert reports["gwy"].summary and not reports["gwy"].is_submitted
    assert "工作总结（据任务台账生成" in reports["gb1"].summary
    assert Comment.objects.count() == 5
    # counted in last month's assessment, published after the meeting (in January last month is another
    # year's, with no scheme in the demo)
    counted = 5 if Period.objects.filter(kind="month", starts_on=meeting.month).exists() else 0
    assert Comment.objects.filter(judgement__isnull=False).count() == counted
    assert Judgement.objects.filter(justification__startswith="月例会点评").count() == counted
    assert meeting.directive is not None and meeting.directive.tasks.count() == 2
