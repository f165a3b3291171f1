"""Where a unit stands in the tree, and why moving it is the security admin's decision.

The tree is authority: the head of a unit and the leaders in charge of it reach the work of every unit
below it (org.scopes). Moving an existing unit under another parent therefore gives one head or leader
the work, people and decisions of another unit, and takes them from someone else, as a role or 分管
would. So the system admin, who keeps the chart, only proposes a move; the security admin approves or
refuses it (三员分立: nobody decides their own proposal), and the audit log keeps both for the auditor.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEventKind
from luoshi.core.errors import Conflict, InvalidInput
from luoshi.core.guards import attribute_history
from luoshi.core.trees import child_path

from ..choices import ProposalKind, ProposalStatus, UnitKind
from ..models import RightsProposal, Unit

NO_PARENT = "（无上级）"


def check_parent(unit: Unit, parent: Unit | None) -> None:
    """Refuse a parent that makes no organisation: the unit itself or a unit below it, a 科室 (a section
    has no units under it, so no section head reaches another section), or a unit no longer in use."""
    if parent is None:
        return
    if unit.pk and (parent.pk == unit.pk or (unit.tree_path and parent.tree_path.startswith(unit.tree_path))):
        raise InvalidInput("上级单位不能是本单位或其下级单位", "cycle")
    if parent.kind == UnitKind.SECTION:
        raise InvalidInput(
            f"“{parent.name}”是科室，科室下不能再设单位：上级单位请选部机关或下级组织部",
            "section_parent",
        )
    if not parent.is_active:
        raise InvalidInput(f"“{parent.name}”已停用，不能作上级单位", "inactive_parent")


def write_unit(unit: Unit, actor: Any, *, reason: str | None = None) -> Unit:
    """Save the unit with its history, and its subtree's paths when its parent changed."""
    old_path = unit.tree_path
    attribute_history(actor, unit, reason=reason)
    unit.save()
    new_path = child_path(unit.parent.tree_path if unit.parent else None, unit.pk)
    if new_path != old_path:
        Unit.objects.filter(pk=unit.pk).update(tree_path=new_path)
        unit.tree_path = new_path
        if old_path:
            for child in Unit.objects.filter(tree_path__startswith=old_path).exclude(pk=unit.pk):
                Unit.objects.filter(pk=child.pk).update(tree_path=new_path + child.tree_path[len(old_path) :])
    return unit


def pending_move(unit: Unit) -> RightsProposal | None:
    """The move of ``unit`` waiting for the security admin, if any (at most one waits)."""
    return (
        RightsProposal.objects.filter(kind=ProposalKind.MOVE, unit=unit, status=ProposalStatus.PENDING)
        .select_related("unit", "old_parent", "new_parent")
        .first()
    )


def _name(unit: Unit | None) -> str:
    return unit.name if unit is not None else NO_PARENT


def propose_move(unit: Unit, parent: Unit | None, *, actor: Any) -> RightsProposal | None:
    """Record the system admin's move of ``unit`` under ``parent`` for the security admin; the unit keeps
    its parent until then. None when it is there already; the waiting proposal when the same move waits
    (a form sent twice); a different move while one waits is refused, so the approver sees one at a time."""
    if (parent.pk if parent else None) == unit.parent_id:
        return None
    check_parent(unit, parent)
    waiting = pending_move(unit)
    if waiting is not None:
        if waiting.new_parent_id == (parent.pk if parent else None):
            return waiting
        raise Conflict(
            f"“{unit.name}”已有一条待安全管理员审批的上级单位调整（调至“{_name(waiting.new_parent)}”），"
            "请待审批后再提出新的调整",
            "move_pending",
        )
    proposal = RightsProposal.objects.create(
        kind=ProposalKind.MOVE, unit=unit, old_parent=unit.parent, new_parent=parent, proposed_by=actor
    )
    record(
        SecurityEventKind.UNIT_MOVE_PROPOSED,
        actor=actor,
        target=unit.name,
        detail={"before": _name(unit.parent), "after": _name(parent)},
    )
    return proposal


@transaction.atomic
def decide_moves(proposals: list[RightsProposal], *, actor: Any, approve: bool) -> None:
    """Apply (or refuse) the chosen moves; the caller has checked the right and that none is the actor's
    own. A move whose unit has meanwhile gone elsewhere, or whose parent no longer makes sense, is refused
    whole: the approver decides what the proposer saw."""
    for proposal in proposals:
        unit = Unit.objects.select_for_update(of=("self",)).select_related("parent").get(pk=proposal.unit_id)
        proposer = proposal.proposed_by.get_username() if proposal.proposed_by else ""
        if approve:
            if unit.parent_id != proposal.old_parent_id:
                raise Conflict(
                    f"“{unit.name}”的上级单位已不是“{_name(proposal.old_parent)}”，这条调整已过时，请驳回后重新提出",
                    "stale_proposals",
                )
            parent = Unit.objects.filter(pk=proposal.new_parent_id).first()
            check_parent(unit, parent)
            unit.parent = parent
            write_unit(unit, actor, reason=f"安全管理员批准{proposer}提议的上级单位调整")
        record(
            SecurityEventKind.UNIT_MOVED if approve else SecurityEventKind.UNIT_MOVE_REFUSED,
            actor=actor,
            target=unit.name,
            detail={
                "before": _name(proposal.old_parent),
                "after": _name(proposal.new_parent),
                "proposed_by": proposer,
            },
        )
