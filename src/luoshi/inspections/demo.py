"""The demo's 督查调研: a 大督查 of the speech's key tasks, its team, target units, checklist and a few
findings (one a problem), and a 一线走访 made for it — so the pages show a campaign under way, whose
organiser (the inspector) may write its 督查通报: none of its targets is a unit of his own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from luoshi.org.models import Person, Unit
from luoshi.org.scopes import own_unit_ids
from luoshi.tasks.models import Task

from . import services
from .checklist import answers
from .choices import CampaignKind, FindingResult
from .models import Campaign

KEY_TASKS = 3


MEMBERS = ("bgs-staff", "gbjd-staff", "jcdj-staff")


def load_campaign(today: dt.date | None = None) -> Campaign | None:
    """Checks the speech's first key tasks led by units other than the inspector's own (a bulletin is
    never written by a person of a unit it is about), in the units that lead them and 江城区; None when
    the demo has no such tasks (an organisation loaded without its work)."""
    today = today or timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(username="inspector")}
    people = {
        p.user.username: p
        for p in Person.objects.filter(user__username__in=["inspector", *MEMBERS]).select_related("user")
    }
    if "inspector" not in users or "inspector" not in people:
        return None
    tasks = list(
        Task.objects.filter(
            is_key=True, parent__isnull=True, status__in=["acknowledged", "in_progress", "closed"]
        )
        .exclude(lead_unit__in=sorted(own_unit_ids(people["inspector"])))
        .order_by("id")[:KEY_TASKS]
    )
    if not tasks:
        return None
    units = list(
        Unit.objects.filter(
            pk__in={t.lead_unit_id for t in tasks}
            | set(Unit.objects.filter(code="jcq").values_list("pk", flat=True))
        )
    )
    campaign = services.create_campaign(
        actor=users["inspector"],
        kind=CampaignKind.INSPECTION,
        topic="部务会议重点任务落实情况专项督查",
        start_date=today - dt.timedelta(days=7),
        end_date=today + dt.timedelta(days=14),
        target_units=units,
        tasks=tasks,
        directive=tasks[0].directive,
        extra_points=["重点任务工作台账建立和更新情况"],
        teams=[
            services.TeamInput(
                "第一督查组",
                people["inspector"],
                [people[n] for n in MEMBERS if n in people],
            )
        ],
    )
    _findings(campaign, users, people)
    return campaign


# What the team writes of a point it found met: from the unit's reports luoshi holds, or, where it holds
# none (the page says 系统中暂无该单位的相关情况 beside it), from what the team saw on the spot.
MET_NOTES = {
    True: "已按计划推进，复命材料齐全。",
    False: "系统中无本单位复命；经现场查阅材料、询问经办人，已按分工配合完成。",
}


def _findings(campaign: Campaign, users: dict[str, Any], people: dict[str, Person]) -> None:
    inspector = people["inspector"].user
    first_unit = campaign.tasks.order_by("id").first().lead_unit  # type: ignore[union-attr]
    points = answers(campaign, [first_unit.pk], inspector)[first_unit.pk]
    for answer in points[:2]:
        services.record_finding(
            campaign,
            actor=inspector,
            point=answer.point,
            unit=first_unit,
            result=FindingResult.MET,
            note=MET_NOTES[bool(answer.evidence)],
        )
    services.record_finding(
        campaign,
        actor=inspector,
        point=points[-1].point,
        unit=first_unit,
        result=FindingResult.PROBLEM,
        note="工作台账未及时更新，部分事项进展与复命不一致。",
        deadline=campaign.end_date + dt.timedelta(days=15),
    )


def load_visit(campaign: Campaign | None) -> None:
    """A 一线走访 to a village in 江城区, one of the campaign's targets, by the 基层党建科's clerk on its
    team: 江城区 is beyond his own reach, so he visits it for the campaign."""
    staff = get_user_model().objects.filter(username="jcdj-staff").first()
    unit = Unit.objects.filter(code="jcq").first()
    if campaign is None or staff is None or unit is None:
        return
    moment = timezone.localtime() - dt.timedelta(days=2)
    services.record_visit(
        actor=staff,
        place="江城区城南街道幸福村党群服务中心",
        visited_at=moment.replace(hour=10, minute=0, second=0, microsecond=0),
        people_met="村党支部书记、两名村民代表",
        heard="村里的党员活动室上月完成改造，党员反映组织生活形式比较单一，年轻党员参加积极性不高。",
        unit=unit,
        campaign=campaign,
        client_key="demo-visit",
    )
