"""Login (with its second step), logout, password change and reset codes, the lockout answer, the API token
endpoint and the audit log page. Pages for one's own tokens and two-factor login are in security_views."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, parser_classes, permission_classes
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from luoshi.core.api import ErrorSerializer, JSONParser
from luoshi.core.errors import ServiceError
from luoshi.core.views import require_perm

from . import services, twofactor
from .audit import record_export
from .exports import CONTENT_TYPE as AUDIT_CONTENT_TYPE
from .exports import audit_workbook
from .forms import AuditFilterForm, LoginForm, PasswordChangeForm, ResetCodeForm
from .models import SecurityEvent, account_of
from .wording import worded

LOCKED_MESSAGE = "登录失败次数过多，账号已被锁定15分钟。请稍后再试，或联系安全管理员解锁。"
PENDING = "_otp_pending"  # the session of a login whose password was right and whose second step is due
PENDING_SECONDS = 300
PENDING_TRIES = 5


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

    def form_valid(self, form: Any) -> HttpResponse:
        """A right password of an account with a second factor only opens the second step."""
        user: Any = form.get_user()
        if not twofactor.has_device(user):
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "hash": user.get_session_auth_hash(),  # the password changed meanwhile ends the second step
            "backend": user.backend,
            "at": int(time.time()),
            "tries": 0,
            "next": self.get_redirect_url(),
        }
        return redirect("accounts:login_verify")


@login_not_required
def login_verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the app or a recovery code. Wrong codes count towards the lockout."""
    pending: dict[str, Any] | None = request.session.get(PENDING)
    user: Any = pending and get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if (
        not pending
        or not user
        or time.time() - pending["at"] > PENDING_SECONDS
        or not constant_time_compare(user.get_session_auth_hash(), pending.get("hash", ""))
    ):
        request.session.pop(PENDING, None)
        return redirect("accounts:login")
    error = ""
    if request.method == "POST":
        device = twofactor.verify_code(user, request.POST.get("code", ""))
        if device is not None:
            del request.session[PENDING]
            # django-otp marks the session verified
            user.backend, user.otp_device = pending["backend"], device
            auth_login(request, user)
            target = pending.get("next") or ""
            safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
            return redirect(target if safe and target else "home")
        user_login_failed.send(
            sender=__name__,
            credentials={"username": user.get_username(), "second_factor": True},
            request=request,
        )
        pending["tries"] += 1
        if pending["tries"] >= PENDING_TRIES or getattr(request, "axes_locked_out", False):
            request.session.pop(PENDING, None)
            return redirect("accounts:login")
        request.session[PENDING] = pending
        error = "验证码不正确，请输入手机验证器上当前显示的6位数字，或一个未用过的恢复码。"
    return render(request, "accounts/login_verify.html", {"error": error, "username": user.get_username()})


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
            services.change_password(
                request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
                request=request,
            )
        except ServiceError as exc:
            form.add_error("new_password" if exc.code == "weak_password" else "old_password", exc.message)
        else:
            messages.success(request, "密码已修改。")
            return redirect("home")
    forced = getattr(account_of(request.user), "must_change_password", False)
    expired = forced and services.password_expired(request.user)
    return render(
        request, "accounts/password_change.html", {"form": form, "forced": forced, "expired": expired}
    )


@login_not_required
def reset_with_code(request: HttpRequest) -> HttpResponse:
    """An administrator sets a new password with the code another kind of administrator handed over."""
    form = ResetCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.redeem_reset_code(
                username=data["username"],
                code=data["code"],
                new_password=data["new_password"],
                otp=data["otp"],
                request=request,
            )
        except ServiceError as exc:
            form.add_error("new_password" if exc.code == "weak_password" else None, exc.message)
        else:
            messages.success(request, "密码已重置，请用新密码登录。")
            return redirect("accounts:login")
    return render(request, "accounts/reset_with_code.html", {"form": form})


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """axes' lockout answer: JSON on the API, the login page with the reason in the browser."""
    minutes = int(get_cool_off(request).total_seconds() // 60) if get_cool_off(request) else 15
    message = LOCKED_MESSAGE.replace("15", str(minutes))
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": message, "code": "locked_out"},
            status=403,
            json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
        )
    form = LoginForm(request)
    return render(
        request, "accounts/login.html", {"form": form, "locked": message, "demo": _is_demo()}, status=403
    )


