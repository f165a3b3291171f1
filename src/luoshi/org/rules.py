"""Object permissions for the organization, as `rules` predicates every app can combine."""

from __future__ import annotations

import rules

from .choices import AdminRole, Role
from .scopes import is_admin_of, person_of, roles_of


@rules.predicate
def is_system_admin(user) -> bool:
    return is_admin_of(user, AdminRole.SYSTEM)


@rules.predicate
def is_security_admin(user) -> bool:
    return is_admin_of(user, AdminRole.SECURITY)


@rules.predicate
def is_audit_admin(user) -> bool:
    return is_admin_of(user, AdminRole.AUDIT)


@rules.predicate
def is_business_user(user) -> bool:
    """A person with a unit or a role; admin accounts see no business data by default."""
    person = person_of(user)
    return bool(person and not person.admin_role and user.is_active)


@rules.predicate
def is_section_head(user) -> bool:
    return Role.SECTION_HEAD in roles_of(user)


@rules.predicate
def is_inspector(user) -> bool:
    return Role.INSPECTOR in roles_of(user)


@rules.predicate
def is_leader(user) -> bool:
    return bool({Role.HEAD, Role.DEPUTY} & roles_of(user))


@rules.predicate
def heads_unit(user, unit) -> bool:
    """The unit's own head (部长 or 科室负责人 of that very unit, not of a unit above)."""
    person = person_of(user)
    return bool(
        person
        and unit is not None
        and person.memberships.filter(unit=unit, role__in=[Role.HEAD, Role.SECTION_HEAD]).exists()
    )


@rules.predicate
def is_admin_account(user, person) -> bool:
    return bool(person is not None and person.admin_role)


@rules.predicate
def is_admin_of_another_kind(user, person) -> bool:
    """三员 do not act on each other: an administrator of one kind over an administrator of another."""
    me = person_of(user)
    return bool(
        me
        and me.admin_role
        and person is not None
        and person.admin_role
        and person.admin_role != me.admin_role
    )


rules.add_perm("org.view_orgchart", rules.is_authenticated)
rules.add_perm("org.manage_org", is_system_admin)
rules.add_perm("org.manage_accounts", is_system_admin)
# The system admin resets business users' passwords (and sees the temporary one), never an admin's.
rules.add_perm("org.reset_password", is_system_admin & ~is_admin_account)
rules.add_perm("org.deactivate_person", is_system_admin & ~is_admin_of_another_kind)
rules.add_perm("accounts.issue_reset_code", is_admin_of_another_kind)
rules.add_perm("org.manage_roles", is_security_admin)
rules.add_perm("org.delegate_acknowledge", is_business_user & heads_unit)
rules.add_perm("accounts.unlock_account", is_security_admin)
rules.add_perm("accounts.view_audit_log", is_audit_admin)
