"""Who hears of a task's change: the lead unit's heads, the leaders in charge."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from luoshi.org.choices import Role
from luoshi.org.models import Membership, Oversight

from .models import Task

MANAGER_ROLES = (Role.SECTION_HEAD, Role.HEAD)  # who runs a unit: its 科室负责人, or a county's 部长


def unit_managers(unit_id: int) -> list[Any]:
    """The section head(s) of a unit, or its head for a county department."""
    members = Membership.objects.filter(unit_id=unit_id, role__in=MANAGER_ROLES)
    return [m.person.user for m in members.select_related("person__user")]


def leaders_of(task: Task) -> list[Any]:
    leader = task.leader  # no query when the task names no leader
    if leader is not None:
        return [leader.user]
    return [
        o.leader.user
        for o in Oversight.objects.filter(unit_id=task.lead_unit_id).select_related("leader__user")
    ]


def recipients(*groups: Iterable[Any], exclude: Any = None) -> list[Any]:
    """Everyone in the groups but the one who acted (nobody is notified of their own step)."""
    return [u for group in groups for u in group if u is not None and u != exclude]
