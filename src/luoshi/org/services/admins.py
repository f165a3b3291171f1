"""Administrators' accounts on the server: shell access is the right to reset one's password
(`luoshi createadmin --reset`) or to retire one (`luoshi disableadmin`); on the web no administrator
does either to another kind of administrator (三员分立)."""

from __future__ import annotations

from django.db import transaction

from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEventKind
from luoshi.accounts.services import check_new_password, require_password_change, revoke_access
from luoshi.core.errors import InvalidInput

from ..models import Person


@transaction.atomic
def reset_admin_password(username: str, password: str, *, remove_two_factor: bool = False) -> Person:
    """The server's way to reset an administrator (`luoshi createadmin --reset`): shell access is the right.

    The holder must choose their own password at next login; every session and token ends.
    """
    from luoshi.accounts.twofactor import remove_devices

    person = Person.objects.select_related("user").filter(user__username=username.strip()).first()
    if person is None or not person.admin_role:
        raise InvalidInput(f"“{username}”不是管理员账号", "not_an_admin")
    check_new_password(password, person.user)
    person.user.set_password(password)
    person.user.save(update_fields=["password"])
    require_password_change(person.user)
    record(SecurityEventKind.PASSWORD_RESET, target=person.username, detail={"via": "cli"})
    if remove_two_factor:
        remove_devices(person.user, via="cli")
    revoke_access(person.user, reason="password_reset")
    return person


@transaction.atomic
def disable_admin(username: str) -> Person:
    """The server's way to retire an administrator (`luoshi disableadmin`): on the web no administrator
    disables or demotes another kind of administrator. Every session and token ends."""
    person = Person.objects.select_related("user").filter(user__username=username.strip()).first()
    if person is None or not person.admin_role:
        raise InvalidInput(f"“{username}”不是管理员账号", "not_an_admin")
    if person.user.is_active:
        person.user.is_active = False
        person.user.save(update_fields=["is_active"])
        record(
            SecurityEventKind.ACCOUNT_DISABLED, target=person.username, detail={"active": False, "via": "cli"}
        )
        revoke_access(person.user, reason="deactivated")
    return person
