"""A business user's password reset: the system admin proposes it, the security admin approves it.

Whoever reads a temporary password signs in as its user. When the system admin reset a leader's
password himself, read it, signed in and changed it, he was that leader from then on: one administrator
had become a business user, which 三员分立 forbids. So a reset is a proposal like a grant or a move: the
system admin, who keeps the accounts and hears that someone forgot a password, proposes it; the security
admin approves or refuses it, never the one who proposed it (``org_import._pending_proposals``).

The temporary password is drawn only when the reset is approved, stored nowhere in clear, and shown once,
on the answer to the approval, to the approver, who hands it to the user in person. Not to the proposer:
he chose the account, and if he also read its password the approval would only delay the same attack
(propose, wait, sign in). The approver did not choose the account and cannot start a reset
(``org.reset_password`` is the system admin's), so no administrator alone both causes a reset and learns
its password. The user must set a password of his own at the next sign-in (``must_change_password``,
enforced by accounts.middleware and the token endpoint), so a temporary password used by someone else
locks the real user out and is noticed; the audit log names who proposed, who approved and when.

A new business account's first password is the same act: the account the system admin creates has no
usable password and a reset proposed with it (``create_person``), so he never knows a password of it.

Administrators' own passwords never go this way: a reset code another kind of admin issues, redeemed by
the holder, or ``luoshi createadmin --reset`` on the server.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEventKind
from luoshi.accounts.services import check_new_password, require_password_change, revoke_access
from luoshi.core.errors import InvalidInput
from luoshi.core.guards import require

from ..choices import ProposalKind, ProposalStatus
from ..models import Person, RightsProposal

ADMIN_REFUSED = (
    "管理员账号的密码不能由系统管理员重置：请由其他类别的管理员签发重置码，"
    "或在服务器上运行 luoshi createadmin --reset"
)


@dataclass(frozen=True)
class TemporaryPassword:
    """A password just set by an approved reset, for the one page that shows it."""

    name: str
    username: str
    password: str


def generate_password() -> str:
    return "Ls-" + secrets.token_urlsafe(9)


def pending_reset(person: Person) -> RightsProposal | None:
    """The reset of ``person``'s password waiting for the security admin, if any (at most one waits)."""
    return (
        RightsProposal.objects.filter(kind=ProposalKind.RESET, person=person, status=ProposalStatus.PENDING)
        .select_related("proposed_by")
        .first()
    )


@transaction.atomic
def propose_password_reset(person: Person, *, actor: Any, request: Any = None) -> RightsProposal:
    """Record the system admin's reset of a business user's password for the security admin; the
    password stays as it is until then. A reset already waiting is the answer to a second request."""
    require(actor, "org.reset_password", person, ADMIN_REFUSED)
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    waiting = pending_reset(person)
    if waiting is not None:
        return waiting
    proposal = RightsProposal.objects.create(
        kind=ProposalKind.RESET,
        person=person,
        proposed_by=actor,
        first_password=not person.user.has_usable_password(),
    )
    record(
        SecurityEventKind.PASSWORD_RESET_PROPOSED,
        actor=actor,
        request=request,
        target=person.username,
        detail={"name": person.name},
    )
    return proposal


def decide_resets(proposals: list[RightsProposal], *, actor: Any, approve: bool) -> list[TemporaryPassword]:
    """Set (or refuse) the chosen resets and return the passwords set; the caller holds the transaction,
    has checked the right and that none is the actor's own. An account that has meanwhile become an
    administrator's is refused whole: its password is never reset this way."""
    passwords = []
    for proposal in proposals:
        person = (
            Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=proposal.person_id)
        )
        proposer = proposal.proposed_by.get_username() if proposal.proposed_by else ""
        if not approve:
            record(
                SecurityEventKind.PASSWORD_RESET_REFUSED,
                actor=actor,
                target=person.username,
                detail={"proposed_by": proposer},
            )
            continue
        if person.admin_role:
            raise InvalidInput(
                f"{person.name}（{person.username}）现为管理员账号，{ADMIN_REFUSED}", "admin_account"
            )
        password = generate_password()
        check_new_password(password, person.user)
        person.user.set_password(password)
        person.user.save(update_fields=["password"])
        require_password_change(person.user, actor=actor)
        record(
            SecurityEventKind.PASSWORD_RESET,
            actor=actor,
            target=person.username,
            detail={"proposed_by": proposer},
        )
        revoke_access(person.user, reason="password_reset", actor=actor)
        passwords.append(TemporaryPassword(person.name, person.username, password))
    return passwords
