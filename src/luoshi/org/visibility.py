"""Who may see the organisation: every signed-in user reads the org chart; the system and security
admins maintain it. The administrators' own accounts (三员) are nobody's colleagues: a business user reads the
business people only, on the pages as in the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from luoshi.accounts.choices import AdminRole
from luoshi.accounts.models import admin_role_of
from luoshi.core.visibility import Rule

from .models import NOT_ADMIN, Membership, Oversight, Person, Unit
from .scopes import VIEW, is_admin_of


class OrgChartRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        if action == VIEW or is_admin_of(user, AdminRole.SYSTEM) or is_admin_of(user, AdminRole.SECURITY):
            return queryset
        return queryset.none()


class PersonRule(OrgChartRule):
    """People as the org chart reads them, without the administrators' accounts for anyone but an
    administrator: their names and usernames are no business user's to know (nor to guess at)."""

    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        people = super().queryset(queryset, user, action)
        return people if admin_role_of(user) else people.filter(NOT_ADMIN)

    def allows(self, obj: Any, user: Any, action: str) -> bool:
        return (bool(admin_role_of(user)) or not obj.admin_role) and super().allows(obj, user, action)


RULES = {**dict.fromkeys([Unit, Membership, Oversight], OrgChartRule()), Person: PersonRule()}
