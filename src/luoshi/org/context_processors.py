"""The page shell's menu and the signed-in person's name and role badges, on every page."""

from typing import Any

from django.http import HttpRequest

from luoshi.core.navigation import menu_for

from .choices import AdminRole, Role
from .scopes import person_of, roles_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    person = person_of(user)
    badges = [Role.label(r) for r in sorted(set(roles_of(user)))]
    if person and person.admin_role:
        badges = [AdminRole.label(person.admin_role)]
    return {"menu": menu_for(user, request.path), "me": person, "my_roles": badges}
