"""Changes to directives: creating them, extracting their requirements, turning those into tasks."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from luoshi.core.errors import Conflict, InvalidInput, NotFound, ServiceError
from luoshi.core.guards import attribute_history, require
from luoshi.core.uploads import check_files
from luoshi.extract.normalize import clean_source
from luoshi.extract.soft import REASONS as SOFT_REASONS

from .choices import DirectiveKind, DirectiveLevel, RequirementStatus
from .models import Directive, Requirement
from .numbering import rows_refused
from .rules import check_accept

DOCUMENT_SUFFIXES = frozenset({".txt", ".docx"})  # what the extraction engine reads
# Why a requirement is not a task when the one deciding gives no reason of their own (the page's 不作为任务).
DEFAULT_REJECT_REASON = "非具体任务（表态、背景或已有安排）"
INSTRUCTION_REFUSED = "批示件信息只能由分管录入单位的领导或录入该文件的人填写"
CHANGE_REFUSED = "对标对表和不作为任务只能由录入该文件的单位或分管该单位的领导修改"


@transaction.atomic
def enter_directive(
    *,
    actor: Any,
    title: str = "",
    text: str = "",
    upload: Any = None,
    issued_on: dt.date | None = None,
    kind: str = DirectiveKind.SPEECH,
    level: str = DirectiveLevel.INTERNAL,
    issuer: str = "",
) -> tuple[Directive, list[Requirement] | None]:
    """录入: the document checked and read, the directive created and its requirements extracted in one
    transaction, so an extraction that fails leaves no directive without requirements behind.

    ``upload`` (a .txt/.docx file) or ``text``, not both; the title defaults to the file's name and the
    date to today. A text above LUOSHI_EXTRACT_INLINE_CHARS is queued as a job instead (requirements
    None): a document of a megabyte must not hold a web worker for the seconds its extraction takes.
    """
    require(actor, "directives.add_directive")
    if upload is not None and text.strip():
        raise InvalidInput("请只提供正文或文件中的一种", "text_and_file")
    if upload is not None:
        text = read_upload(upload)
        title = title.strip() or PurePath(upload.name).stem
    if len(text) > settings.LUOSHI_DIRECTIVE_MAX_CHARS:
        raise InvalidInput(
            f"正文共{len(text):,}字，超过{settings.LUOSHI_DIRECTIVE_MAX_CHARS:,}字的上限，请分成几份分别录入",
            "text_too_long",
        )
    directive = create_directive(
        actor=actor,
        title=title,
        text=text,
        issued_on=issued_on or timezone.localdate(),
        kind=kind,
        level=level,
        issuer=issuer,
    )
    if len(text) > settings.LUOSHI_EXTRACT_INLINE_CHARS:
        from .jobs import queue_extraction

        queue_extraction(directive, actor=actor)
        return directive, None
    return directive, extract_requirements(directive, actor=actor)


def read_upload(upload: Any) -> str:
    """The text of an uploaded .txt/.docx, once its size and content pass the upload checks."""
    from luoshi.extract import ExtractError, read_document

    check_files([upload], DOCUMENT_SUFFIXES)
    try:
        return read_document(upload.read(), filename=upload.name)
    except ExtractError as exc:
        raise InvalidInput(str(exc), "unreadable_file") from exc


@transaction.atomic
def create_directive(
    *,
    actor: Any,
    title: str,
    text: str,
    issued_on: dt.date,
    kind: str = DirectiveKind.SPEECH,
    level: str = DirectiveLevel.INTERNAL,
    issuer: str = "",
) -> Directive:
    """A directive from its text; ``enter_directive`` is the way in that also extracts its requirements.

    Line ends become LF: a browser posts a pasted text with CR LF, and a CR left in would end up at the
    end of every requirement and task drawn from it (and the first save of a task's edit form, which
    posts the same text, would log it as changed)."""
    require(actor, "directives.add_directive")
    text = clean_source(text)
    if not title.strip():
        raise InvalidInput("标题不能为空")
    if not text.strip():
        raise InvalidInput("正文为空，请粘贴文字或上传 .txt/.docx 文件", "empty_text")
    if kind not in DirectiveKind.values() or level not in DirectiveLevel.values():
        raise InvalidInput("类型或层级无法识别")
    directive = Directive(
        title=title.strip(),
        text=text,
        issued_on=issued_on,
        kind=kind,
        level=level,
        issuer=issuer.strip(),
        created_by=actor,
    )
    attribute_history(actor, directive)
    directive.save()
    return directive


@transaction.atomic
def set_instruction(
    directive: Directive | int,
    *,
    actor: Any,
    instruction_date: dt.date | None,
    proposed_handling: str = "",
    handling_result: str = "",
) -> Directive:
    """批示件: the leader's instruction date, the office's proposed handling (拟办意见) and, once done, the
    result of handling it (办理结果), kept with the directive and shown on its tasks."""
    directive = _lock_directive(directive, actor)
    require(actor, "directives.record_instruction", directive, INSTRUCTION_REFUSED, "not_directive_leader")
    if instruction_date is not None and instruction_date > timezone.localdate():
        raise InvalidInput(
            "批示日期不能晚于今天",
            "instruction_date_future",
            errors={"instruction_date": ["批示日期不能晚于今天"]},
        )
    directive.instruction_date = instruction_date
    directive.proposed_handling = (proposed_handling or "").strip()
    directive.handling_result = (handling_result or "").strip()
    attribute_history(actor, directive, reason="批示件信息")
    directive.save(update_fields=["instruction_date", "proposed_handling", "handling_result"])
    return directive


@transaction.atomic
def set_answers(directive: Directive | int, *, actor: Any, uppers: list[Directive]) -> Directive:
    """对标对表: the upper-level directives this one answers (replaces the earlier choice).

    The link rolls this directive's requirements into the upper one's coverage, so a new link is made
    by someone who may change both directives: the upper directive's own unit accepts what counts in
    it, in the same step (the 办公室 registrar linking the 部长's speech to the provincial meeting it
    registered; the 部长 for a county's directive). Anyone who may change this directive may drop a link.
    """
    from .coverage import check_answers

    directive = _lock_directive(directive, actor)
    require(actor, "directives.change_directive", directive, CHANGE_REFUSED, "not_directive_owner")
    kept = set(directive.answers.values_list("pk", flat=True))
    foreign = [
        u.title for u in uppers if u.pk not in kept and not actor.has_perm("directives.change_directive", u)
    ]
    if foreign:
        raise InvalidInput(
            f"“{'、'.join(foreign)}”的对标对表由其录入单位及分管领导维护，请由他们建立关联",
            "answers_not_accepted",
            errors={"answers": ["只能关联您可修改的上级部署"]},
        )
    directive.answers.set(check_answers(directive, uppers))
    return directive


@transaction.atomic
def set_requirement_answers(
    requirement: Requirement | int, *, actor: Any, uppers: list[Requirement]
) -> Requirement:
    """对标对表 item by item: the upper requirements this one carries out (replaces the earlier choice)."""
    from .coverage import check_requirement_answers

    requirement = _lock(requirement, actor)
    require(
        actor, "directives.change_directive", requirement.directive, CHANGE_REFUSED, "not_directive_owner"
    )
    requirement.answers.set(check_requirement_answers(requirement, uppers))
    attribute_history(
        actor, requirement, reason="落实的上级要求：" + ("、".join(u.text[:20] for u in uppers) or "无")
    )
    requirement.save(update_fields=["status"])
    return requirement


# ---------------------------------------------------------------- extraction: requirements from the text


def org_chart() -> Any:
    """The database's active units as the engine's org chart: owners resolve to unit ids."""
    from luoshi.extract import OrgChart
    from luoshi.org.models import Unit

    units = Unit.objects.filter(is_active=True).values("id", "code", "name", "short_name", "aliases")
    return OrgChart([{**u, "aliases": list(u["aliases"] or [])} for u in units])


def _date_json(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    date = getattr(value, "date", None)
    return {
        "phrase": value.phrase,
        "date": date.isoformat() if date else None,
        "placeholder": bool(getattr(value, "placeholder", False)),
    }


def _unit_id(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _owner_json(owner: Any) -> dict[str, Any]:
    return {
        "mention": owner.mention,
        "unit": _unit_id(owner.unit),
        "unit_name": getattr(owner, "unit_name", None),
        "role": getattr(owner, "role", "owner"),
        "confidence": round(float(owner.confidence or 0), 3),
    }


@transaction.atomic
def extract_requirements(directive: Directive | int, *, actor: Any) -> list[Requirement]:
    """Run the engine over the directive's text and store its items as proposed requirements.

    What the engine sets aside (hopes, transmittal formulas…) is stored as 不作为任务 with its reason,
    so the page can show it collapsed instead of losing it. Earlier proposed requirements are
    replaced; accepted and rejected ones stay, and an item at the same place as one of them is not
    proposed again.
    """
    from luoshi.extract import ExtractError, extract
    from luoshi.workdays.calendar import get_calendar

    from .suggestions import duty_index, suggest_units

    require(actor, "directives.add_directive")
    directive = _lock_directive(directive, actor)
    calendar = get_calendar()
    try:
        result = extract(
            directive.text, base_date=directive.issued_on, org=org_chart(), calendar=calendar.is_workday
        )
    except ExtractError as exc:
        raise InvalidInput(str(exc), "extract_failed") from exc
    directive.requirements.filter(status=RequirementStatus.PROPOSED, tasks__isnull=True).delete()
    # what the engine itself set aside last time is read again; a person's 不作为任务 stays
    directive.requirements.filter(
        status=RequirementStatus.REJECTED, tasks__isnull=True, reject_reason__in=SOFT_REASONS
    ).delete()
    decided = set(directive.requirements.values_list("start", "end"))
    index = duty_index()
    rows = []
    for item in result.items:
        if (item.start, item.end) in decided:
            continue
        owners = [_owner_json(o) for o in item.owners]
        rows.append(
            Requirement(
                directive=directive,
                text=item.text,
                start=item.start,
                end=item.end,
                outline_path=list(item.outline_path),
                owners=owners,
                suggested_units=suggest_units(index, item.text, owners),
                deadline=_date_json(item.deadline),
                start_date=_date_json(item.start_date),
                cadence=(item.cadence or "")[:20],
                targets=[t.to_dict() for t in item.targets],
                lint=list(item.lint),
            )
        )
    rows += [
        Requirement(
            directive=directive,
            text=soft.text,
            start=soft.start,
            end=soft.end,
            status=RequirementStatus.REJECTED,
            reject_reason=soft.reason,
        )
        for soft in result.not_tasks
        if (soft.start, soft.end) not in decided
    ]
    for row in rows:
        attribute_history(actor, row)
        row.save()
    return rows


def default_title(requirement: Requirement) -> str:
    """The requirement's work as a short task name (marker, actor, lead-in and deadline left out)."""
    from luoshi.extract.titles import short_title

    return short_title(
        requirement.text,
        (requirement.deadline or {}).get("phrase") or "",
        mentions=[o.get("mention", "") for o in requirement.owners],
    )


def found_due_date(requirement: Requirement) -> dt.date | None:
    """The deadline the engine placed on a date, if that date has not passed."""
    date = (requirement.deadline or {}).get("date")
    due = dt.date.fromisoformat(date) if date else None
    return due if due and due >= timezone.localdate() else None


def deadline_flag(requirement: Requirement) -> str:
    """Why the deadline the engine read cannot be used as it stands ("" when it can, or there is none):
    the person fills the date; nothing invents one."""
    deadline = requirement.deadline or {}
    phrase, date = deadline.get("phrase") or "", deadline.get("date")
    if phrase and not date:
        return f"时限“{phrase}”未能换算为具体日期，请填写完成时限"
    if date and found_due_date(requirement) is None:
        return f"识别的时限“{phrase}”（{date}）已过，请重新填写完成时限"
    return ""


def _lock_directive(directive: Directive | int, actor: Any) -> Directive:
    """The directive, locked, if ``actor`` may read it: else NotFound, as for one that does not exist,
    whatever the door (page, API, CLI, import)."""
    pk = directive.pk if isinstance(directive, Directive) else directive
    locked = Directive.objects.restrict(actor).select_for_update().filter(pk=pk).first()
    if locked is None:
        raise NotFound("文件不存在或您无权访问")
    return locked


def _lock(requirement: Requirement | int, actor: Any) -> Requirement:
    """The requirement, locked, if ``actor`` may read it and its directive: else NotFound."""
    pk = requirement.pk if isinstance(requirement, Requirement) else requirement
    locked = (
        Requirement.objects.restrict(actor)
        .select_for_update()
        .filter(pk=pk, directive__in=Directive.objects.restrict(actor).values("pk"))
        .select_related("directive")
        .first()
    )
    if locked is None:
        raise NotFound("要求条目不存在或您无权访问")
    return locked


@transaction.atomic
def accept_requirement(requirement: Requirement | int, *, actor: Any, **task_fields: Any) -> Any:
    """转为任务: a draft task from the requirement; what the client leaves out comes from the extraction."""
    from luoshi.org.models import Unit, leader_in_charge
    from luoshi.tasks import cadence as cadence_mod
    from luoshi.tasks.services import create_task

    requirement = _lock(requirement, actor)
    if requirement.status == RequirementStatus.ACCEPTED:
        raise Conflict("这条要求已经转为任务了，请刷新页面查看", "already_accepted")
    resolved = [
        o["unit"]
        for o in sorted(requirement.owners or [], key=lambda o: o.get("role") != "lead")
        if o.get("unit")
    ]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=resolved, is_active=True)}
    resolved = [pk for pk in dict.fromkeys(resolved) if pk in units]
    if not task_fields.get("title"):
        task_fields["title"] = default_title(requirement)
    task_fields.setdefault("description", requirement.text)
    if task_fields.get("lead_unit") is None and resolved:
        task_fields["lead_unit"] = units[resolved[0]]
    if "co_units" not in task_fields and task_fields.get("lead_unit") is not None:
        task_fields["co_units"] = [units[pk] for pk in resolved if pk != task_fields["lead_unit"].pk]
    if "leader" not in task_fields and task_fields.get("lead_unit") is not None:
        task_fields["leader"] = leader_in_charge(task_fields["lead_unit"])
    if "due_date" not in task_fields and found_due_date(requirement):
        task_fields["due_date"] = found_due_date(requirement)
    if "cadence" not in task_fields and requirement.cadence:
        try:
            task_fields["cadence"] = str(cadence_mod.parse(requirement.cadence))
        except InvalidInput:
            pass
    task_fields.setdefault("cadence", cadence_mod.DEFAULT)
    task_fields.setdefault("directive", requirement.directive)
    task_fields.setdefault("lead_unit", None)
    check_accept(actor, requirement, task_fields["lead_unit"])
    task = create_task(actor=actor, requirement=requirement, **task_fields)
    _mark(requirement, actor, RequirementStatus.ACCEPTED, f"转为任务 #{task.pk}")
    return task


