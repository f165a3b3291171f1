"""Requests refused before their body is read; answers no cache keeps."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers

from .views import api_error, is_api, request_too_big
from .visibility import answering

FORM_FIELDS_BYTES = 1024 * 1024  # the text fields sent beside the files of an upload


def request_limit(request: HttpRequest) -> int:
    """Bytes a request may carry: an upload its files plus a form, anything else Django's own body limit."""
    if request.content_type == "multipart/form-data":
        return settings.LUOSHI_MAX_UPLOAD_MB * 1024 * 1024 + FORM_FIELDS_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class CurrentRequestMiddleware:
    """Keeps the request being answered in ``core.visibility.answering`` for what records it deep in a
    lookup (``get_visible_or_404``'s 越权访问 row and its source address)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = answering.set(request)
        try:
            return self.get_response(request)
        finally:
            answering.reset(token)


class RequestSizeMiddleware:
    """A body announced larger than the limit is refused from its Content-Length, unread: Django checked
    uploads only after receiving (and spooling to disk) the whole body. Django reads no more than the
    Content-Length, so a body without one is empty to it: a chunked one is refused (411) rather than read
    as empty. The reverse proxy's own limit
    (nginx ``client_max_body_size``, README) stops the bytes earlier still."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > request_limit(request):
            return request_too_big(request)
        if request.META.get("HTTP_TRANSFER_ENCODING", "").strip().lower() not in ("", "identity"):
            return _length_required(request)
        return self.get_response(request)


LENGTH_REQUIRED = "请求须注明内容长度（Content-Length），不支持分块传输的请求，请改用普通方式提交"


def _length_required(request: HttpRequest) -> HttpResponse:
    """411: a chunked body has no Content-Length, so Django would read it as empty and answer as if the
    fields were missing; say what is wrong instead."""
    if is_api(request):
        return api_error(411, LENGTH_REQUIRED, "length_required")
    return render(request, "400.html", {"reason": LENGTH_REQUIRED}, status=411)


class NoStoreMiddleware:
    """Pages, API answers and exports hold business data: no browser or proxy cache may keep a copy (a shared
    office computer's back button, a proxy's disk). Static files are served before this, by WhiteNoise,
    and keep their long cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


def page_above(path: str) -> str:
    """The nearest page a shorter path names: ``/tasks/29/do/request_extension/`` → ``/tasks/29/``."""
    parts = path.strip("/").split("/")
    while parts:
        parts.pop()
        candidate = "/" + "/".join(parts) + ("/" if parts else "")
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return candidate
    return "/"


class MethodNotAllowedMiddleware:
    """Django's 405 has an empty body, so a browser shows its own English error. An action's address (a
    form's ``action``) is where a refused form is shown again, and a reload or bookmark of it is a GET:
    that GET goes to the page the action belongs to. Any other method gets a page in Chinese; the API keeps
    its JSON answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or is_api(request) or response.content:
            return response
        if request.method in ("GET", "HEAD"):
            messages.info(request, "这个地址只用于提交操作，已为您打开它所属的页面。")
            return redirect(page_above(request.path_info))
        answer = render(request, "405.html", {"back": page_above(request.path_info)}, status=405)
        if response.has_header("Allow"):
            answer["Allow"] = response["Allow"]
        return answer
