"""大调研/大督查: plan a campaign (teams, target units, a checklist drawn from its tasks' 完成标准) and
record its findings; a problem found becomes a Problem of the problem ledger in the same step."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from luoshi.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from luoshi.core.guards import require
from luoshi.org import pickers
from luoshi.org.models import Person, Unit
from luoshi.org.scopes import VIEW, Scope, acting_person, own_unit_ids, unit_scope
from luoshi.tasks.models import Task

from ..choices import CampaignEventKind, FindingResult
from ..models import Campaign, ChecklistPoint, Finding, Team
from . import problems
from .common import NO_PERSON, change, record_event, required_text

# A 完成标准 lists its points on lines, after 1. / （1） / ①, or between semicolons.
POINT_SPLIT = re.compile(r"[\n；;]+|(?:^|\s)(?=\d+[.、．])|(?=（\d+）)|(?=[①②③④⑤⑥⑦⑧⑨⑩])")
POINT_MARK = re.compile(r"^(?:\d+[.、．]|（\d+）|[①②③④⑤⑥⑦⑧⑨⑩])\s*")


@dataclass
class TeamInput:
    name: str
    leader: Person
    members: list[Person] = field(default_factory=list)


# The name under which the team picker searches ``team_reach`` (registered in InspectionsConfig.ready).
TEAM = "campaign_team"


def team_reach(actor: Any) -> Scope:
    """The units whose people ``actor`` may put on a campaign's team: those they may inspect (see)."""
    return unit_scope(actor, VIEW)


def eligible_team(actor: Any) -> QuerySet[Person]:
    """Who ``actor`` may put on a campaign's team — the one definition: what the team picker finds (the
    business users of ``team_reach``, org.pickers) is what the services accept."""
    return pickers.people_within(team_reach(actor))


def points_of(task: Task) -> list[str]:
    """The checklist points a task's 完成标准 holds; a task without one is checked on being done in time."""
    points = [POINT_MARK.sub("", part).strip(" 。") for part in POINT_SPLIT.split(task.finish_standard or "")]
    points = [p for p in points if len(p) >= 2]
    return points or [f"按期完成“{task.title}”"]


@transaction.atomic
def create_campaign(
    *,
    actor: Any,
    kind: str,
    topic: str,
    start_date: dt.date,
    end_date: dt.date,
    target_units: Iterable[Unit],
    teams: Sequence[TeamInput],
    tasks: Iterable[Task] = (),
    directive: Any = None,
    extra_points: Iterable[str] = (),
) -> Campaign:
    """A campaign with its teams and its checklist: every linked task's 完成标准, point by point, then the
    points written by hand. Linked tasks are those the actor may see."""
    require(actor, "inspections.add_campaign", message="只有部领导、科室负责人和督查员可以组织督查调研")
    person = acting_person(actor, NO_PERSON)
    topic = required_text(topic, "主题", "topic")
    if start_date is None or end_date is None or end_date < start_date:
        raise InvalidInput(
            "结束日期不能早于开始日期", "invalid_period", errors={"end_date": ["结束日期不能早于开始日期"]}
        )
    units = list({u.pk: u for u in target_units}.values())
    if not units:
        raise InvalidInput(
            "请至少选择一个检查对象单位", "no_target_units", errors={"target_units": ["请至少选择一个单位"]}
        )
    if any(not u.is_active for u in units):
        raise InvalidInput(
            "检查对象中有已停用的单位", "unknown_unit", errors={"target_units": ["有已停用的单位"]}
        )
    scope = unit_scope(actor, VIEW)
    outside = [u.name for u in units if u.pk not in scope]
    if outside:
        names = "、".join(outside)
        raise Forbidden(
            f"不能对“{names}”组织督查调研：只能检查您能查看的单位",
            "outside_scope",
            errors={"target_units": [f"“{names}”不在您的范围内"]},
        )
    if not teams:
        raise InvalidInput("请至少组建一个检查组并指定组长", "no_team", errors={"teams": ["请指定组长"]})
    for team in teams:
        _check_team(actor, team)
    task_list = list({t.pk: t for t in tasks}.values())
    for task in task_list:
        if not actor.has_perm("tasks.view_task", task):
            raise NotFound("任务不存在或您无权访问")
    _check_not_twice(person, kind=kind, topic=topic, start_date=start_date, end_date=end_date)
    campaign = Campaign.objects.create(
        kind=kind,
        topic=topic,
        directive=directive,
        start_date=start_date,
        end_date=end_date,
        created_by=person,
    )
    campaign.target_units.set(units)
    campaign.tasks.set(task_list)
    for team in teams:
        _add_team(campaign, team)
    order = 0
    for task in task_list:
        for text in points_of(task):
            order += 1
            ChecklistPoint.objects.create(campaign=campaign, task=task, text=text, order=order)
    for text in extra_points:
        if text.strip():
            order += 1
            ChecklistPoint.objects.create(campaign=campaign, text=text.strip(), order=order)
    if order == 0:
        raise InvalidInput(
            "检查清单为空：请关联重点任务（按其完成标准生成清单）或逐条填写检查要点",
            "empty_checklist",
            errors={"tasks": ["请关联任务或填写检查要点"]},
        )
    record_event(
        campaign,
        person,
        CampaignEventKind.CREATED,
        changes=[
            change("检查对象", None, "、".join(u.name for u in units)),
            change("检查要点", None, f"{order}项"),
        ],
    )
    return campaign


