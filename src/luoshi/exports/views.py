"""我的导出: ask for a list's Excel file (or an imported ledger in its own layout), watch it being written
(the bar survives a reload), download it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from luoshi.accounts.audit import record_export
from luoshi.core.errors import Forbidden, NotFound, ServiceError

from . import services
from .choices import ExportStatus
from .jobs import KEEP
from .models import ExportJob
from .registry import kind_of


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "exports/index.html",
        {"jobs": services.recent_exports(request.user), "keep_hours": int(KEEP.total_seconds() // 3600)},
    )


@require_POST
def start(request: HttpRequest, kind: str) -> HttpResponseBase:
    """The list's 导出Excel button: its query string is the list's filters. A small list downloads at once
    (the streamed export); a large one becomes a job and the answer is its progress page."""
    listed = kind_of(kind)
    if listed is None:
        raise Http404("没有这种导出")
    try:
        job = services.queue_export(kind, request.GET, actor=request.user, inline_rows=services.INLINE_ROWS)
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except NotFound as exc:  # the object named in the path is none the user may see
        raise Http404(exc.message) from exc
    except ServiceError as exc:  # a filter that makes no sense: the list says what is wrong
        messages.error(request, exc.message)
        return redirect(listed.page_url(request.GET))
    if job is None:
        return redirect(listed.direct_url(request.GET))
    return redirect("exports:detail", pk=job.pk)


def _job(request: HttpRequest, pk: int) -> ExportJob:
    job = ExportJob.objects.restrict(request.user, "view").filter(pk=pk).first()
    if job is None:
        raise Http404("导出记录不存在、已过期或您无权访问")
    return job


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    listed = kind_of(job.kind)
    context = {
        "job": job,
        "back": listed.page_url(QueryDict(job.params)) if listed else "",
        "back_label": (listed.page_title if listed else "") or job.title,
        "keep_hours": int(KEEP.total_seconds() // 3600),
    }
    return render(request, "exports/detail.html", context)


def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar of a waiting export, polled by the page; once it ended, the page reloads."""
    job = _job(request, pk)
    response = render(request, "exports/_progress.html", {"job": job})
    if not job.waiting:
        response["HX-Refresh"] = "true"
    return response


def file_response(job: ExportJob, request: HttpRequest) -> FileResponse | None:
    """The finished file as a download, recorded in the security audit as the streamed exports are; None
    while it is being written, after it failed or once it expired."""
    if job.status != ExportStatus.DONE or job.path is None or not job.path.exists():
        return None
    record_export(request, job.title, filters=job.params, job=job.pk)
    return FileResponse(
        job.path.open("rb"), as_attachment=True, filename=job.file_name, content_type=job.content_type
    )


def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    response = file_response(_job(request, pk), request)
    if response is None:
        raise Http404("文件尚未生成或已过期")
    return response
