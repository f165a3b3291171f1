from typing import Any

from django.http import HttpRequest

from luoshi.org.choices import AdminRole, Role
from luoshi.org.scopes import person_of, roles_of

from .navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    person = person_of(user)
    badges = [Role.label(r) for r in sorted(set(roles_of(user)))]
    if person and person.admin_role:
        badges = [AdminRole.label(person.admin_role)]
    return {"menu": menu_for(user, request.path), "me": person, "my_roles": badges}