@transaction.atomic
def accept_requirements(
    rows: list[tuple[Requirement, dict[str, Any]]], *, actor: Any, assign: bool = True
) -> list[Any]:
    """转为任务并交办: each requirement becomes its task, and each task is assigned, all or none. Every row
    is tried, so a refusal names each row refused (by its number on the directive's page) and what is
    wrong with it: the clerk fills them all at once, not one per try."""
    from luoshi.tasks.services import assign as assign_task
    from luoshi.tasks.services import check_due_to_assign

    if not rows:
        raise InvalidInput("请先勾选要处理的要求条目", "nothing_selected")
    tasks, refused = [], []
    for requirement, fields in rows:
        try:
            task = accept_requirement(requirement, actor=actor, **fields)
            if assign:
                task = assign_task(task, actor=actor)
        except ServiceError as exc:
            refused.append((requirement, exc))
            if assign and exc.code not in ("due_required", "due_in_past"):
                # The date is asked with the first refusal, not after the other fault is mended.
                try:
                    check_due_to_assign(fields.get("due_date") or found_due_date(requirement))
                except InvalidInput as due_exc:
                    refused.append((requirement, due_exc))
            continue
        tasks.append(task)
    if refused:
        raise rows_refused(refused)
    return tasks


def _mark(requirement: Requirement, actor: Any, status: str, why: str, reason: str = "") -> None:
    """A requirement's decision, with who and why in its history."""
    requirement.status, requirement.reject_reason = status, reason
    attribute_history(actor, requirement, reason=why)
    requirement.save(update_fields=["status", "reject_reason"])


