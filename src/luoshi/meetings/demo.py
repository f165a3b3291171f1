"""The demo's 月例会: last month's meeting, held this morning; four sections reported (one after the
deadline, marked 逾期提交), one left a draft, the rest never reported; the leaders in charge and the head
commented at the meeting, their scores counting in last month's assessment (loaded before the head publishes
it); the meeting's decisions became tasks assigned to the sections."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from luoshi.core.clock import frozen_at
from luoshi.directives.acceptance import accept_requirements
from luoshi.org.models import Unit

from . import services
from .ledger import month_figures, summary_text
from .models import Meeting

# unit, days before today it was submitted (None: a draft only), 思考, 谋划
REPORTS: list[tuple[str, int | None, str, str]] = [
    (
        "gb1",
        5,
        "年轻干部调研覆盖面还不够，县区一线的样本偏少；个别任务反馈滞后，科内督促不及时。",
        "下月完成年轻干部专题调研报告初稿；建立科内任务周调度，逾期任务逐项销账。",
    ),
    (
        "gb2",
        4,
        "干部考核办法修订征求意见范围偏窄，基层声音听得不够。",
        "下月召开两场县区座谈会，修改稿报部务会审议。",
    ),
    (
        "zz1",
        3,
        "基层党组织书记培训内容与实际结合不紧，学员反映案例偏少。",
        "调整培训课程，增加现场教学点；完成软弱涣散村党组织整顿验收。",
    ),
    (
        "rc",
        1,
        "人才公寓申请材料重复提交的问题整改进度慢，部门协同不够。",
        "会同住建部门简化申请材料，月底前上线网上申请。",
    ),
    ("gwy", None, "", ""),
]
# reporter, leader, 侧重, level, 点评意见
COMMENTS = [
    ("gb1", "deputy1", ["depth", "height"], "好", "总结实、思考深，对标全省要求找差距，站位高。"),
    ("gb1", "head", ["force"], "较好", "措施要再具体，逾期任务要拿出销号时间表，压实责任。"),
    ("gb2", "deputy1", ["depth"], "较好", "问题找得准，下一步要把基层意见吸收到办法里。"),
    ("zz1", "deputy3", ["force"], "一般", "谋划偏原则，缺少量化目标和完成时限，请会后补充。"),
    ("rc", "deputy4", ["height", "force"], "一般", "逾期报送要说明原因；整改要有时间表，避免问题反弹。"),
]


def _at(day: dt.date, hour: int) -> Any:
    """The clock at that hour of the day (never later than now)."""
    return frozen_at(min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))), timezone.now()))


def load_meetings(today: dt.date) -> Meeting:
    users = {u.username: u for u in get_user_model().objects.all()}
    root = Unit.objects.get(parent__isnull=True)
    held_on, due = today, today - dt.timedelta(days=2)
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    with _at(today - dt.timedelta(days=10), 9):
        meeting = services.create_meeting(
            actor=users["bgs-staff"], department=root, month=last_month, held_on=held_on, report_due=due
        )
    for code, days_ago, thinking, plans in REPORTS:
        report = meeting.reports.get(unit__code=code)
        day = today - dt.timedelta(days=days_ago or 7)
        with _at(day, 16):
            summary = summary_text(month_figures(report.unit_id, meeting.month, day))
            if days_ago is None:
                services.save_report(report, actor=users[f"{code}-staff"], summary=summary)
                continue
            services.submit_report(
                report, actor=users[f"{code}-head"], summary=summary, thinking=thinking, plans=plans
            )
    with _at(held_on, 10):
        for code, leader, aspects, level, text in COMMENTS:
            report = meeting.reports.get(unit__code=code)
            services.comment_report(report, actor=users[leader], aspects=aspects, level=level, text=text)
    end = (today.replace(day=1) + dt.timedelta(days=62)).replace(day=1) - dt.timedelta(days=1)
    decisions = (
        f"一、完成年轻干部队伍建设专题调研报告。干部一科牵头，{end.month}月{end.day}日前完成。\n"
        f"二、上线人才公寓网上申请，简化申请材料。人才工作科负责，{end.month}月{end.day}日前完成。"
    )
    with _at(held_on, 11):
        directive = services.enter_decisions(meeting, actor=users["head"], text=decisions)
        accept_requirements([(r, {}) for r in directive.requirements.all()], actor=users["head"])
    return meeting
