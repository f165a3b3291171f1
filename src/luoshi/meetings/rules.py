"""Who may do what at a monthly meeting, as `rules` predicates over luoshi.org's roles and scopes.

Whoever may assign work department-wide (the head, the office while it assigns in the department's name)
holds the meeting; a reporting unit's own people write its report and its own head (a section's
科室负责人, a county department's 部长) submits it; a leader over the unit (the deputy in charge, the head)
comments on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import rules
from django.db.models import Q

from luoshi.org.choices import Role
from luoshi.org.rules import is_business_user, is_leader
from luoshi.org.scopes import APPROVE, ASSIGN, Scope, person_of, unit_scope

# A reporting unit's own heads submit its report; they and its staff write it (a head who may send the
# report may also save its draft). Roles held in a unit above (a deputy's 分管) write nothing.
REPORT_SENDERS = (Role.HEAD, Role.SECTION_HEAD)
REPORT_WRITERS = (*REPORT_SENDERS, Role.STAFF)


def _department_id(obj: Any) -> int | None:
    """A meeting's department, or the unit itself (asked before a meeting exists)."""
    return getattr(obj, "department_id", None) or getattr(obj, "pk", None)


@rules.predicate
def assigns_for_department(user, obj) -> bool:
    """The department is within the user's reach to assign work (交办)."""
    return obj is not None and _department_id(obj) in unit_scope(user, ASSIGN)


def report_units(user: Any, roles: tuple[str, ...] = REPORT_WRITERS) -> frozenset[int]:
    """The units whose report the user writes (``REPORT_WRITERS``) or sends (``REPORT_SENDERS``): those he
    holds such a role in himself, not those he leads from above."""
    person = person_of(user)
    if person is None:
        return frozenset()
    return frozenset(person.memberships.filter(role__in=roles).values_list("unit_id", flat=True))


@rules.predicate
def works_in_report_unit(user, report) -> bool:
    return report is not None and report.unit_id in report_units(user)


@rules.predicate
def heads_report_unit(user, report) -> bool:
    return report is not None and report.unit_id in report_units(user, REPORT_SENDERS)


@dataclass(frozen=True)
class CommentReach:
    """The sections whose reports a user may comment on (点评): those a leader (the head, a deputy) approves
    for (the deputy in charge, the head above), but not one he works in — nobody judges his own work.
    Written once; the permission asks it of one report (``in``), 我的待办 of the reports as a row
    condition (``q``), and the service says which half refused."""

    over: Scope = field(default_factory=Scope)
    own: frozenset[int] = field(default_factory=frozenset)

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self.over and unit_id not in self.own

    def q(self, field: str = "unit") -> Q:
        return (
            self.over.q(field) & ~Q(**{f"{field}__in": sorted(self.own)}) if self.own else self.over.q(field)
        )


def comment_reach(user: Any) -> CommentReach:
    if not (is_business_user(user) and is_leader(user)):
        return CommentReach()
    return CommentReach(unit_scope(user, APPROVE), report_units(user))


@rules.predicate
def comments_on_report(user, report) -> bool:
    return report is not None and report.unit_id in comment_reach(user)


rules.add_perm("meetings.view_meeting", is_business_user)
rules.add_perm("meetings.manage_meeting", is_business_user & assigns_for_department)
rules.add_perm("meetings.edit_report", is_business_user & works_in_report_unit)
rules.add_perm("meetings.submit_report", is_business_user & heads_report_unit)
rules.add_perm("meetings.comment_report", comments_on_report)
