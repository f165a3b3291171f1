"""Filters of the extension list."""

from __future__ import annotations

import django_filters

from luoshi.core.filters import IdFilter

from ..choices import ExtensionStatus
from ..models import ExtensionRequest


class ExtensionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ExtensionStatus.choices())
    task = IdFilter(field_name="task_id")

    class Meta:
        model = ExtensionRequest
        fields: list[str] = []
