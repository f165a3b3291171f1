"""Login, logout, password change, the lockout answer, the API token and the audit log page."""
from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, parser_classes, permission_classes
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core.api import ErrorSerializer
from luoshi.core.errors import ServiceError
from luoshi.core.views import require_perm
from luoshi.org.scopes import person_of

from . import services
from .forms import LoginForm, PasswordChangeForm
from .models import SecurityEvent, SecurityEventKind

LOCKED_MESSAGE = "登录失败次数过多，账号已被锁定15分钟。请稍后再试，或联系安全管理员解锁。"


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.GET.get("expired") == "1"
        context["demo"] = _is_demo()
        return context


def _is_demo() -> bool:
    from luoshi.core.models import Flag

    return Flag.is_set(Flag.DEMO)


@method_decorator(login_not_required, name="dispatch")
class LogoutView(auth_views.LogoutView):
    pass


def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(request.user, old_password=form.cleaned_data["old_password"],
                                     new_password=form.cleaned_data["new_password"], request=request)
        except ServiceError as exc:
            form.add_error("new_password" if exc.code == "weak_password" else "old_password", exc.message)
        else:
            messages.success(request, "密码已修改。")
            return redirect("home")
    forced = getattr(person_of(request.user), "must_change_password", False)
    return render(request, "accounts/password_change.html", {"form": form, "forced": forced})


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """axes' lockout answer: JSON on the API, the login page with the reason in the browser."""
    minutes = int(get_cool_off(request).total_seconds() // 60) if get_cool_off(request) else 15
    message = LOCKED_MESSAGE.replace("15", str(minutes))
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "locked_out"}, status=403,
                            json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})
    form = LoginForm(request)
    return render(request, "accounts/login.html", {"form": form, "locked": message, "demo": _is_demo()}, status=403)


class TokenRequest(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


@extend_schema(request={"application/json": TokenRequest},
               responses={200: inline_serializer("Token", {"token": serializers.CharField()}),
                          400: OpenApiResponse(ErrorSerializer, description="账号或密码不正确，或缺少字段"),
                          403: OpenApiResponse(ErrorSerializer, description="登录失败次数过多，账号已被锁定")},
               summary="用账号密码换取API令牌", tags=["auth"])
@api_view(["POST"])
@parser_classes([JSONParser, FormParser, MultiPartParser])
@authentication_classes([])
@permission_classes([])
def obtain_token(request: Request) -> Response:
    """Same lockout as the login page: axes counts failures through ``authenticate``."""
    data = TokenRequest(data=request.data)
    data.is_valid(raise_exception=True)
    user = authenticate(request._request, username=data.validated_data["username"],
                        password=data.validated_data["password"])
    if getattr(request._request, "axes_locked_out", False):
        return Response({"detail": LOCKED_MESSAGE, "code": "locked_out"}, status=403)
    if user is None:
        return Response({"detail": "账号或密码不正确", "code": "authentication_failed"}, status=400)
    return Response({"token": services.issue_token(user, request=request._request)})


@require_perm("accounts.view_audit_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    events = SecurityEvent.objects.select_related("actor")
    kind = request.GET.get("kind", "")
    if kind in SecurityEventKind.values():
        events = events.filter(kind=kind)
    username = request.GET.get("username", "").strip()
    if username:
        events = events.filter(username__icontains=username)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {
        "page": page, "kinds": SecurityEventKind.CHOICES, "kind": kind, "username": username,
    })
