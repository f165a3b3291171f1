"""Session lifetimes; login everywhere but the login page; forced password change and 2FA enrolment;
permission denials in the audit log."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from luoshi.core.errors import Forbidden

from .audit import record_denial
from .models import account_of, admin_role_of
from .receivers import AUTH_AT
from .services import CHANGE_FIRST_MESSAGE, TWO_FACTOR_FIRST_MESSAGE

API_PREFIX = "/api/"


class IdleSessionMiddleware:
    """Both ends of a login session.

    Idle timeout (SESSION_COOKIE_AGE after the last request) without a database write per request:
    a session in use is saved, which pushes its expiry back, at most once a minute. Absolute lifetime
    (LUOSHI_SESSION_MAX_HOURS after the login, however busy): the session is ended, so a stolen
    cookie is worth one working day at most.
    """

    REFRESH_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if session.session_key is not None:
            now = int(time.time())
            if (
                SESSION_KEY in session
                and now - session.get(AUTH_AT, 0) > settings.LUOSHI_SESSION_MAX_HOURS * 3600
            ):
                session.flush()
            elif now - session.get("_seen", 0) >= self.REFRESH_SECONDS:
                session["_seen"] = now
        return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """The API authenticates by token in DRF, after this middleware, so it answers its own 401."""

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: Any, view_kwargs: Any):
        if request.path.startswith(API_PREFIX):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    # Django's answer is a redirect; htmx gets a 204 with HX-Redirect instead.
    def handle_no_permission(  # type: ignore[override]
        self, request: HttpRequest, view_func: Callable
    ) -> HttpResponse:
        response = super().handle_no_permission(request, view_func)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # The browser still holds a session the server has expired: say so on the login page.
            response["Location"] += "&expired=1"
        if request.headers.get("HX-Request"):
            # htmx would swap the login page into a fragment; send the whole window there instead.
            htmx = HttpResponse(status=204)
            htmx["HX-Redirect"] = response["Location"]
            return htmx
        return response


class PasswordChangeRequiredMiddleware:
    """Accounts an admin created (or reset) must set their own password before anything else.

    The one gate for a session: pages go to the change page, the API (which also takes the session
    cookie) answers 403 password_change_required. Tokens need no check here: none exists while a
    change is required (services.require_password_change, issue_token).
    """

    EXEMPT = ("accounts:password_change", "accounts:logout")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith("/static/")
            and getattr(account_of(user), "must_change_password", False)
            and request.path not in {reverse(name) for name in self.EXEMPT}
        ):
            if request.path.startswith(API_PREFIX):
                return api_refusal(CHANGE_FIRST_MESSAGE, "password_change_required")
            return HttpResponseRedirect(reverse("accounts:password_change"))
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """With LUOSHI_ADMIN_2FA_REQUIRED, an administrator's session does nothing before a second factor.

    The one gate for a session: pages go to the enrolment or verification page, the API (which also takes
    the session cookie) answers 403 two_factor_required. A token is issued to an administrator only with a
    verified second factor (services.issue_token), so a token request needs no check here.
    """

    EXEMPT = ("accounts:two_factor", "accounts:logout", "accounts:password_change")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user  # with is_verified() from django-otp's middleware
        if (
            settings.LUOSHI_ADMIN_2FA_REQUIRED
            and user.is_authenticated
            and not request.path.startswith("/static/")
            and admin_role_of(user)
            and not user.is_verified()
            and request.path not in {reverse(name) for name in self.EXEMPT}
        ):
            if request.path.startswith(API_PREFIX):
                return api_refusal(TWO_FACTOR_FIRST_MESSAGE, "two_factor_required")
            return HttpResponseRedirect(reverse("accounts:two_factor"))
        return self.get_response(request)


def api_refusal(message: str, code: str) -> JsonResponse:
    """A 403 in the API's error format, for a session refused before DRF sees the request."""
    return JsonResponse(
        {"detail": message, "code": code},
        status=403,
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )


class PermissionDeniedAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A refused page or service call: one audit row, then the Chinese 403 page."""
        if not isinstance(exception, (PermissionDenied, Forbidden)):
            return None
        if request.user.is_authenticated:
            record_denial(request.user, request.path, request.method or "", request=request)
        from luoshi.core.views import permission_denied

        return permission_denied(request, exception)
