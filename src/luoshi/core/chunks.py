"""Bounded lists for queries: no query binds more values than a slice holds.

PostgreSQL refuses a statement with more than 65,535 bind parameters, and a province-wide tick holds
hundreds of thousands of keys and ids; SQLite's limit is lower still on older builds. Every ``__in``
whose list grows with the data goes through ``in_slices``, every bulk write takes ``BULK_BATCH``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from django.db.models import QuerySet

T = TypeVar("T")
SLICE = 5000  # values bound by one ``__in``: far below every backend's limit, few round trips
BULK_BATCH = 1000  # rows per bulk_create / bulk_update statement (a row binds one value per field)


def slices(values: Iterable[T], size: int | None = None) -> Iterator[list[T]]:
    """``values`` in lists of at most ``size`` (default ``SLICE``), in order; nothing for an empty input."""
    iterator, size = iter(values), size or SLICE
    while chunk := list(islice(iterator, size)):
        yield chunk


def in_slices(
    queryset: QuerySet[Any], field: str, values: Iterable[Any], size: int | None = None
) -> Iterator[QuerySet[Any]]:
    """``queryset`` filtered by ``field__in`` one slice of ``values`` at a time (duplicates bound once)."""
    for chunk in slices(dict.fromkeys(values), size):
        yield queryset.filter(**{f"{field}__in": chunk})
