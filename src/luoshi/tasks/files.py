"""A task's files: a report's photo shown on the task page, any attachment downloaded. Both find the file by
the one lookup of stored files (``core.files.served``): shown only to whoever may see its task, and only
while it still matches the SHA-256 recorded at upload."""

from __future__ import annotations

from django.core.files import File
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase

from luoshi.accounts.audit import record_download
from luoshi.core.files import download_response, served

from .models import Attachment


def photo(request: HttpRequest, token: str) -> HttpResponseBase:
    """A report's photo shown on the task page, and full size when its thumbnail is opened; any other
    attachment is only ever downloaded."""
    return served(
        request,
        Attachment.objects.all(),
        token,
        "task",
        wanted=lambda attachment: attachment.is_photo,
    )


def download(request: HttpRequest, token: str) -> HttpResponseBase:
    """Always a download, never rendered inline, and told to the security audit."""

    def downloaded(attachment: Attachment, handle: File) -> FileResponse:
        record_download(request, attachment.name, task=attachment.task_id, attachment=attachment.pk)
        return download_response(handle, attachment.name)

    return served(request, Attachment.objects.all(), token, "task", downloaded)
