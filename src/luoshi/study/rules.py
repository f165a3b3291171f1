"""Permissions of 专题学习: every business user reads the sessions they may see; a unit's own head and staff
record them (the service checks that the unit is the recorder's own)."""

import rules

from luoshi.org.choices import Role
from luoshi.org.rules import is_business_user
from luoshi.org.scopes import person_of

# Who records a unit's sessions: its own head and staff — not the 督查员 nor a deputy, who hold their roles
# in the 部机关 to look at its work, not to study for it.
RECORDING_ROLES = (Role.HEAD, Role.SECTION_HEAD, Role.STAFF)


@rules.predicate
def records_for_a_unit(user) -> bool:
    """``user`` holds a recording role in some active unit: the form (and every link to it) is theirs."""
    person = person_of(user)
    return bool(person and person.memberships.filter(role__in=RECORDING_ROLES, unit__is_active=True).exists())


rules.add_perm("study.view_session", is_business_user)
rules.add_perm("study.add_session", is_business_user & records_for_a_unit)
