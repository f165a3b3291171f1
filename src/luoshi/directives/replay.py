"""A few weeks of realistic work on the seed speech's tasks, replayed day by day through the services.

Every row the demo shows was written by the same functions the pages call; only the clock is simulated
(luoshi.core.clock), so history, lights, late reports and reminders look as they would in real use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from luoshi.core import cadence as cadence_mod
from luoshi.core.clock import frozen_at
from luoshi.notify.services import mark_read
from luoshi.org.models import Person, Unit
from luoshi.tasks import services
from luoshi.tasks.models import Task, TaskAncestor

from .acceptance import accept_requirement, reject_requirement
from .choices import RequirementStatus
from .models import Directive
from .services import extract_requirements

START_DAYS_AGO = 41
PROGRESS_NOTES = [
    "制定工作方案，明确责任分工和时间节点",
    "召开专题会议进行部署，细化工作清单",
    "完成摸底调研，梳理出问题清单",
    "推进重点事项，已完成阶段性目标",
    "形成初步成果，正在征求意见",
    "完善成果材料，准备报分管领导审定",
]


def _word_file(title: str) -> bytes:
    """A real .docx for the demo's evidence: uploads are checked by content."""
    import io

    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass
class Plan:
    title: str
    lead: str
    leader: str
    due: int  # days from today
    # steady, late, silent, closed, extended, close_pending, extension_pending, returned, draft or fresh
    profile: str = "steady"
    key: bool = False
    cadence: str = cadence_mod.DEFAULT
    standard: str = ""
    co: list[str] = field(default_factory=list)
    children: list[Plan] = field(default_factory=list)
    quote: str = ""


PLANS = [
    Plan(
        "组织各分管科室专题学习全国全省组织部长会议精神",
        "bgs",
        "deputy1",
        20,
        key=True,
        quote="各分管副部长要组织分管科室专题学习",
        standard="各科室完成专题学习并形成学习体会，全部报办公室汇总",
        children=[
            Plan("干部一科、干部二科专题学习", "gb1", "deputy1", 12, "closed"),
            Plan("干部监督科、公务员管理科专题学习", "gbjd", "deputy2", 12, "steady"),
            Plan("组织一科、基层党建科专题学习", "zz1", "deputy3", 12, "late"),
            Plan("人才工作科、信息中心专题学习", "rc", "deputy4", -2, "silent"),
        ],
    ),
    Plan(
        "对照“现状、目标、任务”细化实化今年组织工作要点",
        "yjs",
        "deputy3",
        25,
        "steady",
        key=True,
        quote="把今年工作细化、实化、具体化",
        standard="形成年度工作要点和任务分解表，经部务会审定印发",
    ),
    Plan(
        "在选人用人上突出政治标准，完善干部政治素质考察办法",
        "gb1",
        "deputy1",
        60,
        "extension_pending",
        quote="在选人用人上要突出政治标准",
        co=["gbjd"],
    ),
    Plan(
        "在基层党建上强化政治功能，开展基层党组织分类定级",
        "jcdj",
        "deputy3",
        2,
        "late",
        quote="在基层党建上要强化政治功能",
    ),
    Plan(
        "在人才工作上注重政治引领，开展专家人才国情研修",
        "rc",
        "deputy4",
        45,
        "extended",
        quote="在人才工作上要注重政治引领",
    ),
    Plan(
        "把选干部配班子与推进各项事业结合，完成班子运行情况分析",
        "gb2",
        "deputy1",
        -5,
        "silent",
        quote="必须把选干部配班子与推进xx各项事业结合起来",
    ),
    Plan(
        "建立基层党组织和党员作用发挥与中心工作结合的工作机制",
        "zz1",
        "deputy3",
        30,
        "close_pending",
        quote="必须把基层党组织和党员作用发挥",
    ),
    Plan(
        "建立问题清单，及时发现和解决组织工作中的问题",
        "gbjd",
        "deputy2",
        35,
        "steady",
        key=True,
        quote="必须重视党员干部群众的关切",
        standard="问题清单每月更新，整改销号率不低于90%",
    ),
    Plan(
        "建立“复命”工作机制，凡是安排的工作都及时反馈",
        "bgs",
        "deputy1",
        10,
        "closed",
        quote="凡是安排的工作都要及时反馈",
        standard="出台复命工作办法，纳入月例会通报",
    ),
    Plan(
        "大力度开展组工干部专业培训",
        "gwy",
        "deputy2",
        50,
        "extension_pending",
        quote="大力度开展组工干部专业培训",
        standard="全年开展专题培训不少于4期，覆盖全体组工干部",
    ),
    Plan("弘扬“安专迷”精神，改进作风抓落实", "gbjd", "deputy2", 40, "returned", quote="大力弘扬“安专迷”精神"),
    Plan(
        "安排好内部工作任务、人员机构设置和人员配备",
        "bgs",
        "deputy1",
        3,
        "close_pending",
        quote="把内部工作任务、人员机构设置、人员配备安排好",
    ),
    Plan(
        "深入基层开展组织工作大调研、大督查",
        "gbjd",
        "deputy2",
        70,
        "steady",
        key=True,
        quote="全面开展组织工作大调研、大督查",
        standard="完成对6个区县的调研督查，形成专题报告",
        children=[
            Plan("江城区组织工作调研督查", "jcq", "head", 30, "steady", cadence="monthly:25"),
            Plan("清河县组织工作调研督查", "qhx", "head", 30, "late", cadence="monthly:25"),
            Plan("云岭县组织工作调研督查", "ylx", "head", 30, "fresh", cadence="monthly:25"),
        ],
    ),
    Plan(
        "研究制定组织部门贯彻市委决策部署的具体措施",
        "yjs",
        "deputy3",
        90,
        "draft",
        quote="必须把中央、省委、市委决策部署与组织部门职能科学地、具体地结合起来",
    ),
]


