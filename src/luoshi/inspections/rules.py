"""Permissions of 督查调研: who opens the pages, plans a campaign, records a visit, writes a bulletin.

Recording a finding is a right on the campaign itself (a team's leader or member), checked by the service.

A 督查通报 is the department's official word on the units it inspected, so it is never written by a unit it
is about (nobody decides their own matter): a campaign's by who runs it — its organiser, its teams'
leaders — or by the department's own leaders and inspectors, none of them a person of one of its target
units unless a 部领导 of the department; a period's, which speaks of every unit, by the department's leaders
and inspectors only. A person is of their home unit and of every unit they hold a role in
(org.scopes.own_unit_ids): the inspector, whose role is held in the 部机关, does not write up the 部机关
itself. "The department's" is read from the unit a role is held in: a county department's 部长 holds the
head role too, of a unit the department inspects.
"""

from __future__ import annotations

from typing import Any

import rules

from luoshi.org.choices import Role, UnitKind
from luoshi.org.rules import is_business_user, is_inspector, is_leader, is_section_head
from luoshi.org.scopes import own_unit_ids, person_of, role_units_of

# Leaders, section heads (the office's head plans 督查) and inspectors plan campaigns.
plans_inspections = is_business_user & (is_leader | is_section_head | is_inspector)


def _holds_in_department(user: Any, *roles: str) -> bool:
    held = role_units_of(user)
    return any((role, UnitKind.DEPARTMENT) in held for role in roles)


@rules.predicate
def leads_the_department(user) -> bool:
    """部长 or 副部长 of the 部机关 itself."""
    return _holds_in_department(user, Role.HEAD, Role.DEPUTY)


@rules.predicate
def of_the_department(user) -> bool:
    """部长, 副部长 or 督查员 of the 部机关 itself, not a county department's 部长."""
    return _holds_in_department(user, Role.HEAD, Role.DEPUTY, Role.INSPECTOR)


@rules.predicate
def writes_bulletin(user, campaign) -> bool:
    """A campaign's bulletin (see the module's docstring); without a campaign, a period's."""
    if campaign is None:
        return of_the_department(user)
    if leads_the_department(user):
        return True
    person = person_of(user)
    if person is None:
        return False
    targets = set(campaign.target_units.values_list("pk", flat=True))
    if own_unit_ids(person) & targets:
        return False
    return (
        of_the_department(user)
        or campaign.created_by_id == person.pk
        or campaign.teams.filter(leader=person).exists()
    )


rules.add_perm("inspections.view_campaign", is_business_user)
rules.add_perm("inspections.add_campaign", plans_inspections)
rules.add_perm("inspections.issue_bulletin", is_business_user & writes_bulletin)
rules.add_perm("inspections.add_visit", is_business_user)
rules.add_perm("inspections.view_visit", is_business_user)
