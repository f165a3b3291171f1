"""A stored file handed out from the page of what it belongs to (a task's attachment, a problem's evidence,
a visit's or a study session's photo): found by one lookup, ``served``, shown only to whoever may see its
owner by that owner's visibility rule, and only while it still matches the SHA-256 recorded at upload."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files import File
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from .errors import Conflict
from .querysets import record_hidden
from .uploads import open_verified
from .visibility import rule_for


def served(
    request: HttpRequest,
    files: QuerySet,
    token: str,
    owner: str,
    respond: Callable[[Any, File], HttpResponseBase] | None = None,
    *,
    wanted: Callable[[Any], bool] = lambda row: True,
) -> HttpResponseBase:
    """``respond`` with the row of ``files`` that ``token`` names and its file, open; without ``respond``,
    the file is a photo ``shown_photo`` answers with. Absent, not ``wanted``,
    or belonging (through its foreign key ``owner``) to something beyond the user's rights — told to the
    security audit as 越权访问 — all answer the same 404, so tokens cannot be probed. A file changed on disk
    since upload is refused (409) and logged, never handed out."""
    row = files.filter(token=token).select_related(owner).first()
    if row is None or not wanted(row):
        raise Http404("文件不存在或您无权访问")
    about = getattr(row, owner)
    user = request.user
    if not user.is_authenticated or not rule_for(type(about)).allows(about, user, "view"):
        if user.is_authenticated:
            record_hidden(type(about), user, "view", {"pk": about.pk}, request=request)
        raise Http404("文件不存在或您无权访问")
    try:
        handle = open_verified(row)
    except Conflict as exc:
        return render(request, "400.html", {"reason": exc.message}, status=exc.status)
    return respond(row, handle) if respond is not None else shown_photo(handle)


def download_response(handle: File, name: str) -> FileResponse:
    """Always a download under its uploaded name, never rendered inline (even by a browser opening it)."""
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type="application/octet-stream"
    )
    response["Content-Security-Policy"] = "sandbox"
    return response


def shown_photo(handle: File) -> FileResponse:
    """A photo ``served`` for its page (a report's, a visit's, a study session's): shown inline, and
    like every answer holding business data kept by no cache, the browser's included (core.middleware's
    NoStoreMiddleware)."""
    return FileResponse(handle, content_type="image/jpeg")
