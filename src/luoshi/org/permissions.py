"""The API's default permission (settings ``REST_FRAMEWORK``): business users only."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions

from .rules import is_business_user


class IsBusinessUser(permissions.BasePermission):
    """Admin accounts see no business data through the API (三员分立)."""

    message = "管理员账号不能访问业务数据"

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and is_business_user(request.user))
