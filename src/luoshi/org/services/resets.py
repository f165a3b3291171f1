"""A business user's password set by administrators (a reset, or a new account's first password): the
system admin proposes it, the security admin approves it, and each holds one half of it.

Whoever reads a password administrators set signs in as its user. When the system admin reset a leader's
password himself, read it, signed in and changed it, he was that leader from then on: one administrator
had become a business user, which 三员分立 forbids. Moving the whole password to the approver only moved
the seat: the security admin, shown a new hire's first password (or a 部长's reset one), signed in before
its owner, changed it and acted with the account's business roles. So no administrator ever sees the
whole password (dual control, split knowledge): it is two halves, each drawn by the server and shown once
to one of them. The first is drawn at the proposal and shown to the proposer (the system admin, who keeps
the accounts and hears that someone forgot a password); the second is drawn at the approval and shown to
the approver (the security admin, never the one who proposed it, ``org_import._pending_proposals``). The
password becomes the two joined (first half first) only at the approval; each administrator hands his
half to the user separately, and the user must set a password of his own at the next sign-in
(``must_change_password``, enforced by accounts.middleware and the token endpoint), so a password used
by two administrators together locks the real user out and is noticed.

The first half waits in the proposal (``RightsProposal.password_half``) from the proposal to the
decision, because the password's salted hash needs both halves at once and the second does not exist
before the approval. It is shown on no page, answer or log, and is emptied when the proposal is decided:
approved (the password is set and only its hash is kept) or refused. The audit log names who proposed,
who approved and when, never a half.

A new business account's first password is the same act: the account the system admin creates has no
usable password and a reset proposed with it (``create_account``), so until the approval it signs in
with nothing.

Administrators' own passwords never go this way: a reset code another kind of admin issues, redeemed by
the holder, or ``luoshi createadmin --reset`` on the server.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from luoshi.accounts.audit import record
from luoshi.accounts.models import SecurityEventKind
from luoshi.accounts.services import check_new_password, require_password_change, revoke_access
from luoshi.core.errors import InvalidInput
from luoshi.core.guards import require

from ..choices import ProposalKind, ProposalStatus
from ..models import Person, RightsProposal, Unit
from . import create_person

ADMIN_REFUSED = (
    "管理员账号的密码不能由系统管理员重置：请由其他类别的管理员签发重置码，"
    "或在服务器上运行 luoshi createadmin --reset"
)
NO_HALF = "该密码重置提议没有前半段（在密码改为两人各持一半之前提出）：请驳回，由系统管理员重新提出"
# Read aloud or copied by hand, so without the look-alikes 0/O, 1/l/I.
HALF_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
HALF_LENGTH = 8


@dataclass(frozen=True)
class PasswordHalf:
    """One half of a password administrators set, for the one page that shows it to the one who holds it."""

    name: str
    username: str
    half: str


def draw_half() -> str:
    """Eight characters with a capital, a small letter and a digit, so the two joined meet the complexity
    rule (three of four classes) whatever the other half is; about 46 bits, so neither half tells the
    other."""
    while True:
        half = "".join(secrets.choice(HALF_ALPHABET) for _ in range(HALF_LENGTH))
        if all(
            any(c in chars for c in half)
            for chars in (string.ascii_uppercase, string.ascii_lowercase, string.digits)
        ):
            return half


def pending_reset(person: Person) -> RightsProposal | None:
    """The reset of ``person``'s password waiting for the security admin, if any (at most one waits)."""
    return (
        RightsProposal.objects.filter(kind=ProposalKind.RESET, person=person, status=ProposalStatus.PENDING)
        .select_related("proposed_by")
        .first()
    )


@transaction.atomic
def propose_password_reset(person: Person, *, actor: Any, request: Any = None) -> PasswordHalf | None:
    """Record the system admin's reset of a business user's password for the security admin and answer
    the first half, for the proposer's page; the password stays as it is until the approval. A reset
    already waiting is the answer to a second request: None, its half was shown when it was proposed."""
    require(actor, "org.reset_password", person, ADMIN_REFUSED)
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    if pending_reset(person) is not None:
        return None
    return _propose(person, actor=actor, request=request)


def _propose(person: Person, *, actor: Any, request: Any = None) -> PasswordHalf:
    """The proposal with its first half; the caller has checked the right and that no reset waits."""
    half = draw_half()
    RightsProposal.objects.create(
        kind=ProposalKind.RESET,
        person=person,
        proposed_by=actor,
        first_password=not person.user.has_usable_password(),
        password_half=half,
    )
    record(
        SecurityEventKind.PASSWORD_RESET_PROPOSED,
        actor=actor,
        request=request,
        target=person.username,
        detail={"name": person.name},
    )
    return PasswordHalf(person.name, person.username, half)


@dataclass(frozen=True)
class NewAccount:
    """A business account the system admin created, and the first half of its first password."""

    person: Person
    half: PasswordHalf


@transaction.atomic
def create_account(
    *,
    actor: Any,
    username: str,
    name: str,
    unit: Unit | None = None,
    title: str = "",
    phone: str = "",
    email: str = "",
) -> NewAccount:
    """A business account made on the person form or by the org import: no usable password and, in the
    same transaction, its first password proposed by its creator, who is answered his half of it."""
    person = create_person(
        actor=actor,
        username=username,
        name=name,
        password=None,
        unit=unit,
        title=title,
        phone=phone,
        email=email,
    )
    return NewAccount(person, _propose(person, actor=actor))


def decide_resets(proposals: list[RightsProposal], *, actor: Any, approve: bool) -> list[PasswordHalf]:
    """Set (or refuse) the chosen resets and return the second halves drawn, for the approver's page; the
    caller holds the transaction, has checked the right and that none is the actor's own, and saves the
    decisions, which empties the first halves (``org_import._decide``). An account that has meanwhile
    become an administrator's is refused whole: its password is never reset this way."""
    halves = []
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
        first = proposal.password_half
        if not first:
            raise InvalidInput(f"{person.name}（{person.username}）：{NO_HALF}", "no_first_half")
        second = draw_half()
        check_new_password(first + second, person.user)
        person.user.set_password(first + second)
        person.user.save(update_fields=["password"])
        require_password_change(person.user, actor=actor)
        record(
            SecurityEventKind.PASSWORD_RESET,
            actor=actor,
            target=person.username,
            detail={"proposed_by": proposer},
        )
        revoke_access(person.user, reason="password_reset", actor=actor)
        halves.append(PasswordHalf(person.name, person.username, second))
    return halves
