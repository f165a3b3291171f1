"""Numbered documents: 督办单 and 催办函 for a task or a problem (一事一号: one number per matter, kept
however often it is printed) and the 督查通报 of a campaign or a period, whose content its author edits
before it is written. Numbers run per kind and year, allocated under a row lock so two clerks never share
one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from luoshi.core.errors import InvalidInput, NotFound
from luoshi.core.guards import require
from luoshi.org.scopes import acting_person
from luoshi.problems import services as problem_services
from luoshi.problems.models import Problem
from luoshi.tasks import services as task_services
from luoshi.tasks.models import Task

from ..choices import CampaignEventKind, DocumentKind
from ..models import Campaign, IssuedDocument, NumberSequence
from .common import NO_PERSON, change, record_event

NOTICE_KINDS = (DocumentKind.SUPERVISION, DocumentKind.URGING)
TASK_URGERS = "交办人、分管领导和牵头单位负责人"
PROBLEM_URGERS = (
    "确认整改的人、分管领导和责任单位负责人（责任单位另有指定的，须是它的分管领导或负责人，代上级交办不适用）"
)
CAMPAIGN_BULLETIN_WRITERS = (
    "督查通报由本次督查调研的组织者、检查组组长或部领导、督查员起草；"
    "被检查单位的人员不能起草、修改本次督查通报"
)
PERIOD_BULLETIN_WRITERS = "阶段督查通报由部领导和督查员印发"


def allocate_number(kind: str, year: int) -> int:
    """The next serial of ``kind`` in ``year``; the sequence row stays locked until the caller commits."""
    for _ in range(2):
        row = NumberSequence.objects.select_for_update().filter(kind=kind, year=year).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = NumberSequence.objects.create(kind=kind, year=year, last=0)
            except IntegrityError:  # another clerk made the year's sequence first: lock theirs
                continue
        row.last += 1
        row.save(update_fields=["last"])
        return row.last
    raise RuntimeError("number sequence could not be locked")


@transaction.atomic
def issue_notice(
    matter: Task | Problem,
    *,
    actor: Any,
    kind: str,
    request: str = "",
    reply_by: dt.date | None = None,
) -> IssuedDocument:
    """督办单 or 催办函 for an open task or problem: its number the first time, the same number after.
    Issuing is a 催办 (督办) on the matter: its trail and its people's notifications say which document,
    with its number. Who may urge the matter may issue its notice."""
    if kind not in NOTICE_KINDS:
        raise InvalidInput("文种应为督办单或催办函", "invalid", errors={"kind": ["请选择督办单或催办函"]})
    person = acting_person(actor, NO_PERSON)
    if isinstance(matter, Problem):
        row: Task | Problem | None = Problem.objects.filter(pk=matter.pk).first()
        see, urge, field, who = "problems.see_problem", "problems.urge_problem", "problem", PROBLEM_URGERS
    else:
        row = Task.objects.filter(pk=matter.pk).first()
        see, urge, field, who = "tasks.view_task", "tasks.urge_task", "task", TASK_URGERS
    if row is None or not actor.has_perm(see, row):
        raise NotFound(f"{'问题' if field == 'problem' else '任务'}不存在或您无权访问")
    require(actor, urge, row, f"只有{who}可以开具督办单、催办函")
    today = timezone.localdate()
    if reply_by is not None and reply_by < today:
        raise InvalidInput("反馈时限不能早于今天", "due_in_past", errors={"reply_by": ["反馈时限已过"]})
    request = " ".join((request or "").split())[:1000] or default_request(kind)
    document = IssuedDocument.objects.select_for_update().filter(kind=kind, **{field: row}).first()
    content = {"request": request, "reply_by": reply_by.isoformat() if reply_by else None}
    if document is None:
        document = IssuedDocument.objects.create(
            kind=kind,
            year=today.year,
            serial=allocate_number(kind, today.year),
            title=row.title[:300],
            content=content,
            issued_by=person,
            **{field: row},
        )
    else:
        document.content, document.revised_by = content, person
        document.save(update_fields=["content", "revised_by", "updated_at"])
    message = f"已开具{document.kind_label}（{document.number}）：{request}"
    if isinstance(row, Problem):
        problem_services.urge_problem(row, actor=actor, message=message)
    else:
        task_services.urge_task(row, actor=actor, message=message)
    return document


def default_request(kind: str) -> str:
    if kind == DocumentKind.SUPERVISION:
        return "请对照完成时限和完成标准，倒排工期、压实责任，确保按期完成，并及时报送进展。"
    return "该事项办理进度滞后，请抓紧推进，按时报送进展情况。"


@transaction.atomic
def issue_bulletin(
    *,
    actor: Any,
    content: dict[str, Any],
    campaign: Campaign | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> IssuedDocument:
    """A campaign's (or a period's) bulletin with the content as edited: numbered the first time, the
    same number when it is edited and written again — then by whom is kept (``revised_by``, and the
    campaign's trail). Who may write it: inspections.rules (never a unit it is about)."""
    person = acting_person(actor, NO_PERSON)
    if (campaign is None) == (period is None):
        raise InvalidInput("请选择一次督查调研，或一个时间段", "invalid")
    if campaign is not None and not Campaign.objects.restrict(actor).filter(pk=campaign.pk).exists():
        raise NotFound("督查调研不存在或您无权访问")
    require(
        actor,
        "inspections.issue_bulletin",
        campaign,
        CAMPAIGN_BULLETIN_WRITERS if campaign is not None else PERIOD_BULLETIN_WRITERS,
        "not_bulletin_writer",
    )
    title = " ".join(str(content.get("title", "")).split())
    if not title:
        raise InvalidInput("请填写通报标题", "required", errors={"title": ["请填写标题"]})
    lookup: dict[str, Any] = {"kind": DocumentKind.BULLETIN}
    if campaign is not None:
        lookup["campaign"] = campaign
    elif period is not None:
        start, end = period
        if end < start:
            raise InvalidInput("结束日期不能早于开始日期", "invalid_period", errors={"end": ["结束日期过早"]})
        lookup.update(campaign=None, period_start=start, period_end=end)
    document = IssuedDocument.objects.select_for_update().filter(**lookup).first()
    year = timezone.localdate().year
    if document is None:
        document = IssuedDocument.objects.create(
            **lookup,
            year=year,
            serial=allocate_number(DocumentKind.BULLETIN, year),
            title=title[:300],
            content=content,
            issued_by=person,
        )
    else:
        document.title, document.content = title[:300], content
        document.revised_by = person
        document.save(update_fields=["title", "content", "revised_by", "updated_at"])
    if campaign is not None:
        record_event(
            campaign, person, CampaignEventKind.BULLETIN, title, [change("文号", None, document.number)]
        )
    return document
