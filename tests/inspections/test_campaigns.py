import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from luoshi.core.errors import Conflict, Forbidden, InvalidInput
from luoshi.inspections import services
from luoshi.inspections.models import Campaign, CampaignEvent, ChecklistPoint, Finding
from luoshi.org.models import Unit
from luoshi.tasks.models import Task
from tests.concurrency import at_once, codes


def test_the_checklist_is_drawn_from_the_tasks_finish_standard(campaign):
    assert list(campaign.points.values_list("text", flat=True)) == ["形成调研报告", "建立年轻干部人选库"]
    assert set(campaign.target_units.values_list("code", flat=True)) == {"gb1", "gb2"}
    assert CampaignEvent.objects.get(campaign=campaign).kind == "created"


@pytest.mark.parametrize(
    ("standard", "points"),
    [
        ("", ["按期完成“调研”"]),
        ("（1）形成报告（2）报部务会", ["形成报告", "报部务会"]),
        ("形成报告\n报部务会。", ["形成报告", "报部务会"]),
    ],
)
def test_points_of_a_finish_standard(standard, points):
    assert services.points_of(Task(title="调研", finish_standard=standard)) == points


def find(campaign, user, actor="inspector", unit="gb1", **fields):
    """``actor`` records a finding on ``unit`` against the campaign's first checklist point: met, unless
    ``fields`` say otherwise."""
    fields.setdefault("point", campaign.points.first())
    fields.setdefault("result", "met")
    return services.record_finding(campaign, actor=user(actor), unit=Unit.objects.get(code=unit), **fields)


def test_a_team_member_records_a_finding_and_the_trail_says_what_changed(campaign, user):
    point = campaign.points.first()
    gb1 = Unit.objects.get(code="gb1")
    finding = services.record_finding(campaign, actor=user("bgs-staff"), point=point, unit=gb1, result="met")
    assert finding.result == "met"
    changed = services.record_finding(
        campaign, actor=user("inspector"), point=point, unit=gb1, result="met", note="材料齐全"
    )
    assert changed.pk == finding.pk and Finding.objects.count() == 1
    last = CampaignEvent.objects.filter(campaign=campaign).latest("id")
    assert last.kind == "finding_changed" and last.changes[0]["new"] == "符合要求"


def test_someone_outside_the_team_may_not_record_a_finding(campaign, user):
    with pytest.raises(Forbidden) as refused:
        find(campaign, user, actor="head")  # organised it, sees everything, but is on no team
    assert refused.value.code == "not_on_team" and "检查组" in refused.value.message
    assert not Finding.objects.exists()


def test_a_finding_for_a_unit_outside_the_campaign_is_refused(campaign, user):
    with pytest.raises(InvalidInput) as refused:
        find(campaign, user, unit="rc", result="problem", note="未开展")
    assert (
        refused.value.code == "unit_not_targeted"
        and "人才工作科不是本次督查调研的检查对象" in refused.value.message
    )
    assert not Finding.objects.exists() and CampaignEvent.objects.filter(kind="finding").count() == 0


def test_a_point_of_another_campaign_is_refused(campaign, user, person, key_task):
    other = services.create_campaign(
        actor=user("head"),
        kind="survey",
        topic="另一次调研",
        start_date=campaign.start_date,
        end_date=campaign.end_date,
        target_units=[Unit.objects.get(code="gb1")],
        tasks=[key_task],
        teams=[services.TeamInput("调研组", person("inspector"))],
    )
    with pytest.raises(InvalidInput) as refused:
        find(campaign, user, point=other.points.first())
    assert refused.value.code == "unknown_point"


def test_a_problem_needs_its_description(campaign, user):
    with pytest.raises(InvalidInput) as refused:
        find(campaign, user, result="problem")
    assert refused.value.code == "required" and not Finding.objects.exists()


def test_a_campaign_without_units_team_or_checklist_is_refused_whole(user, person):
    today = timezone.localdate()
    base = dict(actor=user("head"), kind="inspection", topic="督查", start_date=today, end_date=today)
    team = [services.TeamInput("组", person("inspector"))]
    cases = [
        (dict(target_units=[], teams=team, extra_points=["a点"]), "no_target_units"),
        (dict(target_units=Unit.objects.filter(code="gb1"), teams=[], extra_points=["a点"]), "no_team"),
        (dict(target_units=Unit.objects.filter(code="gb1"), teams=team), "empty_checklist"),
        (
            dict(
                target_units=Unit.objects.filter(code="gb1"),
                teams=team,
                extra_points=["a点"],
                end_date=today - dt.timedelta(days=1),
            ),
            "invalid_period",
        ),
    ]
    for changes, code in cases:
        with pytest.raises(InvalidInput) as refused:
            services.create_campaign(**{**base, **changes})
        assert refused.value.code == code
    assert not Campaign.objects.exists() and not ChecklistPoint.objects.exists()


