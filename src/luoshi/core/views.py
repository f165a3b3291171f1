"""The home page and small helpers every app's views share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from .errors import Conflict, ServiceError
from .forms import ServiceErrors
from .idempotency import claim_form


def require_perm(perm: str) -> Callable:
    """A page for one permission; refusal is a 403 in Chinese and a line in the audit log."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(perm):
                raise PermissionDenied("您没有访问此页面的权限")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def submitted_once(request: HttpRequest) -> None:
    """Refuse a page's form sent a second time (its ``form_key``: a double click, a reload); called inside
    the change's transaction, so a refused change gives the key back."""
    if not claim_form(request.user, request.POST.get("form_key", ""), request.path):
        raise Conflict("这张表单已经提交过了（可能点了两次），没有重复处理。", "double_submit")


def refused(request: HttpRequest, error: ServiceError, form: ServiceErrors | None = None) -> int:
    """Say a service's refusal on the page that comes back — beside ``form``'s field, or above the page —
    with what was typed kept, and answer the status that page is sent with: 400 bad input, 403 no right,
    409 the object's state (or a form sent twice). A 404 (something the reader may not know of) is raised
    like any object they may not see."""
    if error.status == 404:
        raise Http404(error.message)
    if form is None:
        messages.error(request, error.message)
    else:
        form.add_service_error(error, request)
    return error.status


API_PREFIX = "/api/"


def back(request: HttpRequest, *fallback: Any) -> HttpResponse:
    """To the page the form was sent from (its ``next``, a path on this site: 我的待办, a filtered ledger),
    else to ``fallback`` (a URL name and its arguments, as ``redirect`` takes them)."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(*fallback)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, detail: str, code: str) -> JsonResponse:
    """An error in docs/api.md's format, for answers given outside DRF (middleware, Django's handlers)."""
    return JsonResponse(
        {"detail": detail, "code": code}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def too_big_message() -> str:
    other_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    return (
        f"请求内容过大：一次上传的文件合计不超过{settings.LUOSHI_MAX_UPLOAD_MB}MB，其他请求不超过{other_mb}MB"
    )


def request_too_big(request: HttpRequest) -> HttpResponse:
    """413: JSON under /api/, a page elsewhere."""
    if is_api(request):
        return api_error(413, too_big_message(), "request_too_big")
    return render(request, "400.html", {"reason": too_big_message()}, status=413)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's answer to a request it refuses before any view (a body over its limits, a bad host…)."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_big(request)
    if is_api(request):
        return api_error(400, "请求无法处理，请检查请求内容", "bad_request")
    return render(request, "400.html", {"reason": "请求内容有误，请检查后重试"}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception or "") or "您没有访问此页面的权限"
    if is_api(request):
        return api_error(403, reason, "permission_denied")
    return render(request, "403.html", {"reason": reason}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without its CSRF token (an expired page, another site's form)."""
    message = "请求缺少有效的安全校验（CSRF），请刷新页面后重试"
    if is_api(request):
        return api_error(403, message, "csrf_failed")
    return render(request, "400.html", {"reason": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return api_error(404, "接口不存在，请查看 /api/v1/docs/", "not_found")
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return api_error(500, "服务器内部错误，已记录，请稍后再试", "server_error")
    return render(request, "500.html", status=500)


@csrf_exempt  # answers every method with the same 404, and changes nothing
def api_not_found(request: HttpRequest) -> JsonResponse:
    """Unknown paths under /api/ answer like the rest of the API, not with a page."""
    return api_error(404, "接口不存在，请查看 /api/v1/docs/", "not_found")
