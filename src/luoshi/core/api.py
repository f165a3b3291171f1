"""Shared API machinery: the error format and pagination of docs/api.md, the base permission."""

from __future__ import annotations

import codecs
import json
import math
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from rest_framework import authentication, exceptions, pagination, parsers, serializers
from rest_framework.parsers import get_encoding  # type: ignore[attr-defined]  # DRF's own, not in its stubs
from rest_framework.response import Response

from .errors import Forbidden, ServiceError
from .paginator import KeyPaginator, KeySource
from .querysets import HiddenOr404, record_hidden
from .visibility import access_denied, rule_for

if TYPE_CHECKING:  # rest_framework.views reads the API settings, which name this module's parser
    from django.db.models import QuerySet
    from rest_framework.request import Request
    from rest_framework.views import APIView


class NestedTooDeep(exceptions.ParseError):
    """A JSON body nested deeper than Python's parser recurses."""


MESSAGES = {
    NestedTooDeep: ("请求内容嵌套过深，无法解析", "parse_error"),
    exceptions.NotAuthenticated: ("未登录或令牌无效，请先获取令牌", "not_authenticated"),
    exceptions.AuthenticationFailed: ("身份验证失败：令牌无效或账号已停用", "authentication_failed"),
    exceptions.PermissionDenied: ("您没有执行此操作的权限", "permission_denied"),
    exceptions.NotFound: ("对象不存在或您无权访问", "not_found"),
    exceptions.MethodNotAllowed: ("不支持该请求方法", "method_not_allowed"),
    exceptions.UnsupportedMediaType: ("不支持的请求内容类型", "unsupported_media_type"),
    exceptions.ParseError: ("请求内容无法解析，请检查JSON格式", "parse_error"),
    exceptions.Throttled: ("请求过于频繁，请稍后再试", "throttled"),
}


CSRF_REFUSED = (
    "请求缺少有效的安全校验（CSRF）：以网页登录状态调用接口须带 X-CSRFToken 请求头，"
    "或改用接口令牌（Authorization: Token …）"
)


