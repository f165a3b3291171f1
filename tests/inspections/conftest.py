import datetime as dt

import pytest
from django.utils import timezone

from luoshi.inspections import services
from luoshi.org.models import Person, Unit
from luoshi.tasks import services as task_services


@pytest.fixture
def person(user):
    return lambda username: Person.objects.get(user__username=username)


@pytest.fixture
def key_task(user, person):
    """A key task of 干部一科 with a 完成标准 of two points, a sub-task for 江城区, and a report of each."""
    today = timezone.localdate()
    task = task_services.create_task(
        actor=user("bgs-staff"),
        title="开展年轻干部专题调研",
        lead_unit=Unit.objects.get(code="gb1"),
        is_key=True,
        due_date=today + dt.timedelta(days=60),
        leader=person("deputy1"),
        finish_standard="1.形成调研报告；2.建立年轻干部人选库",
    )
    task_services.assign(task, actor=user("bgs-staff"))
    task_services.acknowledge(task, actor=user("gb1-head"))
    task_services.submit_feedback(task, actor=user("gb1-staff"), progress_text="调研报告已成初稿", percent=50)
    return task


@pytest.fixture
def new_campaign(request, user, person):
    """A 督查 by the head in ``units``, the inspector leading its team of ``members``: of the key task (made
    only then), or of ``tasks``, with the checklist's ``extra_points`` written by hand."""

    def make(
        topic="年轻干部工作专项督查",
        units=("gb1", "gb2"),
        members=("bgs-staff",),
        team="第一督查组",
        tasks=None,
        extra_points=(),
    ):
        today = timezone.localdate()
        return services.create_campaign(
            actor=user("head"),
            kind="inspection",
            topic=topic,
            start_date=today,
            end_date=today + dt.timedelta(days=14),
            target_units=Unit.objects.filter(code__in=units),
            tasks=[request.getfixturevalue("key_task")] if tasks is None else tasks,
            extra_points=extra_points,
            teams=[services.TeamInput(team, person("inspector"), [person(m) for m in members])],
        )

    return make


@pytest.fixture
def campaign(new_campaign):
    """A 督查 of the key task in 干部一科 and 干部二科, the inspector leading the team, bgs-staff on it."""
    return new_campaign()


@pytest.fixture
def gb1_problem(campaign, user):
    """Records a finding of a problem at 干部一科 on the campaign's first point (``extra``: its 整改时限…)."""

    def record(**extra):
        return services.record_finding(
            campaign,
            actor=user("inspector"),
            point=campaign.points.first(),
            unit=Unit.objects.get(code="gb1"),
            result="problem",
            note="台账未更新",
            **extra,
        )

    return record


@pytest.fixture
def rectifying(user):
    """A problem of 干部一科 recorded by gb1-staff, confirmed by gb1-head with a 治标 and a 治本 measure."""
    from luoshi.problems import services as problem_services
    from luoshi.problems.models import ProblemCategory

    today = timezone.localdate()
    problem = problem_services.record_problem(
        actor=user("gb1-staff"),
        unit=Unit.objects.get(code="gb1"),
        source="inspection",
        category=ProblemCategory.objects.get(name="干部人事档案"),
        description="干部人事档案中出生日期前后记载不一致，审核把关不严",
        found_on=today - dt.timedelta(days=3),
    )
    return problem_services.confirm_problem(
        problem,
        actor=user("gb1-head"),
        root_cause="档案专审缺少复核",
        measures=[
            {"kind": "quick", "title": "逐一核对出生日期", "due_date": today + dt.timedelta(days=10)},
            {"kind": "lasting", "title": "建立专审复核制度", "due_date": today + dt.timedelta(days=40)},
        ],
    )


@pytest.fixture
def mixed_team(user, person):
    """A 督查 of 干部一科 and 干部二科 with gb1-staff on its team: she inspects 干部二科, not her own."""
    today = timezone.localdate()
    return services.create_campaign(
        actor=user("head"),
        kind="inspection",
        topic="档案工作交叉检查",
        start_date=today,
        end_date=today + dt.timedelta(days=14),
        target_units=Unit.objects.filter(code__in=["gb1", "gb2"]),
        extra_points=["档案专审情况"],
        teams=[services.TeamInput("交叉检查组", person("inspector"), [person("gb1-staff")])],
    )


@pytest.fixture
def beyond_reach(user, person):
    """A campaign over 干部一科 organised by the 江城区 head and led by him, as one made before a campaign's
    units were held to its organiser's reach: it may not inspect 干部一科."""
    from luoshi.inspections.models import Campaign

    today = timezone.localdate()
    made = services.create_campaign(
        actor=user("head"),
        kind="inspection",
        topic="自组督查",
        start_date=today,
        end_date=today + dt.timedelta(days=14),
        target_units=Unit.objects.filter(code="gb1"),
        extra_points=["工作作风是否扎实"],
        teams=[services.TeamInput("自组检查组", person("jcq-head"))],
    )
    Campaign.objects.filter(pk=made.pk).update(created_by=person("jcq-head"))
    made.refresh_from_db()
    return made