def _check_not_twice(person: Person, **fields: Any) -> None:
    """A campaign sent twice (a double click, a resent request) is made once: its organiser's row is
    locked, so of two at once the second waits and then finds the first."""
    list(Person.objects.select_for_update(of=("self",)).filter(pk=person.pk).order_by().values_list("pk"))
    twin = Campaign.objects.filter(created_by=person, **fields).order_by("-id").first()
    if twin is not None:
        raise Conflict(
            f"“{twin.topic}”（{twin.start_date:%Y-%m-%d}开始）的督查调研已经创建过了（编号{twin.pk}），"
            "请勿重复提交",
            "duplicate_submit",
            errors={"topic": ["已有同名同期的督查调研"]},
        )


def _check_team(actor: Any, team: TeamInput) -> None:
    """A team's leader and members are among ``eligible_team``: business users the organiser may see."""
    if team.leader is None:
        raise InvalidInput("请为检查组指定组长", "no_team", errors={"teams": ["请指定组长"]})
    people = {p.pk: p for p in [team.leader, *team.members]}
    eligible = set(eligible_team(actor).filter(pk__in=sorted(people)).values_list("pk", flat=True))
    outside = [p.name for pk, p in people.items() if pk not in eligible]
    if outside:
        names = "、".join(f"“{name}”" for name in outside)
        raise InvalidInput(
            f"{names}不能参加检查组：检查组成员只能从您能查看的单位的人员中选择（不含管理员账号）",
            "ineligible_member",
            errors={"teams": ["所选人员不在您可选择的范围内"]},
        )


def _add_team(campaign: Campaign, team: TeamInput) -> Team:
    name = required_text(team.name, "检查组名称", "teams")
    row = Team.objects.create(campaign=campaign, name=name, leader=team.leader)
    row.members.set([m for m in team.members if m.pk != team.leader.pk])
    return row


@transaction.atomic
def add_team(campaign: Campaign | int, *, actor: Any, team: TeamInput) -> Team:
    campaign = _locked(campaign, actor)
    person = acting_person(actor, NO_PERSON)
    if campaign.created_by_id != person.pk:
        raise Forbidden("只有督查调研的组织者可以增加检查组")
    _check_team(actor, team)
    row = _add_team(campaign, team)
    names = "、".join(m.name for m in row.members.all())
    record_event(
        campaign,
        person,
        CampaignEventKind.TEAM_ADDED,
        changes=[change(row.name, None, f"组长{team.leader.name}；{names}")],
    )
    return row


def _locked(campaign: Campaign | int, actor: Any) -> Campaign:
    pk = campaign.pk if isinstance(campaign, Campaign) else campaign
    # Asked before the lock: who may not see the campaign neither waits on it nor holds it up.
    if not Campaign.objects.restrict(actor).filter(pk=pk).exists():
        raise NotFound("督查调研不存在或您无权访问")
    found = Campaign.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound("督查调研不存在或您无权访问")
    return found


def team_people(campaign: Campaign) -> set[int]:
    """The ids of the people on the campaign's teams, leaders included."""
    ids = set(Team.objects.filter(campaign=campaign).values_list("leader_id", flat=True))
    ids |= set(
        Team.members.through.objects.filter(team__campaign=campaign).values_list("person_id", flat=True)
    )
    return ids


def check_may_inspect(campaign: Campaign, person: Person, unit: Unit) -> None:
    """A team reports on a target unit only while it lies in the organiser's reach (the units they see),
    so a campaign cannot carry problems past the problem ledger's own rule; and never a member on their
    own unit (nobody decides their own matter)."""
    if unit.pk not in unit_scope(campaign.created_by.user, VIEW):
        raise Forbidden(
            f"“{unit.name}”不在本次督查调研组织者的检查范围内，不能记录检查结果或问题",
            "outside_scope",
            errors={"unit": ["不在组织者的检查范围内"]},
        )
    if unit.pk in own_unit_ids(person):
        raise Forbidden(
            f"不能检查本人所在单位“{unit.name}”：请由检查组其他成员记录",
            "own_unit",
            errors={"unit": ["不能检查本人所在单位"]},
        )


