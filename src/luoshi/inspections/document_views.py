"""督办单 and 催办函: the tasks that most need one (overdue or due soon, within one's reach) and the
documents already numbered; a problem's, on its page; issuing one numbers it once (一事一号) and 催办s the
task or 督办s the problem."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from luoshi.core.errors import InvalidInput, ServiceError
from luoshi.core.filters import whole_number
from luoshi.core.querysets import get_visible_or_404
from luoshi.core.views import require_perm
from luoshi.org.scopes import VIEW
from luoshi.problems import services as problem_services
from luoshi.problems.models import Problem
from luoshi.tasks.choices import TaskStatus
from luoshi.tasks.models import Task

from . import services
from .choices import DocumentKind
from .forms import NoticeForm
from .models import IssuedDocument

SOON_DAYS = 7


@require_perm("inspections.view_campaign")
def document_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    q = (request.GET.get("q") or "").strip()[:100]
    tasks = Task.objects.restrict(request.user).filter(
        status__in=[TaskStatus.ASSIGNED, TaskStatus.ACKNOWLEDGED, TaskStatus.IN_PROGRESS]
    )
    if q:
        tasks = tasks.filter(title__icontains=q)
    else:
        tasks = tasks.filter(due_date__lte=today + dt.timedelta(days=SOON_DAYS))
    candidates = list(tasks.select_related("lead_unit").order_by("due_date", "id")[:30])
    issued = {
        (d.task_id, d.kind): d
        for d in IssuedDocument.objects.filter(task__in=[t.pk for t in candidates]).only(
            "kind", "task", "year", "serial"
        )
    }
    for task in candidates:
        task.may_urge = request.user.has_perm("tasks.urge_task", task)
        task.overdue = bool(task.due_date and task.due_date < today)
        task.documents = [
            issued[(task.pk, k)]
            for k in (DocumentKind.SUPERVISION, DocumentKind.URGING)
            if (task.pk, k) in issued
        ]
    documents = IssuedDocument.objects.restrict(request.user).select_related(
        "task", "campaign", "issued_by", "revised_by"
    )
    page = Paginator(documents.order_by("-issued_at", "-id"), 20).get_page(request.GET.get("page"))
    form = NoticeForm(initial={"reply_by": today + dt.timedelta(days=5)})
    return render(
        request,
        "inspections/documents.html",
        {"candidates": candidates, "page": page, "q": q, "form": form, "today": today},
    )


@require_perm("inspections.view_campaign")
def document_issue(request: HttpRequest) -> HttpResponse:
    """Issue a task's (from the list above) or a problem's (from its page) notice, then go back there."""
    if request.method != "POST":
        return redirect("inspections:documents")
    form = NoticeForm(request.POST)
    problem_pk = form.data.get("problem")
    back = (
        reverse("problems:detail", args=[problem_pk])
        if whole_number(problem_pk) is not None
        else reverse("inspections:documents")
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = services.issue_notice(
                _matter(request, data["task"], data["problem"]),
                actor=request.user,
                kind=data["kind"],
                request=data["request"],
                reply_by=data["reply_by"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            verb = "督办" if document.kind == DocumentKind.SUPERVISION else "催办"
            said = f"已开具{document.kind_label}（{document.number}），并已{verb}责任单位"
            if document.problem_id:
                messages.success(request, f"{said}，可在本页下载。")
                return redirect(f"{back}#notices")
            messages.success(request, f"{said}，可在下方列表第一行下载。")
            return redirect("inspections:documents")
    else:
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(back)


def _matter(request: HttpRequest, task: int | None, problem: int | None) -> Task | Problem:
    if (task is None) == (problem is None):
        raise InvalidInput("请指定一项任务或一个问题", "matter_required")
    if task is not None:
        return get_visible_or_404(Task.objects.all(), request.user, VIEW, pk=task)
    return get_visible_or_404(Problem.objects.all(), request.user, VIEW, pk=problem)


@require_perm("problems.view_problem")
def problem_notices(request: HttpRequest, pk: int) -> HttpResponse:
    """The problem page's 督办单/催办函 card (an htmx fragment): its numbered notices to download, and
    the form to issue one for whoever may urge the problem."""
    problem = get_visible_or_404(Problem.objects.all(), request.user, VIEW, pk=pk)
    documents = IssuedDocument.objects.filter(problem=problem).order_by("kind")
    urger = problem.is_open and request.user.has_perm("problems.urge_problem", problem)
    # Whoever would urge it is told why not once its measures are all done (it waits on 销号).
    settled = problem_services.urge_conflict(problem) if urger else None
    return render(
        request,
        "inspections/_problem_notices.html",
        {
            "problem": problem,
            "documents": documents,
            "may_urge": urger and settled is None,
            "settled": settled,
            "reply_by": timezone.localdate() + dt.timedelta(days=5),
        },
    )
