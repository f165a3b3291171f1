"""The rows the documents are written from: a bulletin's first draft from a campaign's (or a period's)
findings, an edited bulletin's content, a task's or a problem's particulars for its 督办单/催办函.
``luoshi.reports`` lays them out; it never sees a model."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from luoshi.accounts.audit import record_export
from luoshi.org.models import Unit
from luoshi.problems.models import Problem
from luoshi.problems.services import measures_of
from luoshi.reports import bulletin as bulletin_doc
from luoshi.reports import notices
from luoshi.reports.official import chinese_date
from luoshi.tasks.models import Task

from .checklist import progress
from .choices import CampaignKind, DocumentKind, FindingResult
from .forms import annex_lines, problem_lines, requirement_lines
from .models import Campaign, Finding, IssuedDocument

RECTIFY_DAYS = 30
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def issuer() -> str:
    """The department issuing the documents: the root of the organisation."""
    root = Unit.objects.filter(parent__isnull=True, is_active=True).order_by("sort_order", "id").first()
    return root.name if root else "组织部"


def bulletin_draft(
    *, campaign: Campaign | None = None, findings: QuerySet | None = None, title: str = ""
) -> dict[str, Any]:
    """The bulletin's first draft: the figures, the problems by unit and the annex from the findings,
    a rectification requirement with a deadline; the author edits it before it is written."""
    today = timezone.localdate()
    if findings is None:
        findings = Finding.objects.filter(campaign=campaign)
    rows = list(
        findings.select_related("unit", "point", "campaign", "problem").order_by(
            "unit__tree_path", "point__order"
        )
    )
    problems = [f for f in rows if f.result == FindingResult.PROBLEM]
    units = {f.unit_id for f in rows}
    name = issuer()
    deadline = today + dt.timedelta(days=RECTIFY_DAYS)
    if campaign is not None:
        figures = progress(campaign)
        work = "督查" if campaign.kind == CampaignKind.INSPECTION else "调研"
        overview = (
            f"{chinese_date(campaign.start_date)}至{chinese_date(campaign.end_date)}，部{work}组围绕"
            f"“{campaign.topic}”，对{figures.units}个单位开展{work}。"
            f"已检查单位{figures.units_visited}个，共检查要点{figures.points_checked}项（应查{figures.points}项），"
            f"发现问题{figures.problems_found}个，已整改{figures.problems_rectified}个。"
        )
        named = (
            campaign.topic
            if campaign.topic.endswith(("督查", "调研"))
            else campaign.topic + campaign.kind_label
        )
        title = title or f"关于{named}情况的通报"
    else:
        overview = f"本期共检查单位{len(units)}个、要点{len(rows)}项，发现问题{len(problems)}个。"
        title = title or "关于督查发现问题及整改情况的通报"
    good = list(
        dict.fromkeys(f"{f.unit.name}：{f.note}" for f in rows if f.result == FindingResult.MET and f.note)
    )
    return {
        "issuer_mark": f"{name}文件",
        "title": title,
        "addressee": "各科室，各区县委组织部",
        "overview": overview,
        "good_practice": "\n".join(good[:10]),
        "problems": "\n".join(f"{f.unit.name}：{f.note}" for f in problems),
        "requirements": "\n".join(
            [
                f"各单位要对照通报指出的问题，逐项建立整改台账，明确责任人和整改措施 {deadline.isoformat()}",
                f"整改完成后报送整改情况和佐证材料，问题清单逐项销号 {deadline.isoformat()}",
            ]
        ),
        "annex": "\n".join(
            "｜".join(
                [
                    f.unit.name,
                    f.point.text,
                    f.note,
                    (f.deadline or deadline).isoformat(),
                    f.problem.status_label if f.problem else "待登记",
                ]
            )
            for f in problems
        ),
        "signature": name,
        "date": today.isoformat(),
        "printed_by": f"{name}办公室",
    }


def bulletin_content(document: IssuedDocument) -> bulletin_doc.BulletinContent:
    data = document.content
    grouped: dict[str, list[str]] = defaultdict(list)
    for unit, problem in problem_lines(data.get("problems", "")):
        grouped[unit or "其他"].append(problem)
    return bulletin_doc.BulletinContent(
        issuer_mark=data.get("issuer_mark", ""),
        number=document.number,
        title=data.get("title", document.title),
        addressee=data.get("addressee", ""),
        signature=data.get("signature", ""),
        date=dt.date.fromisoformat(data["date"]) if data.get("date") else document.issued_at.date(),
        overview=data.get("overview", ""),
        good_practice=data.get("good_practice", ""),
        problems=[bulletin_doc.UnitProblems(unit, items) for unit, items in grouped.items()],
        requirements=[
            bulletin_doc.Requirement(text, day)
            for text, day in requirement_lines(data.get("requirements", ""))
        ],
        annex_rows=annex_lines(data.get("annex", "")),
        printed_by=data.get("printed_by", ""),
    )


def matter_of(task: Task) -> notices.Matter:
    latest = task.feedback.order_by("-submitted_at", "-id").first()
    progress_text = (
        f"{task.progress}%（{latest.submitted_at:%Y-%m-%d}复命：{latest.progress_text[:80]}）"
        if latest
        else f"{task.progress}%，尚未复命"
    )
    return notices.Matter(
        kind="任务",
        title=task.title,
        unit=task.lead_unit.name,
        particulars=[
            ("责任人", task.owner.name if task.owner else ""),
            ("分管领导", task.leader.name if task.leader else ""),
            ("交办日期", f"{task.assigned_at:%Y-%m-%d}" if task.assigned_at else ""),
            ("完成时限", f"{task.due_date:%Y-%m-%d}" if task.due_date else ""),
            ("完成标准", task.finish_standard),
            ("当前进展", progress_text),
        ],
    )


def problem_matter(problem: Problem) -> notices.Matter:
    """A problem as its notice states it: where it came from, what it is, who answers for it, and its
    measures with their deadlines (the latest of them the problem's 整改时限)."""
    measures = measures_of(problem)
    dues = [m.task.due_date for m in measures if m.task.due_date]
    return notices.Matter(
        kind="问题",
        title=problem.title,
        unit=(problem.responsible_unit or problem.unit).name,
        duty="负责整改",
        particulars=[
            (
                "问题来源",
                problem.source_label + (f"（{problem.origin_label}）" if problem.origin_label else ""),
            ),
            ("发现日期", f"{problem.found_on:%Y-%m-%d}"),
            ("问题类别", problem.category.name if problem.category else ""),
            ("问题描述", problem.description),
            ("分管领导", problem.leader.name if problem.leader else ""),
            (
                "整改措施",
                "\n".join(
                    f"{n}.【{m.kind_label}】{m.content}"
                    + (f"（{m.task.due_date:%Y-%m-%d}前，{m.task.status_label}）" if m.task.due_date else "")
                    for n, m in enumerate(measures, start=1)
                ),
            ),
            ("整改时限", f"{max(dues):%Y-%m-%d}" if dues else ""),
        ],
    )


def matter_for(document: IssuedDocument) -> notices.Matter:
    if document.problem_id is not None:
        return problem_matter(
            Problem.objects.select_related("unit", "responsible_unit", "category", "leader").get(
                pk=document.problem_id
            )
        )
    return matter_of(Task.objects.select_related("lead_unit", "owner", "leader").get(pk=document.task_id))


def document_bytes(document: IssuedDocument) -> bytes:
    """The document as .docx, written from what is stored now (the same number every time)."""
    if document.kind == DocumentKind.BULLETIN:
        return bulletin_doc.write_bulletin(bulletin_content(document))
    reply = document.content.get("reply_by")
    notice = notices.Notice(
        issuer=issuer(),
        number=document.number,
        matter=matter_for(document),
        request=document.content.get("request", ""),
        reply_by=dt.date.fromisoformat(reply) if reply else None,
        date=timezone.localdate(),
    )
    if document.kind == DocumentKind.SUPERVISION:
        return notices.write_supervision(notice)
    return notices.write_urging(notice, issuer())


def file_name(document: IssuedDocument) -> str:
    number = document.number  # a bulletin's number already names its kind (督查通报〔2026〕1号)
    return (
        f"{number}.docx" if number.startswith(document.kind_label) else f"{document.kind_label}-{number}.docx"
    )


def download(request: HttpRequest, document: IssuedDocument) -> HttpResponse:
    """The document as a Word download, on the pages and in the API alike, its taking recorded in the
    security audit (导出数据) as every export is."""
    response = HttpResponse(document_bytes(document), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name(document))}"
    record_export(request, document.number, fmt="docx", document=document.pk)
    return response