def is_open(campaign: Campaign, day: dt.date | None = None) -> bool:
    """Whether ``day`` (today) lies in the campaign's period, the days its team records on."""
    return campaign.start_date <= (day or timezone.localdate()) <= campaign.end_date


def check_open(campaign: Campaign, day: dt.date, *, label: str, field: str) -> None:
    """What a campaign finds is found on a day of its period (开始日期 to 结束日期), so the figures of a
    bulletin issued after it do not change later; ``label`` and ``field`` name the date refused."""
    period = f"{campaign.start_date:%Y-%m-%d}至{campaign.end_date:%Y-%m-%d}"
    if is_open(campaign, day):
        return
    if day < campaign.start_date:
        edge, word = "早于", f"开始日期{campaign.start_date:%Y-%m-%d}"
    else:
        edge, word = "晚于", f"结束日期{campaign.end_date:%Y-%m-%d}"
    raise InvalidInput(
        f"{label}（{day:%Y-%m-%d}）{edge}“{campaign.topic}”的{word}：只能记录开展期间（{period}）的情况",
        "campaign_not_open",
        errors={field: [f"{edge}督查调研的{word[:4]}"]},
    )


def on_team(actor: Any, campaign: Campaign) -> bool:
    from luoshi.org.scopes import person_of

    person = person_of(actor)
    return person is not None and person.pk in team_people(campaign)


@transaction.atomic
def record_finding(
    campaign: Campaign | int,
    *,
    actor: Any,
    point: ChecklistPoint | int,
    unit: Unit | int,
    result: str,
    note: str = "",
    deadline: dt.date | None = None,
) -> Finding:
    """One checklist point in one unit: met, or a problem — which enters the problem ledger at once, with
    the campaign as its source. A finding already on the ledger as a problem is not changed here."""
    campaign = _locked(campaign, actor)
    person = acting_person(actor, NO_PERSON)
    if person.pk not in team_people(campaign):
        raise Forbidden("只有本次督查调研检查组的成员才能记录检查结果", "not_on_team")
    point_pk = point.pk if isinstance(point, ChecklistPoint) else point
    point_row = ChecklistPoint.objects.filter(pk=point_pk, campaign=campaign).first()
    if point_row is None:
        raise InvalidInput(
            "该检查要点不属于本次督查调研", "unknown_point", errors={"point": ["不是本次的检查要点"]}
        )
    unit_pk = unit.pk if isinstance(unit, Unit) else unit
    unit_row = campaign.target_units.filter(pk=unit_pk).first()
    if unit_row is None:
        name = Unit.objects.filter(pk=unit_pk).values_list("name", flat=True).first() or "该单位"
        raise InvalidInput(
            f"{name}不是本次督查调研的检查对象，不能记录检查结果",
            "unit_not_targeted",
            errors={"unit": ["不是检查对象"]},
        )
    check_may_inspect(campaign, person, unit_row)
    check_open(campaign, timezone.localdate(), label="今天", field="result")
    if result not in FindingResult.values():
        raise InvalidInput(
            "检查结果应为“符合要求”或“发现问题”", "invalid", errors={"result": ["请选择检查结果"]}
        )
    note = (note or "").strip()
    if result == FindingResult.PROBLEM:
        note = required_text(note, "发现的问题", "note")
        if deadline is not None and deadline < campaign.start_date:
            raise InvalidInput(
                "整改时限不能早于督查开始日期", "due_in_past", errors={"deadline": ["整改时限过早"]}
            )
    finding = Finding.objects.filter(point=point_row, unit=unit_row).first()
    old = finding.result_label if finding else None
    if finding is not None and problems.problem_of(finding) is not None:
        raise Conflict("该问题已转入问题清单，请在问题清单中跟踪整改", "already_raised")
    if finding is None:
        finding = Finding(campaign=campaign, point=point_row, unit=unit_row)
    finding.result, finding.note, finding.deadline, finding.recorded_by = result, note, deadline, person
    finding.save()
    record_event(
        campaign,
        person,
        CampaignEventKind.FINDING if old is None else CampaignEventKind.FINDING_CHANGED,
        note,
        [change(f"{unit_row.name}：{point_row.text[:40]}", old, finding.result_label)],
    )
    if result == FindingResult.PROBLEM:
        problems.raise_from_finding(finding, actor=actor, person=person)
    return finding
