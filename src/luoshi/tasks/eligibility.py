"""What a task may name: its fields' values, its lead unit for the one assigning, its people.

Checked by the services, so the page, the API, imports and the CLI enforce the same rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any, overload

from django.db.models import QuerySet
from django.utils import timezone

from luoshi.core import cadence as cadence_mod
from luoshi.core.dates import LATEST_YEAR
from luoshi.core.errors import Forbidden, InvalidInput
from luoshi.org import pickers
from luoshi.org.models import Person, Unit, leaders_in_charge, works_under
from luoshi.org.scopes import ASSIGN, VIEW, Scope, unit_scope

# A task's 任务内容 and 完成标准, a 复命's texts and a 销号's evidence and remarks are said in a few pages at
# most (an imported row keeps in its content the cells it could not place, a 具体措施 column among them):
# longer is a document pasted in, which belongs in its attachments, and every page, print, export and
# notification of the task carries it.
TEXT_LIMIT = 20000
TEXT_MAX = {"description": "任务内容", "finish_standard": "完成标准"}


def check_length(text: str | None, label: str, field: str) -> None:
    """``text`` at most TEXT_LIMIT characters, else a Chinese 400 ``text_too_long`` naming the field."""
    length = len(text or "")
    if length > TEXT_LIMIT:
        raise InvalidInput(
            f"{label}不能超过{TEXT_LIMIT}字（现为{length}字），请精简；详细材料可作为附件上传",
            "text_too_long",
            errors={field: [f"不能超过{TEXT_LIMIT}字"]},
        )


def check_text_lengths(fields: dict[str, Any]) -> None:
    """Each of TEXT_MAX given at most TEXT_LIMIT characters."""
    for name, label in TEXT_MAX.items():
        check_length(fields.get(name), label, name)


def validate_fields(fields: dict[str, Any], *, creating: bool, recorded: bool = False) -> None:
    """A deadline is never set in the past, except on a task ``recorded`` from an existing ledger: its
    overdue work keeps the date the ledger gives (a draft; ``assign`` still wants a date not past)."""
    if "title" in fields and not (fields["title"] or "").strip():
        raise InvalidInput("任务名称不能为空", "title_required")
    if "title" in fields and len(fields["title"].strip().splitlines()) > 1:
        raise InvalidInput(
            "任务名称应写在一行内，请去掉其中的换行（详细内容可写在任务内容中）", "title_multiline"
        )
    check_text_lengths(fields)
    if creating:
        required_lead_unit(fields.get("lead_unit"))
    unit = fields.get("lead_unit")
    if unit is not None and (not isinstance(unit, Unit) or not unit.is_active):
        raise InvalidInput("牵头单位不存在或已停用", "unknown_unit")
    due = fields.get("due_date")
    if due is not None and due < timezone.localdate() and not recorded:
        raise InvalidInput(f"完成时限 {due:%Y-%m-%d} 已经过去，请填写今天或以后的日期", "due_in_past")
    check_due_horizon(due, "完成时限", "due_date")
    check_dates(fields.get("start_date"), due)
    if "cadence" in fields:
        fields["cadence"] = str(cadence_mod.parse(fields["cadence"]))
    weight = fields.get("weight")
    if weight is not None and not 1 <= int(weight) <= 100:
        raise InvalidInput("权重应在1到100之间", "invalid_weight")


def check_due_horizon(due: dt.date | None, label: str, field: str) -> None:
    """A 完成时限, a task's own or one an extension asks for, no later than the end of LATEST_YEAR: a
    far year is a slip of the keyboard (9999-12-31), refused naming what was typed (400 ``due_too_far``)."""
    if due is not None and due.year > LATEST_YEAR:
        raise InvalidInput(
            f"{label} {due:%Y-%m-%d} 太远，不能晚于{LATEST_YEAR}年12月31日，请检查年份",
            "due_too_far",
            errors={field: [f"不能晚于{LATEST_YEAR}年12月31日"]},
        )


def check_dates(start: dt.date | None, due: dt.date | None) -> None:
    """A task starts no later than it is due: an edit that sends one date is held to the other one kept,
    or the 序时进度 (the share of its time spent) would read nothing."""
    if start and due and start > due:
        raise InvalidInput(
            f"开始日期 {start:%Y-%m-%d} 晚于完成时限 {due:%Y-%m-%d}，请检查",
            "start_after_due",
            errors={"start_date": ["开始日期不能晚于完成时限"]},
        )


def required_lead_unit(unit: Unit | None) -> Unit:
    """A new task's lead unit, refused when none is chosen."""
    if not unit:
        raise InvalidInput("请选择牵头单位", "lead_unit_required")
    return unit


def check_lead_unit(actor: Any, unit: Unit) -> None:
    """Work is handed down the org tree: a unit assigns to itself and below (an office granted 代上级交办
    assigns in its parent's name)."""
    if unit.pk not in unit_scope(actor, ASSIGN):
        raise Forbidden(f"您不能向“{unit.name}”交办任务：只能交办给本单位及下级单位", "outside_assign_scope")


