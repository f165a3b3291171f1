"""Who approves a bonus or deduction item (加减分) — the one definition that the permission, the item's
visibility, the period and score pages, 我的待办 and the API all read.

A leader over the item's unit approves it (a leader in charge of it or of a unit above it, a head above
it: ``org.models.leaders_in_charge``), never its proposer nor a person of the unit itself (nobody decides
their own matter). Where nobody but the proposer is over the unit — a county department has only the head
above it, so the head's own proposal, or the deduction his 逾期问责 decision proposes, would wait for
ever — the item goes to the department's other leaders (部领导: the heads and deputies of the 部机关 above the
unit), and the pages say so. A proposal that nobody at all could approve is refused when made."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from luoshi.core.trees import path_ids
from luoshi.org.choices import Role, UnitKind
from luoshi.org.models import NOT_ADMIN, Membership, Oversight, Person, Unit
from luoshi.org.scopes import person_of

from .choices import AdjustmentStatus
from .models import Adjustment


@dataclass(frozen=True)
class Approval:
    """Who may approve one item, and whether it went to the department's leaders for want of another."""

    unit: Unit
    people: tuple[Person, ...]
    referred: bool

    def allows(self, person: Person | None) -> bool:
        return person is not None and any(p.pk == person.pk for p in self.people)

    @property
    def names(self) -> str:
        return "、".join(p.name for p in self.people)

    @property
    def text(self) -> str:
        """What the pages say of a pending item: who approves it (any one of them), and why them."""
        if not self.people:
            return f"目前无人可以审批：{self.unit.name}除提出人外没有上级领导，请先调整分管"
        waits = f"待{self.names}审批" if len(self.people) == 1 else f"待{self.names}中任一位审批"
        if self.referred:
            return f"{self.unit.name}除提出人外没有其他上级领导，转其他部领导审批，{waits}"
        return waits


def approvals(items: Sequence[Adjustment]) -> list[Approval]:
    """Each item's approval, in the order given (an item not yet saved too, to say who will approve it),
    in three queries however many items and units."""
    units = {item.unit_id: item.unit for item in items}
    paths = {pk: path_ids(unit.tree_path) or [pk] for pk, unit in units.items()}
    wanted = {pk for path in paths.values() for pk in path}
    overseen = list(Oversight.objects.filter(unit_id__in=wanted).values_list("unit_id", "leader_id"))
    # The heads and deputies on the units' paths, and everyone holding a role in the units themselves.
    held = list(
        Membership.objects.filter(
            Q(unit_id__in=wanted, role__in=[Role.HEAD, Role.DEPUTY]) | Q(unit_id__in=units)
        ).values_list("unit_id", "person_id", "role", "unit__kind")
    )
    people = Person.objects.filter(NOT_ADMIN, user__is_active=True).in_bulk(
        {leader for _, leader in overseen} | {person for _, person, _, _ in held}
    )
    of_unit = defaultdict(set)
    for unit_id, person, _, _ in held:
        of_unit[unit_id].add(person)
    for person in people.values():
        of_unit[person.unit_id].add(person.pk)

    def eligible(ids: set[int], item: Adjustment) -> tuple[Person, ...]:
        mine = of_unit[item.unit_id] | {item.proposed_by_id}
        return tuple(people[pk] for pk in sorted(ids - mine) if pk in people)

    found = []
    for item in items:
        path = paths[item.unit_id]
        # org.models.leaders_in_charge: the leaders in charge of the unit or a unit above it, the heads above.
        above = set(path[:-1] or path)
        over = {leader for unit, leader in overseen if unit in path} | {
            person for unit, person, role, _ in held if role == Role.HEAD and unit in above
        }
        leaders = eligible(over, item)
        referred = not leaders
        if referred:
            department = {
                person
                for unit, person, role, kind in held
                if kind == UnitKind.DEPARTMENT and role in (Role.HEAD, Role.DEPUTY) and unit in path[:-1]
            }
            leaders = eligible(department, item)
        found.append(Approval(units[item.unit_id], leaders, referred))
    return found


def approval_by_item(items: Sequence[Adjustment]) -> dict[int, Approval]:
    return {item.pk: approval for item, approval in zip(items, approvals(items), strict=True)}


def may_decide(user: Any, item: Adjustment) -> bool:
    """The permission: one of the item's approvers (whatever its state: a decided item refuses later)."""
    return approvals([item])[0].allows(person_of(user))


def decidable_ids(user: Any, items: Any) -> list[int]:
    """The pending items of ``items`` (a queryset) that ``user`` may decide."""
    person = person_of(user)
    if person is None:
        return []
    pending = list(items.filter(status=AdjustmentStatus.PENDING).select_related("unit"))
    return [
        item.pk for item, approval in zip(pending, approvals(pending), strict=True) if approval.allows(person)
    ]
