"""Who may see the organisation: every signed-in user reads the org chart; the system and security
admins maintain it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from luoshi.accounts.choices import AdminRole
from luoshi.core.visibility import Rule

from .models import Membership, Oversight, Person, Unit
from .scopes import VIEW, is_admin_of


class OrgChartRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        if action == VIEW or is_admin_of(user, AdminRole.SYSTEM) or is_admin_of(user, AdminRole.SECURITY):
            return queryset
        return queryset.none()


RULES = dict.fromkeys([Unit, Person, Membership, Oversight], OrgChartRule())
