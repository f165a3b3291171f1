"""Findings and visits that raise problems put them on the problem ledger (problems app) in the same step:
one call of its service per problem, with the campaign or the visit as the problem's origin."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from luoshi.problems.choices import ProblemSource, ProblemStatus
from luoshi.problems.services import record_problem

from ..models import Finding, Visit


def problem_of(finding: Finding) -> Any:
    """The ledger's Problem a finding became, if any."""
    return finding.problem


def raise_from_finding(finding: Finding, *, actor: Any, person: Any) -> Any:
    """督查发现: the problem of a unit, its source the campaign. The team member records it for a target
    unit of the campaign the campaign may inspect, not their own (checked by ``record_finding``), whatever
    units they see themselves."""
    campaign = finding.campaign
    problem = record_problem(
        actor=actor,
        unit=finding.unit,
        source=ProblemSource.INSPECTION,
        description=finding.note,
        origin=f"campaign:{campaign.pk}",
        origin_label=f"{campaign.kind_label}“{campaign.topic}”：{finding.point.text}"[:200],
        vouched=True,
        required_by=finding.deadline,
    )
    finding.problem = problem
    finding.save(update_fields=["problem"])
    return problem


def raise_from_visit(visit: Visit, *, actor: Any, person: Any) -> list[Any]:
    """一线走访: each problem raised on the spot, of the visited unit, its source the visit. A visit made for
    a campaign, by one of its team to one of its target units, reports on that unit as a finding does — so
    only on a unit the campaign may inspect and not on the member's own unit (``check_may_inspect``)."""
    from .campaigns import check_may_inspect, team_people

    campaign = visit.campaign
    vouched = False
    if (
        campaign is not None
        and visit.unit is not None
        and person.pk in team_people(campaign)
        and campaign.target_units.filter(pk=visit.unit_id).exists()
    ):
        check_may_inspect(campaign, person, visit.unit)
        vouched = True
    found = [
        record_problem(
            actor=actor,
            unit=visit.unit,
            source=ProblemSource.VISIT,
            description=text,
            found_on=visit.visited_at.date(),
            origin=f"visit:{visit.pk}",
            origin_label=f"一线走访：{visit.place}"[:200],
            vouched=vouched,
        )
        for text in visit.raised
    ]
    visit.problems.set(found)
    return found


def rectified_count(findings: QuerySet) -> int:
    """Problem findings whose Problem is closed (销号) on the ledger."""
    return findings.filter(problem__status=ProblemStatus.CLOSED).count()
