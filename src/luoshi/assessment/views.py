"""考核评价 pages: schemes and periods, the ranking (比学赶超), each unit's score with what is behind it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from luoshi.core.errors import ServiceError
from luoshi.core.filters import whole_number
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.views import require_perm
from luoshi.org.choices import Role
from luoshi.org.models import NOT_ADMIN, Person
from luoshi.org.scopes import person_of

from . import services
from .approval import Approval, approval_by_item
from .charts import radar_chart, ranking_chart, trend_chart
from .choices import AdjustmentStatus, Board, Dimension, EventKind, IndicatorKind, PeriodKind, PeriodStatus
from .defaults import standard_indicators
from .explain import explain, formula_of_indicator, movement_text, read_ties, share, shown_version
from .forms import AdjustmentForm, JudgeForm, PeriodForm, ReasonForm, SchemeForm
from .models import Adjustment, AssessmentEvent, Period, Scheme, UnitScore
from .standings import NEAR, Standing, ends_of, readable, standings

HELPERS = {"share": share, "movement": movement_text, "board": Board.shown}


@require_perm("assessment.view_score")
def overview(request: HttpRequest) -> HttpResponse:
    form = SchemeForm(initial={"year": services.first_free_year(timezone.localdate().year)})
    return _overview(request, form)


def _overview(request: HttpRequest, form: SchemeForm, status: int = 200) -> HttpResponse:
    """The schemes, newest year first, and the latest computed period's ranking — the same after a
    refused scheme as before it."""
    schemes = list(Scheme.objects.restrict(request.user).prefetch_related("periods").order_by("-year"))
    current = next(
        (
            p
            for s in schemes
            for p in sorted(s.periods.all(), key=lambda p: p.starts_on, reverse=True)
            if p.version
        ),
        None,
    )
    return render(
        request,
        "assessment/overview.html",
        {
            "schemes": schemes,
            "current": current,
            "form": form,
            "may_manage": request.user.has_perm("assessment.manage"),
        },
        status=status,
    )


@require_POST
@require_perm("assessment.manage")
def scheme_create(request: HttpRequest) -> HttpResponse:
    form = SchemeForm(request.POST)
    if form.is_valid():
        assessors = list(
            Person.objects.filter(
                NOT_ADMIN,
                memberships__role__in=[Role.HEAD, Role.DEPUTY],
                memberships__unit__parent__isnull=True,
            )
            .distinct()
            .values_list("pk", flat=True)
        )
        try:
            scheme = services.create_scheme(
                actor=request.user,
                year=form.cleaned_data["year"],
                name="",
                process_weight=form.cleaned_data["process_weight"],
                effect_weight=form.cleaned_data["effect_weight"],
                indicators=standard_indicators(assessors),
            )
        except ServiceError as exc:
            form.add_service_error(exc, request)
        else:
            messages.success(request, f"已按标准模板制定{scheme.name}，可在方案页开设考核期。")
            return redirect("assessment:scheme", pk=scheme.pk)
    return _overview(request, form, status=400)


def _scheme_page(
    request: HttpRequest,
    scheme: Scheme,
    form: PeriodForm,
    status: int = 200,
    typed: dict[str, str] | None = None,
    weights_error: str = "",
) -> HttpResponse:
    indicators = list(scheme.indicators.prefetch_related("assessors").order_by("sort_order", "id"))
    children: dict[int | None, list[Any]] = {}
    for indicator in indicators:
        children.setdefault(indicator.parent_id, []).append(indicator)
    tree: list[tuple[int, Any]] = []

    def walk(parent: int | None, depth: int) -> None:
        # Process before effect at the top, then as the scheme orders them.
        for indicator in sorted(
            children.get(parent, []), key=lambda i: (i.dimension != Dimension.PROCESS, i.sort_order)
        ):
            tree.append((depth, indicator))
            walk(indicator.pk, depth + 1)

    walk(None, 0)
    return render(
        request,
        "assessment/scheme.html",
        {
            "scheme": scheme,
            "tree": tree,
            "formula": formula_of_indicator,
            "periods": scheme.periods.order_by("-starts_on", "kind"),
            "form": form,
            "typed": typed or {},
            "weights_error": weights_error,
            "weights_locked": scheme.periods.filter(status=PeriodStatus.PUBLISHED).exists(),
            "may_manage": request.user.has_perm("assessment.manage"),
        },
        status=status,
    )


@require_perm("assessment.view_score")
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_visible_or_404(Scheme.objects.all(), request.user, "view", pk=pk)
    return _scheme_page(
        request, scheme, PeriodForm(initial={"kind": PeriodKind.MONTH, "day": timezone.localdate()})
    )


@require_POST
@require_perm("assessment.manage")
def scheme_weights(request: HttpRequest, pk: int) -> HttpResponse:
    """调整权重: every indicator's weight and the two dimensions', checked to sum at every level."""
    scheme = get_visible_or_404(Scheme.objects.all(), request.user, "view", pk=pk)
    typed = {
        key: str(request.POST.get(key, "")).strip() for key in request.POST if key != "csrfmiddlewaretoken"
    }
    weights = {
        indicator: value
        for key, value in typed.items()
        if key.startswith("w-") and (indicator := whole_number(key[2:])) is not None
    }
    try:
        services.set_weights(
            scheme,
            actor=request.user,
            process_weight=typed.get("process_weight", ""),
            effect_weight=typed.get("effect_weight", ""),
            weights=weights,
        )
    except ServiceError as exc:
        form = PeriodForm(initial={"kind": PeriodKind.MONTH, "day": timezone.localdate()})
        return _scheme_page(request, scheme, form, status=exc.status, typed=typed, weights_error=exc.message)
    messages.success(request, "权重已调整；此后计算的版本按新权重计分。")
    return redirect("assessment:scheme", pk=scheme.pk)


@require_POST
@require_perm("assessment.manage")
def period_create(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_visible_or_404(Scheme.objects.all(), request.user, "view", pk=pk)
    form = PeriodForm(request.POST)
    if form.is_valid():
        try:
            period = services.open_period(
                scheme, actor=request.user, kind=form.cleaned_data["kind"], day=form.cleaned_data["day"]
            )
        except ServiceError as exc:
            form.add_service_error(exc, request)
        else:
            messages.success(request, f"已开设{period.name}考核期，请计算得分。")
            return redirect("assessment:period", pk=period.pk)
    return _scheme_page(request, scheme, form, status=400)


def _period_page(
    request: HttpRequest, period: Period, reopen: ReasonForm | None = None, status: int = 200
) -> HttpResponse:
    group, page = request.GET.get("group", ""), request.GET.get("page")
    if group and request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        # Paging through one group redraws that group's card alone.
        groups, mine = standings(period, request.user, group, page, only=True)
        return render(
            request,
            "assessment/_standing.html",
            {"period": period, "g": groups[0] if groups else None, **_shown(request, period, groups, mine)},
            status=status,
        )
    adjustments = list(
        Adjustment.objects.restrict(request.user)
        .filter(period=period)
        .select_related("unit", "proposed_by", "decided_by")
    )
    approval = _approval(adjustments)
    me = person_of(request.user)
    groups, mine = standings(period, request.user, group, page)
    return render(
        request,
        "assessment/period.html",
        {
            "period": period,
            "groups": groups,
            "mine": mine,
            **_shown(request, period, groups, mine),
            "version": shown_version(period),
            "adjustments": adjustments,
            "approval": approval,
            "may_decide": {pk for pk, a in approval.items() if a.allows(me)},
            "events": AssessmentEvent.objects.restrict(request.user)
            .filter(period=period)
            .exclude(kind=EventKind.JUDGED)
            .select_related("actor__person", "unit")
            .order_by("-at", "-id")[:50],
            "may_manage": request.user.has_perm("assessment.manage"),
            "may_publish": request.user.has_perm("assessment.publish"),
            "reopen": reopen or ReasonForm(),
        },
        status=status,
    )


def _approval(adjustments: list[Adjustment]) -> dict[int, Approval]:
    """Who approves each pending item, as the pages say it (and the permission decides it)."""
    pending = [a for a in adjustments if a.status == AdjustmentStatus.PENDING]
    return approval_by_item(pending)


def _shown(
    request: HttpRequest, period: Period, groups: list[Standing], mine: UnitScore | None
) -> dict[str, Any]:
    """What the group cards read beside the groups: which scores open, the charts, the helpers."""
    return {
        "readable": readable(period, request.user, groups, mine),
        "charts": {g.key: ranking_chart(g, period.is_locked) for g in groups},
        "ends": ends_of(period),
        "near": NEAR,
        **HELPERS,
    }


def _period(request: HttpRequest, pk: int) -> Period:
    return get_visible_or_404(Period.objects.select_related("scheme"), request.user, "view", pk=pk)


@require_perm("assessment.view_score")
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _period_page(request, _period(request, pk))


def _step(request: HttpRequest, pk: int, run: Any, done: str) -> HttpResponse:
    period = _period(request, pk)
    try:
        run(period)
    except ServiceError as exc:
        messages.error(request, exc.message)
        period.refresh_from_db()
        return _period_page(request, period, status=exc.status)
    messages.success(request, done)
    return redirect("assessment:period", pk=period.pk)


@require_POST
@require_perm("assessment.manage")
def period_compute(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, lambda p: services.compute_period(p, actor=request.user), "已重新计算，生成新版本得分。"
    )


@require_POST
@require_perm("assessment.publish")
def period_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda p: services.publish_period(p, actor=request.user),
        "已审定发布红榜、黑榜，本期考核结果锁定。",
    )


@require_POST
@require_perm("assessment.publish")
def period_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.reopen_period(period, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    except ServiceError as exc:
        form.add_service_error(exc, request)
        return _period_page(request, period, reopen=form, status=exc.status)
    messages.success(request, "已解除锁定；更正后请重新计算并再次审定发布。")
    return redirect("assessment:period", pk=period.pk)


def _score(request: HttpRequest, pk: int) -> UnitScore:
    return get_visible_or_404(
        UnitScore.objects.select_related("unit", "period__scheme"), request.user, "view", pk=pk
    )


def _score_page(
    request: HttpRequest,
    score: UnitScore,
    judge: JudgeForm | None = None,
    adjust: AdjustmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    period = score.period
    me = person_of(request.user)
    read_ties(period, request.user, [score])
    lines = explain(period, [score]).get(score.pk, [])
    judging = {
        line.indicator.pk
        for line in lines
        if line.indicator.kind == IndicatorKind.JUDGED
        and me is not None
        and me.unit_id != score.unit_id
        and any(p.pk == me.pk for p in line.indicator.assessors.all())
    }
    adjustments = list(
        Adjustment.objects.restrict(request.user)
        .filter(period=period, unit_id=score.unit_id)
        .select_related("unit", "proposed_by", "decided_by")
    )
    latest = shown_version(period)
    current = (
        UnitScore.objects.filter(period=period, version=latest, unit_id=score.unit_id)
        .values_list("pk", flat=True)
        .first()
        if score.version != latest
        else None
    )
    return render(
        request,
        "assessment/score.html",
        {
            "score": score,
            "period": period,
            "lines": lines,
            "chart": {"trend": trend_chart(score), "radar": radar_chart(lines)},
            "judging": judging,
            "judge": judge or JudgeForm(),
            "adjust": adjust or AdjustmentForm(),
            "current": current,
            "adjustments": adjustments,
            "approval": _approval(adjustments),
            "matters": services.matters_of_score(period, score.unit_id),
            "may_manage": request.user.has_perm("assessment.manage") and not period.is_locked,
            "open": not period.is_locked and score.version == period.version,
            "events": AssessmentEvent.objects.restrict(request.user)
            .filter(period=period, unit_id=score.unit_id)
            .select_related("actor__person", "unit")
            .order_by("-at", "-id")[:50],
            **HELPERS,
        },
        status=status,
    )


@require_perm("assessment.view_score")
def score_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _score_page(request, _score(request, pk))


@require_POST
@require_perm("assessment.view_score")
def score_judge(request: HttpRequest, pk: int) -> HttpResponse:
    score = _score(request, pk)
    form = JudgeForm(request.POST)
    if form.is_valid():
        try:
            services.judge(
                score.period,
                actor=request.user,
                indicator=form.cleaned_data["indicator"],
                unit=score.unit,
                level=form.cleaned_data["level"],
                justification=form.cleaned_data["justification"],
            )
        except ServiceError as exc:
            form.add_service_error(exc, request)
            return _score_page(request, score, judge=form, status=exc.status)
        messages.success(request, "评议已保存，重新计算后计入得分。")
        return redirect("assessment:score", pk=score.pk)
    return _score_page(request, score, judge=form, status=400)


@require_POST
@require_perm("assessment.manage")
def score_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    score = _score(request, pk)
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            item = services.propose_adjustment(
                score.period, actor=request.user, unit=score.unit, **form.cleaned_data
            )
        except ServiceError as exc:
            form.add_service_error(exc, request)
            return _score_page(request, score, adjust=form, status=exc.status)
        messages.success(request, f"加减分已提出，{_approval([item])[item.pk].text}。")
        return redirect("assessment:score", pk=score.pk)
    return _score_page(request, score, adjust=form, status=400)


@require_POST
@require_perm("assessment.view_score")
def adjustment_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in ("approve", "refuse"):
        raise Http404("对象不存在或您无权访问")
    adjustment = get_visible_or_404(Adjustment.objects.select_related("period"), request.user, "view", pk=pk)
    try:  # the service refuses who may not decide, saying why (one's own proposal, or not over its unit)
        services.decide_adjustment(
            adjustment, actor=request.user, approve=decision == "approve", note=request.POST.get("note", "")
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _period_page(request, adjustment.period, status=exc.status)
    said = "已批准，重新计算后计入得分。" if decision == "approve" else "已不批准，不计入得分。"
    messages.success(request, said)
    return redirect("assessment:period", pk=adjustment.period_id)