# The name under which the co-unit picker searches ``co_unit_reach`` (registered in TasksConfig.ready).
CO_UNITS = "co_units"


def co_unit_reach(actor: Any) -> Scope:
    """The units ``actor`` may ask to co-operate on a task (配合单位): those they see or hand work to, and the
    units beside the latter (under the same parent). Work is not handed sideways, but help is asked for:
    干部一科 leads and names 干部二科 or the county departments as 配合; a county names its peers."""
    view, assign = unit_scope(actor, VIEW), unit_scope(actor, ASSIGN)
    if view.everything or assign.everything:
        return Scope(everything=True)
    parents = Unit.objects.filter(pk__in=sorted(assign.unit_ids)).values("parent_id")
    beside = Unit.objects.filter(parent_id__in=parents).values_list("pk", flat=True)
    return Scope(unit_ids=view.unit_ids | assign.unit_ids | frozenset(beside))


def check_co_units(
    actor: Any, co_units: Sequence[Unit], *, named: Collection[int] = (), reach: Scope | None = None
) -> None:
    """Each co-unit lies in ``actor``'s ``co_unit_reach`` (``reach`` when already known): a co-unit sees the
    task and owes reports on its part, so nobody puts work on a unit beyond it. Those the task already
    ``named`` stay, whoever edits it."""
    new = [unit for unit in co_units if unit.pk not in named]
    if not new:
        return
    reach = co_unit_reach(actor) if reach is None else reach
    outside = [unit.name for unit in new if unit.pk not in reach]
    if outside:
        raise Forbidden(
            f"您不能指定“{'、'.join(outside)}”为配合单位：配合单位只能是您可查看或可交办的单位，"
            "以及与其同一上级的单位",
            "outside_co_unit_scope",
            errors={"co_units": ["所选配合单位不在您可选择的范围内"]},
        )


# The name under which the owner picker searches ``owner_reach`` (registered in TasksConfig.ready).
OWNERS = "owners"


def owner_reach(actor: Any) -> Scope:
    """The units whose people ``actor`` may name 责任人: those they hand work to."""
    return unit_scope(actor, ASSIGN)


def eligible_owners(actor: Any, lead_unit: Unit) -> QuerySet[Person]:
    """Who ``actor`` may name 责任人 of work led by ``lead_unit`` — the one definition: what the owner
    picker finds (people of ``owner_reach``, under the chosen lead unit; org.pickers) is what the
    services accept. Business users working in the lead unit or a unit below it, within the actor's
    reach."""
    people = pickers.KINDS["people"]
    return people["within"](owner_reach(actor)).filter(people["under"](lead_unit))


def check_owner(actor: Any, lead_unit: Unit, owner: Person | None, *, kept: Person | None = None) -> None:
    """The owner is one of ``eligible_owners``; the task's own owner (``kept``) stays while it still works
    under the lead unit, whoever edits the task."""
    if owner is None or eligible_owners(actor, lead_unit).filter(pk=owner.pk).exists():
        return
    if works_under(owner, lead_unit):
        if kept is not None and owner.pk == kept.pk:
            return
        raise InvalidInput(
            f"您不能指定“{owner.name}”为责任人：责任人须为牵头单位（或其下级单位）中您可交办的人员",
            "ineligible_owner",
            errors={"owner": ["所选责任人不在您可选择的范围内"]},
        )
    raise InvalidInput(
        f"责任人“{owner.name}”不是{lead_unit.name}（或其下级单位）的在职人员，不能担任责任人",
        "ineligible_owner",
        errors={"owner": ["责任人须为牵头单位的在职人员"]},
    )


@overload
def check_eligible(lead_unit: Unit, leader: Person | None, co_units: Sequence[Unit]) -> list[Unit]: ...
@overload
def check_eligible(lead_unit: Unit, leader: Person | None, co_units: None) -> None: ...
@overload
def check_eligible(
    lead_unit: Unit, leader: Person | None, co_units: Sequence[Unit] | None
) -> list[Unit] | None: ...
def check_eligible(
    lead_unit: Unit, leader: Person | None, co_units: Sequence[Unit] | None
) -> list[Unit] | None:
    """Every leader or unit a task names must fit its lead unit, whatever door the value came through
    (its owner: ``check_owner``)."""
    if leader is not None and not leaders_in_charge(lead_unit).filter(pk=leader.pk).exists():
        raise InvalidInput(
            f"“{leader.name}”不分管{lead_unit.name}，不能担任这项任务的分管领导",
            "ineligible_leader",
            errors={"leader": ["分管领导须为分管牵头单位的领导"]},
        )
    if co_units is None:
        return None
    inactive = [u.name for u in co_units if not u.is_active]
    if inactive:
        raise InvalidInput(
            f"配合单位已停用：{'、'.join(inactive)}",
            "unknown_unit",
            errors={"co_units": ["配合单位不存在或已停用"]},
        )
    return [u for u in co_units if u.pk != lead_unit.pk]
