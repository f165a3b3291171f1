"""An import batch is its uploader's work in progress: nobody else sees it (the tasks it makes follow
the tasks' own rule)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from luoshi.core.visibility import Rule
from luoshi.org.rules import is_business_user

from .models import ImportBatch


class UploaderRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        if not is_business_user(user):
            return queryset.none()
        return queryset.filter(uploaded_by=user)


RULES = {ImportBatch: UploaderRule()}
