"""A unit's alias (别称) recorded by whoever hands work to the unit: a name their ledgers call it by, taken
for the unit from then on by every ledger's import. An alias never takes a name from another unit."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from luoshi.core.errors import InvalidInput
from luoshi.core.guards import attribute_history, require

from ..models import Unit
from ..names import alias_reason, holder_of, quoted, simplified, taken_for

ALIAS_MAX = 100  # as long as a unit's name may be


@transaction.atomic
def add_unit_alias(unit: Unit, *, actor: Any, alias: str, source: str = "") -> Unit:
    """Record ``alias`` (as compared: simplified characters, no spaces) as one of ``unit``'s names; the
    unit's history says who added it, and ``source`` where it came from (导入《台账.xlsx》). A name the unit
    already has changes nothing, so a form sent twice records it once."""
    require(
        actor,
        "org.add_unit_alias",
        unit,
        f"您不能为“{unit.name}”记别名：只能为您可以交办任务的单位（本单位及下级单位）记别名",
        "outside_assign_scope",
    )
    written = simplified(alias or "")
    if not written:
        raise InvalidInput("别名不能为空", "alias_required", errors={"alias": ["请填写别名"]})
    if len(written) > ALIAS_MAX:
        raise InvalidInput(
            f"别名不能超过{ALIAS_MAX}个字（“{written[:20]}…”有{len(written)}个字）",
            "alias_too_long",
            errors={"alias": [f"最多{ALIAS_MAX}个字"]},
        )
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_active:
        raise InvalidInput(f"“{unit.name}”已停用，不能为它记别名", "unknown_unit")
    refuse_taken_alias(alias, unit)
    if written in {simplified(n) for n in (unit.name, unit.short_name, *(unit.aliases or [])) if n}:
        return unit
    unit.aliases = [*(unit.aliases or []), written]
    attribute_history(actor, unit, reason=alias_reason(written, source))
    unit.save(update_fields=["aliases"])
    return unit


def refuse_taken_alias(alias: str, unit: Unit) -> None:
    """One name, one unit: refuse ``alias`` for ``unit`` (saved or about to be created) when another active
    unit is called so, by name, short name or alias. Every path that gives a unit an alias asks this."""
    taken = holder_of(alias, besides=unit if unit.pk else None)
    if taken is not None:
        other, kind = taken
        raise InvalidInput(
            f"{quoted(alias)}是“{other.name}”的{kind}，不能记为“{unit.name}”的别名",
            "alias_taken",
            errors={"alias": [f"已是“{other.name}”的{kind}"]},
        )
    near = taken_for(alias, besides=unit) if unit.pk else None
    if near is not None:
        raise InvalidInput(
            f"{quoted(alias)}与“{near.name}”的名称几乎相同，导入台账时会被认作“{near.name}”，"
            f"不能记为“{unit.name}”的别名",
            "alias_taken",
            errors={"alias": [f"与“{near.name}”的名称几乎相同"]},
        )
