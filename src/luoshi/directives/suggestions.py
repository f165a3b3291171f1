"""Lead units proposed for requirements that name none, from the units' duties (extract/suggest.py)."""

from __future__ import annotations

from typing import Any

from luoshi.extract.suggest import DutyIndex

SUGGESTIONS = 3


def duty_index() -> DutyIndex:
    """The active units' duties as one BM25 index, with the tree (parent ids) for the section rule.

    Subordinate departments (下级组织部) are in the tree but never proposed: their duties repeat the
    whole department's, and the department's work reaches them by 交办 from the section in charge."""
    from luoshi.org.choices import UnitKind
    from luoshi.org.models import Unit

    units = Unit.objects.filter(is_active=True).values("id", "name", "duties", "parent_id", "kind")
    return DutyIndex(
        {**u, "parent": u["parent_id"], "duties": "" if u["kind"] == UnitKind.SUBORDINATE else u["duties"]}
        for u in units
    )


def suggest_units(index: DutyIndex, text: str, owners: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``suggested_units`` of one requirement: none when its owner resolved to a unit that does the work
    itself; ranked among all units when no owner resolved; among the sections below when it resolved
    only to units that have sections (a requirement of 组织部 goes to one of its sections)."""
    if not index:
        return []
    resolved = {o["unit"] for o in owners if o.get("unit")}
    if resolved:
        parents = {index.parent.get(unit) for unit in index.parent}
        if not resolved <= parents:
            return []
    return [s.to_dict() for s in index.rank(text, within=resolved or None, limit=SUGGESTIONS)]