def test_a_clerk_may_not_organise_a_campaign(user, person):
    today = timezone.localdate()
    with pytest.raises(Forbidden):
        services.create_campaign(
            actor=user("gb1-staff"),
            kind="inspection",
            topic="督查",
            start_date=today,
            end_date=today,
            target_units=Unit.objects.filter(code="gb1"),
            teams=[services.TeamInput("组", person("inspector"))],
            extra_points=["a点"],
        )


def test_a_problem_found_becomes_a_problem_of_the_ledger_in_one_step(campaign, user):
    from luoshi.problems.models import Problem

    point, gb1 = campaign.points.last(), Unit.objects.get(code="gb1")
    # bgs-staff sees only the office's work: the campaign makes them the one to report on 干部一科 here
    finding = services.record_finding(
        campaign, actor=user("bgs-staff"), point=point, unit=gb1, result="problem", note="人选库尚未建立"
    )
    problem = Problem.objects.get()
    assert finding.problem == problem and problem.unit == gb1 and problem.source == "inspection"
    assert problem.origin == f"campaign:{campaign.pk}" and "年轻干部工作专项督查" in problem.origin_label
    assert problem.status == "recorded" and problem.description == "人选库尚未建立"
    with pytest.raises(Conflict) as refused:
        services.record_finding(campaign, actor=user("inspector"), point=point, unit=gb1, result="met")
    assert refused.value.code == "already_raised" and Finding.objects.get().result == "problem"


def test_a_refused_problem_leaves_no_finding(campaign, user, monkeypatch):
    from luoshi.core.errors import InvalidInput as Refused
    from luoshi.inspections.services import problems

    def refuse(*args, **kwargs):
        raise Refused("问题所在单位不存在或已停用", "unknown_unit")

    monkeypatch.setattr(problems, "record_problem", refuse)
    with pytest.raises(Refused):
        find(campaign, user, result="problem", note="未开展")
    assert not Finding.objects.exists() and not CampaignEvent.objects.filter(kind="finding").exists()


def test_a_campaign_only_targets_units_within_its_organisers_reach(user, person):
    with pytest.raises(Forbidden) as refused:
        services.create_campaign(
            actor=user("jcq-head"),
            kind="inspection",
            topic="自组督查",
            start_date=timezone.localdate(),
            end_date=timezone.localdate(),
            target_units=Unit.objects.filter(code__in=["jcq", "gb1"]),
            extra_points=["工作作风是否扎实"],
            teams=[services.TeamInput("自组检查组", person("jcq-head"))],
        )
    assert refused.value.code == "outside_scope" and "干部一科" in refused.value.message
    assert "江城区" not in refused.value.message and not Campaign.objects.exists()


def test_a_campaign_does_not_carry_problems_beyond_its_organisers_reach(beyond_reach, user):
    from luoshi.problems.models import Problem

    with pytest.raises(Forbidden) as refused:
        services.record_finding(
            beyond_reach,
            actor=user("jcq-head"),
            point=beyond_reach.points.first(),
            unit=Unit.objects.get(code="gb1"),
            result="problem",
            note="认定干部一科工作作风不扎实",
        )
    assert refused.value.code == "outside_scope" and "组织者的检查范围" in refused.value.message
    assert not Finding.objects.exists() and not Problem.objects.exists()


@pytest.mark.parametrize("result", ["met", "problem"])
def test_a_team_member_does_not_inspect_their_own_unit(mixed_team, user, result):
    point = mixed_team.points.first()
    with pytest.raises(Forbidden) as refused:
        services.record_finding(
            mixed_team,
            actor=user("gb1-staff"),
            point=point,
            unit=Unit.objects.get(code="gb1"),
            result=result,
            note="本单位自评",
        )
    assert refused.value.code == "own_unit" and "本人所在单位“干部一科”" in refused.value.message
    assert not Finding.objects.exists()
    other = services.record_finding(
        mixed_team, actor=user("gb1-staff"), point=point, unit=Unit.objects.get(code="gb2"), result="met"
    )
    assert other.unit.code == "gb2"