class SessionAuthentication(authentication.SessionAuthentication):
    """The pages' session, for the API: a call without its CSRF token is refused in Chinese, saying how to
    call (DRF's own refusal is English)."""

    def enforce_csrf(self, request: Any) -> None:
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as refused:
            raise exceptions.PermissionDenied(CSRF_REFUSED) from refused


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error answers ``{"detail": <Chinese>, "code": <machine code>}``; field errors ride along."""
    # Imported here: rest_framework.views reads the default permission class, which lives in this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, (Forbidden, PermissionDenied, exceptions.PermissionDenied)):
        _record_denial(context)
    if isinstance(exc, Http404) and not isinstance(exc, HiddenOr404):
        _record_hidden(context)
    if isinstance(exc, ServiceError):
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
        if exc.errors:
            body["errors"] = exc.errors
        return Response(body, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": "提交的数据有误：" + _first_error(exc.detail),
            "code": "invalid",
            "errors": exc.detail,
        }
        return response
    message, code = next(
        ((m, c) for cls, (m, c) in MESSAGES.items() if isinstance(exc, cls)),
        (str(getattr(exc, "detail", exc)), "error"),
    )
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail) != str(exc.default_detail):
        message = str(exc.detail)  # a Chinese reason a view or permission class gave
    response.data = {"detail": message, "code": code}
    return response


def _record_denial(context: dict[str, Any]) -> None:
    request = context.get("request")
    if request is not None and request.user.is_authenticated:
        access_denied.send(
            sender=None,
            user=request.user,
            target=request.path,
            action=request.method,
            request=request._request,
        )


def _record_hidden(context: dict[str, Any]) -> None:
    """A detail route's 404 from DRF's own lookup (``retrieve``'s get_object), which get_visible_or_404
    did not judge: a row that exists and the caller's visibility rule refuses is 越权访问, as on the pages."""
    view, request = context.get("view"), context.get("request")
    if view is None or request is None or not request.user.is_authenticated:
        return
    field = getattr(view, "lookup_field", "pk")
    value = getattr(view, "kwargs", {}).get(getattr(view, "lookup_url_kwarg", None) or field)
    if value is None:  # a 404 of no row asked by id (an action's own, a list's): nothing to look up
        return
    try:
        model = view.get_queryset().model
        rule = rule_for(model)
        found = model._default_manager.filter(**{field: value}).first()
    except (AssertionError, TypeError, ValueError):  # no queryset, no rule, or an id that is no id
        return
    if found is not None and not rule.allows(found, request.user, "view"):
        record_hidden(model, request.user, "view", {field: found.pk}, request=request._request)


def _first_error(detail: Any) -> str:
    if isinstance(detail, dict):
        for field, value in detail.items():
            text = _first_error(value)
            return text if field == "non_field_errors" else f"{field}：{text}"
    if isinstance(detail, list) and detail:
        return _first_error(detail[0])
    return str(detail)


class JSONParser(parsers.JSONParser):
    """DRF's parser, refusing as unparsable what Python's parser lets through into a crash later: a body
    nested deeper than it recurses (``[[[[…]]]]`` 100,000 deep, a RecursionError), and a number too large
    for a float (``1e400`` becomes infinity, which no id or count converts from)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        decoded = codecs.getreader(get_encoding(parser_context or {}))(stream)
        try:
            return json.load(decoded, parse_constant=_refuse, parse_float=_finite)
        except RecursionError:
            raise NestedTooDeep() from None
        except ValueError as exc:
            raise exceptions.ParseError(str(exc)) from None


def _refuse(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class KeyPagination(Pagination):
    """Pages of primary keys, for a list that reads its page's rows afterwards."""

    django_paginator_class = KeyPaginator

    def page_keys(
        self, source: QuerySet[Any] | KeySource, request: Request, view: APIView | None = None
    ) -> list[int]:
        """``paginate_queryset`` over a queryset or a KeySource: the keys of the page asked for."""
        # DRF's stubs take only a queryset; the KeyPaginator it hands the list to takes a KeySource too.
        keys = self.paginate_queryset(source, request, view)  # type: ignore[arg-type]
        if keys is None:  # DRF pages only when a page size is set, and this class sets one
            raise ImproperlyConfigured("KeyPagination needs a page size")
        return keys


# Endpoints that accept files take them as multipart; every other body is JSON (the API's default parser).
UPLOAD_PARSERS = [JSONParser, parsers.MultiPartParser]


def upload_request(
    json_serializer: type[serializers.Serializer], upload_serializer: type[serializers.Serializer]
) -> dict[str, Any]:
    """A request body documented once per content type, each with its own schema, so that a generated
    client sends one of them rather than the same fields as JSON, multipart and form at once."""
    return {"application/json": json_serializer, "multipart/form-data": upload_serializer}


class ErrorSerializer(serializers.Serializer):
    """The error body of docs/api.md, for the schema."""

    detail = serializers.CharField(help_text="中文说明")
    code = serializers.CharField(
        help_text="机器可读的错误代码，如 not_found、wrong_state、idempotency_key_reused"
    )
    errors = serializers.DictField(  # type: ignore[assignment]  # a field of the body, for the schema only
        required=False, help_text="逐字段的错误（仅400）"
    )


ERROR_TEXT = {
    400: "提交的数据有误（中文说明见 detail）",
    401: "未登录或令牌无效",
    403: "没有执行此操作的权限（含管理员账号访问业务数据）",
    404: "对象不存在或您无权访问",
    409: "状态不允许此操作、并发修改，或 Idempotency-Key 已用于不同的请求",
}


def error_responses(*statuses: int) -> dict[int, Any]:
    """``extend_schema(responses=…)`` entries for the error statuses an endpoint can answer."""
    from drf_spectacular.utils import OpenApiResponse

    return {
        status: OpenApiResponse(ErrorSerializer, description=ERROR_TEXT[status])
        for status in (401, 403, *statuses)
    }
