"""The ledger's selected rows: 交办 or 催办 them in one step, or export just them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.views.decorators.http import require_POST

from luoshi.accounts.audit import record_export
from luoshi.core.errors import ServiceError
from luoshi.core.views import back, require_perm
from luoshi.org.scopes import VIEW

from . import services
from .models import Task
from .printing import workbook
from .services.batch import selected_ids

DONE = {"assign": "已交办 {n} 项任务，牵头单位将收到通知。", "urge": "已催办 {n} 项任务。"}


def _back(request: HttpRequest) -> HttpResponse:
    """To the ledger page the selection was made on (its filters and page kept)."""
    return back(request, "tasks:ledger")


@require_POST
@require_perm("tasks.view_ledger")
def selected(request: HttpRequest) -> HttpResponseBase:
    """One form, three buttons: the service decides each task; a refusal changes none of them."""
    action = request.POST.get("do", "")
    try:
        ids = selected_ids(request.POST.getlist("task"))
        if action == "export":
            return _export(request, ids)
        done = services.run_batch(action, ids, actor=request.user, message=request.POST.get("message", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, DONE[action].format(n=len(done)))
    return _back(request)


def _export(request: HttpRequest, ids: list[int]) -> HttpResponseBase:
    """The selected rows the user may see, in the ledger's own columns and order (by due date)."""
    tasks = Task.objects.restrict(request.user, VIEW).filter(pk__in=ids).order_by("due_date", "id")
    response = workbook(tasks, f"所选任务 {len(ids)} 项（仅含有权查看的）")
    record_export(request, "任务台账（所选）", tasks=len(ids), **{"from": reverse("tasks:ledger")})
    return response
