"""Who may do what at a monthly meeting, as `rules` predicates over luoshi.org's roles and scopes.

Whoever may assign work department-wide (the head, the office while it assigns in the department's name)
holds the meeting; a section's own head and staff write its report and its head submits it; a leader over
the section (the deputy in charge, the head) comments on it.
"""

from __future__ import annotations

from typing import Any

import rules

from luoshi.org.choices import Role
from luoshi.org.rules import heads_unit, is_business_user, is_leader
from luoshi.org.scopes import APPROVE, ASSIGN, person_of, unit_scope

SECTION_ROLES = (Role.SECTION_HEAD, Role.STAFF)  # a section's own people, who write its report


def _department_id(obj: Any) -> int | None:
    """A meeting's department, or the unit itself (asked before a meeting exists)."""
    return getattr(obj, "department_id", None) or getattr(obj, "pk", None)


@rules.predicate
def assigns_for_department(user, obj) -> bool:
    """The department is within the user's reach to assign work (交办)."""
    return obj is not None and _department_id(obj) in unit_scope(user, ASSIGN)


@rules.predicate
def works_in_report_unit(user, report) -> bool:
    """The section's own head or staff (not a leader above it)."""
    person = person_of(user)
    return bool(
        person
        and report is not None
        and person.memberships.filter(unit_id=report.unit_id, role__in=SECTION_ROLES).exists()
    )


@rules.predicate
def heads_report_unit(user, report) -> bool:
    return report is not None and heads_unit(user, report.unit)


@rules.predicate
def leads_report_unit(user, report) -> bool:
    """A leader over the section: the deputy in charge (分管) or the head above."""
    return report is not None and report.unit_id in unit_scope(user, APPROVE)


rules.add_perm("meetings.view_meeting", is_business_user)
rules.add_perm("meetings.manage_meeting", is_business_user & assigns_for_department)
rules.add_perm("meetings.edit_report", is_business_user & works_in_report_unit)
rules.add_perm("meetings.submit_report", is_business_user & heads_report_unit)
# Nobody judges their own work: a deputy who also heads (or works in) the section does not comment on its
# report, which is his own.
rules.add_perm(
    "meetings.comment_report", is_business_user & is_leader & leads_report_unit & ~works_in_report_unit
)
