"""The organization workbook's import: units and people created or updated, their roles, oversight and
existing units' moves proposed for the security admin, who approves or refuses them (with the system
admin's password resets, ``resets``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from luoshi.core.errors import Conflict, Forbidden, InvalidInput
from luoshi.core.guards import require

from ..choices import ProposalKind, ProposalStatus
from ..imports import OrgWorkbook, PersonRow, parse_org_workbook
from ..models import Person, RightsProposal, Unit
from . import (
    create_unit,
    set_oversight,
    set_roles,
    update_person,
    update_unit,
)
from .addresses import decide_addresses, pending_address
from .resets import PasswordHalf, create_account, decide_resets
from .structure import decide_home_units, decide_moves


@dataclass
class ImportResult:
    units_created: int = 0
    units_updated: int = 0
    people_created: int = 0
    people_updated: int = 0
    proposals: int = 0
    moves: int = 0  # existing units the workbook places under another parent or retypes: proposed only
    home_units: int = 0  # existing business users the workbook places in another unit: proposed only
    emails: int = 0  # people whose e-mail (a new account's too) waits for the security admin
    # The first half of each new account's first password, for the importer's answer page only.
    first_halves: list[PasswordHalf] = field(default_factory=list)


@dataclass(frozen=True)
class Approved:
    """What an approval did: how many proposals, and the second halves of the passwords the resets among
    them set, for the approver's answer page only."""

    count: int
    halves: list[PasswordHalf]


def import_org(*, actor: Any, upload: Any) -> ImportResult:
    """All rows or none: any bad row fails the whole import with every reason listed.

    Units and people only: the 角色 and 分管 columns, and an existing unit's new 上级单位 or 类型, become
    proposals that the security admin approves (三员分立: the system admin keeps the org chart, rights and
    the moves and types that carry them are the security admin's). New units are created under their
    parent with their type."""
    require(actor, "org.manage_org")
    book = parse_org_workbook(upload, set(Unit.objects.values_list("code", flat=True)))
    if book.errors:
        raise InvalidInput(
            f"导入失败，共{len(book.errors)}处错误，未写入任何数据",
            "import_failed",
            errors={"rows": book.errors},
        )
    return _import_book(book, actor)


@transaction.atomic
def _import_book(book: OrgWorkbook, actor: Any) -> ImportResult:
    """The read workbook's rows written in one transaction. The file is read before it: a transaction
    takes the database's write lock at its start (SQLite IMMEDIATE), and a large file read inside it would
    hold every other user's change."""
    result = ImportResult()
    by_code = {u.code: u for u in Unit.objects.all()}
    pending = list(book.units)
    while pending:
        ready = [r for r in pending if not r.parent_code or r.parent_code in by_code]
        if not ready:
            raise InvalidInput(
                "单位的上级关系存在循环：" + "、".join(r.code for r in pending), "import_failed"
            )
        for row in ready:
            fields: dict[str, Any] = dict(
                name=row.name,
                kind=row.kind,
                parent=by_code.get(row.parent_code),
                short_name=row.short_name,
                aliases=row.aliases,
                sort_order=row.sort_order,
            )
            if row.duties:
                fields["duties"] = row.duties
            if row.code in by_code:
                by_code[row.code] = update_unit(by_code[row.code], actor=actor, **fields)
                result.units_updated += 1
                result.moves += (
                    by_code[row.code].parent_id != (fields["parent"].pk if fields["parent"] else None)
                    or by_code[row.code].kind != row.kind
                )
            else:
                by_code[row.code] = create_unit(actor=actor, code=row.code, **fields)
                result.units_created += 1
        pending = [r for r in pending if r not in ready]
    for person_row in book.people:
        _import_person(person_row, actor, by_code, result)
    return result


def _import_person(row: PersonRow, actor: Any, by_code: dict[str, Unit], result: ImportResult) -> None:
    unit = by_code.get(row.unit_code)
    person = Person.objects.filter(user__username=row.username).first()
    try:
        if person is None:
            account = create_account(
                actor=actor,
                username=row.username,
                name=row.name,
                unit=unit,
                title=row.title,
                phone=row.phone,
                email=row.email,
            )
            person = account.person
            result.people_created += 1
            result.first_halves.append(account.half)
        else:
            moved = (unit.pk if unit else None) != person.unit_id and not person.admin_role
            person = update_person(
                person,
                actor=actor,
                name=row.name,
                unit=unit,
                title=row.title,
                phone=row.phone,
                email=row.email or None,
                is_active=person.user.is_active,
            )
            result.people_updated += 1
            result.home_units += moved
        result.emails += bool(row.email) and pending_address(person=person) is not None
        result.proposals += _propose_rights(
            person,
            actor,
            # The workbook's check refuses roles without a unit.
            [(unit, role) for role in row.roles] if unit is not None else [],
            [by_code[code] for code in row.oversight_codes],
        )
    except (InvalidInput, Conflict) as exc:
        raise InvalidInput(
            f"“人员”表第{row.row}行：{exc.message}；未写入任何数据",
            "import_failed",
            errors={"rows": [f"“人员”表第{row.row}行：{exc.message}"]},
        ) from None


