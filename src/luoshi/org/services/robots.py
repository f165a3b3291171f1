"""A group robot's webhook address: the system admin proposes it, the security admin approves it.

Every notification's title goes to every active robot's address (notify.services fan-out). The system
admin, who keeps the robots, sees no business data (三员分立); if he could point a robot at an address of
his own, that address would receive the titles of all tasks, and he would read them. So a new robot, or
a new address for one, is a proposal like a unit's move: the robot keeps its address (a new robot has
none, and nothing is sent to it) until the security admin approves; nobody approves his own proposal
(``org_import._pending_proposals``). The name, type, 加签密钥, unit and 启用 stay the system admin's to
set: none of them sends anything to a new place.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlsplit

from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEventKind
from luoshi.core.errors import Conflict
from luoshi.notify.models import Robot

from ..choices import ProposalKind, ProposalStatus
from ..models import RightsProposal

EVENTS = (
    SecurityEventKind.ROBOT_URL_PROPOSED,
    SecurityEventKind.ROBOT_URL_CHANGED,
    SecurityEventKind.ROBOT_URL_REFUSED,
)
PROPOSED, APPROVED, REFUSED = 0, 1, 2


def pending_address(robot: Robot) -> RightsProposal | None:
    """The address of ``robot`` waiting for the security admin, if any (at most one waits)."""
    return RightsProposal.objects.filter(
        kind=ProposalKind.ROBOT, robot=robot, status=ProposalStatus.PENDING
    ).first()


def _where(url: str) -> str:
    """An address for the audit log without its query, which holds the robot's access token."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if url else "（新建）"


def _audit(proposal: RightsProposal, step: int, *, actor: Any) -> None:
    detail = {"before": _where(proposal.old_address), "after": _where(proposal.new_address)}
    if step != PROPOSED:
        detail["proposed_by"] = proposal.proposed_by.get_username() if proposal.proposed_by else ""
    record(EVENTS[step], actor=actor, target=proposal.robot.name if proposal.robot else "", detail=detail)


def propose_address(robot: Robot, url: str, *, actor: Any) -> RightsProposal | None:
    """Record ``url`` as the saved ``robot``'s new address for the security admin; the caller holds the
    transaction and has checked the right. None when the address stays; the waiting proposal when the
    same address waits (a form sent twice); another address while one waits is refused, so the approver
    sees one at a time."""
    if url == robot.url:
        return None
    waiting = pending_address(robot)
    if waiting is not None:
        if waiting.new_address == url:
            return waiting
        raise Conflict(
            f"群机器人“{robot.name}”已有一条待安全管理员审批的Webhook地址，请待审批后再提出新的地址",
            "robot_pending",
        )
    proposal = RightsProposal.objects.create(
        kind=ProposalKind.ROBOT, robot=robot, old_address=robot.url, new_address=url, proposed_by=actor
    )
    _audit(proposal, PROPOSED, actor=actor)
    return proposal


def decide_addresses(proposals: list[RightsProposal], *, actor: Any, approve: bool) -> None:
    """Set (or refuse) the chosen robots' addresses; the caller holds the transaction, has checked the
    right and that none is the actor's own. A robot whose address has meanwhile changed is refused whole:
    the approver decides what the proposer saw."""
    for proposal in proposals:
        robot = Robot.objects.select_for_update().get(pk=cast(Robot, proposal.robot).pk)  # a ROBOT names one
        if approve:
            if robot.url != proposal.old_address:
                raise Conflict(
                    f"群机器人“{robot.name}”的地址已不是提议时的地址，这条提议已过时，请驳回后重新提出",
                    "stale_proposals",
                )
            robot.url = proposal.new_address
            robot.save(update_fields=["url"])
        _audit(proposal, APPROVED if approve else REFUSED, actor=actor)
