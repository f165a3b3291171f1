"""What a unit lets others do for it: 代上级交办 (the office gives the work of the unit above it, a grant
of a business right and so the security admin's) and its staff signing off work given to the unit (the
unit head's)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEventKind
from luoshi.core.errors import InvalidInput
from luoshi.core.guards import attribute_history, require

from ..models import Unit


@transaction.atomic
def set_assign_delegation(unit: Unit, *, actor: Any, enabled: bool) -> Unit:
    """代上级交办: a grant of a business right, so the security admin's, recorded in the audit log."""
    require(actor, "org.manage_roles")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if enabled and unit.parent_id is None:
        raise InvalidInput(f"{unit.name}没有上级单位，无需代上级交办", "no_parent")
    if unit.assigns_for_parent == enabled:
        return unit
    unit.assigns_for_parent = enabled
    attribute_history(actor, unit)
    unit.save(update_fields=["assigns_for_parent"])
    record(
        SecurityEventKind.DELEGATION_CHANGED,
        actor=actor,
        target=unit.name,
        detail={"before": not enabled, "after": enabled},
    )
    return unit


@transaction.atomic
def set_staff_acknowledge(unit: Unit, *, actor: Any, enabled: bool) -> Unit:
    """The unit's head lets its staff sign off work given to the unit (or takes it back); the unit's
    history keeps who changed it and when."""
    require(actor, "org.delegate_acknowledge", unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.staff_acknowledge == enabled:
        return unit
    unit.staff_acknowledge = enabled
    attribute_history(actor, unit)
    unit.save(update_fields=["staff_acknowledge"])
    return unit
