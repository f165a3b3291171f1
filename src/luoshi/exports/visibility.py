"""An export is its requester's: the file holds what that user saw, so nobody else downloads it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from luoshi.core.visibility import Rule

from .models import ExportJob


class RequesterRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        return queryset.filter(requested_by=user)


RULES = {ExportJob: RequesterRule()}
