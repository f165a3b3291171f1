"""Object permissions for the organization, as `rules` predicates every app can combine."""

from __future__ import annotations

from typing import Any

import rules

from luoshi.accounts.choices import AdminRole
from luoshi.accounts.models import admin_role_of

from .choices import Role
from .models import Person
from .scopes import ASSIGN, is_admin_of, person_of, roles_of, unit_scope


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
    return bool(person_of(user) and not admin_role_of(user) and user.is_active)


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
def assigns_to(user, unit) -> bool:
    """The unit is one the user may name as a task's lead unit (their unit and below, the parent's too
    for an office granted 代上级交办); without a unit, whether there is any."""
    scope = unit_scope(user, ASSIGN)
    if unit is None:
        return scope.everything or bool(scope.unit_ids)
    return unit.pk in scope


def _account_holder(target: Any) -> Any:
    """The user behind a rule's object: a Person (org's rules) or a user (accounts' rules)."""
    return target.user if isinstance(target, Person) else target


@rules.predicate
def is_admin_account(user, person) -> bool:
    return person is not None and bool(admin_role_of(_account_holder(person)))


@rules.predicate
def is_admin_of_another_kind(user, target) -> bool:
    """三员 do not act on each other: an administrator of one kind over an administrator of another.
    ``target`` is a Person or a user account."""
    mine = admin_role_of(user)
    theirs = admin_role_of(_account_holder(target)) if target is not None else ""
    return bool(mine and theirs and theirs != mine)


rules.add_perm("org.view_orgchart", rules.is_authenticated)
rules.add_perm("org.manage_org", is_system_admin)
rules.add_perm("org.manage_accounts", is_system_admin)
# The system admin resets business users' passwords (and sees the temporary one), never an admin's.
rules.add_perm("org.reset_password", is_system_admin & ~is_admin_account)
rules.add_perm("org.deactivate_person", is_system_admin & ~is_admin_of_another_kind)
rules.add_perm("accounts.issue_reset_code", is_admin_of_another_kind)
rules.add_perm("org.manage_roles", is_security_admin)
rules.add_perm("org.delegate_acknowledge", is_business_user & heads_unit)
# Whoever hands work to a unit may teach luoshi another name ledgers call it by (an import's unit choice).
rules.add_perm("org.add_unit_alias", is_business_user & assigns_to)
rules.add_perm("accounts.unlock_account", is_security_admin)
rules.add_perm("accounts.view_audit_log", is_audit_admin)