def load_tasks(directive: Directive, today: dt.date | None = None) -> list[Task]:
    today = today or timezone.localdate()
    replay = _Replay(directive, today)
    return replay.run()


class _Replay:
    def __init__(self, directive: Directive, today: dt.date):
        self.directive, self.today = directive, today
        self.users = {u.username: u for u in get_user_model().objects.all()}
        self.people = {p.user.username: p for p in Person.objects.select_related("user")}
        self.units = {u.code: u for u in Unit.objects.all()}
        self.tasks: list[tuple[Plan, Task]] = []

    def at(self, day: dt.date, hour: int = 10) -> Any:
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
        return frozen_at(min(moment, timezone.now()))

    def actor_for(self, unit_code: str, role: str) -> Any:
        return self.users.get(f"{unit_code}-{role}") or self.users[f"{unit_code}-head"]

    def run(self) -> list[Task]:
        start = self.today - dt.timedelta(days=START_DAYS_AGO)
        with self.at(start, 9):
            self.requirements = list(extract_requirements(self.directive, actor=self.users["bgs-staff"]))
            for plan in PLANS:
                self.create(plan, None)
            for requirement in self.requirements:  # the engine sets most soft items aside itself
                if requirement.status == RequirementStatus.PROPOSED and any(
                    word in requirement.text for word in ("需进一步", "希望大家")
                ):
                    reject_requirement(
                        requirement,
                        actor=self.users["bgs-staff"],
                        reason="属于工作点评或希望，不作为具体任务",
                    )
        for offset in range(1, START_DAYS_AGO + 1):
            day = start + dt.timedelta(days=offset)
            for number, (plan, task) in enumerate(self.tasks):
                with self.at(day, 9 + number % 8):
                    self.step(plan, task, day, offset)
            if offset <= START_DAYS_AGO - 3:  # people read their notifications; the last days' stay unread
                with self.at(day, 18):
                    for user in self.users.values():
                        mark_read(user)
        return [task for _, task in self.tasks]

    def create(self, plan: Plan, parent: Task | None) -> None:
        # The office hands out the department's work, sub-tasks for other units too; a unit splits its own.
        own_split = parent is not None and parent.lead_unit.code == plan.lead
        office = self.actor_for(plan.lead, "head") if own_split else self.users["bgs-staff"]
        source = next((r for r in self.requirements if plan.quote and plan.quote in r.text), None)
        make = (
            (lambda **kw: accept_requirement(source, **kw))
            if source
            else (lambda **kw: services.create_task(parent=parent, directive=self.directive, **kw))
        )
        task = make(
            actor=office,
            title=plan.title,
            lead_unit=self.units[plan.lead],
            co_units=[self.units[c] for c in plan.co],
            is_key=plan.key,
            cadence=plan.cadence,
            leader=self.people[plan.leader],
            finish_standard=plan.standard,
            due_date=self.today + dt.timedelta(days=plan.due)
            if plan.due > 0
            else self.today + dt.timedelta(days=START_DAYS_AGO // 2 + plan.due),
            owner=self.people.get(f"{plan.lead}-staff"),
        )
        if source is not None:
            self.requirements.remove(source)
        if plan.due <= 0:  # planned with a date that has passed by now: an overdue (red) task
            task.due_date = self.today + dt.timedelta(days=plan.due)
            Task.objects.filter(pk=task.pk).update(due_date=task.due_date)
            TaskAncestor.follow_due_date(task)
        if plan.profile != "draft":
            services.assign(task, actor=office)
        self.tasks.append((plan, task))
        for child in plan.children:
            self.create(child, task)

    def step(self, plan: Plan, task: Task, day: dt.date, offset: int) -> None:
        task.refresh_from_db()
        head, staff = self.actor_for(plan.lead, "head"), self.actor_for(plan.lead, "staff")
        if plan.profile == "draft" or task.status in ("closed", "cancelled", "close_requested"):
            return
        if task.status == "assigned":
            if plan.profile == "returned" and offset == 2:
                services.return_task(
                    task, actor=head, reason="该项主要涉及干部作风，建议由干部监督科与办公室共同研究后再交办"
                )
                services.update_task(task, actor=self.users["bgs-staff"], lead_unit=self.units["gbjd"])
            elif offset >= 2 + len(plan.title) % 3 and plan.profile != "fresh":
                services.acknowledge(task, actor=head)
            return
        if task.status == "returned":
            if offset == 4:
                services.assign(task, actor=self.users["bgs-staff"])
            return
        self.report(plan, task, day, offset, staff)
        if (
            plan.profile == "closed"
            and offset == START_DAYS_AGO - 12
            and not task.open_descendants().exists()
        ):
            services.request_close(
                task,
                actor=staff,
                evidence_text="已完成，相关材料已归档，详见附件。",
                files=[SimpleUploadedFile("完成情况报告.pdf", b"%PDF-1.4 demo")],
                recheck_on=self.today + dt.timedelta(days=30),
            )
            services.approve_close(task, actor=self.users[plan.leader], note="同意销号")
        elif plan.profile == "close_pending" and offset == START_DAYS_AGO - 1:
            services.request_close(
                task,
                actor=staff,
                evidence_text="工作机制已建立并印发，附文件。",
                files=[SimpleUploadedFile("工作机制.docx", _word_file("关于建立工作机制的通知"))],
            )
        elif plan.profile == "extended" and offset == START_DAYS_AGO - 10:
            extension = services.request_extension(
                task,
                actor=head,
                new_due_date=_due_date(task) + dt.timedelta(days=21),
                reason="需与省委组织部研修计划衔接，调整时间",
            )
            services.decide_extension(extension, actor=self.users[plan.leader], approve=True, note="同意")
        elif plan.profile == "extension_pending" and offset == START_DAYS_AGO - 1:
            services.request_extension(
                task,
                actor=head,
                new_due_date=_due_date(task) + dt.timedelta(days=30),
                reason="培训师资待市委党校确定，申请顺延一个月",
            )

    def report(self, plan: Plan, task: Task, day: dt.date, offset: int, staff: Any) -> None:
        due = task.next_report_due
        if due is None or plan.profile == "fresh":
            return
        delay = 2 if plan.profile == "late" else 0
        if plan.profile == "silent" and offset > 14:
            return
        if day == due + dt.timedelta(days=delay) or (plan.profile == "closed" and day == due):
            count = task.feedback.count()
            percent = min(95, 20 + 15 * count) if plan.profile != "closed" else min(100, 40 + 30 * count)
            services.submit_feedback(
                task,
                actor=staff,
                progress_text=PROGRESS_NOTES[count % len(PROGRESS_NOTES)],
                percent=percent,
                next_steps="按计划推进下一阶段工作",
                difficulties="部分单位材料报送不及时" if count == 2 else "",
            )


def _due_date(task: Task) -> dt.date:
    if task.due_date is None:  # services.assign refuses a task without one
        raise ValueError(f"assigned task {task.pk} has no due date")
    return task.due_date