def _propose_rights(
    person: Person, actor: Any, roles: Sequence[tuple[Unit, str]], oversight: Sequence[Unit]
) -> int:
    """Propose what the person does not hold and nobody has proposed yet; returns how many were proposed."""
    if person.admin_role and (roles or oversight):
        raise InvalidInput("管理员账号不能担任业务角色或分管（三员分立）", "separation_of_duties")
    held = {(m.unit_id, m.role) for m in person.memberships.all()} | {
        (o.unit_id, "") for o in person.oversights.all()
    }
    held |= set(
        person.rights_proposals.filter(kind=ProposalKind.GRANT, status=ProposalStatus.PENDING).values_list(
            "unit_id", "role"
        )
    )
    wanted = [(unit, role) for unit, role in roles] + [(unit, "") for unit in oversight]
    new = [
        RightsProposal(person=person, unit=unit, role=role, proposed_by=actor)
        for unit, role in dict.fromkeys(wanted)
        if (unit.pk, role) not in held
    ]
    RightsProposal.objects.bulk_create(new)
    return len(new)


def _pending_proposals(ids: Iterable[int], actor: Any) -> list[RightsProposal]:
    require(actor, "org.manage_roles")
    ids = set(ids)
    if not ids:
        raise InvalidInput("请至少选择一条待审批的授权", "nothing_selected")
    proposals = list(
        RightsProposal.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, status=ProposalStatus.PENDING)
        .select_related("person__user", "unit", "old_parent", "new_parent", "robot", "proposed_by")
        .order_by("person_id", "id")
    )
    if len(proposals) != len(ids):
        raise Conflict("所选授权中有的已被处理或不存在，请刷新页面后重试", "stale_proposals")
    if any(p.proposed_by_id == actor.pk for p in proposals):
        raise Forbidden("不能审批自己提出的授权", "separation_of_duties")
    return proposals


def _decide(proposals: list[RightsProposal], actor: Any, status: str) -> None:
    """Record the decision; a reset's first half leaves its proposal with it, approved or refused."""
    now = timezone.now()
    for proposal in proposals:
        proposal.status, proposal.decided_by, proposal.decided_at = status, actor, now
        proposal.password_half = ""
    RightsProposal.objects.bulk_update(proposals, ["status", "decided_by", "decided_at", "password_half"])


def _of_kind(proposals: list[RightsProposal], kind: str) -> list[RightsProposal]:
    return [p for p in proposals if p.kind == kind]


def _addresses(proposals: list[RightsProposal]) -> list[RightsProposal]:
    return [p for p in proposals if p.kind in (ProposalKind.ROBOT, ProposalKind.EMAIL)]


@transaction.atomic
def approve_proposals(ids: Iterable[int], *, actor: Any) -> Approved:
    """Grant the selected proposals in one step, all or none; each person's grant goes through
    ``set_roles``/``set_oversight``, so each is checked and in the audit log like a grant made by hand,
    each unit's move through ``structure.decide_moves``, each reset through ``resets.decide_resets``,
    each address through ``addresses.decide_addresses`` and each home unit through
    ``structure.decide_home_units``."""
    proposals = _pending_proposals(ids, actor)
    decide_moves(_of_kind(proposals, ProposalKind.MOVE), actor=actor, approve=True)
    halves = decide_resets(_of_kind(proposals, ProposalKind.RESET), actor=actor, approve=True)
    decide_addresses(_addresses(proposals), actor=actor, approve=True)
    decide_home_units(_of_kind(proposals, ProposalKind.HOME_UNIT), actor=actor, approve=True)
    by_person: dict[Person, list[RightsProposal]] = {}
    for proposal in _of_kind(proposals, ProposalKind.GRANT):
        by_person.setdefault(cast(Person, proposal.person), []).append(proposal)  # a grant names one
    for person, chosen in by_person.items():
        if person.admin_role:
            raise InvalidInput(
                f"{person.name}（{person.username}）是管理员账号，不能担任业务角色或分管（三员分立）",
                "separation_of_duties",
            )
        roles = [(m.unit, m.role) for m in person.memberships.select_related("unit")]
        roles += [(cast(Unit, p.unit), p.role) for p in chosen if p.role]  # a grant names its unit
        set_roles(person, actor=actor, roles=roles)
        overseen = [cast(Unit, p.unit) for p in chosen if not p.role]
        if overseen:
            set_oversight(
                person,
                actor=actor,
                units=[o.unit for o in person.oversights.select_related("unit")] + overseen,
            )
    _decide(proposals, actor, ProposalStatus.APPROVED)
    return Approved(len(proposals), halves)


@transaction.atomic
def refuse_proposals(ids: Iterable[int], *, actor: Any) -> int:
    proposals = _pending_proposals(ids, actor)
    decide_moves(_of_kind(proposals, ProposalKind.MOVE), actor=actor, approve=False)
    decide_resets(_of_kind(proposals, ProposalKind.RESET), actor=actor, approve=False)
    decide_addresses(_addresses(proposals), actor=actor, approve=False)
    decide_home_units(_of_kind(proposals, ProposalKind.HOME_UNIT), actor=actor, approve=False)
    _decide(proposals, actor, ProposalStatus.REFUSED)
    return len(proposals)
