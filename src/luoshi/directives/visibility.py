"""Who may see a directive: it is the whole department's reading; its tasks carry the unit-level limits."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from luoshi.core.visibility import Rule
from luoshi.org.rules import is_business_user
from luoshi.org.scopes import VIEW

from .models import Directive, Requirement


class BusinessReadingRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        return queryset if action == VIEW and is_business_user(user) else queryset.none()


RULES = dict.fromkeys([Directive, Requirement], BusinessReadingRule())
