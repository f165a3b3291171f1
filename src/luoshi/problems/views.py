"""Pages of 问题清单: the ledger, recording a problem (similar ones shown as you type), a problem's page
with its measures, and the buttons that confirm, close and recheck it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.files import File
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from luoshi.accounts.audit import record_download
from luoshi.core.errors import ServiceError
from luoshi.core.files import download_response, served
from luoshi.core.filters import filtered_or_error, whole_number
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.views import refused, require_perm, submitted_once
from luoshi.org.models import Unit
from luoshi.org.scopes import MANAGE, VIEW, unit_scope
from luoshi.tasks.choices import Light

from . import services
from .choices import Commonality, Novelty, ProblemSource, ProblemStatus, Severity
from .filters import ORDERING_LABELS, ProblemFilter
from .forms import (
    CloseForm,
    ConfirmForm,
    DismissForm,
    MeasureForm,
    ProblemForm,
    RecheckForm,
    category_choices,
    owner_choices,
    unit_choices,
)
from .models import Problem, ProblemCategory, ProblemEvent, ProblemFile
from .origins import origin_url
from .queries import annotate_measures, annotate_previous, ledger_queryset, rows_of, with_close_evidence
from .similar import common_proposal, similar_problems

EVERY_PROBLEM_COUNT = "luoshi:problem-ledger-count"
COUNT_SECONDS = 60


def ledger_filter(request: HttpRequest) -> tuple[ProblemFilter, Any, str]:
    """The ledger's filter over the problems ``request.user`` may see (the page, its export and an export
    job), or None with a Chinese message when a value makes no sense."""
    filterset = ProblemFilter(request.GET, queryset=ledger_queryset(request.user), request=request)
    queryset, error = filtered_or_error(filterset)
    return filterset, queryset, error


def filtered(request: HttpRequest) -> tuple[ProblemFilter, Any]:
    """The ledger's filter over the problems the user may see; a bad filter value is said on the page."""
    filterset, queryset, error = ledger_filter(request)
    if error:
        messages.error(request, error)
    return filterset, queryset


@require_perm("problems.view_problem")
def ledger(request: HttpRequest) -> HttpResponse:
    filterset, queryset = filtered(request)
    queryset = Problem.objects.none() if queryset is None else queryset
    # The total and the page's keys are two reads, not one with COUNT(*) OVER (): PostgreSQL plans that
    # window as if the LIMIT stopped it early and walks the whole date index filtering the section's rows
    # (0.3 s at 100,000), while apart the count reads the visibility's indexes and the page the date index.
    paginator = Paginator(queryset.values_list("pk", flat=True), 50)
    if not queryset.query.where:  # every problem (the head, no filter): counted once a minute, shared
        paginator.count = every_problem_count()
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = annotate_measures(rows_of(list(page.object_list)))
    return render(
        request,
        "problems/ledger.html",
        {
            "page": page,
            "filter": filterset,
            "data": filterset.data,
            # On a phone the filters fold behind one button that says how many are set.
            "filters_set": sum(
                1 for key, value in request.GET.items() if value and key not in ("page", "ordering")
            ),
            "statuses": ProblemStatus.CHOICES,
            "sources": ProblemSource.CHOICES,
            "novelties": Novelty.CHOICES,
            "commonalities": Commonality.CHOICES,
            "orderings": ORDERING_LABELS,
            "units": unit_choices(unit_scope(request.user, VIEW))[1:],
            "categories": category_choices("全部")[1:],
            "query": request.GET.urlencode(),
            "light_labels": Light,
            "today": timezone.localdate(),
        },
    )


def every_problem_count() -> int:
    counted = cache.get(EVERY_PROBLEM_COUNT)
    if counted is None:
        counted = Problem.objects.count()
        cache.set(EVERY_PROBLEM_COUNT, counted, COUNT_SECONDS)
    return counted


@require_perm("problems.add_problem")
def create(request: HttpRequest) -> HttpResponse:
    visible = unit_scope(request.user, VIEW)
    initial: dict[str, Any] = {}
    if not visible.everything and len(visible.unit_ids) == 1:
        initial["unit"] = next(iter(visible.unit_ids))
    form = ProblemForm(request.POST or None, request.FILES or None, visible=visible, initial=initial)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                submitted_once(request)
                problem = services.record_problem(actor=request.user, **form.problem_fields())
        except ServiceError as exc:
            status = refused(request, exc, form)
        else:
            messages.success(request, "问题已登记，待所在单位负责人确认整改。")
            return redirect("problems:detail", pk=problem.pk)
    return render(request, "problems/problem_form.html", {"form": form}, status=status)


@require_perm("problems.add_problem")
def similar(request: HttpRequest) -> HttpResponse:
    """The similar problems of the text being typed (an htmx fragment of the record form)."""
    text = request.GET.get("description", "")[:2000]
    unit = _pick(Unit, request.GET.get("unit"))
    category = _pick(ProblemCategory, request.GET.get("category"))
    matches = (
        similar_problems(
            text, base=Problem.objects.restrict(request.user, VIEW), unit=unit, category=category
        )
        if len(text.strip()) >= 4
        else []
    )
    return render(
        request,
        "problems/_similar.html",
        {
            "matches": matches,
            "common": common_proposal(matches, unit) if unit else [],
            "typed": bool(text.strip()),
        },
    )


def _pick(model: Any, value: str | None) -> Any:
    pk = whole_number(value)
    return model.objects.filter(pk=pk).first() if pk is not None else None


