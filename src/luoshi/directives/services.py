"""Changes to directives: creating them, their 批示件 and 对标对表, extracting their requirements (deciding
those is acceptance.py's)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from luoshi.core.errors import InvalidInput, NotFound
from luoshi.core.guards import attribute_history, require
from luoshi.core.reading import check_document_rows
from luoshi.core.text import visible
from luoshi.core.uploads import check_files, suffix_of
from luoshi.extract.normalize import clean_source
from luoshi.extract.soft import REASONS as SOFT_REASONS
from luoshi.org.scopes import person_of

from .choices import DirectiveKind, DirectiveLevel, RequirementStatus
from .models import Directive, Requirement

DOCUMENT_SUFFIXES = frozenset({".txt", ".docx"})  # what the extraction engine reads
# The table rows a 讲话文件 may hold: python-docx parses a document whole, about 0.6 ms and 5 KB a row, and
# a speech or a plan with its 分工表 is far below this.
DOCUMENT_TABLE_ROWS = 20_000
INSTRUCTION_REFUSED = "批示件信息只能由分管录入单位的领导或录入该文件的人填写"
CHANGE_REFUSED = "对标对表和不作为任务只能由录入该文件的单位或分管该单位的领导修改"
# A Chinese title ends with its genre (……的通知, ……工作方案, ……会议纪要), checked in this order.
KIND_BY_TITLE_END = (
    (("纪要",), DirectiveKind.MINUTES),
    (("批示",), DirectiveKind.INSTRUCTION),
    (("讲话", "发言", "致辞", "讲话稿", "讲话提纲"), DirectiveKind.SPEECH),
    (("通知", "方案", "意见", "办法", "规定", "要点", "决定", "细则"), DirectiveKind.DOCUMENT),
    (("计划", "规划", "安排", "通报", "函"), DirectiveKind.DOCUMENT),
)


@transaction.atomic
def enter_directive(
    *,
    actor: Any,
    title: str = "",
    text: str = "",
    upload: Any = None,
    issued_on: dt.date | None = None,
    kind: str = "",
    level: str = DirectiveLevel.INTERNAL,
    issuer: str = "",
) -> tuple[Directive, list[Requirement] | None]:
    """录入: the document checked and read, the directive created and its requirements extracted in one
    transaction, so an extraction that fails leaves no directive without requirements behind.

    ``upload`` (a .txt/.docx file) or ``text``, not both; the title defaults to the file's name, the
    kind to what the title says (``kind_from_title``) and the date to today. A text above
    LUOSHI_EXTRACT_INLINE_CHARS is queued as a job instead (requirements None): a document of a megabyte
    must not hold a web worker for the seconds its extraction takes.
    """
    require(actor, "directives.add_directive")
    if upload is not None and text.strip():
        raise InvalidInput("请只提供正文或文件中的一种", "text_and_file")
    if upload is not None:
        text = read_upload(upload)
        title = title.strip() or PurePath(upload.name).stem
    kind = kind or kind_from_title(title)
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


def kind_from_title(title: str) -> str:
    """The kind a title names by its last word, so a pasted 通知 is not filed as a 讲话 because nobody
    changed the select; a title that names none (a meeting told as news) is a speech."""
    core = re.sub(r"(\s|[（(【\[][^（(【\[]*[)）】\]]|[。.!！\"”》])+$", "", title)
    for ends, kind in KIND_BY_TITLE_END:
        if core.endswith(ends):
            return kind
    return DirectiveKind.SPEECH


def read_upload(upload: Any) -> str:
    """The text of an uploaded .txt/.docx, once its size and content pass the upload checks, without the
    characters a reader cannot see (core.text), which a typed text may not carry either."""
    from luoshi.extract import ExtractError, read_document

    check_files([upload], DOCUMENT_SUFFIXES)
    data = upload.read()
    if suffix_of(upload.name) == ".docx":
        check_document_rows(data, upload.name, DOCUMENT_TABLE_ROWS, "请删去与要求无关的附表后再上传")
    try:
        return visible(read_document(data, filename=upload.name))
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
        unit=registrar.unit if (registrar := person_of(actor)) is not None else None,
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

    requirement = lock_requirement(requirement, actor)
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


def _lock_directive(directive: Directive | int, actor: Any) -> Directive:
    """The directive, locked, if ``actor`` may read it: else NotFound, as for one that does not exist,
    whatever the door (page, API, CLI, import)."""
    pk = directive.pk if isinstance(directive, Directive) else directive
    locked = Directive.objects.restrict(actor).select_for_update(of=("self",)).filter(pk=pk).first()
    if locked is None:
        raise NotFound("文件不存在或您无权访问")
    return locked


def lock_requirement(requirement: Requirement | int, actor: Any) -> Requirement:
    """The requirement, locked, if ``actor`` may read it and its directive: else NotFound."""
    pk = requirement.pk if isinstance(requirement, Requirement) else requirement
    locked = (
        Requirement.objects.restrict(actor)
        .select_for_update(of=("self",))
        .filter(pk=pk, directive__in=Directive.objects.restrict(actor).values("pk"))
        .select_related("directive")
        .first()
    )
    if locked is None:
        raise NotFound("要求条目不存在或您无权访问")
    return locked
