"""Where notifications go: a group robot's webhook address and a business user's e-mail address. The
system admin proposes a new one, the security admin approves it.

Every notification's title goes to every active robot's address (notify.services fan-out), and a user's
notifications to his e-mail. The system admin, who keeps robots and accounts, sees no business data
(三员分立); if he could point a robot, or a leader's e-mail, at an address of his own, he would read the
titles of the tasks sent there. So a new robot, a new address for one, or a new e-mail for someone else
is a proposal like a unit's move: the old address stays (a new robot has none, and nothing is sent to it)
until the security admin approves; nobody approves his own proposal (``org_import._pending_proposals``).
A robot's name, type, 加签密钥, unit and 启用 stay the system admin's to set: none sends anything to a
new place. Whoever changes his own e-mail needs nobody's approval (``update_person``).
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model

from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEventKind
from luoshi.core.errors import Conflict

from ..choices import ProposalKind, ProposalStatus
from ..models import Person, RightsProposal

EVENTS = {
    ProposalKind.ROBOT: (
        SecurityEventKind.ROBOT_URL_PROPOSED,
        SecurityEventKind.ROBOT_URL_CHANGED,
        SecurityEventKind.ROBOT_URL_REFUSED,
    ),
    ProposalKind.EMAIL: (
        SecurityEventKind.EMAIL_PROPOSED,
        SecurityEventKind.EMAIL_CHANGED,
        SecurityEventKind.EMAIL_REFUSED,
    ),
}
PROPOSED, APPROVED, REFUSED = 0, 1, 2


def _robots() -> Any:
    """notify's Robot model, reached through the proposal's own foreign key: notify builds on org, so org
    never imports notify."""
    return RightsProposal._meta.get_field("robot").related_model


def pending_address(*, robot: Any = None, person: Person | None = None) -> RightsProposal | None:
    """The address of ``robot``, or the e-mail of ``person``, waiting for the security admin, if any (at
    most one waits)."""
    kind = ProposalKind.ROBOT if robot is not None else ProposalKind.EMAIL
    return RightsProposal.objects.filter(
        kind=kind, robot=robot, person=person, status=ProposalStatus.PENDING
    ).first()


def _shown(proposal: RightsProposal, address: str) -> str:
    """An address for the audit log; a robot's without its query, which holds its access token."""
    if not address:
        return "（无）"
    if proposal.kind == ProposalKind.ROBOT:
        parts = urlsplit(address)
        return f"{parts.scheme}://{parts.netloc}{parts.path}"
    return address


def _target(proposal: RightsProposal) -> str:
    if proposal.kind == ProposalKind.ROBOT:
        return cast(Any, proposal.robot).name
    return cast(Person, proposal.person).username


def _audit(proposal: RightsProposal, step: int, *, actor: Any) -> None:
    detail = {
        "before": _shown(proposal, proposal.old_address),
        "after": _shown(proposal, proposal.new_address),
    }
    if step != PROPOSED:
        detail["proposed_by"] = proposal.proposed_by.get_username() if proposal.proposed_by else ""
    record(EVENTS[proposal.kind][step], actor=actor, target=_target(proposal), detail=detail)


def _propose(
    current: str, new: str, *, actor: Any, name: str, robot: Any = None, person: Person | None = None
) -> RightsProposal | None:
    """None when the address stays; the waiting proposal when the same address waits (a form sent twice);
    another address while one waits is refused, so the approver sees one at a time."""
    if new == current:
        return None
    waiting = pending_address(robot=robot, person=person)
    if waiting is not None:
        if waiting.new_address == new:
            return waiting
        raise Conflict(
            f"{name}已有一条待安全管理员审批的地址（{waiting.new_address}），请待审批后再提出新的地址",
            "address_pending",
        )
    proposal = RightsProposal.objects.create(
        kind=ProposalKind.ROBOT if robot is not None else ProposalKind.EMAIL,
        robot=robot,
        person=person,
        old_address=current,
        new_address=new,
        proposed_by=actor,
    )
    _audit(proposal, PROPOSED, actor=actor)
    return proposal


def propose_robot_address(robot: Any, url: str, *, actor: Any) -> RightsProposal | None:
    """Record ``url`` as the saved ``robot``'s new address; the caller holds the transaction and has
    checked the right (notify.services.save_robot)."""
    return _propose(robot.url, url, actor=actor, name=f"群机器人“{robot.name}”的Webhook地址", robot=robot)


def propose_email(person: Person, email: str, *, actor: Any) -> RightsProposal | None:
    """Record ``email`` (checked) as ``person``'s new address; the caller holds the transaction, has
    checked the right and that the person is not the actor (``update_person``)."""
    name = f"{person.name}（{person.username}）的电子邮箱"
    return _propose(person.user.email, email, actor=actor, name=name, person=person)


def decide_addresses(proposals: list[RightsProposal], *, actor: Any, approve: bool) -> None:
    """Set (or refuse) the chosen addresses; the caller holds the transaction, has checked the right and
    that none is the actor's own. An address that has meanwhile changed is refused whole: the approver
    decides what the proposer saw."""
    for proposal in proposals:
        holder: Any
        if proposal.kind == ProposalKind.ROBOT:
            holder, field = _robots().objects.select_for_update().get(pk=proposal.robot_id), "url"
        else:
            user_id = cast(Person, proposal.person).user_id
            holder, field = get_user_model().objects.select_for_update().get(pk=user_id), "email"
        if approve:
            if getattr(holder, field) != proposal.old_address:
                raise Conflict(
                    f"{_target(proposal)}的地址已不是提议时的地址，这条提议已过时，请驳回后重新提出",
                    "stale_proposals",
                )
            setattr(holder, field, proposal.new_address)
            holder.save(update_fields=[field])
        _audit(proposal, APPROVED if approve else REFUSED, actor=actor)
