"""The demo's 问题清单: problems from several sources and units, one confirmed with 治标 and 治本 measures
under way, one closed and come back (反弹), one found in three sections and rectified as a common problem,
a few waiting for their section heads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from luoshi.org.models import Unit
from luoshi.tasks import services as task_services

from . import services
from .choices import MeasureKind, ProblemSource, Severity
from .models import Problem, ProblemCategory

WAITING = [
    (
        "rc-staff",
        "rc",
        ProblemSource.PUBLIC,
        "人才服务保障",
        Severity.NORMAL,
        "有引进人才反映，人才公寓申请材料要求重复提交，审核周期超过两个月，办事体验差。",
        6,
    ),
    (
        "gwy-staff",
        "gwy",
        ProblemSource.AUDIT,
        "考核奖惩",
        Severity.SERIOUS,
        "审计发现，2025年度公务员平时考核结果运用不充分，部分单位考核等次与奖金分配脱节。",
        12,
    ),
    (
        "inspector",
        "jcdj",
        ProblemSource.VISIT,
        "组织生活",
        Severity.NORMAL,
        "一线走访发现，部分村党支部“三会一课”记录简单，主题党日活动内容与实际工作结合不紧。",
        3,
    ),
]
COMMON = "干部个人有关事项报告填报不准确，房产、投资等事项漏报，抽查核实发现与实际不符"


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def category(name: str) -> ProblemCategory:
    return ProblemCategory.objects.get(name=name)


def _finish(task: Any, head: str, staff: str, leader: str) -> None:
    """A measure's task closed through the execution loop: signed for, close requested, approved."""
    task_services.acknowledge(task, actor=user(head))
    task_services.request_close(task, actor=user(staff), evidence_text="已按要求整改到位，相关材料已归档。")
    task_services.approve_close(task, actor=user(leader))


def load_problems(today: dt.date) -> list[Problem]:
    made = []
    # A closed problem of 基层党建科, and the same problem found again: 反弹.
    old = services.record_problem(
        actor=user("jcdj-staff"),
        unit=unit("jcdj"),
        source=ProblemSource.INSPECTION,
        category=category("党费收缴"),
        description="部分基层党组织党费收缴不及时，存在代缴、补缴现象，党费收缴台账登记不规范。",
        found_on=today - dt.timedelta(days=150),
    )
    services.confirm_problem(
        old,
        actor=user("jcdj-head"),
        root_cause="党费收缴提醒机制缺失，支部书记对党费收缴规定掌握不准",
        measures=[
            {
                "kind": MeasureKind.QUICK,
                "title": "督促相关支部补齐党费并规范台账",
                "due_date": today + dt.timedelta(days=5),
            },
        ],
    )
    for measure in old.measures.all():
        _finish(measure.task, "jcdj-head", "jcdj-staff", "deputy3")
    services.close_problem(
        old,
        actor=user("deputy3"),
        note="台账已规范，党费已补齐，同意销号。",
        recheck_on=today + dt.timedelta(days=1),
    )
    again = services.record_problem(
        actor=user("inspector"),
        unit=unit("jcdj"),
        source=ProblemSource.PATROL,
        category=category("党费收缴"),
        description="巡察反馈：基层党组织党费收缴仍不及时，个别支部存在代缴党费现象，台账登记不规范。",
        found_on=today - dt.timedelta(days=2),
        severity=Severity.SERIOUS,
    )
    made += [old, again]

    # Confirmed, its 治标 done, its 治本 under way.
    archive = services.record_problem(
        actor=user("gb1-staff"),
        unit=unit("gb1"),
        source=ProblemSource.SELF_CHECK,
        category=category("干部人事档案"),
        description="干部人事档案专项审核中发现，部分干部出生日期、参加工作时间前后记载不一致，未及时认定。",
        found_on=today - dt.timedelta(days=30),
    )
    services.confirm_problem(
        archive,
        actor=user("gb1-head"),
        root_cause="档案审核只看材料齐全，不核对前后一致；缺少专审复核制度",
        measures=[
            {
                "kind": MeasureKind.QUICK,
                "title": "逐一核对并认定出生日期等“三龄两历”",
                "due_date": today + dt.timedelta(days=2),
            },
            {
                "kind": MeasureKind.LASTING,
                "title": "建立干部档案专审复核制度",
                "due_date": today + dt.timedelta(days=45),
            },
        ],
    )
    quick = archive.measures.get(kind=MeasureKind.QUICK)
    task_services.acknowledge(quick.task, actor=user("gb1-head"))
    made.append(archive)

    # The same problem in three sections: one common problem, one upstream 治本 measure.
    members = []
    for code in ("gb1", "gb2", "gbjd"):
        problem = services.record_problem(
            actor=user(f"{code}-staff"),
            unit=unit(code),
            source=ProblemSource.INSPECTION,
            category=category("个人有关事项报告"),
            description=f"{unit(code).name}{COMMON}。",
            found_on=today - dt.timedelta(days=10),
        )
        services.confirm_problem(
            problem,
            actor=user(f"{code}-head"),
            root_cause="填报说明不清，核查比对不及时",
            measures=[
                {
                    "kind": MeasureKind.QUICK,
                    "title": "组织漏报干部补报并说明情况",
                    "due_date": today + dt.timedelta(days=20),
                }
            ],
        )
        members.append(problem)
    services.group_common(
        members,
        actor=user("head"),
        title="干部个人有关事项报告填报不准确",
        description="干部一科、干部二科、干部监督科均发现同类问题，由干部监督科统一完善填报指引和核查比对机制。",
        lead_unit=unit("gbjd"),
        measure={
            "title": "修订个人有关事项报告填报指引，建立季度核查比对机制",
            "due_date": today + dt.timedelta(days=60),
        },
    )
    made += members

    for username, code, source, category_name, severity, text, days in WAITING:
        made.append(
            services.record_problem(
                actor=user(username),
                unit=unit(code),
                source=source,
                category=category(category_name),
                severity=severity,
                description=text,
                found_on=today - dt.timedelta(days=days),
            )
        )
    return made
