"""督查调研 pages: the campaigns, a campaign's checklist unit by unit with what luoshi already holds, its
findings, and its bulletin edited before it is written."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import dateformat

from luoshi.core.errors import ServiceError
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.views import require_perm
from luoshi.directives.models import Directive
from luoshi.org.models import Unit
from luoshi.problems.visibility import visible_ids
from luoshi.tasks.models import Task

from . import services
from .checklist import answers, progress
from .choices import CampaignEventKind, DocumentKind, FindingResult
from .documents import bulletin_draft, download
from .forms import BulletinForm, CampaignForm, FindingForm, PeriodForm, lines
from .models import Campaign, Finding, IssuedDocument
from .services.documents import CAMPAIGN_BULLETIN_WRITERS, PERIOD_BULLETIN_WRITERS
from .visibility import readable_targets


def listed_campaigns(user: Any) -> QuerySet[Campaign]:
    """The campaigns ``user`` may see with their counts, newest first: the list page and its export."""
    return (
        Campaign.objects.restrict(user)
        .annotate(
            unit_count=Count("target_units", distinct=True),
            finding_count=Count("findings", distinct=True),
            problem_count=Count("findings", filter=Q(findings__result=FindingResult.PROBLEM), distinct=True),
        )
        .order_by("-start_date", "-id")
    )


@require_perm("inspections.view_campaign")
def campaign_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(listed_campaigns(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "inspections/list.html", {"page": page})


@require_perm("inspections.add_campaign")
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_campaign(
                actor=request.user,
                kind=data["kind"],
                topic=data["topic"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                target_units=data["target_units"],
                tasks=Task.objects.filter(pk__in=data["tasks"]),
                directive=Directive.objects.restrict(request.user).filter(pk=data["directive"]).first()
                if data["directive"]
                else None,
                extra_points=lines(data["extra_points"]),
                teams=[services.TeamInput(data["team_name"], data["team_leader"], data["team_members"])],
            )
        except ServiceError as exc:
            form.add_service_error(exc, request)
        else:
            messages.success(request, "已创建。检查清单已按任务的完成标准生成，各单位已报送的材料作为预答。")
            return redirect("inspections:detail", pk=campaign.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "inspections/form.html", {"form": form}, status=status)


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_visible_or_404(Campaign.objects.all(), request.user, "view", pk=pk)


@require_perm("inspections.view_campaign")
def campaign_detail(
    request: HttpRequest, pk: int, *, failed: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    campaign = _campaign(request, pk)
    readable = readable_targets(request.user, campaign)
    units = list(campaign.target_units.filter(pk__in=readable).order_by("tree_path", "sort_order"))
    checked = dict(
        Finding.objects.filter(campaign=campaign, unit__in=readable)
        .values("unit")
        .annotate(n=Count("id"))
        .values_list("unit", "n")
    )
    chosen = request.POST.get("unit") or request.GET.get("unit")
    asked = next((u for u in units if str(u.pk) == str(chosen)), None)
    unit = asked or _first_to_check(campaign, units, checked)
    unit_answers = answers(campaign, [unit.pk], request.user)[unit.pk] if unit else []
    teams = list(campaign.teams.select_related("leader").prefetch_related("members"))
    bulletin = campaign.documents.filter(kind=DocumentKind.BULLETIN).first()
    context = {
        "campaign": campaign,
        "figures": progress(campaign),
        "units": [(u, checked.get(u.pk, 0)) for u in units],
        "unit": unit,
        "answers": unit_answers,
        "missing": [a for a in unit_answers if a.missing and a.finding is None],
        "teams": teams,
        "may_record": services.on_team(request.user, campaign) and services.is_open(campaign),
        "may_issue": request.user.has_perm("inspections.issue_bulletin", campaign),
        "bulletin": bulletin,
        "events": _trail(campaign, all_targets=len(units) == campaign.target_units.count()),
        "failed": failed or {},
        "point_count": len(unit_answers),
        # The problems the findings became that the reader may open (the others are named, not linked).
        "seen_problems": visible_ids(request.user, [a.finding.problem_id for a in unit_answers if a.finding]),
    }
    return render(request, "inspections/detail.html", context, status=status)


def _first_to_check(campaign: Campaign, units: list[Unit], checked: dict[int, int]) -> Unit | None:
    """The unit the checklist opens on: the first with points not yet checked, else the first."""
    points = campaign.points.count()
    return next((u for u in units if checked.get(u.pk, 0) < points), units[0] if units else None)


def _trail(campaign: Campaign, *, all_targets: bool) -> QuerySet:
    """The campaign's trail; a reader of only some of its targets does not read the findings on the others
    there (a finding's entry names its unit in text), only on the checklist of the units they read."""
    events = campaign.events.select_related("actor").order_by("-at", "-id")
    if not all_targets:
        events = events.exclude(
            kind__in=[
                CampaignEventKind.FINDING,
                CampaignEventKind.FINDING_CHANGED,
                CampaignEventKind.PROBLEM_RAISED,
            ]
        )
    return events[:30]


@require_perm("inspections.view_campaign")
def record_finding(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("inspections:detail", pk=pk)
    campaign = _campaign(request, pk)
    form = FindingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            finding = services.record_finding(
                campaign,
                actor=request.user,
                point=data["point"],
                unit=data["unit"],
                result=data["result"],
                note=data["note"],
                deadline=data["deadline"],
            )
        except ServiceError as exc:
            # The page says a refusal beside the point's form (or above, once the form is not offered).
            form.add_error(None, exc.message)
        else:
            raised = "，已转入问题清单" if finding.result == FindingResult.PROBLEM else ""
            messages.success(request, f"已记录：{finding.unit.name} · {finding.result_label}{raised}")
            return redirect(
                f"{request.path.rsplit('findings/', 1)[0]}?unit={finding.unit_id}#point-{finding.point_id}"
            )
    errors = [str(e) for errs in form.errors.values() for e in errs]
    failed = {"point": request.POST.get("point"), "errors": errors, "data": request.POST}
    return campaign_detail(request, pk, failed=failed, status=400)


@require_perm("inspections.view_campaign")
def campaign_bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    if not request.user.has_perm("inspections.issue_bulletin", campaign):
        raise PermissionDenied(CAMPAIGN_BULLETIN_WRITERS)
    document = campaign.documents.filter(kind=DocumentKind.BULLETIN).first()
    return _bulletin(request, document, campaign=campaign)


@require_perm("inspections.view_campaign")
def period_bulletin(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("inspections.issue_bulletin"):
        raise PermissionDenied(PERIOD_BULLETIN_WRITERS)
    period = PeriodForm(request.GET or None)
    if not period.is_valid():
        return render(request, "inspections/period.html", {"period": period})
    start, end = period.cleaned_data["start"], period.cleaned_data["end"]
    document = IssuedDocument.objects.filter(
        kind=DocumentKind.BULLETIN, campaign=None, period_start=start, period_end=end
    ).first()
    return _bulletin(request, document, period=(start, end))


def _bulletin(
    request: HttpRequest,
    document: IssuedDocument | None,
    *,
    campaign: Campaign | None = None,
    period: Any = None,
) -> HttpResponse:
    if document is not None:
        initial = dict(document.content)
    elif campaign is not None:
        initial = bulletin_draft(campaign=campaign)
    else:
        visible = Campaign.objects.restrict(request.user).values("pk")
        found = Finding.objects.filter(
            campaign__in=visible, recorded_at__date__gte=period[0], recorded_at__date__lte=period[1]
        )
        start, end = dateformat.format(period[0], "Y年n月j日"), dateformat.format(period[1], "n月j日")
        initial = bulletin_draft(findings=found, title=f"关于{start}至{end}督查情况的通报")
    form = BulletinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.issue_bulletin(
                actor=request.user, content=form.content(), campaign=campaign, period=period
            )
        except ServiceError as exc:
            form.add_service_error(exc, request)
        else:
            return download(request, document)
    context = {"form": form, "campaign": campaign, "period": period, "document": document}
    return render(
        request, "inspections/bulletin.html", context, status=400 if request.method == "POST" else 200
    )


@require_perm("inspections.view_campaign")
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_visible_or_404(IssuedDocument.objects.all(), request.user, "view", pk=pk)
    if document.kind != DocumentKind.BULLETIN and document.task_id is None and document.problem_id is None:
        raise Http404("对象不存在或您无权访问")
    return download(request, document)
