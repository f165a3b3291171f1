"""督办单 and 催办函: the tasks that most need one (overdue or due soon, within one's reach) and the
documents already numbered; issuing one numbers it once (一事一号) and 催办s the task."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from luoshi.core.errors import ServiceError
from luoshi.core.views import require_perm
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
    documents = IssuedDocument.objects.restrict(request.user).select_related("task", "campaign", "issued_by")
    page = Paginator(documents.order_by("-issued_at", "-id"), 20).get_page(request.GET.get("page"))
    form = NoticeForm(initial={"reply_by": today + dt.timedelta(days=5)})
    return render(
        request,
        "inspections/documents.html",
        {"candidates": candidates, "page": page, "q": q, "form": form, "today": today},
    )


@require_perm("inspections.view_campaign")
def document_issue(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("inspections:documents")
    form = NoticeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = services.issue_notice(
                data["task"],
                actor=request.user,
                kind=data["kind"],
                request=data["request"],
                reply_by=data["reply_by"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            link = reverse("inspections:document", args=[document.pk])
            messages.success(
                request, f"已开具{document.kind_label}（{document.number}），并已催办责任单位。下载：{link}"
            )
            return redirect(f"{reverse('inspections:documents')}?issued={document.pk}")
    else:
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("inspections:documents")