@transaction.atomic
def reject_requirement(
    requirement: Requirement | int, *, actor: Any, reason: str | None = None
) -> Requirement:
    """不作为任务: kept with the reason, so the next extraction does not propose it again. No reason given
    (None) is the usual one, DEFAULT_REJECT_REASON; a reason given blank is refused."""
    reason = DEFAULT_REJECT_REASON if reason is None else reason.strip()
    requirement = _lock(requirement, actor)
    require(
        actor, "directives.change_directive", requirement.directive, CHANGE_REFUSED, "not_directive_owner"
    )
    if not reason:
        raise InvalidInput("请填写不作为任务的理由", "reason_required")
    if requirement.status == RequirementStatus.ACCEPTED:
        raise Conflict("这条要求已经转为任务，不能再标为不作为任务", "already_accepted")
    if requirement.status == RequirementStatus.REJECTED:
        raise Conflict("这条要求已经标为不作为任务了", "already_rejected")
    _mark(requirement, actor, RequirementStatus.REJECTED, f"不作为任务：{reason}", reason)
    return requirement


@transaction.atomic
def merge_requirements(requirements: list[Requirement], *, actor: Any, **task_fields: Any) -> Any:
    """合并: several requirements that are one piece of work become one task; its text keeps every source."""
    if len(requirements) < 2:
        raise InvalidInput("合并至少需要选择两条要求", "merge_needs_two")
    locked = [_lock(r, actor) for r in sorted(requirements, key=lambda r: r.start)]
    if len({r.directive_id for r in locked}) > 1:
        raise InvalidInput("只能合并同一文件中的要求", "merge_across_directives")
    taken = [r for r in locked if r.status == RequirementStatus.ACCEPTED]
    if taken:
        raise Conflict(f"有{len(taken)}条要求已经转为任务，不能再合并", "already_accepted")
    first, rest = locked[0], locked[1:]
    task_fields.setdefault("description", "\n".join(r.text for r in locked))
    task = accept_requirement(first, actor=actor, **task_fields)
    for requirement in rest:
        check_accept(actor, requirement, task.lead_unit)  # each is marked done as the first is
        _mark(requirement, actor, RequirementStatus.ACCEPTED, f"并入任务 #{task.pk}")
    return task


@transaction.atomic
def split_requirement(
    requirement: Requirement | int, *, actor: Any, titles: list[str], **task_fields: Any
) -> list[Any]:
    """拆分: one requirement that is several pieces of work becomes several tasks, each keeping the source."""
    from luoshi.tasks.services import create_task

    titles = [t.strip() for t in titles if t and t.strip()]
    if len(titles) < 2:
        raise InvalidInput("拆分时请在任务名称里用“；”分隔至少两项任务", "split_needs_two")
    first = accept_requirement(requirement, actor=actor, **{**task_fields, "title": titles[0]})
    rest = {k: v for k, v in task_fields.items() if k != "title"}
    rest.setdefault("lead_unit", first.lead_unit)
    rest.setdefault("description", first.description)
    return [first] + [
        create_task(
            actor=actor, requirement=first.requirement, directive=first.directive, title=title, **rest
        )
        for title in titles[1:]
    ]
