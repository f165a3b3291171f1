"""An export is its requester's, while they may still export that kind: the file holds what that user
saw (an imported ledger: what its uploader saw), so nobody else downloads it, nor its requester once the
permission to export it is gone."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from luoshi.core.visibility import Rule

from .models import ExportJob
from .registry import KINDS


class RequesterRule(Rule):
    def queryset(self, queryset: QuerySet, user: Any, action: str) -> QuerySet:
        allowed = [key for key, kind in KINDS.items() if user.has_perm(kind.permission)]
        return queryset.filter(requested_by=user, kind__in=allowed)


RULES = {ExportJob: RequesterRule()}