def visible_problem(request: HttpRequest, pk: int) -> Problem:
    return get_visible_or_404(
        Problem.objects.select_related(
            "unit", "category", "responsible_unit", "leader", "common", "previous__unit"
        ),
        request.user,
        VIEW,
        pk=pk,
    )


@require_perm("problems.view_problem")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, visible_problem(request, pk))


def _page(
    request: HttpRequest, problem: Problem, bound: Any = None, opened: str = "", status: int = 200
) -> HttpResponse:
    user = request.user
    forms = {
        "confirm": confirm_form(request, problem),
        "dismiss": DismissForm(),
        "measure": measure_form(request, problem),
        "close": CloseForm(),
        "recheck": RecheckForm(),
    }
    if bound is not None:
        forms[opened] = bound
    annotate_previous(annotate_measures([problem]), user)
    rectifying = problem.status == ProblemStatus.RECTIFYING
    matches = (
        similar_problems(
            problem.description,
            base=Problem.objects.restrict(user, VIEW),
            unit=problem.unit,
            category=problem.category,
            exclude=problem.pk,
            limit=5,
        )
        if problem.is_open
        else []
    )
    return render(
        request,
        "problems/problem_detail.html",
        {
            "problem": problem,
            "measures": with_close_evidence(services.measures_of(problem), user),
            "refusal": services.close_conflict(problem) if rectifying else None,
            "rebound_at": services.last_rebound(problem) if rectifying and problem.recurring else None,
            "events": ProblemEvent.objects.filter(problem=problem)
            .select_related("actor__person")
            .order_by("-at", "-id"),
            "files": ProblemFile.objects.filter(problem=problem),
            "origin_url": origin_url(user, problem),
            "matches": matches,
            "common": common_proposal(matches, problem.unit),
            "can": {
                "confirm": user.has_perm("problems.confirm_problem", problem),
                "measure": user.has_perm("problems.add_measure", problem),
                "dismiss": user.has_perm("problems.dismiss_problem", problem),
                "close": user.has_perm("problems.close_problem", problem),
            },
            "forms": forms,
            "opened": opened,
            "today": timezone.localdate(),
            "severities": Severity,
        },
        status=status,
    )


def confirm_form(request: HttpRequest, problem: Problem, data: Any = None) -> ConfirmForm:
    """确认整改 with a 责任人 per measure among the people of the problem's unit the user gives work to."""
    owners = owner_choices(request.user, problem.responsible_unit or problem.unit)
    return ConfirmForm(data, manages=unit_scope(request.user, MANAGE), owners=owners)


def measure_form(request: HttpRequest, problem: Problem, data: Any = None) -> MeasureForm:
    """增加整改措施 with a 责任人 among the same people as each measure of 确认整改."""
    owners = owner_choices(request.user, problem.responsible_unit or problem.unit)
    return MeasureForm(data, owners=owners)


ACTIONS: dict[str, tuple[Any, Any, str]] = {
    "confirm": (
        lambda r, p: confirm_form(r, p, r.POST),
        lambda r, p, f: services.confirm_problem(p, actor=r.user, **f.confirm_fields()),
        "已确认整改，整改措施已作为任务交办。",
    ),
    "dismiss": (
        lambda r, p: DismissForm(r.POST),
        lambda r, p, f: services.dismiss_problem(p, actor=r.user, reason=f.cleaned_data["reason"]),
        "已不予认定。",
    ),
    "measure": (
        lambda r, p: measure_form(r, p, r.POST),
        lambda r, p, f: services.add_measure(p, actor=r.user, **f.measure_fields()),
        "整改措施已作为任务交办。",
    ),
    "close": (
        lambda r, p: CloseForm(r.POST),
        lambda r, p, f: services.close_problem(p, actor=r.user, **f.cleaned_data),
        "问题已销号，到期将提醒回头看。",
    ),
    "recheck": (
        lambda r, p: RecheckForm(r.POST),
        lambda r, p, f: services.recheck_problem(
            p, actor=r.user, rebounded=f.cleaned_data["result"] == "rebounded", note=f.cleaned_data["note"]
        ),
        "回头看结果已记录。",
    ),
}


@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Every form on the problem page: the service decides; a refusal changes nothing, and the page comes
    back with the form as typed and the reason, answering as the task page does (``core.views.refused``):
    400 bad input, 403 no right, 409 the problem's state or a form sent twice."""
    if action not in ACTIONS:
        raise Http404("未知的操作")
    problem = visible_problem(request, pk)
    build, call, done = ACTIONS[action]
    form = build(request, problem)
    status = 400
    if form.is_valid():
        try:
            with transaction.atomic():
                submitted_once(request)
                call(request, problem, form)
        except ServiceError as exc:
            status = refused(request, exc, form)
        else:
            messages.success(request, done)
            return redirect("problems:detail", pk=pk)
    return _page(request, visible_problem(request, pk), bound=form, opened=action, status=status)


@require_perm("problems.view_problem")
def download(request: HttpRequest, token: str) -> HttpResponseBase:
    """A problem's evidence, by the one lookup of stored files: to whoever may see the problem, while it
    matches its SHA-256; always a download, told to the security audit."""

    def downloaded(row: ProblemFile, handle: File) -> FileResponse:
        record_download(request, row.name, problem=row.problem_id, file=row.pk)
        return download_response(handle, row.name)

    return served(request, ProblemFile.objects.all(), token, "problem", downloaded)