class TokenRequest(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="两步验证码：账号启用了两步验证时必填（验证器上的6位数字或一个恢复码）",
    )


TOKEN_ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer,
        description="请求不完整（invalid），或账号、密码、两步验证码不正确（authentication_failed）",
    ),
    403: OpenApiResponse(
        ErrorSerializer,
        description="账号已锁定（locked_out）、已停用（inactive）、须先在网页上修改密码"
        "（password_change_required）、须提供两步验证码（otp_required）"
        "或须先在网页上启用两步验证（two_factor_required）",
    ),
}


@extend_schema(
    request={"application/json": TokenRequest},
    summary="用账号密码换取接口令牌",
    tags=["auth"],
    responses={
        200: inline_serializer(
            "Token",
            {
                "token": serializers.CharField(help_text="只显示这一次；请求头 Authorization: Token <token>"),
                "expiry": serializers.DateTimeField(allow_null=True, help_text="失效时间"),
            },
        ),
        **TOKEN_ERRORS,
    },
)
@api_view(["POST"])
@parser_classes([JSONParser, FormParser, MultiPartParser])
@authentication_classes([])
@permission_classes([])
def obtain_token(request: Request) -> Response:
    """Same lockout as the login page: axes counts failures through ``authenticate``, wrong 2FA codes too."""
    data = TokenRequest(data=request.data)
    data.is_valid(raise_exception=True)
    username = data.validated_data["username"]
    user = authenticate(request._request, username=username, password=data.validated_data["password"])
    if getattr(request._request, "axes_locked_out", False):
        return Response({"detail": LOCKED_MESSAGE, "code": "locked_out"}, status=403)
    if user is None:
        return Response({"detail": "账号或密码不正确", "code": "authentication_failed"}, status=400)
    otp = data.validated_data.get("otp", "")
    device = twofactor.verify_code(user, otp) if otp and twofactor.has_device(user) else None
    if otp and device is None and twofactor.has_device(user):
        user_login_failed.send(
            sender=__name__,
            credentials={"username": username, "second_factor": True},
            request=request._request,
        )
        return Response({"detail": "两步验证码不正确", "code": "authentication_failed"}, status=400)
    # Without a verified device, an account with a second factor (or an administrator who must have one)
    # is refused by the service: 403 otp_required or two_factor_required.
    issued = services.token_login(user, request=request._request, second_factor=device)
    return Response({"token": issued.key, "expiry": issued.expiry})


def _audit_events(request: HttpRequest) -> tuple[AuditFilterForm, Any]:
    """The events the filters choose, newest first; none when a filter is wrong (the form says why)."""
    form = AuditFilterForm(request.GET or None)
    events = SecurityEvent.objects.select_related("actor")
    if not form.is_bound:
        return form, events
    if not form.is_valid():
        return form, events.none()
    data = form.cleaned_data
    if data["kind"]:
        events = events.filter(kind=data["kind"])
    if data["username"]:
        events = events.filter(
            Q(username__icontains=data["username"]) | Q(actor__username__icontains=data["username"])
        )
    if data["date_from"]:
        events = events.filter(at__gte=_day_start(data["date_from"]))
    if data["date_to"]:
        events = events.filter(at__lt=_day_start(data["date_to"] + dt.timedelta(days=1)))
    return form, events


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@require_perm("accounts.view_audit_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    form, events = _audit_events(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    page.object_list = list(worded(page.object_list))
    return render(
        request, "accounts/audit_log.html", {"page": page, "form": form, "query": request.GET.urlencode()}
    )


@require_perm("accounts.view_audit_log")
def audit_log_export(request: HttpRequest) -> HttpResponse:
    """The filtered rows, all of them; the export itself is an audit event."""
    form, events = _audit_events(request)
    if form.is_bound and not form.is_valid():
        messages.error(
            request, "筛选条件有误：" + "；".join(str(e) for errors in form.errors.values() for e in errors)
        )
        return redirect(f"{reverse('accounts:audit_log')}?{request.GET.urlencode()}")
    data = audit_workbook(worded(events.iterator(chunk_size=2000)))
    record_export(request, "安全审计日志", filters=request.GET.urlencode())
    response = HttpResponse(data, content_type=AUDIT_CONTENT_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''audit-log-{stamp}.xlsx"
    return response
