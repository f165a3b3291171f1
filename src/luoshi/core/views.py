"""The home page and small helpers every app's views share."""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from luoshi.org.choices import AdminRole
from luoshi.org.scopes import person_of

ADMIN_HOME = {AdminRole.SYSTEM: "org:manage", AdminRole.SECURITY: "org:roles", AdminRole.AUDIT: "accounts:audit_log"}


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


def home(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    if person is not None and person.admin_role:
        return redirect(ADMIN_HOME[person.admin_role])
    from django.urls import NoReverseMatch, reverse

    try:
        return redirect(reverse("tasks:inbox"))
    except NoReverseMatch:
        return redirect("org:chart")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception or "") or "您没有访问此页面的权限"}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def api_not_found(request: HttpRequest) -> JsonResponse:
    """Unknown paths under /api/ answer like the rest of the API, not with a page."""
    return JsonResponse({"detail": "接口不存在，请查看 /api/v1/docs/", "code": "not_found"}, status=404,
                        json_dumps_params={"ensure_ascii": False})
