"""A user's own API tokens and two-factor login: list, revoke, enrol, recovery codes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from luoshi.core.errors import ServiceError

from . import services, twofactor


def tokens(request: HttpRequest) -> HttpResponse:
    """Tokens are made by the API endpoint or `luoshi token create`; here they are seen and revoked."""
    if request.method == "POST":
        try:
            if request.POST.get("all"):
                count = services.revoke_all_tokens(request.user, actor=request.user, request=request)
                messages.success(request, f"已吊销全部{count}个接口令牌。")
            else:
                key = request.POST.get("token", "")
                services.revoke_token(request.user, token_key=key, actor=request.user, request=request)
                messages.success(request, f"已吊销令牌 {key}…")
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("accounts:tokens")
    return render(
        request,
        "accounts/tokens.html",
        {
            "tokens": services.tokens_of(request.user),
            "days": settings.LUOSHI_TOKEN_DAYS,
        },
    )


def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol (scan, confirm with a code, keep recovery codes), verify this session or manage the device."""
    user: Any = request.user  # with is_verified() from django-otp's middleware
    enrolled = twofactor.has_device(user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    context = {"enrolled": enrolled, "required": twofactor.required_for(user), "error": ""}
    try:
        if action == "enrol":
            context["codes"] = twofactor.enrol(user, code=request.POST.get("code", ""), request=request)
            context["enrolled"] = True
            return render(request, "accounts/two_factor.html", context)
        if action == "verify":
            return _verify_session(request, context)
        if action == "codes":
            context["codes"] = twofactor.new_recovery_codes(
                user, code=request.POST.get("code", ""), request=request
            )
            return render(request, "accounts/two_factor.html", context)
        if action == "disable":
            twofactor.disable(user, code=request.POST.get("code", ""), request=request)
            messages.success(request, "已停用两步验证。")
            return redirect("accounts:two_factor")
    except ServiceError as exc:
        context["error"] = exc.message
    if not context["enrolled"]:
        device = twofactor.pending_device(user)
        context.update(qr=twofactor.qr_svg(device), uri=device.config_url, secret=_secret(device))
    context["verified"] = user.is_verified()
    return render(request, "accounts/two_factor.html", context)


def _verify_session(request: HttpRequest, context: dict) -> HttpResponse:
    """A session opened before the account had 2FA (or before it became required) proves itself once."""
    from django_otp import login as otp_login

    device = twofactor.verify_code(request.user, request.POST.get("code", ""))
    if device is None:
        context.update(error="验证码不正确", verified=False)
        return render(request, "accounts/two_factor.html", context)
    otp_login(request, device)
    return redirect("home")


def _secret(device: twofactor.TOTPDevice) -> str:
    """The key in groups of four, for typing into an app that cannot scan."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
