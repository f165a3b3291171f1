"""Where a unit stands in the tree and what type it is, and why changing either is the security admin's
decision.

The tree is authority: the head of a unit and the leaders in charge of it reach the work of every unit
below it (org.scopes). Moving an existing unit under another parent therefore gives one head or leader
the work, people and decisions of another unit, and takes them from someone else, as a role or 分管
would. The type is authority as well: the roles held in a unit mean what its type says (the 部长 and
副部长 of a 部机关 run the department's assessment, a 下级组织部's are assessed by it; only 科室 and
下级组织部 are scored and ranked, each with its peers), so turning a county into a 部机关 would make its
head a leader of the department. So the system admin, who keeps the chart, only proposes a move or a
new type (one proposal per unit, carrying either or both); the security admin approves or refuses it
(三员分立: nobody decides their own proposal), and the audit log keeps each step for the auditor.

A new unit is created in place with its type (``services.create_unit``): the type gives authority only
through roles held in the unit, and a new unit has none until the security admin grants them.

A business user's home unit is his place in the same tree: it is one of his own units (org.scopes
``own_unit_ids``), so it decides which tasks he reaches as staff, whom he may be owner for and what the
pickers offer him. The system admin's change of another's home unit is therefore proposed the same way
(``propose_home_unit``); a new account is created in its unit (it holds no role until one is granted).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEventKind
from luoshi.accounts.services import revoke_access
from luoshi.core.errors import Conflict, InvalidInput
from luoshi.core.guards import attribute_history
from luoshi.core.trees import child_path

from ..choices import ProposalKind, ProposalStatus, UnitKind
from ..models import NOT_ADMIN, Membership, Oversight, Person, RightsProposal, Unit

# The audit event of each step, for a unit's parent and for its type.
EVENTS = {
    "parent": (
        SecurityEventKind.UNIT_MOVE_PROPOSED,
        SecurityEventKind.UNIT_MOVED,
        SecurityEventKind.UNIT_MOVE_REFUSED,
    ),
    "kind": (
        SecurityEventKind.UNIT_KIND_PROPOSED,
        SecurityEventKind.UNIT_KIND_CHANGED,
        SecurityEventKind.UNIT_KIND_REFUSED,
    ),
    "home_unit": (
        SecurityEventKind.HOME_UNIT_PROPOSED,
        SecurityEventKind.HOME_UNIT_CHANGED,
        SecurityEventKind.HOME_UNIT_REFUSED,
    ),
}
PROPOSED, APPROVED, REFUSED = 0, 1, 2

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


def check_kind(unit: Unit, kind: str) -> None:
    """Refuse a type that makes no organisation: an unknown one, or 科室 for a unit with units under it."""
    if kind not in UnitKind.values():
        raise InvalidInput(f"未知的单位类型：{kind}", "unknown_kind")
    if kind == UnitKind.SECTION and unit.pk and Unit.objects.filter(parent=unit).exists():
        raise InvalidInput(f"“{unit.name}”下设有单位，不能改为科室（科室下不设单位）", "section_parent")


def check_deactivation(unit: Unit) -> None:
    """Refuse to take out of use a unit that still holds anything: a unit no longer in use is not scored
    or ranked, given work or expected at the monthly meeting, so 停用 of a working section would take it
    out of the period's ranking at the system admin's word alone. Its sub-units go first, its people move
    to another unit (a home unit is the security admin's to approve) and its roles and 分管 end (his to
    take back): then nothing is left for 停用 to decide."""
    if Unit.objects.filter(parent=unit, is_active=True).exists():
        raise InvalidInput(f"“{unit.name}”还有下级单位，不能停用：请先停用或调出其下级单位", "unit_in_use")
    people = Person.objects.filter(NOT_ADMIN, unit=unit, user__is_active=True).count()
    held = [
        *([f"人员（{people}人）"] if people else []),
        *(["在本单位担任的角色"] if Membership.objects.filter(unit=unit).exists() else []),
        *(["分管领导"] if Oversight.objects.filter(unit=unit).exists() else []),
    ]
    if held:
        raise InvalidInput(
            f"“{unit.name}”还有{'、'.join(held)}，不能停用：请先把人员调往其他单位，"
            "并由安全管理员收回本单位的角色和分管",
            "unit_in_use",
        )


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


def _audit(proposal: RightsProposal, step: int, *, actor: Any) -> None:
    """One row per part the proposal changes (parent, type), before → after; a decision names the proposer."""
    parts = {}
    if proposal.old_parent_id != proposal.new_parent_id:
        parts["parent"] = (_name(proposal.old_parent), _name(proposal.new_parent))
    if proposal.new_kind:
        parts["kind"] = (UnitKind.label(proposal.old_kind), UnitKind.label(proposal.new_kind))
    for part, (before, after) in parts.items():
        detail = {"before": before, "after": after}
        if step != PROPOSED:
            detail["proposed_by"] = proposal.proposed_by.get_username() if proposal.proposed_by else ""
        record(
            EVENTS[part][step], actor=actor, target=proposal.unit.name if proposal.unit else "", detail=detail
        )


def propose_move(
    unit: Unit, parent: Unit | None, *, actor: Any, kind: str | None = None
) -> RightsProposal | None:
    """Record the system admin's move of ``unit`` under ``parent`` and/or its new ``kind`` for the security
    admin; the unit keeps its parent and type until then. None when nothing changes; the waiting proposal
    when the same change waits (a form sent twice); a different change while one waits is refused, so the
    approver sees one at a time."""
    kind = unit.kind if kind is None else kind
    moved, retyped = (parent.pk if parent else None) != unit.parent_id, kind != unit.kind
    if not moved and not retyped:
        return None
    if moved:
        check_parent(unit, parent)
    if retyped:
        check_kind(unit, kind)
    new_kind = kind if retyped else ""
    waiting = pending_move(unit)
    if waiting is not None:
        if (waiting.new_parent_id, waiting.new_kind) == ((parent.pk if parent else None), new_kind):
            return waiting
        raise Conflict(
            f"“{unit.name}”已有一条待安全管理员审批的单位调整（{waiting.change_text}），"
            "请待审批后再提出新的调整",
            "move_pending",
        )
    proposal = RightsProposal.objects.create(
        kind=ProposalKind.MOVE,
        unit=unit,
        old_parent=unit.parent,
        new_parent=parent,
        old_kind=unit.kind if retyped else "",
        new_kind=new_kind,
        proposed_by=actor,
    )
    _audit(proposal, PROPOSED, actor=actor)
    return proposal


@transaction.atomic
def decide_moves(proposals: list[RightsProposal], *, actor: Any, approve: bool) -> None:
    """Apply (or refuse) the chosen moves and types; the caller has checked the right and that none is
    the actor's own. A change whose unit has meanwhile gone elsewhere or changed type, or whose parent or
    type no longer makes sense, is refused whole: the approver decides what the proposer saw."""
    for proposal in proposals:
        unit = Unit.objects.select_for_update(of=("self",)).select_related("parent").get(pk=proposal.unit_id)
        if approve:
            if unit.parent_id != proposal.old_parent_id or (
                proposal.new_kind and unit.kind != proposal.old_kind
            ):
                raise Conflict(
                    f"“{unit.name}”已不是提议时的上级单位或类型，这条调整已过时，请驳回后重新提出",
                    "stale_proposals",
                )
            if proposal.new_parent_id != proposal.old_parent_id:
                parent = Unit.objects.filter(pk=proposal.new_parent_id).first()
                check_parent(unit, parent)
                unit.parent = parent
            if proposal.new_kind:
                check_kind(unit, proposal.new_kind)
                unit.kind = proposal.new_kind
            proposer = proposal.proposed_by.get_username() if proposal.proposed_by else ""
            write_unit(unit, actor, reason=f"安全管理员批准{proposer}提议的单位调整")
        _audit(proposal, APPROVED if approve else REFUSED, actor=actor)


def pending_home_unit(person: Person) -> RightsProposal | None:
    """The home unit of ``person`` waiting for the security admin, if any (at most one waits)."""
    return (
        RightsProposal.objects.filter(
            kind=ProposalKind.HOME_UNIT, person=person, status=ProposalStatus.PENDING
        )
        .select_related("old_parent", "new_parent")
        .first()
    )


def _audit_home_unit(proposal: RightsProposal, step: int, *, actor: Any) -> None:
    detail = {"before": _name(proposal.old_parent), "after": _name(proposal.new_parent)}
    if step != PROPOSED:
        detail["proposed_by"] = proposal.proposed_by.get_username() if proposal.proposed_by else ""
    target = proposal.person.username if proposal.person else ""
    record(EVENTS["home_unit"][step], actor=actor, target=target, detail=detail)


def propose_home_unit(person: Person, unit: Unit | None, *, actor: Any) -> RightsProposal | None:
    """Record ``unit`` as ``person``'s new home unit for the security admin; the caller holds the
    transaction and has checked the right (``services.update_person``). None when the unit stays; the
    waiting proposal when the same unit waits (a form sent twice); another unit while one waits is
    refused, so the approver sees one at a time."""
    if (unit.pk if unit else None) == person.unit_id:
        return None
    waiting = pending_home_unit(person)
    if waiting is not None:
        if waiting.new_parent_id == (unit.pk if unit else None):
            return waiting
        raise Conflict(
            f"{person.name}（{person.username}）已有一条待安全管理员审批的所在单位调整"
            f"（{waiting.change_text}），请待审批后再提出新的调整",
            "home_unit_pending",
        )
    proposal = RightsProposal.objects.create(
        kind=ProposalKind.HOME_UNIT, person=person, old_parent=person.unit, new_parent=unit, proposed_by=actor
    )
    _audit_home_unit(proposal, PROPOSED, actor=actor)
    return proposal


def decide_home_units(proposals: list[RightsProposal], *, actor: Any, approve: bool) -> None:
    """Set (or refuse) the chosen home units; the caller holds the transaction, has checked the right and
    that none is the actor's own. A home unit that has meanwhile changed is refused whole: the approver
    decides what the proposer saw."""
    for proposal in proposals:
        person = (
            Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=proposal.person_id)
        )
        if approve:
            if person.unit_id != proposal.old_parent_id:
                raise Conflict(
                    f"{person.name}（{person.username}）已不在提议时的单位，这条调整已过时，请驳回后重新提出",
                    "stale_proposals",
                )
            person.unit_id = proposal.new_parent_id
            proposer = proposal.proposed_by.get_username() if proposal.proposed_by else ""
            attribute_history(actor, person, reason=f"安全管理员批准{proposer}提议的所在单位调整")
            person.save(update_fields=["unit"])
            # A token was made for the work of the old unit, often for a program or a colleague there;
            # it does not follow its holder to the new one (his own browser session does, rights read anew).
            revoke_access(person.user, reason="home_unit_changed", actor=actor, tokens_only=True)
        _audit_home_unit(proposal, APPROVED if approve else REFUSED, actor=actor)
