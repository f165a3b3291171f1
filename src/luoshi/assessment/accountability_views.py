"""逾期问责台账 pages: the overdue matters the user may see, each with its unit's reason and the decision,
and the two forms — the unit explains, a leader over it decides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from luoshi.core.errors import ServiceError
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.views import require_perm

from . import services
from .choices import MatterStatus, PeriodStatus
from .forms import DecideForm, ExplainForm
from .models import Accountability, AssessmentEvent, Period

STATUS_Q = {
    MatterStatus.AWAITING_REASON: Q(decision="", reason=""),
    MatterStatus.AWAITING_DECISION: Q(decision="") & ~Q(reason=""),
    MatterStatus.DECIDED: ~Q(decision=""),
}


def late_days(matter: Accountability, today: dt.date) -> int:
    """Days past the deadline: until closed, or until today while open."""
    closed = matter.task.closed_at
    end = timezone.localdate(closed) if closed and matter.task.due_date == matter.due_date else today
    return max((end - matter.due_date).days, 0)


RELATED = ("task__problem_measure__problem", "unit", "reason_by", "decided_by", "period", "adjustment__unit")


def visible_matters(user: Any) -> QuerySet:
    return Accountability.objects.restrict(user).select_related(*RELATED)


def filtered_matters(matters: QuerySet, status: str) -> QuerySet:
    """The ledger's rows under its status tab, latest deadline first: the page and its Excel file."""
    return (matters.filter(STATUS_Q[status]) if status in STATUS_Q else matters).order_by("-due_date", "-id")


def visible_matter(user: Any, pk: Any) -> Accountability:
    return get_visible_or_404(Accountability.objects.select_related(*RELATED), user, "view", pk=pk)


@require_perm("assessment.view_score")
def ledger(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    matters = visible_matters(request.user)
    counts = matters.aggregate(
        total=Count("pk"), **{key: Count("pk", filter=q) for key, q in STATUS_Q.items()}
    )
    page = Paginator(filtered_matters(matters, status), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "assessment/accountability.html",
        {
            "page": page,
            "status": status,
            "counts": counts,
            "statuses": MatterStatus.choices(),
            "late": {m.pk: late_days(m, timezone.localdate()) for m in page},
        },
    )


def _open_periods(matter: Accountability) -> list[tuple[str, str]]:
    periods = Period.objects.filter(status=PeriodStatus.OPEN, scheme__year__gte=matter.due_date.year)
    return [(str(p.pk), p.name) for p in periods.order_by("-starts_on", "kind")]


def _default_period(choices: list[tuple[str, str]], today: dt.date) -> str:
    """The open month this day falls in, if there is one."""
    month = Period.objects.filter(
        status=PeriodStatus.OPEN, kind="month", starts_on__lte=today, ends_on__gte=today
    ).first()
    return str(month.pk) if month and any(pk == str(month.pk) for pk, _ in choices) else ""


def _matter_page(
    request: HttpRequest,
    matter: Accountability,
    explain: ExplainForm | None = None,
    decide: DecideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    periods = _open_periods(matter)
    return render(
        request,
        "assessment/matter.html",
        {
            "matter": matter,
            "late": late_days(matter, today),
            "explain": explain or ExplainForm(initial={"reason": matter.reason}),
            "decide": decide
            or DecideForm(periods=periods, initial={"period": _default_period(periods, today)}),
            "may_explain": not matter.decision
            and request.user.has_perm("assessment.explain_overdue", matter),
            "may_decide": not matter.decision and request.user.has_perm("assessment.decide_overdue", matter),
            "events": AssessmentEvent.objects.restrict(request.user)
            .filter(matter=matter)
            .select_related("actor__person", "unit")
            .order_by("-at", "-id"),
        },
        status=status,
    )


def _matter(request: HttpRequest, pk: int) -> Accountability:
    return visible_matter(request.user, pk)


def _refused(request: HttpRequest, matter: Accountability, exc: ServiceError, **forms: Any) -> HttpResponse:
    """The page again with what was typed and why not (once decided the forms are gone: the reason is
    said above them, as ``add_service_error`` does for a refusal that names no field)."""
    matter.refresh_from_db()
    for form in forms.values():
        form.add_service_error(exc, request)
    return _matter_page(request, matter, status=exc.status, **forms)


@require_perm("assessment.view_score")
def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _matter_page(request, _matter(request, pk))


@require_POST
@require_perm("assessment.view_score")
def matter_explain(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _matter(request, pk)
    form = ExplainForm(request.POST)
    if form.is_valid():
        try:
            services.explain_overdue(matter, actor=request.user, reason=form.cleaned_data["reason"])
        except ServiceError as exc:
            return _refused(request, matter, exc, explain=form)
        messages.success(request, "逾期原因已报送，待分管领导作出问责决定。")
        return redirect("assessment:matter", pk=matter.pk)
    return _matter_page(request, matter, explain=form, status=400)


@require_POST
@require_perm("assessment.view_score")
def matter_decide(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _matter(request, pk)
    form = DecideForm(request.POST, periods=_open_periods(matter))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_overdue(
                matter,
                actor=request.user,
                decision=data["decision"],
                note=data["note"],
                period=data["period"] or None,
                points=data["points"],
            )
        except ServiceError as exc:
            return _refused(request, matter, exc, decide=form)
        messages.success(request, "问责决定已记录。")
        return redirect("assessment:matter", pk=matter.pk)
    return _matter_page(request, matter, decide=form, status=400)
