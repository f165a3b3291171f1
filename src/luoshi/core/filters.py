"""Filter fields shared by every app's list filters."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms

# The largest id either database stores (a signed 64-bit integer); a larger number in a filter overflowed
# SQLite's integer binding (a 500) where it can only mean "no such row".
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    """A whole number from 1 to MAX_ID: ``1e20`` or ``-1.79e+177`` is refused as a bad value, not a crash."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """A filter on a row id (a foreign key's column): bounded, so every database binds it."""

    field_class = IdField
