"""A task's files: a report's photo shown on the task page, any attachment downloaded. Both find the file by
one lookup, ``served``: shown only to whoever may see its task, and only while it still matches the SHA-256
recorded at upload."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files import File
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from luoshi.accounts.audit import record_download
from luoshi.core.errors import Conflict
from luoshi.core.querysets import record_hidden
from luoshi.core.uploads import open_verified
from luoshi.core.views import shown_photo

from .models import Attachment, Task
from .visibility import may_see


def served(
    request: HttpRequest,
    token: str,
    respond: Callable[[Attachment, File], HttpResponseBase],
    *,
    photo: bool = False,
) -> HttpResponseBase:
    """``respond`` with the attachment ``token`` names and its file, open. Absent, beyond the user's rights
    (told to the security audit as 越权访问) or, when ``photo``, not a photo: 404 alike, so tokens cannot be
    probed. A file changed on disk since upload is refused (409) and logged, never handed out."""
    attachment = Attachment.objects.filter(token=token).select_related("task").first()
    if attachment is None or (photo and not attachment.is_photo):
        raise Http404("文件不存在或您无权访问")
    if not may_see(request.user, attachment.task):
        if request.user.is_authenticated:
            record_hidden(Task, request.user, "view", {"pk": attachment.task_id}, request=request)
        raise Http404("文件不存在或您无权访问")
    try:
        handle = open_verified(attachment)
    except Conflict as exc:
        return render(request, "400.html", {"reason": exc.message}, status=exc.status)
    return respond(attachment, handle)


def photo(request: HttpRequest, token: str) -> HttpResponseBase:
    """A report's photo shown on the task page, and full size when its thumbnail is opened; any other
    attachment is only ever downloaded."""
    return served(request, token, lambda attachment, handle: shown_photo(handle), photo=True)


def download(request: HttpRequest, token: str) -> HttpResponseBase:
    """Always a download, never rendered inline, and told to the security audit."""

    def downloaded(attachment: Attachment, handle: File) -> FileResponse:
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.name, content_type="application/octet-stream"
        )
        record_download(request, attachment.name, task=attachment.task_id, attachment=attachment.pk)
        response["Content-Security-Policy"] = "sandbox"
        return response

    return served(request, token, downloaded)