def test_the_inspector_is_of_the_department_where_he_holds_his_role(user, person):
    """The inspector's home is 干部监督科 and his 督查员 role is held in the 部机关: both are his own units
    (org.scopes.own_unit_ids), so he does not inspect the 部机关 itself; another team member does."""
    today = timezone.localdate()
    department = Unit.objects.get(code="swzzb")
    campaign = services.create_campaign(
        actor=user("head"),
        kind="inspection",
        topic="部机关作风督查",
        start_date=today,
        end_date=today + dt.timedelta(days=14),
        target_units=[department],
        extra_points=["工作作风是否扎实"],
        teams=[services.TeamInput("第一督查组", person("inspector"), [person("bgs-staff")])],
    )
    point = campaign.points.get()
    with pytest.raises(Forbidden) as refused:
        services.record_finding(campaign, actor=user("inspector"), point=point, unit=department, result="met")
    assert refused.value.code == "own_unit" and "本人所在单位“江城市委组织部”" in refused.value.message
    done = services.record_finding(
        campaign, actor=user("bgs-staff"), point=point, unit=department, result="met"
    )
    assert done.recorded_by.user.username == "bgs-staff"


def plan(user, person, actor="gb1-head", leader="gb1-staff", **changes):
    today = timezone.localdate()
    fields = dict(
        actor=user(actor),
        kind="inspection",
        topic="档案工作专项检查",
        start_date=today,
        end_date=today + dt.timedelta(days=7),
        target_units=Unit.objects.filter(code="gb1"),
        extra_points=["档案专审情况"],
        teams=[services.TeamInput("检查组", person(leader))],
    )
    fields.update(changes)
    return services.create_campaign(**fields)


def test_the_same_campaign_sent_twice_is_created_once(user, person):
    first = plan(user, person)
    with pytest.raises(Conflict) as refused:
        plan(user, person)
    assert refused.value.code == "duplicate_submit"
    assert (
        f"“档案工作专项检查”（{first.start_date:%Y-%m-%d}开始）的督查调研已经创建过了"
        in refused.value.message
    )
    assert f"编号{first.pk}" in refused.value.message and Campaign.objects.count() == 1
    assert plan(user, person, topic="档案工作专项检查（二）").pk != first.pk  # another campaign is another


@pytest.mark.django_db(transaction=True)
def test_a_campaign_sent_twice_at_once_is_created_once(demo):
    """Two requests of one form racing: the organiser's row lock lets one in; the other finds its twin."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers: the race is PostgreSQL's")
    from django.contrib.auth import get_user_model

    from luoshi.org.models import Person

    head = get_user_model().objects.get(username="gb1-head")
    leader = Person.objects.get(user__username="gb1-staff")
    today = timezone.localdate()

    def send():
        return services.create_campaign(
            actor=head,
            kind="inspection",
            topic="并发督查",
            start_date=today,
            end_date=today,
            target_units=Unit.objects.filter(code="gb1"),
            extra_points=["档案专审情况"],
            teams=[services.TeamInput("检查组", leader)],
        )

    outcomes = at_once(send, send)
    assert codes(outcomes, success="created") == ["created", "duplicate_submit"]
    assert Campaign.objects.filter(topic="并发督查").count() == 1


def test_the_team_is_chosen_among_the_people_the_organiser_sees(user, person):
    """The one rule of the page's team picker and of the service: people of the units the organiser may
    inspect. 干部一科's head names his own staff, not 干部二科's."""
    eligible = set(services.eligible_team(user("gb1-head")).values_list("user__username", flat=True))
    assert {"gb1-head", "gb1-staff"} <= eligible and "gb2-staff" not in eligible and "admin" not in eligible
    for team in (
        services.TeamInput("检查组", person("gb2-staff")),
        services.TeamInput("检查组", person("gb1-staff"), [person("gb2-staff")]),
    ):
        with pytest.raises(InvalidInput) as refused:
            plan(user, person, teams=[team])
        assert refused.value.code == "ineligible_member"
        assert f"“{person('gb2-staff').name}”" in refused.value.message
        assert "只能从您能查看的单位的人员中选择" in refused.value.message
    assert not Campaign.objects.exists()
    assert plan(user, person, leader="gb1-staff").teams.get().leader.user.username == "gb1-staff"


@pytest.mark.parametrize(("shift", "edge"), [(5, "早于"), (-30, "晚于")])
def test_a_finding_is_recorded_only_while_the_campaign_is_under_way(campaign, user, shift, edge):
    """Before its 开始日期 nothing has been inspected; after its 结束日期 the bulletin's figures stand."""
    start = timezone.localdate() + dt.timedelta(days=shift)
    Campaign.objects.filter(pk=campaign.pk).update(start_date=start, end_date=start + dt.timedelta(days=14))
    with pytest.raises(InvalidInput) as refused:
        find(campaign, user)
    assert refused.value.code == "campaign_not_open"
    assert f"今天（{timezone.localdate():%Y-%m-%d}）{edge}“年轻干部工作专项督查”" in refused.value.message
    assert "只能记录开展期间" in refused.value.message and not Finding.objects.exists()
