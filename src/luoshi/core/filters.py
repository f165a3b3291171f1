"""Filter fields shared by every app's list filters."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError

# The largest id either database stores (a signed 64-bit integer); a larger number in a filter overflowed
# SQLite's integer binding (a 500) where it can only mean "no such row".
MAX_ID = 2**63 - 1


def whole_number(value: object) -> int | None:
    """A whole number typed in an address, a form or a cell (``?unit=12``, ``hours-3``), or None for anything
    else: ASCII digits only, since ``str.isdigit`` also takes ``²`` and ``①``, which ``int`` refuses (a 500),
    and at most MAX_ID, since a larger one overflows the database's binding."""
    text = "" if value is None else str(value)
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


class IdField(forms.IntegerField):
    """A whole number from 1 to MAX_ID: ``1e20`` or ``-1.79e+177`` is refused as a bad value, not a crash."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    """A filter on a row id (a foreign key's column): bounded, so every database binds it."""

    field_class = IdField


def choice_list(value: str, allowed: list[str], what: str) -> list[str]:
    """A comma-separated filter value (``status=draft,assigned``), every part one of ``allowed``."""
    values = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValidationError({what: [f"无法识别的取值“{'、'.join(unknown)}”，可选：{', '.join(allowed)}"]})
    return values


def filtered_or_error(filterset: django_filters.FilterSet) -> tuple[QuerySet | None, str]:
    """A list page's rows under its filters, or None and what is wrong in Chinese: a page, its export
    and an export job all say the same. A filter method refuses a value with a ValidationError, which
    surfaces when the rows are asked for."""
    try:
        if filterset.is_valid():
            return filterset.qs, ""
    except ValidationError as exc:
        return None, "筛选条件有误：" + "；".join(_messages(exc.detail))
    return None, "筛选条件有误：" + "；".join(str(e) for errors in filterset.errors.values() for e in errors)


def _messages(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _messages(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _messages(value)]
    return [str(detail)]
