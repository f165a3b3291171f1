"""The page shell's menu and the signed-in person's name and role badges, on every page."""

from typing import Any

from django.http import HttpRequest

from luoshi.accounts.choices import AdminRole
from luoshi.accounts.models import admin_role_of
from luoshi.core.navigation import menu_for

from .choices import Role
from .scopes import person_of, roles_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    badges = [Role.label(r) for r in sorted(set(roles_of(user)))]
    admin_role = admin_role_of(user)
    if admin_role:
        badges = [AdminRole.label(admin_role)]
    return {"menu": menu_for(user, request.path), "me": person_of(user), "my_roles": badges}
